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
#include <stop_token>

namespace bitlab::io {

// A stop request on `stop` ends the build early (between CSV chunks, after the load, between
// the runs): it throws Cancelled and frees what was built.
std::unique_ptr<Experiment> makeExperiment(const ExperimentSpec& spec, std::stop_token stop = {});

// Resolves a path of the spec (dataset.source, init.path) against spec.baseDir.
QString resolvePath(const ExperimentSpec& spec, const std::string& path);

} // namespace bitlab::io
