// libFuzzer target: the CSV tokenizer, number parsing, inspection and reader (see
// fuzz/fuzz_entry_points.h). Built by `make fuzz` into build-fuzz/fuzz_csv.
#include "fuzz/fuzz_entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    bitlab::fuzz::fuzzCsv(data, size);
    return 0;
}
