#pragma once
// Builds a ready-to-run Experiment from a spec: loads the dataset (CSV relative to
// spec.baseDir, or builtin:NAME) and, for init kind "file", the weights file (relative to
// spec.baseDir), checks that the weights fit the model, and constructs the Experiment.
// Throws bitlab::Error with the message of whichever step failed.

#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"

#include <QString>

#include <memory>

namespace bitlab::io {

std::unique_ptr<Experiment> makeExperiment(const ExperimentSpec& spec);

// Resolves a path of the spec (dataset.source, init.path) against spec.baseDir.
QString resolvePath(const ExperimentSpec& spec, const std::string& path);

} // namespace bitlab::io
