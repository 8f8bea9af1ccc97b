#include "app/cli/sweep_command.h"

#include "app/cli/experiment_source.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_observer.h"
#include "app/cli/result_table.h"
#include "app/cli/training_session.h"
#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/engine/experiment.h"
#include "core/engine/presets.h"
#include "core/engine/sweep.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"
#include "core/io/run_outputs.h"
#include "core/io/sweep_csv.h"
#include "core/io/sweep_json.h"
#include "core/quant/quantizer.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>
#include <stop_token>
#include <thread>

namespace bitlab::cli {

namespace {

// The experiment document a sweep edits: the file (or preset) with --set applied.
SpecEditor editorFor(const CommandLine& cl)
{
    QJsonObject root;
    QString baseDir, source;
    if (cl.preset.empty()) {
        const QString path = QString::fromStdString(cl.file);
        const QByteArray bytes
            = io::readFileLimited(path, io::kMaxExperimentBytes, QStringLiteral("experiment file"));
        root = io::toQJson(io::parseJson(bytes, QDir::toNativeSeparators(path))).toObject();
        baseDir = QFileInfo(path).absolutePath();
        source = QDir::toNativeSeparators(path);
    } else {
        root = io::experimentToJson(findPreset(cl.preset)->spec);
        baseDir = QDir::currentPath();
        source = QStringLiteral("preset %1").arg(QString::fromStdString(cl.preset));
    }
    for (const std::string& set : cl.sets)
        io::applySet(root, QString::fromStdString(set));
    return io::specEditor(root, baseDir, source);
}

// Feeds the progress line: each run of each unit is one "run" of the ProgressObserver.
class SweepProgress : public SweepObserver {
public:
    SweepProgress(ProgressObserver& progress, const Sweep& sweep)
        : m_progress(progress)
    {
        int at = 0;
        m_first.assign(static_cast<std::size_t>(sweep.unitCount()), 0);
        for (int u : sweep.units()) {
            m_first[static_cast<std::size_t>(u)] = at;
            at += sweep.runsOf(u / sweep.plan().seeds);
        }
    }
    void onRecord(int unit, const Record& r) override
    {
        Record copy; // only what the progress line reads (not the trajectory vectors)
        copy.run = m_first[static_cast<std::size_t>(unit)] + r.run;
        copy.step = r.step;
        copy.batchLoss = r.batchLoss;
        copy.trainLoss = r.trainLoss;
        m_progress.onRecord(copy);
    }
    void onConfigurationEnded(const SweepResult& result) override
    {
        RunSummary copy;
        copy.run = m_first[static_cast<std::size_t>(result.unit)] + result.run;
        copy.status = result.summary ? result.summary->status : RunStatus::Failed;
        copy.steps = result.summary ? result.summary->steps : 0;
        m_progress.onRunFinished(copy);
    }

private:
    ProgressObserver& m_progress;
    std::vector<int> m_first; // per unit: its first progress index
};

QString describe(const SweepResult& r, const SweepPlan& plan)
{
    QString text;
    for (std::size_t a = 0; a < plan.axes.size(); ++a)
        text += QString::fromStdString(plan.axes[a].key + "=" + r.values[a] + " ");
    if (plan.bitWidthForm())
        text += QString::fromStdString(r.scheme)
            + (r.bits ? QStringLiteral(" %1 bits").arg(*r.bits) : QString());
    else
        text += QString::fromStdString(r.runName);
    if (plan.seeds > 1)
        text += QStringLiteral(" seed %1").arg(r.seed);
    return text.trimmed();
}

} // namespace

SweepAxis parseVary(const std::string& text)
{
    return parseSweepAxis(text);
}

int sweepCommand(const CommandLine& cl)
{
    installInterruptHandler();
    for (const std::string& scheme : cl.schemes) {
        try {
            parseSweptScheme(scheme);
        } catch (const Error& e) {
            throw Error(std::string("--schemes: ") + e.what());
        }
    }
    const ExperimentSpec base = loadExperimentSpec(cl);
    const QString dir = outputFolder(cl, QStringLiteral("-sweep"));

    SweepPlan plan;
    for (const std::string& vary : cl.varies)
        plan.axes.push_back(parseVary(vary));
    plan.schemes = cl.schemes;
    plan.bits = cl.bits;
    plan.seeds = cl.seeds;
    plan.shard = cl.shard;
    plan.shards = cl.shards;
    // The base and every point of this shard are built here, on this thread: a bad
    // dataset, model or swept value is an error of the whole sweep (exit 1).
    Sweep sweep(
        base, plan, [](const ExperimentSpec& s) { return io::makeExperiment(s); },
        plan.axes.empty() ? SpecEditor {} : editorFor(cl));
    // The folder is locked, checked and its names probed before training; the files go
    // into its staging folder and replace DIR together at the end (run_outputs.h).
    io::OutputFolder folder(dir);
    for (const QString& name : { QStringLiteral("experiment.json"), QStringLiteral("sweep.json"),
             QStringLiteral("sweep.csv") })
        folder.probe(name);
    const std::string shownDir = QDir::toNativeSeparators(folder.path()).toStdString();
    setSecondInterruptMessage(
        "interrupted again: stopped at once; '" + shownDir + "' was left as it was");

    int progressRuns = 0;
    for (int u : sweep.units())
        progressRuns += sweep.runsOf(u / plan.seeds);
    Observer none;
    ProgressObserver progress(
        none, progressRuns, progressRuns > 0 ? sweep.totalSteps() / progressRuns : 0);
    SweepProgress observer(progress, sweep);
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
            std::fprintf(stderr, "\rruns %s\033[K", progress.render().substr(5).c_str());
            std::fflush(stderr);
        }
    }
    runner.join();
    if (draw)
        std::fputs("\r\033[K", stderr);
    if (failure)
        std::rethrow_exception(failure);

    const QString csvPath = QDir(dir).filePath(QStringLiteral("sweep.csv"));
    folder.save(QStringLiteral("experiment.json"),
        io::experimentToBytes(sweep.resolvedSpec(), folder.path()));
    folder.save(QStringLiteral("sweep.json"), io::sweepJson(sweep, results, folder.path()));
    folder.save(QStringLiteral("sweep.csv"), io::sweepCsv(plan, results));
    const QStringList warnings = folder.commit();
    setSecondInterruptMessage("interrupted again: '" + shownDir + "' holds the complete results");
    if (!cl.quiet)
        for (const QString& warning : warnings)
            std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
    if (!cl.quiet) {
        const bool table = plan.axes.empty() && plan.seeds == 1;
        ResultTable rows(sweep.classification(), sweep.hasTest());
        for (const SweepResult& r : results) {
            if (!r.problem.empty())
                std::fprintf(
                    stderr, "warning: %s: %s\n", qPrintable(describe(r, plan)), r.problem.c_str());
            if (r.summary && table)
                rows.add(*r.summary);
        }
        if (table)
            std::fputs(rows.render().c_str(), stdout);
        if (plan.shards > 1)
            std::printf("shard %d/%d: %zu of %d units\n", plan.shard, plan.shards,
                sweep.units().size(), sweep.unitCount());
        std::printf("wrote %s\n", qPrintable(QDir::toNativeSeparators(csvPath)));
        std::fflush(stdout);
    }
    if (!stop.stop_requested() && !interruptRequested())
        return 0;
    return 128 + (interruptSignal() ? interruptSignal() : 2);
}

