// The float, mx and nvfp4 schemes in the files (DESIGN §6, docs/formats.md): the experiment
// JSON reads, writes back and refuses with located messages; weights JSON and CSV carry the
// bit-pattern codes, the block size and the per-block scales and read back; codes are
// integers (never -0); the C header decodes the bit patterns to the run's values bit for bit.

#include "common/test_support.h"
#include "core/common/error.h"
#include "core/io/experiment_json.h"
#include "core/io/exports.h"
#include "core/io/json_text.h"
#include "core/io/weights_json.h"
#include "core/quant/quantizer.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::io;
using bitlab::test::errorOf;

namespace {

QByteArray withRuns(const QByteArray& runs)
{
    return R"({"format": "bitlab.experiment", "version": 1,
 "dataset": {"source": "builtin:moons"}, "model": {"kind": "mlp", "hidden": [8]},
 "runs": [)"
        + runs + "]}";
}

QString problemsOf(const QByteArray& json)
{
    return errorOf([&] { parseExperiment(json, "/tmp", {}, "exp.json"); });
}

TensorSnapshot quantizedTensor(
    const std::string& name, const Matrix& w, const QuantizerSpec& spec, bool isBias)
{
    TensorSnapshot t;
    t.name = name;
    t.isBias = isBias;
    t.shape = isBias ? std::vector<Index> { w.cols() } : std::vector<Index> { w.rows(), w.cols() };
    Rng rng(1);
    createQuantizer(spec)->quantize(w, t.values, t.quant, rng);
    t.quantized = true;
    return t;
}

QuantizerSpec schemeSpec(const char* scheme)
{
    QuantizerSpec q = findQuantizer(scheme)->defaults;
    q.scheme = scheme;
    return q;
}

Matrix sample()
{
    Matrix w(3, 5);
    w << -1.0, 0.3, 0.25, 2.0, -0.001, 0.01, -0.7, 0.9, 1.1, 300, 5.5, -3.25, 0.0, 0.125, -1e-9;
    return w;
}

} // namespace

