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
#include "core/common/task.h"
#include "core/data/dataset_spec.h"

#include <string>
#include <vector>

namespace bitlab {

struct Dataset {
    std::string name; // file name or builtin:NAME, for messages
    std::vector<std::string> featureNames;
    std::string targetName;
    Task task = Task::Regression;
    std::vector<std::string> classLabels; // classification: label of class index i
    Matrix x; // all rows, n x d
    Matrix y; // all rows, n x 1
    std::vector<std::string> warnings; // non-fatal findings (constant column, ...)
    // An image dataset's shape: each row is imageRows x imageCols pixels, row-major
    // (builtin:digits: 8 x 8); 0 when the rows are not images.
    int imageRows = 0, imageCols = 0;

    // Filled by prepare():
    Matrix xTrain, yTrain, xTest, yTest;
    std::vector<Index> trainRows, testRows; // indices into x, ascending
    RowVector featureMean, featureStd; // empty unless standardized
    // Per feature: 0, or the largest training magnitude of a column whose sums overflowed
    // (it was divided by this before standardizing; see prepare()). Empty unless standardized.
    RowVector featureRescale;

    Index rows() const { return x.rows(); }
    Index features() const { return x.cols(); }
    int classes() const { return static_cast<int>(classLabels.size()); }
    // Number of model outputs: 1 for regression and binary, K for multiclass.
    Index outputs() const { return task == Task::Multiclass ? classes() : 1; }

    // Splits rows into train/test and standardizes; call it once before training.
    // - Split: the test rows are the first round(testFraction * n) entries (half away from
    //   zero) of Rng(seed, 2).permutation(n); both row lists are kept ascending, so the
    //   training rows stay in file order. testFraction in [0, 1).
    // - Standardize: mean and population standard deviation (divide by n, as sklearn's
    //   StandardScaler) of each feature over the training rows only; x' = (x - mean) / std
    //   for train and test rows. A feature that is constant over the training rows gets
    //   std 1 (it is only centred) and a warning naming it. A column whose sums overflow
    //   (values near 1e300) is standardized on the column divided by its largest magnitude,
    //   so it gives finite values, never NaN. The raw x and y stay.
    // - Warnings (appended to `warnings`, replacing those of an earlier prepare(); they all
    //   start with "Training set: "): a single training row, more features than training
    //   rows, a single class among the training rows, a feature (when not standardized)
    //   or a regression target whose magnitude exceeds 1e100 (the loss would overflow).
    // Throws Error when there are no rows, testFraction is out of range or leaves no
    // training row, or a value of x or y is not finite (naming row and column).
    void prepare(double testFraction, bool standardize, std::uint64_t seed);

    // Rows of raw features (the units of the file or generator, features() columns) in the
    // model's input space: standardized exactly as prepare() standardized the training rows
    // (bit for bit the same numbers for the same raw values), or unchanged when the dataset
    // is not standardized. For predictions at points of the raw feature space (decision
    // grids). Throws Error for a column count other than features().
    Matrix toModelSpace(const ConstMatrixRef& raw) const;
};

// The image shape a row of `features` values suggests: side x side when it is a perfect
// square with a side of at least 8 (64 = 8 x 8, 784 = 28 x 28, 1024 = 32 x 32); {0, 0}
// otherwise. Only a suggestion: the GUI offers it for a CSV and the user confirms.
struct ImageShape {
    int rows = 0, cols = 0;
    bool empty() const { return rows <= 0 || cols <= 0; }
};
ImageShape suggestedImageShape(Index features);

// Why spec's image shape (dataset.image_shape) does not fit a dataset `name` of `features`
// columns, naming the key and the shape: a size not positive, or rows x cols other than
// the feature count; "" when it fits or spec gives none.
std::string imageShapeProblem(const DatasetSpec& spec, Index features, const std::string& name);
// Declares data's rows to be images of spec's shape when it gives one. Throws Error with
// imageShapeProblem's text when it does not fit.
void applyImageShape(Dataset& data, const DatasetSpec& spec);

} // namespace bitlab
