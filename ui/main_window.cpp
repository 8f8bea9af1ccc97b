#include "ui/main_window.h"

#include "ui/experiment_info.h"
#include "ui/ui_thread.h"
#include "ui/views/experiment_view.h"
#include "ui/views/sensitivity_view.h"
#include "ui/views/sweep_view.h"
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
#include "ui/window/session_keeper.h"
#include "ui/window/status_text.h"
#include "ui/window/training_session.h"
#include "ui/window/view_tabs.h"

#include <QAction>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>

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

    m_tabs = new ViewTabs(m_panel, m_controller);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(scroll);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 460, 940 });
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_session = new TrainingSession(m_controller, m_panel, this);
    // Sensitivity's Suggest: the mixed-precision run joins the experiment.
    connect(m_tabs->find<SensitivityView>(), &SensitivityView::runSuggested, m_panel,
        &ExperimentPanel::addRun);
    m_actions = new MainActions(this);

    m_recent = new RecentFiles(m_actions->recentMenu, this);
    m_files = new ExperimentFiles(m_panel, &m_session->history(), m_recent, this);
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString& path) {
        if (m_keeper->confirmReplacing())
            openFile(path);
    });
    connect(m_files, &ExperimentFiles::experimentReplaced, this, &MainWindow::reset);
    // Another experiment: a lesson's view settings no longer apply (a lesson sets them again
    // after opening its own).
    connect(m_files, &ExperimentFiles::experimentReplaced, m_tabs, &ViewTabs::forgetLesson);
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
        if (m_keeper->confirmReplacing())
            openPreset(p);
    });
    connect(m_lessonPanel, &LessonPanel::runRequested, this, [this](const QString& p) {
        if (m_keeper->confirmReplacing() && openPreset(p))
            m_session->run();
    });

    m_status = new StatusText(statusBar(), m_controller);
    m_pacer = new RedrawPacer(this);
    connect(m_pacer, &RedrawPacer::redrawDue, this, [this] { refreshViews(false); });
    connect(m_pacer, &RedrawPacer::ticked, m_status, &StatusText::updateWhileRunning);

    connectActions();
    connectSession();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { refreshViews(true); });
    connect(m_panel, &ExperimentPanel::browseCsvRequested, m_actions->loadData, &QAction::trigger);
    connect(m_panel, &ExperimentPanel::specChanged, this, &MainWindow::updateActions);

    m_help = new HelpActions(this, m_tabs, m_actions->helpMenu);

    m_keeper = new SessionKeeper(this, m_panel, m_session, m_files, m_recent);
    connect(m_keeper, &SessionKeeper::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_keeper, &SessionKeeper::failed, this, &MainWindow::showError);
    connect(m_lessonPanel, &LessonPanel::compareRequested, m_keeper, &SessionKeeper::compareLesson);

    AppSettings::restoreWindow(this, m_splitter);
    openPreset(QStringLiteral("seed"));
    // Undo starts from the seed: its opening is not a step.
    m_undo = new PanelUndo(m_panel, this);
    m_actions->editMenu->addAction(m_undo->undoAction());
    m_actions->editMenu->addAction(m_undo->redoAction());
    // Opening another experiment is one step; undoing it (or redoing it) brings back another
    // experiment, so the results go as when a file is opened.
    m_undo->followFiles(m_files);
    m_undo->setConfirmReplace([this] { return m_keeper->confirmReplacing(); });
    connect(m_undo, &PanelUndo::experimentRestored, this, [this] {
        reset();
        m_tabs->forgetLesson();
    });
    onStateChanged(m_controller->state());
}

MainWindow::~MainWindow() = default;

void MainWindow::connectActions()
{
    // Starting anew replaces the results on screen: asked first when they are not saved.
    const auto askingFirst = [this](auto command) {
        return [this, command] {
            if (!TrainingController::ended(m_controller->state()) || m_keeper->confirmReplacing())
                command();
        };
    };
    connect(m_actions->run, &QAction::triggered, this, askingFirst([this] { m_session->run(); }));
    connect(m_actions->pause, &QAction::triggered, m_controller, &TrainingController::pause);
    connect(m_actions->stepBatch, &QAction::triggered, this,
        askingFirst([this] { m_session->step(false); }));
    connect(m_actions->stepEpoch, &QAction::triggered, this,
        askingFirst([this] { m_session->step(true); }));
    connect(m_actions->stop, &QAction::triggered, m_controller, &TrainingController::stop);
    connect(m_actions->reset, &QAction::triggered, this, &MainWindow::reset);
    connect(m_actions->open, &QAction::triggered, this, [this] {
        if (const QString path = FileDialogs::openExperiment(this);
            !path.isEmpty() && m_keeper->confirmReplacing())
            openFile(path);
    });
    connect(m_actions->openSession, &QAction::triggered, this, [this] {
        if (const QString path = FileDialogs::openSession(this);
            !path.isEmpty() && m_keeper->confirmReplacing())
            m_keeper->open(path);
    });
    connect(m_actions->saveSession, &QAction::triggered, this,
        [this] { m_keeper->saveInteractive(false); });
    connect(m_actions->saveSessionAs, &QAction::triggered, this,
        [this] { m_keeper->saveInteractive(true); });
    connect(m_actions->save, &QAction::triggered, this, [this] {
        const QString path = FileDialogs::saveExperiment(this, m_files->currentFile());
        if (!path.isEmpty())
            saveExperiment(path);
    });
    connect(m_actions->loadData, &QAction::triggered, this, [this] {
        // Any suffix loads as CSV here (openFile() decides by suffix).
        if (const QString path = FileDialogs::loadDataset(this);
            !path.isEmpty() && m_keeper->confirmReplacing())
            m_files->openCsv(path);
    });
    connect(m_actions->quit, &QAction::triggered, this, &QWidget::close);
    connect(m_actions, &MainActions::presetChosen, this, [this](const QString& name) {
        if (m_keeper->confirmReplacing())
            m_files->openPreset(name);
    });
    connect(m_actions, &MainActions::paceChosen, m_controller, &TrainingController::setPace);
    connect(m_actions, &MainActions::paceChosen, this, &MainWindow::updateDrawingShare);
}

