// Learned quantizer parameters in the files (docs/quantizers.md "Learned step sizes and
// clips", docs/formats.md): learn read, written back (round trip), set from the command
// line and refused with located messages; the weights JSON marks a learned step
// (quant.learn) and lists every learned value by name ("learned"), which the reader checks;
// summary.json names the final values.

#include "common/moons_experiment.h"
#include "common/test_support.h"
#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/exports.h"
#include "core/io/run_outputs.h"
#include "core/io/weights_json.h"
#include "core/quant/quantizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::io;
using bitlab::test::errorOf;
using bitlab::test::experimentProblems;
using bitlab::test::moonsWithRuns;

class TestLearnedIo : public QObject {
    Q_OBJECT
private slots:
    void readsAndRoundTrips()
    {
        const QByteArray json = moonsWithRuns(R"({"name": "fp"},
            {"name": "lsq", "quantizer": {"scheme": "symmetric", "bits": 2, "mode": "ste",
             "activation_bits": 3, "learn": "lsq"}},
            {"name": "pact", "quantizer": {"scheme": "symmetric", "bits": 4, "mode": "ste",
             "activation_bits": 2, "learn": "pact"}},
            {"name": "plain", "quantizer": {"scheme": "symmetric", "bits": 4, "mode": "ste"}})");
        const ExperimentSpec spec = parseExperiment(json, "/tmp", {}, "exp.json");
        QCOMPARE(int(spec.runs[1].quantizer->learn), int(LearnMode::Lsq));
        QCOMPARE(int(spec.runs[2].quantizer->learn), int(LearnMode::Pact));
        QCOMPARE(int(spec.runs[3].quantizer->learn), int(LearnMode::None));
        const QByteArray written = experimentToBytes(spec, {});
        QCOMPARE(
            experimentToBytes(parseExperiment(written, "/tmp", {}, "again.json"), {}), written);
        QVERIFY(written.contains("\"learn\": \"lsq\""));
        QVERIFY(written.contains("\"learn\": \"pact\""));
        // learn none is not written: files without learning stay as they were.
        QCOMPARE(written.count("\"learn\""), 2);
    }

