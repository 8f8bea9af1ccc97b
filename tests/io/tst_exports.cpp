// Exports: metrics.csv's exact columns and empty cells, CSV injection, summary.json, the
// weights CSV, and a C header that compiles and dequantizes to the run's values bit for bit.
#include "core/common/error.h"
#include "core/io/exports.h"
#include "core/io/json_text.h"
#include "core/quant/quantizer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::io;

namespace {

Record record(int run, std::int64_t step, bool evaluated)
{
    Record r;
    r.run = run;
    r.step = step;
    r.epoch = step / 2;
    r.evaluated = evaluated;
    r.batchLoss = step == 0 ? kNaN : 0.5 / double(step);
    if (evaluated) {
        r.trainLoss = 0.1;
        r.testLoss = 1e-300;
        r.trainAccuracy = 0.75;
        r.testAccuracy = kNaN; // no test set
    }
    r.gradNorm = -0.0;
    r.quantError = 0.0;
    r.flips = step;
    r.lr = 0.01;
    return r;
}

// Quantizes `w` with spec as the engine would, into a snapshot tensor.
TensorSnapshot quantizedTensor(
    const std::string& name, const Matrix& w, const QuantizerSpec& spec, bool isBias)
{
    TensorSnapshot t;
    t.name = name;
    t.isBias = isBias;
    t.shape = isBias ? std::vector<Index> { w.cols() } : std::vector<Index> { w.rows(), w.cols() };
    const auto q = createQuantizer(spec);
    Rng rng(1);
    q->quantize(w, t.values, t.quant, rng);
    t.quantized = true;
    return t;
}

QString cCompiler()
{
    return QStandardPaths::findExecutable("cc");
}

} // namespace

