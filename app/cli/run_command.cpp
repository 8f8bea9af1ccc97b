#include "app/cli/run_command.h"

#include "app/cli/experiment_source.h"
#include "app/cli/interrupt.h"
#include "app/cli/result_table.h"
#include "app/cli/training_session.h"
#include "core/common/control_chars.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/io/atomic_file.h"
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

    // A folder that cannot be created is found before training, not after.
    io::ensureDirectory(dir);

    RecordLog log;
    TrainingSession session(!cl.quiet && stderrIsTerminal(), cl.threads);
    const bool completed = session.train(*experiment, log);

    const io::RunOutputs outputs = io::writeRunOutputs(dir, *experiment, log.allRecords());
    if (!cl.quiet) {
        for (const QString& warning : outputs.warnings)
            std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
        const Dataset& data = experiment->dataset();
        ResultTable table(data.task != Task::Regression, data.xTest.rows() > 0);
        for (int r = 0; r < experiment->runCount(); ++r)
            table.add(experiment->summary(r));
        std::fputs(table.render().c_str(), stdout);
        std::printf("wrote %lld files to %s\n", static_cast<long long>(outputs.files.size()),
            qPrintable(QDir::toNativeSeparators(dir)));
        std::fflush(stdout);
    }
    if (completed && !interruptRequested())
        return 0;
    if (!cl.quiet)
        std::fprintf(stderr, "interrupted: unfinished runs are marked stopped in %s\n",
            qPrintable(QDir(dir).filePath(QStringLiteral("summary.json"))));
    return 128 + (interruptSignal() ? interruptSignal() : 2);
}

} // namespace bitlab::cli
