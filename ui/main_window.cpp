#include "ui/main_window.h"

#include "core/common/control_chars.h"
#include "core/engine/presets.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "ui/charts/loss_chart.h"
#include "ui/experiment_info.h"
#include "ui/result_archive.h"
#include "ui/session_file.h"
#include "ui/training_pace.h"
#include "ui/ui_thread.h"
#include "ui/views/boundary_view.h"
#include "ui/views/classes_view.h"
#include "ui/views/experiment_view.h"
#include "ui/views/fit_view.h"
#include "ui/views/images_view.h"
#include "ui/views/sensitivity_view.h"
#include "ui/views/sweep_view.h"
#include "ui/views/view_registry.h"
#include "ui/views/weights_view.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/lesson_panel.h"
#include "ui/window/app_settings.h"
#include "ui/window/experiment_files.h"
#include "ui/window/export_actions.h"
#include "ui/window/file_dialogs.h"
#include "ui/window/headless_runner.h"
#include "ui/window/help_actions.h"
#include "ui/window/main_actions.h"
#include "ui/window/panel_undo.h"
#include "ui/window/recent_files.h"
#include "ui/window/redraw_pacer.h"
#include "ui/window/status_text.h"
#include "ui/window/training_session.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>
#include <algorithm>
#include <cstdio>
#include <memory>

