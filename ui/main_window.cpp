#include "ui/main_window.h"

#include "core/engine/presets.h"
#include "core/io/experiment_json.h"
#include "ui/charts/loss_chart.h"
#include "ui/core_text.h"
#include "ui/experiment_info.h"
#include "ui/language.h"
#include "ui/views/boundary_view.h"
#include "ui/ui_thread.h"
#include "ui/views/experiment_view.h"
#include "ui/views/sweep_view.h"
#include "ui/views/weights_view.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/lesson_panel.h"
#include "ui/widgets/runs_editor.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bitlab::ui {

namespace {
constexpr int kRedrawMs = 33; // at most ~30 redraws per second
constexpr int kMaxRecent = 8;

QString formatDuration(double seconds)
{
    const int total = static_cast<int>(seconds);
    const int tenths = static_cast<int>((seconds - total) * 10);
    return QStringLiteral("%1:%2.%3")
        .arg(total / 60)
        .arg(total % 60, 2, 10, QLatin1Char('0'))
        .arg(tenths);
}

QString formatLoss(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("–");
    return QString::number(v, 'g', 4);
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("BitLab"));
    setAcceptDrops(true);
    resize(1400, 900);

    m_controller = new TrainingController(this);
    m_panel = new ExperimentPanel;
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(380);
    scroll->setFrameShape(QFrame::NoFrame);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    // The views: one line each.
    addView(new LossChart);
    addView(new WeightsView);
    addView(new BoundaryView);
    addView(new SweepView);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(scroll);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 460, 940 });
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    createActions();
    createMenus();
    createToolBar();
    createStatusBar();

    m_redrawTimer = new QTimer(this);
    m_redrawTimer->setInterval(kRedrawMs);
    connect(m_redrawTimer, &QTimer::timeout, this, &MainWindow::onRedrawTimer);
    m_redrawTimer->start();

    connect(m_controller, &TrainingController::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_controller, &TrainingController::prepared, this, &MainWindow::onPrepared);
    connect(m_controller, &TrainingController::recordsArrived, this, &MainWindow::onRecords);
    connect(m_controller, &TrainingController::runEnded, this, &MainWindow::onRunEnded);
    connect(m_controller, &TrainingController::snapshotArrived, this,
        [this](const LiveSnapshot& snapshot) {
            BITLAB_ASSERT_UI_THREAD();
            m_history.setSnapshot(snapshot);
            m_dirty = true;
        });
    connect(m_controller, &TrainingController::lossSurfaceArrived, this,
        [this](const LossSurface& surface) {
            m_history.setLossSurface(surface);
            refreshViews(true);
        });
    connect(m_controller, &TrainingController::quantizerChanged, this,
        [this](int run, qint64 step, const QuantizerSpec& quantizer, const QString& description) {
            m_history.markGridChange(run, step, description);
            m_panel->runsEditor()->setLiveQuantizer(run, quantizer, step);
            m_dirty = true;
            statusBar()->showMessage(
                tr("Run %1 now uses %2 from step %3.")
                    .arg(run < m_history.runCount() ? m_history.run(run).name : QString::number(run),
                        description)
                    .arg(step),
                8000);
        });
    connect(m_controller, &TrainingController::quantizerRejected, this,
        [this](int, const QString& message) { showError(tr("The grid cannot change"), message); });
    connect(m_controller, &TrainingController::progressed, this, [this] { updateStatusBar(); });
    connect(m_controller, &TrainingController::errorOccurred, this, [this](const QString& message) {
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
        if (!m_headless)
            showError(tr("The experiment cannot run"), message);
    });
    connect(m_controller, &TrainingController::exportFinished, this,
        [this](bool ok, const QString& message) {
            if (ok)
                statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 8000);
            if (!ok || message.contains(QLatin1Char('\n')))
                showError(ok ? tr("Export") : tr("Export failed"), message);
        });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { refreshViews(true); });
    connect(m_panel->runsEditor(), &RunsEditor::quantizerChangeRequested, m_controller,
        &TrainingController::changeQuantizer);
    connect(m_panel, &ExperimentPanel::browseCsvRequested, this, &MainWindow::loadDatasetDialog);
    connect(m_panel, &ExperimentPanel::specChanged, this, [this] { updateActions(); });

    readSettings();
    openPreset(QStringLiteral("seed"));
    onStateChanged(m_controller->state());
}

