#include "core/engine/experiment_spec.h"

#include "core/common/text.h"
#include "core/model/model_registry.h"

#include <algorithm>

namespace bitlab {

const std::vector<Field<TrainingSpec>>& trainingFields()
{
    using T = TrainingSpec;
    static const std::vector<Field<T>> fields {
        field("epochs", &T::epochs, Range::closed(1, 1'000'000'000),
            BITLAB_TR_NOOP("bitlab::core", "Epochs"),
            BITLAB_TR_NOOP("bitlab::core",
                "Passes over the training set (full batch: one epoch = one step).")),
        field("seed", &T::seed, Range::atLeast(0), BITLAB_TR_NOOP("bitlab::core", "Seed"),
            BITLAB_TR_NOOP("bitlab::core",
                "Seed of the initial weights, the shuffle, the test split and stochastic "
                "rounding: same seed, same numbers.")),
        field("record_every", &T::recordEvery, Range::atLeast(1),
            BITLAB_TR_NOOP("bitlab::core", "Record every"),
            BITLAB_TR_NOOP("bitlab::core",
                "Record the cheap metrics every N steps (auto: about a thousand records per "
                "run).")),
        field("eval_every", &T::evalEvery, Range::atLeast(0),
            BITLAB_TR_NOOP("bitlab::core", "Evaluate every"),
            BITLAB_TR_NOOP("bitlab::core",
                "Evaluate the exact train/test loss every N steps (auto: once per epoch; 0: only "
                "the first and last step).")),
        field("portable", &T::portable, {}, BITLAB_TR_NOOP("bitlab::core", "Portable kernels"),
            BITLAB_TR_NOOP("bitlab::core",
                "Train with the baseline x86-64 kernels instead of the widest this CPU has "
                "(AVX2, AVX-512): slower, and the same bits on every machine.")),
    };
    return fields;
}

const std::vector<Field<DatasetSpec>>& datasetFields()
{
    using D = DatasetSpec;
    static const std::vector<Field<D>> fields {
        field("standardize", &D::standardize, {},
            BITLAB_TR_NOOP("bitlab::core", "Standardize features"),
            BITLAB_TR_NOOP("bitlab::core",
                "z-score every feature with the training rows' mean and standard deviation: x' "
                "= (x − mean) / std.")),
        field("test_fraction", &D::testFraction, Range::halfOpen(0, 1),
            BITLAB_TR_NOOP("bitlab::core", "Test fraction"),
            BITLAB_TR_NOOP("bitlab::core",
                "Share of rows held out as the test set (chosen with the training seed). 0 = no "
                "test set.")),
        field("shuffle", &D::shuffle, {}, BITLAB_TR_NOOP("bitlab::core", "Shuffle every epoch"),
            BITLAB_TR_NOOP("bitlab::core",
                "Reshuffle the training rows before every epoch; off = batches in file order.")),
    };
    return fields;
}

std::vector<std::string> initKinds()
{
    return { "default", "zeros", "file" };
}

const QuantizerSpec& specForTensor(const QuantizerSpec& run,
    const std::vector<TensorQuantizer>& perTensor, const std::string& name)
{
    for (const auto& t : perTensor)
        if (t.tensor == name)
            return t.spec;
    return run;
}

std::vector<std::string> modelTensorNames(const ModelSpec& model)
{
    std::vector<std::string> out;
    const ModelInfo* info = findModel(model.kind);
    if (!info || !info->hasHidden) {
        out.push_back("weight");
        if (model.bias)
            out.push_back("bias");
        return out;
    }
    for (std::size_t l = 0; l <= model.hidden.size(); ++l) {
        out.push_back("layers." + std::to_string(l) + ".weight");
        if (model.bias)
            out.push_back("layers." + std::to_string(l) + ".bias");
    }
    return out;
}

std::string activationTensorName(std::size_t h)
{
    return "layers." + std::to_string(h) + ".activation";
}

bool isActivationTensorName(const std::string& name)
{
    const std::string prefix = "layers.", suffix = ".activation";
    if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0
        || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    const std::string digits
        = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> modelActivationNames(const ModelSpec& model)
{
    std::vector<std::string> out;
    const ModelInfo* info = findModel(model.kind);
    if (info && info->hasHidden)
        for (std::size_t h = 0; h < model.hidden.size(); ++h)
            out.push_back(activationTensorName(h));
    return out;
}

std::vector<std::string> perTensorNames(const ModelSpec& model)
{
    std::vector<std::string> out = modelTensorNames(model);
    for (auto& a : modelActivationNames(model))
        out.push_back(std::move(a));
    return out;
}

bool runLearns(const RunSpec& run)
{
    if (!run.quantizer || run.quantizer->mode != TrainingMode::Ste)
        return false;
    if (run.quantizer->learn != LearnMode::None)
        return true;
    return std::any_of(run.perTensor.begin(), run.perTensor.end(),
        [](const TensorQuantizer& t) { return t.spec.learn != LearnMode::None; });
}

} // namespace bitlab
