#include "core/data/dataset.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace bitlab {

namespace {

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
        throw Error("dataset.test_fraction must be in [0, 1), got " + shortNumber(testFraction)
                    + ".");

    // Non-finite values would poison every loss; name the first one.
    for (Index i = 0; i < n; ++i) {
        for (Index j = 0; j < d; ++j)
            if (!std::isfinite(x(i, j)))
                throw Error("Dataset '" + name + "', row " + std::to_string(i + 1) + ", column '"
                            + featureName(*this, j) + "': the value " + shortNumber(x(i, j))
                            + " is not finite; every value must be a finite number.");
        for (Index k = 0; k < y.cols(); ++k)
            if (!std::isfinite(y(i, k)))
                throw Error("Dataset '" + name + "', row " + std::to_string(i + 1)
                            + ", target '" + targetName + "': the value " + shortNumber(y(i, k))
                            + " is not finite; every value must be a finite number.");
    }

    // Split: the test rows are the first round(f*n) entries of a seeded permutation.
    const auto nTest = static_cast<Index>(std::llround(testFraction * static_cast<double>(n)));
    if (nTest >= n)
        throw Error("dataset.test_fraction " + shortNumber(testFraction) + " leaves no training "
                    "rows out of " + std::to_string(n) + "; choose a smaller test fraction.");
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
                           + std::to_string(nTrain)
                           + " training rows; the fit is underdetermined.");
    if (task != Task::Regression) {
        std::set<double> seen;
        for (Index i = 0; i < nTrain; ++i)
            seen.insert(yTrain(i, 0));
        if (seen.size() == 1) {
            const auto c = static_cast<std::size_t>(*seen.begin());
            const std::string label = c < classLabels.size() ? classLabels[c] : shortNumber(*seen.begin());
            warnings.push_back(prefix + "every training row has class '" + label
                               + "'; a classifier cannot learn from a single class.");
        }
    }

    featureMean.resize(0);
    featureStd.resize(0);
    if (!standardize)
        return;
    featureMean = xTrain.colwise().mean();
    featureStd.resize(d);
    for (Index j = 0; j < d; ++j) {
        // Population standard deviation (divide by n), as sklearn's StandardScaler.
        const double var = (xTrain.col(j).array() - featureMean(j)).square().mean();
        double s = std::sqrt(var);
        if (!(s > 0.0)) {
            s = 1.0;
            warnings.push_back(prefix + "feature '" + featureName(*this, j)
                               + "' is constant over the training rows; it is only centred, "
                                 "not scaled.");
        }
        featureStd(j) = s;
    }
    xTrain = ((xTrain.rowwise() - featureMean).array().rowwise() / featureStd.array()).matrix();
    if (xTest.rows() > 0)
        xTest = ((xTest.rowwise() - featureMean).array().rowwise() / featureStd.array()).matrix();
}

} // namespace bitlab
