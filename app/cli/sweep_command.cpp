#include "app/cli/sweep_command.h"

#include "app/cli/experiment_source.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_observer.h"
#include "app/cli/result_table.h"
#include "app/cli/training_session.h"
#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/exports.h"
#include "core/io/json_text.h"
#include "core/quant/quantizer.h"

#include <QDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

namespace bitlab::cli {

namespace {

struct Configuration {
    std::string scheme;               // "fp64" for the baseline
    std::optional<int> bits;          // none: fp64, binary, ternary
    ExperimentSpec spec;              // the one-run experiment
    std::optional<RunSummary> summary; // set once trained (or stopped)
    std::string problem;              // the configuration is invalid: why
    bool classification = false;
    bool hasTest = false;
};

std::string allSchemes()
{
    std::string names;
    for (const QuantizerInfo& info : quantizerRegistry())
        names += (names.empty() ? "" : ", ") + info.name;
    return names;
}

// The quantized run every configuration derives from.
QuantizerSpec templateQuantizer(const ExperimentSpec& spec, const std::string& scheme)
{
    const QuantizerInfo* info = findQuantizer(scheme);
    for (const RunSpec& run : spec.runs) {
        if (!run.quantizer)
            continue;
        QuantizerSpec q = *run.quantizer;
        if (q.scheme != scheme) {
            // Settings that belong to one scheme come from the new scheme's defaults.
            q.scheme = scheme;
            q.fracBits = info->defaults.fracBits;
            q.narrowRange = info->defaults.narrowRange;
        }
        return q;
    }
    QuantizerSpec q = info->defaults;
    q.mode = TrainingMode::PostUpdate;
    return q;
}

std::string cell(double value)
{
    return std::isfinite(value) ? io::formatDouble(value) : std::string();
}

QByteArray sweepCsv(const std::vector<Configuration>& configs)
{
    std::string text =
        "scheme,bits,status,final_train_loss,final_test_loss,final_accuracy\n";
    for (const Configuration& c : configs) {
        text += io::csvTextCell(QString::fromStdString(c.scheme)).toStdString() + ',';
        text += (c.bits ? std::to_string(*c.bits) : std::string()) + ',';
        if (!c.summary) {
            text += c.problem.empty() ? "stopped,,,\n" : "invalid,,,\n";
            continue;
        }
        const Record& last = c.summary->last;
        text += std::string(toString(c.summary->status)) + ',';
        text += cell(last.trainLoss) + ',' + (c.hasTest ? cell(last.testLoss) : "") + ',';
        if (c.classification)
            text += cell(c.hasTest ? last.testAccuracy : last.trainAccuracy);
        text += '\n';
    }
    return QByteArray::fromStdString(text);
}

} // namespace

int sweepCommand(const CommandLine& cl)
{
    installInterruptHandler();
    for (const std::string& scheme : cl.schemes)
        if (!findQuantizer(scheme))
            throw Error("unknown scheme '" + scheme + "' in --schemes; the schemes are "
                        + allSchemes());
    const ExperimentSpec base = loadExperimentSpec(cl);
    const QString dir = outputFolder(cl, QStringLiteral("-sweep"));

    std::vector<Configuration> configs;
    {
        Configuration fp{"fp64", std::nullopt, base, std::nullopt, {}};
        fp.spec.runs = {RunSpec{"fp64", std::nullopt}};
        configs.push_back(std::move(fp));
    }
    for (const std::string& scheme : cl.schemes) {
        const QuantizerInfo* info = findQuantizer(scheme);
        const std::vector<int> bitsList = info->hasBits ? cl.bits : std::vector<int>{0};
        for (int bits : bitsList) {
            QuantizerSpec q = templateQuantizer(base, scheme);
            if (info->hasBits)
                q.bits = bits;
            RunSpec run{std::string(), q};
            run.name = defaultRunName(run);
            Configuration c{scheme, info->hasBits ? std::optional<int>(bits) : std::nullopt,
                            base, std::nullopt, {}};
            c.spec.runs = {run};
            configs.push_back(std::move(c));
        }
    }

    // The baseline is built first, on this thread: a bad dataset or model is an error of
    // the whole sweep (exit 1), not of one configuration.
    std::unique_ptr<Experiment> first = io::makeExperiment(configs.front().spec);
    const std::int64_t stepsPerConfig = first->totalSteps();
    ExperimentSpec resolved = first->spec();
    resolved.runs = base.runs;
    io::ensureDirectory(dir);
    io::writeFileAtomically(QDir(dir).filePath(QStringLiteral("experiment.json")),
                            io::experimentToBytes(resolved, QDir(dir).absolutePath()));

    // Progress: one ProgressObserver "run" per configuration.
    Observer none;
    ProgressObserver progress(none, static_cast<int>(configs.size()), stepsPerConfig);
    // Re-index every configuration's records (each is run 0 of its own experiment).
    class Reindex : public Observer {
    public:
        Reindex(Observer& next, int index) : m_next(next), m_index(index) {}
        void onRecord(const Record& r) override
        {
            Record copy;
            copy.run = m_index;
            copy.step = r.step;
            copy.batchLoss = r.batchLoss;
            copy.trainLoss = r.trainLoss;
            m_next.onRecord(copy);
        }
        void onRunFinished(const RunSummary& s) override
        {
            RunSummary copy;
            copy.run = m_index;
            copy.status = s.status;
            copy.steps = s.steps;
            m_next.onRunFinished(copy);
        }

    private:
        Observer& m_next;
        int m_index;
    };

    std::stop_source stop;
    std::atomic<std::size_t> nextConfig{0};
    std::mutex mutex;
    std::exception_ptr failure;
    const unsigned workers = std::max(
        1u, std::min<unsigned>(cl.threads > 0 ? static_cast<unsigned>(cl.threads)
                                              : std::max(1u, std::thread::hardware_concurrency()),
                               static_cast<unsigned>(configs.size())));
    std::atomic<unsigned> running{workers};
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w) {
        pool.emplace_back([&, w] {
            for (std::size_t i = nextConfig++; i < configs.size() && !stop.stop_requested();
                 i = nextConfig++) {
                Configuration& c = configs[i];
                try {
                    std::unique_ptr<Experiment> experiment;
                    if (i == 0) {
                        experiment = std::move(first);
                    } else {
                        experiment = io::makeExperiment(c.spec);
                    }
                    Reindex observer(progress, static_cast<int>(i));
                    experiment->run(observer, stop.get_token(), 1);
                    c.classification = experiment->dataset().task != Task::Regression;
                    c.hasTest = experiment->dataset().xTest.rows() > 0;
                    c.summary = experiment->summary(0);
                } catch (const Error& e) {
                    c.problem = e.what();
                    RunSummary skipped;
                    skipped.run = static_cast<int>(i);
                    skipped.status = RunStatus::Failed;
                    progress.onRunFinished(skipped);
                } catch (...) {
                    std::lock_guard lock(mutex);
                    failure = std::current_exception();
                    stop.request_stop();
                }
            }
            (void)w;
            --running;
        });
    }
    const bool draw = !cl.quiet && stderrIsTerminal();
    while (running.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (interruptRequested() && !stop.stop_requested())
            stop.request_stop();
        if (draw) {
            std::fprintf(stderr, "\rconfigurations %s\033[K", progress.render().substr(5).c_str());
            std::fflush(stderr);
        }
    }
    for (std::thread& t : pool)
        t.join();
    if (draw)
        std::fputs("\r\033[K", stderr);
    if (failure)
        std::rethrow_exception(failure);

    const QString csvPath = QDir(dir).filePath(QStringLiteral("sweep.csv"));
    io::writeFileAtomically(csvPath, sweepCsv(configs));
    if (!cl.quiet) {
        const Configuration& fp = configs.front();
        ResultTable table(fp.classification, fp.hasTest);
        for (const Configuration& c : configs) {
            if (!c.problem.empty())
                std::fprintf(stderr, "warning: %s %s: %s\n", c.scheme.c_str(),
                             c.bits ? (std::to_string(*c.bits) + " bits").c_str() : "",
                             c.problem.c_str());
            if (c.summary)
                table.add(*c.summary);
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
