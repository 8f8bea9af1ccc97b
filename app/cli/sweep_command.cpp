#include "app/cli/sweep_command.h"

#include "app/cli/experiment_source.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_observer.h"
#include "app/cli/result_table.h"
#include "app/cli/training_session.h"
#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/engine/sweep.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/sweep_csv.h"
#include "core/quant/quantizer.h"

#include <QDir>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <stop_token>
#include <thread>

namespace bitlab::cli {

namespace {

std::string allSchemes()
{
    std::string names;
    for (const QuantizerInfo& info : quantizerRegistry())
        names += (names.empty() ? "" : ", ") + info.name;
    return names;
}

// Feeds the progress line: each configuration is one "run" of the ProgressObserver.
class SweepProgress : public SweepObserver {
public:
    explicit SweepProgress(ProgressObserver& progress)
        : m_progress(progress)
    {
    }
    void onRecord(int configuration, const Record& r) override
    {
        Record copy; // only what the progress line reads (not the trajectory vectors)
        copy.run = configuration;
        copy.step = r.step;
        copy.batchLoss = r.batchLoss;
        copy.trainLoss = r.trainLoss;
        m_progress.onRecord(copy);
    }
    void onConfigurationEnded(const SweepResult& result) override
    {
        RunSummary copy;
        copy.run = result.index;
        copy.status = result.summary ? result.summary->status : RunStatus::Failed;
        copy.steps = result.summary ? result.summary->steps : 0;
        m_progress.onRunFinished(copy);
    }

private:
    ProgressObserver& m_progress;
};

} // namespace

int sweepCommand(const CommandLine& cl)
{
    installInterruptHandler();
    for (const std::string& scheme : cl.schemes)
        if (!findQuantizer(scheme))
            throw Error(
                "unknown scheme '" + scheme + "' in --schemes; the schemes are " + allSchemes());
    const ExperimentSpec base = loadExperimentSpec(cl);
    const QString dir = outputFolder(cl, QStringLiteral("-sweep"));

    // The baseline is built here, on this thread: a bad dataset or model is an error of
    // the whole sweep (exit 1), not of one configuration.
    Sweep sweep(base, cl.schemes, cl.bits, &io::makeExperiment);
    io::ensureDirectory(dir);
    io::writeFileAtomically(QDir(dir).filePath(QStringLiteral("experiment.json")),
        io::experimentToBytes(sweep.resolvedSpec(), QDir(dir).absolutePath()));

    Observer none;
    ProgressObserver progress(
        none, static_cast<int>(sweep.configurations().size()), sweep.stepsPerConfiguration());
    SweepProgress observer(progress);
    std::stop_source stop;
    std::vector<SweepResult> results;
    std::exception_ptr failure;
    std::atomic<bool> done { false };
    std::thread runner([&] {
        try {
            results = sweep.run(observer, stop.get_token(), cl.threads);
        } catch (...) {
            failure = std::current_exception();
        }
        done = true;
    });
    const bool draw = !cl.quiet && stderrIsTerminal();
    while (!done.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (interruptRequested() && !stop.stop_requested())
            stop.request_stop();
        if (draw) {
            std::fprintf(stderr, "\rconfigurations %s\033[K", progress.render().substr(5).c_str());
            std::fflush(stderr);
        }
    }
    runner.join();
    if (draw)
        std::fputs("\r\033[K", stderr);
    if (failure)
        std::rethrow_exception(failure);

    const QString csvPath = QDir(dir).filePath(QStringLiteral("sweep.csv"));
    io::writeFileAtomically(csvPath, io::sweepCsv(results));
    if (!cl.quiet) {
        ResultTable table(sweep.classification(), sweep.hasTest());
        for (const SweepResult& r : results) {
            if (!r.problem.empty())
                std::fprintf(stderr, "warning: %s %s: %s\n", r.scheme.c_str(),
                    r.bits ? (std::to_string(*r.bits) + " bits").c_str() : "", r.problem.c_str());
            if (r.summary)
                table.add(*r.summary);
        }
        std::fputs(table.render().c_str(), stdout);
        std::printf("wrote %s\n", qPrintable(QDir::toNativeSeparators(csvPath)));
        std::fflush(stdout);
    }
    if (!stop.stop_requested() && !interruptRequested())
        return 0;
    return 128 + (interruptSignal() ? interruptSignal() : 2);
}

} // namespace bitlab::cli
