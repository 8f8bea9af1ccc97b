#include "ui/charts/loss_chart.h"

#include "ui/charts/chart_view.h"
#include "ui/charts/curve_layer.h"
#include "ui/charts/min_max_decimator.h"
#include "ui/charts/round_ticks.h"
#include "ui/charts/value_format.h"
#include "ui/core_text.h"
#include "ui/experiment_info.h"
#include "ui/result_archive.h"
#include "ui/views/class_accuracy_strip.h"
#include "ui/widgets/experiment_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace bitlab::ui {

namespace {
constexpr double kMainPen = 2.2; // a run's main curve
constexpr double kRawPen = 1.0; // the faint raw curve behind a smoothed one
constexpr double kPixelsPerXTick = 110.0; // a zoomed axis's round ticks: about this far apart
constexpr double kPixelsPerYTick = 45.0;
} // namespace

LossChart::LossChart(QWidget* parent)
    : ExperimentView(parent)
{
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("Loss (evaluated)"), static_cast<int>(Mode::Loss));
    m_mode->addItem(tr("Batch loss"), static_cast<int>(Mode::BatchLoss));
    m_mode->addItem(tr("Accuracy"), static_cast<int>(Mode::Accuracy));
    m_mode->addItem(tr("Learned steps and clips"), static_cast<int>(Mode::Learned));
    m_mode->setToolTip(tr("Loss (evaluated): exact loss over the whole train (solid) and test "
                          "(dashed) set at the evaluation steps.\nBatch loss: the mean loss of "
                          "each mini-batch as it was trained (noisy; smooth it).\nAccuracy: "
                          "share of correctly classified samples (classification only).\n"
                          "Learned steps and clips: every step size (LSQ) and activation clip "
                          "(PACT) the optimizer learns, one curve each (runs with Learn)."));
    m_mode->setObjectName(QStringLiteral("lossMode"));
    m_log = new QCheckBox(tr("Log scale"), this);
    m_log->setToolTip(tr("Logarithmic y axis: shows the last digits of a converging loss."));
    m_smoothing = new QSlider(Qt::Horizontal, this);
    m_smoothing->setRange(0, 99);
    m_smoothing->setFixedWidth(140);
    m_smoothing->setToolTip(
        tr("Smoothing weight w (TensorBoard's debiased EMA):\n"
           "last = w·last + (1−w)·v,  shown = last / (1 − w^i).\nThe raw curve stays faint "
           "behind the smoothed one."));
    m_smoothingLabel = new QLabel(QStringLiteral("0.00"), this);
    m_smoothingLabel->setMinimumWidth(32);
    auto* reset = new QPushButton(tr("Reset zoom"), this);
    reset->setToolTip(tr("Show every step again (or double-click the chart). Drag a "
                         "rectangle on the chart to zoom in."));
    m_overlayPicker = new QComboBox(this);
    m_overlayPicker->setObjectName(QStringLiteral("overlayPicker"));
    m_overlayPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_overlayPicker->setToolTip(
        tr("Lay an earlier experiment of this session over the chart: its runs dotted "
           "(train) and dash-dotted (test), in their colours."));
    m_overlayPicker->addItem(tr("no earlier result"), -1);
    m_overlayPicker->setEnabled(false);
    auto* hint = new QLabel(tr("solid: train   dashed: test"), this);
    hint->setStyleSheet(QStringLiteral("color: #555;"));

    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(8, 6, 8, 0);
    controls->addWidget(m_mode);
    controls->addSpacing(12);
    controls->addWidget(m_log);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Smoothing"), this));
    controls->addWidget(m_smoothing);
    controls->addWidget(m_smoothingLabel);
    controls->addSpacing(12);
    controls->addWidget(reset);
    controls->addStretch(1);
    // Second row: an earlier experiment to compare with, and what the line styles mean.
    auto* compare = new QHBoxLayout;
    compare->setContentsMargins(8, 0, 8, 0);
    compare->addWidget(new QLabel(tr("Compare with"), this));
    compare->addWidget(m_overlayPicker);
    compare->addStretch(1);
    compare->addWidget(hint);

    m_chart = new QChart;
    m_chart->setTheme(QChart::ChartThemeLight);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(6, 6, 6, 6));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = m_chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 1.05);
    m_chart->legend()->setFont(legendFont);
    m_x = new QValueAxis(m_chart);
    m_x->setTitleText(tr("step"));
    m_x->setLabelFormat(QStringLiteral("%g"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_y = std::make_unique<YAxisPair>(m_chart, QStringLiteral("%.4g"));
    m_x->setRange(0, 1);
    m_y->linear()->setRange(0, 1);
    m_layer = new CurveLayer(m_chart);
    connect(m_layer, &CurveLayer::hovered, this, &LossChart::showHover);
    m_gridMarkers = std::make_unique<GridChangeMarkers>(m_chart, m_x);

    m_view = new ChartView(m_chart, this);
    m_view->setExportName(QStringLiteral("loss"));
    m_view->setMinimumSize(400, 300);
    // The grid and axis lines are horizontal and vertical: crisp and several times cheaper
    // without antialiasing. The curve layer antialiases its own lines.
    m_view->setRenderHint(QPainter::Antialiasing, false);
    // Round ticks after a zoom (Qt's fixed count gave 19.5345, 109.348).
    keepRoundTicks(m_x, m_chart, Qt::Horizontal, kPixelsPerXTick);
    keepRoundTicks(m_y->linear(), m_chart, Qt::Vertical, kPixelsPerYTick);
    // The hover readout: a label over the plot, not a tooltip (a tooltip window hid itself
    // within a second with the pointer still). It never takes the pointer from the chart.
    m_readout = new QLabel(m_view->viewport());
    m_readout->setObjectName(QStringLiteral("lossReadout"));
    m_readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_readout->setStyleSheet(QStringLiteral(
        "QLabel { background: #fffff2; color: #111; border: 1px solid #999; padding: 3px 5px; }"));
    m_readout->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(controls);
    layout->addLayout(compare);
    layout->addWidget(m_view, 1);
    m_classes = new ClassAccuracyStrip(this);
    m_classes->setVisible(false);
    layout->addWidget(m_classes);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        // Accuracy lies in [0, 1]: a linear axis ending at 1, whatever the log box says.
        m_log->setEnabled(mode() != Mode::Accuracy);
        applyAxisType();
        for (RunSeries& s : m_series) {
            s.smoothed.clear();
            s.smoother.reset();
            s.resetDecimators();
        }
        m_autoRange = true;
        forgetLinearRange();
        m_classes->setVisible(m_classification && mode() == Mode::Accuracy);
        if (m_history && m_classes->isVisible()) {
            m_classesRevision = m_history->snapshotRevision();
            m_classes->showSnapshot(&m_history->snapshot());
        }
        redraw();
    });
    connect(m_overlayPicker, &QComboBox::currentIndexChanged, this,
        [this] { setOverlay(m_overlayPicker->currentData().toInt()); });
    connect(m_log, &QCheckBox::toggled, this, [this] {
        applyAxisType();
        redraw();
    });
    connect(m_smoothing, &QSlider::valueChanged, this, &LossChart::onSmoothingChanged);
    connect(reset, &QPushButton::clicked, this, &LossChart::resetZoom);
    connect(m_view, &ChartView::zoomResetRequested, this, &LossChart::resetZoom);
    connect(m_view, &ChartView::zoomedByUser, this, [this] {
        if (m_updating)
            return;
        m_autoRange = false;
        // The zoomed range as dragged, with round ticks.
        applyRoundTicks(m_x, m_chart->plotArea().width(), kPixelsPerXTick);
        if (logAxis()) {
            // A log axis labels only powers of ten: a zoom keeps whole decades in y (two
            // labels at least), the x range as dragged.
            const auto [lo, hi] = YAxisPair::decades(m_y->log()->min(), m_y->log()->max());
            m_y->log()->setRange(lo, hi);
        } else {
            applyRoundTicks(m_y->linear(), m_chart->plotArea().height(), kPixelsPerYTick);
        }
        forgetLinearRange();
        redraw();
    });
    // The curves follow the axes, whoever changes them (redraw() or the rubber band).
    connect(m_x, &QValueAxis::rangeChanged, this, &LossChart::syncLayerRange);
    connect(m_y->linear(), &QValueAxis::rangeChanged, this, &LossChart::syncLayerRange);
    connect(m_y->log(), &QLogValueAxis::rangeChanged, this, &LossChart::syncLayerRange);
    // Losses span decades: a log axis shows where runs part ways (and where one stalls).
    m_log->setChecked(true);
    applyAxisType();
}

