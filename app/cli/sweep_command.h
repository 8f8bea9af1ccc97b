#pragma once
// `bitlab-cli sweep`: the bit-width sweep (issue 5). Every (scheme, bits) configuration is
// the experiment's first quantized run (or the scheme's default quantizer in post_update
// mode when the experiment has none) with that scheme and bit-width, trained as a one-run
// experiment, so each row holds exactly what `bitlab-cli run` gives for an experiment
// whose only run is that configuration. A full-precision row (scheme fp64) comes first.
// Configurations train in parallel (--threads, default one per core). Writes
// DIR/sweep.csv and DIR/experiment.json (the resolved base experiment).

#include "app/cli/command_line.h"

namespace bitlab::cli {

int sweepCommand(const CommandLine& cl);

} // namespace bitlab::cli
