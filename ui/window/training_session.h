#pragma once
// TrainingSession: the panel's experiment as the TrainingController runs it. It turns the
// window's commands (Run, Step, Reset) into controller calls, and what the runs report
// (records, snapshots, summaries, grid changes) into the RunHistory and the status column
// of the runs list, and what goes wrong (a rejected grid change, an experiment that cannot
// run) into failed() and statusMessage(). The window redraws the views when it says so
// (redrawNeeded).

#include "ui/run_history.h"
#include "ui/training_controller.h"

#include <QObject>
#include <QString>

namespace bitlab::ui {

class ExperimentPanel;

class TrainingSession : public QObject {
    Q_OBJECT
public:
    TrainingSession(TrainingController* controller, ExperimentPanel* panel, QObject* parent);

    const RunHistory& history() const { return m_history; }

    // Run, or resume a prepared or paused experiment.
    void run();
    // One batch or one epoch; from Idle/Finished/Failed the experiment starts paused first.
    void step(bool epoch);
    // Starts the panel's experiment; false (with failed()) when the panel names a problem.
    bool start(bool autoRun);
    // Discards the results: an empty history named after the panel's runs.
    void reset();
    // Shows kept results (a saved session's): no experiment is loaded, the runs list shows
    // how each run ended.
    void restore(std::vector<RunTrace> runs);

signals:
    // The controller's state, once the runs list shows it.
    void stateChanged(bitlab::ui::TrainingController::State state);
    // A new experiment was built; the history is empty and named after its runs.
    void prepared(const bitlab::ui::ExperimentInfo& info);
    // The history changed: now = every view at once, otherwise at the next frame.
    void redrawNeeded(bool now);
    void statusMessage(const QString& text, int timeoutMs);
    void failed(const QString& title, const QString& message);

private:
    void onStateChanged(TrainingController::State state);
    void onPrepared(const ExperimentInfo& info);
    void onRunEnded(const RunSummary& summary);
    void onQuantizerChanged(
        int run, qint64 step, const QuantizerSpec& quantizer, const QString& description);
    void clearRunStatuses();

    TrainingController* m_controller = nullptr;
    ExperimentPanel* m_panel = nullptr;
    RunHistory m_history;
    // A step asked for before the experiment existed: done once it is prepared.
    enum class Pending { None, StepBatch, StepEpoch };
    Pending m_pending = Pending::None;
};

} // namespace bitlab::ui
