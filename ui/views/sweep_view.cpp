#include "ui/views/sweep_view.h"

#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/engine/lessons.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "core/io/sweep_csv.h"
#include "core/io/sweep_json.h"
#include "core/model/model_registry.h"
#include "core/quant/quantizer.h"
#include "ui/charts/sweep_chart.h"
#include "ui/core_text.h"
#include "ui/sweep_task.h"
#include "ui/views/sweep_setup.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/flow_layout.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace bitlab::ui {

namespace {
constexpr int kPollMs = 40; // progress and chart at most ~25 times a second
constexpr int kProgressScale = 1000;
} // namespace

SweepView::SweepView(QWidget* parent)
    : ExperimentView(parent)
{
    m_task = new SweepTask(this);
    m_poll = new QTimer(this);
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &SweepView::poll);
    connect(m_task, &SweepTask::finished, this, &SweepView::onTaskFinished);

    // Rows 1 and 2: what to sweep.
    m_setup = new SweepSetup(this);
    connect(m_setup, &SweepSetup::changed, this, &SweepView::updateControls);
    // Row 2 ends with what goes on x and the band.
    m_xAxis = new QComboBox(this);
    m_xAxis->setObjectName(QStringLiteral("sweepXAxis"));
    m_xAxis->addItem(tr("x: bit-width"));
    m_xAxis->addItem(tr("x: the key"));
    m_xAxis->setToolTip(tr("What goes on the x axis; the other becomes separate lines."));
    m_band = new QComboBox(this);
    m_band->setObjectName(QStringLiteral("sweepBand"));
    m_band->addItem(tr("band: min–max"), static_cast<int>(SweepChart::Band::MinMax));
    m_band->addItem(tr("band: ± 1 sd"), static_cast<int>(SweepChart::Band::StdDev));
    m_band->setToolTip(tr("The band around each mean: the lowest to the highest seed, or one "
                          "sample standard deviation either side."));
    QLayout* vary = m_setup->varyRow(m_xAxis, m_band);
    // An earlier sweep of this session to lay over the chart.
    m_overlayPicker = new QComboBox(this);
    m_overlayPicker->setObjectName(QStringLiteral("sweepOverlayPicker"));
    m_overlayPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_overlayPicker->setMaximumWidth(300);
    m_overlayPicker->setToolTip(tr("Lay an earlier sweep of this session over the chart: its "
                                   "lines dotted, in their colours, named #N."));
    connect(m_overlayPicker, &QComboBox::currentIndexChanged, this,
        [this] { setOverlay(m_overlayPicker->currentData().toInt()); });
    connect(m_xAxis, &QComboBox::currentIndexChanged, this,
        [this] { m_chart->setPlan(m_plan, chosenXAxis()); });
    connect(m_band, &QComboBox::currentIndexChanged, this,
        [this] { m_chart->setBand(static_cast<SweepChart::Band>(m_band->currentData().toInt())); });

    // Row 3: run it, follow it, show it.
    m_run = new QPushButton(tr("Run sweep"), this);
    m_run->setObjectName(QStringLiteral("runSweepButton"));
    m_run->setToolTip(tr("Train the experiment in the panel once per bit-width and scheme "
                         "(and once in full precision), in parallel."));
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelSweepButton"));
    m_cancel->setToolTip(tr("Stop the sweep; the points that ended stay."));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("sweepProgress"));
    m_progress->setRange(0, kProgressScale);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFixedWidth(180);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("sweepStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true); // a narrow window wraps the line instead of cutting it
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("sweepMetric"));
    m_metric->addItem(tr("Final loss"), static_cast<int>(SweepChart::Metric::Loss));
    m_metric->addItem(tr("Final accuracy"), static_cast<int>(SweepChart::Metric::Accuracy));
    m_metric->setToolTip(tr("Test loss or accuracy at the last step (train values when the "
                            "experiment has no test split). Accuracy: classification only."));
    m_log = new QCheckBox(tr("Log scale"), this);
    m_log->setObjectName(QStringLiteral("sweepLog"));
    m_log->setChecked(true);
    m_log->setToolTip(tr("Logarithmic loss axis: low-bit losses are often decades above "
                         "full precision."));
    m_exportCsv = new QPushButton(tr("Export CSV…"), this);
    m_exportCsv->setObjectName(QStringLiteral("exportSweepCsvButton"));
    m_exportCsv->setToolTip(tr("sweep.csv, exactly as bitlab-cli sweep writes it."));
    // Row 3 wraps too; the status (what ran, and why a result looks as it does) has its
    // own full-width line under it.
    auto* run = new FlowLayout(nullptr, 8, 2);
    run->setContentsMargins(8, 2, 8, 0);
    run->addWidget(flowGroup(this, { m_run, m_cancel, m_progress }));
    run->addWidget(flowGroup(this, { m_metric, m_log, m_exportCsv }));
    m_status->setContentsMargins(10, 0, 8, 0);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("sweepHint"));
    m_hint->setWordWrap(true);
    m_hint->setContentsMargins(10, 0, 8, 0);
    m_hint->setStyleSheet(QStringLiteral("color: #555;"));

    m_chart = new SweepChart(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addLayout(m_setup->whatRow());
    layout->addLayout(vary);
    layout->addLayout(run);
    layout->addWidget(m_status);
    // The hint, and on its right an earlier sweep to compare with.
    auto* hintRow = new QHBoxLayout;
    hintRow->setContentsMargins(0, 0, 8, 0);
    hintRow->addWidget(m_hint, 1);
    hintRow->addWidget(new QLabel(tr("Compare with"), this));
    hintRow->addWidget(m_overlayPicker);
    layout->addLayout(hintRow);
    layout->addWidget(m_chart, 1);

    connect(m_run, &QPushButton::clicked, this, &SweepView::runSweep);
    connect(m_cancel, &QPushButton::clicked, this, &SweepView::cancelSweep);
    connect(m_exportCsv, &QPushButton::clicked, this, &SweepView::exportCsvDialog);
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        m_chart->setMetric(static_cast<SweepChart::Metric>(m_metric->currentData().toInt()));
        m_log->setEnabled(m_chart->metric() == SweepChart::Metric::Loss);
    });
    connect(m_log, &QCheckBox::toggled, m_chart, &SweepChart::setLogScale);
    setStatus(tr("Choose the bits and schemes, then press Run sweep."), false);
    rebuildOverlayPicker();
    updateControls();
    updateTemplateHint();
}

