#include "ui/views/weight_plane_scene.h"

#include "ui/run_history.h"
#include "ui/views/marching_squares.h"

#include <QStringList>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<double> levelsWithin(const std::vector<double>& levels, double lo, double hi)
{
    std::vector<double> out;
    for (double v : levels)
        if (v >= lo && v <= hi)
            out.push_back(v);
    return out;
}

} // namespace

bool WeightPlaneScene::locateScalar(
    const WeightSnapshot& w, int k, int& tensor, Index& row, Index& col)
{
    for (std::size_t t = 0; t < w.tensors.size(); ++t) {
        const Matrix& v = w.tensors[t].values;
        if (k < v.size()) {
            tensor = static_cast<int>(t);
            row = k / v.cols();
            col = k % v.cols();
            return true;
        }
        k -= static_cast<int>(v.size());
    }
    return false;
}

namespace {

std::vector<double> levelsOfScalar(const WeightSnapshot& w, int k)
{
    int t = 0;
    Index row = 0, col = 0;
    if (!WeightPlaneScene::locateScalar(w, k, t, row, col))
        return {};
    const TensorSnapshot& ts = w.tensors[static_cast<std::size_t>(t)];
    if (!ts.quantized || ts.levels.empty())
        return {};
    const auto c = static_cast<std::size_t>(ts.quant.channelOfRow(row));
    return c < ts.levels.size() ? ts.levels[c] : ts.levels.front();
}

} // namespace