MainWindow::~MainWindow() = default;

void MainWindow::addView(ExperimentView* view)
{
    m_views.push_back(view);
    m_tabs->addTab(view, view->title());
    view->setExperimentPanel(m_panel);
    connect(view, &ExperimentView::lossSurfaceRequested, m_controller,
        &TrainingController::computeLossSurface);
}

bool MainWindow::selectView(const QString& key)
{
    for (ExperimentView* view : m_views) {
        if (view->key() == key) {
            m_tabs->setCurrentWidget(view);
            return true;
        }
    }
    return false;
}

QStringList MainWindow::viewKeys() const
{
    QStringList keys;
    for (const ExperimentView* view : m_views)
        keys << view->key();
    return keys;
}

void MainWindow::createActions()
{
    QStyle* s = style();
    m_runAction = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("&Run"), this);
    m_runAction->setObjectName(QStringLiteral("actionRun"));
    m_runAction->setShortcut(Qt::Key_F5);
    m_runAction->setToolTip(tr("Run the experiment, or resume it (F5)"));
    m_pauseAction = new QAction(s->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    m_pauseAction->setObjectName(QStringLiteral("actionPause"));
    m_pauseAction->setShortcut(Qt::Key_F6);
    m_pauseAction->setToolTip(tr("Pause training (F6)"));
    m_stepBatchAction
        = new QAction(s->standardIcon(QStyle::SP_MediaSkipForward), tr("Step one &batch"), this);
    m_stepBatchAction->setObjectName(QStringLiteral("actionStepBatch"));
    m_stepBatchAction->setShortcut(Qt::Key_F10);
    m_stepBatchAction->setToolTip(tr("Train one mini-batch, then pause (F10)"));
    m_stepEpochAction
        = new QAction(s->standardIcon(QStyle::SP_MediaSeekForward), tr("Step one &epoch"), this);
    m_stepEpochAction->setObjectName(QStringLiteral("actionStepEpoch"));
    m_stepEpochAction->setShortcut(Qt::Key_F11);
    m_stepEpochAction->setToolTip(tr("Train to the end of the epoch, then pause (F11)"));
    m_stopAction = new QAction(s->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
    m_stopAction->setObjectName(QStringLiteral("actionStop"));
    m_stopAction->setShortcut(Qt::SHIFT | Qt::Key_F5);
    m_stopAction->setToolTip(tr("End the experiment here; the results stay for export (Shift+F5)"));
    m_resetAction = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("Rese&t"), this);
    m_resetAction->setObjectName(QStringLiteral("actionReset"));
    m_resetAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_resetAction->setToolTip(tr("Discard the results and unlock the panel (Ctrl+R)"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::runClicked);
    connect(m_pauseAction, &QAction::triggered, m_controller, &TrainingController::pause);
    connect(m_stepBatchAction, &QAction::triggered, this, [this] { stepClicked(false); });
    connect(m_stepEpochAction, &QAction::triggered, this, [this] { stepClicked(true); });
    connect(m_stopAction, &QAction::triggered, m_controller, &TrainingController::stop);
    connect(m_resetAction, &QAction::triggered, this, &MainWindow::resetClicked);

    m_openAction
        = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open experiment…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openExperimentDialog);
    m_saveAction = new QAction(
        s->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save experiment as…"), this);
    m_saveAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveExperimentDialog);
    m_loadDataAction
        = new QAction(s->standardIcon(QStyle::SP_FileIcon), tr("Load &dataset…"), this);
    m_loadDataAction->setShortcut(Qt::CTRL | Qt::Key_D);
    connect(m_loadDataAction, &QAction::triggered, this, &MainWindow::loadDatasetDialog);
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_presetMenu = file->addMenu(tr("Open &built-in experiment"));
    for (const Preset& p : presetRegistry()) {
        QAction* a = m_presetMenu->addAction(
            QString::fromStdString(p.name) + QStringLiteral(" — ") + CoreText::text(p.title));
        a->setToolTip(CoreText::text(p.description));
        const QString name = QString::fromStdString(p.name);
        connect(a, &QAction::triggered, this, [this, name] { openPreset(name); });
    }
    m_presetMenu->setToolTipsVisible(true);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addAction(m_saveAction);
    file->addSeparator();
    file->addAction(m_loadDataAction);
    file->addSeparator();
    m_exportMenu = file->addMenu(tr("&Export"));
    m_exportMenu->addAction(tr("Current chart as &PNG…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
        [this] { exportCurrentChart(QStringLiteral("png")); });
    m_exportMenu->addAction(
        tr("Current chart as &SVG…"), this, [this] { exportCurrentChart(QStringLiteral("svg")); });
    m_exportMenu->addAction(
        tr("&All charts to a folder…"), this, &MainWindow::exportAllChartsDialog);
    m_exportMenu->addSeparator();
    m_exportMenu->addAction(tr("&Weights as JSON…"), this,
        [this] { exportThroughWorker(ExportRequest::Kind::WeightsJson); });
    m_exportMenu->addAction(tr("Weights as &CSV…"), this,
        [this] { exportThroughWorker(ExportRequest::Kind::WeightsCsv); });
    m_exportMenu->addAction(tr("C &header of quantized runs…"), this,
        [this] { exportThroughWorker(ExportRequest::Kind::CHeader); });
    m_exportMenu->addAction(tr("&Metrics CSV…"), this,
        [this] { exportThroughWorker(ExportRequest::Kind::MetricsCsv); });
    m_exportMenu->addAction(tr("Su&mmary JSON…"), this,
        [this] { exportThroughWorker(ExportRequest::Kind::SummaryJson); });
    m_exportMenu->addAction(tr("&Everything to a folder (as bitlab-cli --out)…"), this,
        [this] { exportThroughWorker(ExportRequest::Kind::OutputFolder); });
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* train = menuBar()->addMenu(tr("&Training"));
    for (QAction* a : { m_runAction, m_pauseAction, m_stepBatchAction, m_stepEpochAction,
             m_stopAction, m_resetAction })
        train->addAction(a);

    // Lessons: a preset plus a text in a dock beside the views.
    m_lessonPanel = new LessonPanel(m_tabs, this);
    addDockWidget(Qt::RightDockWidgetArea, m_lessonPanel);
    m_lessonPanel->hide();
    m_lessonPanel->fillMenu(menuBar()->addMenu(tr("&Lessons")));
    connect(m_lessonPanel, &LessonPanel::openRequested, this,
        [this](const QString& p) { openPreset(p); });
    connect(m_lessonPanel, &LessonPanel::runRequested, this, [this](const QString& p) {
        if (openPreset(p))
            runClicked();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    Language::fillMenu(view->addMenu(tr("&Language")), this);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About BitLab"), this, [this] {
        QMessageBox::about(this, tr("About BitLab"),
            tr("<b>BitLab %1</b><p>A lab for seeing what low bit-widths do to "
               "training: a full-precision run and its quantized twins, side by "
               "side.</p><p>Every experiment saved here re-runs headless with "
               "<tt>bitlab-cli run FILE.json</tt>, with the same numbers.</p>")
                .arg(QStringLiteral(BITLAB_VERSION)));
    });
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Training"));
    bar->setObjectName(QStringLiteral("trainingToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(18, 18));
    for (QAction* a : { m_runAction, m_pauseAction, m_stepBatchAction, m_stepEpochAction,
             m_stopAction, m_resetAction })
        bar->addAction(a);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Speed ")));
    m_speed = new QComboBox;
    m_speed->setObjectName(QStringLiteral("speedCombo"));
    m_speed->addItem(tr("Full speed"), 0.0);
    for (double v : { 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 1000.0 })
        m_speed->addItem(tr("%1 steps/s").arg(v), v);
    m_speed->setToolTip(tr("Train as fast as possible, or slowly enough to watch each step."));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this] { m_controller->setSpeed(m_speed->currentData().toDouble()); });
    bar->addWidget(m_speed);
}

void MainWindow::createStatusBar()
{
    m_stateLabel = new QLabel;
    m_stepLabel = new QLabel;
    m_rateLabel = new QLabel;
    m_elapsedLabel = new QLabel;
    m_stateLabel->setMinimumWidth(90);
    m_stepLabel->setMinimumWidth(230);
    m_rateLabel->setMinimumWidth(120);
    m_elapsedLabel->setMinimumWidth(110);
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_stepLabel);
    statusBar()->addPermanentWidget(m_rateLabel);
    statusBar()->addPermanentWidget(m_elapsedLabel);
    updateStatusBar();
}