class TestLowPrecisionIo : public QObject {
    Q_OBJECT
private slots:
    void readsAndWrites()
    {
        const QByteArray json = withRuns(R"(
    {"name": "bf16", "quantizer": {"scheme": "float", "format": "bf16", "rounding": "stochastic"}},
    {"name": "e3m4", "quantizer": {"scheme": "float", "format": "custom", "exp_bits": 3,
      "man_bits": 4, "overflow": "format", "scaling": "amax", "granularity": "per_channel",
      "mode": "ste"}},
    {"name": "mxfp4", "quantizer": {"scheme": "mx", "element": "e2m1", "block": 16}},
    {"name": "nvfp4", "quantizer": {"scheme": "nvfp4", "mode": "ptq"}})");
        const ExperimentSpec spec = parseExperiment(json, "/tmp");
        QCOMPARE(spec.runs.size(), std::size_t(4));
        const QuantizerSpec& bf16 = *spec.runs[0].quantizer;
        QCOMPARE(bf16.format, std::string("bf16"));
        QCOMPARE(bf16.rounding, Rounding::Stochastic);
        QCOMPARE(bf16.overflow, FloatOverflow::Saturate); // the defaults
        QCOMPARE(bf16.scaling, FloatScaling::None);
        const QuantizerSpec& custom = *spec.runs[1].quantizer;
        QCOMPARE(custom.format, std::string("custom"));
        QCOMPARE(custom.expBits, 3);
        QCOMPARE(custom.manBits, 4);
        QCOMPARE(custom.overflow, FloatOverflow::Format);
        QCOMPARE(custom.scaling, FloatScaling::Amax);
        QCOMPARE(spec.runs[2].quantizer->element, std::string("e2m1"));
        QCOMPARE(spec.runs[2].quantizer->block, 16);
        QCOMPARE(spec.runs[3].quantizer->block, 16); // nvfp4's default
        // Written and read back: the same specs; keys only where the scheme reads them.
        const QByteArray text = experimentToBytes(spec);
        const ExperimentSpec again = parseExperiment(text, "/tmp");
        for (std::size_t i = 0; i < spec.runs.size(); ++i) {
            const QuantizerSpec &a = *spec.runs[i].quantizer, &b = *again.runs[i].quantizer;
            QCOMPARE(b.scheme, a.scheme);
            QCOMPARE(b.format, a.format);
            QCOMPARE(b.expBits, a.expBits);
            QCOMPARE(b.manBits, a.manBits);
            QCOMPARE(b.overflow, a.overflow);
            QCOMPARE(b.scaling, a.scaling);
            QCOMPARE(b.element, a.element);
            QCOMPARE(b.block, a.block);
            QCOMPARE(b.rounding, a.rounding);
            QCOMPARE(b.mode, a.mode);
        }
        const QJsonDocument doc = QJsonDocument::fromJson(text);
        const QJsonArray runs = doc.object().value("runs").toArray();
        const QJsonObject q0 = runs[0].toObject().value("quantizer").toObject();
        QVERIFY(!q0.contains("bits") && !q0.contains("block") && !q0.contains("exp_bits")
            && !q0.contains("element"));
        QCOMPARE(q0.value("format").toString(), QString("bf16"));
        const QJsonObject q2 = runs[2].toObject().value("quantizer").toObject();
        QVERIFY(!q2.contains("format") && q2.value("block").toInt() == 16);
        // An integer scheme's written quantizer is unchanged (no new keys).
        const ExperimentSpec fixed = parseExperiment(
            withRuns(R"({"name": "q", "quantizer": {"scheme": "fixed", "bits": 8}})"), "/tmp");
        const QJsonObject qf = QJsonDocument::fromJson(experimentToBytes(fixed))
                                   .object()
                                   .value("runs")
                                   .toArray()[0]
                                   .toObject()
                                   .value("quantizer")
                                   .toObject();
        for (const char* key : { "format", "element", "block", "exp_bits", "man_bits", "overflow" })
            QVERIFY2(!qf.contains(key), key);
    }