namespace bitlab::ui {

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
    for (const ViewKind& kind : viewRegistry())
        addView(makeView(kind));
    SensitivityView* sensitivity = nullptr;
    for (ExperimentView* view : m_views)
        if (auto* v = qobject_cast<SensitivityView*>(view))
            sensitivity = v;

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(scroll);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 460, 940 });
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_session = new TrainingSession(m_controller, m_panel, this);
    // Sensitivity's Suggest: the mixed-precision run joins the experiment (a unique name).
    connect(sensitivity, &SensitivityView::runSuggested, this, [this](const RunSpec& suggested) {
        ExperimentSpec spec = m_panel->spec();
        RunSpec run = suggested;
        const auto taken = [&](const std::string& name) {
            return std::any_of(spec.runs.begin(), spec.runs.end(),
                [&](const RunSpec& r) { return r.name == name; });
        };
        for (int k = 2; taken(run.name); ++k)
            run.name = suggested.name + "-" + std::to_string(k);
        spec.runs.push_back(run);
        m_panel->setSpec(spec);
    });
    m_actions = new MainActions(this);

    m_recent = new RecentFiles(m_actions->recentMenu, this);
    m_files = new ExperimentFiles(m_panel, &m_session->history(), m_recent, this);
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString& path) {
        if (confirmReplacingResults())
            openFile(path);
    });
    connect(m_files, &ExperimentFiles::experimentReplaced, this, &MainWindow::reset);
    // Another experiment: a lesson's view settings no longer apply (a lesson sets them again
    // after opening its own).
    connect(m_files, &ExperimentFiles::experimentReplaced, this, [this] {
        for (ExperimentView* view : m_views)
            view->showLesson(nullptr);
    });
    connect(m_files, &ExperimentFiles::titleChanged, this, &QWidget::setWindowTitle);
    connect(m_files, &ExperimentFiles::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_files, &ExperimentFiles::failed, this, &MainWindow::showError);

    m_exports = new ExportActions(this, m_tabs, m_controller);
    m_exports->fillMenu(m_actions->exportMenu);
    connect(m_exports, &ExportActions::chartsNeeded, this, [this] { refreshViews(true); });
    connect(m_exports, &ExportActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_exports, &ExportActions::failed, this, &MainWindow::showError);

    // Lessons: a preset plus a text in a dock beside the views.
    m_lessonPanel = new LessonPanel(m_tabs, this);
    addDockWidget(Qt::RightDockWidgetArea, m_lessonPanel);
    m_lessonPanel->hide();
    m_lessonPanel->fillMenu(m_actions->lessonsMenu);
    connect(m_lessonPanel, &LessonPanel::openRequested, this, [this](const QString& p) {
        if (confirmReplacingResults())
            openPreset(p);
    });
    connect(m_lessonPanel, &LessonPanel::runRequested, this, [this](const QString& p) {
        if (confirmReplacingResults() && openPreset(p))
            m_session->run();
    });
    connect(m_lessonPanel, &LessonPanel::compareRequested, this, &MainWindow::compareLesson);

    m_status = new StatusText(statusBar(), m_controller);
    m_pacer = new RedrawPacer(this);
    connect(m_pacer, &RedrawPacer::redrawDue, this, [this] { refreshViews(false); });
    connect(m_pacer, &RedrawPacer::ticked, this, [this] {
        if (m_controller->state() == TrainingController::State::Running)
            m_status->update();
    });

    connectActions();
    connectSession();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { refreshViews(true); });
    connect(m_panel, &ExperimentPanel::browseCsvRequested, m_actions->loadData, &QAction::trigger);
    connect(m_panel, &ExperimentPanel::specChanged, this, &MainWindow::updateActions);

    m_help = new HelpActions(this, m_tabs, m_actions->helpMenu);

    // Every finished experiment stays for the session, to be laid over a later one.
    m_archive = new ResultArchive(this);
    for (ExperimentView* view : m_views) {
        if (auto* loss = qobject_cast<LossChart*>(view))
            loss->setArchive(m_archive);
        if (auto* sweep = qobject_cast<SweepView*>(view)) {
            sweep->setArchive(m_archive);
            // A finished sweep stays too (the Sweep tab's Compare with).
            connect(sweep, &SweepView::sweepFinished, m_archive, [this, sweep] {
                const SweepRecord record = sweep->record();
                if (!record.empty())
                    sweep->setShownEntry(m_archive->addSweep(
                        windowTitle(), m_panel->spec(), record, history().generation()));
            });
        }
    }
    connect(this, &MainWindow::trainingEnded, m_archive, [this] {
        if (m_controller->hasExperiment())
            m_archive->add(windowTitle(), m_controller->info().spec, history(),
                io::experimentToBytes(m_panel->spec()));
    });
    connect(m_controller, &TrainingController::exportFinished, m_archive, [this](bool ok) {
        if (ok)
            m_archive->markNewestSaved();
    });

    AppSettings::restoreWindow(this, m_splitter);
    openPreset(QStringLiteral("seed"));
    // Undo starts from the seed: its opening is not a step.
    m_undo = new PanelUndo(m_panel, this);
    m_actions->editMenu->addAction(m_undo->undoAction());
    m_actions->editMenu->addAction(m_undo->redoAction());
    // Opening another experiment is one step, named after it; undoing it (or redoing it)
    // brings back another experiment, so the results go as when a file is opened.
    connect(m_files, &ExperimentFiles::experimentReplaced, m_undo,
        [this] { m_undo->nameNextStep(tr("open another experiment")); });
    connect(m_files, &ExperimentFiles::titleChanged, m_undo, [this](const QString& title) {
        const QString shown = title.size() > 40 ? title.left(39) + QStringLiteral("…") : title;
        m_undo->renameNextStep(tr("open “%1”").arg(shown));
    });
    m_undo->setConfirmReplace([this] { return confirmReplacingResults(); });
    connect(m_undo, &PanelUndo::experimentRestored, this, [this] {
        reset();
        for (ExperimentView* view : m_views)
            view->showLesson(nullptr);
    });
    onStateChanged(m_controller->state());
}

MainWindow::~MainWindow() = default;

