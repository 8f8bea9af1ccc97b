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

inline constexpr qint64 kMaxWeightsBytes = 256 * 1024 * 1024;
inline constexpr int kWeightsVersion = 1;

// The file text for one run's snapshot. Throws Error naming the tensor and element when a
// weight (or latent weight, scale) is not finite.
QByteArray weightsToJson(const WeightSnapshot& snapshot, const RunSpec& run,
                         const ModelSpec& model);
void writeWeights(const QString& path, const WeightSnapshot& snapshot, const RunSpec& run,
                  const ModelSpec& model);

struct WeightsFile {
    QString run;
    std::optional<ModelSpec> model;       // absent when the file has no "model"
    std::vector<NamedTensor> tensors;     // latent where present, else values
    std::vector<NamedTensor> values;      // always the "values" arrays
};

// Reads and validates a weights file (structure, shapes vs value counts, finiteness).
// Throws Error naming the file and the key path at fault.
WeightsFile readWeights(const QString& path);
WeightsFile parseWeights(const QByteArray& json, const QString& fileNameForMessages = {});

// Checks that tensors fit a model's tensors exactly (same names in the same order, same
// shapes). Throws Error naming the tensor and both shapes, e.g.
// "w.json: tensor 'weight' has shape [1, 3] but the model's is [1, 2]".
void checkWeightsFit(const std::vector<NamedTensor>& tensors,
                     const std::vector<TensorInfo>& modelTensors,
                     const QString& fileNameForMessages = {});

} // namespace bitlab::io
