#include "ui/charts/loss_chart.h"

#include "ui/charts/chart_legend.h"
#include "ui/charts/chart_view.h"
#include "ui/charts/curve_layer.h"
#include "ui/charts/loss_axes.h"
#include "ui/charts/loss_curves.h"
#include "ui/charts/loss_overlay.h"
#include "ui/charts/value_format.h"
#include "ui/core_text.h"
#include "ui/experiment_info.h"
#include "ui/result_archive.h"
#include "ui/views/class_accuracy_strip.h"
#include "ui/widgets/experiment_panel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

LossChart::LossChart(QWidget* parent)
    : ExperimentView(parent)
{
    m_controls = new LossControls(this);
    m_overlay = new LossOverlay(this);
    auto* hint = new QLabel(tr("solid: train   dashed: test"), this);
    hint->setStyleSheet(QStringLiteral("color: #555;"));

    // Second row: an earlier experiment to compare with, and what the line styles mean.
    auto* compare = new QHBoxLayout;
    compare->setContentsMargins(8, 0, 8, 0);
    compare->addWidget(new QLabel(tr("Compare with"), this));
    compare->addWidget(m_overlay->picker());
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
    m_axes = std::make_unique<LossAxes>(m_chart);
    m_layer = new CurveLayer(m_chart);
    m_curves = std::make_unique<LossCurves>(m_layer);
    connect(m_layer, &CurveLayer::hovered, this, &LossChart::showHover);
    m_gridMarkers = std::make_unique<GridChangeMarkers>(m_chart, m_axes->x());

    m_view = new ChartView(m_chart, this);
    m_view->setExportName(QStringLiteral("loss"));
    m_view->setMinimumSize(400, 300);
    // The grid and axis lines are horizontal and vertical: crisp and several times cheaper
    // without antialiasing. The curve layer antialiases its own lines.
    m_view->setRenderHint(QPainter::Antialiasing, false);
    m_axes->keepRoundTicks();
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
    layout->addWidget(m_controls);
    layout->addLayout(compare);
    layout->addWidget(m_view, 1);
    m_classes = new ClassAccuracyStrip(this);
    m_classes->setVisible(false);
    layout->addWidget(m_classes);

    connect(m_controls, &LossControls::modeChanged, this, &LossChart::onModeChanged);
    connect(m_overlay->picker(), &QComboBox::currentIndexChanged, this,
        [this] { setOverlay(m_overlay->picker()->currentData().toInt()); });
    connect(m_controls, &LossControls::logScaleToggled, this, [this] {
        applyAxisType();
        redraw();
    });
    connect(m_controls, &LossControls::smoothingChanged, this, &LossChart::onSmoothingChanged);
    connect(m_controls, &LossControls::resetZoomRequested, this, &LossChart::resetZoom);
    connect(m_view, &ChartView::zoomResetRequested, this, &LossChart::resetZoom);
    connect(m_view, &ChartView::zoomedByUser, this, [this] {
        if (m_updating)
            return;
        m_autoRange = false;
        m_axes->keepZoom(logAxis());
        redraw();
    });
    // The curves follow the axes, whoever changes them (redraw() or the rubber band).
    m_axes->follow(m_layer, [this] { return logAxis(); });
    // Losses span decades: a log axis shows where runs part ways (and where one stalls).
    m_controls->setLogScale(true);
    applyAxisType();
}

LossChart::~LossChart() = default;

quint32 LossChart::snapshotParts() const
{
    return m_classification && mode() == Mode::Accuracy ? quint32(kSnapshotConfusion) : 0u;
}

