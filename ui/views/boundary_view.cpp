#include "ui/views/boundary_view.h"

#include "core/engine/lessons.h"
#include "ui/core_text.h"
#include "ui/experiment_info.h"
#include "ui/run_history.h"
#include "ui/text_format.h"
#include "ui/views/boundary_canvas.h"
#include "ui/views/picture_file.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/flow_layout.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

namespace {
// Class colours: distinct from each other and light enough to shade (a class's region is
// its colour with an alpha from the model's confidence).
constexpr QRgb kClassColors[] = { 0xFF3B7DD8, 0xFFE8822A, 0xFF3A9A4A, 0xFFC73E3E, 0xFF8E6CBF,
    0xFF8C5A4A, 0xFFD36FB5, 0xFF7A7A7A, 0xFFA8A832, 0xFF2AB5C6 };
constexpr int kClassColorCount = static_cast<int>(std::size(kClassColors));

QColor classColor(int c)
{
    return QColor::fromRgba(
        kClassColors[((c % kClassColorCount) + kClassColorCount) % kClassColorCount]);
}

} // namespace

BoundaryView::BoundaryView(QWidget* parent)
    : ExperimentView(parent)
{
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("boundaryMode"));
    m_mode->addItem(tr("Side by side"));
    m_mode->addItem(tr("Where they disagree"));
    m_mode->setToolTip(tr("Side by side: the full-precision run's decision regions beside "
                          "the chosen run's.\nWhere they disagree: one plane with the cells "
                          "the two runs classify differently hatched, and both boundaries."));
    m_run = new QComboBox(this);
    m_run->setObjectName(QStringLiteral("boundaryRun"));
    m_run->setToolTip(tr("The run compared with full precision (right panel)."));
    m_run->setMinimumContentsLength(14);
    m_points = new QCheckBox(tr("Data points"), this);
    m_points->setObjectName(QStringLiteral("boundaryPoints"));
    m_points->setChecked(true);
    m_points->setToolTip(tr("Draw the samples over the regions: training samples filled, test "
                            "samples hollow, coloured by their true class."));
    auto* hint = new QLabel(tr("shade = confidence of the predicted class"), this);
    hint->setStyleSheet(QStringLiteral("color: #555;"));

    // The controls wrap (a FlowLayout) when the tab is narrow.
    auto* controls = new FlowLayout(nullptr, 14, 2);
    controls->setContentsMargins(8, 6, 8, 0);
    controls->addWidget(m_mode);
    controls->addWidget(flowGroup(this, { new QLabel(tr("Compare with"), this), m_run }));
    controls->addWidget(m_points);
    controls->addWidget(hint);

    m_canvas = new BoundaryCanvas(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(controls);
    layout->addWidget(m_canvas, 1);

    m_watcher = new QFutureWatcher<BoundaryRender>(this);
    connect(m_watcher, &QFutureWatcher<BoundaryRender>::finished, this,
        &BoundaryView::onRenderFinished);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] { updateScene(); });
    connect(m_points, &QCheckBox::toggled, this, [this] { updateScene(); });
    // The user's pick: the run compared from now on (a re-run keeps it).
    connect(m_run, &QComboBox::activated, this, [this] { m_preferredRun = m_run->currentText(); });
    connect(m_run, &QComboBox::currentIndexChanged, this, [this] {
        ++m_token; // whatever is rendering now shows another run
        m_render = {};
        m_renderedRun = -1;
        requestRender();
        updateScene();
        emit snapshotPartsChanged(); // the worker computes this run's regions now
    });
    updateScene();
}

BoundaryView::~BoundaryView()
{
    // A render still running works on its own copy of the grid; its result is dropped.
    m_watcher->disconnect(this);
}

void BoundaryView::setExperiment(const ExperimentInfo& info)
{
    m_hasInfo = true;
    m_infoPending = true;
    m_classification = info.task != Task::Regression;
    m_features = info.features;
    m_runNames = info.runNames;
    m_runQuantized.assign(m_runNames.size(), false);
    for (std::size_t i = 0; i < info.spec.runs.size() && i < m_runQuantized.size(); ++i)
        m_runQuantized[i] = info.spec.runs[i].quantizer.has_value();
    m_featureNames = info.featureNames;
    m_classLabels = info.classLabels;
    m_pointX = info.pointX;
    m_pointY = info.pointY;
    m_pointClass = info.pointClass;
    m_pointIsTest = info.pointIsTest;
    m_reference = 0;
    for (std::size_t i = 0; i < m_runQuantized.size(); ++i)
        if (!m_runQuantized[i]) {
            m_reference = static_cast<int>(i);
            break;
        }
    ++m_token;
    m_render = {};
    m_renderedRun = -1;
    m_renderedSnapshot = m_requestedSnapshot = ~0ull;
    rebuildPicker();
    updateScene();
    emit snapshotPartsChanged(); // the runs drawn may be others
}

