#pragma once
// sweep.csv (docs/cli.md, "sweep"): one row per sweep configuration, written by
// `bitlab-cli sweep` and by the GUI's Sweep tab through this one function.
//
// Columns: scheme, bits, status, final_train_loss, final_test_loss, final_accuracy.
// bits is empty for the fp64 baseline, binary and ternary; status is finished, diverged,
// stopped, failed or invalid; the numbers are the configuration's last evaluated record in
// shortest round-trip form, empty where not applicable (no test split, regression) and for
// configurations that did not train. RFC 4180, LF line ends, a header row.

#include "core/engine/sweep.h"

#include <QByteArray>

#include <vector>

namespace bitlab::io {

QByteArray sweepCsv(const std::vector<SweepResult>& results);

} // namespace bitlab::io
