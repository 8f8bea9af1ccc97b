#pragma once
// `bitlab-cli sweep`: sweeps any experiment key (--vary KEY=VALUES,
// crossed), the bit-width form (--bits with --schemes: a full-precision baseline, then the
// experiment's first quantized run once per scheme and bit-width, each trained alone),
// repeated over --seeds K seeds, or one shard of it (--shard K/N). Every unit is exactly
// the experiment `bitlab-cli run` trains with the point's --set values and
// --set training.seed=S (core/engine/sweep.h). Units train in parallel (--threads, default
// one per core). Writes DIR/sweep.csv, DIR/sweep.json (what `merge` joins) and
// DIR/experiment.json (the resolved base experiment).
//
// `bitlab-cli merge DIR... --out DIR` joins the outputs of a sweep's shards: the merged
// sweep.csv is byte for byte the unsharded sweep's.

#include "app/cli/command_line.h"
#include "core/engine/sweep.h"

#include <string>

namespace bitlab::cli {

int sweepCommand(const CommandLine& cl);
int mergeCommand(const CommandLine& cl);

// "KEY=V1,V2,..." with integer ranges A-B among the values ("runs.1.quantizer.bits=2-8",
// "optimizer.lr=0.01,0.03,0.1", "model.hidden=[16],[32,32]": commas inside brackets,
// braces or quotes do not split). Throws Error saying what is wrong.
SweepAxis parseVary(const std::string& text);

} // namespace bitlab::cli
