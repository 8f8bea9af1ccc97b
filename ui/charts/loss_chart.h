#pragma once
// LossChart: the Loss tab. Train loss (solid) and test loss (dashed) of every run over
// steps, one colour per run, the legend naming each run with its final values. Options:
// evaluated loss, batch loss, accuracy, or the learned steps and clips (learn lsq / pact:
// one curve per learned parameter, dashed differently, in the run's colour); linear or log y axis;
// TensorBoard's debiased EMA smoothing with the raw curve faint behind; hover for step and value;
// rubber-band zoom. Long histories are min/max-decimated to the plot's pixel columns; the curves
// are drawn by a CurveLayer over the chart's plot area (the chart keeps the axes, the grid and the
// legend, which names one empty series per run). "Compare with" lays an earlier experiment
// of the session (ResultArchive) over the current one: its runs' curves dotted (train) and
// dash-dotted (test) in their colours, behind the current curves, named "#N run" in the
// legend with their final values. In accuracy mode a strip under the chart gives each
// class's accuracy for a chosen run beside float64's (ClassAccuracyStrip).

#include "core/engine/lessons.h"
#include "ui/charts/ema_smoother.h"
#include "ui/charts/grid_change_markers.h"
#include "ui/charts/incremental_decimator.h"
#include "ui/charts/y_axis_pair.h"
#include "ui/run_history.h"
#include "ui/views/experiment_view.h"

#include <QPointer>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QChart;
class QLineSeries;
class QValueAxis;

namespace bitlab::ui {

class ChartView;
class ClassAccuracyStrip;
class CurveLayer;
class ResultArchive;
struct ArchivedResult;

class LossChart : public ExperimentView {
    Q_OBJECT
public:
    enum class Mode { Loss, BatchLoss, Accuracy, Learned };

    explicit LossChart(QWidget* parent = nullptr);

    QString title() const override { return tr("Loss"); }
    void setExperiment(const ExperimentInfo& info) override;
    // A regression is offered no Accuracy (it would draw an empty chart).
    void setExperimentPanel(const ExperimentPanel* panel) override;
    bool offersAccuracy() const;
    // Whether the "Learned steps and clips" entry is enabled (some run learns).
    bool offersLearned() const;
    // The lesson's metric, axis and smoothing, kept for its experiments (setExperiment would
    // otherwise pick the batch loss, smoothed, for mini-batch runs).
    void showLesson(const bitlab::LessonView* view) override;
    void refresh(const RunHistory& history, bool force) override;
    QStringList chartNames() const override { return { QStringLiteral("loss") }; }
    bool exportChart(int index, const QString& file, QString* error) const override;

    // The experiment's steps, the x axis's extent (a reopened session's, with no experiment).
    void setTotalSteps(std::int64_t steps) { m_totalSteps = steps; }
    // For tests and the command line.
    void setMode(Mode mode);
    Mode mode() const;
    void setLogScale(bool on);
    bool logScale() const;
    // Whether the y axis is logarithmic: the log box, except for accuracy (linear, to 1).
    bool logAxis() const;
    double smoothing() const;
    void setSmoothing(double weight); // [0, 0.99]
    // Points currently in the curve of run `run`: 0 main (smoothed), 1 raw, 2 test.
    QList<QPointF> seriesPoints(int run, int which) const;
    // Whether that curve is drawn as a column band (it zig-zags; see CurveLayer).
    bool seriesIsBand(int run, int which) const;
    // The layer that draws the curves (tests: hover, pixel positions).
    const CurveLayer& curveLayer() const { return *m_layer; }
    QString legendText(int run) const;
    // Whether every legend entry has the room its whole text needs (tests: nothing cut).
    bool legendFits() const;
    void resetZoom();
    // The hover readout on screen ("" when hidden): run, step and value under the pointer.
    QString readoutText() const;
    // Pixel columns the curves are decimated to (the plot area's width).
    int plotColumns() const;
    // The dashed lines marking grid changes made while paused.
    const GridChangeMarkers& gridChangeMarkers() const { return *m_gridMarkers; }

