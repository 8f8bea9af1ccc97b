#pragma once
// LossCurves: the current runs' curves of the Loss chart, on its CurveLayer. Per run: the
// main curve (smoothed with TensorBoard's debiased EMA, or raw), the raw curve faint behind
// a smoothed one, the test curve dashed, and in mode Learned one curve per learned step
// size or clip, in the run's colour told apart by the dash pattern; plus the run's legend
// entry (a series without points). The history is min/max-decimated to the plot's pixel
// columns incrementally: a live frame rescans only the new points.

#include "ui/charts/ema_smoother.h"
#include "ui/charts/incremental_decimator.h"
#include "ui/run_history.h"

#include <QList>
#include <QPointF>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QLineSeries;

namespace bitlab::ui {

class CurveLayer;

class LossCurves {
public:
    explicit LossCurves(CurveLayer* layer)
        : m_layer(layer)
    {
    }

    // Removes the legend entries from `chart` (the layer's curves are cleared with it).
    void clear(QChart* chart);
    // Curves and a legend entry (on axes x and y) for every run of `history`, smoothed by
    // `weight`.
    void rebuild(const RunHistory& history, QChart* chart, QAbstractAxis* x, QAbstractAxis* y,
        double weight);
    int size() const { return static_cast<int>(m_runs.size()); }
    QLineSeries* legend(int run) const { return m_runs[static_cast<std::size_t>(run)].legend; }
    QList<QAbstractSeries*> legends() const;
    QStringList legendNames() const;

    // Another metric or smoothing weight: every curve is computed anew.
    void restart();
    void setSmoothing(double weight);

    // What to draw, where: the metrics' x range [xMin, xMax] in `columns` pixel columns.
    struct Frame {
        Metric main = Metric::TrainLoss, test = Metric::TestLoss;
        bool learned = false; // the learned parameters instead of the loss curves
        bool smoothed = false;
        double xMin = 0.0, xMax = 1.0;
        int columns = 800;
        bool log = false;
    };
    // Decimates run curves of `history` into `pending` (a curve of the layer and its
    // points; emptied curves get an empty list) and hands `extend` the points that set
    // the y range.
    void collect(const RunHistory& history, const Frame& frame,
        std::vector<std::pair<int, const QList<QPointF>*>>& pending,
        const std::function<void(const QList<QPointF>&)>& extend);

    // Curves of run `run`: 0 main (smoothed), 1 raw, 2 test (-1 when there is none).
    int curve(int run, int which) const;
    // The run whose main or test curve `curve` is (*test: the test one), or -1.
    int runOf(int curve, bool* test) const;
    // The run and learned parameter whose curve `curve` is; false when none.
    bool learnedOf(int curve, int* run, std::size_t* k) const;
    // The name of run `run`'s learned parameter k (from the live snapshot, or saved with
    // the traces of a reopened session), or "#k".
    static QString learnedName(const RunHistory& history, int run, std::size_t k);

private:
    struct Run {
        QLineSeries* legend = nullptr; // no points: names the run in the legend
        int main = -1, raw = -1, test = -1; // curves of m_layer
        EmaSmoother smoother;
        std::vector<double> smoothed;
        // The curves' decimations, kept between frames: a live frame only extends them.
        IncrementalDecimator mainDecimator, rawDecimator, testDecimator;
        // The traces' compaction counts at the last frame: a halved trace is decimated anew.
        std::uint32_t mainCompactions = 0, testCompactions = 0, meanCompactions = 0;
        // Mode Learned: one curve per learned parameter (created as they appear).
        std::vector<int> learned;
        std::vector<IncrementalDecimator> learnedDecimators;
        std::vector<std::uint32_t> learnedCompactions;
        void resetDecimators()
        {
            mainDecimator.reset();
            rawDecimator.reset();
            testDecimator.reset();
            for (IncrementalDecimator& d : learnedDecimators)
                d.reset();
        }
    };
    // Mode Learned: the curves of run i's learned traces, decimated into `pending`.
    void collectLearned(Run& s, const RunTrace& t, const Frame& frame,
        std::vector<std::pair<int, const QList<QPointF>*>>& pending,
        const std::function<void(const QList<QPointF>&)>& extend);

    CurveLayer* m_layer;
    std::vector<Run> m_runs;
};

} // namespace bitlab::ui