void BoundaryView::rebuildPicker()
{
    const QSignalBlocker quiet(m_run); // refilling is not the user picking another run
    m_run->clear();
    int first = -1;
    for (int i = 0; i < static_cast<int>(m_runNames.size()); ++i) {
        if (i == m_reference)
            continue;
        m_run->addItem(m_runNames[static_cast<std::size_t>(i)], i);
        if (first < 0 && m_runQuantized[static_cast<std::size_t>(i)])
            first = m_run->count() - 1;
    }
    if (const int preferred = m_run->findText(m_preferredRun);
        !m_preferredRun.isEmpty() && preferred >= 0)
        first = preferred;
    if (m_run->count() > 0)
        m_run->setCurrentIndex(std::max(0, first));
    m_run->setEnabled(m_run->count() > 1);
}

int BoundaryView::comparedRun() const
{
    return m_run->count() > 0 ? m_run->currentData().toInt() : -1;
}

QString BoundaryView::comparedRunName() const
{
    return m_run->count() > 0 ? m_run->currentText() : QString();
}

void BoundaryView::showLesson(const LessonView* view)
{
    if (!view)
        return; // the compared run stays what the lesson or the user chose last
    m_preferredRun = QString::fromStdString(view->boundaryRun);
    if (const int i = m_run->findText(m_preferredRun); !m_preferredRun.isEmpty() && i >= 0)
        m_run->setCurrentIndex(i);
}

bool BoundaryView::isUpToDate() const
{
    return m_history && !m_watcher->isRunning() && !m_pending
        && m_renderedSnapshot == m_history->snapshotRevision() && m_renderedRun == comparedRun();
}

void BoundaryView::setExperimentPanel(const ExperimentPanel* panel)
{
    m_panel = panel;
    if (panel)
        connect(panel, &ExperimentPanel::specChanged, this, [this] {
            if (!m_hasInfo)
                updateScene();
        });
    updateScene();
}

QString BoundaryView::notApplicableMessage() const
{
    // Before a run: what the panel's experiment will allow, so the invitation is never
    // followed by "not possible".
    const Dataset* preview = m_panel ? m_panel->previewDataset() : nullptr;
    const std::optional<Task> task = m_panel ? m_panel->task() : std::nullopt;
    const bool classification = m_hasInfo ? m_classification : !task || *task != Task::Regression;
    const int features = m_hasInfo ? m_features
        : preview                  ? static_cast<int>(preview->features())
                                   : 2;
    if (!m_hasInfo && m_panel && !m_panel->datasetError().isEmpty())
        return tr("The dataset cannot be loaded (the panel says why): there is nothing to "
                  "draw until it is fixed.");
    if (!classification)
        return tr("The decision boundary needs a classification dataset with two features; "
                  "this experiment is a regression.\n\nTry the moons preset (File ▸ Open "
                  "built-in experiment ▸ moons).");
    if (features != 2)
        return tr("The decision boundary is drawn over two features, and this dataset has "
                  "%1.\n\nTry the moons preset (File ▸ Open built-in experiment ▸ moons), or "
                  "a CSV with two feature columns.")
            .arg(features);
    if (!m_hasInfo && m_panel && !m_panel->problem().isEmpty())
        return tr("The experiment cannot run yet: %1").arg(m_panel->problem());
    if (!m_hasInfo)
        return tr("Run the experiment (F5) and the decision regions of its runs appear here, "
                  "full precision beside a quantized twin.");
    return {};
}

quint32 BoundaryView::snapshotParts() const
{
    return kSnapshotBoundary;
}

QList<int> BoundaryView::snapshotRuns() const
{
    QList<int> runs { m_reference };
    if (const int b = comparedRun(); b >= 0)
        runs << b;
    return runs;
}