SweepRecord SweepView::record() const
{
    SweepRecord r;
    if (m_task->isRunning() || m_sweptSpec.isEmpty())
        return r;
    r.plan = m_plan;
    r.results = m_results;
    r.classification = m_classification;
    r.hasTest = m_hasTest;
    r.bitsFrom = m_sweptFrom;
    r.bitsTo = m_sweptTo;
    r.title = m_chart->title();
    r.status = m_status->text();
    r.spec = m_sweptSpec;
    return r;
}

void SweepView::restore(const SweepRecord& record, int entry)
{
    if (m_task->isRunning())
        return;
    m_plan = record.plan;
    m_results = record.results;
    m_classification = record.classification;
    m_hasTest = record.hasTest;
    m_sweptFrom = record.bitsFrom;
    m_sweptTo = record.bitsTo;
    m_sweptSpec = record.spec;
    m_setupNote.clear();
    m_chart->setTitle(record.title);
    m_chart->setPlan(m_plan, chosenXAxis());
    m_chart->setResults(m_results, m_classification, m_hasTest, m_sweptFrom, m_sweptTo);
    m_progress->setValue(m_results.empty() ? 0 : kProgressScale);
    setStatus(record.status, false);
    setShownEntry(entry);
    updateControls();
}

void SweepView::setArchive(const ResultArchive* archive)
{
    m_archive = archive;
    if (archive)
        connect(archive, &ResultArchive::changed, this, &SweepView::rebuildOverlayPicker);
    rebuildOverlayPicker();
}

void SweepView::setShownEntry(int number)
{
    m_shownEntry = number;
    rebuildOverlayPicker();
}

