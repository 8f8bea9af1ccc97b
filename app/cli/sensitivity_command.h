#pragma once
// `bitlab-cli sensitivity (EXPERIMENT.json | --preset NAME) [--bits A-B] [--out DIR]`:
// trains the float64 run, quantizes one tensor at a time at each bit-width and writes
// DIR/sensitivity.csv (core/engine/sensitivity.h, core/io/sensitivity_csv.h).

#include "app/cli/command_line.h"

namespace bitlab::cli {

// Returns the exit status; throws bitlab::Error for bad input.
int sensitivityCommand(const CommandLine& cl);

} // namespace bitlab::cli
