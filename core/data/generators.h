#pragma once
// Built-in datasets: seeded synthetic generators, and the registry the CLI, the JSON
// reader (builtin:NAME) and the GUI's dataset picker read.
//
// Every generator draws from Rng(seed, 1) for its points and Rng(seed, 3) for fixed
// structure (linear's weights, blobs' centres), so the same parameters give the same
// numbers everywhere, and adding samples keeps linear's plane and blobs' centres. The
// default seed is 0 (an experiment sets dataset.seed to choose another).
// Classification generators set task (binary for 2 classes, else multiclass),
// classLabels "0", "1", ... and y = class index; features are named x1, x2, ... (x for
// seed-linear), the target y. moons, circles, blobs and spiral shuffle their rows with
// the point stream, as sklearn's shuffle=True.
//   seed-linear  x ~ U(0,1), y = 3x + 2 + noise * U(0,1)      100 samples, noise 1
//   linear       x ~ U(-1,1)^d, y = w.x + b + noise * N(0,1)  200, noise 0.1, d = 2
//                (w ~ U(-2,2)^d, b ~ U(-1,1) from the seed)
//   moons        sklearn make_moons + N(0, noise^2) per coordinate   200, noise 0.1
//   circles      sklearn make_circles, factor 0.5, Gaussian noise    200, noise 0.05
//   blobs        k clusters N(centre, noise^2 I), centres ~ U(-10,10)^d, n//k per class
//                (the remainder to the first classes)                200, noise 1, k 3, d 2
//   xor          x ~ U(-1,1)^2, label = x1*x2 > 0, then N(0, noise^2) jitter  200, 0.05
//   spiral       k arms of n//k points: r = i/(m-1), theta = 2 pi c/k + 3 pi r,
//                x = r (cos theta, sin theta) + N(0, noise^2)        300, noise 0.05, k 3
// Valid ranges (generatorFields(); checked by generate, errors name the dataset.* key):
// samples 1..1e7, noise finite >= 0, classes 2..100 (and <= samples), features 1..10000.
// The registry lists the real datasets (real_datasets.h) after the generators, with
// real = true: their generate() loads the embedded rows and ignores its parameters.

#include "core/common/field.h"
#include "core/data/csv_reader.h"
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
    std::string name; // "seed-linear", "moons", ...
    std::string description; // with the generating formula
    Task task;
    GeneratorParams defaults;
    bool usesClasses = false;
    bool usesFeatures = false;
    std::function<Dataset(const GeneratorParams&)> generate;
    // A real dataset (core/data/real_datasets.h: digits, iris, wine, breast_cancer): fixed
    // rows from an embedded file; no generator parameter applies.
    bool real = false;
};

const std::vector<DatasetInfo>& datasetRegistry();
// The generator parameters of a builtin:NAME source (dataset.samples, noise, classes,
// features, seed) with their ranges, labels and help. They apply only to a built-in
// source, classes and features only to the generators that use them
// (DatasetInfo::usesClasses / usesFeatures).
const std::vector<Field<DatasetSpec>>& generatorFields();
// d with every generator parameter its generator uses and d leaves unset taken from the
// generator's defaults (a CSV source is returned as it is): what will be generated.
DatasetSpec withGeneratorDefaults(DatasetSpec d);
const DatasetInfo* findDataset(const std::string& name);

// Loads what spec.source names: builtin:NAME (generated with spec's parameters over the
// defaults) or a CSV file (relative paths against baseDir), applies the target and task
// choices and a CSV's image shape (applyImageShape), and returns it unprepared. Throws
// Error with a message naming the problem (dataset.image_shape on a built-in dataset, too).
// `progress` follows a CSV load as readCsv() does (returning false cancels it: CsvCancelled).
Dataset loadDataset(
    const DatasetSpec& spec, const std::string& baseDir, const CsvProgress& progress = {});

} // namespace bitlab
