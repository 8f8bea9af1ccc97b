#pragma once
// Builds a ready-to-run Experiment from a spec: loads the dataset (CSV relative to
// spec.baseDir, or builtin:NAME) and, for init kind "file", the weights file (relative to
// spec.baseDir), checks that the weights fit the model, and constructs the Experiment.
// Throws bitlab::Error with the message of whichever step failed. A model with more than
// kMaxModelParameters parameters (weights_json.h) is refused before it is built.

#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"

#include <QString>
#include <memory>

namespace bitlab::io {

std::unique_ptr<Experiment> makeExperiment(const ExperimentSpec& spec);

// The parameters of `model` on `inputs` features and `outputs` logits (weights and biases
// of its dense layers), computed from the sizes alone.
std::int64_t modelParameterCount(const ModelSpec& model, Index inputs, Index outputs);

// Resolves a path of the spec (dataset.source, init.path) against spec.baseDir.
QString resolvePath(const ExperimentSpec& spec, const std::string& path);

} // namespace bitlab::io
