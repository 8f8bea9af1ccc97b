#include "app/cli/training_session.h"

#include "app/cli/interrupt.h"
#include "app/cli/progress_observer.h"
#include "core/engine/experiment.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <stop_token>
#include <thread>
#include <unistd.h>

namespace bitlab::cli {

bool stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

bool TrainingSession::train(
    Experiment& experiment, Observer& sink, const std::function<bool()>& abort)
{
    ProgressObserver progress(sink, experiment.runCount(), experiment.totalSteps());
    std::stop_source stop;
    std::mutex mutex;
    std::condition_variable wake;
    bool done = false;
    std::exception_ptr failure;

    // The experiment lives on this worker for the whole training; the main thread only
    // reads the progress observer's atomics and requests the stop.
    std::thread worker([&] {
        try {
            experiment.run(progress, stop.get_token(), m_threads);
        } catch (...) {
            failure = std::current_exception();
        }
        std::lock_guard lock(mutex);
        done = true;
        wake.notify_all();
    });

    std::size_t drawn = 0;
    {
        std::unique_lock lock(mutex);
        while (!done) {
            wake.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; });
            if ((interruptRequested() || (abort && abort())) && !stop.stop_requested())
                stop.request_stop();
            if (m_progress && !done) {
                const std::string line = progress.render();
                std::fprintf(stderr, "\r%s\033[K", line.c_str());
                std::fflush(stderr);
                drawn = line.size();
            }
        }
    }
    worker.join();
    if (m_progress && drawn > 0) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
    if (failure)
        std::rethrow_exception(failure);
    return !stop.stop_requested();
}

} // namespace bitlab::cli
