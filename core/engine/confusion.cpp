#include "core/engine/confusion.h"

#include "core/loss/loss.h"

#include <numeric>

namespace bitlab {

std::int64_t ConfusionMatrix::rows() const
{
    return std::accumulate(counts.begin(), counts.end(), std::int64_t { 0 });
}

Scalar ConfusionMatrix::accuracy() const
{
    const std::int64_t n = rows();
    if (n == 0)
        return kNaN;
    std::int64_t correct = 0;
    for (int t = 0; t < classes; ++t)
        correct += at(t, t);
    return static_cast<Scalar>(correct) / static_cast<Scalar>(n);
}

Scalar ConfusionMatrix::classAccuracy(int trueClass) const
{
    std::int64_t n = 0;
    for (int p = 0; p < classes; ++p)
        n += at(trueClass, p);
    return n == 0 ? kNaN : static_cast<Scalar>(at(trueClass, trueClass)) / static_cast<Scalar>(n);
}

std::vector<ConfusionMatrix> confusionMatrices(const Experiment& experiment, Split split)
{
    const Dataset& data = experiment.dataset();
    const Matrix& x = split == Split::Train ? data.xTrain : data.xTest;
    const Matrix& y = split == Split::Train ? data.yTrain : data.yTest;
    std::vector<ConfusionMatrix> out;
    if (data.task == Task::Regression || x.rows() == 0)
        return out;
    const int k = data.classes();
    Matrix logits;
    for (int run = 0; run < experiment.runCount(); ++run) {
        ConfusionMatrix m;
        m.classes = k;
        m.counts.assign(static_cast<std::size_t>(k) * static_cast<std::size_t>(k), 0);
        experiment.predict(run, x, logits);
        for (Index r = 0; r < x.rows(); ++r) {
            const auto t = static_cast<int>(y(r, 0));
            // As the run's own accuracy counts it (RunTrainer::evaluateSet).
            const auto p = static_cast<int>(Loss::predictClass(logits.row(r)));
            ++m.counts[static_cast<std::size_t>(t * k + p)];
        }
        out.push_back(std::move(m));
    }
    return out;
}

} // namespace bitlab
