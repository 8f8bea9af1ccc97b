#pragma once

// The fuzz entry points: each feeds one byte buffer to a family of readers and accepts only
// the documented outcomes (a value, or a bitlab::Error with a message). Anything else -- a
// crash, a sanitizer report, an exception of another type, a hang, an unbounded allocation --
// is a bug. Shared by the libFuzzer targets (fuzz/fuzz_csv.cpp, fuzz/fuzz_json.cpp, built by
// `make fuzz`) and by the replay test tests/fuzz/tst_fuzz_replay.cpp in the normal build.

#include <cstddef>
#include <cstdint>

namespace bitlab::fuzz {

// The CSV tokenizer, number parsing, inspection and dataset reader on one buffer. The first
// byte picks the options (delimiter, header mode, task); the rest is the file's text.
void fuzzCsv(const std::uint8_t* data, std::size_t size);

// The JSON reader, experiment validation and weights parsing on one buffer. An experiment
// that parses is written back and must parse again to the same bytes.
void fuzzJson(const std::uint8_t* data, std::size_t size);

} // namespace bitlab::fuzz
