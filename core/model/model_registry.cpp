#include "core/model/model_registry.h"

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/text.h"
#include "core/model/affine_model.h"
#include "core/model/mlp.h"

#include <algorithm>

namespace bitlab {

namespace {
ModelInfo affineInfo(
    std::string name, std::string description, std::vector<TaskLosses> lossesByTask)
{
    ModelInfo info;
    info.name = name;
    info.description = std::move(description);
    for (const auto& entry : lossesByTask) {
        info.tasks.push_back(entry.task);
        for (const auto& loss : entry.losses)
            if (std::find(info.losses.begin(), info.losses.end(), loss) == info.losses.end())
                info.losses.push_back(loss);
    }
    info.lossesByTask = std::move(lossesByTask);
    info.affine = true;
    info.create = [name](const ModelSpec& spec, Index inputs, Index outputs) {
        return std::unique_ptr<Model>(new AffineModel(name, inputs, outputs, spec.bias));
    };
    return info;
}

std::vector<ModelInfo> buildRegistry()
{
    std::vector<ModelInfo> r;
    r.push_back(affineInfo("linear",
        BITLAB_TR_NOOP(
            "bitlab::core", "Linear regression: yhat = W x + b, fitted by mean squared error."),
        { { Task::Regression, { "mse" } } }));
    ModelInfo logistic = affineInfo("logistic",
        BITLAB_TR_NOOP("bitlab::core",
            "Logistic regression: p(y = 1 | x) = sigmoid(w . x + b), fitted by "
            "binary cross-entropy on the logit."),
        { { Task::Binary, { "bce" } } });
    logistic.outputsProblem = [](Index outputs) {
        return outputs == 1 ? std::string()
                            : "The logistic model has one logit for two classes, not "
                + std::to_string(outputs) + " outputs; use softmax for more classes.";
    };
    r.push_back(std::move(logistic));
    ModelInfo softmax = affineInfo("softmax",
        BITLAB_TR_NOOP("bitlab::core",
            "Softmax (multinomial logistic) regression: p(y = k | x) = "
            "softmax(W x + b)_k, fitted by cross-entropy."),
        { { Task::Multiclass, { "cross_entropy" } } });
    softmax.outputsProblem = [](Index outputs) {
        return outputs >= 2 ? std::string()
                            : "The softmax model needs one logit per class (at least 2), not "
                + std::to_string(outputs) + "; use logistic for a single logit.";
    };
    r.push_back(std::move(softmax));
    r.push_back(affineInfo("svm",
        BITLAB_TR_NOOP("bitlab::core",
            "Linear support vector machine: score z = W x + b (one logit for two "
            "classes, one per class otherwise), fitted by the hinge loss "
            "max(0, 1 - t z)."),
        { { Task::Binary, { "hinge", "squared_hinge" } },
            { Task::Multiclass, { "hinge", "squared_hinge" } } }));
    ModelInfo mlp = affineInfo("mlp",
        BITLAB_TR_NOOP("bitlab::core",
            "Multilayer perceptron: h_{l+1} = act(W_l h_l + b_l) through the hidden layers "
            "(act = relu, tanh or sigmoid), logits from a last linear layer."),
        { { Task::Regression, { "mse" } }, { Task::Binary, { "bce", "hinge", "squared_hinge" } },
            { Task::Multiclass, { "cross_entropy", "hinge", "squared_hinge" } } });
    mlp.hasHidden = true;
    mlp.affine = false;
    mlp.create = [](const ModelSpec& spec, Index inputs, Index outputs) {
        return std::unique_ptr<Model>(
            new Mlp(inputs, outputs, spec.hidden, spec.activation, spec.bias));
    };
    r.push_back(std::move(mlp));
    return r;
}

const ModelInfo& requireModel(const std::string& name)
{
    if (const ModelInfo* info = findModel(name))
        return *info;
    throw Error(
        "Unknown model kind \"" + name + "\"; expected one of: " + joinNames(modelNames()) + ".");
}
} // namespace

const std::vector<ModelInfo>& modelRegistry()
{
    static const std::vector<ModelInfo> registry = buildRegistry();
    return registry;
}

std::vector<std::string> modelNames()
{
    std::vector<std::string> names;
    for (const auto& info : modelRegistry())
        names.push_back(info.name);
    return names;
}

const ModelInfo* findModel(const std::string& name)
{
    for (const auto& info : modelRegistry())
        if (info.name == name)
            return &info;
    return nullptr;
}

std::vector<std::string> validLosses(const std::string& model, Task task)
{
    if (const ModelInfo* info = findModel(model))
        for (const auto& entry : info->lossesByTask)
            if (entry.task == task)
                return entry.losses;
    return {};
}

std::string modelLossProblem(const std::string& model, Task task, const std::string& loss)
{
    const ModelInfo* info = findModel(model);
    if (!info)
        return "model.kind must be one of " + joinNames(modelNames()) + ", got \"" + model + "\"";
    const std::vector<std::string> losses = validLosses(model, task);
    if (losses.empty()) {
        std::vector<std::string> fit, tasks;
        for (const auto& m : modelRegistry())
            if (!validLosses(m.name, task).empty())
                fit.push_back(m.name);
        for (Task t : info->tasks)
            tasks.emplace_back(toString(t));
        return "model.kind: '" + model + "' cannot learn the " + toString(task)
            + " task (valid for " + toString(task) + ": " + joinNames(fit) + "; " + model
            + " is for " + joinNames(tasks) + ")";
    }
    if (std::find(losses.begin(), losses.end(), loss) == losses.end())
        return "loss: '" + loss + "' does not fit model '" + model + "' on the " + toString(task)
            + " task (valid: " + joinNames(losses) + ")";
    return {};
}

void checkModelLoss(const std::string& model, Task task, const std::string& loss)
{
    if (const std::string problem = modelLossProblem(model, task, loss); !problem.empty())
        throw Error(problem + ".");
}

std::unique_ptr<Model> createModel(const ModelSpec& spec, Index inputs, Index outputs)
{
    const ModelInfo& info = requireModel(spec.kind);
    if (inputs < 1)
        throw Error("The " + spec.kind + " model needs at least one input feature, not "
            + std::to_string(inputs) + ".");
    if (outputs < 1)
        throw Error("The " + spec.kind + " model needs at least one output, not "
            + std::to_string(outputs) + ".");
    if (!info.hasHidden && !spec.hidden.empty())
        throw Error("model.hidden applies only to the mlp model; the " + spec.kind
            + " model has no hidden layers (leave hidden empty).");
    if (info.outputsProblem)
        if (const std::string problem = info.outputsProblem(outputs); !problem.empty())
            throw Error(problem);
    for (std::size_t i = 0; i < spec.hidden.size(); ++i)
        if (spec.hidden[i] < 1 || spec.hidden[i] > kMaxHiddenUnits)
            throw Error("model.hidden." + std::to_string(i) + " must be in [1, "
                + std::to_string(kMaxHiddenUnits) + "], got " + std::to_string(spec.hidden[i])
                + ".");
    return info.create(spec, inputs, outputs);
}

} // namespace bitlab
