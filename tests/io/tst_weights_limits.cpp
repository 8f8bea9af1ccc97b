// What BitLab writes, BitLab reads back: the weights file of the largest model
// class the lab allows loads back (an MLP with hidden [2048, 2048] writes about 93 MB, once
// refused by a 64 MiB limit), a model beyond the parameter limit is refused before it is
// built, and the quant block of a weights file is validated with located messages.

#include "common/test_support.h"
#include "core/common/error.h"
#include "core/engine/footprint.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"
#include "core/io/weights_json.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>

using namespace bitlab;
using namespace bitlab::io;

using bitlab::test::errorOf;

namespace {

ExperimentSpec mlpSpec(const QString& hidden)
{
    return parseExperiment(QStringLiteral(R"({"format": "bitlab.experiment", "version": 1,
        "dataset": {"source": "builtin:seed-linear"},
        "model": {"kind": "mlp", "hidden": %1}, "training": {"epochs": 1},
        "runs": [{"name": "fp64"}]})")
                               .arg(hidden)
                               .toUtf8(),
        QDir::currentPath());
}

QByteArray quantText(const QByteArray& shape, const QByteArray& values, const QByteArray& quant)
{
    return R"({"format": "bitlab.weights", "version": 1, "tensors": [{"name": "weight", "shape": )"
        + shape + R"(, "values": )" + values + R"(, "quant": )" + quant + "}]}";
}

} // namespace

class TestWeightsLimits : public QObject {
    Q_OBJECT

private slots:
    // An MLP [2048, 2048] on one feature: 4.2 million parameters, about 93 MB of JSON, which
    // reads back (as init) bit for bit.
    void largeModelReadsBack()
    {
        const std::unique_ptr<Experiment> experiment = makeExperiment(mlpSpec("[2048, 2048]"));
        QCOMPARE(
            experiment->parameterCount(), Index(1 * 2048 + 2048 + 2048 * 2048 + 2048 + 2048 + 1));
        const WeightSnapshot snapshot = experiment->snapshot(0);
        QTemporaryDir tmp;
        const QString path = tmp.filePath("fp64.json");
        writeWeights(path, snapshot, experiment->spec().runs[0], experiment->spec().model);
        QVERIFY2(QFileInfo(path).size() > 64 * 1024 * 1024,
            qPrintable(QString::number(QFileInfo(path).size())));
        WeightsFile file;
        const QString message = errorOf([&] { file = readWeights(path); });
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QCOMPARE(file.tensors.size(), snapshot.tensors.size());
        for (std::size_t t = 0; t < snapshot.tensors.size(); ++t) {
            const Matrix& a = snapshot.tensors[t].values;
            const Matrix& b = file.tensors[t].values;
            QCOMPARE(b.size(), a.size());
            QVERIFY(std::memcmp(a.data(), b.data(), sizeof(Scalar) * std::size_t(a.size())) == 0);
        }
        // And as an experiment's init.
        ExperimentSpec again = mlpSpec("[2048, 2048]");
        again.init.kind = "file";
        again.init.path = path.toStdString();
        const QString initMessage = errorOf([&] { makeExperiment(again); });
        QVERIFY2(initMessage.isEmpty(), qPrintable(initMessage));
    }

    // A model whose weights file would pass the limits is refused before it is built, with
    // the count, the limit and the key.
    void modelBeyondTheLimitRefused()
    {
        const QString message
            = errorOf([&] { makeExperiment(mlpSpec("[4096, 4096, 4096, 4096]")); });
        QVERIFY2(message.startsWith("model: mlp with hidden [4096, 4096, 4096, 4096] on 1 features "
                                    "and 1 outputs has 50356225 parameters, more than the limit of "
                                    "20000000"),
            qPrintable(message));
        QCOMPARE(parameterCount(mlpSpec("[4096, 4096]").model, 1, 1),
            std::int64_t(4096 + 4096 + 4096 * 4096 + 4096 + 4096 + 1));
        // The limits of the file follow from the model's: 5 numbers per parameter at most,
        // each at most 24 characters and ", ".
        QVERIFY(kMaxWeightsValues >= 5 * kMaxModelParameters);
        QVERIFY(kMaxWeightsBytes >= 26 * kMaxWeightsValues);
    }

    // Numbers in packed arrays count towards the values limit like any JSON value, and a
    // packed array turns back into nodes when a non-number follows.
    void packedArraysKeepTheLimits()
    {
        const QString message
            = errorOf([] { parseJson("[[1, 2], [3, 4, 5]]", "x.json", kMaxJsonDepth, 6, true); });
        QVERIFY2(message.contains("x.json:1:14: the file holds more than 6 JSON values"),
            qPrintable(message));
        const JsonNode mixed
            = parseJson("[1, 2.5, \"a\", -0.0]", "x.json", kMaxJsonDepth, 10, true);
        QCOMPARE(mixed.numbers.size(), std::size_t(0));
        QCOMPARE(mixed.array.size(), std::size_t(4));
        QVERIFY(mixed.array[0].isInteger && mixed.array[0].integer == 1);
        QCOMPARE(mixed.array[1].number, 2.5);
        QVERIFY(std::signbit(mixed.array[3].number) && !mixed.array[3].isInteger);
        const JsonNode packed = parseJson("[1, 2.5, -0.0]", "x.json", kMaxJsonDepth, 10, true);
        QCOMPARE(packed.numbers, (std::vector<double> { 1, 2.5, -0.0 }));
        QCOMPARE(toQJson(packed).toArray().size(), 3);
    }