void MainWindow::readSettings()
{
    QSettings settings;
    if (const QByteArray g = settings.value(QStringLiteral("window/geometry")).toByteArray();
        !g.isEmpty())
        restoreGeometry(g);
    if (const QByteArray s = settings.value(QStringLiteral("window/splitter")).toByteArray();
        !s.isEmpty())
        m_splitter->restoreState(s);
    updateRecentMenu();
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
}

QString MainWindow::lastFolder() const
{
    QSettings settings;
    return settings.value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
}

void MainWindow::setLastFolder(const QString& fileOrDir)
{
    const QFileInfo info(fileOrDir);
    QSettings settings;
    settings.setValue(
        QStringLiteral("lastFolder"), info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    QSettings settings;
    const QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    m_recentMenu->setToolTipsVisible(true);
    m_recentMenu->setEnabled(!recent.isEmpty());
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear list"), this, [this] {
            QSettings().remove(QStringLiteral("recentFiles"));
            updateRecentMenu();
        });
    }
}

bool MainWindow::openPreset(const QString& name)
{
    const Preset* preset = findPreset(name.toStdString());
    if (!preset) {
        QStringList names;
        for (const Preset& p : presetRegistry())
            names << QString::fromStdString(p.name);
        showError(tr("Unknown experiment"),
            tr("There is no built-in experiment named “%1”. Built-in: %2.")
                .arg(name, names.join(QStringLiteral(", "))));
        return false;
    }
    m_panel->setSpec(preset->spec);
    resetClicked();
    m_currentFile.clear();
    setWindowTitle(tr("BitLab — %1").arg(CoreText::text(preset->title)));
    return true;
}