void SweepView::rebuildOverlayPicker()
{
    {
        const QSignalBlocker quiet(m_overlayPicker);
        m_overlayPicker->clear();
        m_overlayPicker->addItem(tr("no earlier sweep"), -1);
        if (m_archive)
            for (auto it = m_archive->entries().rbegin(); it != m_archive->entries().rend(); ++it)
                if (it->sweep && !it->sweep->empty() && it->number != m_shownEntry)
                    m_overlayPicker->addItem(it->label(), it->number);
        m_overlayPicker->setEnabled(m_overlayPicker->count() > 1);
        const int index = m_overlayPicker->findData(m_overlay);
        m_overlayPicker->setCurrentIndex(std::max(0, index));
    }
    if (m_overlay >= 0 && m_overlayPicker->findData(m_overlay) < 0)
        setOverlay(-1); // gone from the archive, or now the sweep on screen
}

void SweepView::setOverlay(int number)
{
    m_overlay = number;
    {
        const QSignalBlocker quiet(m_overlayPicker);
        m_overlayPicker->setCurrentIndex(std::max(0, m_overlayPicker->findData(number)));
    }
    applyOverlay();
}

void SweepView::applyOverlay()
{
    const ArchivedResult* entry
        = m_archive && m_overlay >= 0 ? m_archive->find(m_overlay) : nullptr;
    if (!entry || !entry->sweep) {
        if (!m_chart->overlayLabel().isEmpty())
            m_chart->setOverlay({}, {}, {}, false, false);
        return;
    }
    const SweepRecord& r = *entry->sweep;
    m_chart->setOverlay(
        QStringLiteral("#%1").arg(entry->number), r.results, r.plan, r.classification, r.hasTest);
}

SweepView::~SweepView() = default;

void SweepView::setExperimentPanel(const ExperimentPanel* panel)
{
    m_panel = panel;
    if (m_panel)
        connect(m_panel, &ExperimentPanel::specChanged, this, &SweepView::updateTemplateHint);
    updateTemplateHint();
}

void SweepView::refresh(const RunHistory& /*history*/, bool /*force*/)
{
    // The sweep trains its own experiments; the main run's history does not change it.
}

bool SweepView::exportChart(int index, const QString& file, QString* error) const
{
    if (index != 0) {
        if (error)
            *error = tr("The sweep view has one chart, not %1.").arg(index + 1);
        return false;
    }
    return m_chart->exportTo(file, error);
}

QString SweepView::setupNote(const ExperimentSpec& spec, const Dataset* data)
{
    // A model whose every tensor holds one number (y = w·x + b on one feature): a scale
    // taken from the tensor (max|w|, min and max, mean|w|) makes that number a level, so
    // those schemes store it exactly at any bit width.
    if (!data || data->features() != 1 || data->outputs() != 1)
        return {};
    const ModelInfo* model = findModel(spec.model.kind);
    if (!model || (model->hasHidden && !spec.model.hidden.empty()))
        return {};
    return tr("Why some schemes equal float64 at every bit width, 1 bit included: each tensor of "
              "this model holds one number (w, and b), and symmetric, affine, pow2, binary and "
              "ternary take their scale from the tensor, so that number is always a level and "
              "is stored exactly. Fixed point has a fixed grid: only it shows the bits here. "
              "Use a model with more weights (an MLP) to see them matter.");
}

bool SweepView::runSweep()
{
    if (m_task->isRunning())
        return false;
    if (!m_panel) {
        setStatus(tr("No experiment to sweep."), true);
        return false;
    }
    const QString problem = m_panel->problem();
    if (!problem.isEmpty()) {
        setStatus(tr("Cannot sweep yet: %1").arg(problem), true);
        return false;
    }
    SweepPlan plan;
    try {
        plan = m_setup->plan();
    } catch (const Error& e) {
        setStatus(tr("Cannot sweep: %1").arg(QString::fromUtf8(e.what())), true);
        return false;
    }
    if (plan.schemes.empty() && plan.axes.empty()) {
        setStatus(tr("Choose at least one scheme, or a key to vary."), true);
        return false;
    }
    m_sweptFrom = m_setup->bitsFrom();
    m_sweptTo = m_setup->bitsTo();
    const ExperimentSpec spec = m_panel->spec();
    m_sweptSpec = io::experimentToBytes(spec);
    m_setupNote = setupNote(spec, m_panel->previewDataset());
    m_results.clear();
    setShownEntry(-1);
    m_progress->setValue(0);
    const QString source = spec.dataset.isBuiltin()
        ? QString::fromStdString(spec.dataset.builtinName())
        : QFileInfo(QString::fromStdString(spec.dataset.source)).fileName();
    m_chart->setTitle((plan.axes.empty() ? tr("Bit-width sweep · %1 · %2 model · %3 epochs")
                                         : tr("Sweep · %1 · %2 model · %3 epochs"))
                          .arg(source, QString::fromStdString(spec.model.kind))
                          .arg(spec.training.epochs));
    m_plan = plan;
    m_chart->setPlan(m_plan, chosenXAxis());
    m_chart->setResults({}, m_classification, m_hasTest, m_sweptFrom, m_sweptTo);
    setStatus(tr("Preparing…"), false);
    // Swept keys are applied as --set applies them, to the panel's experiment document.
    const SpecEditor edit = plan.axes.empty()
        ? SpecEditor {}
        : io::specEditor(
            io::experimentToJson(spec), QString::fromStdString(spec.baseDir), tr("Sweep tab"));
    m_task->start(spec, plan, edit, QThread::idealThreadCount());
    m_poll->start();
    updateControls();
    return true;
}

