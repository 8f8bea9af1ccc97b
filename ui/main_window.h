#pragma once
// MainWindow: composes the experiment panel (left), the tabs of views (centre), the
// toolbar, menus and status bar. It does not own the experiment: the panel describes it,
// the TrainingController runs it on a worker thread, RunHistory keeps what the runs
// reported, and the views draw from the history when the redraw timer fires (~30 Hz).

#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"
#include "ui/run_history.h"
#include "ui/training_controller.h"

#include <QMainWindow>
#include <QString>
#include <vector>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;
class QTimer;

namespace bitlab::ui {

class ExperimentPanel;
class ExperimentView;
class LessonPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExperimentPanel* panel() const { return m_panel; }
    TrainingController* controller() const { return m_controller; }
    const RunHistory& history() const { return m_history; }
    const std::vector<ExperimentView*>& views() const { return m_views; }
    LessonPanel* lessonPanel() const { return m_lessonPanel; }

    // Shows a built-in experiment; false (with a message box unless quiet) when unknown.
    bool openPreset(const QString& name);
    // Opens an experiment JSON or a CSV; false and a message when it cannot.
    bool openFile(const QString& path);
    bool saveExperiment(const QString& path);
    // Every chart of every view into dir as NAME.png and NAME.svg. Returns the files
    // written; *error names the first failure.
    QStringList exportAllCharts(const QString& dir, QString* error);
    // Redraws every view from the history now (tests, screenshots).
    void refreshViews(bool force);

    // Shows the view whose key() is `key` ("loss", "sweep", ...); false when none has it.
    bool selectView(const QString& key);
    // The keys of every view, in tab order.
    QStringList viewKeys() const;

    // Command line: run to the end (if run), let the current view prepare (if run: the
    // sweep view runs its sweep), then write a screenshot and/or the charts, then quit the
    // application with 0 (or 1 with the reason on stderr).
    void runHeadless(bool run, const QString& screenshot, const QString& chartsDir);

signals:
    // The controller reached Finished or Failed and the views show the final values.
    void trainingEnded();

protected:
    bool event(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void addView(ExperimentView* view);
    void finishHeadless();
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void readSettings();
    void writeSettings();
    void addRecentFile(const QString& path);
    void updateRecentMenu();
    QString lastFolder() const;
    void setLastFolder(const QString& fileOrDir);

    void runClicked();
    void stepClicked(bool epoch);
    void resetClicked();
    bool startExperiment(bool autoRun);
    void onStateChanged(TrainingController::State state);
    void onPrepared(const ExperimentInfo& info);
    void onRecords(const std::vector<Record>& records);
    void onRunEnded(const RunSummary& summary);
    void onRedrawTimer();
    void updateStatusBar();
    void updateActions();
    void showError(const QString& title, const QString& message);

    void openExperimentDialog();
    void saveExperimentDialog();
    void loadDatasetDialog();
    void exportCurrentChart(const QString& suffix);
    void exportAllChartsDialog();
    void exportThroughWorker(ExportRequest::Kind kind);

    ExperimentPanel* m_panel = nullptr;
    LessonPanel* m_lessonPanel = nullptr;
    QSplitter* m_splitter = nullptr;
    QTabWidget* m_tabs = nullptr;
    std::vector<ExperimentView*> m_views;
    TrainingController* m_controller = nullptr;
    RunHistory m_history;
    QTimer* m_redrawTimer = nullptr;
    bool m_dirty = false;
    double m_paintMs = 0.0; // the window's last paint (UpdateRequest), for the redraw pacing
    enum class Pending { None, StepBatch, StepEpoch };
    Pending m_pending = Pending::None;
    QString m_currentFile;
    QString m_lastProblem;

    QAction* m_runAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_stepBatchAction = nullptr;
    QAction* m_stepEpochAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_loadDataAction = nullptr;
    QAction* m_quitAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_presetMenu = nullptr;
    QMenu* m_exportMenu = nullptr;
    QComboBox* m_speed = nullptr;

    QLabel* m_stateLabel = nullptr;
    QLabel* m_stepLabel = nullptr;
    QLabel* m_rateLabel = nullptr;
    QLabel* m_elapsedLabel = nullptr;

    // Headless mode (--run --screenshot / --export-charts).
    bool m_headless = false;
    QString m_headlessScreenshot;
    QString m_headlessCharts;
};

} // namespace bitlab::ui
