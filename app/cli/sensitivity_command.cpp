#include "app/cli/sensitivity_command.h"

#include "app/cli/experiment_source.h"
#include "app/cli/interrupt.h"
#include "core/common/error.h"
#include "core/engine/sensitivity.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"
#include "core/io/run_outputs.h"
#include "core/io/sensitivity_csv.h"

#include <QDir>
#include <cstdio>

namespace bitlab::cli {

int sensitivityCommand(const CommandLine& cl)
{
    const ExperimentSpec spec = loadExperimentSpec(cl);
    const std::vector<int> bits
        = cl.bits.empty() ? std::vector<int> { 2, 3, 4, 5, 6, 7, 8 } : cl.bits;
    const QString dir = outputFolder(cl, QStringLiteral("-sensitivity"));
    const SensitivityTable table = computeSensitivity(
        spec, bits, [](const ExperimentSpec& s) { return io::makeExperiment(s); });
    // All or nothing (run_outputs.h): the table and the experiment it came from.
    io::OutputFolder folder(dir);
    folder.save(QStringLiteral("experiment.json"), io::experimentToBytes(spec, folder.path()));
    folder.save(QStringLiteral("sensitivity.csv"), io::sensitivityCsv(table));
    const QStringList warnings = folder.commit();
    if (cl.quiet)
        return 0;
    for (const QString& warning : warnings)
        std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
    std::printf("float64: train loss %s%s\n", io::formatDouble(table.baseTrainLoss).c_str(),
        table.hasTest ? (", test loss " + io::formatDouble(table.baseTestLoss)).c_str() : "");
    std::printf("%-20s", "loss increase");
    for (int b : table.bits)
        std::printf(" %10d", b);
    std::printf("\n");
    for (const std::string& t : table.tensors) {
        std::printf("%-20s", t.c_str());
        for (int b : table.bits) {
            const SensitivityRow* r = table.find(t, b);
            std::printf(" %10.4g", r ? r->lossIncrease : 0.0);
        }
        std::printf("\n");
    }
    std::printf("wrote %s\n",
        qPrintable(
            QDir::toNativeSeparators(QDir(dir).filePath(QStringLiteral("sensitivity.csv")))));
    std::fflush(stdout);
    return 0;
}

} // namespace bitlab::cli