bool MainWindow::openFile(const QString& path)
{
    const QFileInfo info(path);
    if (info.suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0
        || info.suffix().compare(QLatin1String("tsv"), Qt::CaseInsensitive) == 0
        || info.suffix().compare(QLatin1String("txt"), Qt::CaseInsensitive) == 0) {
        if (!m_panel->loadCsv(info.absoluteFilePath())) {
            statusBar()->showMessage(tr("Loading %1 was cancelled.").arg(info.fileName()), 8000);
            return false;
        }
        resetClicked();
        setLastFolder(path);
        addRecentFile(path);
        // The loader's error, if any, is shown in place in the panel.
        return m_panel->datasetError().isEmpty();
    }
    try {
        const ExperimentSpec spec = io::readExperiment(info.absoluteFilePath());
        m_panel->setSpec(spec);
        resetClicked();
        m_currentFile = info.absoluteFilePath();
        setWindowTitle(tr("BitLab — %1").arg(info.fileName()));
        setLastFolder(path);
        addRecentFile(path);
        return true;
    } catch (const std::exception& e) {
        showError(tr("Cannot open the experiment"), QString::fromUtf8(e.what()));
        return false;
    }
}

bool MainWindow::saveExperiment(const QString& path)
{
    try {
        io::writeExperiment(path, m_panel->spec());
        QStringList changed;
        for (int i = 0; i < m_history.runCount(); ++i)
            if (!m_history.run(i).gridChanges.empty())
                changed << m_history.run(i).name;
        m_currentFile = QFileInfo(path).absoluteFilePath();
        setWindowTitle(tr("BitLab — %1").arg(QFileInfo(path).fileName()));
        setLastFolder(path);
        addRecentFile(path);
        if (changed.isEmpty())
            statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
        else
            // An experiment file describes every run from step 0: a change mid-run has no
            // place in it, so the file keeps the quantizers the runs started with.
            statusBar()->showMessage(
                tr("Saved %1 with the original quantizers: the grid change of %2 mid-run "
                   "cannot be written to an experiment file (it describes runs from step 0).")
                    .arg(QDir::toNativeSeparators(path), changed.join(QStringLiteral(", "))),
                15000);
        return true;
    } catch (const std::exception& e) {
        showError(tr("Cannot save the experiment"), QString::fromUtf8(e.what()));
        return false;
    }
}

