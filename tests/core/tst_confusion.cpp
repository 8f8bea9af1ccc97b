// Confusion matrices (core/engine/confusion.h): each run's matrix holds every row of the
// split once, its trace is the run's own accuracy to the last bit (train and test, a
// quantized PTQ run included), rows sum to the class counts, and regression has none.

#include "core/data/generators.h"
#include "core/engine/confusion.h"
#include "core/engine/record_log.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;

namespace {

ExperimentSpec classifierSpec(const std::string& source)
{
    ExperimentSpec spec;
    spec.dataset.source = source;
    spec.dataset.samples = 120;
    spec.dataset.testFraction = 0.25;
    spec.dataset.standardize = true;
    spec.model.kind = "mlp";
    spec.model.hidden = { 6 };
    spec.loss = source == "builtin:moons" ? "bce" : "cross_entropy";
    spec.optimizer.kind = "adam";
    spec.optimizer.lr = 0.05;
    spec.optimizer.batchSize = 16;
    spec.training.epochs = 4;
    spec.training.seed = 5;
    QuantizerSpec q;
    q.scheme = "symmetric";
    q.bits = 2;
    q.mode = TrainingMode::Ptq;
    spec.runs = { RunSpec { "fp64", std::nullopt }, RunSpec { "sym2-ptq", q } };
    return spec;
}

std::unique_ptr<Experiment> trained(const ExperimentSpec& spec)
{
    auto e = std::make_unique<Experiment>(spec, loadDataset(spec.dataset, ""));
    RecordLog discard;
    e->run(discard, {}, 1);
    return e;
}

std::vector<std::int64_t> classCounts(const Matrix& y, int classes)
{
    std::vector<std::int64_t> counts(static_cast<std::size_t>(classes), 0);
    for (Index i = 0; i < y.rows(); ++i)
        ++counts[static_cast<std::size_t>(y(i, 0))];
    return counts;
}

} // namespace

class TestConfusion : public QObject {
    Q_OBJECT

private slots:
    void traceIsTheRunsAccuracy_data()
    {
        QTest::addColumn<QString>("source");
        QTest::newRow("binary (moons)") << "builtin:moons";
        QTest::newRow("multiclass (blobs)") << "builtin:blobs";
        QTest::newRow("multiclass (spiral)") << "builtin:spiral";
    }
    void traceIsTheRunsAccuracy()
    {
        QFETCH(QString, source);
        const auto e = trained(classifierSpec(source.toStdString()));
        const Dataset& d = e->dataset();
        for (const Split split : { Split::Train, Split::Test }) {
            const bool train = split == Split::Train;
            const std::vector<ConfusionMatrix> ms = confusionMatrices(*e, split);
            QCOMPARE(static_cast<int>(ms.size()), e->runCount());
            const Matrix& y = train ? d.yTrain : d.yTest;
            const std::vector<std::int64_t> counts = classCounts(y, d.classes());
            for (int run = 0; run < e->runCount(); ++run) {
                const ConfusionMatrix& m = ms[static_cast<std::size_t>(run)];
                QCOMPARE(m.classes, d.classes());
                QCOMPARE(m.rows(), static_cast<std::int64_t>(y.rows()));
                for (int t = 0; t < m.classes; ++t) {
                    std::int64_t row = 0;
                    for (int p = 0; p < m.classes; ++p)
                        row += m.at(t, p);
                    QCOMPARE(row, counts[static_cast<std::size_t>(t)]);
                }
                const Record& last = e->summary(run).last;
                // Bit for bit: the same rows, the same predictions, the same division.
                QCOMPARE(m.accuracy(), train ? last.trainAccuracy : last.testAccuracy);
            }
        }
        // The 2-bit PTQ twin predicts with its quantized weights: on spiral it disagrees
        // with float64 somewhere, and the matrices show it.
        if (source == "builtin:spiral") {
            const auto ms = confusionMatrices(*e, Split::Train);
            QVERIFY(ms[0].counts != ms[1].counts);
        }
    }

    void classAccuracyIsPerClassRecall()
    {
        ConfusionMatrix m;
        m.classes = 3;
        m.counts = { 5, 1, 0, //
            2, 2, 0, //
            0, 0, 0 };
        QCOMPARE(m.rows(), std::int64_t(10));
        QCOMPARE(m.accuracy(), 0.7);
        QCOMPARE(m.classAccuracy(0), 5.0 / 6.0);
        QCOMPARE(m.classAccuracy(1), 0.5);
        QVERIFY(std::isnan(m.classAccuracy(2))); // no rows of class 2
    }

    void regressionAndEmptySplitsHaveNone()
    {
        ExperimentSpec spec;
        spec.dataset.source = "builtin:seed-linear";
        spec.training.epochs = 1;
        const auto e = trained(spec);
        QVERIFY(confusionMatrices(*e, Split::Train).empty());
        ExperimentSpec noTest = classifierSpec("builtin:moons");
        noTest.dataset.testFraction = 0;
        const auto n = trained(noTest);
        QVERIFY(confusionMatrices(*n, Split::Test).empty());
        QCOMPARE(static_cast<int>(confusionMatrices(*n, Split::Train).size()), 2);
    }
};

QTEST_APPLESS_MAIN(TestConfusion)
#include "tst_confusion.moc"
