#include "core/data/dataset.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace bitlab {

namespace {

// Above this magnitude a feature or regression target gets a warning (see prepare()).
constexpr double kHugeMagnitude = 1e100;

std::string featureName(const Dataset& d, Index j)
{
    if (j < static_cast<Index>(d.featureNames.size()))
        return d.featureNames[static_cast<std::size_t>(j)];
    return "col" + std::to_string(j + 1);
}

std::string shortNumber(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

Matrix gatherRows(const Matrix& m, const std::vector<Index>& rows)
{
    Matrix out(static_cast<Index>(rows.size()), m.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.row(static_cast<Index>(i)) = m.row(rows[i]);
    return out;
}

} // namespace

void Dataset::prepare(double testFraction, bool standardize, std::uint64_t seed)
{
    const Index n = rows();
    const Index d = features();
    if (n == 0)
        throw Error("Dataset '" + name + "' has no rows; a dataset needs at least one row.");
    if (y.rows() != n || y.cols() < 1)
        throw Error("Dataset '" + name + "' has " + std::to_string(n) + " feature rows but "
            + std::to_string(y.rows()) + " target rows; they must match.");
    if (!(testFraction >= 0.0 && testFraction < 1.0))
        throw Error(
            "dataset.test_fraction must be in [0, 1), got " + shortNumber(testFraction) + ".");

    // Non-finite values would poison every loss; name the first one.
    for (Index i = 0; i < n; ++i) {
        for (Index j = 0; j < d; ++j)
            if (!std::isfinite(x(i, j)))
                throw Error("Dataset '" + name + "', row " + std::to_string(i + 1) + ", column '"
                    + featureName(*this, j) + "': the value " + shortNumber(x(i, j))
                    + " is not finite; every value must be a finite number.");
        for (Index k = 0; k < y.cols(); ++k)
            if (!std::isfinite(y(i, k)))
                throw Error("Dataset '" + name + "', row " + std::to_string(i + 1) + ", target '"
                    + targetName + "': the value " + shortNumber(y(i, k))
                    + " is not finite; every value must be a finite number.");
    }

    // Split: the test rows are the first round(f*n) entries of a seeded permutation.
    const auto nTest = static_cast<Index>(std::llround(testFraction * static_cast<double>(n)));
    if (nTest >= n)
        throw Error("dataset.test_fraction " + shortNumber(testFraction)
            + " leaves no training "
              "rows out of "
            + std::to_string(n) + "; choose a smaller test fraction.");
    std::vector<char> isTest(static_cast<std::size_t>(n), 0);
    if (nTest > 0) {
        Rng rng(seed, 2);
        const auto perm = rng.permutation(n);
        for (Index i = 0; i < nTest; ++i)
            isTest[static_cast<std::size_t>(perm[static_cast<std::size_t>(i)])] = 1;
    }
    trainRows.clear();
    testRows.clear();
    for (Index i = 0; i < n; ++i)
        (isTest[static_cast<std::size_t>(i)] ? testRows : trainRows).push_back(i);

    xTrain = gatherRows(x, trainRows);
    yTrain = gatherRows(y, trainRows);
    xTest = gatherRows(x, testRows);
    yTest = gatherRows(y, testRows);

    // Warnings of an earlier prepare() are replaced, the loader's are kept.
    const std::string prefix = "Training set: ";
    std::erase_if(warnings, [&](const std::string& w) { return w.rfind(prefix, 0) == 0; });
    const auto nTrain = static_cast<Index>(trainRows.size());
    if (nTrain == 1)
        warnings.push_back(prefix + "only one training row; the model can only memorise it.");
    if (d > nTrain)
        warnings.push_back(prefix + std::to_string(d) + " features but only "
            + std::to_string(nTrain) + " training rows; the fit is underdetermined.");
    if (task != Task::Regression) {
        std::set<double> seen;
        for (Index i = 0; i < nTrain; ++i)
            seen.insert(yTrain(i, 0));
        if (seen.size() == 1) {
            const auto c = static_cast<std::size_t>(*seen.begin());
            const std::string label
                = c < classLabels.size() ? classLabels[c] : shortNumber(*seen.begin());
            warnings.push_back(prefix + "every training row has class '" + label
                + "'; a classifier cannot learn from a single class.");
        }
    }

    // Magnitudes near the double range overflow the loss's squares and the gradients to
    // inf at the first step: say so before training (standardizing fixes the features).
    // The matrices are row-major: the largest magnitude of every column in one pass over
    // the rows (a column at a time would stride through memory, seconds on 60,000 x 784).
    auto columnMaxAbs = [](const Matrix& m) {
        std::vector<double> top(static_cast<std::size_t>(m.cols()), 0.0);
        for (Index i = 0; i < m.rows(); ++i)
            for (Index j = 0; j < m.cols(); ++j)
                top[static_cast<std::size_t>(j)]
                    = std::max(top[static_cast<std::size_t>(j)], std::abs(m(i, j)));
        return top;
    };
    auto warnHuge = [&](double top, const std::string& what) {
        if (top > kHugeMagnitude)
            warnings.push_back(prefix + what + " reaches " + shortNumber(top)
                + "; values this large overflow the loss and its gradients to inf (the run "
                  "would diverge at once): "
                + (what.rfind("feature", 0) == 0 ? "turn on standardize or rescale it."
                                                 : "rescale it."));
    };
    if (!standardize) {
        const std::vector<double> top = columnMaxAbs(xTrain);
        for (Index j = 0; j < d; ++j)
            warnHuge(top[static_cast<std::size_t>(j)], "feature '" + featureName(*this, j) + "'");
    }
    if (task == Task::Regression) {
        const std::vector<double> top = columnMaxAbs(yTrain);
        for (Index k = 0; k < yTrain.cols(); ++k)
            warnHuge(top[static_cast<std::size_t>(k)], "the target '" + targetName + "'");
    }

    featureMean.resize(0);
    featureStd.resize(0);
    featureRescale.resize(0);
    if (!standardize)
        return;
    featureMean = xTrain.colwise().mean();
    featureStd.resize(d);
    featureRescale = RowVector::Zero(d);
    // Columns whose sums or squares overflow (values near 1e300): computed again on the
    // column divided by its largest magnitude, so they standardize to finite values instead
    // of NaN. Other columns keep the plain formula (and their exact numbers).
    for (Index j = 0; j < d; ++j) {
        // Population standard deviation (divide by n), as sklearn's StandardScaler.
        const double var = (xTrain.col(j).array() - featureMean(j)).square().mean();
        double s = std::sqrt(var);
        if (!std::isfinite(featureMean(j)) || !std::isfinite(var)) {
            const double top = xTrain.col(j).cwiseAbs().maxCoeff();
            const Eigen::ArrayXd z = xTrain.col(j).array() / top;
            const double mz = z.mean();
            const double sz = std::sqrt((z - mz).square().mean());
            featureMean(j) = top * mz;
            s = top * sz;
            if (sz > 0.0)
                featureRescale(j) = top;
        }
        if (!(s > 0.0)) {
            s = 1.0;
            warnings.push_back(prefix + "feature '" + featureName(*this, j)
                + "' is constant over the training rows; it is only centred, "
                  "not scaled.");
        }
        featureStd(j) = s;
    }
    xTrain = toModelSpace(xTrain);
    if (xTest.rows() > 0)
        xTest = toModelSpace(xTest);
    for (const Matrix* m : { &xTrain, &xTest })
        for (Index j = 0; j < d; ++j)
            if (!m->col(j).allFinite())
                throw Error("Dataset '" + name + "', feature '" + featureName(*this, j)
                    + "': standardizing it gives values that are not finite; rescale the "
                      "column.");
}

Matrix Dataset::toModelSpace(const ConstMatrixRef& raw) const
{
    if (raw.cols() != features())
        throw Error("Dataset '" + name + "': " + std::to_string(raw.cols())
            + " feature columns given; the dataset has " + std::to_string(features()) + ".");
    if (featureMean.size() == 0)
        return raw;
    Matrix out = ((raw.rowwise() - featureMean).array().rowwise() / featureStd.array()).matrix();
    for (Index j = 0; j < featureRescale.size(); ++j) {
        const double top = featureRescale(j);
        if (top == 0.0)
            continue;
        const double mz = featureMean(j) / top;
        const double sz = featureStd(j) / top;
        for (Index i = 0; i < raw.rows(); ++i)
            out(i, j) = (raw(i, j) / top - mz) / sz;
    }
    return out;
}

ImageShape suggestedImageShape(Index features)
{
    if (features < 64)
        return {};
    auto side = static_cast<Index>(std::llround(std::sqrt(static_cast<double>(features))));
    while (side * side > features)
        --side;
    while ((side + 1) * (side + 1) <= features)
        ++side;
    if (side * side != features)
        return {};
    return { static_cast<int>(side), static_cast<int>(side) };
}

std::string imageShapeProblem(const DatasetSpec& spec, Index features, const std::string& name)
{
    if (spec.imageRows == 0 && spec.imageCols == 0)
        return {};
    // Appended, not "[" + ... + "]": GCC 12's -Wrestrict misreads that concatenation.
    std::string shape = "[";
    shape += std::to_string(spec.imageRows);
    shape += ", ";
    shape += std::to_string(spec.imageCols);
    shape += ']';
    if (spec.imageRows <= 0 || spec.imageCols <= 0)
        return "dataset.image_shape " + shape + " must be two positive sizes [rows, cols]";
    const auto pixels = static_cast<Index>(spec.imageRows) * spec.imageCols;
    if (pixels != features)
        return "dataset.image_shape " + shape + " is " + std::to_string(pixels) + " pixels, but "
            + name + " has " + std::to_string(features)
            + " feature columns: rows x cols must equal the number of features";
    return {};
}

void applyImageShape(Dataset& data, const DatasetSpec& spec)
{
    if (std::string problem = imageShapeProblem(spec, data.features(), data.name); !problem.empty())
        throw Error(problem + ".");
    if (spec.imageRows > 0) {
        data.imageRows = spec.imageRows;
        data.imageCols = spec.imageCols;
    }
}

} // namespace bitlab
