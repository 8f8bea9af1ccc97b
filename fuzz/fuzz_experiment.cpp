// libFuzzer target: the JSON reader and experiment validation, with the save/open round trip
// (see fuzz/fuzz_entry_points.h). Built by `make fuzz` into build-fuzz/fuzz_experiment.
#include "fuzz/fuzz_entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    bitlab::fuzz::fuzzExperiment(data, size);
    return 0;
}