void BoundaryView::refresh(const RunHistory& history, bool force)
{
    m_history = &history;
    if (history.generation() != m_generation) {
        m_generation = history.generation();
        if (!m_infoPending) {
            // A reset without a new experiment (another preset, Reset): nothing to show.
            m_hasInfo = false;
            m_runNames.clear();
            m_runQuantized.clear();
            m_pointX.clear();
            m_pointY.clear();
            m_pointClass.clear();
            m_pointIsTest.clear();
            rebuildPicker();
        }
        m_infoPending = false;
        ++m_token;
        m_render = {};
        m_renderedRun = -1;
        m_renderedSnapshot = m_requestedSnapshot = ~0ull;
        force = true;
    }
    const bool rendering
        = (force || history.snapshotRevision() != m_requestedSnapshot) && requestRender();
    if (force || history.revision() != m_drawnRevision) {
        m_drawnRevision = history.revision();
        // New regions are on their way: the scene is updated when they arrive (with the notes
        // of the records that came meanwhile), not now as well, which painted the canvas twice
        // per frame (the old regions with the new notes, then the new regions).
        if (force || !rendering)
            updateScene();
    }
}

bool BoundaryView::requestRender()
{
    if (!m_history || !notApplicableMessage().isEmpty())
        return false;
    if (m_watcher->isRunning()) {
        m_pending = true;
        return true;
    }
    const BoundaryGrid& grid = m_history->snapshot().boundary;
    const int a = m_reference, b = comparedRun();
    // The worker computes the regions of the runs drawn (snapshotRuns()) while training runs:
    // those of a run just picked follow.
    if (grid.empty() || static_cast<int>(grid.classes.size()) <= std::max(a, b)
        || grid.confidence.size() != grid.classes.size()
        || grid.classes[static_cast<std::size_t>(a)].empty()
        || (b >= 0 && grid.classes[static_cast<std::size_t>(b)].empty()))
        return false;
    BoundaryRenderInput input;
    input.token = ++m_token;
    input.size = grid.size;
    input.classCount = std::max<int>(2, static_cast<int>(m_classLabels.size()));
    for (int c = 0; c < input.classCount; ++c)
        input.classColors.push_back(classColor(c).rgba());
    input.classesA = grid.classes[static_cast<std::size_t>(a)];
    input.confidenceA = grid.confidence[static_cast<std::size_t>(a)];
    if (b >= 0) {
        input.classesB = grid.classes[static_cast<std::size_t>(b)];
        input.confidenceB = grid.confidence[static_cast<std::size_t>(b)];
    }
    m_requestedSnapshot = m_history->snapshotRevision();
    m_inFlightSnapshot = m_requestedSnapshot;
    m_xMin = grid.xMin;
    m_xMax = grid.xMax;
    m_yMin = grid.yMin;
    m_yMax = grid.yMax;
    m_inFlightRun = b;
    m_inFlightStep = m_history->snapshot().boundaryStep;
    m_inFlightPreview = m_history->snapshot().boundaryPreview;
    m_watcher->setFuture(QtConcurrent::run(&renderBoundary, std::move(input)));
    return true;
}

void BoundaryView::onRenderFinished()
{
    BoundaryRender result = m_watcher->result();
    if (result.token == m_token) {
        m_render = std::move(result);
        m_renderedSnapshot = m_inFlightSnapshot;
        m_renderedRun = m_inFlightRun;
        m_renderedStep = m_inFlightStep;
        m_renderedPreview = m_inFlightPreview;
        updateScene();
    }
    if (m_pending) {
        m_pending = false;
        requestRender();
    }
}

QString BoundaryView::runNote(int run) const
{
    if (!m_history || run < 0 || run >= m_history->runCount())
        return {};
    const RunTrace& t = m_history->run(run);
    QStringList parts;
    const MetricTrace& acc = t.metric(Metric::TestAccuracy);
    const MetricTrace& trainAcc = t.metric(Metric::TrainAccuracy);
    if (!acc.empty())
        parts << tr("test accuracy %1").arg(formatPercent(acc.latestValue));
    else if (!trainAcc.empty())
        parts << tr("train accuracy %1").arg(formatPercent(trainAcc.latestValue));
    for (const RunTrace::GridChange& g : t.gridChanges)
        parts << tr("grid → %1 at step %2").arg(g.description).arg(g.step);
    if (t.ended
        && (t.summary.status == RunStatus::Diverged || t.summary.status == RunStatus::Failed))
        parts << CoreText::text(toString(t.summary.status));
    return parts.join(QStringLiteral(" · "));
}

