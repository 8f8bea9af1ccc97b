#pragma once
// Export formats (docs/formats.md): metrics.csv, summary.json, the per-run weights CSV and
// the C header of a quantized run. Each function returns the file text; write it with
// writeFileAtomically (or let writeRunOutputs in run_outputs.h write a whole folder); the
// metrics of a long experiment kept in a MetricsSpool are streamed with writeMetricsCsv /
// saveMetricsCsv instead, byte for byte the same text.
//
// CSV: RFC 4180, LF line ends, a header row; numbers with the shortest round-trip text
// (std::to_chars, locale-proof); NaN cells are empty. Text cells that start with = + - @
// (or a tab / carriage return) are neutralised against CSV injection by a leading
// apostrophe (OWASP's advice); numbers are never altered.

#include "core/engine/confusion.h"
#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"
#include "core/io/metrics_spool.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <vector>

namespace bitlab::io {

// Columns: run, step, epoch, batch_loss, train_loss, test_loss, train_accuracy,
// test_accuracy, grad_norm, quant_error, flips, lr, then (when a run learns) one column per
// learned step or clip, named as learnedNames[run] names them (Experiment::learnedNames),
// in the order the names first appear over the runs; a run without that parameter, or a
// record whose Record::learned does not have its run's count, leaves the cell empty. Rows
// ordered by run index then step (records arrive interleaved from parallel runs); run is the
// name runNames[record.run].
QByteArray metricsCsv(const std::vector<Record>& records, const std::vector<QString>& runNames,
    const std::vector<std::vector<std::string>>& learnedNames = {});

// metrics.csv of every row in `spool`: exactly the bytes metricsCsv gives for the same
// records, written to `device` in pieces of about 1 MiB (memory stays bounded). Throws
// Error with the reason when the device refuses a write or the spool cannot be read.
void writeMetricsCsv(QIODevice& device, const MetricsSpool& spool,
    const std::vector<QString>& runNames,
    const std::vector<std::vector<std::string>>& learnedNames = {});
// The same saved with writeFileAtomically: on failure the old file is untouched and the
// Error reads "cannot save '<path>': <reason>".
// Every run's Experiment::learnedNames(), in run order: the learnedNames of the above.
std::vector<std::vector<std::string>> learnedNamesOf(const Experiment& experiment);
void saveMetricsCsv(const QString& path, const MetricsSpool& spool,
    const std::vector<QString>& runNames,
    const std::vector<std::vector<std::string>>& learnedNames = {});

// A classification experiment's results per class, at the weights each run uses now:
// the class labels and each run's confusion matrices over the training and test rows
// (core/engine/confusion.h). Empty labels for regression; `test` empty without a test split.
struct ClassResults {
    std::vector<std::string> labels;
    std::vector<ConfusionMatrix> train, test; // per run
    bool empty() const { return labels.empty(); }
};
ClassResults classResults(const Experiment& experiment);

// {"format": "bitlab.summary", "version": 1, "runs": [{name, status, steps, total_steps,
//  message, failed_step, last_finite_loss, train_seconds, final: {...}}]}; NaN -> null.
// With class results (classification): "class_labels" at the top, and per run
// "class_accuracy": {"train": [...], "test": [...]} (per class, null where a class has no
// rows) and "confusion": {"train": [[...]], "test": [[...]]} (row = true class, column =
// predicted; "test" null without a test split).
QByteArray summaryJson(const std::vector<RunSummary>& summaries, const ClassResults& classes = {});

// confusion.csv, columns run, split, true_class, predicted_class, count: every cell of every
// run's train and then test matrix, classes by their labels (text cells as csvTextCell).
QByteArray confusionCsv(const ClassResults& classes, const std::vector<QString>& runNames);

// Columns: tensor, index, row, col, value, latent, code, scale, zero_point; one row per
// element (index = row-major position); latent empty unless ste/ptq; code, scale,
// zero_point empty unless the tensor is quantized (scale/zero_point of the element's
// channel). Throws Error when a value is not finite.
QByteArray weightsCsv(const WeightSnapshot& snapshot);

// A C99 header for a quantized run: per tensor, the integer codes as an int8_t array when
// every code fits in [-128, 127], else int16_t (int32_t beyond), the scales and zero-points
// as double arrays, the shape as #defines, and a comment with the scheme, bits, shape and
// dequantization formula w = (code - zero_point[c]) * scale[c] (fixed: code / 2^frac;
// pow2: ldexp(scale[c], |code| - 1), safe from overflow), which the header also defines as
// static inline double bitlab_<run>_dequantize(int32_t code, double scale, int32_t zp).
// Identifiers: <PREFIX>_<TENSOR> upper/lower case mapped from run and tensor names to
// [A-Za-z0-9_] (never starting with a digit). Throws Error for a full-precision run.
QByteArray cHeader(const WeightSnapshot& snapshot, const RunSpec& run, const ModelSpec& model);

// A valid C identifier from any text ("layers.0.weight" -> "layers_0_weight").
QString cIdentifier(const QString& text);
// Neutralises a CSV text cell (see above) and quotes it when needed.
QString csvTextCell(const QString& text);

} // namespace bitlab::io