void LossChart::syncLayerRange()
{
    if (logAxis())
        m_layer->setRange(m_x->min(), m_x->max(), m_y->log()->min(), m_y->log()->max(), true);
    else
        m_layer->setRange(
            m_x->min(), m_x->max(), m_y->linear()->min(), m_y->linear()->max(), false);
}

void LossChart::setExperiment(const ExperimentInfo& info)
{
    m_totalSteps = info.totalSteps;
    m_classification = info.task != Task::Regression;
    m_classes->setExperiment(info);
    m_classesRevision = ~0ull;
    offerAccuracy(info.task != Task::Regression);
    offerLearned(info.spec);
    // Mini-batch runs are evaluated once per epoch: their batch loss is the live curve.
    const bool everyStep = info.spec.training.evalEvery.value_or(1) == 1;
    m_mode->setCurrentIndex(everyStep ? 0 : 1);
    // Batch losses are noisy: start them smoothed (the raw curve stays faint behind).
    setSmoothing(everyStep ? 0.0 : 0.8);
    if (m_lesson) // a lesson's text reads these curves as it says
        showLesson(&*m_lesson);
    m_autoRange = true;
    forgetLinearRange();
    m_drawnRevision = ~0ull;
}

void LossChart::setExperimentPanel(const ExperimentPanel* panel)
{
    if (!panel)
        return;
    // Before a run the panel's task decides (a regression has no accuracy); setExperiment
    // confirms it with the experiment's own.
    connect(panel, &ExperimentPanel::specChanged, this, [this, panel] {
        const std::optional<Task> task = panel->task();
        offerAccuracy(!task || *task != Task::Regression);
        offerLearned(panel->spec());
    });
}