WeightPlaneScene WeightPlaneScene::build(const RunHistory& history,
    const std::vector<std::optional<QuantizerSpec>>& quantizers, const QRectF& previousRange)
{
    WeightPlaneScene scene;
    scene.step = history.lastStep();
    scene.range = previousRange;
    const LiveSnapshot& snapshot = history.snapshot();

    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    bool any = false;
    auto grow = [&](const QPointF& p) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            return;
        if (!any) {
            x0 = x1 = p.x();
            y0 = y1 = p.y();
            any = true;
        }
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    };
    for (int i = 0; i < history.runCount(); ++i) {
        const RunTrace& run = history.run(i);
        Trace t;
        t.run = i;
        t.name = run.name;
        t.color = run.color;
        const std::optional<QuantizerSpec> q = i < static_cast<int>(quantizers.size())
            ? quantizers[static_cast<std::size_t>(i)]
            : std::nullopt;
        t.quantized = q.has_value();
        const bool latentMode = q && (q->mode == TrainingMode::Ste || q->mode == TrainingMode::Ptq);
        t.latent = latentMode && !run.latentTrajectory.empty();
        if (!q)
            t.description = tr("full precision: glides downhill");
        else if (q->mode == TrainingMode::Ste)
            t.description = tr("STE: latent ○ glides, the model uses ■");
        else if (q->mode == TrainingMode::Ptq)
            t.description = tr("PTQ: latent ○ trains, ■ is its rounding");
        else if (q->rounding == Rounding::Stochastic)
            t.description = tr("stochastic rounding after each update: hops");
        else
            t.description = tr("rounds after each update: hops, then stalls");
        const auto& src = t.latent ? run.latentTrajectory : run.trajectory;
        t.path.reserve(src.size());
        for (const auto& p : src)
            if (p.size() >= 2) {
                t.path.emplace_back(p[0], p[1]);
                grow(t.path.back());
            }
        if (t.quantized && !t.latent && t.path.size() >= 10
            && run.trajectorySteps.size() == t.path.size()) {
            // Where rounding after the update stopped moving the weights.
            std::size_t still = t.path.size() - 1;
            while (still > 0 && t.path[still - 1] == t.path.back())
                --still;
            if (t.path.size() - still >= 10)
                t.description += tr(" (still since step %1)").arg(run.trajectorySteps[still]);
        }
        if (!run.trajectory.empty() && run.trajectory.back().size() >= 2) {
            t.current = QPointF(run.trajectory.back()[0], run.trajectory.back()[1]);
            t.hasCurrent = true;
            grow(t.current);
        }
        if (t.latent && run.latentTrajectory.back().size() >= 2)
            t.currentLatent
                = QPointF(run.latentTrajectory.back()[0], run.latentTrajectory.back()[1]);
        scene.traces.push_back(std::move(t));
    }

    // Lattices: one per distinct grid, from the latest snapshot's levels.
    for (const WeightSnapshot& w : snapshot.weights) {
        if (w.run < 0 || w.run >= history.runCount())
            continue;
        std::vector<double> xs = levelsOfScalar(w, 0);
        std::vector<double> ys = levelsOfScalar(w, 1);
        if (xs.empty() && ys.empty())
            continue;
        auto same = std::find_if(scene.lattices.begin(), scene.lattices.end(),
            [&](const Lattice& l) { return l.xs == xs && l.ys == ys; });
        if (same != scene.lattices.end()) {
            same->runs.push_back(w.run);
            continue;
        }
        Lattice l;
        l.xs = std::move(xs);
        l.ys = std::move(ys);
        l.xMin = l.xs.empty() ? -kInf : l.xs.front();
        l.xMax = l.xs.empty() ? kInf : l.xs.back();
        l.yMin = l.ys.empty() ? -kInf : l.ys.front();
        l.yMax = l.ys.empty() ? kInf : l.ys.back();
        l.runs.push_back(w.run);
        scene.lattices.push_back(std::move(l));
    }
    for (Lattice& l : scene.lattices) {
        QStringList names;
        for (int r : l.runs)
            names << history.run(r).name;
        l.color = l.runs.size() == 1 ? history.run(l.runs.front()).color : QColor(0x4a, 0x55, 0x60);
        l.label = tr("grid of %1").arg(names.join(QStringLiteral(", ")));
    }

    // The view: the trajectories' extent with a margin; it only grows during a run.
    if (any) {
        double w = x1 - x0, h = y1 - y0;
        const double ext = std::max({ w, h, 1e-3 * std::max(std::abs(x0), std::abs(y0)), 1e-6 });
        // Keep both axes readable: neither side shorter than 40 % of the other.
        const double minSide = std::max(0.4 * ext, 0.25);
        if (w < minSide) {
            x0 -= (minSide - w) / 2;
            x1 += (minSide - w) / 2;
            w = minSide;
        }
        if (h < minSide) {
            y0 -= (minSide - h) / 2;
            y1 += (minSide - h) / 2;
            h = minSide;
        }
        const QRectF data(x0, y0, w, h);
        if (previousRange.isEmpty() || !previousRange.contains(data))
            scene.range = data.adjusted(-0.12 * w, -0.12 * h, 0.12 * w, 0.12 * h);
    }
    return scene;
}

std::vector<double> WeightPlaneScene::visibleLevelsX(int lattice) const
{
    if (lattice < 0 || lattice >= static_cast<int>(lattices.size()))
        return {};
    return levelsWithin(
        lattices[static_cast<std::size_t>(lattice)].xs, range.left(), range.right());
}

std::vector<double> WeightPlaneScene::visibleLevelsY(int lattice) const
{
    if (lattice < 0 || lattice >= static_cast<int>(lattices.size()))
        return {};
    return levelsWithin(
        lattices[static_cast<std::size_t>(lattice)].ys, range.top(), range.bottom());
}

bool WeightPlaneScene::clampVisible(int lattice) const
{
    if (lattice < 0 || lattice >= static_cast<int>(lattices.size()))
        return false;
    const Lattice& l = lattices[static_cast<std::size_t>(lattice)];
    return l.xMin > range.left() || l.xMax < range.right() || l.yMin > range.top()
        || l.yMax < range.bottom();
}

