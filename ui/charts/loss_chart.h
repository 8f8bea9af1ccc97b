#pragma once
// LossChart: the Loss tab. Train loss (solid) and test loss (dashed) of every run over
// steps, one colour per run, the legend naming each run with its final values. Options:
// evaluated loss, batch loss or accuracy; linear or log y axis; TensorBoard's debiased EMA
// smoothing with the raw curve faint behind; hover for step and value; rubber-band zoom.
// Long histories are min/max-decimated to the plot's pixel columns before replace().

#include "ui/charts/ema_smoother.h"
#include "ui/charts/grid_change_markers.h"
#include "ui/charts/incremental_decimator.h"
#include "ui/run_history.h"
#include "ui/views/experiment_view.h"

#include <QPointer>
#include <memory>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QChart;
class QLineSeries;
class QValueAxis;
class QLogValueAxis;
class QAbstractAxis;

namespace bitlab::ui {

class ChartView;

class LossChart : public ExperimentView {
    Q_OBJECT
public:
    enum class Mode { Loss, BatchLoss, Accuracy };

    explicit LossChart(QWidget* parent = nullptr);

    QString title() const override { return tr("Loss"); }
    QString key() const override { return QStringLiteral("loss"); }
    void setExperiment(const ExperimentInfo& info) override;
    void refresh(const RunHistory& history, bool force) override;
    QStringList chartNames() const override { return { QStringLiteral("loss") }; }
    bool exportChart(int index, const QString& file, QString* error) const override;

    // For tests and the command line.
    void setMode(Mode mode);
    Mode mode() const;
    void setLogScale(bool on);
    void setSmoothing(double weight); // [0, 0.99]
    // Points currently in the series of run `run`: 0 main (smoothed), 1 raw, 2 test.
    QList<QPointF> seriesPoints(int run, int which) const;
    // The pen width of a series (same `which`): 2.2 px, or 1 px for zig-zagging main curves.
    double seriesPenWidth(int run, int which) const;
    QString legendText(int run) const;
    void resetZoom();
    // Pixel columns the curves are decimated to (the plot area's width).
    int plotColumns() const;
    // The dashed lines marking grid changes made while paused.
    const GridChangeMarkers& gridChangeMarkers() const { return *m_gridMarkers; }

private:
    struct RunSeries {
        QLineSeries* main = nullptr;
        QLineSeries* raw = nullptr;
        QLineSeries* test = nullptr;
        EmaSmoother smoother;
        std::vector<double> smoothed;
        // The curves' decimations, kept between frames: a live frame only extends them.
        IncrementalDecimator mainDecimator, rawDecimator, testDecimator;
        // The traces' compaction counts at the last frame: a halved trace is decimated anew.
        std::uint32_t mainCompactions = 0, testCompactions = 0;
        void resetDecimators()
        {
            mainDecimator.reset();
            rawDecimator.reset();
            testDecimator.reset();
        }
    };

    void rebuildSeries(const RunHistory& history);
    void redraw();
    void applyMainPens();
    void applyAxisType();
    void forgetLinearRange();
    void onSmoothingChanged(int value);
    void showHover(int run, bool test, const QPointF& point, bool state);
    Metric mainMetric() const;
    Metric testMetric() const;

    QComboBox* m_mode = nullptr;
    QCheckBox* m_log = nullptr;
    QSlider* m_smoothing = nullptr;
    QLabel* m_smoothingLabel = nullptr;
    QChart* m_chart = nullptr;
    ChartView* m_view = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_yLinear = nullptr;
    QLogValueAxis* m_yLog = nullptr;
    std::vector<RunSeries> m_series;
    std::unique_ptr<GridChangeMarkers> m_gridMarkers;
    const RunHistory* m_history = nullptr;
    std::uint64_t m_drawnRevision = ~0ull;
    std::uint64_t m_generation = ~0ull;
    std::int64_t m_totalSteps = 0;
    bool m_autoRange = true;
    bool m_thinMain = false; // every main curve zig-zags: drawn with the 1 px pen
    // The linear y range last asked for (applyNiceNumbers() widens what the axis reports).
    std::pair<double, double> m_yLinearWanted { 0.0, 0.0 };
    bool m_updating = false; // re-entrancy guard: our own axis changes are not user zooms
};

} // namespace bitlab::ui