void SweepView::cancelSweep()
{
    if (!m_task->isRunning())
        return;
    m_task->cancel();
    setStatus(tr("Cancelling…"), false);
    m_cancel->setEnabled(false);
}

bool SweepView::isRunning() const
{
    return m_task->isRunning();
}

void SweepView::poll()
{
    const SweepTask::Progress p = m_task->progress();
    std::vector<SweepResult> arrived = m_task->takeEnded();
    if (p.configurations > 0) {
        m_classification = p.classification;
        m_hasTest = p.hasTest;
        m_progress->setValue(p.totalSteps > 0 ? static_cast<int>(kProgressScale
                                 * static_cast<double>(p.steps) / static_cast<double>(p.totalSteps))
                                              : 0);
        if (m_task->isRunning() && !m_task->cancelled())
            setStatus(
                tr("%1 of %2 runs done").arg(p.configurationsEnded).arg(p.configurations), false);
    }
    if (!arrived.empty()) {
        m_results.insert(m_results.end(), arrived.begin(), arrived.end());
        m_chart->setResults(m_results, m_classification, m_hasTest, m_sweptFrom, m_sweptTo);
    }
    updateControls();
}

void SweepView::onTaskFinished()
{
    m_poll->stop();
    poll();
    if (!m_task->error().isEmpty()) {
        setStatus(tr("The sweep cannot run: %1").arg(m_task->error()), true);
    } else {
        m_results = m_task->results();
        m_classification = m_task->classification();
        m_hasTest = m_task->hasTest();
        m_chart->setResults(m_results, m_classification, m_hasTest, m_sweptFrom, m_sweptTo);
        int finished = 0, failed = 0;
        for (const SweepResult& r : m_results) {
            finished += r.finished() ? 1 : 0;
            failed += (!r.problem.empty()
                          || (r.summary
                              && (r.summary->status == RunStatus::Diverged
                                  || r.summary->status == RunStatus::Failed)))
                ? 1
                : 0;
        }
        const int total = static_cast<int>(m_results.size());
        QString text = m_task->cancelled()
            ? tr("Cancelled: %1 of %2 configurations finished").arg(finished).arg(total)
            : tr("%1 configurations in %2 s").arg(total).arg(m_task->seconds(), 0, 'f', 1);
        if (m_plan.seeds > 1 && !m_task->cancelled())
            text = tr("%1 runs (%2 seeds each) in %3 s")
                       .arg(total)
                       .arg(m_plan.seeds)
                       .arg(m_task->seconds(), 0, 'f', 1);
        if (failed > 0)
            text += tr(" · %1 not trained to the end (red diamonds)").arg(failed);
        if (!m_setupNote.isEmpty())
            text += QStringLiteral("\n") + m_setupNote;
        if (!m_task->cancelled())
            m_progress->setValue(kProgressScale);
        setStatus(text, false);
    }
    updateControls();
    emit sweepFinished();
}

