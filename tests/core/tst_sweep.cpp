// The sweep runner (core/engine/sweep.h): how an experiment expands into configurations,
// that every result is bit for bit a one-run experiment of its configuration whatever the
// thread count, invalid configurations as data, and stop requests.

#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/lessons.h"
#include "core/engine/presets.h"
#include "core/engine/sweep.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <atomic>
#include <cmath>
#include <cstring>
#include <map>

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

std::size_t results_size(const Sweep& sweep)
{
    return sweep.configurations().size();
}

// A stand-in for io::specEditor (core has no JSON): knows optimizer.lr and
// training.batch_size.
ExperimentSpec editLr(const ExperimentSpec& base, const std::vector<KeyValue>& sets)
{
    ExperimentSpec spec = base;
    for (const auto& [key, value] : sets) {
        if (key == "optimizer.lr" && std::stod(value) > 0)
            spec.optimizer.lr = std::stod(value);
        else if (key == "optimizer.batch_size")
            spec.optimizer.batchSize = std::stoll(value);
        else
            throw Error(key + " must be a number > 0, got " + value);
    }
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
    void formatsAreSchemes();
    void resultsAreSingleRuns_data();
    void resultsAreSingleRuns();
    void invalidConfigurationIsData();
    void stopBeforeStartSkipsEverything();
    void runsOnce();
    void planCrossesAxesFirstOutermost();
    void planRefusals_data();
    void planRefusals();
    void seedsAndShards();
    void unitsAreSingleRunsWithTheirSeed();
    void statsOverSeeds();
    void lessonTwoBandSeparatesTheCliff();
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

// float:FORMAT and mx:ELEMENT sweep one format each, at its bits per element; a bare float
// keeps the run's own format and names it; a format on a scheme without formats, or an
// unknown format, is refused with the valid names.
void TestSweep::formatsAreSchemes()
{
    const ExperimentSpec spec = preset("formats", 2);
    const auto configs = expandSweep(spec, { "float:bf16", "mx:e2m1", "float", "nvfp4" }, { 4 });
    QCOMPARE(configs.size(), std::size_t(5));
    QCOMPARE(configs[1].scheme, std::string("float:bf16"));
    QCOMPARE(configs[1].spec.runs[0].quantizer->format, std::string("bf16"));
    QVERIFY(!configs[1].bits);
    // The preset's first quantized run is int8-ptq: its mode is kept, a float's scaling too.
    QCOMPARE(configs[1].spec.runs[0].quantizer->mode, TrainingMode::Ptq);
    QCOMPARE(configs[2].scheme, std::string("mx:e2m1"));
    QCOMPARE(configs[2].spec.runs[0].quantizer->element, std::string("e2m1"));
    QCOMPARE(configs[2].spec.runs[0].quantizer->block, Index(32));
    QCOMPARE(configs[3].scheme, std::string("float:") + findQuantizer("float")->defaults.format);
    QCOMPARE(configs[4].scheme, std::string("nvfp4"));
    QCOMPARE(sweptBitWidth("float:bf16"), 16.0);
    QCOMPARE(sweptBitWidth("float:e4m3"), 8.0);
    QCOMPARE(sweptBitWidth("mx:e2m1"), 4.25); // 4 bits + an 8-bit scale per 32
    QCOMPARE(sweptBitWidth("binary"), 1.0);
    QCOMPARE(sweptBitWidth("float:e9m9"), 0.0);
    const auto refused = [&](const std::string& token) {
        try {
            expandSweep(spec, { token }, { 4 });
        } catch (const Error& e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    QVERIFY2(
        refused("float:e9m9").contains("float has no format 'e9m9'; the formats are fp16, bf16"),
        qPrintable(refused("float:e9m9")));
    QVERIFY2(refused("symmetric:e4m3").contains("the scheme symmetric has no formats"),
        qPrintable(refused("symmetric:e4m3")));
    QVERIFY2(refused("octal").contains("float:FORMAT"), qPrintable(refused("octal")));
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
    QCOMPARE(sweep.stepsOf(0), build(spec)->totalSteps());
    QCOMPARE(sweep.totalSteps(),
        build(spec)->totalSteps() * static_cast<std::int64_t>(results_size(sweep)));
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

void TestSweep::planCrossesAxesFirstOutermost()
{
    SweepPlan plan;
    plan.axes
        = { { "optimizer.lr", { "0.1", "0.2" } }, { "optimizer.batch_size", { "0", "4", "8" } } };
    plan.schemes = { "fixed" };
    plan.bits = { 2, 3 };
    const auto points = expandPlan(preset("seed", 3), plan, &editLr);
    QCOMPARE(points.size(), std::size_t(2 * 3 * 3)); // lr x batch x (fp64, fixed2, fixed3)
    QCOMPARE(points[0].values, (std::vector<std::string> { "0.1", "0" }));
    QCOMPARE(points[0].scheme, std::string("fp64"));
    QCOMPARE(points[2].scheme, std::string("fixed"));
    QCOMPARE(*points[2].bits, 3);
    QCOMPARE(points[3].values, (std::vector<std::string> { "0.1", "4" })); // last turns fastest
    QCOMPARE(points[9].values, (std::vector<std::string> { "0.2", "0" }));
    QCOMPARE(points[9].spec.optimizer.lr, 0.2);
    QCOMPARE(points[17].spec.optimizer.batchSize, std::int64_t(8));
    QCOMPARE(points[17].spec.runs.size(), std::size_t(1));

    // Without schemes, a point is the experiment with its runs as they are.
    plan.schemes.clear();
    const auto whole = expandPlan(preset("seed", 3), plan, &editLr);
    QCOMPARE(whole.size(), std::size_t(6));
    QCOMPARE(whole[5].spec.runs.size(), preset("seed", 3).runs.size());
    QVERIFY(whole[5].scheme.empty());
}

void TestSweep::planRefusals_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("message");
    QTest::newRow("refused value") << "value"
                                   << "the sweep point optimizer.lr=-1";
    QTest::newRow("key twice") << "twice"
                               << "swept twice";
    QTest::newRow("no values") << "empty"
                               << "has no values";
    QTest::newRow("shard outside") << "shard"
                                   << "shard 3/2 does not exist";
    QTest::newRow("no seeds") << "seeds"
                              << "at least one seed";
}

void TestSweep::planRefusals()
{
    QFETCH(QString, what);
    QFETCH(QString, message);
    SweepPlan plan;
    plan.axes = { { "optimizer.lr", { "0.1", "-1" } } };
    if (what == "twice")
        plan.axes.push_back(plan.axes.front());
    if (what == "empty")
        plan.axes.front().values.clear();
    if (what == "shard") {
        plan.shard = 3;
        plan.shards = 2;
    }
    if (what == "seeds")
        plan.seeds = 0;
    try {
        expandPlan(preset("seed", 3), plan, &editLr);
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
    }
}

void TestSweep::seedsAndShards()
{
    SweepPlan plan;
    plan.axes = { { "optimizer.lr", { "0.1", "0.2", "0.3" } } };
    plan.seeds = 4;
    std::vector<int> owner(12, 0);
    for (int k = 1; k <= 5; ++k) {
        plan.shard = k;
        plan.shards = 5;
        Sweep sweep(preset("seed", 2), plan, &build, &editLr);
        QCOMPARE(sweep.unitCount(), 12);
        for (int u : sweep.units()) {
            QCOMPARE(u % 5, k - 1);
            ++owner[static_cast<std::size_t>(u)];
        }
        // Seed i of a point is the experiment's seed + i, whatever the shard.
        QCOMPARE(sweep.seedOf(6), std::uint64_t(42 + 2));
        QCOMPARE(sweep.unitSpec(6).training.seed, std::uint64_t(44));
        QCOMPARE(sweep.unitSpec(6).optimizer.lr, 0.2);
    }
    QCOMPARE(owner, std::vector<int>(12, 1)); // every unit in exactly one shard
    QCOMPARE(sweepSeed(~std::uint64_t(0), 1), std::uint64_t(0)); // modulo 2^64
}

// Every run of every unit is the one-run (here: whole) experiment with the unit's seed,
// trained alone; the seeds differ.
void TestSweep::unitsAreSingleRunsWithTheirSeed()
{
    SweepPlan plan;
    plan.axes = { { "optimizer.lr", { "0.05", "0.2" } } };
    plan.seeds = 2;
    plan.shard = 2;
    plan.shards = 3;
    const ExperimentSpec base = preset("logistic", 20);
    Sweep sweep(base, plan, &build, &editLr);
    Counting counting;
    const std::vector<SweepResult> results = sweep.run(counting, {}, 2);
    QCOMPARE(counting.ended.load(), static_cast<int>(results.size()));
    QCOMPARE(results.size(), sweep.units().size() * base.runs.size());
    for (const SweepResult& r : results) {
        QCOMPARE(r.unit / 2, r.point);
        QCOMPARE(r.seed, std::uint64_t(42 + r.seedIndex));
        std::unique_ptr<Experiment> single = build(sweep.unitSpec(r.unit));
        QCOMPARE(single->spec().training.seed, r.seed);
        Observer none;
        single->run(none);
        const Record last = single->summary(r.run).last;
        QVERIFY2(sameBits(r.testLoss, last.testLoss), qPrintable(QString::number(r.unit)));
        QVERIFY(sameBits(r.accuracy, last.testAccuracy));
        QCOMPARE(r.runName, single->summary(r.run).name);
    }
    // Two seeds of one point give different numbers (random init and order).
    Sweep both(base, SweepPlan { {}, {}, {}, 2, 1, 1 }, &build, &editLr);
    const std::vector<SweepResult> two = both.run(counting);
    QVERIFY(!sameBits(two[0].testLoss, two[base.runs.size()].testLoss));
}

void TestSweep::statsOverSeeds()
{
    std::vector<SweepResult> seeds(4);
    const double loss[] = { 1.0, 2.0, 4.0, 100.0 };
    for (int i = 0; i < 4; ++i) {
        seeds[i].summary = RunSummary {};
        seeds[i].summary->status = i == 3 ? RunStatus::Diverged : RunStatus::Finished;
        seeds[i].trainLoss = loss[i];
        seeds[i].testLoss = 0.1; // equal values: the mean is exactly that value
    }
    std::vector<const SweepResult*> ptrs;
    for (const SweepResult& r : seeds)
        ptrs.push_back(&r);
    const SweepStats s = sweepStats(ptrs);
    QCOMPARE(s.seeds, 4);
    QCOMPARE(s.finished, 3); // the diverged seed is left out
    QCOMPARE(s.trainLoss.n, 3);
    QCOMPARE(s.trainLoss.mean, 7.0 / 3.0);
    QVERIFY(std::abs(s.trainLoss.sd
                - std::sqrt(((1 - 7.0 / 3) * (1 - 7.0 / 3) + (2 - 7.0 / 3) * (2 - 7.0 / 3)
                                + (4 - 7.0 / 3) * (4 - 7.0 / 3))
                    / 2))
        < 1e-15);
    QCOMPARE(s.trainLoss.min, 1.0);
    QCOMPARE(s.trainLoss.max, 4.0);
    QVERIFY(sameBits(s.testLoss.mean, 0.1));
    QCOMPARE(s.testLoss.sd, 0.0);
    QCOMPARE(s.accuracy.n, 0);
    QVERIFY(std::isnan(s.accuracy.mean));
    QVERIFY(std::isnan(sweepStats({ ptrs[0] }).trainLoss.sd)); // one value: no sd
}

// Lesson 2 sweeps with seeds; what its text says of the band holds: 4 and 8 bits lie
// inside each other's band, the 3 and 2-bit means above every band from 4 to 8 bits.
void TestSweep::lessonTwoBandSeparatesTheCliff()
{
    const Lesson* lesson = findLesson("bit-width-cliff");
    QVERIFY(lesson);
    QVERIFY(lesson->sweep.seeds >= 5);
    SweepPlan plan;
    plan.schemes = lesson->sweep.schemes;
    for (int b = lesson->sweep.bitsFrom; b <= lesson->sweep.bitsTo; ++b)
        plan.bits.push_back(b);
    plan.seeds = lesson->sweep.seeds;
    Sweep sweep(findPreset(lesson->preset)->spec, plan, &build, {});
    SweepObserver none;
    const std::vector<SweepResult> results = sweep.run(none);
    std::map<int, SweepStats> byBits; // 0: fp64
    for (int p = 0; p < static_cast<int>(sweep.configurations().size()); ++p) {
        std::vector<const SweepResult*> seeds;
        for (const SweepResult& r : results)
            if (r.point == p)
                seeds.push_back(&r);
        byBits[sweep.configurations()[p].bits.value_or(0)] = sweepStats(seeds);
    }
    double bandTop = 0;
    for (int b = 4; b <= 8; ++b) {
        QCOMPARE(byBits[b].finished, plan.seeds);
        bandTop = std::max(bandTop, byBits[b].testLoss.max);
    }
    QVERIFY(byBits[4].testLoss.mean <= byBits[8].testLoss.max);
    QVERIFY(byBits[8].testLoss.mean <= byBits[4].testLoss.max);
    QVERIFY2(byBits[3].testLoss.mean > bandTop, qPrintable(QString::number(bandTop)));
    QVERIFY(byBits[2].testLoss.mean > bandTop);
}

QTEST_APPLESS_MAIN(TestSweep)
#include "tst_sweep.moc"
