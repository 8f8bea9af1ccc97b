#pragma once
// The model registry: the one place that maps a model kind to its factory, its
// description and the losses it accepts. The CLI, the JSON reader and the GUI read it.

#include "core/model/model.h"

#include <functional>
#include <string>
#include <vector>

namespace bitlab {

// The losses a model accepts on one task; the first is the default.
struct TaskLosses {
    Task task;
    std::vector<std::string> losses;
};

struct ModelInfo {
    std::string name; // "linear", ...
    std::string description; // one sentence for tooltips and --help
    std::vector<Task> tasks; // tasks the model can learn
    std::vector<std::string> losses; // valid loss names on any task; the first is the default
    std::vector<TaskLosses> lossesByTask; // valid losses per task, in the order of `tasks`
    bool hasHidden = false; // uses ModelSpec::hidden and activation (and activation_bits)
    // The logits are an affine function of the inputs, z = W x + b (every kind but mlp): a
    // regression on one feature is a straight line, whose equation the Fit view states.
    bool affine = false;
    // Why `outputs` logits do not fit this kind (logistic has exactly one, softmax at least
    // two), or "" when they do; unset: any count fits.
    std::function<std::string(Index outputs)> outputsProblem;
    // Builds an uninitialised model for `inputs` features and `outputs` logits.
    std::function<std::unique_ptr<Model>(const ModelSpec&, Index inputs, Index outputs)> create;
};

// Kinds and their losses:
//   linear    regression: mse
//   logistic  binary: bce
//   softmax   multiclass: cross_entropy
//   svm       binary (1 logit) and multiclass (K logits): hinge, squared_hinge
//   mlp       regression: mse; binary: bce, hinge, squared_hinge;
//             multiclass: cross_entropy, hinge, squared_hinge
// Logits a model needs (`outputs` of createModel): regression: the number of target
// columns; binary: 1; multiclass: the number of classes K.
const std::vector<ModelInfo>& modelRegistry();
std::vector<std::string> modelNames();
// nullptr when unknown.
const ModelInfo* findModel(const std::string& name);
// The losses valid for `model` on `task`, the default first; empty when the model is
// unknown or cannot learn that task.
std::vector<std::string> validLosses(const std::string& model, Task task);
// Units of one hidden layer: 1..kMaxHiddenUnits.
inline constexpr int kMaxHiddenUnits = 4096;

// Why `loss` does not fit `model` on `task`, naming the key at fault (model.kind: the
// allowed kinds, or the kinds that learn the task; loss: the losses that fit), or "" when
// it fits. checkModelLoss throws it as an Error. The experiment checks every spec with it
// once the dataset's task is known, and the GUI panel once its preview says the task.
std::string modelLossProblem(const std::string& model, Task task, const std::string& loss);
void checkModelLoss(const std::string& model, Task task, const std::string& loss);
// Builds an uninitialised model (call initialize()). Throws Error naming the allowed kinds
// when spec.kind is unknown, and a sentence naming the key when hidden sizes, inputs or
// outputs do not fit the kind (hidden is for mlp only, each layer 1..kMaxHiddenUnits;
// ModelInfo::outputsProblem: logistic has exactly 1 output, softmax at least 2).
std::unique_ptr<Model> createModel(const ModelSpec& spec, Index inputs, Index outputs);

} // namespace bitlab
