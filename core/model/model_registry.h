#pragma once
// The model registry: the one place that maps a model kind to its factory, its
// description and the losses it accepts. The CLI, the JSON reader and the GUI read it.

#include "core/model/model.h"

#include <functional>
#include <string>
#include <vector>

namespace bitlab {

struct ModelInfo {
    std::string name;         // "linear", ...
    std::string description;  // one sentence for tooltips and --help
    std::vector<Task> tasks;  // tasks the model can learn
    std::vector<std::string> losses; // valid loss names; the first is the default
    bool hasHidden = false;   // uses ModelSpec::hidden and activation
    // Builds an uninitialised model for `inputs` features and `outputs` logits.
    std::function<std::unique_ptr<Model>(const ModelSpec&, Index inputs, Index outputs)> create;
};

const std::vector<ModelInfo>& modelRegistry();
// nullptr when unknown.
const ModelInfo* findModel(const std::string& name);
// Throws Error naming the allowed kinds when unknown, or the allowed losses when the
// loss does not fit the model / task.
std::unique_ptr<Model> createModel(const ModelSpec& spec, Index inputs, Index outputs);

} // namespace bitlab