void BoundaryView::updateScene()
{
    BoundaryScene scene;
    scene.message = notApplicableMessage();
    const bool applicable = scene.message.isEmpty();
    m_mode->setEnabled(applicable && comparedRun() >= 0);
    m_points->setEnabled(applicable);
    m_run->setEnabled(applicable && m_run->count() > 1);
    if (applicable) {
        const int a = m_reference, b = comparedRun();
        scene.overlay = m_mode->currentIndex() == 1 && b >= 0;
        scene.showPoints = m_points->isChecked();
        scene.xMin = m_xMin;
        scene.xMax = m_xMax;
        scene.yMin = m_yMin;
        scene.yMax = m_yMax;
        if (m_render.size == 0 && !m_pointX.empty() && !(m_xMax > m_xMin)) {
            // No regions yet: frame the data.
            const auto [x0, x1] = std::minmax_element(m_pointX.begin(), m_pointX.end());
            const auto [y0, y1] = std::minmax_element(m_pointY.begin(), m_pointY.end());
            scene.xMin = *x0;
            scene.xMax = *x1;
            scene.yMin = *y0;
            scene.yMax = *y1;
        }
        scene.xName = m_featureNames.size() > 0 ? m_featureNames[0] : tr("feature 1");
        scene.yName = m_featureNames.size() > 1 ? m_featureNames[1] : tr("feature 2");
        scene.classLabels = m_classLabels;
        for (std::size_t c = 0; c < m_classLabels.size(); ++c)
            scene.classColors.push_back(classColor(static_cast<int>(c)));
        scene.pointX = m_pointX;
        scene.pointY = m_pointY;
        scene.pointClass = m_pointClass;
        scene.pointIsTest = m_pointIsTest;
        auto name = [this](int run) {
            return run >= 0 && run < static_cast<int>(m_runNames.size())
                ? m_runNames[static_cast<std::size_t>(run)]
                : QString();
        };
        auto color = [this](int run) {
            return m_history && run >= 0 && run < m_history->runCount() ? m_history->run(run).color
                                                                        : QColor(Qt::gray);
        };
        scene.nameA = name(a);
        scene.colorA = color(a);
        scene.noteA = runNote(a);
        scene.nameB = name(b);
        scene.colorB = color(b);
        scene.noteB = runNote(b);
        scene.render = m_render;
        // The step of the regions drawn (a newer snapshot may be rendering).
        const qint64 step = m_renderedStep;
        // While training runs the worker sends a coarse grid; the exact one when it stops.
        const QString at = m_renderedPreview
            ? tr("Step %1, preview %2 × %2 while training").arg(step).arg(m_render.size)
            : tr("Step %1").arg(step);
        if (m_render.size == 0) {
            scene.caption = tr("Waiting for the first decision regions…");
        } else if (m_render.hasB) {
            scene.caption = tr("%1 · %2 and %3 disagree on %4 of the plane (%5 of %6 cells)")
                                .arg(at, scene.nameA, scene.nameB,
                                    formatPercent(m_render.disagreementFraction()))
                                .arg(m_render.disagreeCells)
                                .arg(qint64(m_render.size) * m_render.size);
        } else {
            scene.caption = tr("%1 · add a quantized twin to compare with").arg(at);
        }
        if (m_history && b >= 0 && b < m_history->runCount()
            && !m_history->run(b).gridChanges.empty()) {
            const RunTrace::GridChange& g = m_history->run(b).gridChanges.back();
            scene.caption
                += tr(" · grid changed at step %1 (now %2)").arg(g.step).arg(g.description);
        }
    }
    m_canvas->setScene(std::move(scene));
}

QImage BoundaryView::renderImage(const QSize& size, double scale) const
{
    QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    m_canvas->paint(painter, QSizeF(size));
    return image;
}

bool BoundaryView::exportChart(int index, const QString& file, QString* error) const
{
    if (index != 0) {
        if (error)
            *error = tr("The Boundary view has one chart.");
        return false;
    }
    QSize size = m_canvas->size();
    if (size.width() < 640 || size.height() < 400)
        size = QSize(1100, 600);
    return writePicture(
        file, size, tr("Decision boundary"), tr("Chart exported by BitLab"),
        [this, size](QPainter& painter) { m_canvas->paint(painter, QSizeF(size)); },
        [this, size] { return renderImage(size, 2.0); }, error);
}

} // namespace bitlab::ui
