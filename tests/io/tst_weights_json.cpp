// The weights file: bit-exact round trips, refusal of non-finite weights, malformed files,
// and the fit check that names both shapes.
#include "common/test_support.h"
#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/weights_json.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>

using namespace bitlab;
using namespace bitlab::io;

using bitlab::test::errorOf;

namespace {

bool sameBits(const Matrix& a, const Matrix& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), sizeof(Scalar) * size_t(a.size())) == 0;
}

// A quantized two-tensor snapshot with awkward doubles everywhere.
WeightSnapshot awkwardSnapshot(bool withLatent)
{
    WeightSnapshot s;
    s.run = 1;
    s.step = 123;
    TensorSnapshot w;
    w.name = "weight";
    w.shape = { 2, 3 };
    w.values.resize(2, 3);
    w.values << 0.1, 1e-300, std::numeric_limits<double>::denorm_min(), -0.0, 1.0 / 3.0,
        std::numeric_limits<double>::max();
    if (withLatent) {
        w.latent.resize(2, 3);
        w.latent << -0.1, 2.2250738585072014e-308, 4.9e-322, 0.0, -1e300, 123456789.125;
    }
    w.quantized = true;
    w.quant.scale = { 0.125, 3.0517578125e-05 };
    w.quant.zeroPoint = { 0, 0 };
    w.quant.codes.resize(2, 3);
    w.quant.codes << 1, 0, 0, -0.0, 3, 127;
    TensorSnapshot b;
    b.name = "bias";
    b.isBias = true;
    b.shape = { 2 };
    b.values.resize(1, 2);
    b.values << -2.5e-7, 7.0;
    s.tensors = { w, b };
    return s;
}

RunSpec quantRun()
{
    RunSpec run;
    run.name = "Q4.3 \"ste\"";
    run.quantizer = QuantizerSpec {};
    run.quantizer->scheme = "fixed";
    run.quantizer->bits = 8;
    run.quantizer->fracBits = 3;
    return run;
}

QByteArray weightsText(const QByteArray& tensors)
{
    return R"({"format": "bitlab.weights", "version": 1, "run": "r", "tensors": )" + tensors + "}";
}

} // namespace

