// Choosing the grid in the files (DESIGN §6, docs/quantizers.md "Observers", "Per-tensor
// quantizers"): observer, averaging, percentile, calibration_batches and per_tensor read,
// write back (round trip) and are refused with located messages; the weights JSON gives
// each tensor its own scheme, bits, observer and range, and reads back.

#include "common/moons_experiment.h"
#include "common/test_support.h"
#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/weights_json.h"
#include "core/quant/quantizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <algorithm>

using namespace bitlab;
using namespace bitlab::io;
using bitlab::test::errorOf;
using bitlab::test::experimentProblems;
using bitlab::test::moonsWithRuns;

class TestGridChoiceIo : public QObject {
    Q_OBJECT
private slots:
    void readsAndRoundTrips()
    {
        const QByteArray json = moonsWithRuns(R"({"name": "fp"},
            {"name": "a", "quantizer": {"scheme": "symmetric", "bits": 4, "observer": "percentile",
             "percentile": 99.5}},
            {"name": "b", "quantizer": {"scheme": "affine", "bits": 3, "mode": "ptq",
             "observer": "moving_average", "averaging": 0.2, "calibration_batches": 3},
             "per_tensor": {"layers.0.weight": {"bits": 6, "observer": "mse"},
                            "layers.1.bias": {"scheme": "symmetric", "bits": 5}}},
            {"name": "c", "quantizer": {"scheme": "float", "format": "e2m1", "scaling": "amax",
             "observer": "mse"}})");
        const ExperimentSpec spec = parseExperiment(json, "/tmp", {}, "exp.json");
        QCOMPARE(spec.runs.size(), std::size_t(4));
        const QuantizerSpec& a = *spec.runs[1].quantizer;
        QCOMPARE(int(a.observer), int(RangeObserver::Percentile));
        QCOMPARE(a.percentile, 99.5);
        const RunSpec& b = spec.runs[2];
        QCOMPARE(int(b.quantizer->observer), int(RangeObserver::MovingAverage));
        QCOMPARE(b.quantizer->averaging, 0.2);
        QCOMPARE(b.quantizer->calibrationBatches, 3);
        QCOMPARE(b.perTensor.size(), std::size_t(2));
        const QuantizerSpec& w0 = specForTensor(*b.quantizer, b.perTensor, "layers.0.weight");
        QCOMPARE(w0.bits, 6);
        QCOMPARE(w0.scheme, std::string("affine"));
        QCOMPARE(int(w0.observer), int(RangeObserver::Mse));
        QCOMPARE(int(w0.mode), int(TrainingMode::Ptq)); // the run's
        const QuantizerSpec& b1 = specForTensor(*b.quantizer, b.perTensor, "layers.1.bias");
        QCOMPARE(b1.scheme, std::string("symmetric"));
        QCOMPARE(int(b1.observer), int(RangeObserver::MovingAverage)); // kept from the run
        QCOMPARE(&specForTensor(*b.quantizer, b.perTensor, "layers.1.weight"), &*b.quantizer);
        QCOMPARE(int(spec.runs[3].quantizer->observer), int(RangeObserver::Mse));
        // Written and read back: the same file.
        const QByteArray written = experimentToBytes(spec, {});
        const ExperimentSpec again = parseExperiment(written, "/tmp", {}, "again.json");
        QCOMPARE(experimentToBytes(again, {}), written);
        QVERIFY(written.contains("\"per_tensor\""));
        QVERIFY(written.contains("\"observer\": \"moving_average\""));
        // A scheme without a range writes no observer; minmax files stay readable.
        QVERIFY(!experimentToBytes(
            parseExperiment(
                moonsWithRuns(R"({"quantizer": {"scheme": "fixed"}})"), "/tmp", {}, "f.json"),
            {})
                     .contains("observer"));
    }

