// libFuzzer target: the weights file reader (see fuzz/fuzz_entry_points.h). Built by
// `make fuzz` into build-fuzz/fuzz_weights.
#include "fuzz/fuzz_entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    bitlab::fuzz::fuzzWeights(data, size);
    return 0;
}