class TestExports : public QObject {
    Q_OBJECT

private slots:
    void metricsColumnsAndCells()
    {
        // Interleaved like parallel runs report them.
        const std::vector<Record> records { record(1, 0, true), record(0, 0, true),
            record(0, 1, false), record(1, 1, false), record(0, 2, true) };
        const QByteArray csv = metricsCsv(records, { "fp64", "Q4.3" });
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.size(), 7); // header, 5 rows, the empty piece after the last newline
        QCOMPARE(lines[0],
            QByteArray("run,step,epoch,batch_loss,train_loss,test_loss,train_accuracy,"
                       "test_accuracy,grad_norm,quant_error,flips,lr"));
        QCOMPARE(lines[1], QByteArray("fp64,0,0,,0.1,1e-300,0.75,,-0.0,0,0,0.01"));
        QCOMPARE(lines[2], QByteArray("fp64,1,0,0.5,,,,,-0.0,0,1,0.01"));
        QCOMPARE(lines[3], QByteArray("fp64,2,1,0.25,0.1,1e-300,0.75,,-0.0,0,2,0.01"));
        QCOMPARE(lines[4], QByteArray("Q4.3,0,0,,0.1,1e-300,0.75,,-0.0,0,0,0.01"));
        QCOMPARE(lines[5], QByteArray("Q4.3,1,0,0.5,,,,,-0.0,0,1,0.01"));
        QCOMPARE(lines[6], QByteArray());
        for (const auto& line : lines.mid(0, 6))
            QCOMPARE(line.count(','), 11);
    }

    void csvInjection_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("cell");
        QTest::newRow("formula") << "=HYPERLINK(\"x\")"
                                 << "\"'=HYPERLINK(\"\"x\"\")\"";
        QTest::newRow("plus") << "+1"
                              << "'+1";
        QTest::newRow("minus") << "-2+3"
                               << "'-2+3";
        QTest::newRow("at") << "@SUM(A1)"
                            << "'@SUM(A1)";
        QTest::newRow("tab") << "\tx"
                             << "'\tx";
        QTest::newRow("comma") << "a,b"
                               << "\"a,b\"";
        QTest::newRow("newline") << "a\nb"
                                 << "\"a\nb\"";
        QTest::newRow("plain") << "Q4.3"
                               << "Q4.3";
        QTest::newRow("inner sign") << "fp-64"
                                    << "fp-64";
    }
    void csvInjection()
    {
        QFETCH(QString, name);
        QFETCH(QString, cell);
        QCOMPARE(csvTextCell(name), cell);
        Record r = record(0, 1, false);
        r.batchLoss = -1.5; // numbers are never altered
        const QByteArray csv = metricsCsv({ r }, { name });
        QVERIFY(csv.contains("\n" + cell.toUtf8() + ",1,0,-1.5,"));
    }

    void summary()
    {
        RunSummary s;
        s.run = 0;
        s.name = "Q4.3";
        s.status = RunStatus::Diverged;
        s.steps = 12;
        s.totalSteps = 100;
        s.message = "diverged at step 12";
        s.failedStep = 12;
        s.lastFiniteLoss = 3.5;
        s.trainSeconds = 0.25;
        s.last = record(0, 10, true);
        RunSummary ok;
        ok.name = "fp64";
        ok.status = RunStatus::Finished;
        const QJsonObject root = toQJson(parseJson(summaryJson({ s, ok }), "summary")).toObject();
        QCOMPARE(root["format"].toString(), QString("bitlab.summary"));
        const QJsonArray runs = root["runs"].toArray();
        QCOMPARE(runs.size(), 2);
        const QJsonObject r = runs[0].toObject();
        QCOMPARE(r["name"].toString(), QString("Q4.3"));
        QCOMPARE(r["status"].toString(), QString(toString(RunStatus::Diverged)));
        QCOMPARE(r["steps"].toInteger(), 12);
        QCOMPARE(r["failed_step"].toInteger(), 12);
        QCOMPARE(r["train_seconds"].toDouble(), 0.25);
        QCOMPARE(r["message"].toString(), QString("diverged at step 12"));
        const QJsonObject f = r["final"].toObject();
        QCOMPARE(f["train_loss"].toDouble(), 0.1);
        QVERIFY(f["test_accuracy"].isNull()); // NaN -> null
        QCOMPARE(f["step"].toInteger(), 10);
        QVERIFY(runs[1].toObject()["failed_step"].isNull());
        QVERIFY(!root.contains("class_labels")); // regression: no class results
        QVERIFY(!r.contains("confusion"));
    }

    void summaryAndTableOfClassResults()
    {
        RunSummary a;
        a.name = "fp64";
        RunSummary b;
        b.name = "=sym2";
        ClassResults c;
        c.labels = { "cat", "dog", "+bird" };
        ConfusionMatrix m;
        m.classes = 3;
        m.counts = { 5, 1, 0, 2, 2, 0, 0, 0, 0 };
        ConfusionMatrix n = m;
        n.counts = { 6, 0, 0, 0, 4, 0, 0, 0, 0 };
        c.train = { m, n };
        const QJsonObject root = toQJson(parseJson(summaryJson({ a, b }, c), "summary")).toObject();
        const QJsonArray labels = root["class_labels"].toArray();
        QCOMPARE(labels.size(), 3);
        QCOMPARE(labels[2].toString(), QString("+bird"));
        const QJsonObject r = root["runs"].toArray()[0].toObject();
        const QJsonArray train = r["confusion"].toObject()["train"].toArray();
        QCOMPARE(train.size(), 3);
        QCOMPARE(train[1].toArray()[0].toInteger(), 2);
        QVERIFY(r["confusion"].toObject()["test"].isNull()); // no test split
        const QJsonArray acc = r["class_accuracy"].toObject()["train"].toArray();
        QCOMPARE(acc[0].toDouble(), 5.0 / 6.0);
        QCOMPARE(acc[1].toDouble(), 0.5);
        QVERIFY(acc[2].isNull()); // no rows of class 2
        QCOMPARE(root["runs"]
                     .toArray()[1]
                     .toObject()["class_accuracy"]
                     .toObject()["train"]
                     .toArray()[1]
                     .toDouble(),
            1.0);

        const QByteArray csv = confusionCsv(c, { "fp64", "=sym2" });
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines[0], QByteArray("run,split,true_class,predicted_class,count"));
        QCOMPARE(lines.size(), 1 + 2 * 9 + 1); // header, 9 cells a run, the final newline
        QCOMPARE(lines[1], QByteArray("fp64,train,cat,cat,5"));
        QCOMPARE(lines[3], QByteArray("fp64,train,cat,'+bird,0")); // neutralised cell
        QCOMPARE(lines[10], QByteArray("'=sym2,train,cat,cat,6"));
    }

    void weightsTable()
    {
        QuantizerSpec spec;
        spec.scheme = "affine";
        spec.bits = 4;
        spec.granularity = Granularity::PerChannel;
        Matrix w(2, 2);
        w << -1.0, 0.5, 0.25, 2.0;
        WeightSnapshot snap;
        snap.tensors.push_back(quantizedTensor("=weight", w, spec, false));
        TensorSnapshot b;
        b.name = "bias";
        b.shape = { 2 };
        b.values = Matrix::Constant(1, 2, 0.1);
        b.latent = Matrix::Constant(1, 2, -0.0);
        snap.tensors.push_back(b);
        const QList<QByteArray> lines = weightsCsv(snap).split('\n');
        QCOMPARE(lines[0],
            QByteArray("tensor,index,row,col,value,latent,code,scale,zero_point,block_scale"));
        QCOMPARE(lines.size(), 1 + 4 + 2 + 1);
        const TensorSnapshot& t = snap.tensors[0];
        for (Index i = 0; i < 4; ++i) {
            const Index row = i / 2;
            const QByteArray expected = "'=weight," + QByteArray::number(i) + ","
                + QByteArray::number(row) + "," + QByteArray::number(i % 2) + ","
                + QByteArray::fromStdString(formatDouble(t.values.data()[i])) + ",,"
                + QByteArray::fromStdString(formatDouble(t.quant.codes.data()[i])) + ","
                + QByteArray::fromStdString(formatDouble(t.quant.scale[size_t(row)])) + ","
                + QByteArray::fromStdString(formatDouble(t.quant.zeroPoint[size_t(row)])) + ",";
            QCOMPARE(lines[int(i) + 1], expected);
        }
        QCOMPARE(lines[5], QByteArray("bias,0,0,,0.1,-0.0,,,,"));
        QCOMPARE(lines[6], QByteArray("bias,1,1,,0.1,-0.0,,,,"));
    }

    void identifiers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("id");
        QTest::newRow("dotted") << "layers.0.weight"
                                << "layers_0_weight";
        QTest::newRow("digit first") << "4bit"
                                     << "_4bit";
        QTest::newRow("non-ASCII") << QString::fromUtf8("poids\xc3\xa9 x") << "poids__x";
        QTest::newRow("empty") << ""
                               << "_";
    }
    void identifiers()
    {
        QFETCH(QString, text);
        QFETCH(QString, id);
        QCOMPARE(cIdentifier(text), id);
    }

    void cHeaderTypes_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("type");
        QTest::newRow("fixed 8") << "fixed" << 8 << "int8_t";
        QTest::newRow("fixed 12") << "fixed" << 12 << "int16_t";
        QTest::newRow("symmetric 4") << "symmetric" << 4 << "int8_t";
        QTest::newRow("affine 8") << "affine" << 8 << "uint8_t";
        QTest::newRow("affine 3") << "affine" << 3 << "int8_t";
        QTest::newRow("affine 16") << "affine" << 16 << "uint16_t";
        QTest::newRow("pow2 4") << "pow2" << 4 << "int8_t";
        // 16 bits: codes beyond 1024 with a scale of 2^-1074; scale * 2^(|code| - 1) as once
        // written overflows to inf, the header's ldexp form does not.
        QTest::newRow("pow2 16") << "pow2" << 16 << "int16_t";
        QTest::newRow("binary") << "binary" << 1 << "int8_t";
        QTest::newRow("ternary") << "ternary" << 2 << "int8_t";
    }
    // The header compiles with a strict C compiler, and a C program that dequantizes its
    // codes with the formula in its comment prints exactly the values the run uses.
    void cHeaderTypes()
    {
        QFETCH(QString, scheme);
        QFETCH(int, bits);
        QFETCH(QString, type);
        QuantizerSpec spec;
        spec.scheme = scheme.toStdString();
        spec.bits = bits;
        spec.fracBits = bits == 12 ? 10 : 4;
        spec.granularity = Granularity::PerChannel;
        Matrix w(3, 4);
        w << -1.0, 0.3, 0.25, 2.0, 0.01, -0.7, 0.9, 1.1, 5.5, -3.25, 0.0, 0.125;
        Matrix b(1, 3);
        b << 0.5, -0.25, 1.5;
        RunSpec run;
        run.name = "2-bit run";
        run.quantizer = spec;
        WeightSnapshot snap;
        snap.step = 7;
        snap.tensors.push_back(quantizedTensor("layers.0.weight", w, spec, false));
        snap.tensors.push_back(quantizedTensor("layers.0.bias", b, spec, true));
        TensorSnapshot plain;
        plain.name = "layers.1.weight";
        plain.shape = { 1, 2 };
        plain.values = Matrix::Constant(1, 2, 0.1);
        snap.tensors.push_back(plain);
        ModelSpec model;
        model.kind = "mlp";
        model.hidden = { 3 };
        const QByteArray header = cHeader(snap, run, model);
        QVERIFY2(header.contains("static const " + type.toUtf8()
                     + " bitlab__2_bit_run_layers_0_weight_codes[12]"),
            header.constData());
        QVERIFY(header.contains("static const double bitlab__2_bit_run_layers_0_weight_scale[3]"));
        QVERIFY(
            header.contains("static const int32_t bitlab__2_bit_run_layers_0_bias_zero_point[1]"));
        QVERIFY(header.contains(
            "static const double bitlab__2_bit_run_layers_1_weight_values[2] = {0.1, 0.1};"));
        QVERIFY(header.contains("#define BITLAB__2_BIT_RUN_LAYERS_0_WEIGHT_ROWS 3"));
        QVERIFY(header.contains("dequantization: "));

        if (cCompiler().isEmpty())
            QSKIP("no C compiler (cc) on this machine");
        QTemporaryDir dir;
        QFile h(dir.filePath("weights.h"));
        QVERIFY(h.open(QIODevice::WriteOnly));
        h.write(header);
        h.close();
        // Dequantize every code with the header's own function for the scheme.
        const QString formula = "bitlab__2_bit_run_dequantize(code, scale[c], zp[c])";
        const QString program = QString(R"(#include "weights.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#define DUMP(T, n, cols, codes, scale, zp, channels) \
    for (int i = 0; i < n; ++i) { int c = channels == 1 ? 0 : i / cols; int code = codes[i]; \
        printf("%.17g\n", (double)(%1)); }
int main(void) {
    DUMP(w, 12, 4, bitlab__2_bit_run_layers_0_weight_codes, bitlab__2_bit_run_layers_0_weight_scale,
         bitlab__2_bit_run_layers_0_weight_zero_point, BITLAB__2_BIT_RUN_LAYERS_0_WEIGHT_CHANNELS)
    DUMP(b, 3, 3, bitlab__2_bit_run_layers_0_bias_codes, bitlab__2_bit_run_layers_0_bias_scale,
         bitlab__2_bit_run_layers_0_bias_zero_point, BITLAB__2_BIT_RUN_LAYERS_0_BIAS_CHANNELS)
    return 0;
}
)")
                                    .arg(formula);
        QFile c(dir.filePath("main.c"));
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(program.toUtf8());
        c.close();
        QProcess cc;
        cc.setWorkingDirectory(dir.path());
        cc.start(cCompiler(),
            { "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o", "dequant", "main.c",
                "-lm" });
        QVERIFY(cc.waitForFinished(60000));
        QVERIFY2(cc.exitCode() == 0, cc.readAllStandardError().constData());
        QProcess run1;
        run1.start(dir.filePath("dequant"));
        QVERIFY(run1.waitForFinished(60000));
        const QList<QByteArray> printed = run1.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(printed.size(), 15);
        int k = 0;
        for (int t = 0; t < 2; ++t)
            for (Index i = 0; i < snap.tensors[size_t(t)].values.size(); ++i, ++k) {
                const double expected = snap.tensors[size_t(t)].values.data()[i];
                const double got = printed[k].toDouble();
                QVERIFY2(got == expected,
                    qPrintable(QString("element %1: C %2, BitLab %3")
                                   .arg(k)
                                   .arg(printed[k].constData())
                                   .arg(formatDouble(expected).c_str())));
            }
    }

    void cHeaderRefusesFullPrecision()
    {
        RunSpec run;
        run.name = "fp64";
        try {
            cHeader(WeightSnapshot {}, run, ModelSpec {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("full precision"));
        }
    }
};

QTEST_APPLESS_MAIN(TestExports)
#include "tst_exports.moc"
