#pragma once
// Dataset: features X (n x d) and targets y (n x 1), the task, class labels, and the
// train/test split the engine trains on.
//
// Targets: regression keeps the value; binary and multiclass hold the class index
// 0..K-1 (as a Scalar), mapped from the sorted class labels. After prepare(), xTrain/yTrain
// hold the training rows in file order (the trainer shuffles per epoch) and xTest/yTest the
// held-out rows; with standardize, both are z-scored with the training rows' mean and std.

#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/engine/experiment_spec.h"

#include <string>
#include <vector>

namespace bitlab {

struct Dataset {
    std::string name;                     // file name or builtin:NAME, for messages
    std::vector<std::string> featureNames;
    std::string targetName;
    Task task = Task::Regression;
    std::vector<std::string> classLabels; // classification: label of class index i
    Matrix x;                             // all rows, n x d
    Matrix y;                             // all rows, n x 1
    std::vector<std::string> warnings;    // non-fatal findings (constant column, ...)

    // Filled by prepare():
    Matrix xTrain, yTrain, xTest, yTest;
    std::vector<Index> trainRows, testRows; // indices into x, ascending
    RowVector featureMean, featureStd;      // empty unless standardized

    Index rows() const { return x.rows(); }
    Index features() const { return x.cols(); }
    int classes() const { return static_cast<int>(classLabels.size()); }
    // Number of model outputs: 1 for regression and binary, K for multiclass.
    Index outputs() const { return task == Task::Multiclass ? classes() : 1; }

    // Splits rows into train/test (the test rows are a seeded random choice of
    // round(testFraction * n) rows) and standardizes. Throws Error when the training set
    // would be empty or a value is not finite.
    void prepare(double testFraction, bool standardize, std::uint64_t seed);
};

} // namespace bitlab
