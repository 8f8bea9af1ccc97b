#pragma once
// TrainingSession: trains an Experiment to its end on a worker thread while the main
// thread redraws the progress line (at most ten times a second, only on a terminal) and
// watches for Ctrl-C, which it turns into a stop request. Records and summaries go to
// `sink` (a thread-safe observer such as RecordLog).

#include "core/engine/observer.h"

#include <functional>

namespace bitlab {
class Experiment;
}

namespace bitlab::cli {

class TrainingSession {
public:
    // progress: draw the live line on stderr (the caller decides: a terminal, not --quiet).
    TrainingSession(bool progress, int threads)
        : m_progress(progress)
        , m_threads(threads)
    {
    }

    // Returns false when the training was stopped (the user interrupted, or `abort`
    // returned true: it is asked ten times a second): unfinished runs are then marked
    // Stopped. Rethrows what the engine threw.
    bool train(Experiment& experiment, Observer& sink, const std::function<bool()>& abort = {});

private:
    bool m_progress;
    int m_threads;
};

// True when stderr is a terminal (the progress line is drawn only there).
bool stderrIsTerminal();

} // namespace bitlab::cli