void MainWindow::connectActions()
{
    // Starting anew replaces the results on screen: asked first when they are not saved.
    const auto startsAnew = [this] {
        using S = TrainingController::State;
        const S state = m_controller->state();
        return state == S::Idle || state == S::Finished || state == S::Failed;
    };
    connect(m_actions->run, &QAction::triggered, this, [this, startsAnew] {
        if (!startsAnew() || confirmReplacingResults())
            m_session->run();
    });
    connect(m_actions->pause, &QAction::triggered, m_controller, &TrainingController::pause);
    connect(m_actions->stepBatch, &QAction::triggered, this, [this, startsAnew] {
        if (!startsAnew() || confirmReplacingResults())
            m_session->step(false);
    });
    connect(m_actions->stepEpoch, &QAction::triggered, this, [this, startsAnew] {
        if (!startsAnew() || confirmReplacingResults())
            m_session->step(true);
    });
    connect(m_actions->stop, &QAction::triggered, m_controller, &TrainingController::stop);
    connect(m_actions->reset, &QAction::triggered, this, &MainWindow::reset);
    connect(m_actions->open, &QAction::triggered, this, [this] {
        if (const QString path = FileDialogs::openExperiment(this);
            !path.isEmpty() && confirmReplacingResults())
            openFile(path);
    });
    connect(m_actions->openSession, &QAction::triggered, this, [this] {
        if (const QString path = FileDialogs::openSession(this);
            !path.isEmpty() && confirmReplacingResults())
            openSession(path);
    });
    connect(m_actions->saveSession, &QAction::triggered, this,
        [this] { saveSessionInteractive(false); });
    connect(m_actions->saveSessionAs, &QAction::triggered, this,
        [this] { saveSessionInteractive(true); });
    connect(m_actions->save, &QAction::triggered, this, [this] {
        const QString path = FileDialogs::saveExperiment(this, m_files->currentFile());
        if (!path.isEmpty())
            saveExperiment(path);
    });
    connect(m_actions->loadData, &QAction::triggered, this, [this] {
        // Any suffix loads as CSV here (openFile() decides by suffix).
        if (const QString path = FileDialogs::loadDataset(this);
            !path.isEmpty() && confirmReplacingResults())
            m_files->openCsv(path);
    });
    connect(m_actions->quit, &QAction::triggered, this, &QWidget::close);
    connect(m_actions, &MainActions::presetChosen, this, [this](const QString& name) {
        if (confirmReplacingResults())
            m_files->openPreset(name);
    });
    connect(m_actions, &MainActions::paceChosen, m_controller, &TrainingController::setPace);
}

void MainWindow::connectSession()
{
    connect(m_session, &TrainingSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_session, &TrainingSession::prepared, this, &MainWindow::onPrepared);
    connect(m_session, &TrainingSession::redrawNeeded, this, [this](bool now) {
        if (now)
            refreshViews(true);
        else
            m_pacer->markDirty();
    });
    connect(m_session, &TrainingSession::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_session, &TrainingSession::failed, this, &MainWindow::showError);
    connect(m_controller, &TrainingController::quantizerRejected, this,
        [this](int, const QString& message) { showError(tr("The grid cannot change"), message); });
    connect(m_controller, &TrainingController::progressed, m_status, &StatusText::update);
    connect(m_controller, &TrainingController::preparationCancelled, this, [this] {
        statusBar()->showMessage(
            tr("Stopped before training: the experiment was not built."), 8000);
    });
    connect(m_controller, &TrainingController::errorOccurred, this, [this](const QString& message) {
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
        showError(tr("The experiment cannot run"), message); // stderr when headless
    });
}

const RunHistory& MainWindow::history() const
{
    return m_session->history();
}

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

ExperimentView* MainWindow::currentView() const
{
    return qobject_cast<ExperimentView*>(m_tabs->currentWidget());
}

bool MainWindow::openPreset(const QString& name)
{
    if (!m_files->openPreset(name))
        return false;
    if (auto* sweep = findChild<SweepView*>()) // a lesson's sweep settings (seeds: the band)
        sweep->presetOpened(name);
    return true;
}

bool MainWindow::openFile(const QString& path)
{
    if (FileDialogs::isSessionFile(path))
        return openSession(path);
    return m_files->openFile(path);
}

