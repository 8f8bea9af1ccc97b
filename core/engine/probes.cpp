#include "core/engine/probes.h"

#include "core/common/error.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <string>
#include <thread>

namespace bitlab {

DecisionGrid decisionGridFrame(const Dataset& data, int size)
{
    DecisionGrid grid;
    if (data.features() != 2 || data.task == Task::Regression || data.rows() == 0 || size < 1)
        return grid;
    double lo[2], hi[2];
    for (int c = 0; c < 2; ++c) {
        lo[c] = data.x.col(c).minCoeff();
        hi[c] = data.x.col(c).maxCoeff();
        const double span = hi[c] - lo[c];
        const double pad = span > 0 ? 0.08 * span : std::max(1.0, std::abs(lo[c]) * 0.1);
        lo[c] -= pad;
        hi[c] += pad;
    }
    grid.size = size;
    grid.xMin = lo[0];
    grid.xMax = hi[0];
    grid.yMin = lo[1];
    grid.yMax = hi[1];
    return grid;
}

Matrix decisionGridPoints(const DecisionGrid& frame)
{
    const int n = frame.size;
    Matrix x(static_cast<Index>(n) * n, 2);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const Index r = static_cast<Index>(i) * n + j;
            x(r, 0) = frame.xMin + (j + 0.5) * (frame.xMax - frame.xMin) / n;
            x(r, 1) = frame.yMax - (i + 0.5) * (frame.yMax - frame.yMin) / n;
        }
    return x;
}

DecisionGrid decisionGrid(const Experiment& experiment, DecisionGrid grid,
    const Matrix& modelInputs, int threads, const std::vector<int>& runs)
{
    grid.classes.clear();
    grid.confidence.clear();
    if (grid.empty())
        return grid;
    const Matrix computed = modelInputs.rows() > 0
        ? Matrix()
        : experiment.dataset().toModelSpace(decisionGridPoints(grid));
    const Matrix& inputs = modelInputs.rows() > 0 ? modelInputs : computed;
    const auto cells = static_cast<std::size_t>(inputs.rows());
    const auto runCount = static_cast<std::size_t>(experiment.runCount());
    std::vector<std::size_t> probed; // the runs to probe, in run order
    for (std::size_t run = 0; run < runCount; ++run)
        if (runs.empty()
            || std::find(runs.begin(), runs.end(), static_cast<int>(run)) != runs.end())
            probed.push_back(run);
    grid.classes.assign(runCount, {});
    grid.confidence.assign(runCount, {});
    for (std::size_t run : probed) {
        grid.classes[run].resize(cells);
        grid.confidence[run].resize(cells);
    }
    std::vector<std::exception_ptr> errors(runCount);
    // A run's predict() touches only that run's model (its own buffers), so runs may be
    // probed side by side; each run's cells are computed by one thread, in one call.
    auto probe = [&](std::size_t run) {
        Matrix logits;
        experiment.predict(static_cast<int>(run), inputs, logits);
        std::vector<std::uint8_t>& cls = grid.classes[run];
        std::vector<float>& conf = grid.confidence[run];
        for (std::size_t r = 0; r < cells; ++r) {
            const auto row = logits.row(static_cast<Index>(r));
            if (logits.cols() == 1) {
                const double z = row(0);
                const double p
                    = z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
                cls[r] = z > 0 ? 1 : 0; // as Loss::predictClass
                conf[r] = static_cast<float>(cls[r] ? p : 1.0 - p);
            } else {
                Index best = 0;
                const double m = row.maxCoeff(&best);
                const double sum = (row.array() - m).exp().sum();
                cls[r] = static_cast<std::uint8_t>(std::min<Index>(best, 255));
                conf[r] = static_cast<float>(1.0 / sum);
            }
            if (!std::isfinite(conf[r]))
                conf[r] = 0.5f;
        }
    };
    std::atomic<std::size_t> next { 0 };
    auto work = [&] {
        for (std::size_t k = next++; k < probed.size(); k = next++) {
            try {
                probe(probed[k]);
            } catch (...) {
                errors[probed[k]] = std::current_exception();
            }
        }
    };
    const auto workers = std::min(probed.size(), static_cast<std::size_t>(std::max(1, threads)));
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 1; t < workers; ++t)
            pool.emplace_back(work);
        work();
    }
    for (const std::exception_ptr& error : errors)
        if (error)
            std::rethrow_exception(error);
    return grid;
}

