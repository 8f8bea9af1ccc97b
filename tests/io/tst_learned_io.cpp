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
#include "core/io/weights_json.h"
#include "core/quant/quantizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
        const int at = bad.indexOf(key) + key.size();
        bad.insert(at, "-");
        QVERIFY2(errorOf([&] {
            parseWeights(bad, "w.json");
        }).contains("learned.layers.0.weight.step must be a number > 0"),
            qPrintable(errorOf([&] { parseWeights(bad, "w.json"); })));
    }
};

QTEST_APPLESS_MAIN(TestLearnedIo)
#include "tst_learned_io.moc"