    void quantValidated_data()
    {
        QTest::addColumn<QByteArray>("shape");
        QTest::addColumn<QByteArray>("quant");
        QTest::addColumn<QString>("fragment"); // empty: valid
        const QByteArray r1 = "[1, 2]", r2 = "[2, 1]";
        QTest::newRow("valid fixed")
            << r1
            << QByteArray(
                   R"({"scheme": "fixed", "bits": 8, "scale": [0.125], "zero_point": [0], "codes": [12, -128]})")
            << QString();
        QTest::newRow("valid affine per channel")
            << r2
            << QByteArray(
                   R"({"scheme": "affine", "bits": 4, "scale": [0.5, 0.25], "zero_point": [3, 15], "codes": [0, 15]})")
            << QString();
        QTest::newRow("code out of range")
            << r1
            << QByteArray(
                   R"({"scheme": "fixed", "bits": 8, "scale": [0.125], "zero_point": [0], "codes": [100000, 1]})")
            << "w.json: tensors.0.quant.codes.0 must be an integer in [-128, 127] (fixed at 8 "
               "bits), got 100000";
        QTest::newRow("code not an integer")
            << r1
            << QByteArray(
                   R"({"scheme": "symmetric", "bits": 4, "scale": [0.1], "zero_point": [0], "codes": [1, 2.5]})")
            << "tensors.0.quant.codes.1 must be an integer in [-8, 7] (symmetric at 4 bits), got "
               "2.5";
        QTest::newRow("affine code negative")
            << r1
            << QByteArray(
                   R"({"scheme": "affine", "bits": 8, "scale": [0.1], "zero_point": [0], "codes": [-1, 2]})")
            << "tensors.0.quant.codes.0 must be an integer in [0, 255] (affine at 8 bits), got -1";
        QTest::newRow("binary code 2")
            << r1
            << QByteArray(
                   R"({"scheme": "binary", "bits": 1, "scale": [0.1], "zero_point": [0], "codes": [2, 1]})")
            << "tensors.0.quant.codes.0 must be an integer in [-1, 1] (binary at 1 bits), got 2";
        QTest::newRow("scale 0")
            << r1
            << QByteArray(
                   R"({"scheme": "fixed", "bits": 8, "scale": [0], "zero_point": [0], "codes": [1, 2]})")
            << "tensors.0.quant.scale.0 must be a finite number > 0, got 0";
        QTest::newRow("scale negative")
            << r2
            << QByteArray(
                   R"({"scheme": "symmetric", "bits": 8, "scale": [0.5, -0.25], "zero_point": [0, 0], "codes": [1, 2]})")
            << "tensors.0.quant.scale.1 must be a finite number > 0, got -0.25";
        QTest::newRow("scale not a number")
            << r1
            << QByteArray(
                   R"({"scheme": "fixed", "bits": 8, "scale": [null], "zero_point": [0], "codes": [1, 2]})")
            << "tensors.0.quant.scale.0 must be a number, got null";
        QTest::newRow("unknown scheme")
            << r1
            << QByteArray(
                   R"({"scheme": "fixd", "bits": 8, "scale": [1], "zero_point": [0], "codes": [1, 2]})")
            << "tensors.0.quant.scheme \"fixd\" is not a scheme (the schemes are";
        QTest::newRow("bits beyond the scheme")
            << r1
            << QByteArray(
                   R"({"scheme": "fixed", "bits": 40, "scale": [1], "zero_point": [0], "codes": [1, 2]})")
            << "tensors.0.quant.bits must be an integer in [";
        QTest::newRow("scale count")
            << r2
            << QByteArray(
                   R"({"scheme": "fixed", "bits": 8, "scale": [1, 1, 1], "zero_point": [0, 0, 0], "codes": [1, 2]})")
            << "tensors.0.quant.scale has 3 numbers: one per channel is 1 (per tensor) or 2 (one "
               "per output row)";
        QTest::newRow("zero_point count")
            << r2
            << QByteArray(
                   R"({"scheme": "affine", "bits": 8, "scale": [1, 1], "zero_point": [0], "codes": [1, 2]})")
            << "tensors.0.quant.zero_point has 1 numbers but scale has 2";
        QTest::newRow("zero_point of a scheme without")
            << r1
            << QByteArray(
                   R"({"scheme": "symmetric", "bits": 8, "scale": [1], "zero_point": [3], "codes": [1, 2]})")
            << "tensors.0.quant.zero_point.0 must be 0 (only affine has zero-points), got 3";
        QTest::newRow("affine zero_point out of range")
            << r1
            << QByteArray(
                   R"({"scheme": "affine", "bits": 8, "scale": [1], "zero_point": [300], "codes": [1, 2]})")
            << "tensors.0.quant.zero_point.0 must be an integer in [0, 255], got 300";
        QTest::newRow("codes count")
            << r1
            << QByteArray(
                   R"({"scheme": "fixed", "bits": 8, "scale": [1], "zero_point": [0], "codes": [1]})")
            << "tensors.0.quant.codes has 1 numbers but the shape [1, 2] needs 2";
    }

    void quantValidated()
    {
        QFETCH(QByteArray, shape);
        QFETCH(QByteArray, quant);
        QFETCH(QString, fragment);
        const QString message
            = errorOf([&] { parseWeights(quantText(shape, "[1.5, 2]", quant), "w.json"); });
        if (fragment.isEmpty())
            QVERIFY2(message.isEmpty(), qPrintable(message));
        else
            QVERIFY2(message.contains(fragment), qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestWeightsLimits)
#include "tst_weights_limits.moc"
