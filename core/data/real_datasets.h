#pragma once
// The built-in real datasets: four UCI data sets as Debian's python3-sklearn ships them,
// embedded in the programs (resources/datasets/SOURCES.md has their source, licence and
// citation). builtin:digits, builtin:iris, builtin:wine and builtin:breast_cancer load them;
// the generator parameters (samples, noise, seed, classes, features) do not apply.
//
//   digits          1,797 x 64: 8x8 images of handwritten digits, pixels 0..16, 10 classes
//   iris              150 x 4: sepal and petal length and width (cm), 3 species
//   wine              178 x 13: a chemical analysis of wines of three cultivars
//   breast_cancer     569 x 30: cell nuclei features of breast masses, malignant or benign
//
// Rows keep the file's order; targets are the class index as the file gives it, class
// labels the file's class names (the digits' "0".."9"). Each load decompresses and parses
// the embedded file (a few milliseconds for digits); a damaged embedded file is an Error
// naming it and the line, never a crash.

#include "core/data/dataset.h"

#include <string>
#include <vector>

namespace bitlab {

struct RealDatasetInfo {
    std::string name; // "digits": the name after builtin:
    std::string title; // "Handwritten digits (8x8)"
    std::string description; // one sentence for the panel and `bitlab-cli presets`
    std::string file; // the embedded file, "digits.csv.gz"
    Index rows = 0;
    Index features = 0;
    int classes = 0;
    int imageRows = 0; // an image dataset's shape (8 x 8 for digits); 0 otherwise
    int imageCols = 0;
    double defaultTestFraction = 0.25; // the held-out share a new experiment starts with
    std::string citation; // "Alpaydin, E. and Kaynak, C. (1998). ... doi"
    std::string licence; // "CC BY 4.0"
    std::vector<std::string> featureNames; // scikit-learn's names
};

const std::vector<RealDatasetInfo>& realDatasets();
const RealDatasetInfo* findRealDataset(const std::string& name);

// The dataset (task, names, labels, x, y), unprepared. Throws Error when the embedded file
// is missing or damaged (naming the file and line).
Dataset loadRealDataset(const RealDatasetInfo& info);

} // namespace bitlab
