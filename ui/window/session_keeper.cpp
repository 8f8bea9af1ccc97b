#include "ui/window/session_keeper.h"

#include "core/engine/presets.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "ui/charts/loss_chart.h"
#include "ui/main_window.h"
#include "ui/result_archive.h"
#include "ui/session_file.h"
#include "ui/views/experiment_view.h"
#include "ui/views/sweep_view.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/window/app_settings.h"
#include "ui/window/experiment_files.h"
#include "ui/window/file_dialogs.h"
#include "ui/window/recent_files.h"
#include "ui/window/training_session.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QTimer>
#include <algorithm>
#include <memory>

namespace bitlab::ui {

SessionKeeper::SessionKeeper(MainWindow* window, ExperimentPanel* panel, TrainingSession* session,
    ExperimentFiles* files, RecentFiles* recent)
    : QObject(window)
    , m_window(window)
    , m_panel(panel)
    , m_session(session)
    , m_files(files)
    , m_recent(recent)
    , m_archive(new ResultArchive(this))
{
    // Every finished experiment stays for the session, to be laid over a later one.
    for (ExperimentView* view : window->views()) {
        if (auto* loss = qobject_cast<LossChart*>(view))
            loss->setArchive(m_archive);
        if (auto* sweep = qobject_cast<SweepView*>(view)) {
            sweep->setArchive(m_archive);
            // A finished sweep stays too (the Sweep tab's Compare with).
            connect(sweep, &SweepView::sweepFinished, m_archive, [this, sweep] {
                const SweepRecord record = sweep->record();
                if (!record.empty())
                    sweep->setShownEntry(m_archive->addSweep(m_window->windowTitle(),
                        m_panel->spec(), record, m_session->history().generation()));
            });
        }
    }
    TrainingController* controller = window->controller();
    connect(window, &MainWindow::trainingEnded, m_archive, [this, controller] {
        if (controller->hasExperiment())
            m_archive->add(m_window->windowTitle(), controller->info().spec, m_session->history(),
                io::experimentToBytes(m_panel->spec()));
    });
    connect(controller, &TrainingController::exportFinished, m_archive, [this](bool ok) {
        if (ok)
            m_archive->markNewestSaved();
    });
}

bool SessionKeeper::save(const QString& path)
{
    Session s;
    s.title = m_window->windowTitle();
    s.spec = m_panel->spec();
    if (const ExperimentView* view = m_window->currentView())
        s.view.tab = view->key();
    auto* loss = m_window->findChild<LossChart*>();
    auto* sweep = m_window->findChild<SweepView*>();
    s.view.lossMode = static_cast<int>(loss->mode());
    s.view.logScale = loss->logScale();
    s.view.smoothing = loss->smoothing();
    s.view.lossOverlay = loss->overlay();
    s.view.sweepOverlay = sweep->overlay();
    bool anyValue = false;
    for (int i = 0; i < m_session->history().runCount(); ++i)
        for (const MetricTrace& m : m_session->history().run(i).metrics)
            anyValue = anyValue || !m.empty();
    if (anyValue) {
        for (int i = 0; i < m_session->history().runCount(); ++i) {
            RunTrace t = m_session->history().run(i);
            t.trajectory.clear(); // the weight plane's path needs the snapshot: not kept
            t.latentTrajectory.clear();
            t.trajectorySteps.clear();
            s.runs.push_back(std::move(t));
        }
        for (const ArchivedResult& e : m_archive->entries())
            if (e.generation == m_session->history().generation())
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
        emit failed(tr("Cannot save the session"), QString::fromUtf8(e.what()));
        return false;
    }
    m_file = QFileInfo(path).absoluteFilePath();
    AppSettings::setLastSession(m_file);
    AppSettings::setLastFolder(m_file);
    m_recent->add(m_file);
    m_archive->markAllSaved();
    emit statusMessage(tr("Session saved to %1").arg(QDir::toNativeSeparators(m_file)), 6000);
    return true;
}

bool SessionKeeper::saveInteractive(bool ask)
{
    QString path = m_file;
    if (ask || path.isEmpty())
        path = FileDialogs::saveSession(m_window, m_file);
    return !path.isEmpty() && save(path);
}

bool SessionKeeper::open(const QString& path)
{
    Session s;
    try {
        s = readSession(path); // all of it read and checked before anything changes
    } catch (const std::exception& e) {
        emit failed(tr("Cannot open the session"), QString::fromUtf8(e.what()));
        return false;
    }
    const QString file = QFileInfo(path).absoluteFilePath();
    m_files->showSessionExperiment(s.spec, s.title, file); // resets the results
    auto* loss = m_window->findChild<LossChart*>();
    auto* sweep = m_window->findChild<SweepView*>();
    m_archive->restore(std::move(s.archive));
    std::int64_t totalSteps = 0;
    for (const RunTrace& t : s.runs)
        totalSteps = std::max(totalSteps, t.summary.totalSteps);
    loss->setTotalSteps(totalSteps);
    m_session->restore(std::move(s.runs));
    if (s.resultsEntry >= 0)
        m_archive->setGeneration(s.resultsEntry, m_session->history().generation());
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
        m_window->selectView(s.view.tab);
    m_window->refreshViews(true);
    m_file = file;
    AppSettings::setLastSession(file);
    emit statusMessage(
        tr("Opened %1. A session keeps curves, not weights: Run to redraw the weights' tabs.")
            .arg(QFileInfo(file).fileName()),
        15000);
    return true;
}

void SessionKeeper::restoreLast()
{
    const QString path = AppSettings::lastSession();
    if (path.isEmpty())
        return;
    if (!QFileInfo(path).isFile()) {
        AppSettings::setLastSession({});
        emit failed(tr("The last session cannot be reopened"),
            tr("%1 is no longer there. BitLab starts with the built-in experiment instead.")
                .arg(QDir::toNativeSeparators(path)));
        return;
    }
    // openSession says why when it cannot; the file is then no longer reopened at start.
    if (!open(path))
        AppSettings::setLastSession({});
}

const ArchivedResult* SessionKeeper::unsavedOnScreen() const
{
    const auto* sweep = m_window->findChild<SweepView*>();
    for (const ArchivedResult& e : m_archive->entries()) {
        const bool onScreen
            = (e.generation != 0 && e.generation == m_session->history().generation())
            || (sweep && e.number == sweep->shownEntry());
        if (onScreen && !e.saved)
            return &e;
    }
    return nullptr;
}

bool SessionKeeper::confirmReplacing()
{
    if (m_window->isHeadless() || !m_ask)
        return true;
    const ArchivedResult* shown = unsavedOnScreen();
    if (!shown)
        return true;
    QMessageBox box(QMessageBox::Question, tr("Replace the results?"),
        tr("The results of %1 are not saved.").arg(shown->label()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_window);
    box.setInformativeText(
        tr("Save keeps them in a session file (File ▸ Save session, Ctrl+S). Discard takes them "
           "off the screen: until the window closes they stay under Compare with."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveInteractive(false);
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void SessionKeeper::compareLesson(const QString& lessonPreset, const QString& otherPreset)
{
    // The comparison runs beside the lesson's own runs: they are laid over its chart from
    // the archive (run first when this session has not run them yet).
    const Preset* lesson = findPreset(lessonPreset.toStdString());
    if (!lesson || !confirmReplacing())
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
        if (!m_window->openPreset(otherPreset))
            return;
        m_session->run();
        if (auto* loss = m_window->findChild<LossChart*>(); loss && entry >= 0)
            loss->setOverlay(entry);
    };
    if (lessonEntry() >= 0) {
        runOther();
        return;
    }
    if (!m_window->openPreset(lessonPreset))
        return;
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = connect(m_window, &MainWindow::trainingEnded, this, [this, once, runOther] {
        disconnect(*once);
        // trainingEnded's other slots (the archive) first: then the comparison.
        QTimer::singleShot(0, this, runOther);
    });
    m_session->run();
}

bool SessionKeeper::confirmClose()
{
    // Results live only in this window: closing it without saving them asks first.
    const int unsaved = m_archive->unsavedCount();
    if (unsaved == 0 || m_window->isHeadless())
        return true;
    {
        const QString newest = m_archive->entries().back().label();
        const QString what = unsaved == 1
            ? tr("The result of %1 is not saved: closing the window discards it.").arg(newest)
            : tr("%1 results of this session are not saved (the newest: %2): closing the "
                 "window discards them.")
                  .arg(unsaved)
                  .arg(newest);
        const auto answer = QMessageBox::question(m_window, tr("Close BitLab?"),
            what + QStringLiteral("\n\n")
                + tr("Save keeps every result of this session in a session file (File ▸ Save "
                     "session, Ctrl+S); File ▸ Export ▸ Everything writes an experiment's "
                     "results to a folder. Close anyway?"),
            QMessageBox::Save | QMessageBox::Close | QMessageBox::Cancel, QMessageBox::Cancel);
        return answer == QMessageBox::Close
            || (answer == QMessageBox::Save && saveInteractive(false));
    }
}

} // namespace bitlab::ui