DecisionGrid decisionGrid(const Experiment& experiment, int size)
{
    return decisionGrid(experiment, decisionGridFrame(experiment.dataset(), size));
}

FitFrame fitFrame(const Dataset& data)
{
    FitFrame frame;
    if (data.task != Task::Regression || data.rows() == 0 || data.features() == 0)
        return frame;
    frame.features = static_cast<int>(data.features());
    std::vector<bool> test(static_cast<std::size_t>(data.rows()), false);
    for (Index r : data.testRows)
        test[static_cast<std::size_t>(r)] = true;
    const Index n = std::min(data.rows(), kMaxFitRows);
    for (Index r = 0; r < n; ++r) {
        if (frame.curve())
            frame.rowX.push_back(data.x(r, 0));
        frame.rowY.push_back(data.y(r, 0));
        frame.rowIsTest.push_back(test[static_cast<std::size_t>(r)]);
    }
    if (!frame.curve()) {
        frame.inputs = data.toModelSpace(data.x.topRows(n));
        return frame;
    }
    double lo = data.x.col(0).minCoeff();
    double hi = data.x.col(0).maxCoeff();
    const double span = hi - lo;
    const double pad = span > 0 ? 0.08 * span : std::max(1.0, std::abs(lo) * 0.1);
    lo -= pad;
    hi += pad;
    Matrix raw(kFitCurvePoints, 1);
    for (int i = 0; i < kFitCurvePoints; ++i) {
        const double x = lo + (hi - lo) * i / (kFitCurvePoints - 1);
        frame.curveX.push_back(x);
        raw(i, 0) = x;
    }
    frame.inputs = data.toModelSpace(raw);
    return frame;
}

std::vector<std::vector<double>> fitPredictions(const Experiment& experiment, const FitFrame& frame)
{
    std::vector<std::vector<double>> out;
    if (frame.empty() || frame.inputs.rows() == 0)
        return out;
    Matrix logits;
    for (int run = 0; run < experiment.runCount(); ++run) {
        experiment.predict(run, frame.inputs, logits);
        std::vector<double> values(static_cast<std::size_t>(logits.rows()));
        for (Index r = 0; r < logits.rows(); ++r) {
            const double v = logits(r, 0);
            values[static_cast<std::size_t>(r)]
                = std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
        }
        out.push_back(std::move(values));
    }
    return out;
}

LossSurface lossSurface(
    const Experiment& experiment, double x0, double x1, double y0, double y1, int size)
{
    if (experiment.parameterCount() != 2)
        throw Error("loss surface: the model has " + std::to_string(experiment.parameterCount())
            + " parameters; a surface needs exactly two.");
    if (size < 2 || size > 1000)
        throw Error("loss surface: size " + std::to_string(size) + " is outside [2, 1000].");
    if (!(x1 > x0) || !(y1 > y0))
        throw Error("loss surface: the rectangle is empty (x1 must exceed x0, y1 y0).");
    LossSurface surface;
    surface.size = size;
    surface.x0 = x0;
    surface.x1 = x1;
    surface.y0 = y0;
    surface.y1 = y1;
    surface.values.resize(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
    std::vector<Scalar> point(2);
    for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j) {
            point[0] = x0 + j * (x1 - x0) / (size - 1);
            point[1] = y0 + i * (y1 - y0) / (size - 1);
            const double v = experiment.trainLossAt(point);
            surface.values[static_cast<std::size_t>(i) * static_cast<std::size_t>(size)
                + static_cast<std::size_t>(j)]
                = std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
        }
    return surface;
}

} // namespace bitlab
