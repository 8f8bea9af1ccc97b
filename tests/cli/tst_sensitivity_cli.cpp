// `bitlab-cli sensitivity` end to end through the built binary: the CSV's columns and rows,
// every number equal to an independent computation through the engine (train float64,
// quantize one tensor, evaluate), atomic output, located refusals; and suggestBits' greedy
// rule on a hand-made table.

#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/engine/sensitivity.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/sensitivity_csv.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/quant/quantizer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace bitlab;

namespace {

struct Result {
    int exitCode = -1;
    QByteArray out, err;
};

Result runCli(const QStringList& args, const QString& workDir)
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.start(QString::fromLocal8Bit(qgetenv("BITLAB_BIN_DIR")) + "/bitlab-cli", args);
    Result r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

const char* kExperiment = R"({"format": "bitlab.experiment", "version": 1,
 "dataset": {"source": "builtin:moons", "samples": 120, "test_fraction": 0.25},
 "model": {"kind": "mlp", "hidden": [6], "activation": "tanh"}, "loss": "bce",
 "optimizer": {"kind": "sgd", "lr": 0.3, "batch_size": 16},
 "training": {"epochs": 15, "seed": 5},
 "runs": [{"name": "fp64"},
  {"name": "q", "quantizer": {"scheme": "affine", "bits": 4, "observer": "mse"}}]})";

} // namespace

class TestSensitivityCli : public QObject {
    Q_OBJECT
private slots:
    void tableMatchesTheEngine()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("exp.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kExperiment);
        f.close();
        const Result r = runCli(
            { "sensitivity", "exp.json", "--bits", "2-4", "--out", "out", "--quiet" }, dir.path());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile csv(dir.filePath("out/sensitivity.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(
            lines.front(), QStringLiteral("tensor,bits,scheme,train_loss,test_loss,loss_increase"));
        QCOMPARE(lines.size(), 1 + 4 * 3); // 4 tensors x 3 bit-widths
        QVERIFY(QFile::exists(dir.filePath("out/experiment.json")));

        // Independently: the float64 run trained alone, then one tensor at a time.
        const ExperimentSpec spec = io::readExperiment(dir.filePath("exp.json"));
        ExperimentSpec fp = spec;
        fp.runs.resize(1);
        const auto e = io::makeExperiment(fp);
        RecordLog log;
        e->run(log, {}, 1);
        const WeightSnapshot w = e->snapshot(0);
        const Dataset& data = e->dataset();
        const auto model = createModel(spec.model, data.features(), data.outputs());
        const auto loss = createLoss(spec.loss);
        for (std::size_t i = 0; i < w.tensors.size(); ++i)
            model->values()[i] = w.tensors[i].values;
        Matrix logits;
        model->predict(data.xTest, logits);
        const double baseTest = loss->value(logits, data.yTest);
        int line = 1;
        for (std::size_t i = 0; i < w.tensors.size(); ++i) {
            for (int bits = 2; bits <= 4; ++bits, ++line) {
                QuantizerSpec q = *spec.runs[1].quantizer;
                q.bits = bits;
                q.mode = TrainingMode::Ptq;
                Matrix out;
                QuantState st;
                Rng rng(1, 1); // nearest rounding: never drawn
                createQuantizer(q)->quantize(w.tensors[i].values, out, st, rng);
                model->values()[i] = out;
                model->predict(data.xTrain, logits);
                const double train = loss->value(logits, data.yTrain);
                model->predict(data.xTest, logits);
                const double test = loss->value(logits, data.yTest);
                model->values()[i] = w.tensors[i].values;
                const QStringList cells = lines[line].split(',');
                QCOMPARE(cells[0], QString::fromStdString(w.tensors[i].name));
                QCOMPARE(cells[1].toInt(), bits);
                QCOMPARE(cells[2], QStringLiteral("affine"));
                QCOMPARE(cells[3].toDouble(), train); // shortest round-trip: exact
                QCOMPARE(cells[4].toDouble(), test);
                QCOMPARE(cells[5].toDouble(), test - baseTest);
            }
        }
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("no bits in the scheme") << QStringList { "sensitivity", "--preset", "svm",
            "--out", "o" } << 1 << "sensitivity needs a scheme with a bit-width";
        QTest::newRow("bits below the scheme's")
            << QStringList { "sensitivity", "--preset", "moons", "--bits", "1-3", "--out", "o" }
            << 1 << "--bits 1:";
        QTest::newRow("bad bits") << QStringList { "sensitivity", "--preset", "moons", "--bits",
            "x" } << 2 << "--bits expects a range";
        QTest::newRow("no experiment") << QStringList { "sensitivity" } << 2
                                       << "'sensitivity' needs an experiment file or --preset NAME";
    }
    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(int, status);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const Result r = runCli(args, dir.path());
        QCOMPARE(r.exitCode, status);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("o/sensitivity.csv"))); // nothing half-written
    }

    // The greedy rule of suggestBits (core/engine/sensitivity.h) on a hand-made table.
    void suggestIsGreedy()
    {
        SensitivityTable t;
        t.tensors = { "a", "b" };
        t.sizes = { 10, 30 };
        t.bits = { 2, 4, 8 };
        auto add = [&](const char* name, int bits, double inc) {
            SensitivityRow r;
            r.tensor = name;
            r.bits = bits;
            r.lossIncrease = inc;
            t.rows.push_back(r);
        };
        add("a", 2, 1.0), add("a", 4, 0.1), add("a", 8, 0.0);
        add("b", 2, 0.5), add("b", 4, 0.02), add("b", 8, 0.0);
        // Everything at 8 bits: 320 bits; no budget pressure.
        QCOMPARE(suggestBits(t, 320), (std::vector<int> { 8, 8 }));
        // 8 -> 4 costs a 0.1/40 = 0.0025 per bit, b 0.02/120 = 0.00017: b goes first.
        QCOMPARE(suggestBits(t, 300), (std::vector<int> { 8, 4 }));
        // Then a 8->4 (0.0025) before b 4->2 ((0.5-0.02)/60 = 0.008).
        QCOMPARE(suggestBits(t, 160), (std::vector<int> { 4, 4 }));
        // a 4->2 would cost (1.0-0.1)/20 = 0.045 per bit, b 4->2 (0.5-0.02)/60 = 0.008: b.
        QCOMPARE(suggestBits(t, 150), (std::vector<int> { 4, 2 }));
        // Below what the smallest bits give: everything at 2 bits, over budget.
        QCOMPARE(suggestBits(t, 10), (std::vector<int> { 2, 2 }));
    }
};

QTEST_GUILESS_MAIN(TestSensitivityCli)
#include "tst_sensitivity_cli.moc"