void LossChart::offerMode(Mode m, bool on, const QString& whyNot)
{
    auto* items = qobject_cast<QStandardItemModel*>(m_mode->model());
    QStandardItem* item = items ? items->item(m_mode->findData(static_cast<int>(m))) : nullptr;
    if (!item)
        return;
    item->setEnabled(on);
    item->setToolTip(on ? QString() : whyNot);
    if (!on && mode() == m)
        setMode(Mode::Loss);
}

bool LossChart::offersMode(Mode m) const
{
    const auto* items = qobject_cast<const QStandardItemModel*>(m_mode->model());
    const QStandardItem* item
        = items ? items->item(m_mode->findData(static_cast<int>(m))) : nullptr;
    return item && item->isEnabled();
}

void LossChart::offerLearned(const ExperimentSpec& spec)
{
    offerMode(Mode::Learned, std::any_of(spec.runs.begin(), spec.runs.end(), runLearns),
        tr("No run learns a step size or clip: set Learn to LSQ or PACT "
           "(mode ste) in a run's quantizer."));
}

bool LossChart::offersLearned() const
{
    return offersMode(Mode::Learned);
}

void LossChart::offerAccuracy(bool on)
{
    offerMode(Mode::Accuracy, on,
        tr("Accuracy needs a classification dataset; this experiment is a "
           "regression."));
}

bool LossChart::offersAccuracy() const
{
    return offersMode(Mode::Accuracy);
}

void LossChart::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}

LossChart::Mode LossChart::mode() const
{
    return static_cast<Mode>(m_mode->currentData().toInt());
}

void LossChart::setLogScale(bool on)
{
    m_log->setChecked(on);
}

bool LossChart::logScale() const
{
    return m_log->isChecked();
}

bool LossChart::logAxis() const
{
    return m_log->isChecked() && mode() != Mode::Accuracy;
}

double LossChart::smoothing() const
{
    return m_smoothing->value() / 100.0;
}

void LossChart::showLesson(const LessonView* view)
{
    m_classes->preferRun(view ? QString::fromStdString(view->boundaryRun) : QString());
    if (!view) {
        m_lesson.reset();
        return;
    }
    m_lesson = *view;
    if (view->metric == "accuracy")
        setMode(Mode::Accuracy);
    else if (view->metric == "batch_loss")
        setMode(Mode::BatchLoss);
    else if (view->metric == "learned")
        setMode(Mode::Learned);
    else
        setMode(Mode::Loss);
    setLogScale(view->logAxis);
    setSmoothing(view->smoothing);
}