void MainWindow::openExperimentDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), lastFolder(),
        tr("Experiments and data (*.json *.csv);;Experiments (*.json);;CSV files (*.csv);;All "
           "files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::saveExperimentDialog()
{
    const QString start = m_currentFile.isEmpty()
        ? lastFolder() + QStringLiteral("/experiment.json")
        : m_currentFile;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save experiment as"), start, tr("Experiments (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    saveExperiment(path);
}

void MainWindow::loadDatasetDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load dataset"), lastFolder(), tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    // Any suffix loads as CSV here (openFile() decides by suffix).
    if (!m_panel->loadCsv(path)) {
        statusBar()->showMessage(
            tr("Loading %1 was cancelled.").arg(QFileInfo(path).fileName()), 8000);
        return;
    }
    resetClicked();
    setLastFolder(path);
    addRecentFile(path);
}

void MainWindow::runClicked()
{
    using S = TrainingController::State;
    switch (m_controller->state()) {
    case S::Ready:
    case S::Paused:
        m_controller->run();
        break;
    case S::Running:
    case S::Preparing:
        break;
    case S::Idle:
    case S::Finished:
    case S::Failed:
        startExperiment(true);
        break;
    }
}

void MainWindow::stepClicked(bool epoch)
{
    using S = TrainingController::State;
    const S state = m_controller->state();
    if (state == S::Idle || state == S::Finished || state == S::Failed) {
        m_pending = epoch ? Pending::StepEpoch : Pending::StepBatch;
        startExperiment(false);
        return;
    }
    if (epoch)
        m_controller->stepEpoch();
    else
        m_controller->stepBatch();
}

bool MainWindow::startExperiment(bool autoRun)
{
    const QString problem = m_panel->problem();
    if (!problem.isEmpty()) {
        m_pending = Pending::None;
        statusBar()->showMessage(problem, 8000);
        showError(tr("The experiment cannot run yet"), problem); // stderr when headless
        return false;
    }
    m_panel->runsEditor()->clearStatuses();
    m_panel->runsEditor()->clearLiveQuantizers();
    m_controller->start(m_panel->spec(), autoRun);
    return true;
}

void MainWindow::resetClicked()
{
    m_pending = Pending::None;
    m_controller->reset();
    std::vector<QString> names;
    for (int i = 0; i < static_cast<int>(m_panel->spec().runs.size()); ++i)
        names.push_back(m_panel->runsEditor()->displayName(i));
    m_history.reset(names);
    m_panel->runsEditor()->clearStatuses();
    m_panel->runsEditor()->clearLiveQuantizers();
    refreshViews(true);
    updateStatusBar();
}

void MainWindow::onStateChanged(TrainingController::State state)
{
    BITLAB_ASSERT_UI_THREAD();
    using S = TrainingController::State;
    const bool editable = state == S::Idle || state == S::Finished || state == S::Failed;
    m_panel->setEditable(editable);
    // Paused (or prepared, not yet running): a quantized run's grid may change.
    m_panel->runsEditor()->setLiveEditing(
        m_controller->hasExperiment() && (state == S::Paused || state == S::Ready));
    if (state == S::Running)
        for (int i = 0; i < m_history.runCount(); ++i)
            if (!m_history.run(i).ended)
                m_panel->runsEditor()->setStatus(i, tr("running"), false);
    if (state == S::Paused)
        for (int i = 0; i < m_history.runCount(); ++i)
            if (!m_history.run(i).ended)
                m_panel->runsEditor()->setStatus(i, tr("paused"), false);
    if (state == S::Finished || state == S::Failed) {
        refreshViews(true);
        if (state == S::Failed)
            m_panel->runsEditor()->clearStatuses();
    }
    updateActions();
    updateStatusBar();
    if (state == S::Finished || state == S::Failed)
        emit trainingEnded();
}

void MainWindow::onPrepared(const ExperimentInfo& info)
{
    BITLAB_ASSERT_UI_THREAD();
    m_history.reset(info.runNames);
    for (ExperimentView* v : m_views)
        v->setExperiment(info);
    for (int i = 0; i < static_cast<int>(info.runNames.size()); ++i)
        m_panel->runsEditor()->setStatus(i, tr("ready"), false);
    if (!info.warnings.empty()) {
        QStringList w;
        for (const QString& s : info.warnings)
            w << s;
        statusBar()->showMessage(w.join(QStringLiteral("  ")), 10000);
    }
    refreshViews(true);
    const Pending pending = m_pending;
    m_pending = Pending::None;
    if (pending == Pending::StepBatch)
        m_controller->stepBatch();
    else if (pending == Pending::StepEpoch)
        m_controller->stepEpoch();
}

void MainWindow::onRecords(const std::vector<Record>& records)
{
    BITLAB_ASSERT_UI_THREAD();
    m_history.append(records);
    m_dirty = true;
}

void MainWindow::onRunEnded(const RunSummary& summary)
{
    BITLAB_ASSERT_UI_THREAD();
    m_history.setSummary(summary);
    m_dirty = true;
    QString text;
    bool bad = false;
    switch (summary.status) {
    case RunStatus::Finished:
        text = tr("finished · loss %1").arg(formatLoss(summary.last.trainLoss));
        break;
    case RunStatus::Stopped:
        text = tr("stopped at step %1").arg(summary.steps);
        break;
    case RunStatus::Diverged:
    case RunStatus::Failed:
        text = summary.message.empty() ? tr("%1 at step %2")
                                             .arg(CoreText::text(toString(summary.status)))
                                             .arg(summary.failedStep)
                                       : QString::fromStdString(summary.message);
        bad = true;
        break;
    default:
        text = CoreText::text(toString(summary.status));
        break;
    }
    m_panel->runsEditor()->setStatus(summary.run, text, bad);
}

void MainWindow::refreshViews(bool force)
{
    BITLAB_ASSERT_UI_THREAD();
    if (force) {
        for (ExperimentView* v : m_views)
            v->refresh(m_history, true);
    } else if (auto* v = qobject_cast<ExperimentView*>(m_tabs->currentWidget())) {
        v->refresh(m_history, false);
    }
    m_dirty = false;
}

void MainWindow::onRedrawTimer()
{
    if (m_dirty) {
        // Update the views' data now; Qt paints what changed in its own event right after
        // (event(): UpdateRequest), so the UI thread is never blocked for refresh and paint
        // in one go, and only the dirty region is painted, not the whole tab. The next frame
        // waits at least twice as long as this one cost (refresh + the last paint), keeping
        // the UI thread at most a third busy with drawing however heavy the charts get
        // (never faster than ~30 redraws a second).
        QElapsedTimer frame;
        frame.start();
        refreshViews(false);
        const double cost = static_cast<double>(frame.nsecsElapsed()) * 1e-6 + m_paintMs;
        m_redrawTimer->setInterval(std::max(kRedrawMs, static_cast<int>(3 * cost)));
    }
    if (m_controller->state() == TrainingController::State::Running)
        updateStatusBar();
}

bool MainWindow::event(QEvent* event)
{
    if (event->type() != QEvent::UpdateRequest)
        return QMainWindow::event(event);
    // The window's deferred paint of everything that changed: its cost paces the redraws.
    QElapsedTimer paint;
    paint.start();
    const bool handled = QMainWindow::event(event);
    m_paintMs = static_cast<double>(paint.nsecsElapsed()) * 1e-6;
    return handled;
}

void MainWindow::updateStatusBar()
{
    BITLAB_ASSERT_UI_THREAD();
    const TrainingController::State state = m_controller->state();
    m_stateLabel->setText(TrainingController::stateText(state));
    const qint64 total = m_controller->info().totalSteps;
    if (m_controller->hasExperiment()) {
        const qint64 epochs = m_controller->info().spec.training.epochs;
        m_stepLabel->setText(tr("step %1 / %2 · epoch %3 / %4")
                                 .arg(m_controller->step())
                                 .arg(total)
                                 .arg(m_controller->epoch())
                                 .arg(epochs));
    } else {
        m_stepLabel->setText(tr("step – · epoch –"));
    }
    double rate = m_controller->stepsPerSecond();
    if (state != TrainingController::State::Running && m_controller->elapsedSeconds() > 0)
        rate = m_controller->step() / m_controller->elapsedSeconds(); // the average
    m_rateLabel->setText(rate > 0 ? tr("%L1 steps/s").arg(rate, 0, 'f', 0) : tr("– steps/s"));
    m_elapsedLabel->setText(tr("elapsed %1").arg(formatDuration(m_controller->elapsedSeconds())));
}

void MainWindow::updateActions()
{
    using S = TrainingController::State;
    const S state = m_controller->state();
    const bool canStart = m_panel->problem().isEmpty();
    const bool active = state == S::Ready || state == S::Running || state == S::Paused;
    m_runAction->setEnabled(state == S::Ready || state == S::Paused
        || ((state == S::Idle || state == S::Finished || state == S::Failed) && canStart));
    m_runAction->setText(state == S::Paused ? tr("&Resume") : tr("&Run"));
    const QString problem = m_panel->problem();
    m_runAction->setToolTip(problem.isEmpty() ? tr("Run the experiment, or resume it (F5)")
                                              : tr("Cannot run yet: %1").arg(problem));
    if (!problem.isEmpty() && (state == S::Idle || state == S::Finished || state == S::Failed))
        statusBar()->showMessage(problem);
    else if (statusBar()->currentMessage() == m_lastProblem)
        statusBar()->clearMessage();
    m_lastProblem = problem;
    m_pauseAction->setEnabled(state == S::Running);
    m_stepBatchAction->setEnabled(active || (canStart && state != S::Preparing));
    m_stepEpochAction->setEnabled(active || (canStart && state != S::Preparing));
    m_stopAction->setEnabled(active);
    m_resetAction->setEnabled(state != S::Idle);
    m_openAction->setEnabled(!active);
    m_loadDataAction->setEnabled(!active);
    m_presetMenu->setEnabled(!active);
    m_lessonPanel->setTrainingActive(active);
    m_recentMenu->setEnabled(!active && !m_recentMenu->isEmpty()); // an empty list stays grey
}

void MainWindow::showError(const QString& title, const QString& message)
{
    if (m_headless) {
        std::fprintf(stderr, "error: %s\n", qPrintable(message));
        return;
    }
    QMessageBox::warning(this, title, message);
}

void MainWindow::exportCurrentChart(const QString& suffix)
{
    auto* view = qobject_cast<ExperimentView*>(m_tabs->currentWidget());
    if (!view || view->chartNames().isEmpty())
        return;
    const int index = view->currentChart();
    const QString name = view->chartNames().value(index);
    QString path = QFileDialog::getSaveFileName(this, tr("Export chart"),
        lastFolder() + QLatin1Char('/') + name + QLatin1Char('.') + suffix,
        suffix == QLatin1String("svg") ? tr("SVG image (*.svg)") : tr("PNG image (*.png)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1Char('.') + suffix, Qt::CaseInsensitive))
        path += QLatin1Char('.') + suffix;
    setLastFolder(path);
    QString error;
    if (!view->exportChart(index, path, &error))
        showError(tr("Export failed"), error);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 5000);
}

QStringList MainWindow::exportAllCharts(const QString& dir, QString* error)
{
    QStringList written;
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = tr("Cannot create the folder %1.").arg(dir);
        return written;
    }
    refreshViews(true);
    for (ExperimentView* view : m_views) {
        const QStringList names = view->chartNames();
        for (int i = 0; i < names.size(); ++i) {
            for (const char* suffix : { ".png", ".svg" }) {
                const QString path = QDir(dir).filePath(names[i] + QLatin1String(suffix));
                QString e;
                if (view->exportChart(i, path, &e))
                    written << path;
                else if (error && error->isEmpty())
                    *error = e;
            }
        }
    }
    return written;
}

void MainWindow::exportAllChartsDialog()
{
    const QString dir
        = QFileDialog::getExistingDirectory(this, tr("Export all charts to"), lastFolder());
    if (dir.isEmpty())
        return;
    setLastFolder(dir);
    QString error;
    const QStringList files = exportAllCharts(dir, &error);
    if (!error.isEmpty())
        showError(tr("Export failed"), error);
    else
        statusBar()->showMessage(
            tr("Wrote %n file(s) to %1", nullptr, static_cast<int>(files.size()))
                .arg(QDir::toNativeSeparators(dir)),
            5000);
}

void MainWindow::exportThroughWorker(ExportRequest::Kind kind)
{
    if (!m_controller->hasExperiment()) {
        showError(tr("Nothing to export yet"),
            tr("Run the experiment first (F5): weights and "
               "metrics come from a run."));
        return;
    }
    using K = ExportRequest::Kind;
    ExportRequest request;
    request.kind = kind;
    if (kind == K::MetricsCsv || kind == K::SummaryJson) {
        const bool metrics = kind == K::MetricsCsv;
        request.path = QFileDialog::getSaveFileName(this,
            metrics ? tr("Export metrics") : tr("Export summary"),
            lastFolder()
                + (metrics ? QStringLiteral("/metrics.csv") : QStringLiteral("/summary.json")),
            metrics ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    } else {
        request.path
            = QFileDialog::getExistingDirectory(this, tr("Export to folder"), lastFolder());
    }
    if (request.path.isEmpty())
        return;
    setLastFolder(request.path);
    m_controller->exportFiles(request);
}

void MainWindow::runHeadless(bool run, const QString& screenshot, const QString& chartsDir)
{
    m_headless = true;
    m_headlessScreenshot = screenshot;
    m_headlessCharts = chartsDir;
    connect(
        this, &MainWindow::trainingEnded, this,
        [this, run] {
            // Let the last redraw and layout settle before grabbing.
            QTimer::singleShot(150, this, [this, run] {
                // The tab on screen may have work of its own first (the sweep runs).
                auto* view = qobject_cast<ExperimentView*>(m_tabs->currentWidget());
                if (run && view)
                    view->prepareScreenshot(
                        [this] { QTimer::singleShot(150, this, [this] { finishHeadless(); }); });
                else
                    finishHeadless();
            });
        },
        Qt::SingleShotConnection);
    if (!run)
        QTimer::singleShot(0, this, [this] { emit trainingEnded(); });
    else if (!startExperiment(true))
        QTimer::singleShot(0, this, [] { QApplication::exit(1); });
}

void MainWindow::finishHeadless()
{
    int code = m_controller->state() == TrainingController::State::Failed ? 1 : 0;
    refreshViews(true);
    if (!m_headlessScreenshot.isEmpty()) {
        const QPixmap pixmap = grab();
        if (!pixmap.save(m_headlessScreenshot, "PNG")) {
            std::fprintf(stderr, "error: cannot write the screenshot %s\n",
                qPrintable(m_headlessScreenshot));
            code = 1;
        }
    }
    if (!m_headlessCharts.isEmpty()) {
        QString error;
        exportAllCharts(m_headlessCharts, &error);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            code = 1;
        }
    }
    m_controller->reset();
    QApplication::exit(code);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    writeSettings();
    m_redrawTimer->stop();
    m_controller->reset(); // stops the worker and joins its thread
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl& url : event->mimeData()->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (url.isLocalFile()
            && (suffix == QLatin1String("csv") || suffix == QLatin1String("json")
                || suffix == QLatin1String("tsv") || suffix == QLatin1String("txt"))) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    using S = TrainingController::State;
    const S state = m_controller->state();
    if (state == S::Running || state == S::Paused || state == S::Ready) {
        statusBar()->showMessage(
            tr("Stop or reset the experiment before opening another file."), 6000);
        return;
    }
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

} // namespace bitlab::ui
