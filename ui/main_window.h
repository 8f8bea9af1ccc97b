#pragma once
// MainWindow: composes the experiment panel (left), the tabs of views (centre) and the
// lesson dock, and wires them. It does not own the experiment: the panel describes it,
// the TrainingController runs it on a worker thread, RunHistory keeps what the runs
// reported, and the views draw from the history when the RedrawPacer says so (~30 Hz).
// The parts in ui/window/: MainActions (actions, menus, toolbar), ExperimentFiles (open
// and save), RecentFiles, PanelUndo (Edit ▸ Undo/Redo), HelpActions (shortcuts, F1),
// AppSettings, FileDialogs, ExportActions, TrainingSession (commands and what the runs
// report), SessionKeeper (the archive, session files, the unsaved-results questions),
// StatusText, ViewTabs (the views) and HeadlessRunner.

#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"
#include "ui/run_history.h"
#include "ui/training_controller.h"

#include <QMainWindow>
#include <QString>
#include <vector>

class QSplitter;

namespace bitlab::ui {

class ExperimentPanel;
class ExperimentView;
class ExperimentFiles;
class ExportActions;
class HelpActions;
class LessonPanel;
class MainActions;
class PanelUndo;
class ResultArchive;
class RecentFiles;
class RedrawPacer;
class SessionKeeper;
class StatusText;
class TrainingSession;
class ViewTabs;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExperimentPanel* panel() const { return m_panel; }
    TrainingController* controller() const { return m_controller; }
    const RunHistory& history() const;
    const std::vector<ExperimentView*>& views() const;
    LessonPanel* lessonPanel() const { return m_lessonPanel; }
    PanelUndo* panelUndo() const { return m_undo; }
    HelpActions* helpActions() const { return m_help; }
    // The experiments finished in this session (the Loss tab's "Compare with").
    ResultArchive* archive() const;

    // Shows a built-in experiment; false (with a message box unless quiet) when unknown.
    bool openPreset(const QString& name);
    // Opens an experiment JSON or a CSV; false and a message when it cannot.
    bool openFile(const QString& path);
    bool saveExperiment(const QString& path);
    // Session files, the archive and the unsaved-results questions: SessionKeeper.
    bool saveSession(const QString& path);
    bool openSession(const QString& path);
    QString sessionFile() const;
    void restoreLastSession();
    // Whether Run, a preset, a lesson or a file asks before it replaces results on screen
    // that are not saved (Save / Discard / Cancel). The program turns it on; off, they go
    // on as after Discard (the results stay in the Compare with lists).
    void setAskBeforeReplacing(bool on);
    // Every chart of every view into dir as NAME.png and NAME.svg. Returns the files
    // written; *error names the first failure.
    QStringList exportAllCharts(const QString& dir, QString* error);
    // Redraws every view from the history now (force), or only the one on screen.
    void refreshViews(bool force);
    // The view on screen (nullptr when the tab is not a view).
    ExperimentView* currentView() const;

    // Shows the view whose key() is `key` ("loss", "sweep", ...); false when none has it.
    bool selectView(const QString& key);
    // The keys of every view, in tab order.
    QStringList viewKeys() const;

    // Command line: run to the end (if run), let the current view prepare (if run: the
    // sweep view runs its sweep), then write a screenshot and/or the charts, then quit the
    // application with 0 (or 1 with the reason on stderr).
    void runHeadless(bool run, const QString& screenshot, const QString& chartsDir);
    // From now on errors go to stderr ("error: ..."), never to a modal message box: set
    // before opening the command line's file, so a bad file cannot wait on a dialog.
    void setHeadless() { m_headless = true; }
    bool isHeadless() const { return m_headless; }

signals:
    // Training failed, or finished and every tab's data for its end has arrived: the views
    // show the final values (the tab on screen already at the controller's Finished).
    void trainingEnded();

protected:
    bool event(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void connectActions();
    void connectSession();
    void reset();
    void updateDrawingShare(); // the redraw pacer's share: less while training at full speed
    void onStateChanged(TrainingController::State state);
    void onPrepared(const ExperimentInfo& info);
    void updateActions();
    void showError(const QString& title, const QString& message);

    ExperimentPanel* m_panel = nullptr;
    LessonPanel* m_lessonPanel = nullptr;
    QSplitter* m_splitter = nullptr;
    ViewTabs* m_tabs = nullptr;
    TrainingController* m_controller = nullptr;
    TrainingSession* m_session = nullptr;
    MainActions* m_actions = nullptr;
    RecentFiles* m_recent = nullptr;
    ExperimentFiles* m_files = nullptr;
    ExportActions* m_exports = nullptr;
    RedrawPacer* m_pacer = nullptr;
    StatusText* m_status = nullptr;
    PanelUndo* m_undo = nullptr;
    HelpActions* m_help = nullptr;
    SessionKeeper* m_keeper = nullptr;
    bool m_headless = false; // errors go to stderr, not to message boxes
    bool m_endPending = false; // Finished, trainingEnded() not yet emitted
};

} // namespace bitlab::ui