void LossChart::setSmoothing(double weight)
{
    m_smoothing->setValue(static_cast<int>(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
}

void LossChart::resetZoom()
{
    m_autoRange = true;
    forgetLinearRange();
    redraw();
}

Metric LossChart::mainMetric() const
{
    switch (mode()) {
    case Mode::Loss:
        return Metric::TrainLoss;
    case Mode::BatchLoss:
        return Metric::BatchLoss;
    case Mode::Accuracy:
        return Metric::TrainAccuracy;
    case Mode::Learned:
        break;
    }
    return Metric::TrainLoss;
}

Metric LossChart::testMetric() const
{
    return mode() == Mode::Accuracy ? Metric::TestAccuracy : Metric::TestLoss;
}

void LossChart::onSmoothingChanged(int value)
{
    m_smoothingLabel->setText(QString::number(value / 100.0, 'f', 2));
    for (RunSeries& s : m_series) {
        s.smoother.setWeight(value / 100.0);
        s.smoothed.clear();
        s.resetDecimators();
    }
    redraw();
}

void LossChart::applyAxisType()
{
    QList<QAbstractSeries*> legends;
    for (const RunSeries& s : m_series)
        legends.append(s.legend);
    m_y->use(logAxis(), legends);
    syncLayerRange();
    m_autoRange = true;
    forgetLinearRange();
}

void LossChart::rebuildSeries(const RunHistory& history)
{
    for (RunSeries& s : m_series) {
        m_chart->removeSeries(s.legend);
        delete s.legend;
    }
    m_series.clear();
    for (OverlaySeries& o : m_overlaySeries) {
        m_chart->removeSeries(o.legend);
        delete o.legend;
    }
    m_overlaySeries.clear();
    m_layer->clearCurves();
    m_readout->hide(); // its curve is gone
    // The earlier experiment at the back: dotted train, dash-dotted test curves.
    const ArchivedResult* earlier = overlayEntry();
    if (earlier)
        for (const ArchivedRun& run : earlier->runs) {
            QColor color = run.color;
            color.setAlpha(190);
            QPen main(color, 1.8, Qt::CustomDashLine, Qt::RoundCap);
            main.setDashPattern({ 1.0, 2.2 });
            QPen test(color, 1.4, Qt::CustomDashLine);
            test.setDashPattern({ 6.0, 2.5, 1.0, 2.5 });
            OverlaySeries o;
            o.test = m_layer->addCurve(test, false);
            o.main = m_layer->addCurve(main, false);
            m_overlaySeries.push_back(o);
        }
    m_series.resize(static_cast<std::size_t>(history.runCount()));
    QAbstractAxis* y = m_y->current();
    for (int i = 0; i < history.runCount(); ++i) {
        RunSeries& s = m_series[static_cast<std::size_t>(i)];
        const QColor color = history.run(i).color;
        s.smoother.setWeight(m_smoothing->value() / 100.0);
        // Drawn in this order: the faint raw curve at the back, the main curve on top.
        QColor faint = color;
        faint.setAlpha(60);
        s.raw = m_layer->addCurve(QPen(faint, kRawPen), false);
        s.test = m_layer->addCurve(QPen(color, 2.0, Qt::DashLine), true);
        s.main = m_layer->addCurve(QPen(color, kMainPen), true);
        s.legend = new QLineSeries;
        s.legend->setPen(QPen(color, kMainPen));
        s.legend->setName(history.run(i).name);
        m_chart->addSeries(s.legend);
        s.legend->attachAxis(m_x);
        s.legend->attachAxis(y);
    }
    for (std::size_t i = 0; i < m_overlaySeries.size(); ++i) {
        OverlaySeries& o = m_overlaySeries[i];
        QPen pen(earlier->runs[i].color, kMainPen, Qt::CustomDashLine, Qt::RoundCap);
        pen.setDashPattern({ 1.0, 2.2 });
        o.legend = new QLineSeries;
        o.legend->setPen(pen);
        o.legend->setName(overlayLegendText(static_cast<int>(i)));
        m_chart->addSeries(o.legend);
        o.legend->attachAxis(m_x);
        o.legend->attachAxis(y);
        // A dotted line in the legend, not the square of the current runs.
        for (QLegendMarker* marker : m_chart->legend()->markers(o.legend))
            marker->setShape(QLegend::MarkerShapeFromSeries);
    }
    m_autoRange = true;
    forgetLinearRange();
}

void LossChart::setArchive(const ResultArchive* archive)
{
    m_archive = archive;
    if (archive)
        connect(archive, &ResultArchive::changed, this, &LossChart::rebuildOverlayPicker);
    rebuildOverlayPicker();
}

void LossChart::rebuildOverlayPicker()
{
    const QSignalBlocker quiet(m_overlayPicker);
    m_overlayPicker->clear();
    m_overlayPicker->addItem(tr("no earlier result"), -1);
    if (m_archive)
        for (auto it = m_archive->entries().rbegin(); it != m_archive->entries().rend(); ++it) {
            // The experiment on screen is not "earlier".
            if (m_history && it->generation == m_history->generation())
                continue;
            m_overlayPicker->addItem(it->label(), it->number);
        }
    m_overlayPicker->setEnabled(m_overlayPicker->count() > 1);
    if (!overlayEntry() || m_overlayPicker->findData(m_overlay) < 0) {
        m_overlayPicker->setCurrentIndex(0);
        if (m_overlay >= 0) {
            m_overlay = -1;
            if (m_history)
                rebuildSeries(*m_history);
            redraw();
        }
    } else {
        m_overlayPicker->setCurrentIndex(m_overlayPicker->findData(m_overlay));
    }
}

const ArchivedResult* LossChart::overlayEntry() const
{
    return m_archive && m_overlay >= 0 ? m_archive->find(m_overlay) : nullptr;
}

void LossChart::setOverlay(int number)
{
    if (number == m_overlay)
        return;
    m_overlay = number;
    {
        const QSignalBlocker quiet(m_overlayPicker);
        const int index = m_overlayPicker->findData(number);
        m_overlayPicker->setCurrentIndex(std::max(0, index));
    }
    if (m_history)
        rebuildSeries(*m_history);
    redraw();
}

void LossChart::updateOverlay(std::vector<std::pair<int, QList<QPointF>>>& out) const
{
    const ArchivedResult* earlier = overlayEntry();
    if (!earlier || earlier->runs.size() != m_overlaySeries.size())
        return;
    const auto mainM = static_cast<std::size_t>(mainMetric());
    const auto testM = static_cast<std::size_t>(testMetric());
    const double weight = m_smoothing->value() / 100.0;
    for (std::size_t i = 0; i < earlier->runs.size(); ++i) {
        const ArchivedRun& run = earlier->runs[i];
        QList<QPointF> main = run.curves[mainM];
        if (weight > 0 && !run.means[mainM].isEmpty()) {
            // Smoothed as the current curves are (over the kept group means).
            std::vector<double> values, smoothed;
            for (const QPointF& p : run.means[mainM])
                values.push_back(p.y());
            EmaSmoother ema;
            ema.setWeight(weight);
            ema.extend(values, smoothed);
            main.clear();
            for (std::size_t k = 0; k < smoothed.size(); ++k)
                main.append(QPointF(run.means[mainM][static_cast<qsizetype>(k)].x(), smoothed[k]));
        }
        out.emplace_back(m_overlaySeries[i].main, std::move(main));
        out.emplace_back(m_overlaySeries[i].test, run.curves[testM]);
    }
}

QList<QPointF> LossChart::overlayPoints(int run, int which) const
{
    if (run < 0 || run >= static_cast<int>(m_overlaySeries.size()))
        return {};
    const OverlaySeries& o = m_overlaySeries[static_cast<std::size_t>(run)];
    return m_layer->points(which == 0 ? o.main : o.test);
}

QString LossChart::overlayLegendText(int run) const
{
    const ArchivedResult* earlier = overlayEntry();
    if (!earlier || run < 0 || run >= static_cast<int>(earlier->runs.size()))
        return {};
    const ArchivedRun& r = earlier->runs[static_cast<std::size_t>(run)];
    QString text = QStringLiteral("#%1 %2").arg(earlier->number).arg(r.name);
    const Metric mainM = mode() == Mode::Accuracy ? Metric::TrainAccuracy : Metric::TrainLoss;
    const double main = r.last[static_cast<std::size_t>(mainM)];
    const double test = r.last[static_cast<std::size_t>(testMetric())];
    if (std::isfinite(main))
        text += QStringLiteral("  ") + formatChartValue(main);
    if (std::isfinite(test))
        text += tr(" (test %1)").arg(formatChartValue(test));
    return text;
}

void LossChart::refresh(const RunHistory& history, bool force)
{
    m_history = &history;
    if (history.generation() != m_generation) {
        m_generation = history.generation();
        rebuildSeries(history);
        rebuildOverlayPicker(); // the experiment shown before is an earlier one now
    }
    m_classes->setVisible(m_classification && mode() == Mode::Accuracy);
    if (m_classes->isVisible() && (force || history.snapshotRevision() != m_classesRevision)) {
        m_classesRevision = history.snapshotRevision();
        m_classes->showSnapshot(&history.snapshot());
    }
    if (!force && history.revision() == m_drawnRevision)
        return;
    redraw();
}

void LossChart::forgetLinearRange()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m_yLinearWanted = { nan, nan }; // unequal to anything: the next redraw sets the range
}

int LossChart::plotColumns() const
{
    const int w = static_cast<int>(m_chart->plotArea().width());
    return w > 10 ? w : 800;
}

void LossChart::redraw()
{
    if (!m_history || static_cast<int>(m_series.size()) != m_history->runCount())
        return;
    m_updating = true;
    const RunHistory& h = *m_history;
    m_drawnRevision = h.revision();
    const bool log = logAxis();
    const bool smoothing = m_smoothing->value() > 0;
    const Metric mainM = mainMetric(), testM = testMetric();

    // An earlier experiment laid over this one (its curves are at most a few thousand points).
    std::vector<std::pair<int, QList<QPointF>>> overlay;
    updateOverlay(overlay);
    double xMin = 0, xMax = 0;
    if (m_autoRange) {
        xMax = static_cast<double>(std::max<std::int64_t>({ m_totalSteps, h.lastStep(), 1 }));
        for (const auto& [curve, points] : overlay) // a longer earlier run shows whole
            if (!points.isEmpty())
                xMax = std::max(xMax, points.back().x());
    } else {
        xMin = m_x->min();
        xMax = m_x->max();
    }
    const int columns = plotColumns();
    double yMin = std::numeric_limits<double>::infinity(), yMax = -yMin;
    auto extend = [&](const QList<QPointF>& pts) {
        for (const QPointF& p : pts) {
            if (p.x() < xMin || p.x() > xMax || !std::isfinite(p.y()) || (log && p.y() <= 0))
                continue;
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
    };

    // Decimate (incrementally: a live frame rescans only the new points), set the axes,
    // then hand the layer the curves whose points changed.
    std::vector<std::pair<int, const QList<QPointF>*>> pending;
    pending.reserve(3 * m_series.size());
    static const QList<QPointF> kNone;
    const bool learned = mode() == Mode::Learned;
    for (int i = 0; i < h.runCount(); ++i) {
        RunSeries& s = m_series[static_cast<std::size_t>(i)];
        if (learned) {
            // The learned parameters instead of the run's loss curves.
            for (int c : { s.main, s.raw, s.test })
                pending.emplace_back(c, &kNone);
            addLearnedCurves(i, xMin, xMax, columns, log, pending, extend);
            continue;
        }
        for (int c : s.learned)
            pending.emplace_back(c, &kNone);
        const RunTrace& run = h.run(i);
        const MetricTrace& mainT = run.metric(mainM);
        const MetricTrace& testT = run.metric(testM);
        const QList<QPointF>* mainPts = nullptr;
        const QList<QPointF>* rawPts = &kNone;
        if (mainT.compactions != s.mainCompactions || testT.compactions != s.testCompactions
            || mainT.meanCompactions != s.meanCompactions) {
            s.mainCompactions = mainT.compactions;
            s.testCompactions = testT.compactions;
            s.meanCompactions = mainT.meanCompactions;
            s.smoothed.clear();
            s.smoother.reset();
            s.resetDecimators();
        }
        if (smoothing) {
            // The smoothed metrics keep their history as group means too (RunHistory): the
            // same values as the trace until it first halves, its groups' means after.
            const std::vector<double>& x = mainT.meanSteps;
            const std::vector<double>& v = mainT.means;
            if (s.smoothed.size() > v.size()) {
                s.smoothed.clear();
                s.smoother.reset();
                s.mainDecimator.reset();
            }
            s.smoother.extend(v, s.smoothed);
            // The smoothed curve changes little within 2 px: 2 px buckets are enough.
            mainPts = &s.mainDecimator.update(
                x.data(), s.smoothed.data(), v.size(), xMin, xMax, std::max(1, columns / 2), log);
            rawPts = &s.rawDecimator.update(
                mainT.steps.data(), mainT.values.data(), mainT.size(), xMin, xMax, columns, log);
        } else {
            mainPts = &s.mainDecimator.update(
                mainT.steps.data(), mainT.values.data(), mainT.size(), xMin, xMax, columns, log);
        }
        // The test curve is dashed (8 px dashes): detail finer than 4 px columns cannot show,
        // and Qt's dasher costs per vertex, so it gets a quarter of the buckets.
        const QList<QPointF>& testPts = s.testDecimator.update(testT.steps.data(),
            testT.values.data(), testT.size(), xMin, xMax, std::max(1, columns / 4), log);
        extend(smoothing ? *rawPts : *mainPts);
        extend(testPts);
        pending.emplace_back(s.main, mainPts);
        pending.emplace_back(s.raw, rawPts);
        pending.emplace_back(s.test, &testPts);
    }

    for (const auto& [curve, points] : overlay)
        extend(points);

    if (m_autoRange) {
        if (!std::isfinite(yMin)) {
            yMin = log ? 0.1 : 0.0;
            yMax = 1.0;
        }
        double lo = 0, hi = 0;
        int accuracyTicks = 0;
        if (log) {
            // Whole decades (a log axis labels only powers of ten): keep two in view.
            std::tie(lo, hi) = YAxisPair::decades(yMin / 1.2, yMax * 1.2);
        } else if (mode() == Mode::Accuracy) {
            // From a round value below the lowest accuracy to exactly 1, ticks 0.01, 0.02,
            // 0.05, 0.1 or 0.2 apart (at most 11 of them).
            const double low = std::clamp(yMin, 0.0, 1.0);
            double step = 0.2;
            for (const double candidate : { 0.01, 0.02, 0.05, 0.1 })
                if ((1.0 - std::floor(low / candidate - 1e-9) * candidate) / candidate <= 10.5) {
                    step = candidate;
                    break;
                }
            lo = std::max(0.0, std::floor(low / step - 1e-9) * step);
            hi = 1.0;
            accuracyTicks = static_cast<int>(std::lround((hi - lo) / step)) + 1;
        } else {
            const double span = yMax > yMin ? yMax - yMin : std::max(std::abs(yMax), 1.0);
            lo = yMin - 0.04 * span;
            hi = yMax + 0.04 * span;
            if (yMin >= 0 && lo < 0)
                lo = 0;
        }
        // Whole ranges get Qt's fixed tick count again (before they widen: see round_ticks.h).
        useFixedTicks(m_x);
        useFixedTicks(m_y->linear());
        // Qt Charts lays out the axes and the grid anew on every range change: only real ones.
        if (m_x->min() != xMin || m_x->max() != xMax)
            m_x->setRange(xMin, xMax);
        if (log) {
            if (m_y->log()->min() != lo || m_y->log()->max() != hi)
                m_y->log()->setRange(lo, hi);
        } else if (m_yLinearWanted != std::make_pair(lo, hi)) {
            m_yLinearWanted = { lo, hi };
            m_y->linear()->setRange(lo, hi);
            if (accuracyTicks > 0)
                m_y->linear()->setTickCount(accuracyTicks);
            else
                m_y->linear()->applyNiceNumbers();
        }
    }
    for (const auto& [curve, points] : pending)
        if (m_layer->points(curve) != *points)
            m_layer->setPoints(curve, *points);
    for (const auto& [curve, points] : overlay)
        if (m_layer->points(curve) != points)
            m_layer->setPoints(curve, points);
    for (std::size_t i = 0; i < m_overlaySeries.size(); ++i) {
        const QString text = overlayLegendText(static_cast<int>(i));
        if (m_overlaySeries[i].legend->name() != text)
            m_overlaySeries[i].legend->setName(text);
    }
    for (int i = 0; i < h.runCount(); ++i) {
        // setName() re-lays out the legend even when the text is the same.
        const QString text = legendText(i);
        QLineSeries* legend = m_series[static_cast<std::size_t>(i)].legend;
        if (legend->name() != text)
            legend->setName(text);
    }
    fitLegend();
    const QString yTitle = mode() == Mode::Accuracy ? tr("accuracy")
        : mode() == Mode::BatchLoss                 ? tr("batch loss")
        : mode() == Mode::Learned                   ? tr("learned step / clip")
                                                    : tr("loss");
    m_y->setTitleText(yTitle);
    m_gridMarkers->update(h);
    m_updating = false;
}

void LossChart::fitLegend()
{
    // One row under the plot while every entry fits in it whole; else a column on the right,
    // one entry per line, so no entry is cut ("fp64 0.02918 (te…").
    QLegend* legend = m_chart->legend();
    const QFontMetricsF fm(legend->font());
    double row = 0.0;
    for (const RunSeries& s : m_series)
        row += fm.horizontalAdvance(s.legend->name()) + 2.5 * fm.height() + 8.0;
    for (const OverlaySeries& o : m_overlaySeries)
        row += fm.horizontalAdvance(o.legend->name()) + 2.5 * fm.height() + 8.0;
    const Qt::Alignment want
        = row <= m_chart->size().width() - 40.0 ? Qt::AlignBottom : Qt::AlignRight;
    if (legend->alignment() != want)
        legend->setAlignment(want);
}

bool LossChart::legendFits() const
{
    const QLegend* legend = m_chart->legend();
    const QFontMetricsF fm(legend->font());
    const QRectF area = legend->geometry();
    double row = 0.0;
    std::vector<const QLineSeries*> entries;
    for (const RunSeries& s : m_series)
        entries.push_back(s.legend);
    for (const OverlaySeries& o : m_overlaySeries)
        entries.push_back(o.legend);
    for (const QLineSeries* series : entries) {
        const double w = fm.horizontalAdvance(series->name()) + 1.5 * fm.height();
        if (w > area.width())
            return false;
        row += w;
    }
    return legend->alignment() != Qt::AlignBottom || row <= area.width();
}

QString LossChart::legendText(int run) const
{
    if (!m_history || run >= m_history->runCount())
        return {};
    const RunTrace& t = m_history->run(run);
    QString text = t.name;
    if (mode() == Mode::Learned) // how many curves the run has, not a loss
        return t.learned.empty()
            ? tr("%1 (learns nothing)").arg(text)
            : tr("%1 (%n learned)", "", static_cast<int>(t.learned.size())).arg(text);
    // The legend shows exact evaluated values (the batch loss is only the live curve).
    const Metric mainM = mode() == Mode::Accuracy ? Metric::TrainAccuracy : Metric::TrainLoss;
    const Metric testM = testMetric();
    const MetricTrace& mainT = t.metric(mainM);
    const MetricTrace& testT = t.metric(testM);
    if (!mainT.empty())
        text += QStringLiteral("  ") + formatChartValue(mainT.latestValue);
    if (!testT.empty())
        text += tr(" (test %1)").arg(formatChartValue(testT.latestValue));
    if (t.ended
        && (t.summary.status == RunStatus::Diverged || t.summary.status == RunStatus::Failed))
        text += QStringLiteral("  [") + CoreText::text(toString(t.summary.status))
            + QLatin1Char(']');
    return text;
}

QList<QPointF> LossChart::seriesPoints(int run, int which) const
{
    if (run < 0 || run >= static_cast<int>(m_series.size()))
        return {};
    const RunSeries& s = m_series[static_cast<std::size_t>(run)];
    return m_layer->points(which == 0 ? s.main : which == 1 ? s.raw : s.test);
}

bool LossChart::seriesIsBand(int run, int which) const
{
    if (run < 0 || run >= static_cast<int>(m_series.size()))
        return false;
    const RunSeries& s = m_series[static_cast<std::size_t>(run)];
    return m_layer->drawnAsBand(which == 0 ? s.main : which == 1 ? s.raw : s.test);
}

QString LossChart::learnedName(int run, std::size_t k) const
{
    if (m_history) {
        const auto& weights = m_history->snapshot().weights;
        if (run >= 0 && static_cast<std::size_t>(run) < weights.size()
            && k < weights[static_cast<std::size_t>(run)].learned.size())
            return QString::fromStdString(weights[static_cast<std::size_t>(run)].learned[k].name);
        // A reopened session has no snapshot: the names saved with the traces.
        if (run >= 0 && run < m_history->runCount()) {
            const auto& names = m_history->run(run).learnedNames;
            if (k < names.size())
                return names[k];
        }
    }
    return QStringLiteral("#%1").arg(k);
}

void LossChart::addLearnedCurves(int run, double xMin, double xMax, int columns, bool log,
    std::vector<std::pair<int, const QList<QPointF>*>>& pending,
    const std::function<void(const QList<QPointF>&)>& extend)
{
    RunSeries& s = m_series[static_cast<std::size_t>(run)];
    const RunTrace& t = m_history->run(run);
    // Parameters appear with the run's first record: their curves are made then, told
    // apart by the dash pattern (solid, dashes, dots, dash-dot, ...) in the run's colour.
    static const std::vector<QList<qreal>> kDashes { {}, { 6, 3 }, { 1.5, 2.5 },
        { 6, 2.5, 1.5, 2.5 }, { 10, 3 }, { 3, 3 } };
    while (s.learned.size() < t.learned.size()) {
        const std::size_t k = s.learned.size();
        QPen pen(t.color, 1.8);
        if (!kDashes[k % kDashes.size()].isEmpty())
            pen.setDashPattern(kDashes[k % kDashes.size()]);
        s.learned.push_back(m_layer->addCurve(pen, true));
        s.learnedDecimators.emplace_back();
        s.learnedCompactions.push_back(0);
    }
    for (std::size_t k = 0; k < t.learned.size(); ++k) {
        const MetricTrace& trace = t.learned[k];
        if (trace.compactions != s.learnedCompactions[k]) {
            s.learnedCompactions[k] = trace.compactions;
            s.learnedDecimators[k].reset();
        }
        const QList<QPointF>& pts = s.learnedDecimators[k].update(
            trace.steps.data(), trace.values.data(), trace.size(), xMin, xMax, columns, log);
        extend(pts);
        pending.emplace_back(s.learned[k], &pts);
    }
}

void LossChart::showHover(int curve, const QPointF& point, bool state)
{
    // A learned parameter's curve: the run, the parameter's name, the step and its value,
    // in the same readout beside the pointer.
    int learnedRun = -1;
    std::size_t k = 0;
    for (std::size_t r = 0; state && m_history && r < m_series.size(); ++r) {
        const auto& ids = m_series[r].learned;
        const auto at = std::find(ids.begin(), ids.end(), curve);
        if (at != ids.end() && static_cast<int>(r) < m_history->runCount()) {
            learnedRun = static_cast<int>(r);
            k = static_cast<std::size_t>(at - ids.begin());
        }
    }
    if (learnedRun >= 0) {
        const RunTrace& t = m_history->run(learnedRun);
        if (k >= t.learned.size() || t.learned[k].steps.empty())
            return;
        const MetricTrace& trace = t.learned[k];
        auto it = std::lower_bound(trace.steps.begin(), trace.steps.end(), point.x());
        const std::size_t i = std::min<std::size_t>(
            static_cast<std::size_t>(it - trace.steps.begin()), trace.size() - 1);
        m_readout->setText(tr("%1\n%2\nstep %3\nvalue %4")
                               .arg(t.name, learnedName(learnedRun, k))
                               .arg(static_cast<qint64>(trace.steps[i]))
                               .arg(formatChartValue(trace.values[i])));
        m_readout->adjustSize();
        const QPointF onPlot
            = m_chart->mapToPosition(point, m_series[static_cast<std::size_t>(learnedRun)].legend);
        const QPoint pointer = m_view->mapFromScene(m_chart->mapToScene(onPlot));
        m_readout->move(pointer + QPoint(14, 14));
        m_readout->show();
        m_readout->raise();
        return;
    }
    int run = 0;
    while (run < static_cast<int>(m_series.size())
        && m_series[static_cast<std::size_t>(run)].main != curve
        && m_series[static_cast<std::size_t>(run)].test != curve)
        ++run;
    if (!state || !m_history || run >= m_history->runCount()
        || run >= static_cast<int>(m_series.size())) {
        m_readout->hide();
        return;
    }
    const bool test = m_series[static_cast<std::size_t>(run)].test == curve;
    const RunTrace& t = m_history->run(run);
    const MetricTrace& trace = t.metric(test ? testMetric() : mainMetric());
    if (trace.steps.empty())
        return;
    auto it = std::lower_bound(trace.steps.begin(), trace.steps.end(), point.x());
    std::size_t i = static_cast<std::size_t>(it - trace.steps.begin());
    if (i >= trace.size())
        i = trace.size() - 1;
    if (i > 0 && std::abs(trace.steps[i - 1] - point.x()) < std::abs(trace.steps[i] - point.x()))
        --i;
    const QString what = QCoreApplication::translate(
        "bitlab::ui::RunHistory", RunHistory::metricName(test ? testMetric() : mainMetric()));
    m_readout->setText(tr("%1\nstep %2\n%3 %4")
                           .arg(t.name)
                           .arg(static_cast<qint64>(trace.steps[i]))
                           .arg(what, formatChartValue(trace.values[i])));
    m_readout->adjustSize();
    // Beside the pointer, never under it; inside the chart.
    const QWidget* area = m_view->viewport();
    const QPointF onPlot
        = m_chart->mapToPosition(point, m_series[static_cast<std::size_t>(run)].legend);
    const QPoint pointer = m_view->mapFromScene(m_chart->mapToScene(onPlot));
    QPoint at = pointer + QPoint(14, 14);
    if (at.x() + m_readout->width() > area->width())
        at.setX(pointer.x() - 14 - m_readout->width());
    if (at.y() + m_readout->height() > area->height())
        at.setY(pointer.y() - 14 - m_readout->height());
    m_readout->move(at);
    m_readout->show();
    m_readout->raise();
}

QString LossChart::readoutText() const
{
    return m_readout->isVisible() ? m_readout->text() : QString();
}

bool LossChart::exportChart(int index, const QString& file, QString* error) const
{
    if (index != 0) {
        if (error)
            *error = tr("The Loss view has one chart.");
        return false;
    }
    return m_view->exportTo(file, error);
}

} // namespace bitlab::ui