bool MainWindow::saveSession(const QString& path)
{
    Session s;
    s.title = windowTitle();
    s.spec = m_panel->spec();
    if (const ExperimentView* view = currentView())
        s.view.tab = view->key();
    auto* loss = findChild<LossChart*>();
    auto* sweep = findChild<SweepView*>();
    s.view.lossMode = static_cast<int>(loss->mode());
    s.view.logScale = loss->logScale();
    s.view.smoothing = loss->smoothing();
    s.view.lossOverlay = loss->overlay();
    s.view.sweepOverlay = sweep->overlay();
    bool anyValue = false;
    for (int i = 0; i < history().runCount(); ++i)
        for (const MetricTrace& m : history().run(i).metrics)
            anyValue = anyValue || !m.empty();
    if (anyValue) {
        for (int i = 0; i < history().runCount(); ++i) {
            RunTrace t = history().run(i);
            t.trajectory.clear(); // the weight plane's path needs the snapshot: not kept
            t.latentTrajectory.clear();
            t.trajectorySteps.clear();
            s.runs.push_back(std::move(t));
        }
        for (const ArchivedResult& e : m_archive->entries())
            if (e.generation == history().generation())
                s.resultsEntry = e.number;
    }
    if (const SweepRecord record = sweep->record(); !record.empty()) {
        s.sweep = record;
        s.sweepEntry = sweep->shownEntry();
        s.sweepOfThisExperiment = record.spec == io::experimentToBytes(s.spec);
    }
    s.archive = m_archive->entries();
    for (ArchivedResult& e : s.archive)
        e.saved = true; // by this very file
    try {
        io::writeFileAtomically(path, sessionJson(s, QFileInfo(path).absolutePath()));
    } catch (const std::exception& e) {
        showError(tr("Cannot save the session"), QString::fromUtf8(e.what()));
        return false;
    }
    m_sessionFile = QFileInfo(path).absoluteFilePath();
    AppSettings::setLastSession(m_sessionFile);
    AppSettings::setLastFolder(m_sessionFile);
    m_recent->add(m_sessionFile);
    m_archive->markAllSaved();
    statusBar()->showMessage(
        tr("Session saved to %1").arg(QDir::toNativeSeparators(m_sessionFile)), 6000);
    return true;
}

bool MainWindow::saveSessionInteractive(bool ask)
{
    QString path = m_sessionFile;
    if (ask || path.isEmpty())
        path = FileDialogs::saveSession(this, m_sessionFile);
    return !path.isEmpty() && saveSession(path);
}

bool MainWindow::openSession(const QString& path)
{
    Session s;
    try {
        s = readSession(path); // all of it read and checked before anything changes
    } catch (const std::exception& e) {
        showError(tr("Cannot open the session"), QString::fromUtf8(e.what()));
        return false;
    }
    const QString file = QFileInfo(path).absoluteFilePath();
    m_files->showSessionExperiment(s.spec, s.title, file); // resets the results
    auto* loss = findChild<LossChart*>();
    auto* sweep = findChild<SweepView*>();
    m_archive->restore(std::move(s.archive));
    std::int64_t totalSteps = 0;
    for (const RunTrace& t : s.runs)
        totalSteps = std::max(totalSteps, t.summary.totalSteps);
    loss->setTotalSteps(totalSteps);
    m_session->restore(std::move(s.runs));
    if (s.resultsEntry >= 0)
        m_archive->setGeneration(s.resultsEntry, history().generation());
    if (s.sweep) {
        if (s.sweepOfThisExperiment)
            s.sweep->spec = io::experimentToBytes(m_panel->spec());
        sweep->restore(*s.sweep, s.sweepEntry);
    }
    loss->setMode(static_cast<LossChart::Mode>(s.view.lossMode));
    loss->setLogScale(s.view.logScale);
    loss->setSmoothing(s.view.smoothing);
    loss->setOverlay(s.view.lossOverlay);
    sweep->setOverlay(s.view.sweepOverlay);
    if (!s.view.tab.isEmpty())
        selectView(s.view.tab);
    refreshViews(true);
    m_sessionFile = file;
    AppSettings::setLastSession(file);
    statusBar()->showMessage(
        tr("Opened %1. A session keeps curves, not weights: Run to redraw the weights' tabs.")
            .arg(QFileInfo(file).fileName()),
        15000);
    return true;
}