int mergeCommand(const CommandLine& cl)
{
    std::vector<io::SweepOutput> parts;
    for (const std::string& folder : cl.files) {
        const QString path
            = QDir(QString::fromStdString(folder)).filePath(QStringLiteral("sweep.json"));
        if (!QFileInfo::exists(path))
            throw Error(QDir::toNativeSeparators(path).toStdString()
                + " does not exist: give the folders 'bitlab-cli sweep --shard K/N --out DIR' "
                  "wrote");
        parts.push_back(io::readSweepJson(path));
    }
    const io::SweepOutput merged = io::mergeSweeps(parts);
    const QString dir = QString::fromStdString(cl.out);
    // The experiment, its paths made relative to the merged folder.
    const QString from = QFileInfo(parts.front().path).absolutePath();
    const ExperimentSpec experiment
        = io::experimentFromJson(merged.sweep.value("experiment").toObject(), from,
            QDir::toNativeSeparators(parts.front().path) + QStringLiteral(": sweep.experiment"));
    // All or nothing, one writer at a time, as the sweep itself (run_outputs.h).
    io::OutputFolder folder(dir);
    io::SweepOutput out = merged;
    out.sweep.insert("experiment", io::experimentToJson(experiment, folder.path()));
    folder.save(
        QStringLiteral("experiment.json"), io::experimentToBytes(experiment, folder.path()));
    folder.save(QStringLiteral("sweep.json"), io::sweepJson(out));
    const QString csvPath = QDir(dir).filePath(QStringLiteral("sweep.csv"));
    folder.save(QStringLiteral("sweep.csv"), io::sweepCsv(out.plan, out.results));
    const QStringList warnings = folder.commit();
    if (!cl.quiet)
        for (const QString& warning : warnings)
            std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
    if (!cl.quiet) {
        std::printf("merged %zu outputs, %d units\nwrote %s\n", parts.size(), merged.units,
            qPrintable(QDir::toNativeSeparators(csvPath)));
        std::fflush(stdout);
    }
    return 0;
}

} // namespace bitlab::cli
