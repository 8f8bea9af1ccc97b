// The sweep runner (core/engine/sweep.h): how an experiment expands into configurations,
// that every result is bit for bit a one-run experiment of its configuration whatever the
// thread count, invalid configurations as data, and stop requests.

#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/presets.h"
#include "core/engine/sweep.h"
#include "core/quant/quantizer.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <cstring>

using namespace bitlab;

namespace {

std::unique_ptr<Experiment> build(const ExperimentSpec& spec)
{
    return std::make_unique<Experiment>(spec, loadDataset(spec.dataset, spec.baseDir));
}

ExperimentSpec preset(const char* name, std::int64_t epochs)
{
    ExperimentSpec spec = findPreset(name)->spec;
    spec.training.epochs = epochs;
    return spec;
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

class Counting : public SweepObserver {
public:
    std::atomic<int> records { 0 };
    std::atomic<int> ended { 0 };
    void onRecord(int, const Record&) override { ++records; }
    void onConfigurationEnded(const SweepResult&) override { ++ended; }
};

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
private slots:
    void expandsFromTheFirstQuantizedRun();
    void expandsWithoutQuantizedRun();
    void unknownSchemeIsAnError();
    void resultsAreSingleRuns_data();
    void resultsAreSingleRuns();
    void invalidConfigurationIsData();
    void stopBeforeStartSkipsEverything();
    void runsOnce();
};

void TestSweep::expandsFromTheFirstQuantizedRun()
{
    // seed: fp64, then Q4.3 (fixed, 8 bits, 3 fraction bits, nearest, post_update), ...
    const ExperimentSpec spec = preset("seed", 10);
    const auto configs = expandSweep(spec, { "fixed", "symmetric", "binary" }, { 2, 5 });
    QCOMPARE(configs.size(), std::size_t(1 + 2 + 2 + 1));
    QCOMPARE(configs[0].scheme, std::string("fp64"));
    QVERIFY(!configs[0].bits);
    QCOMPARE(configs[0].spec.runs.size(), std::size_t(1));
    QVERIFY(!configs[0].spec.runs[0].quantizer);
    const QuantizerSpec& fixed5 = *configs[2].spec.runs[0].quantizer;
    QCOMPARE(configs[2].scheme, std::string("fixed"));
    QCOMPARE(*configs[2].bits, 5);
    QCOMPARE(fixed5.bits, 5);
    QCOMPARE(fixed5.fracBits, 3); // kept: same scheme
    QCOMPARE(fixed5.mode, TrainingMode::PostUpdate);
    const QuantizerSpec& sym2 = *configs[3].spec.runs[0].quantizer;
    QCOMPARE(sym2.scheme, std::string("symmetric"));
    QCOMPARE(sym2.bits, 2);
    QCOMPARE(sym2.fracBits, findQuantizer("symmetric")->defaults.fracBits); // the new scheme's
    QCOMPARE(sym2.narrowRange, findQuantizer("symmetric")->defaults.narrowRange);
    QCOMPARE(sym2.rounding, spec.runs[1].quantizer->rounding); // kept
    QCOMPARE(configs[3].spec.runs[0].name, std::string("sym2-post"));
    QCOMPARE(configs[5].scheme, std::string("binary"));
    QVERIFY(!configs[5].bits);
    // Everything but the runs is the base experiment.
    QCOMPARE(configs[4].spec.optimizer.lr, spec.optimizer.lr);
    QCOMPARE(configs[4].spec.training.epochs, spec.training.epochs);
}

void TestSweep::expandsWithoutQuantizedRun()
{
    ExperimentSpec spec = preset("seed", 10);
    spec.runs = { RunSpec { "fp64", std::nullopt } };
    spec.runs[0].quantizer.reset();
    const auto configs = expandSweep(spec, { "affine" }, { 3 });
    QCOMPARE(configs.size(), std::size_t(2));
    QuantizerSpec expected = findQuantizer("affine")->defaults;
    const QuantizerSpec& q = *configs[1].spec.runs[0].quantizer;
    QCOMPARE(q.scheme, std::string("affine"));
    QCOMPARE(q.bits, 3);
    QCOMPARE(q.mode, TrainingMode::PostUpdate);
    QCOMPARE(q.rounding, expected.rounding);
    QCOMPARE(q.granularity, expected.granularity);
}

void TestSweep::unknownSchemeIsAnError()
{
    try {
        expandSweep(preset("seed", 10), { "fixed", "octal" }, { 2 });
        QFAIL("no error for an unknown scheme");
    } catch (const Error& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QLatin1String("'octal'")), e.what());
        QVERIFY2(message.contains(QLatin1String("symmetric")), e.what()); // lists the valid ones
    }
}

