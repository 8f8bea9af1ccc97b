#pragma once
// Built-in datasets: seeded synthetic generators, and the registry the CLI, the JSON
// reader (builtin:NAME) and the GUI's dataset picker read.

#include "core/data/dataset.h"

#include <functional>
#include <string>
#include <vector>

namespace bitlab {

struct GeneratorParams {
    std::int64_t samples = 100;
    double noise = 0.1;
    std::uint64_t seed = 0;
    int classes = 2;
    int features = 2;
};

struct DatasetInfo {
    std::string name;          // "seed-linear", "moons", ...
    std::string description;   // with the generating formula
    Task task;
    GeneratorParams defaults;
    bool usesClasses = false;
    bool usesFeatures = false;
    std::function<Dataset(const GeneratorParams&)> generate;
};

const std::vector<DatasetInfo>& datasetRegistry();
const DatasetInfo* findDataset(const std::string& name);

// Loads what spec.source names: builtin:NAME (generated with spec's parameters over the
// defaults) or a CSV file (relative paths against baseDir), applies the target and task
// choices, and returns it unprepared. Throws Error with a message naming the problem.
Dataset loadDataset(const DatasetSpec& spec, const std::string& baseDir);

} // namespace bitlab
