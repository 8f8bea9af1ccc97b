#pragma once
// The weights file ("format": "bitlab.weights", "version": 1; DESIGN §3, docs/formats.md):
//   {"format": "bitlab.weights", "version": 1, "run": "Q4.3", "step": 1000,
//    "model": {"kind": "linear", "hidden": [], "activation": "relu", "bias": true},
//    "tensors": [{"name": "weight", "shape": [1, 1], "values": [3.0],
//                 "latent": [2.98],                               (ste/ptq runs only)
//                 "quant": {"scheme": "fixed", "bits": 8, "scale": [0.125],
//                           "zero_point": [0], "codes": [24]}}]} (quantized tensors only)
// values are row-major: what the run's model uses (quantized for post_update/ste runs).
// Numbers are written with the shortest text that reads back bit-exactly (-0.0, denormals
// included). Non-finite weights are refused at export. The same file loads back as an
// experiment's init: from `latent` where present, else `values`.

#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"
#include "core/model/model.h"

#include <QByteArray>
#include <QString>
#include <optional>
#include <vector>

namespace bitlab::io {

// What BitLab writes, BitLab reads back: the limits of a weights file follow from
// the largest model an experiment may have (io::makeExperiment refuses a bigger one).
// A file holds per parameter a value, a latent weight (ste/ptq) and a code (quantized), and
// per channel (at most one per parameter) a scale and a zero-point: at most 5 numbers per
// parameter, each written in at most 24 characters plus ", ". Numbers are parsed into
// packed arrays (8 bytes each), so reading the largest file costs its text plus 8 bytes a
// number. An MLP with hidden [2048, 2048] (4.2 million parameters) writes about 93 MB.
inline constexpr qint64 kMaxModelParameters = 20'000'000;
inline constexpr qint64 kMaxWeightsValues = 5 * kMaxModelParameters + 10'000;
inline constexpr qint64 kMaxWeightsBytes = 26 * kMaxWeightsValues + 1024 * 1024;
inline constexpr int kWeightsVersion = 1;

// The file text for one run's snapshot. Throws Error naming the tensor and element when a
// weight (or latent weight, scale) is not finite. A non-empty note is written as "note"
// (e.g. "the run diverged at step 12; these are its last finite weights").
QByteArray weightsToJson(const WeightSnapshot& snapshot, const RunSpec& run, const ModelSpec& model,
    const QString& note = {});
void writeWeights(const QString& path, const WeightSnapshot& snapshot, const RunSpec& run,
    const ModelSpec& model, const QString& note = {});

struct WeightsFile {
    QString run;
    QString note; // "note", when the file has one
    std::optional<ModelSpec> model; // absent when the file has no "model"
    std::vector<NamedTensor> tensors; // latent where present, else values
    std::vector<NamedTensor> values; // always the "values" arrays
    // The "learned" block (learn lsq / pact): every learned step and clip by name, > 0.
    std::vector<LearnedValue> learned;
};

// Reads and validates a weights file (structure, shapes vs value counts, finiteness).
// Throws Error naming the file and the key path at fault.
WeightsFile readWeights(const QString& path);
WeightsFile parseWeights(const QByteArray& json, const QString& fileNameForMessages = {});

// Checks that tensors fit a model's tensors exactly (same names in the same order, same
// shapes). Throws Error naming the tensor and both shapes, e.g.
// "w.json: tensor 'weight' has shape [1, 3] but the model's is [1, 2]".
void checkWeightsFit(const std::vector<NamedTensor>& tensors,
    const std::vector<TensorInfo>& modelTensors, const QString& fileNameForMessages = {});

} // namespace bitlab::io
