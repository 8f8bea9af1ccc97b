#pragma once
// `bitlab-cli run`: trains an experiment (file or preset), writes the output folder
// (DESIGN §4) and prints the result table. Returns the exit status: 0 done, 130 (128 +
// signal) when interrupted; throws bitlab::Error for bad input.

#include "app/cli/command_line.h"

namespace bitlab::cli {

int runCommand(const CommandLine& cl);

} // namespace bitlab::cli