WeightPlaneScene::LevelLines WeightPlaneScene::levelLines(
    const std::vector<double>& levels, double pixelsPerUnit, double minPixels)
{
    LevelLines out;
    const std::size_t n = levels.size();
    std::vector<char> crowded(n, 0); // level i has a neighbour closer than minPixels
    for (std::size_t i = 0; i + 1 < n; ++i)
        if ((levels[i + 1] - levels[i]) * pixelsPerUnit < minPixels) {
            crowded[i] = crowded[i + 1] = 1;
            if (!out.dense.empty() && out.dense.back().second == levels[i])
                out.dense.back().second = levels[i + 1];
            else
                out.dense.emplace_back(levels[i], levels[i + 1]);
        }
    for (std::size_t i = 0; i < n; ++i)
        if (!crowded[i])
            out.lines.push_back(levels[i]);
    return out;
}

std::pair<double, double> WeightPlaneScene::stepRange(
    const std::vector<double>& levels, double lo, double hi)
{
    double smallest = kInf, largest = 0;
    auto it = std::lower_bound(levels.begin(), levels.end(), lo);
    for (; it != levels.end() && it + 1 != levels.end() && *(it + 1) <= hi; ++it) {
        const double gap = *(it + 1) - *it;
        smallest = std::min(smallest, gap);
        largest = std::max(largest, gap);
    }
    return largest > 0 ? std::make_pair(smallest, largest) : std::make_pair(0.0, 0.0);
}

QColor WeightPlaneSurface::heatColor(double t)
{
    // A calm light ramp: low loss cream, high loss slate blue, so the runs' colours stand out.
    static const QColor stops[] = { QColor(0xfb, 0xf6, 0xe6), QColor(0xe4, 0xee, 0xe6),
        QColor(0xc3, 0xd6, 0xe2), QColor(0x93, 0xab, 0xc6) };
    t = std::clamp(t, 0.0, 1.0) * 3.0;
    const int i = std::min(2, static_cast<int>(t));
    const double f = t - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor::fromRgbF(static_cast<float>(a.redF() + f * (b.redF() - a.redF())),
        static_cast<float>(a.greenF() + f * (b.greenF() - a.greenF())),
        static_cast<float>(a.blueF() + f * (b.blueF() - a.blueF())));
}

WeightPlaneSurface WeightPlaneSurface::build(const LossSurface& surface)
{
    WeightPlaneSurface out;
    out.surface = surface;
    const int n = surface.size;
    if (n < 2 || surface.values.size() != static_cast<std::size_t>(n) * n)
        return out;
    // Log of the loss: the valley and the walls both stay visible.
    std::vector<double> v(surface.values.size());
    double lo = kInf, hi = -kInf;
    for (std::size_t k = 0; k < v.size(); ++k) {
        const double x = surface.values[k];
        v[k] = std::isfinite(x) && x >= 0 ? std::log10(x + 1e-12)
                                          : std::numeric_limits<double>::quiet_NaN();
        if (std::isfinite(v[k])) {
            lo = std::min(lo, v[k]);
            hi = std::max(hi, v[k]);
        }
    }
    if (!(hi >= lo))
        return out;
    out.lossMin = std::pow(10.0, lo);
    out.lossMax = std::pow(10.0, hi);
    const double span = hi > lo ? hi - lo : 1.0;
    out.heat = QImage(n, n, QImage::Format_RGB32);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const double x = v[static_cast<std::size_t>(i) * n + j];
            out.heat.setPixelColor(j, n - 1 - i,
                std::isfinite(x) ? heatColor((x - lo) / span) : QColor(0xdd, 0xdd, 0xdd));
        }
    // Contours at evenly spaced log-loss levels.
    const double dx = (surface.x1 - surface.x0) / (n - 1);
    const double dy = (surface.y1 - surface.y0) / (n - 1);
    auto toData = [&](const QPointF& g) {
        return QPointF(surface.x0 + g.x() * dx, surface.y0 + g.y() * dy);
    };
    constexpr int kLevels = 14;
    for (int l = 1; l < kLevels; ++l)
        for (const QLineF& line : isoLines(v, n, n, lo + span * l / kLevels))
            out.contours.emplace_back(toData(line.p1()), toData(line.p2()));
    return out;
}

} // namespace bitlab::ui
