#pragma once
// sweep.csv (docs/formats.md, "sweep.csv"): the results of a sweep, written by
// `bitlab-cli sweep`, `bitlab-cli merge` and the GUI's Sweep tab through this one function.
//
// Columns: one per swept key (named by the key, cells: the value as given); then
// `scheme,bits` in the bit-width form (bits empty for the fp64 baseline, binary and
// ternary) or `run` (the run's name) otherwise; with K > 1 seeds a `seed` column (the
// training.seed the row ran with); then status, final_train_loss, final_test_loss,
// final_accuracy. With K > 1 seeds, after the K rows of each point's run a summary row
// follows (seed `mean`; status `finished` when every seed finished, `partial` when some
// did, `none` when none did; the final_* cells hold the mean over the seeds that finished)
// and ten more columns, empty on the seed rows: seeds_finished, then sd_, min_ and max_ of
// train_loss, test_loss and accuracy (sd: sample standard deviation, n - 1; empty below
// two values). A summary row appears only when all K seed rows of its point are there (a
// shard's sweep.csv holds seed rows only; `merge` writes them all).
//
// Rows: points in order, the runs of a point in order, seeds inside. status is finished,
// diverged, stopped, failed or invalid; numbers are the last evaluated record's in
// shortest round-trip form, empty where not applicable (no test split, regression) and for
// runs that did not train. RFC 4180, LF line ends, a header row. Without swept keys and
// with one seed, the bit-width form's file is what it was before keys and seeds could be swept.

#include "core/engine/sweep.h"

#include <QByteArray>
#include <vector>

namespace bitlab::io {

QByteArray sweepCsv(const SweepPlan& plan, const std::vector<SweepResult>& results);
// The bit-width form alone (no swept keys, one seed).
QByteArray sweepCsv(const std::vector<SweepResult>& results);

} // namespace bitlab::io
