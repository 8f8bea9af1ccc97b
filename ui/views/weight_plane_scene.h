#pragma once
// WeightPlaneScene: what the weight plane shows, computed from data without painting:
// each run's trace through (w, b), each distinct grid of representable points (lattice)
// with its clamp range and label, the view rectangle, and the loss surface turned into a
// heat image and contour lines. WeightPlaneWidget paints a scene; tests check it directly.
// All coordinates are data coordinates (w along x, b along y, y up).

#include "core/engine/experiment_spec.h"
#include "ui/live_snapshot.h"

#include <QColor>
#include <QCoreApplication>
#include <QImage>
#include <QLineF>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace bitlab::ui {

class RunHistory;

struct WeightPlaneScene {
    Q_DECLARE_TR_FUNCTIONS(bitlab::ui::WeightPlaneScene)
public:
    // One distinct grid of representable points, shared by the runs that use it.
    struct Lattice {
        std::vector<double> xs, ys; // every level of w and of b (empty: not quantized)
        double xMin = 0, xMax = 0, yMin = 0, yMax = 0; // clamp range
        std::vector<int> runs;
        QColor color;
        QString label;
    };
    struct Trace {
        int run = 0;
        QString name;
        QColor color;
        QString description; // how it moves: glides, hops, latent -> snapped
        bool quantized = false;
        bool latent = false; // ste/ptq: the path drawn is the latent one
        std::vector<QPointF> path; // (w, b) per record: what the run uses (latent when `latent`)
        QPointF current; // the point the model uses now
        QPointF currentLatent; // ste/ptq
        bool hasCurrent = false;
    };

    std::vector<Trace> traces;
    std::vector<Lattice> lattices;
    QRectF range; // the view; empty before the first record
    std::int64_t step = 0;

    // Lattice line positions inside the view range (x: w levels, y: b levels).
    std::vector<double> visibleLevelsX(int lattice) const;
    std::vector<double> visibleLevelsY(int lattice) const;
    // Whether a lattice's clamp range cuts through the view (else it lies beyond it).
    bool clampVisible(int lattice) const;

    // Levels as drawn along one axis at `pixelsPerUnit`: a line for every level at least
    // minPixels from both neighbours' lines, and the spans where consecutive levels lie
    // closer than that, drawn as a shaded band. A float format's levels crowd towards zero
    // (each binade halves the step), so near zero they become a band while the lines
    // further out stay apart: the lattice stays truthful at any zoom, never dropped whole.
    struct LevelLines {
        std::vector<double> lines;
        std::vector<std::pair<double, double>> dense; // [from, to], ascending, disjoint
    };
    static LevelLines levelLines(
        const std::vector<double>& levels, double pixelsPerUnit, double minPixels = 3.0);
    // The smallest and largest gap between consecutive levels inside [lo, hi] (0, 0 with
    // fewer than two): one number for a uniform grid, a range for a float format.
    static std::pair<double, double> stepRange(
        const std::vector<double>& levels, double lo, double hi);

    // The tensor, row and column of scalar k of a snapshot (tensors in order, row-major):
    // k = 0 is w, k = 1 is b.
    static bool locateScalar(const WeightSnapshot& w, int k, int& tensor, Index& row, Index& col);

    // The scene of a history. `quantizers`: each run's (none: full precision). The view
    // covers the trajectories with a margin and only grows: `previousRange` is kept while
    // it still contains them.
    static WeightPlaneScene build(const RunHistory& history,
        const std::vector<std::optional<QuantizerSpec>>& quantizers, const QRectF& previousRange);
};

// The loss surface as drawn: log10 of the loss as a heat image (row 0 at the top, the
// largest b) and contour lines at 13 evenly spaced log-loss levels.
struct WeightPlaneSurface {
    LossSurface surface;
    QImage heat; // null when the surface has no finite value
    std::vector<QLineF> contours;
    double lossMin = 0, lossMax = 0;

    static WeightPlaneSurface build(const LossSurface& surface);
    // The heat ramp at t in [0, 1]: low loss cream, high loss slate blue.
    static QColor heatColor(double t);
};

} // namespace bitlab::ui
