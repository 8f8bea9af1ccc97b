#include "app/cli/run_command.h"

#include "app/cli/experiment_source.h"
#include "app/cli/interrupt.h"
#include "app/cli/result_table.h"
#include "app/cli/spooled_metrics.h"
#include "app/cli/training_session.h"
#include "core/common/control_chars.h"
#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/io/experiment_factory.h"
#include "core/io/run_outputs.h"

#include <QDir>
#include <cstdio>

namespace bitlab::cli {

int runCommand(const CommandLine& cl)
{
    installInterruptHandler();
    const ExperimentSpec spec = loadExperimentSpec(cl);
    const QString dir = outputFolder(cl);
    std::unique_ptr<Experiment> experiment = io::makeExperiment(spec);
    if (!cl.quiet)
        for (const std::string& warning : experiment->dataset().warnings)
            std::fprintf(stderr, "warning: %s\n", escapeControlCharacters(warning).c_str());

    // Everything that depends only on the folder and the names is found before training:
    // another writer, a folder that cannot be written or replaced, a run name too long for
    // a file name. The folder stays locked until the results are in.
    const std::unique_ptr<io::OutputFolder> folder = io::prepareRunOutputs(dir, experiment->spec());
    const std::string shownDir = QDir::toNativeSeparators(folder->path()).toStdString();
    setSecondInterruptMessage(
        "interrupted again: stopped at once; '" + shownDir + "' was left as it was");

    SpooledMetrics metrics;
    TrainingSession session(!cl.quiet && stderrIsTerminal(), cl.threads);
    session.train(*experiment, metrics, [&] { return metrics.failed(); });
    if (metrics.failed())
        throw Error(metrics.failure() + "; nothing was written to '" + shownDir + "'");

    const io::RunOutputs outputs = io::writeRunOutputs(*folder, *experiment, metrics.spool());
    setSecondInterruptMessage("interrupted again: '" + shownDir + "' holds the complete results");

    bool stopped = false; // a run the interrupt stopped (not one that ended before it)
    for (int r = 0; r < experiment->runCount(); ++r)
        stopped = stopped || experiment->summary(r).status == RunStatus::Stopped;
    if (!cl.quiet) {
        for (const QString& warning : outputs.warnings)
            std::fprintf(
                stderr, "warning: %s\n", escapeControlCharacters(warning.toStdString()).c_str());
        const Dataset& data = experiment->dataset();
        ResultTable table(data.task != Task::Regression, data.xTest.rows() > 0);
        for (int r = 0; r < experiment->runCount(); ++r)
            table.add(experiment->summary(r));
        std::fputs(table.render().c_str(), stdout);
        std::printf("wrote %lld files to %s\n", static_cast<long long>(outputs.files.size()),
            qPrintable(QDir::toNativeSeparators(dir)));
        std::fflush(stdout);
    }
    if (!interruptRequested())
        return 0;
    if (!cl.quiet) {
        if (stopped)
            std::fprintf(stderr, "interrupted: unfinished runs are marked stopped in %s\n",
                qPrintable(QDir(dir).filePath(QStringLiteral("summary.json"))));
        else
            std::fprintf(stderr,
                "interrupted after training had ended: every run had finished "
                "and the results in %s are complete\n",
                qPrintable(QDir::toNativeSeparators(dir)));
    }
    // 128 + signal either way, so that a script around bitlab-cli stops too.
    return 128 + interruptSignal();
}

} // namespace bitlab::cli
