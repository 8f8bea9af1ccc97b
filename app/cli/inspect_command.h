#pragma once
// `bitlab-cli inspect DATA.csv [--json] [--target NAME]`: what the CSV loader sees,
// without training (core/data's inspectCsv). Plain text by default; with --json the
// document of DESIGN §4 on stdout. Exit 0 when the file could be tokenized (problems are
// listed, not fatal); a file that cannot be tokenized gives exit 1, with --json the
// {"error", "line", "column"} document on stdout, and one "error: ..." line on stderr.

#include "app/cli/command_line.h"

namespace bitlab::cli {

int inspectCommand(const CommandLine& cl);

} // namespace bitlab::cli