void MainWindow::restoreLastSession()
{
    const QString path = AppSettings::lastSession();
    if (path.isEmpty())
        return;
    if (!QFileInfo(path).isFile()) {
        AppSettings::setLastSession({});
        showError(tr("The last session cannot be reopened"),
            tr("%1 is no longer there. BitLab starts with the built-in experiment instead.")
                .arg(QDir::toNativeSeparators(path)));
        return;
    }
    // openSession says why when it cannot; the file is then no longer reopened at start.
    if (!openSession(path))
        AppSettings::setLastSession({});
}

const ArchivedResult* MainWindow::unsavedResultsOnScreen() const
{
    const auto* sweep = findChild<SweepView*>();
    for (const ArchivedResult& e : m_archive->entries()) {
        const bool onScreen = (e.generation != 0 && e.generation == history().generation())
            || (sweep && e.number == sweep->shownEntry());
        if (onScreen && !e.saved)
            return &e;
    }
    return nullptr;
}

bool MainWindow::confirmReplacingResults()
{
    if (m_headless || !m_askBeforeReplacing)
        return true;
    const ArchivedResult* shown = unsavedResultsOnScreen();
    if (!shown)
        return true;
    QMessageBox box(QMessageBox::Question, tr("Replace the results?"),
        tr("The results of %1 are not saved.").arg(shown->label()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(
        tr("Save keeps them in a session file (File ▸ Save session, Ctrl+S). Discard takes them "
           "off the screen: until the window closes they stay under Compare with."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveSessionInteractive(false);
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void MainWindow::compareLesson(const QString& lessonPreset, const QString& otherPreset)
{
    // The comparison runs beside the lesson's own runs: they are laid over its chart from
    // the archive (run first when this session has not run them yet).
    const Preset* lesson = findPreset(lessonPreset.toStdString());
    if (!lesson || !confirmReplacingResults())
        return;
    const QByteArray lessonSpec = io::experimentToBytes(lesson->spec);
    const auto lessonEntry = [this, lessonSpec]() -> int {
        const auto& entries = m_archive->entries();
        for (auto it = entries.rbegin(); it != entries.rend(); ++it)
            if (!it->runs.empty()
                && (it->asRun == lessonSpec || io::experimentToBytes(it->spec) == lessonSpec))
                return it->number;
        return -1;
    };
    const auto runOther = [this, otherPreset, lessonEntry] {
        const int entry = lessonEntry();
        if (!openPreset(otherPreset))
            return;
        m_session->run();
        if (auto* loss = findChild<LossChart*>(); loss && entry >= 0)
            loss->setOverlay(entry);
    };
    if (lessonEntry() >= 0) {
        runOther();
        return;
    }
    if (!openPreset(lessonPreset))
        return;
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = connect(this, &MainWindow::trainingEnded, this, [this, once, runOther] {
        disconnect(*once);
        // trainingEnded's other slots (the archive) first: then the comparison.
        QTimer::singleShot(0, this, runOther);
    });
    m_session->run();
}

bool MainWindow::saveExperiment(const QString& path)
{
    return m_files->saveExperiment(path);
}

QStringList MainWindow::exportAllCharts(const QString& dir, QString* error)
{
    return m_exports->exportAllCharts(dir, error);
}

void MainWindow::reset()
{
    m_session->reset();
    m_status->update();
}

void MainWindow::onStateChanged(TrainingController::State state)
{
    using S = TrainingController::State;
    if (state == S::Finished || state == S::Failed)
        refreshViews(true);
    updateActions();
    m_status->update();
    if (state == S::Finished || state == S::Failed)
        emit trainingEnded();
}

void MainWindow::onPrepared(const ExperimentInfo& info)
{
    for (ExperimentView* v : m_views)
        v->setExperiment(info);
    if (!info.warnings.empty()) {
        QStringList w;
        for (const QString& s : info.warnings)
            w << s;
        statusBar()->showMessage(w.join(QStringLiteral("  ")), 10000);
    }
    refreshViews(true);
}

void MainWindow::refreshViews(bool force)
{
    BITLAB_ASSERT_UI_THREAD();
    if (force) {
        for (ExperimentView* v : m_views)
            v->refresh(history(), true);
    } else if (ExperimentView* v = currentView()) {
        v->refresh(history(), false);
    }
    m_pacer->markClean();
}

bool MainWindow::event(QEvent* event)
{
    if (event->type() != QEvent::UpdateRequest)
        return QMainWindow::event(event);
    // The window's deferred paint of everything that changed: its cost paces the redraws.
    return m_pacer->timePaint([&] { return QMainWindow::event(event); });
}

void MainWindow::updateActions()
{
    using S = TrainingController::State;
    const S state = m_controller->state();
    const QString problem = m_panel->problem();
    m_actions->update(state, problem);
    const bool active = state == S::Ready || state == S::Running || state == S::Paused;
    if (!problem.isEmpty() && (state == S::Idle || state == S::Finished || state == S::Failed))
        statusBar()->showMessage(problem);
    else if (statusBar()->currentMessage() == m_lastProblem)
        statusBar()->clearMessage();
    m_lastProblem = problem;
    m_lessonPanel->setTrainingActive(active);
    m_recent->setLocked(active);
    if (m_undo)
        m_undo->setEnabled(!active);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    if (m_headless) {
        // One line per problem, control characters from files escaped.
        for (const QString& line : message.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            std::fprintf(
                stderr, "error: %s\n", escapeControlCharacters(line.toStdString()).c_str());
        return;
    }
    QMessageBox::warning(this, title, message);
}

void MainWindow::runHeadless(bool run, const QString& screenshot, const QString& chartsDir)
{
    m_headless = true;
    // The panel shows a dataset error in place ("see above" in the run problem): headless,
    // the reason itself goes to stderr.
    if (run && !m_panel->datasetError().isEmpty()) {
        showError(tr("The dataset cannot be loaded"), m_panel->datasetError());
        QTimer::singleShot(0, this, [] { QApplication::exit(1); });
        return;
    }
    m_controller->setPace(Pace::full()); // a screenshot or an export waits for the end only
    auto* runner = new HeadlessRunner(this, screenshot, chartsDir);
    runner->finishAfterTraining(run);
    if (!run)
        QTimer::singleShot(0, this, [this] { emit trainingEnded(); });
    else if (!m_session->start(true))
        QTimer::singleShot(0, this, [] { QApplication::exit(1); });
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Results live only in this window: closing it without exporting them asks first.
    if (const int unsaved = m_archive->unsavedCount(); unsaved > 0 && !m_headless) {
        const QString newest = m_archive->entries().back().label();
        const QString what = unsaved == 1
            ? tr("The result of %1 is not saved: closing the window discards it.").arg(newest)
            : tr("%1 results of this session are not saved (the newest: %2): closing the "
                 "window discards them.")
                  .arg(unsaved)
                  .arg(newest);
        const auto answer = QMessageBox::question(this, tr("Close BitLab?"),
            what + QStringLiteral("\n\n")
                + tr("Save keeps every result of this session in a session file (File ▸ Save "
                     "session, Ctrl+S); File ▸ Export ▸ Everything writes an experiment's "
                     "results to a folder. Close anyway?"),
            QMessageBox::Save | QMessageBox::Close | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel
            || (answer == QMessageBox::Save && !saveSessionInteractive(false))) {
            event->ignore();
            return;
        }
    }
    AppSettings::saveWindow(this, m_splitter);
    m_pacer->stop();
    m_controller->reset(); // stops the worker and joins its thread
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile() && FileDialogs::isOpenable(url.toLocalFile())) {
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
            if (confirmReplacingResults())
                openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

} // namespace bitlab::ui