    // The session's earlier experiments, offered under "Compare with" (MainWindow sets it).
    void setArchive(const ResultArchive* archive);
    // The archived experiment laid over the chart (its number, -1: none), and choosing it.
    int overlay() const { return m_overlay; }
    void setOverlay(int number);
    // Points of the overlay's run `run`: 0 main, 1 test (tests).
    QList<QPointF> overlayPoints(int run, int which) const;
    QString overlayLegendText(int run) const;
    // Each class's accuracy for a chosen run, under the chart in accuracy mode.
    ClassAccuracyStrip* classAccuracy() const { return m_classes; }

private:
    struct RunSeries {
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

    struct OverlaySeries {
        QLineSeries* legend = nullptr;
        int main = -1, test = -1; // curves of m_layer
    };
    const ArchivedResult* overlayEntry() const;
    void rebuildOverlayPicker();
    // The overlay's curves for the current metric (smoothed like the current ones).
    void updateOverlay(std::vector<std::pair<int, QList<QPointF>>>& out) const;

    // Enables mode m's entry, or greys it out with the reason as its tooltip (and leaves it
    // for Loss when it is the one shown).
    void offerMode(Mode m, bool on, const QString& whyNot);
    bool offersMode(Mode m) const;
    void offerAccuracy(bool on); // greys the Accuracy entry out (and leaves it) for regression
    // Greys "Learned steps and clips" out (and leaves it) when no run of spec learns.
    void offerLearned(const ExperimentSpec& spec);
    void rebuildSeries(const RunHistory& history);
    void fitLegend(); // under the plot while the entries fit in one row, else on the right
    void redraw();
    void applyAxisType();
    void syncLayerRange();
    void forgetLinearRange();
    void onSmoothingChanged(int value);
    void showHover(int curve, const QPointF& point, bool state);
    // Mode Learned: the curves of run i's learned traces, decimated into `pending`.
    void addLearnedCurves(int run, double xMin, double xMax, int columns, bool log,
        std::vector<std::pair<int, const QList<QPointF>*>>& pending,
        const std::function<void(const QList<QPointF>&)>& extend);
    // The name of run `run`'s learned parameter k (from the live snapshot), or "#k".
    QString learnedName(int run, std::size_t k) const;
    Metric mainMetric() const;
    Metric testMetric() const;

    QComboBox* m_mode = nullptr;
    QCheckBox* m_log = nullptr;
    QSlider* m_smoothing = nullptr;
    QLabel* m_smoothingLabel = nullptr;
    QChart* m_chart = nullptr;
    ChartView* m_view = nullptr;
    QValueAxis* m_x = nullptr;
    std::unique_ptr<YAxisPair> m_y; // linear or log
    std::vector<RunSeries> m_series;
    CurveLayer* m_layer = nullptr; // owned by m_chart
    std::unique_ptr<GridChangeMarkers> m_gridMarkers;
    const RunHistory* m_history = nullptr;
    std::uint64_t m_drawnRevision = ~0ull;
    std::uint64_t m_generation = ~0ull;
    std::int64_t m_totalSteps = 0;
    bool m_autoRange = true;
    // The linear y range last asked for (applyNiceNumbers() widens what the axis reports).
    std::pair<double, double> m_yLinearWanted { 0.0, 0.0 };
    bool m_updating = false; // re-entrancy guard: our own axis changes are not user zooms
    std::optional<LessonView> m_lesson; // while a lesson's experiment is shown
    QLabel* m_readout = nullptr; // the hover readout
    QComboBox* m_overlayPicker = nullptr;
    const ResultArchive* m_archive = nullptr;
    int m_overlay = -1;
    std::vector<OverlaySeries> m_overlaySeries;
    ClassAccuracyStrip* m_classes = nullptr;
    bool m_classification = false;
    std::uint64_t m_classesRevision = ~0ull; // the snapshot m_classes shows
};

} // namespace bitlab::ui
