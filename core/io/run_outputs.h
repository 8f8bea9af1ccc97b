#pragma once
// The output folder of an experiment (DESIGN §4), shared by bitlab-cli and the GUI:
//   DIR/experiment.json          the resolved experiment (every default filled in; paths
//                                rewritten relative to DIR so it re-runs from there)
//   DIR/metrics.csv              every record of every run
//   DIR/summary.json             per-run status, steps, final metrics, train_seconds
//   DIR/weights/<run>.json       each run's weights (bitlab.weights)
//   DIR/weights/<run>.csv        the same as a table
//   DIR/weights/<run>.h          quantized runs: the C header with codes and scales
// <run> is the run name with characters outside [A-Za-z0-9._-] replaced by '_' (made
// unique with a numeric suffix). Every file is written atomically.

#include "core/engine/experiment.h"
#include "core/engine/record.h"
#include "core/io/metrics_spool.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace bitlab::io {

struct RunOutputs {
    QStringList files;     // every file written, absolute paths
    QStringList warnings;  // e.g. a run whose weights were not finite (its weights skipped)
};

// Writes the folder (created if missing). Throws Error naming the path and reason when a
// file cannot be written.
RunOutputs writeRunOutputs(const QString& dir, const Experiment& experiment,
                           const std::vector<Record>& records);
// The same with the records kept in a MetricsSpool (the GUI's worker): metrics.csv is
// streamed from it, byte for byte what the records themselves would give.
RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const MetricsSpool& metrics);

// Which of a run's weights files writeWeightsFiles writes (the C header: quantized runs only).
struct WeightsFormats {
    bool json = true;
    bool csv = true;
    bool cHeader = true;
};

// Writes every run's weights files into `dir` (created if missing): <run>.json, <run>.csv
// and <run>.h as above, as `formats` asks. The JSON of a diverged or failed run notes that
// its weights are the last finite ones, that of a stopped run the step it stopped at. A run
// whose weights cannot be exported (not finite) is skipped with a warning. The output
// folder's weights/ and the GUI's Export > Weights entries both come from here.
RunOutputs writeWeightsFiles(
    const QString& dir, const Experiment& experiment, WeightsFormats formats = {});

// The file name stem used for a run's weights files.
QString runFileStem(const QString& runName);

} // namespace bitlab::io
