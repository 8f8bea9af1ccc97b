// The glue: an experiment file -> makeExperiment -> run -> writeRunOutputs, the files of
// DESIGN §4, a re-run of the written experiment.json giving the same metrics.csv byte for
// byte, and a weights file of one run used as the init of another experiment.
#include "core/common/error.h"
#include "core/engine/record_log.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"
#include "core/io/run_outputs.h"
#include "core/io/weights_json.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::io;

namespace {

const char* kExperiment = R"({
  "format": "bitlab.experiment", "version": 1,
  "dataset": {"source": "builtin:seed-linear", "samples": 40, "seed": 3},
  "model": {"kind": "linear"},
  "optimizer": {"kind": "gd", "lr": 0.05},
  "training": {"epochs": 30, "seed": 42},
  "runs": [
    {"name": "fp64"},
    {"name": "Q4.3", "quantizer": {"scheme": "fixed", "bits": 8, "frac_bits": 3}},
    {"name": "sym4-ste", "quantizer": {"scheme": "symmetric", "bits": 4, "mode": "ste"}}
  ]
})";

QByteArray readAll(const QString& path)
{
    return readFileLimited(path, 1 << 26, "file");
}

struct Ran {
    std::unique_ptr<Experiment> experiment;
    RecordLog log;
};

void runAll(Ran& ran, const ExperimentSpec& spec)
{
    ran.experiment = makeExperiment(spec);
    ran.experiment->run(ran.log, {}, 2);
}

} // namespace

class TestRunOutputs : public QObject {
    Q_OBJECT

private slots:
    void outputFolder()
    {
        QTemporaryDir tmp;
        const QString expPath = tmp.filePath("exp.json");
        writeFileAtomically(expPath, kExperiment);
        Ran ran;
        runAll(ran, readExperiment(expPath));
        const QString out = tmp.filePath(QString::fromUtf8("out dir \xc3\xa9"));
        const RunOutputs written = writeRunOutputs(out, *ran.experiment, ran.log.allRecords());
        QVERIFY2(written.warnings.isEmpty(), qPrintable(written.warnings.join("\n")));
        QStringList expected { "experiment.json", "metrics.csv", "summary.json",
            "weights/fp64.json", "weights/fp64.csv", "weights/Q4.3.json", "weights/Q4.3.csv",
            "weights/Q4.3.h", "weights/sym4-ste.json", "weights/sym4-ste.csv",
            "weights/sym4-ste.h" };
        for (const auto& name : expected)
            QVERIFY2(QFileInfo::exists(out + "/" + name), qPrintable(name));
        QVERIFY(!QFileInfo::exists(out + "/weights/fp64.h"));
        QCOMPARE(written.files.size(), expected.size());

        // metrics.csv: the exact header and one row per record.
        const QByteArray metrics = readAll(out + "/metrics.csv");
        QVERIFY(metrics.startsWith("run,step,epoch,batch_loss,train_loss,test_loss,train_accuracy,"
                                   "test_accuracy,grad_norm,quant_error,flips,lr\n"));
        QCOMPARE(metrics.count('\n'), qsizetype(ran.log.recordCount() + 1));
        QVERIFY(metrics.contains("\nQ4.3,0,0,,"));

        // summary.json: every run, finished.
        const QJsonArray runs
            = toQJson(parseJson(readAll(out + "/summary.json"), "s")).toObject()["runs"].toArray();
        QCOMPARE(runs.size(), 3);
        QCOMPARE(runs[2].toObject()["name"].toString(), QString("sym4-ste"));
        QCOMPARE(runs[2].toObject()["steps"].toInteger(), 30);

        // The ste run's weights carry latent weights and the quantizer's decision.
        const QByteArray steWeights = readAll(out + "/weights/sym4-ste.json");
        QVERIFY(steWeights.contains("\"latent\""));
        QVERIFY(steWeights.contains("\"quant\": {\"scheme\": \"symmetric\", \"bits\": 4"));
        QVERIFY(!readAll(out + "/weights/Q4.3.json").contains("\"latent\""));

        // The resolved experiment.json re-runs from the output folder with identical metrics.
        const ExperimentSpec again = readExperiment(out + "/experiment.json");
        QVERIFY(again.training.recordEvery.has_value());
        Ran second;
        runAll(second, again);
        const QString out2 = tmp.filePath("out2");
        writeRunOutputs(out2, *second.experiment, second.log.allRecords());
        QCOMPARE(readAll(out2 + "/metrics.csv"), metrics);
        QCOMPARE(readAll(out2 + "/experiment.json"), readAll(out + "/experiment.json"));
        QCOMPARE(readAll(out2 + "/weights/Q4.3.json"), readAll(out + "/weights/Q4.3.json"));
    }