class TestWeightsJson : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<bool>("latent");
        QTest::newRow("post_update (values only)") << false;
        QTest::newRow("ste/ptq (latent)") << true;
    }
    void roundTrip()
    {
        QFETCH(bool, latent);
        const WeightSnapshot snap = awkwardSnapshot(latent);
        ModelSpec model;
        model.kind = "mlp";
        model.hidden = { 3 };
        model.activation = Activation::Tanh;
        const QByteArray text = weightsToJson(snap, quantRun(), model);
        const WeightsFile file = parseWeights(text, "w.json");
        QCOMPARE(file.run, QString("Q4.3 \"ste\""));
        QVERIFY(file.model.has_value());
        QCOMPARE(file.model->kind, std::string("mlp"));
        QCOMPARE(file.model->hidden, std::vector<int> { 3 });
        QCOMPARE(file.model->activation, Activation::Tanh);
        QCOMPARE(file.tensors.size(), size_t(2));
        QCOMPARE(file.tensors[0].name, std::string("weight"));
        QCOMPARE(file.tensors[0].shape, (std::vector<Index> { 2, 3 }));
        QCOMPARE(file.tensors[1].shape, (std::vector<Index> { 2 }));
        // Bit for bit, -0.0 and denormals included.
        QVERIFY(sameBits(file.values[0].values, snap.tensors[0].values));
        QVERIFY(sameBits(file.values[1].values, snap.tensors[1].values));
        QVERIFY(sameBits(
            file.tensors[0].values, latent ? snap.tensors[0].latent : snap.tensors[0].values));
        QVERIFY(std::signbit(file.values[0].values(1, 0)));
        QVERIFY(text.contains(
            "\"quant\": {\"scheme\": \"fixed\", \"bits\": 8, \"scale\": [0.125, 3.0517578125e-05], "
            "\"zero_point\": [0, 0], \"codes\": [1, 0, 0, 0, 3, 127]}")); // codes are integers:
                                                                          // -0.0 is written 0
        QVERIFY(text.contains("\"values\": [0.1, 1e-300, 5e-324, -0.0, 0.3333333333333333, "
                              "1.7976931348623157e+308]"));
        QCOMPARE(text.contains("\"latent\""), latent);
        QVERIFY(!text.mid(text.indexOf("\"name\": \"bias\""))
                     .contains("\"quant\"")); // bias not quantized here
    }

    void nonFiniteRefused_data()
    {
        QTest::addColumn<bool>("inLatent");
        QTest::addColumn<double>("bad");
        QTest::newRow("NaN value") << false << std::nan("");
        QTest::newRow("inf value") << false << std::numeric_limits<double>::infinity();
        QTest::newRow("NaN latent") << true << std::nan("");
    }
    void nonFiniteRefused()
    {
        QFETCH(bool, inLatent);
        QFETCH(double, bad);
        WeightSnapshot snap = awkwardSnapshot(true);
        (inLatent ? snap.tensors[0].latent : snap.tensors[0].values)(1, 1) = bad;
        const QString message = errorOf([&] { weightsToJson(snap, quantRun(), ModelSpec {}); });
        QVERIFY2(message.contains("cannot export the weights of run 'Q4.3 \"ste\"'"),
            qPrintable(message));
        QVERIFY2(message.contains("tensor 'weight' element 4 is"), qPrintable(message));
        QTemporaryDir dir;
        const QString path = dir.filePath("w.json");
        writeFileAtomically(path, "old");
        QVERIFY(!errorOf([&] { writeWeights(path, snap, quantRun(), ModelSpec {}); }).isEmpty());
        QCOMPARE(readFileLimited(path, 10, "file"), QByteArray("old"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray one = R"([{"name": "weight", "shape": [1, 2], "values": [1, 2]}])";
        QTest::newRow("empty") << QByteArray() << "w.json:1:1: the file is empty";
        QTest::newRow("truncated") << weightsText(one).left(70) << "w.json:1:";
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\x03", 4) << "binary data";
        QTest::newRow("utf16") << QByteArray("\xfe\xff\x00{", 4) << "UTF-16";
        QTest::newRow("invalid utf8") << weightsText(R"([{"name": "w)"
                                                     "\xc3\x28"
                                                     R"(", "shape": [1], "values": [1]}])")
                                      << "invalid UTF-8";
        QTest::newRow("deep") << weightsText(QByteArray(80, '[') + QByteArray(80, ']'))
                              << "nested more than 64";
        QTest::newRow("huge number")
            << weightsText(R"([{"name": "w", "shape": [1], "values": [2e308]}])")
            << "the number 2e308 is out of range";
        QTest::newRow("experiment file")
            << QByteArray(R"({"format": "bitlab.experiment", "version": 1})")
            << "this is an experiment file";
        QTest::newRow("no format") << QByteArray(R"({"version": 1, "tensors": []})")
                                   << "format must be \"bitlab.weights\"";
        QTest::newRow("no version")
            << QByteArray(R"({"format": "bitlab.weights", "tensors": []})") << "version is missing";
        QTest::newRow("newer version")
            << QByteArray(R"({"format": "bitlab.weights", "version": 3})")
            << "version 3 is newer than this BitLab understands";
        QTest::newRow("unknown key")
            << weightsText(R"([{"name": "w", "shape": [1], "value": [1]}])")
            << "unknown key tensors.0.value";
        QTest::newRow("count") << weightsText(
            R"([{"name": "w", "shape": [2, 3], "values": [1, 2, 3, 4, 5]}])")
                               << "tensors.0.values has 5 numbers but the shape [2, 3] needs 6";
        QTest::newRow("latent count")
            << weightsText(R"([{"name": "w", "shape": [2], "values": [1, 2], "latent": [1]}])")
            << "tensors.0.latent has 1 numbers but the shape [2] needs 2";
        QTest::newRow("text value")
            << weightsText(R"([{"name": "w", "shape": [2], "values": [1, "2"]}])")
            << "tensors.0.values.1 must be a number, got a string";
        QTest::newRow("bad shape")
            << weightsText(R"([{"name": "w", "shape": [2, 0], "values": []}])")
            << "tensors.0.shape.1 must be an integer in [1, 20000000]";
        QTest::newRow("3-d shape")
            << weightsText(R"([{"name": "w", "shape": [1, 1, 1], "values": [1]}])")
            << "tensors.0.shape must have 1 or 2 dimensions, got 3";
        QTest::newRow("huge shape")
            << weightsText(R"([{"name": "w", "shape": [100000, 100000], "values": []}])")
            << "more than 20000000 elements, the most a model may have";
        // The values limit (5 per parameter of the largest model) is checked with a small
        // limit in io_tst_weights_limits; 4 million numbers are now a mere count mismatch.
        QTest::newRow("many numbers")
            << weightsText("[{\"name\": \"w\", \"shape\": [1], \"values\": ["
                   + QByteArray("0,").repeated(4'000'000) + "0]}]")
            << "tensors.0.values has 4000001 numbers but the shape [1] needs 1";
        QTest::newRow("duplicate tensor")
            << weightsText(R"([{"name": "w", "shape": [1], "values": [1]},
                                                            {"name": "w", "shape": [1], "values": [2]}])")
            << "tensors.1.name \"w\" appears twice";
        QTest::newRow("no tensors") << weightsText("[]") << "tensors is empty";
        QTest::newRow("tensors wrong type") << weightsText("{}") << "tensors must be an array";
        QTest::newRow("codes count")
            << weightsText(R"([{"name": "w", "shape": [2], "values": [1, 2],
                "quant": {"scheme": "fixed", "bits": 8, "scale": [1], "zero_point": [0], "codes": [1]}}])")
            << "tensors.0.quant.codes has 1 numbers";
    }
    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString message = errorOf([&] { parseWeights(json, "w.json"); });
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.startsWith("w.json"), qPrintable(message));
    }

    void duplicateKeysLastWins()
    {
        const WeightsFile f = parseWeights(
            weightsText(R"([{"name": "w", "shape": [1], "values": [1], "values": [2]}])"));
        QCOMPARE(f.tensors[0].values(0, 0), 2.0);
    }

    void fit_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<std::vector<Index>>("shape");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fits") << "weight" << std::vector<Index> { 1, 2 } << QString();
        QTest::newRow("wrong shape")
            << "weight" << std::vector<Index> { 1, 3 }
            << "w.json: tensor 'weight' has shape [1, 3] but the model's is [1, 2] "
               "(the model has weight [1, 2], bias [1])";
        QTest::newRow("unknown tensor")
            << "layers.0.weight" << std::vector<Index> { 1, 2 }
            << "w.json: tensor 'layers.0.weight' [1, 2] is not a tensor of the model";
    }
    void fit()
    {
        QFETCH(QString, name);
        QFETCH(std::vector<Index>, shape);
        QFETCH(QString, expected);
        const std::vector<TensorInfo> model { { "weight", false, { 1, 2 } },
            { "bias", true, { 1 } } };
        NamedTensor w { name.toStdString(), shape, Matrix::Zero(shape[0], shape[1]) };
        NamedTensor b { "bias", { 1 }, Matrix::Zero(1, 1) };
        const QString message = errorOf([&] { checkWeightsFit({ w, b }, model, "w.json"); });
        QCOMPARE(message.left(expected.size()), expected);
        const QString missing = errorOf([&] { checkWeightsFit({ b }, model, "w.json"); });
        QVERIFY2(missing.contains("the model's tensor 'weight' [1, 2] is missing from the file"),
            qPrintable(missing));
    }

    void readFromDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QString::fromUtf8("poids \xc3\xa9.json"));
        writeWeights(path, awkwardSnapshot(false), quantRun(), ModelSpec {});
        QVERIFY(sameBits(
            readWeights(path).tensors[0].values, awkwardSnapshot(false).tensors[0].values));
        const QString message = errorOf([&] { readWeights(dir.filePath("none.json")); });
        QVERIFY2(message.contains("cannot read the weights file"), qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestWeightsJson)
#include "tst_weights_json.moc"
