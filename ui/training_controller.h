#pragma once
// TrainingController: the UI side of training. Owns the QThread and the TrainingWorker
// that lives on it (one at a time: a new experiment tears the old worker down first),
// forwards commands to the worker as queued calls, drops signals of torn-down workers,
// and reports the state the toolbar and status bar show. Lives on the UI thread.

#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"
#include "ui/experiment_info.h"
#include "ui/training_pace.h"
#include "ui/training_worker.h"

#include <QElapsedTimer>
#include <QObject>
#include <stop_token>

class QThread;

namespace bitlab::ui {

class TrainingController : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Preparing, Ready, Running, Paused, Finished, Failed };
    Q_ENUM(State)

    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    State state() const { return m_state; }
    // No experiment is in progress in `state` (Idle, Finished, Failed): the panel may be
    // edited, Run starts anew, and results on screen are replaced by it.
    static bool ended(State state)
    {
        return state == State::Idle || state == State::Finished || state == State::Failed;
    }
    // An experiment is built and under way in `state` (Ready, Running, Paused): files,
    // recent files and undo wait until it is stopped or reset.
    static bool active(State state)
    {
        return state == State::Ready || state == State::Running || state == State::Paused;
    }
    static QString stateText(State state);
    bool hasExperiment() const { return m_worker != nullptr && m_prepared; }
    const ExperimentInfo& info() const { return m_info; }
    qint64 step() const { return m_step; }
    qint64 epoch() const { return m_epoch; }
    double elapsedSeconds() const; // training time, pauses excluded
    double stepsPerSecond() const; // over the last second or so
    const Pace& pace() const { return m_pace; }
    // The steps per second the worker keeps for this experiment (0 = full speed).
    double pacedSpeed() const;

public slots:
    // Tears down any worker, builds `spec` on a new one, and runs it if autoRun.
    void start(const bitlab::ExperimentSpec& spec, bool autoRun);
    void run(); // resume after a pause or after prepare
    void pause();
    void stepBatch();
    void stepEpoch();
    // Ends the experiment; its results stay exportable. While the experiment is still being
    // built (Preparing) the build is cancelled and joined, the state returns to Idle and
    // preparationCancelled is emitted.
    void stop();
    void reset(); // tears the worker down; back to Idle
    void setPace(const bitlab::ui::Pace& pace);
    void setSpeed(double stepsPerSecond); // setPace(Pace::stepsPerSecond(...)); 0 = full speed
    void exportFiles(const bitlab::ui::ExportRequest& request);
    // Changes run `run`'s quantizer (offered while paused; see TrainingWorker::setQuantizer).
    void changeQuantizer(int run, const bitlab::QuantizerSpec& quantizer);
    // Asks the worker for the loss over a rectangle of the weight plane (2-parameter models).
    void computeLossSurface(double x0, double x1, double y0, double y1, int size);
    // The live-snapshot parts (SnapshotPart flags) the view on screen draws, and the runs
    // whose regions it draws (empty: every run): the worker computes those while training
    // runs, the others when training stops.
    void setViewSnapshotParts(quint32 parts, const QList<int>& runs = {});

signals:
    void stateChanged(bitlab::ui::TrainingController::State state);
    void prepared(const bitlab::ui::ExperimentInfo& info);
    void recordsArrived(const std::vector<bitlab::Record>& records);
    void runEnded(const bitlab::RunSummary& summary);
    void progressed(qint64 step, qint64 epoch, qint64 totalSteps);
    void errorOccurred(const QString& message);
    void exportFinished(bool ok, const QString& message);
    void snapshotArrived(const bitlab::ui::LiveSnapshot& snapshot);
    void lossSurfaceArrived(const bitlab::ui::LossSurface& surface);
    // A run's grid changed at `step`; description is its new default name ("sym3-post").
    void quantizerChanged(
        int run, qint64 step, const bitlab::QuantizerSpec& quantizer, const QString& description);
    void quantizerRejected(int run, const QString& message);
    // Stop while preparing: the experiment was dropped before it was built.
    void preparationCancelled();
    // After training stopped (Finished, Paused): every snapshot part has arrived for where
    // it stopped (see TrainingWorker::settled).
    void snapshotsSettled();

    // Commands to the worker (queued onto its thread).
    void requestPrepare(const bitlab::ExperimentSpec& spec, bool autoRun);
    void requestRun();
    void requestPause();
    void requestStepBatch();
    void requestStepEpoch();
    void requestStop();
    void requestPace(const bitlab::ui::Pace& pace);
    void requestExport(const bitlab::ui::ExportRequest& request);
    void requestQuantizer(int run, const bitlab::QuantizerSpec& quantizer);
    void requestLossSurface(double x0, double x1, double y0, double y1, int size);
    void requestSnapshotParts(quint32 parts, const QList<int>& runs);

private:
    void setState(State state);
    void shutdownWorker();
    void onPrepared(quint64 session, const ExperimentInfo& info);
    void onProgress(quint64 session, qint64 step, qint64 epoch);
    void startClock();
    void stopClock();

    QThread* m_thread = nullptr;
    TrainingWorker* m_worker = nullptr;
    std::stop_source m_stopSource;
    quint64 m_session = 0;
    State m_state = State::Idle;
    bool m_prepared = false;
    bool m_autoRun = false;
    Pace m_pace; // watch by default
    ExperimentInfo m_info;
    qint64 m_step = 0, m_epoch = 0;
    QElapsedTimer m_clock;
    double m_elapsedBefore = 0.0;
    QElapsedTimer m_rateClock;
    qint64 m_rateStep = 0;
    double m_rate = 0.0;
    quint32 m_viewParts = 0; // SnapshotPart flags
    QList<int> m_viewRuns; // the runs whose regions the view on screen draws (empty: all)
};

} // namespace bitlab::ui