    void setOnTheCommandLine()
    {
        const ExperimentSpec spec = parseExperiment(
            moonsWithRuns(R"({"name": "a", "quantizer": {"scheme": "symmetric", "bits": 3,
                "mode": "ste"}})"),
            "/tmp", { "runs.0.quantizer.learn=lsq" }, "exp.json");
        QCOMPARE(int(spec.runs[0].quantizer->learn), int(LearnMode::Lsq));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("runs");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown learn")
            << QByteArray(
                   R"({"quantizer": {"scheme": "symmetric", "mode": "ste", "learn": "lsq+"}})")
            << "runs.0.quantizer.learn must be one of none, lsq, pact, got \"lsq+\"";
        QTest::newRow("lsq in ptq") << QByteArray(
            R"({"quantizer": {"scheme": "symmetric", "mode": "ptq", "learn": "lsq"}})")
                                    << "runs.0.quantizer.learn \"lsq\" needs mode \"ste\"";
        QTest::newRow("lsq on ternary")
            << QByteArray(R"({"quantizer": {"scheme": "ternary", "mode": "ste", "learn": "lsq"}})")
            << "runs.0.quantizer.learn \"lsq\" applies only to scheme \"symmetric\"";
        QTest::newRow("pact without activations")
            << QByteArray(
                   R"({"quantizer": {"scheme": "symmetric", "mode": "ste", "learn": "pact"}})")
            << "runs.0.quantizer.learn \"pact\" learns the clip of the hidden activations: it "
               "needs activation_bits > 0";
        QTest::newRow("learn on a gradient quantizer")
            << QByteArray(R"({"gradient_quantizer": {"scheme": "symmetric", "learn": "lsq"}})")
            << "runs.0.gradient_quantizer.learn does not apply to a gradient quantizer";
        QTest::newRow("per_tensor pact")
            << QByteArray(R"({"quantizer": {"scheme": "symmetric", "mode": "ste",
                "activation_bits": 2}, "per_tensor": {"layers.0.weight": {"learn": "pact"}}})")
            << "runs.0.per_tensor.layers.0.weight.learn \"pact\" is the run's";
    }
    void errors()
    {
        QFETCH(QByteArray, runs);
        QFETCH(QString, message);
        const QString got = experimentProblems(moonsWithRuns(runs));
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    // quant.learn and the learned values in the weights JSON and summary.json, read back.
    void weightsAndSummary()
    {
        ExperimentSpec spec = parseExperiment(
            moonsWithRuns(R"({"name": "lsq", "quantizer": {"scheme": "symmetric", "bits": 3,
                "mode": "ste", "activation_bits": 3, "learn": "lsq"},
                "per_tensor": {"layers.1.bias": {"learn": "none"}}})"),
            "/tmp", {}, "exp.json");
        spec.training.epochs = 3;
        const auto e = makeExperiment(spec);
        RecordLog log;
        e->run(log, {}, 1);
        const WeightSnapshot snap = e->snapshot(0);
        const QByteArray text = weightsToJson(snap, spec.runs[0], spec.model);
        parseWeights(text, "w.json"); // reads back
        const QJsonObject root = QJsonDocument::fromJson(text).object();
        const QJsonArray tensors = root.value("tensors").toArray();
        const QJsonObject q0 = tensors.at(0).toObject().value("quant").toObject();
        QCOMPARE(q0.value("learn").toString(), QStringLiteral("lsq"));
        QCOMPARE(q0.value("scale").toArray().at(0).toDouble(), snap.tensors[0].quant.scale[0]);
        // layers.1.bias keeps the min/max step: no learn.
        QVERIFY(!tensors.at(3).toObject().value("quant").toObject().contains("learn"));
        const QJsonObject learned = root.value("learned").toObject();
        QCOMPARE(learned.keys(),
            QStringList({ "layers.0.activation.step", "layers.0.bias.step", "layers.0.weight.step",
                "layers.1.weight.step" }));
        QCOMPARE(learned.value("layers.0.weight.step").toDouble(), snap.tensors[0].quant.scale[0]);
        QVERIFY(learned.value("layers.0.activation.step").toDouble() > 0);

        const QJsonObject run = QJsonDocument::fromJson(summaryJson(log.summaries(), {}))
                                    .object()
                                    .value("runs")
                                    .toArray()
                                    .at(0)
                                    .toObject();
        QCOMPARE(run.value("learned").toObject(), learned);

        // The reader checks what it is given, with the place.
        QByteArray bad = text;
        bad.replace("\"learn\": \"lsq\"", "\"learn\": \"pact\"");
        QVERIFY2(errorOf([&] {
            parseWeights(bad, "w.json");
        }).contains("tensors.0.quant.learn must be \"lsq\""),
            qPrintable(errorOf([&] { parseWeights(bad, "w.json"); })));
        bad = text;
        const QByteArray key = "\"layers.0.weight.step\": ";
        const qsizetype at = bad.indexOf(key) + key.size();
        bad.insert(at, "-");
        QVERIFY2(errorOf([&] {
            parseWeights(bad, "w.json");
        }).contains("learned.layers.0.weight.step must be a number > 0"),
            qPrintable(errorOf([&] { parseWeights(bad, "w.json"); })));
    }

    // metrics.csv of the output folder (bitlab-cli run, File > Export) has a column per
    // learned step and clip, named as the weights JSON names them, and its last row of the
    // run holds the final values of summary.json, exactly. (Before: no such columns.)
    void metricsColumns()
    {
        QTemporaryDir dir;
        ExperimentSpec spec = parseExperiment(
            moonsWithRuns(R"({"name": "fp64"}, {"name": "pact", "quantizer": {"scheme":
                "symmetric", "bits": 3, "mode": "ste", "activation_bits": 3, "learn": "pact"}})"),
            "/tmp", {}, "exp.json");
        spec.training.epochs = 3;
        const auto e = makeExperiment(spec);
        RecordLog log;
        e->run(log, {}, 1);
        writeRunOutputs(dir.path(), *e, log.allRecords());
        QFile f(dir.filePath(QStringLiteral("metrics.csv")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.front(),
            QByteArray("run,step,epoch,batch_loss,train_loss,test_loss,train_accuracy,"
                       "test_accuracy,grad_norm,quant_error,flips,lr,layers.0.activation.clip"));
        QByteArray last;
        for (const QByteArray& line : lines) {
            if (line.startsWith("fp64,"))
                QVERIFY(line.endsWith(',')); // no clip: an empty cell
            if (line.startsWith("pact,"))
                last = line;
        }
        const RunSummary s = *log.summary(1);
        QCOMPARE(s.learned.size(), std::size_t(1));
        QCOMPARE(last.split(',').back().toDouble(), s.learned[0].value);
    }

    // init "file" restores the learned steps and clips of the weights file's "learned"
    // block (docs/quantizers.md "Where the learned values show"): a run started from a
    // trained LSQ run's weights starts from its steps, not from the initial rule, so that
    // resuming continues where the file left off; values the run does not learn are
    // ignored. (Before, the steps started afresh from the rule and the block was ignored.)
    void initFromFileRestoresLearned()
    {
        QTemporaryDir dir;
        ExperimentSpec spec = parseExperiment(
            moonsWithRuns(R"({"name": "lsq", "quantizer": {"scheme": "symmetric", "bits": 3,
                "mode": "ste", "activation_bits": 3, "learn": "lsq"}})"),
            "/tmp", {}, "exp.json");
        spec.training.epochs = 4;
        const auto trained = makeExperiment(spec);
        RecordLog log;
        trained->run(log, {}, 1);
        const WeightSnapshot snap = trained->snapshot(0);
        const QString path = dir.filePath(QStringLiteral("lsq.json"));
        writeWeights(path, snap, spec.runs[0], spec.model);
        QVERIFY(!snap.learned.empty());

        ExperimentSpec resumed = spec;
        resumed.init.kind = "file";
        resumed.init.path = path.toStdString();
        // A second run learns PACT clips: none of its names is in the file.
        ExperimentSpec withPact = resumed;
        RunSpec pact = resumed.runs[0];
        pact.name = "pact";
        pact.quantizer->learn = LearnMode::Pact;
        withPact.runs.push_back(pact);
        const auto e = makeExperiment(withPact);
        // The weights Q(w) use the restored steps: before any step the snapshot is the trained
        // one.
        const WeightSnapshot start = e->snapshot(0);
        for (std::size_t t = 0; t < start.tensors.size(); ++t)
            QVERIFY2(
                start.tensors[t].values == snap.tensors[t].values, start.tensors[t].name.c_str());
        RecordLog again;
        e->advance(1, again, {}, 1);
        // Step 0's record: every learned value is the file's, bit for bit.
        const Record first = again.records(0).front(); // records() returns a copy
        QCOMPARE(first.step, std::int64_t(0));
        const std::vector<std::string> names = e->learnedNames(0);
        QCOMPARE(first.learned.size(), snap.learned.size());
        for (std::size_t k = 0; k < names.size(); ++k) {
            QCOMPARE(names[k], snap.learned[k].name);
            QVERIFY2(first.learned[k] == snap.learned[k].value, names[k].c_str());
        }
        // The PACT run starts its clips by the rule: the same as without a learned block.
        ExperimentSpec plain = withPact;
        plain.init.path = dir.filePath(QStringLiteral("plain.json")).toStdString();
        QByteArray text = weightsToJson(snap, spec.runs[0], spec.model);
        const QJsonObject root = QJsonDocument::fromJson(text).object();
        QJsonObject stripped = root;
        stripped.remove("learned");
        QFile f(QString::fromStdString(plain.init.path));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(stripped).toJson());
        f.close();
        const auto p = makeExperiment(plain);
        RecordLog plainLog;
        p->advance(1, plainLog, {}, 1);
        QVERIFY(plainLog.records(1).front().learned == again.records(1).front().learned);
        // ... while the LSQ run without the block starts from the rule, not the file.
        QVERIFY(plainLog.records(0).front().learned != first.learned);
    }
};

QTEST_APPLESS_MAIN(TestLearnedIo)
#include "tst_learned_io.moc"