void LossChart::onModeChanged()
{
    applyAxisType();
    m_curves->restart();
    m_autoRange = true;
    m_axes->forgetLinearRange();
    m_classes->setVisible(m_classification && mode() == Mode::Accuracy);
    if (m_history && m_classes->isVisible()) {
        m_classesRevision = m_history->snapshotRevision();
        m_classes->showSnapshot(&m_history->snapshot());
    }
    redraw();
    emit snapshotPartsChanged();
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
    setMode(everyStep ? Mode::Loss : Mode::BatchLoss);
    // Batch losses are noisy: start them smoothed (the raw curve stays faint behind).
    setSmoothing(everyStep ? 0.0 : 0.8);
    if (m_lesson) // a lesson's text reads these curves as it says
        showLesson(&*m_lesson);
    m_autoRange = true;
    m_axes->forgetLinearRange();
    m_drawnRevision = ~0ull;
    emit snapshotPartsChanged(); // a regression has no accuracy strip
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

void LossChart::offerLearned(const ExperimentSpec& spec)
{
    m_controls->offerMode(Mode::Learned, std::any_of(spec.runs.begin(), spec.runs.end(), runLearns),
        tr("No run learns a step size or clip: set Learn to LSQ or PACT "
           "(mode ste) in a run's quantizer."));
}

bool LossChart::offersLearned() const
{
    return m_controls->offersMode(Mode::Learned);
}

void LossChart::offerAccuracy(bool on)
{
    m_controls->offerMode(Mode::Accuracy, on,
        tr("Accuracy needs a classification dataset; this experiment is a "
           "regression."));
}

bool LossChart::offersAccuracy() const
{
    return m_controls->offersMode(Mode::Accuracy);
}

void LossChart::setMode(Mode mode)
{
    m_controls->setMode(mode);
}

LossChart::Mode LossChart::mode() const
{
    return m_controls->mode();
}

void LossChart::setLogScale(bool on)
{
    m_controls->setLogScale(on);
}

bool LossChart::logScale() const
{
    return m_controls->logScale();
}

bool LossChart::logAxis() const
{
    return m_controls->logAxis();
}

double LossChart::smoothing() const
{
    return m_controls->smoothing();
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
    m_controls->setSmoothing(weight);
}

void LossChart::resetZoom()
{
    m_autoRange = true;
    m_axes->forgetLinearRange();
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

Metric LossChart::lastMetric() const
{
    // The legend shows exact evaluated values (the batch loss is only the live curve).
    return mode() == Mode::Accuracy ? Metric::TrainAccuracy : Metric::TrainLoss;
}

void LossChart::onSmoothingChanged(double weight)
{
    m_curves->setSmoothing(weight);
    redraw();
}

void LossChart::applyAxisType()
{
    m_axes->use(logAxis(), m_curves->legends());
    m_autoRange = true;
    m_axes->forgetLinearRange();
}

void LossChart::rebuildSeries(const RunHistory& history)
{
    m_curves->clear(m_chart);
    m_overlay->clear(m_chart);
    m_layer->clearCurves();
    m_readout->hide(); // its curve is gone
    m_overlay->addCurves(m_layer); // the earlier experiment at the back
    m_curves->rebuild(history, m_chart, m_axes->x(), m_axes->y(), smoothing());
    m_overlay->addLegends(m_chart, m_axes->x(), m_axes->y(), lastMetric(), testMetric());
    m_autoRange = true;
    m_axes->forgetLinearRange();
}

void LossChart::setArchive(const ResultArchive* archive)
{
    m_overlay->setArchive(archive);
    if (archive)
        connect(archive, &ResultArchive::changed, this, &LossChart::rebuildOverlayPicker);
    rebuildOverlayPicker();
}

void LossChart::rebuildOverlayPicker()
{
    if (!m_overlay->rebuildPicker(m_history))
        return;
    if (m_history)
        rebuildSeries(*m_history);
    redraw();
}

int LossChart::overlay() const
{
    return m_overlay->number();
}

void LossChart::setOverlay(int number)
{
    if (!m_overlay->select(number))
        return;
    if (m_history)
        rebuildSeries(*m_history);
    redraw();
}

QList<QPointF> LossChart::overlayPoints(int run, int which) const
{
    return m_overlay->points(*m_layer, run, which);
}

QString LossChart::overlayLegendText(int run) const
{
    return m_overlay->legendText(run, lastMetric(), testMetric());
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

int LossChart::plotColumns() const
{
    const int w = static_cast<int>(m_chart->plotArea().width());
    return w > 10 ? w : 800;
}

void LossChart::redraw()
{
    if (!m_history || m_curves->size() != m_history->runCount())
        return;
    m_updating = true;
    const RunHistory& h = *m_history;
    m_drawnRevision = h.revision();
    const bool log = logAxis();
    const Metric mainM = mainMetric(), testM = testMetric();

    // An earlier experiment laid over this one (its curves are at most a few thousand points).
    std::vector<std::pair<int, QList<QPointF>>> overlay;
    m_overlay->curves(mainM, testM, smoothing(), overlay);
    double xMin = 0, xMax = 0;
    if (m_autoRange) {
        xMax = static_cast<double>(std::max<std::int64_t>({ m_totalSteps, h.lastStep(), 1 }));
        for (const auto& [curve, points] : overlay) // a longer earlier run shows whole
            if (!points.isEmpty())
                xMax = std::max(xMax, points.back().x());
    } else {
        xMin = m_axes->x()->min();
        xMax = m_axes->x()->max();
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
    pending.reserve(3 * static_cast<std::size_t>(m_curves->size()));
    LossCurves::Frame frame;
    frame.main = mainM;
    frame.test = testM;
    frame.learned = mode() == Mode::Learned;
    frame.smoothed = smoothing() > 0;
    frame.xMin = xMin;
    frame.xMax = xMax;
    frame.columns = columns;
    frame.log = log;
    m_curves->collect(h, frame, pending, extend);

    for (const auto& [curve, points] : overlay)
        extend(points);

    if (m_autoRange)
        m_axes->fit(xMin, xMax, yMin, yMax, log, mode() == Mode::Accuracy);
    for (const auto& [curve, points] : pending)
        if (m_layer->points(curve) != *points)
            m_layer->setPoints(curve, *points);
    for (const auto& [curve, points] : overlay)
        if (m_layer->points(curve) != points)
            m_layer->setPoints(curve, points);
    m_overlay->updateLegends(lastMetric(), testM);
    for (int i = 0; i < h.runCount(); ++i) {
        // setName() re-lays out the legend even when the text is the same.
        const QString text = legendText(i);
        QLineSeries* legend = m_curves->legend(i);
        if (legend->name() != text)
            legend->setName(text);
    }
    fitLegend();
    const QString yTitle = mode() == Mode::Accuracy ? tr("accuracy")
        : mode() == Mode::BatchLoss                 ? tr("batch loss")
        : mode() == Mode::Learned                   ? tr("learned step / clip")
                                                    : tr("loss");
    m_axes->setYTitle(yTitle);
    m_gridMarkers->update(h);
    m_updating = false;
}

QStringList LossChart::legendNames() const
{
    return m_curves->legendNames() + m_overlay->legendNames();
}

void LossChart::fitLegend()
{
    ui::fitLegend(m_chart->legend(), legendNames(), m_chart->size().width() - 40.0);
}

bool LossChart::legendFits() const
{
    return ui::legendFits(m_chart->legend(), legendNames());
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
    const MetricTrace& mainT = t.metric(lastMetric());
    const MetricTrace& testT = t.metric(testMetric());
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
    const int curve = m_curves->curve(run, which);
    return curve < 0 ? QList<QPointF>() : m_layer->points(curve);
}

bool LossChart::seriesIsBand(int run, int which) const
{
    const int curve = m_curves->curve(run, which);
    return curve >= 0 && m_layer->drawnAsBand(curve);
}

void LossChart::showHover(int curve, const QPointF& point, bool state)
{
    // A learned parameter's curve: the run, the parameter's name, the step and its value,
    // in the same readout beside the pointer.
    int learnedRun = -1;
    std::size_t k = 0;
    if (state && m_history && m_curves->learnedOf(curve, &learnedRun, &k)
        && learnedRun < m_history->runCount()) {
        const RunTrace& t = m_history->run(learnedRun);
        if (k >= t.learned.size() || t.learned[k].steps.empty())
            return;
        const MetricTrace& trace = t.learned[k];
        auto it = std::lower_bound(trace.steps.begin(), trace.steps.end(), point.x());
        const std::size_t i = std::min<std::size_t>(
            static_cast<std::size_t>(it - trace.steps.begin()), trace.size() - 1);
        m_readout->setText(tr("%1\n%2\nstep %3\nvalue %4")
                               .arg(t.name, LossCurves::learnedName(*m_history, learnedRun, k))
                               .arg(static_cast<qint64>(trace.steps[i]))
                               .arg(formatChartValue(trace.values[i])));
        m_readout->adjustSize();
        const QPointF onPlot = m_chart->mapToPosition(point, m_curves->legend(learnedRun));
        const QPoint pointer = m_view->mapFromScene(m_chart->mapToScene(onPlot));
        m_readout->move(pointer + QPoint(14, 14));
        m_readout->show();
        m_readout->raise();
        return;
    }
    bool test = false;
    const int run = m_curves->runOf(curve, &test);
    if (!state || !m_history || run < 0 || run >= m_history->runCount()) {
        m_readout->hide();
        return;
    }
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
    const QPointF onPlot = m_chart->mapToPosition(point, m_curves->legend(run));
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
