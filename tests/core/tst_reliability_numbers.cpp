// Numbers that go wrong: a column of 1e300 never becomes a silent NaN. Standardized,
// it gives finite z-scores; left raw (or as a regression target), a warning before training
// says it will overflow, and the run then stops as diverged with a message, never with NaN
// records.

#include "core/common/error.h"
#include "core/data/csv_reader.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;

namespace {

// n rows: x = small values, big = scale * (1, 2, 3, ...), y = x + 1.
std::string hugeCsv(int rows, double scale, bool bigTarget)
{
    std::string text = bigTarget ? "x,y\n" : "x,big,y\n";
    for (int i = 1; i <= rows; ++i) {
        char line[128];
        if (bigTarget)
            std::snprintf(line, sizeof line, "%d,%.17g\n", i, scale * i);
        else
            std::snprintf(line, sizeof line, "%g,%.17g,%g\n", 0.1 * i, scale * i, 0.1 * i + 1);
        text += line;
    }
    return text;
}

ExperimentSpec linearSpec(bool standardize)
{
    ExperimentSpec spec;
    spec.dataset.source = "huge.csv";
    spec.dataset.standardize = standardize;
    spec.model.kind = "linear";
    spec.loss = "mse";
    spec.optimizer.kind = "gd";
    spec.optimizer.lr = 0.01;
    spec.training.epochs = 20;
    spec.training.seed = 1;
    QuantizerSpec q;
    q.scheme = "fixed";
    q.bits = 8;
    q.fracBits = 3;
    spec.runs = { RunSpec { "fp64", std::nullopt }, RunSpec { "fixed", q } };
    return spec;
}

bool hasWarning(const std::vector<std::string>& warnings, const std::string& fragment)
{
    for (const std::string& w : warnings)
        if (w.find(fragment) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestReliabilityNumbers : public QObject {
    Q_OBJECT
private slots:
    void hugeColumnStandardizes_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<double>("scale");
        // 400 rows of ~1e300 sum past DBL_MAX: the plain mean would be inf, then NaN.
        QTest::newRow("1e300, 400 rows") << 400 << 1e300;
        QTest::newRow("1e305, 3 rows") << 3 << 1e305;
        QTest::newRow("-1e300, 1000 rows") << 1000 << -1e300;
        QTest::newRow("1e200 (squares overflow)") << 50 << 1e200;
    }
    void hugeColumnStandardizes()
    {
        QFETCH(int, rows);
        QFETCH(double, scale);
        Dataset d = parseCsv(hugeCsv(rows, scale, false), "huge.csv");
        d.prepare(0.25, true, 7);
        QVERIFY(d.xTrain.allFinite());
        QVERIFY(d.xTest.allFinite());
        QVERIFY(d.featureMean.allFinite());
        QVERIFY(d.featureStd.allFinite());
        // z-scores of an arithmetic sequence over the training rows: mean 0, std 1.
        const auto z = d.xTrain.col(1).array();
        QVERIFY2(std::abs(z.mean()) < 1e-9, qPrintable(QString::number(z.mean())));
        QVERIFY(std::abs(std::sqrt(z.square().mean()) - 1.0) < 1e-9);
        // The same order as the raw values (the sign of scale flips it).
        const double first = d.xTrain(0, 1), last = d.xTrain(d.xTrain.rows() - 1, 1);
        QVERIFY(scale > 0 ? first < last : first > last);
        // The ordinary column is standardized exactly as before (plain formula).
        Eigen::ArrayXd raw(static_cast<Index>(d.trainRows.size()));
        for (std::size_t i = 0; i < d.trainRows.size(); ++i)
            raw(static_cast<Index>(i)) = d.x(d.trainRows[i], 0);
        const double mean = raw.mean();
        const double sd = std::sqrt((raw - mean).square().mean());
        QCOMPARE(d.xTrain(0, 0), (raw(0) - mean) / sd);
        QVERIFY(!hasWarning(d.warnings, "overflow"));
    }

    void hugeValuesWarnBeforeTraining_data()
    {
        QTest::addColumn<bool>("bigTarget");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("raw feature 1e300")
            << false << "feature 'big' reaches 4e+302; values this large overflow";
        QTest::newRow("regression target 1e300")
            << true << "the target 'y' reaches 4e+302; values this large overflow";
    }
    void hugeValuesWarnBeforeTraining()
    {
        QFETCH(bool, bigTarget);
        QFETCH(QString, fragment);
        const ExperimentSpec spec = linearSpec(false);
        Experiment exp(spec, parseCsv(hugeCsv(400, 1e300, bigTarget), "huge.csv"));
        // The warning is there before the first step (the GUI shows it on prepare).
        QVERIFY2(hasWarning(exp.dataset().warnings, fragment.toStdString()),
            exp.dataset().warnings.empty() ? "no warning" : exp.dataset().warnings[0].c_str());

        // Training then stops every run as diverged at step 0 with a message; no record
        // carries a NaN or an infinity.
        RecordLog log;
        exp.run(log, {}, 2);
        for (int run = 0; run < exp.runCount(); ++run) {
            const RunSummary s = exp.summary(run);
            QVERIFY2(s.status == RunStatus::Diverged || s.status == RunStatus::Failed,
                toString(s.status));
            // At the first update (the linear model starts from zeros, so step 0 is finite).
            QVERIFY2(s.failedStep <= 1, s.message.c_str());
            QVERIFY2(s.message.find("diverged at step") != std::string::npos
                    || s.message.find("failed at step") != std::string::npos,
                s.message.c_str());
            for (const Record& r : log.records(run)) {
                QVERIFY(r.step == 0 || std::isfinite(r.batchLoss)); // step 0 trained no batch
                QVERIFY(!r.evaluated || std::isfinite(r.trainLoss));
            }
        }
    }

    void standardizedHugeFeatureTrains()
    {
        // Standardized, the same file trains to finite losses: no warning, no NaN.
        const ExperimentSpec spec = linearSpec(true);
        Experiment exp(spec, parseCsv(hugeCsv(400, 1e300, false), "huge.csv"));
        QVERIFY(!hasWarning(exp.dataset().warnings, "overflow"));
        RecordLog log;
        exp.run(log, {}, 2);
        for (int run = 0; run < exp.runCount(); ++run) {
            QCOMPARE(toString(exp.summary(run).status), toString(RunStatus::Finished));
            QVERIFY(!log.records(run).empty());
            for (const Record& r : log.records(run)) {
                QVERIFY(r.step == 0 || std::isfinite(r.batchLoss)); // step 0 trained no batch
                QVERIFY(!r.evaluated || std::isfinite(r.trainLoss));
            }
            QVERIFY(std::isfinite(exp.summary(run).last.trainLoss));
        }
    }
};

QTEST_APPLESS_MAIN(TestReliabilityNumbers)
#include "tst_reliability_numbers.moc"