void TestSweep::resultsAreSingleRuns_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("threads");
    QTest::newRow("seed, 1 thread") << "seed" << 1;
    QTest::newRow("seed, 3 threads") << "seed" << 3;
    QTest::newRow("logistic (test split, accuracy), 2 threads") << "logistic" << 2;
}

void TestSweep::resultsAreSingleRuns()
{
    QFETCH(QString, name);
    QFETCH(int, threads);
    const ExperimentSpec spec = preset(name.toLatin1().constData(), 40);
    Sweep sweep(spec, { "fixed", "symmetric", "ternary" }, { 2, 3, 4 }, &build);
    QCOMPARE(sweep.stepsPerConfiguration(), build(spec)->totalSteps());
    Counting counting;
    const std::vector<SweepResult> results = sweep.run(counting, {}, threads);
    QCOMPARE(results.size(), sweep.configurations().size());
    QCOMPARE(counting.ended.load(), static_cast<int>(results.size()));
    QVERIFY(counting.records.load() > 0);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const SweepResult& r = results[i];
        QCOMPARE(r.index, static_cast<int>(i));
        QCOMPARE(r.scheme, sweep.configurations()[i].scheme);
        QCOMPARE(r.status(), std::string("finished"));
        // The same configuration trained alone, on this thread.
        std::unique_ptr<Experiment> single = build(sweep.configurations()[i].spec);
        Observer none;
        single->run(none);
        const Record last = single->summary(0).last;
        QVERIFY2(sameBits(r.trainLoss, last.trainLoss), qPrintable(QString::number(i)));
        if (sweep.hasTest()) {
            QVERIFY(sameBits(r.testLoss, last.testLoss));
            QVERIFY(sameBits(r.accuracy, last.testAccuracy));
        } else {
            QVERIFY(std::isnan(r.testLoss));
            QVERIFY(std::isnan(r.accuracy)); // seed is a regression
        }
    }
    QCOMPARE(sweep.classification(), name == QLatin1String("logistic"));
}

void TestSweep::invalidConfigurationIsData()
{
    Sweep sweep(preset("seed", 5), { "symmetric" }, { 1, 2 }, &build);
    Counting counting;
    const std::vector<SweepResult> results = sweep.run(counting);
    QCOMPARE(results.size(), std::size_t(3));
    QCOMPARE(results[1].status(), std::string("invalid"));
    QVERIFY(!results[1].summary);
    QVERIFY2(QString::fromStdString(results[1].problem).contains(QLatin1String("bits")),
        results[1].problem.c_str());
    QCOMPARE(results[2].status(), std::string("finished"));
    QCOMPARE(counting.ended.load(), 3);
}

void TestSweep::stopBeforeStartSkipsEverything()
{
    Sweep sweep(preset("seed", 5), { "fixed" }, { 2, 3 }, &build);
    std::stop_source stop;
    stop.request_stop();
    Counting counting;
    const std::vector<SweepResult> results = sweep.run(counting, stop.get_token());
    QCOMPARE(results.size(), std::size_t(3));
    for (const SweepResult& r : results) {
        QVERIFY(!r.summary);
        QCOMPARE(r.status(), std::string("stopped"));
    }
    QCOMPARE(counting.ended.load(), 0);
}

void TestSweep::runsOnce()
{
    Sweep sweep(preset("seed", 2), { "fixed" }, { 4 }, &build);
    SweepObserver none;
    QCOMPARE(sweep.run(none).size(), std::size_t(2));
    QVERIFY_THROWS_EXCEPTION(Error, sweep.run(none));
}

QTEST_APPLESS_MAIN(TestSweep)
#include "tst_sweep.moc"