void SweepView::updateControls()
{
    const bool running = m_task->isRunning();
    const bool keyed = m_setup->keyed();
    m_run->setEnabled(!running && (!m_setup->chosenSchemes().empty() || keyed));
    m_setup->setRunning(running);
    m_xAxis->setEnabled(keyed || !m_plan.axes.empty());
    m_band->setEnabled(m_setup->seeds() > 1 || m_plan.seeds > 1);
    m_cancel->setEnabled(running && !m_task->cancelled());
    m_exportCsv->setEnabled(!running && !m_results.empty() && m_task->error().isEmpty());
    // Accuracy only means something for classification.
    const bool accuracy = m_results.empty() || m_classification;
    if (!accuracy && m_metric->currentIndex() != 0)
        m_metric->setCurrentIndex(0);
    if (auto* model = qobject_cast<QStandardItemModel*>(m_metric->model()))
        if (QStandardItem* item = model->item(1))
            item->setEnabled(accuracy);
}

void SweepView::updateTemplateHint()
{
    if (!m_panel) {
        m_hint->clear();
        return;
    }
    const ExperimentSpec spec = m_panel->spec();
    // A finished sweep belongs to the experiment it ran on: once the panel shows another
    // (a preset, a lesson, a file, an edit), its chart goes, rather than sit beside it.
    if (!m_task->isRunning() && !m_sweptSpec.isEmpty()
        && io::experimentToBytes(spec) != m_sweptSpec) {
        m_sweptSpec.clear();
        m_results.clear();
        setShownEntry(-1); // kept in the archive: offered under Compare with
        m_chart->setTitle(QString());
        m_chart->setResults({}, m_classification, m_hasTest, m_sweptFrom, m_sweptTo);
        m_progress->setValue(0);
        setStatus(tr("The experiment changed: the last sweep was of another one. Press Run sweep "
                     "to sweep this one."),
            false);
        updateControls();
    }
    bool hasQuantized = false;
    for (const RunSpec& run : spec.runs)
        hasQuantized = hasQuantized || run.quantizer.has_value();
    const QuantizerSpec q = sweepQuantizer(spec, m_setup->firstScheme());
    const QString how
        = tr("mode %1, rounding %2, %3")
              .arg(QString::fromUtf8(toString(q.mode)), QString::fromUtf8(toString(q.rounding)),
                  QString::fromUtf8(toString(q.granularity)));
    m_hint->setText(hasQuantized
            ? tr("Each point trains the panel's first quantized run (%1) alone, with its scheme "
                 "and bits replaced, from the same initial weights; the dashed line is full "
                 "precision. Same numbers as bitlab-cli sweep.")
                  .arg(how)
            : tr("The panel has no quantized run: each point trains the scheme's default "
                 "quantizer (%1) alone; the dashed line is full precision. Same numbers as "
                 "bitlab-cli sweep.")
                  .arg(how));
}

int SweepView::chosenXAxis() const
{
    return m_xAxis->currentIndex() == 1 ? 0 : -1;
}

void SweepView::presetOpened(const QString& preset)
{
    const Lesson* lesson = findLessonForPreset(preset.toStdString());
    if (!lesson || lesson->sweep.bitsFrom <= 0 || m_task->isRunning())
        return;
    m_setup->applyLesson(lesson->sweep);
    m_xAxis->setCurrentIndex(0);
    updateControls();
}

void SweepView::setStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

QString SweepView::statusText() const
{
    return m_status->text();
}

bool SweepView::exportCsv(const QString& file, QString* error) const
{
    if (m_results.empty() || m_task->isRunning()) {
        if (error)
            *error = tr("There is no finished sweep to export yet: press Run sweep first.");
        return false;
    }
    try {
        io::writeFileAtomically(file, io::sweepCsv(m_plan, m_results));
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

void SweepView::exportCsvDialog()
{
    QSettings settings;
    const QString folder
        = settings.value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
    QString file = QFileDialog::getSaveFileName(
        this, tr("Export sweep"), folder + QStringLiteral("/sweep.csv"), tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty())
        file += QStringLiteral(".csv");
    settings.setValue(QStringLiteral("lastFolder"), QFileInfo(file).absolutePath());
    QString error;
    if (!exportCsv(file, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
    else
        setStatus(tr("Wrote %1").arg(QDir::toNativeSeparators(file)), false);
}

void SweepView::prepareScreenshot(std::function<void()> done)
{
    if (!runSweep()) {
        done();
        return;
    }
    connect(
        this, &SweepView::sweepFinished, this, [done] { done(); }, Qt::SingleShotConnection);
}

} // namespace bitlab::ui
