#pragma once
// The output folder of an experiment (DESIGN §4), shared by bitlab-cli and the GUI:
//   DIR/experiment.json          the resolved experiment (every default filled in; paths
//                                rewritten relative to DIR so it re-runs from there)
//   DIR/metrics.csv              every record of every run
//   DIR/summary.json             per-run status, steps, final metrics, train_seconds;
//                                classification: per-class accuracy and confusion matrices
//   DIR/confusion.csv            classification: every run's confusion matrices as a table
//   DIR/weights/<run>.json       each run's weights (bitlab.weights)
//   DIR/weights/<run>.csv        the same as a table
//   DIR/weights/<run>.h          quantized runs: the C header with codes and scales
// <run> is the run name with characters outside [A-Za-z0-9._-] replaced by '_' (made
// unique with a numeric suffix).
//
// All or nothing: the whole set is written into a staging folder beside DIR
// (OutputFolder), which then replaces DIR in one rename. At every moment DIR holds either
// the previous set, untouched, or the complete new one: a failure (disk full, file size
// limit, a bad name), a second Ctrl-C or a SIGKILL while writing leaves the previous set
// (and at most a hidden staging folder, removed by the next writer).

#include "core/engine/experiment.h"
#include "core/engine/record.h"
#include "core/io/metrics_spool.h"
#include "core/io/output_folder.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

namespace bitlab::io {

// Writes metrics.csv to the path it is given (in the staging folder), from whatever holds
// the records.
using MetricsWriter = std::function<void(const QString& path, const std::vector<QString>& names)>;

struct RunOutputs {
    QStringList files; // every file written, absolute paths (in DIR)
    QStringList warnings; // e.g. a run whose weights were not finite (its weights skipped)
};

// The files writeRunOutputs writes for `spec` (relative to DIR, weights of every run).
QStringList runOutputNames(const ExperimentSpec& spec);

// Opens DIR (OutputFolder) and probes every name of spec's output set, so that a folder
// that cannot be written or a run name too long for a file name fails before training.
// Throws Error; a bad run name is located as runs.N.name.
std::unique_ptr<OutputFolder> prepareRunOutputs(const QString& dir, const ExperimentSpec& spec);

// Writes the set into `folder` and commits it. Throws Error naming the file and reason when
// a file cannot be written (DIR is then as it was).
RunOutputs writeRunOutputsWith(
    OutputFolder& folder, const Experiment& experiment, const MetricsWriter& writeMetrics);
// The same in one call: prepareRunOutputs(dir, experiment.spec()), write, commit.
RunOutputs writeRunOutputsWith(
    const QString& dir, const Experiment& experiment, const MetricsWriter& writeMetrics);

// Writes the folder from records kept in memory.
RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const std::vector<Record>& records);
// The same with the records kept in a MetricsSpool (the GUI's worker, bitlab-cli):
// metrics.csv is streamed from it, byte for byte what the records themselves would give.
RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const MetricsSpool& metrics);
RunOutputs writeRunOutputs(
    OutputFolder& folder, const Experiment& experiment, const MetricsSpool& metrics);

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
