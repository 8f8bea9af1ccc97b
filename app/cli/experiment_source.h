#pragma once
// Where `run` and `sweep` get their experiment: an EXPERIMENT.json file or a built-in
// preset, with the --set overrides applied, through core/io's reader (so a preset and a
// file are validated alike).

#include "app/cli/command_line.h"
#include "core/engine/experiment_spec.h"

#include <QString>

namespace bitlab::cli {

// Throws bitlab::Error for a missing or invalid file, an unknown preset or a bad --set.
ExperimentSpec loadExperimentSpec(const CommandLine& cl);

// The experiment's short name: the file name without ".json", or the preset name. The
// default output folder is bitlab-out/<name> (sweep: bitlab-out/<name>-sweep).
QString experimentName(const CommandLine& cl);
QString outputFolder(const CommandLine& cl, const QString& suffix = {});

} // namespace bitlab::cli
