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
#include "ui/charts/grid_change_markers.h"
#include "ui/charts/loss_controls.h"
#include "ui/run_history.h"
#include "ui/views/experiment_view.h"

#include <QPointer>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QLabel;
class QChart;
class QLineSeries;
class QValueAxis;

namespace bitlab::ui {

class ChartView;
class ClassAccuracyStrip;
class CurveLayer;
class LossAxes;
class LossCurves;
class LossOverlay;
class ResultArchive;

class LossChart : public ExperimentView {
    Q_OBJECT
public:
    using Mode = LossMode;

    explicit LossChart(QWidget* parent = nullptr);
    ~LossChart() override;

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
    // The confusion matrices in Accuracy mode (the per-class strip), else none.
    quint32 snapshotParts() const override;
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

    // The session's earlier experiments, offered under "Compare with" (SessionKeeper sets it).
    void setArchive(const ResultArchive* archive);
    // The archived experiment laid over the chart (its number, -1: none), and choosing it.
    int overlay() const;
    void setOverlay(int number);
    // Points of the overlay's run `run`: 0 main, 1 test (tests).
    QList<QPointF> overlayPoints(int run, int which) const;
    QString overlayLegendText(int run) const;
    // Each class's accuracy for a chosen run, under the chart in accuracy mode.
    ClassAccuracyStrip* classAccuracy() const { return m_classes; }

private:
    // Lists the archive anew; when the experiment laid over left it, the chart goes on
    // without.
    void rebuildOverlayPicker();

    void offerAccuracy(bool on); // greys the Accuracy entry out (and leaves it) for regression
    // Greys "Learned steps and clips" out (and leaves it) when no run of spec learns.
    void offerLearned(const ExperimentSpec& spec);
    void rebuildSeries(const RunHistory& history);
    void fitLegend(); // under the plot while the entries fit in one row, else on the right
    void redraw();
    void applyAxisType();
    void onModeChanged();
    void onSmoothingChanged(double weight);
    void showHover(int curve, const QPointF& point, bool state);
    Metric mainMetric() const;
    Metric testMetric() const;
    // The evaluated metric whose final value the legend names (not the batch loss).
    Metric lastMetric() const;
    QStringList legendNames() const; // the current runs' and the overlay's entries

    LossControls* m_controls = nullptr;
    QChart* m_chart = nullptr;
    ChartView* m_view = nullptr;
    std::unique_ptr<LossAxes> m_axes;
    std::unique_ptr<LossCurves> m_curves; // the current runs'
    CurveLayer* m_layer = nullptr; // owned by m_chart
    std::unique_ptr<GridChangeMarkers> m_gridMarkers;
    const RunHistory* m_history = nullptr;
    std::uint64_t m_drawnRevision = ~0ull;
    std::uint64_t m_generation = ~0ull;
    std::int64_t m_totalSteps = 0;
    bool m_autoRange = true;
    bool m_updating = false; // re-entrancy guard: our own axis changes are not user zooms
    std::optional<LessonView> m_lesson; // while a lesson's experiment is shown
    QLabel* m_readout = nullptr; // the hover readout
    LossOverlay* m_overlay = nullptr;
    ClassAccuracyStrip* m_classes = nullptr;
    bool m_classification = false;
    std::uint64_t m_classesRevision = ~0ull; // the snapshot m_classes shows
};

} // namespace bitlab::ui
