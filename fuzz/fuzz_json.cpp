// libFuzzer target: the JSON reader, experiment validation and weights parsing (see
// fuzz/fuzz_entry_points.h). Built by `make fuzz` into build-fuzz/fuzz_json.
#include "fuzz/fuzz_entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    bitlab::fuzz::fuzzJson(data, size);
    return 0;
}
