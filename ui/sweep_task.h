#pragma once
// SweepTask: runs one sweep (core/engine/sweep.h) off the UI thread, for the
// Sweep tab. start() hands the sweep to a one-thread pool of its own (QtConcurrent), never
// the UI thread nor the training worker; the sweep then trains its configurations in
// parallel on its own std::threads. The UI polls progress() and takeEnded() from a timer
// (coalesced redraws) and gets finished() on the UI thread when the sweep has ended.
//
// Lives on the UI thread; what it shares with the sweep threads is a State held by a
// shared_ptr (atomics, and a mutex around the results that arrived), so the background
// task never touches this QObject. cancel() is a std::stop_source request; the destructor
// cancels and waits for the sweep to end.

#include "core/engine/experiment_spec.h"
#include "core/engine/sweep.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <memory>
#include <string>
#include <vector>

namespace bitlab::ui {

class SweepTask : public QObject {
    Q_OBJECT
public:
    struct Progress {
        int configurations = 0; // results to come (runs of units); 0 until built
        int configurationsEnded = 0;
        qint64 steps = 0; // summed over every run of every unit
        qint64 totalSteps = 0;
        bool classification = false; // known once configurations > 0
        bool hasTest = false;
    };

    explicit SweepTask(QObject* parent = nullptr);
    ~SweepTask() override;

    // Starts sweeping `base` over schemes x bits with `threads` configurations at a time
    // (0: one per core). Does nothing while a sweep is running.
    void start(const ExperimentSpec& base, const std::vector<std::string>& schemes,
        const std::vector<int>& bits, int threads);
    // The same for any plan (swept keys through `edit`, seeds); see core/engine/sweep.h.
    void start(const ExperimentSpec& base, const SweepPlan& plan, SpecEditor edit, int threads);
    // Asks the running sweep to stop: configurations in training end as stopped, the
    // others are skipped; finished() follows.
    void cancel();
    bool isRunning() const { return m_running; }

    // Safe to call at any time from the UI thread.
    Progress progress() const;
    // Results of the configurations that ended since the last call, in the order they
    // ended.
    std::vector<SweepResult> takeEnded();

    // Valid after finished():
    // every configuration in order (skipped ones without a summary), as sweep.csv lists them
    const std::vector<SweepResult>& results() const { return m_results; }
    QString error() const { return m_error; } // the whole sweep could not run: why
    bool cancelled() const { return m_cancelled; }
    bool classification() const { return m_classification; }
    bool hasTest() const { return m_hasTest; }
    double seconds() const { return m_seconds; }

signals:
    void finished();

private:
    struct State;
    void onFinished();

    QThreadPool m_pool;
    QFutureWatcher<void> m_watcher;
    std::shared_ptr<State> m_state;
    bool m_running = false;
    std::vector<SweepResult> m_results;
    QString m_error;
    bool m_cancelled = false;
    bool m_classification = false;
    bool m_hasTest = false;
    double m_seconds = 0.0;
};

} // namespace bitlab::ui
