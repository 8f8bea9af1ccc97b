#include "core/engine/footprint.h"

#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"

#include <algorithm>

namespace bitlab {

std::int64_t parameterCount(const ModelSpec& model, Index inputs, Index outputs)
{
    const ModelInfo* info = findModel(model.kind);
    if (!info)
        return 0;
    std::int64_t count = 0;
    std::int64_t in = inputs;
    auto layer = [&](std::int64_t out) {
        if (count > std::int64_t(1) << 50)
            return; // far beyond any limit; no overflow
        count += in * out + (model.bias ? out : 0);
        in = out;
    };
    if (info->hasHidden)
        for (int h : model.hidden)
            layer(std::max(h, 0));
    layer(outputs);
    return count;
}

Footprint estimateFootprint(const ExperimentSpec& spec, Index rows, Index inputs, Index outputs)
{
    Footprint f;
    f.parameters = parameterCount(spec.model, inputs, outputs);
    const auto p = static_cast<double>(f.parameters);
    const double n = static_cast<double>(std::max<Index>(rows, 0));
    const double batch = spec.optimizer.batchSize > 0
        ? std::min(static_cast<double>(spec.optimizer.batchSize), n)
        : n;
    double hiddenUnits = 0;
    if (const ModelInfo* info = findModel(spec.model.kind); info && info->hasHidden)
        for (int h : spec.model.hidden)
            hiddenUnits += std::max(h, 0);

    // Copies of the parameters, as measured (peak resident size of bitlab-cli run, see the
    // header): the probe and initial models and the worker's snapshot; per run the weights,
    // gradients and three work copies, the optimizer's state, and for a quantized run the
    // quantizer's buffers (codes, grid, masks: about five more).
    double scalars = 4.0 * p;
    scalars += n * static_cast<double>(inputs + 1) * 2.0; // the dataset and its split
    for (const RunSpec& run : spec.runs) {
        double copies = 5.0 + optimizerStateCopies(spec.optimizer);
        if (run.quantizer) {
            copies += 5.0;
            if (run.quantizer->mode == TrainingMode::Ste)
                copies += 1.0; // latent full-precision weights
        }
        scalars += copies * p;
        scalars += 4.0 * n * static_cast<double>(outputs); // train/test logits, dLogits, batch
        scalars += 2.0 * batch * hiddenUnits; // activations and their gradients
    }
    f.bytes = scalars * sizeof(Scalar);
    return f;
}

} // namespace bitlab