    void weightsAsInit()
    {
        QTemporaryDir tmp;
        Ran first;
        runAll(first, parseExperiment(kExperiment, tmp.path()));
        writeRunOutputs(tmp.filePath("first"), *first.experiment, first.log.allRecords());

        // Continue the ste run from its latent weights, in an experiment with 0 extra updates
        // visible at step 0: the step-0 weights equal the file's latent weights.
        QByteArray second = R"({"format": "bitlab.experiment", "version": 1,
          "dataset": {"source": "builtin:seed-linear", "samples": 40, "seed": 3},
          "model": {"kind": "linear"}, "training": {"epochs": 1},
          "init": {"kind": "file", "path": "first/weights/sym4-ste.json"}, "runs": [{"name": "fp"}]})";
        writeFileAtomically(tmp.filePath("second.json"), second);
        const auto experiment = makeExperiment(readExperiment(tmp.filePath("second.json")));
        const WeightsFile file = readWeights(tmp.filePath("first/weights/sym4-ste.json"));
        const WeightSnapshot start = experiment->snapshot(0);
        QCOMPARE(start.tensors.size(), file.tensors.size());
        for (size_t t = 0; t < start.tensors.size(); ++t)
            QCOMPARE(start.tensors[t].values, file.tensors[t].values);
        // The latent weights, not the quantized values, are what is loaded.
        QVERIFY(file.tensors[0].values != file.values[0].values);

        // A weights file of another model is refused with both shapes.
        second.replace("builtin:seed-linear\", \"samples\": 40, \"seed\": 3",
            "builtin:linear\", \"features\": 3, \"seed\": 3");
        writeFileAtomically(tmp.filePath("third.json"), second);
        try {
            makeExperiment(readExperiment(tmp.filePath("third.json")));
            QFAIL("no error");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("tensor 'weight' has shape [1, 1] but the model's is [1, 3]"),
                qPrintable(message));
        }
    }

    void divergedRunKeepsItsLastFiniteWeights()
    {
        QTemporaryDir tmp;
        Ran ran;
        runAll(ran, parseExperiment(kExperiment, tmp.path(), { "optimizer.lr=1e6" }));
        const RunOutputs written
            = writeRunOutputs(tmp.filePath("out"), *ran.experiment, ran.log.allRecords());
        QVERIFY2(written.warnings.isEmpty(), qPrintable(written.warnings.join("\n")));
        const QJsonObject fp = toQJson(parseJson(readAll(tmp.filePath("out/summary.json")), "s"))
                                   .toObject()["runs"]
                                   .toArray()[0]
                                   .toObject();
        QCOMPARE(fp["status"].toString(), QString("diverged"));
        QVERIFY(fp["failed_step"].isDouble());
        const WeightsFile weights = readWeights(tmp.filePath("out/weights/fp64.json"));
        QVERIFY2(weights.note.contains("diverged at step"), qPrintable(weights.note));
        QVERIFY2(weights.note.contains("last finite weights"), qPrintable(weights.note));
        for (const auto& t : weights.tensors)
            QVERIFY(t.values.allFinite());
        // metrics.csv never holds NaN text: cells not computed are empty.
        QVERIFY(!readAll(tmp.filePath("out/metrics.csv")).contains("nan"));
    }

    void missingInitFile()
    {
        QTemporaryDir tmp;
        ExperimentSpec spec
            = parseExperiment(kExperiment, tmp.path(), { "init.kind=file", "init.path=nope.json" });
        try {
            makeExperiment(spec);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("nope.json': no such file"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestRunOutputs)
#include "tst_run_outputs.moc"
