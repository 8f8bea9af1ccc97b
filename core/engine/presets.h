#pragma once
// Built-in experiments: `bitlab-cli run --preset NAME`, the GUI's start-up experiment
// ("seed") and its lessons. Each is a complete ExperimentSpec on a built-in dataset.

#include "core/engine/experiment_spec.h"

#include <string>
#include <vector>

namespace bitlab {

struct Preset {
    std::string name; // "seed", "moons", ...
    std::string title; // short human title
    std::string description; // one or two sentences: what it shows
    ExperimentSpec spec;
};

const std::vector<Preset>& presetRegistry();
const Preset* findPreset(const std::string& name); // nullptr when unknown

} // namespace bitlab
