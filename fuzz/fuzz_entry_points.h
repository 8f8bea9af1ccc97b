#pragma once

// The fuzz entry points: each feeds one byte buffer to a family of readers and accepts only
// the documented outcomes (a value, or a bitlab::Error with a message). Anything else -- a
// crash, a sanitizer report, an exception of another type, a hang, an unbounded allocation --
// is a bug. Shared by the libFuzzer targets (fuzz/fuzz_csv.cpp, fuzz_experiment.cpp,
// fuzz_weights.cpp, built by `make fuzz`) and by the replay test tests/fuzz/tst_fuzz_replay.cpp in
// the normal build.

#include <cstddef>
#include <cstdint>

namespace bitlab::fuzz {

// The CSV tokenizer, number parsing, inspection and dataset reader on one buffer. The first
// byte picks the options (delimiter, header mode, task); the rest is the file's text.
void fuzzCsv(const std::uint8_t* data, std::size_t size);

// The JSON reader and experiment validation on one buffer. An experiment that parses is
// written back and must parse again to the same bytes.
void fuzzExperiment(const std::uint8_t* data, std::size_t size);

// The weights file reader on one buffer. A file that reads must be consistent (each tensor
// holds the elements its shape names).
void fuzzWeights(const std::uint8_t* data, std::size_t size);

// Both of the above (the replay test feeds every JSON corpus file to both readers).
void fuzzJson(const std::uint8_t* data, std::size_t size);

} // namespace bitlab::fuzz