void MainWindow::updateDrawingShare()
{
    // At full speed training wants every core: the views draw less often meanwhile.
    const TrainingController& c = *m_controller;
    m_pacer->setTrainingAtFullSpeed(c.state() == TrainingController::State::Running
        && c.pace().speedFor(c.info().totalSteps) <= 0);
}

void MainWindow::connectSession()
{
    connect(m_session, &TrainingSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_controller, &TrainingController::snapshotsSettled, this, [this] {
        if (!m_endPending)
            return;
        m_endPending = false;
        refreshViews(true);
        emit trainingEnded();
    });
    connect(m_session, &TrainingSession::prepared, this, &MainWindow::onPrepared);
    connect(m_session, &TrainingSession::redrawNeeded, this, [this](bool now) {
        if (now)
            refreshViews(true);
        else
            m_pacer->markDirty();
    });
    connect(m_session, &TrainingSession::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_session, &TrainingSession::failed, this, &MainWindow::showError);
    // While training runs the redraw pacer's tick updates the status bar (updateWhileRunning);
    // the worker's progress, once per chunk, would repaint it again in between.
    connect(m_controller, &TrainingController::progressed, m_status, [this] {
        if (m_controller->state() != TrainingController::State::Running)
            m_status->update();
    });
}

const RunHistory& MainWindow::history() const
{
    return m_session->history();
}

const std::vector<ExperimentView*>& MainWindow::views() const
{
    return m_tabs->views();
}

bool MainWindow::selectView(const QString& key)
{
    return m_tabs->selectView(key);
}

QStringList MainWindow::viewKeys() const
{
    return m_tabs->viewKeys();
}

ExperimentView* MainWindow::currentView() const
{
    return m_tabs->currentView();
}

bool MainWindow::openPreset(const QString& name)
{
    if (!m_files->openPreset(name))
        return false;
    if (auto* sweep = m_tabs->find<SweepView>()) // a lesson's sweep settings (seeds: the band)
        sweep->presetOpened(name);
    return true;
}

bool MainWindow::openFile(const QString& path)
{
    if (FileDialogs::isSessionFile(path))
        return m_keeper->open(path);
    return m_files->openFile(path);
}

ResultArchive* MainWindow::archive() const
{
    return m_keeper->archive();
}

bool MainWindow::saveSession(const QString& path)
{
    return m_keeper->save(path);
}

bool MainWindow::openSession(const QString& path)
{
    return m_keeper->open(path);
}

QString MainWindow::sessionFile() const
{
    return m_keeper->file();
}

void MainWindow::restoreLastSession()
{
    m_keeper->restoreLast();
}

void MainWindow::setAskBeforeReplacing(bool on)
{
    m_keeper->setAsk(on);
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
    // Finished: the tab on screen shows the end now; the other tabs are redrawn when their
    // data for the end has arrived (snapshotsSettled, right after).
    if (state == S::Failed) {
        refreshViews(true);
    } else if (state == S::Finished) {
        m_tabs->refreshCurrent(history());
        m_pacer->markClean();
    }
    updateDrawingShare();
    updateActions();
    m_status->update();
    // Finished: the tab on screen is final now; trainingEnded() waits for the other tabs'
    // data, which the worker sends right after (snapshotsSettled).
    m_endPending = state == S::Finished;
    if (state == S::Failed)
        emit trainingEnded();
}

void MainWindow::onPrepared(const ExperimentInfo& info)
{
    m_tabs->setExperiment(info);
    if (!info.warnings.empty())
        statusBar()->showMessage(
            QStringList(info.warnings.begin(), info.warnings.end()).join(QStringLiteral("  ")),
            10000);
    refreshViews(true);
}

void MainWindow::refreshViews(bool force)
{
    BITLAB_ASSERT_UI_THREAD();
    m_tabs->refresh(history(), force);
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
    const TrainingController::State state = m_controller->state();
    const QString problem = m_panel->problem();
    m_actions->update(state, problem);
    const bool active = TrainingController::active(state);
    m_status->showProblem(problem);
    m_lessonPanel->setTrainingActive(active);
    m_recent->setLocked(active);
    if (m_undo)
        m_undo->setEnabled(!active);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    if (m_headless)
        HeadlessRunner::printError(message); // one line per problem
    else
        QMessageBox::warning(this, title, message);
}

void MainWindow::runHeadless(bool run, const QString& screenshot, const QString& chartsDir)
{
    m_headless = true;
    HeadlessRunner::start(this, m_session, run, screenshot, chartsDir);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_keeper->confirmClose()) {
        event->ignore();
        return;
    }
    AppSettings::saveWindow(this, m_splitter);
    m_pacer->stop();
    m_controller->reset(); // stops the worker and joins its thread
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (FileDialogs::isOpenableDrag(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    if (TrainingController::active(m_controller->state())) {
        statusBar()->showMessage(
            tr("Stop or reset the experiment before opening another file."), 6000);
        return;
    }
    if (const QString path = FileDialogs::droppedFile(event->mimeData()); !path.isEmpty()) {
        if (m_keeper->confirmReplacing())
            openFile(path);
        event->acceptProposedAction();
    }
}

} // namespace bitlab::ui