    void gradientQuantizer()
    {
        const QByteArray json = withRuns(R"(
    {"name": "g", "gradient_quantizer": {"scheme": "float", "format": "bf16",
      "rounding": "stochastic"}})");
        const ExperimentSpec spec = parseExperiment(json, "/tmp");
        QVERIFY(!spec.runs[0].quantizer);
        QCOMPARE(spec.runs[0].gradientQuantizer->format, std::string("bf16"));
        QCOMPARE(spec.runs[0].gradientQuantizer->rounding, Rounding::Stochastic);
        const QByteArray text = experimentToBytes(spec);
        const ExperimentSpec again = parseExperiment(text, "/tmp");
        QCOMPARE(again.runs[0].gradientQuantizer->format, std::string("bf16"));
        const QJsonObject g = QJsonDocument::fromJson(text)
                                  .object()
                                  .value("runs")
                                  .toArray()[0]
                                  .toObject()
                                  .value("gradient_quantizer")
                                  .toObject();
        QVERIFY(!g.contains("mode") && g.contains("format"));
        const QString problem = problemsOf(
            withRuns(R"({"name": "g", "gradient_quantizer": {"scheme": "fixed", "mode": "ste"}})"));
        QVERIFY2(problem.contains("runs.0.gradient_quantizer.mode does not apply to a gradient "
                                  "quantizer"),
            qPrintable(problem));
        QVERIFY(problemsOf(withRuns(R"({"name": "g", "gradient_quantizer": {"scheme": "float",
            "format": "e9m9"}})"))
                    .contains("runs.0.gradient_quantizer.format must be one of"));
    }

    void stateQuantizer()
    {
        QByteArray json = withRuns(R"(
    {"name": "s", "state_quantizer": {"scheme": "float", "format": "e4m3",
      "scaling": "amax"}})");
        // Adam keeps m and v; the default gd without momentum keeps no state (refused).
        QVERIFY(problemsOf(json).contains(
            "runs.0.state_quantizer: optimizer gd with momentum 0 keeps no state to round"));
        json.replace(R"("model")", R"("optimizer": {"kind": "adam"}, "model")");
        const ExperimentSpec spec = parseExperiment(json, "/tmp");
        QVERIFY(!spec.runs[0].quantizer && !spec.runs[0].gradientQuantizer);
        QCOMPARE(spec.runs[0].stateQuantizer->format, std::string("e4m3"));
        const QByteArray text = experimentToBytes(spec);
        const ExperimentSpec again = parseExperiment(text, "/tmp");
        QCOMPARE(again.runs[0].stateQuantizer->format, std::string("e4m3"));
        QCOMPARE(again.runs[0].stateQuantizer->scaling, spec.runs[0].stateQuantizer->scaling);
        const QJsonObject s = QJsonDocument::fromJson(text)
                                  .object()
                                  .value("runs")
                                  .toArray()[0]
                                  .toObject()
                                  .value("state_quantizer")
                                  .toObject();
        QVERIFY(!s.contains("mode") && s.value("format") == "e4m3");
        const QString problem = problemsOf(
            withRuns(R"({"name": "s", "state_quantizer": {"scheme": "fixed", "ste_clip": true}})"));
        QVERIFY2(problem.contains("runs.0.state_quantizer.ste_clip does not apply to a state "
                                  "quantizer"),
            qPrintable(problem));
        QVERIFY(problemsOf(withRuns(R"({"name": "s", "state_quantizer": {"scheme": "fixd"}})"))
                    .contains("runs.0.state_quantizer.scheme"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("runs");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown format")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "float", "format": "fp8"}})")
            << "runs.0.quantizer.format must be one of fp16, bf16, e5m2, e4m3, e3m2, e2m3, e2m1, "
               "custom, got \"fp8\"";
        QTest::newRow("format on mx")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "mx", "format": "e4m3"}})")
            << "runs.0.quantizer.format applies only to scheme \"float\" (scheme is \"mx\")";
        QTest::newRow("element on float")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "float", "element": "int8"}})")
            << "runs.0.quantizer.element applies only to scheme \"mx\" (scheme is \"float\")";
        QTest::newRow("bad element")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "mx", "element": "fp4"}})")
            << "runs.0.quantizer.element must be one of e4m3, e5m2, e3m2, e2m3, e2m1, int8, got "
               "\"fp4\"";
        QTest::newRow("custom exp_bits")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "float", "format": "custom",
                "exp_bits": 9}})")
            << "runs.0.quantizer.exp_bits must be an integer in [2, 8], got 9";
        QTest::newRow("exp_bits without custom")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "float", "exp_bits": 5}})")
            << "runs.0.quantizer.exp_bits";
        QTest::newRow("bits on float")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "float", "bits": 16}})")
            << "runs.0.quantizer.bits";
        QTest::newRow("block 0")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "nvfp4", "block": 0}})")
            << "runs.0.quantizer.block must be an integer in [1, 1048576], got 0";
        QTest::newRow("block on float")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "float", "block": 8}})")
            << "runs.0.quantizer.block";
        QTest::newRow("overflow word")
            << QByteArray(R"({"name": "a", "quantizer": {"scheme": "float", "overflow": "nan"}})")
            << "runs.0.quantizer.overflow must be one of saturate, format, got \"nan\"";
    }
    void errors()
    {
        QFETCH(QByteArray, runs);
        QFETCH(QString, message);
        const QString got = problemsOf(withRuns(runs));
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    // Weights JSON: the bit patterns, the format or element, the block and its scales; the
    // file reads back, and a code beyond the format's patterns is refused with its place.
    void weightsJson()
    {
        for (const char* scheme : { "float", "mx", "nvfp4" }) {
            QuantizerSpec spec = schemeSpec(scheme);
            spec.format = "fp16";
            spec.block = 2;
            RunSpec run;
            run.name = scheme;
            run.quantizer = spec;
            WeightSnapshot snap;
            snap.tensors.push_back(quantizedTensor("weight", sample(), spec, false));
            Matrix b(1, 3);
            b << 0.5, -0.25, 1.5;
            snap.tensors.push_back(quantizedTensor("bias", b, spec, true));
            const QByteArray text = weightsToJson(snap, run, ModelSpec {});
            const WeightsFile file = parseWeights(text, "w.json");
            QCOMPARE(file.tensors.size(), std::size_t(2));
            const QJsonObject quant = QJsonDocument::fromJson(text)
                                          .object()
                                          .value("tensors")
                                          .toArray()[0]
                                          .toObject()
                                          .value("quant")
                                          .toObject();
            if (QByteArray(scheme) == "float") {
                QCOMPARE(quant.value("bits").toInt(), 16);
                QCOMPARE(quant.value("format").toString(), QString("fp16"));
                QVERIFY(!quant.contains("block_scale"));
                // -1.0 in fp16 is 0xBC00; 300 is 0x5CB0.
                QCOMPARE(quant.value("codes").toArray()[0].toInt(), 0xBC00);
                QCOMPARE(quant.value("codes").toArray()[9].toInt(), 0x5CB0);
            } else {
                QCOMPARE(quant.value("block").toInt(), 2);
                QCOMPARE(quant.value("block_scale").toArray().size(), 3 * 3); // 3 rows x 3 blocks
            }
            // A code past the patterns, a missing block scale, a wrong count: refused.
            QByteArray bad = text;
            const qsizetype at = bad.indexOf("\"codes\": [") + 10;
            bad.replace(at, bad.indexOf(',', at) - at, "70000");
            const QString badCode = errorOf([&] { parseWeights(bad, "w.json"); });
            QVERIFY2(badCode.contains("tensors.0.quant.codes.0 must be an integer in [0, "),
                qPrintable(badCode));
            if (QByteArray(scheme) != "float") {
                QByteArray noScales = text;
                noScales.replace("\"block_scale\"", "\"block_scales\"");
                QVERIFY(
                    errorOf([&] { parseWeights(noScales, "w.json"); }).contains("tensors.0.quant"));
                QByteArray shortScales = text;
                const qsizetype s = shortScales.indexOf("\"block_scale\": [") + 16;
                shortScales.remove(s, shortScales.indexOf(',', s) - s + 1);
                QVERIFY2(errorOf([&] {
                    parseWeights(shortScales, "w.json");
                }).contains("tensors.0.quant.block_scale has 8 numbers"),
                    qPrintable(errorOf([&] { parseWeights(shortScales, "w.json"); })));
            }
        }
    }

    // Codes are integers: a small negative weight that rounds to code 0 is written 0, not
    // -0.0, in the weights JSON and CSV (it was -0.0 before).
    void noNegativeZeroCodes()
    {
        QuantizerSpec spec = schemeSpec("fixed");
        spec.bits = 8;
        spec.fracBits = 2;
        Matrix w(1, 2);
        w << -0.01, 1.0;
        RunSpec run;
        run.name = "q";
        run.quantizer = spec;
        WeightSnapshot snap;
        snap.tensors.push_back(quantizedTensor("weight", w, spec, false));
        QVERIFY(std::signbit(snap.tensors[0].quant.codes(0, 0))); // the quantizer's -0
        const QByteArray json = weightsToJson(snap, run, ModelSpec {});
        QVERIFY2(json.contains("\"codes\": [0, 4]"), json.constData());
        const QList<QByteArray> lines = weightsCsv(snap).split('\n');
        QVERIFY2(lines[1].startsWith("weight,0,0,0,-0.0,,0,0.25,0,"), lines[1].constData());
    }

    void csvBlockScale()
    {
        QuantizerSpec spec = schemeSpec("mx");
        spec.element = "e2m1";
        spec.block = 2;
        WeightSnapshot snap;
        snap.tensors.push_back(quantizedTensor("weight", sample(), spec, false));
        const QList<QByteArray> lines = weightsCsv(snap).split('\n');
        QCOMPARE(lines[0],
            QByteArray("tensor,index,row,col,value,latent,code,scale,zero_point,block_scale"));
        const TensorSnapshot& t = snap.tensors[0];
        for (Index i = 0; i < 15; ++i) {
            const QList<QByteArray> cells = lines[int(i) + 1].split(',');
            QCOMPARE(cells.size(), 10);
            QCOMPARE(cells[9].toDouble(), t.quant.blockScale(i / 5, (i % 5) / 2));
        }
        // 300 alone in its block: X = 2^(floor(log2 300) - emax(e2m1)) = 2^(8 - 2).
        QCOMPARE(lines[10].split(',')[9].toDouble(), 64.0);
    }

    // torch_float32 (PyTorch's float32 fake-quant arithmetic) reads back, is written only
    // when on, and is refused with its path where the scheme has no such arithmetic.
    void torchFloat32Key()
    {
        const QByteArray json = withRuns(R"({"name": "t", "quantizer": {"scheme": "affine",
            "bits": 4, "mode": "ste", "torch_float32": true}},
            {"name": "f", "quantizer": {"scheme": "symmetric", "bits": 4}})");
        const ExperimentSpec spec = parseExperiment(json, "/tmp", {}, "exp.json");
        QVERIFY(spec.runs.at(0).quantizer->torchFloat32);
        QVERIFY(!spec.runs.at(1).quantizer->torchFloat32);
        const QByteArray text = experimentToBytes(spec);
        QCOMPARE(text.count("\"torch_float32\": true"), 1);
        QCOMPARE(text.count("torch_float32"), 1);
        QVERIFY(parseExperiment(text, "/tmp", {}, "back.json").runs.at(0).quantizer->torchFloat32);

        const QString problem = problemsOf(
            withRuns(R"({"name": "x", "quantizer": {"scheme": "fixed", "torch_float32": true}})"));
        QVERIFY2(problem.contains("runs.0.quantizer.torch_float32"), qPrintable(problem));

        // The weights file says so, and reads back.
        QuantizerSpec q = schemeSpec("affine");
        q.bits = 4;
        q.torchFloat32 = true;
        RunSpec run;
        run.name = "t";
        run.quantizer = q;
        WeightSnapshot snap;
        snap.tensors.push_back(quantizedTensor("weight", sample(), q, false));
        const QByteArray weights = weightsToJson(snap, run, ModelSpec {});
        QCOMPARE(weights.count("\"torch_float32\": true"), 1);
        parseWeights(weights, "w.json"); // throws if refused
        QByteArray wrong = weights;
        wrong.replace("\"torch_float32\": true", "\"torch_float32\": 1");
        QVERIFY(errorOf([&] { parseWeights(wrong, "w.json"); }).contains("torch_float32"));
    }

    // The C header's dequantize function turns every bit pattern into the run's value.
    void cHeader_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("scaling");
        QTest::newRow("fp16") << "float"
                              << "fp16"
                              << "none";
        QTest::newRow("bf16") << "float"
                              << "bf16"
                              << "none";
        QTest::newRow("e4m3 amax") << "float"
                                   << "e4m3"
                                   << "amax";
        QTest::newRow("e2m1") << "float"
                              << "e2m1"
                              << "none";
        QTest::newRow("custom e3m4") << "float"
                                     << "custom"
                                     << "amax";
        QTest::newRow("mxfp8") << "mx"
                               << "e4m3"
                               << "";
        QTest::newRow("mxfp6") << "mx"
                               << "e3m2"
                               << "";
        QTest::newRow("mxint8") << "mx"
                                << "int8"
                                << "";
        QTest::newRow("nvfp4") << "nvfp4"
                               << ""
                               << "";
        // PyTorch's float32 arithmetic: the header rounds each value to float32 as well.
        QTest::newRow("symmetric torch_float32") << "symmetric"
                                                 << ""
                                                 << "float32";
        QTest::newRow("affine torch_float32") << "affine"
                                              << ""
                                              << "float32";
    }
    void cHeader()
    {
        QFETCH(QString, scheme);
        QFETCH(QString, format);
        QFETCH(QString, scaling);
        QuantizerSpec spec = schemeSpec(scheme.toLatin1().constData());
        spec.format = format.toStdString();
        spec.element = format.toStdString();
        spec.expBits = 3;
        spec.manBits = 4;
        spec.block = 2;
        spec.scaling = scaling == "amax" ? FloatScaling::Amax : FloatScaling::None;
        spec.torchFloat32 = scaling == "float32";
        spec.bits = spec.torchFloat32 ? 4 : spec.bits;
        spec.granularity = Granularity::PerChannel;
        RunSpec run;
        run.name = "lp";
        run.quantizer = spec;
        WeightSnapshot snap;
        snap.tensors.push_back(quantizedTensor("weight", sample(), spec, false));
        const QByteArray header = io::cHeader(snap, run, ModelSpec {});
        const QString cc = QStandardPaths::findExecutable("cc");
        if (cc.isEmpty())
            QSKIP("no C compiler (cc) on this machine");
        QTemporaryDir dir;
        QFile h(dir.filePath("weights.h"));
        QVERIFY(h.open(QIODevice::WriteOnly));
        h.write(header);
        h.close();
        const bool blocks = scheme == "mx" || scheme == "nvfp4";
        const QString expr = blocks
            ? "bitlab_lp_dequantize(bitlab_lp_weight_codes[i], bitlab_lp_weight_block_scale[(i / "
              "5) * BITLAB_LP_WEIGHT_BLOCKS + (i % 5) / BITLAB_LP_WEIGHT_BLOCK], 0) * "
              "bitlab_lp_weight_scale[0]"
            : scheme == "affine"
            ? "bitlab_lp_dequantize(bitlab_lp_weight_codes[i], bitlab_lp_weight_scale[i / 5], "
              "bitlab_lp_weight_zero_point[i / 5])"
            : "bitlab_lp_dequantize(bitlab_lp_weight_codes[i], bitlab_lp_weight_scale[i / 5], 0)";
        QFile c(dir.filePath("main.c"));
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(QString(R"(#include "weights.h"
#include <stdio.h>
int main(void) {
    for (int i = 0; i < 15; ++i)
        printf("%.17g\n", %1);
    return 0;
}
)")
                    .arg(expr)
                    .toUtf8());
        c.close();
        QProcess compile;
        compile.setWorkingDirectory(dir.path());
        compile.start(cc,
            { "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o", "dq", "main.c",
                "-lm" });
        QVERIFY(compile.waitForFinished(60000));
        QVERIFY2(
            compile.exitCode() == 0, (compile.readAllStandardError() + "\n" + header).constData());
        QProcess dq;
        dq.start(dir.filePath("dq"));
        QVERIFY(dq.waitForFinished(60000));
        const QList<QByteArray> printed = dq.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(printed.size(), 15);
        for (int i = 0; i < 15; ++i) {
            const double want = snap.tensors[0].values.data()[i];
            QVERIFY2(printed[i].toDouble() == want,
                qPrintable(QString("element %1: C %2, BitLab %3")
                               .arg(i)
                               .arg(printed[i].constData())
                               .arg(formatDouble(want).c_str())));
        }
    }
};

QTEST_GUILESS_MAIN(TestLowPrecisionIo)
#include "tst_low_precision_io.moc"
