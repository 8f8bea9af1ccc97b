#pragma once
// ProgressObserver: counts steps and keeps the latest loss of every run for the progress
// line, and forwards every record and summary to the observer that keeps them (the
// RecordLog). Its hooks are called from the engine's run threads; everything it shares
// with the main thread is atomic, so render() may be called at any time from there.

#include "core/engine/observer.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace bitlab::cli {

class ProgressObserver : public Observer {
public:
    // runs x stepsPerRun steps in all; next receives everything.
    ProgressObserver(Observer& next, int runs, std::int64_t stepsPerRun);

    void onRecord(const Record& record) override;
    void onRunFinished(const RunSummary& summary) override;

    // One line, e.g. "runs 1/4 done  step 532/1000  loss 0.0123  4210 steps/s  ETA 0:03":
    // steps are summed over runs and shown per run (their mean); the loss is the latest
    // batch loss of the first run still training.
    std::string render() const;
    int runsDone() const { return m_runsDone.load(); }

private:
    struct RunProgress {
        std::atomic<std::int64_t> step{0};
        std::atomic<double> loss{0.0};
        std::atomic<bool> hasLoss{false};
        std::atomic<bool> done{false};
    };
    Observer& m_next;
    int m_runs;
    std::int64_t m_stepsPerRun;
    std::unique_ptr<RunProgress[]> m_progress;
    std::atomic<int> m_runsDone{0};
    std::chrono::steady_clock::time_point m_start;
};

// Seconds as "0:07", "1:02:03".
std::string formatDuration(double seconds);

} // namespace bitlab::cli
