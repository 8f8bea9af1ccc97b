// The worker's exports: File > Export > Weights (JSON, CSV, C header) writes the same files,
// byte for byte, as the weights/ folder of `bitlab-cli run --out` (io::writeRunOutputs):
// colliding run names get distinct files, a diverged run's JSON carries its note.

#include "common/test_support.h"
#include "core/engine/record_log.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/run_outputs.h"
#include "ui/training_controller.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

// "a/b" and "a_b" both become the file stem "a_b"; lr 1e6 makes every run diverge.
const char* kExperiment = R"({
  "format": "bitlab.experiment", "version": 1,
  "dataset": {"source": "builtin:seed-linear", "samples": 40, "seed": 3},
  "model": {"kind": "linear"},
  "optimizer": {"kind": "gd", "lr": 1e6},
  "training": {"epochs": 60, "seed": 42},
  "runs": [
    {"name": "a/b"},
    {"name": "a_b", "quantizer": {"scheme": "fixed", "bits": 8, "frac_bits": 3}},
    {"name": "A_B", "quantizer": {"scheme": "symmetric", "bits": 4, "mode": "ste"}}
  ]
})";

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestTrainingWorker : public QObject {
    Q_OBJECT
private slots:
    void weightsExportEqualsTheOutputFolder_data();
    void weightsExportEqualsTheOutputFolder();
};

void TestTrainingWorker::weightsExportEqualsTheOutputFolder_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("json") << int(ExportRequest::Kind::WeightsJson) << QStringLiteral(".json");
    QTest::newRow("csv") << int(ExportRequest::Kind::WeightsCsv) << QStringLiteral(".csv");
    QTest::newRow("c header") << int(ExportRequest::Kind::CHeader) << QStringLiteral(".h");
}

void TestTrainingWorker::weightsExportEqualsTheOutputFolder()
{
    QFETCH(int, kind);
    QFETCH(QString, suffix);
    QTemporaryDir tmp;
    const ExperimentSpec spec = io::parseExperiment(kExperiment, tmp.path());

    // The CLI's way: run the experiment here, write the output folder.
    const std::unique_ptr<Experiment> cli = io::makeExperiment(spec);
    RecordLog log;
    cli->run(log, {}, 1);
    QVERIFY(cli->summary(0).status == RunStatus::Diverged);
    const QString cliDir = tmp.filePath(QStringLiteral("cli"));
    io::writeRunOutputs(cliDir, *cli, log.allRecords());
    const QString cliWeights = cliDir + QStringLiteral("/weights");

    // The GUI's way: train on the worker, then File > Export > Weights.
    TrainingController controller;
    controller.setSpeed(0);
    controller.start(spec, true);
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingController::State::Finished, 30000);
    QSignalSpy exported(&controller, &TrainingController::exportFinished);
    const QString guiDir = tmp.filePath(QStringLiteral("gui"));
    controller.exportFiles({ static_cast<ExportRequest::Kind>(kind), guiDir });
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 30000);
    QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));

    QStringList expected;
    for (const QString& f : test::entries(cliWeights))
        if (f.endsWith(suffix))
            expected << f;
    QCOMPARE(expected.size(), suffix == QStringLiteral(".h") ? 2 : 3); // one file per run
    QCOMPARE(test::entries(guiDir), expected);
    for (const QString& f : expected)
        QVERIFY2(
            contents(guiDir + QLatin1Char('/') + f) == contents(cliWeights + QLatin1Char('/') + f),
            qPrintable(f));
    if (suffix == QStringLiteral(".json"))
        QVERIFY(contents(guiDir + QStringLiteral("/a_b.json")).contains("last finite weights"));
}

QTEST_MAIN(TestTrainingWorker)
#include "tst_training_worker.moc"