    // Each hidden activation its own bits and learning: read, written back (round trip),
    // and run (the old reader refused "layers.0.activation" as an unknown tensor).
    void activationEntries()
    {
        const QByteArray json = R"({"format": "bitlab.experiment", "version": 1,
 "dataset": {"source": "builtin:moons"}, "model": {"kind": "mlp", "hidden": [8, 6]},
 "loss": "bce", "training": {"epochs": 2}, "runs": [
  {"name": "a", "quantizer": {"scheme": "symmetric", "bits": 4, "mode": "ste",
   "activation_bits": 8, "learn": "lsq"},
   "per_tensor": {"layers.0.activation": {"bits": 3, "learn": "pact"},
                  "layers.1.activation": {"bits": 0}}},
  {"name": "b", "quantizer": {"scheme": "affine", "bits": 6},
   "per_tensor": {"layers.1.activation": {"bits": 4}, "layers.0.weight": {"bits": 3}}}]})";
        const ExperimentSpec spec = parseExperiment(json, "/tmp", {}, "exp.json");
        const RunSpec& a = spec.runs[0];
        QCOMPARE(a.perTensor.size(), std::size_t(2));
        const QuantizerSpec& a0 = specForTensor(*a.quantizer, a.perTensor, "layers.0.activation");
        QCOMPARE(a0.activationBits, 3);
        QCOMPARE(int(a0.learn), int(LearnMode::Pact));
        const QuantizerSpec& a1 = specForTensor(*a.quantizer, a.perTensor, "layers.1.activation");
        QCOMPARE(a1.activationBits, 0);
        QCOMPARE(int(a1.learn), int(LearnMode::Lsq)); // the run's (bits 0: nothing to learn)
        const RunSpec& b = spec.runs[1];
        QCOMPARE(specForTensor(*b.quantizer, b.perTensor, "layers.0.activation").activationBits,
            0); // the run's activation_bits
        QCOMPARE(specForTensor(*b.quantizer, b.perTensor, "layers.1.activation").activationBits, 4);
        QCOMPARE(specForTensor(*b.quantizer, b.perTensor, "layers.0.weight").bits, 3);

        const QByteArray written = experimentToBytes(spec, {});
        const QJsonArray runs = QJsonDocument::fromJson(written).object().value("runs").toArray();
        const QJsonObject perA = runs.at(0).toObject().value("per_tensor").toObject();
        QCOMPARE(perA.value("layers.0.activation").toObject(),
            (QJsonObject { { "bits", 3 }, { "learn", "pact" } }));
        QCOMPARE(perA.value("layers.1.activation").toObject(), (QJsonObject { { "bits", 0 } }));
        const QJsonObject perB = runs.at(1).toObject().value("per_tensor").toObject();
        QCOMPARE(perB.value("layers.1.activation").toObject(), (QJsonObject { { "bits", 4 } }));
        const ExperimentSpec again = parseExperiment(written, "/tmp", {}, "again.json");
        QCOMPARE(experimentToBytes(again, {}), written);

        // The run learns what its entries say: layer 0's clip, no step for layer 1.
        const auto e = makeExperiment(spec);
        const std::vector<std::string> names = e->learnedNames(0);
        QVERIFY(std::find(names.begin(), names.end(), "layers.0.activation.clip") != names.end());
        QVERIFY(std::find(names.begin(), names.end(), "layers.0.activation.step") == names.end());
        QVERIFY(std::find_if(names.begin(), names.end(), [](const std::string& n) {
            return n.rfind("layers.1.activation", 0) == 0;
        }) == names.end());
        QVERIFY(e->learnedNames(1).empty());
    }

    void setOnTheCommandLine()
    {
        const ExperimentSpec spec = parseExperiment(
            moonsWithRuns(R"({"name": "a", "quantizer": {"scheme": "symmetric", "bits": 4}})"),
            "/tmp", { "runs.0.quantizer.observer=percentile", "runs.0.quantizer.percentile=98" },
            "exp.json");
        QCOMPARE(int(spec.runs[0].quantizer->observer), int(RangeObserver::Percentile));
        QCOMPARE(spec.runs[0].quantizer->percentile, 98.0);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("runs");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown observer")
            << QByteArray(R"({"quantizer": {"scheme": "symmetric", "observer": "max"}})")
            << "runs.0.quantizer.observer must be one of minmax, moving_average, percentile, mse, "
               "got \"max\"";
        QTest::newRow("observer on fixed")
            << QByteArray(R"({"quantizer": {"scheme": "fixed", "observer": "mse"}})")
            << "runs.0.quantizer.observer \"mse\" applies only to the scale-based schemes";
        QTest::newRow("observer on float without amax")
            << QByteArray(R"({"quantizer": {"scheme": "float", "observer": "percentile"}})")
            << "runs.0.quantizer.observer \"percentile\" applies only to the scale-based schemes "
               "symmetric, affine and float with scaling amax (scheme is \"float\" with scaling "
               "none)";
        QTest::newRow("percentile out of range")
            << QByteArray(R"({"quantizer": {"scheme": "symmetric", "observer": "percentile",
                "percentile": 101}})")
            << "runs.0.quantizer.percentile must be a number in (50, 100], got 101";
        QTest::newRow("percentile without its observer")
            << QByteArray(R"({"quantizer": {"scheme": "symmetric", "percentile": 99}})")
            << "runs.0.quantizer.percentile is not used by observer \"minmax\"";
        QTest::newRow("averaging 0")
            << QByteArray(R"({"quantizer": {"scheme": "affine", "observer": "moving_average",
                "averaging": 0}})")
            << "runs.0.quantizer.averaging must be a number in (0, 1], got 0";
        QTest::newRow("calibration without ptq")
            << QByteArray(R"({"quantizer": {"scheme": "affine", "calibration_batches": 4}})")
            << "runs.0.quantizer.calibration_batches is not used by mode \"post_update\" (only by "
               "mode \"ptq\")";
        QTest::newRow("unknown tensor")
            << QByteArray(R"({"quantizer": {"scheme": "affine"},
                "per_tensor": {"layer.0.weight": {"bits": 4}}})")
            << "runs.0.per_tensor: \"layer.0.weight\" is not a tensor of model 'mlp' (its "
               "tensors: layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias; its "
               "activations: layers.0.activation)";
        // Hidden activations (one hidden layer here: layers.0.activation only).
        QTest::newRow("activation of the output layer")
            << QByteArray(R"({"quantizer": {"scheme": "affine"},
                "per_tensor": {"layers.1.activation": {"bits": 4}}})")
            << "runs.0.per_tensor: \"layers.1.activation\" is not a tensor of model 'mlp' (its "
               "tensors: layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias; its "
               "activations: layers.0.activation)";
        QTest::newRow("activation scheme")
            << QByteArray(R"({"quantizer": {"scheme": "affine"},
                "per_tensor": {"layers.0.activation": {"scheme": "symmetric", "bits": 4}}})")
            << "runs.0.per_tensor.layers.0.activation.scheme does not apply to a hidden "
               "activation: it takes only bits (0 = float64, else 1 to 16) and learn";
        QTest::newRow("activation bits 17")
            << QByteArray(R"({"quantizer": {"scheme": "affine"},
                "per_tensor": {"layers.0.activation": {"bits": 17}}})")
            << "runs.0.per_tensor.layers.0.activation.bits must be an integer in [0, 16], got 17";
        QTest::newRow("activation learn outside ste")
            << QByteArray(R"({"quantizer": {"scheme": "affine", "activation_bits": 4},
                "per_tensor": {"layers.0.activation": {"learn": "pact"}}})")
            << "runs.0.per_tensor.layers.0.activation.learn \"pact\" needs mode \"ste\"";
        QTest::newRow("activation learn with bits 0")
            << QByteArray(R"({"quantizer": {"scheme": "affine", "mode": "ste"},
                "per_tensor": {"layers.0.activation": {"learn": "lsq"}}})")
            << "runs.0.per_tensor.layers.0.activation.learn \"lsq\" needs bits > 0";
        QTest::newRow("activation learn unknown")
            << QByteArray(R"({"quantizer": {"scheme": "affine", "mode": "ste"},
                "per_tensor": {"layers.0.activation": {"bits": 3, "learn": "lsq+"}}})")
            << "runs.0.per_tensor.layers.0.activation.learn must be one of none, lsq, pact";
        QTest::newRow("per_tensor without quantizer")
            << QByteArray(R"({"per_tensor": {"layers.0.weight": {"bits": 4}}})")
            << "runs.0.per_tensor needs a quantizer";
        QTest::newRow("per_tensor bad bits")
            << QByteArray(R"({"quantizer": {"scheme": "affine"},
                "per_tensor": {"layers.0.weight": {"bits": 40}}})")
            << "runs.0.per_tensor.layers.0.weight.bits must be an integer in [1, 16], got 40";
        QTest::newRow("per_tensor mode")
            << QByteArray(R"({"quantizer": {"scheme": "affine"},
                "per_tensor": {"layers.0.weight": {"mode": "ste"}}})")
            << "runs.0.per_tensor.layers.0.weight.mode must be the run's (\"post_update\")";
        QTest::newRow("per_tensor not an object")
            << QByteArray(
                   R"({"quantizer": {"scheme": "affine"}, "per_tensor": {"layers.0.weight": 4}})")
            << "runs.0.per_tensor.layers.0.weight must be an object of quantizer settings";
        QTest::newRow("per_tensor unknown key")
            << QByteArray(R"({"quantizer": {"scheme": "affine"},
                "per_tensor": {"layers.0.weight": {"bitz": 4}}})")
            << "unknown key runs.0.per_tensor.layers.0.weight.bitz";
    }
    void errors()
    {
        QFETCH(QByteArray, runs);
        QFETCH(QString, message);
        const QString got = experimentProblems(moonsWithRuns(runs));
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    // Each tensor's own scheme, bits, observer and range in the weights JSON, read back.
    void weightsJsonPerTensor()
    {
        ExperimentSpec spec = parseExperiment(
            moonsWithRuns(R"({"name": "mixed", "quantizer": {"scheme": "symmetric", "bits": 8,
                "observer": "percentile", "percentile": 90},
                "per_tensor": {"layers.0.weight": {"scheme": "affine", "bits": 3, "observer": "mse"}}})"),
            "/tmp", {}, "exp.json");
        spec.training.epochs = 2;
        const auto e = makeExperiment(spec);
        RecordLog log;
        e->run(log, {}, 1); // trained: the biases are no longer all zero (a zero scale)
        const WeightSnapshot snap = e->snapshot(0);
        const QByteArray text = weightsToJson(snap, spec.runs[0], spec.model);
        const WeightsFile file = parseWeights(text, "w.json");
        QCOMPARE(file.tensors.size(), std::size_t(4));
        const QJsonDocument doc = QJsonDocument::fromJson(text);
        const QJsonArray tensors = doc.object().value("tensors").toArray();
        const QJsonObject q0 = tensors.at(0).toObject().value("quant").toObject();
        QCOMPARE(q0.value("scheme").toString(), QStringLiteral("affine"));
        QCOMPARE(q0.value("bits").toInt(), 3);
        QCOMPARE(q0.value("observer").toString(), QStringLiteral("mse"));
        QCOMPARE(q0.value("range_lo").toArray().at(0).toDouble(), snap.tensors[0].quant.rangeLo[0]);
        const QJsonObject q2 = tensors.at(2).toObject().value("quant").toObject();
        QCOMPARE(q2.value("scheme").toString(), QStringLiteral("symmetric"));
        QCOMPARE(q2.value("bits").toInt(), 8);
        QCOMPARE(q2.value("observer").toString(), QStringLiteral("percentile"));
        QCOMPARE(q2.value("range_hi").toArray().at(0).toDouble(), snap.tensors[2].quant.rangeHi[0]);
        // A range upside down is refused with its place.
        QByteArray bad = text;
        const QByteArray lo = "\"range_lo\": [";
        const qsizetype at = bad.indexOf(lo) + lo.size();
        bad.insert(at, "1e9");
        bad.remove(at + 3, bad.indexOf(']', at) - at - 3);
        QVERIFY2(errorOf([&] { parseWeights(bad, "w.json"); }).contains("range_lo.0 must be <="),
            qPrintable(errorOf([&] { parseWeights(bad, "w.json"); })));
    }
};

QTEST_APPLESS_MAIN(TestGridChoiceIo)
#include "tst_grid_choice_io.moc"
