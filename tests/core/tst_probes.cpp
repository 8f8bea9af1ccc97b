// Probes (core/engine/probes.h): the decision grid is the engine's own predictions at the
// cell centres (binary and multiclass, standardized or not), the loss surface is
// trainLossAt at every grid point, the Fit view's curves are each run's own line (the
// weights it uses, standardized or not) and its predicted-against-actual rows are bounded,
// and Experiment::advanceToEpochEnd stops at epoch ends.

#include "common/test_support.h"
#include "core/data/generators.h"
#include "core/engine/probes.h"
#include "core/engine/record_log.h"
#include "core/loss/loss.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;

namespace {

ExperimentSpec classifierSpec(const std::string& source, bool standardize)
{
    ExperimentSpec spec;
    spec.dataset.source = source;
    spec.dataset.samples = 90;
    spec.dataset.testFraction = 0.2;
    spec.dataset.standardize = standardize;
    spec.model.kind = "mlp";
    spec.model.hidden = { 5 };
    spec.loss = source == "builtin:moons" ? "bce" : "cross_entropy";
    spec.optimizer.kind = "adam";
    spec.optimizer.lr = 0.05;
    spec.optimizer.batchSize = 16;
    spec.training.epochs = 3;
    spec.training.seed = 11;
    QuantizerSpec q;
    q.scheme = "symmetric";
    q.bits = 3;
    q.mode = TrainingMode::Ptq;
    spec.runs = { RunSpec { "fp64", std::nullopt }, RunSpec { "sym3-ptq", q } };
    return spec;
}

ExperimentSpec seedSpec()
{
    ExperimentSpec spec;
    spec.dataset.source = "builtin:seed-linear";
    spec.dataset.samples = 50;
    spec.optimizer.kind = "sgd";
    spec.optimizer.lr = 0.05;
    spec.optimizer.batchSize = 8; // 50 rows: 7 steps per epoch, the last of 2 rows
    spec.training.epochs = 4;
    return spec;
}

std::unique_ptr<Experiment> trained(const ExperimentSpec& spec)
{
    auto e = std::make_unique<Experiment>(spec, loadDataset(spec.dataset, ""));
    RecordLog discard;
    e->run(discard, {}, 1);
    return e;
}

} // namespace

class TestProbes : public QObject {
    Q_OBJECT
private slots:
    void decisionGridIsTheEnginesPredictions_data();
    void decisionGridIsTheEnginesPredictions();
    void decisionGridFrame();
    void decisionGridOfSomeRuns();
    void lossSurfaceIsTrainLossAt();
    void lossSurfaceRefusesWhatItCannotDraw();
    void advanceToEpochEnd();
    void fitCurveIsEachRunsLine_data();
    void fitCurveIsEachRunsLine();
    void fitPredictedAgainstActual();
    void fitNotForClassification();
};

void TestProbes::decisionGridIsTheEnginesPredictions_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("standardize");
    QTest::newRow("binary, standardized") << "builtin:moons" << true;
    QTest::newRow("binary, raw") << "builtin:moons" << false;
    QTest::newRow("multiclass, standardized") << "builtin:blobs" << true;
}

void TestProbes::decisionGridIsTheEnginesPredictions()
{
    QFETCH(QString, source);
    QFETCH(bool, standardize);
    const auto e = trained(classifierSpec(source.toStdString(), standardize));
    const int size = 23;
    const DecisionGrid g = decisionGrid(*e, size);
    QCOMPARE(g.size, size);
    QCOMPARE(int(g.classes.size()), e->runCount());
    QCOMPARE(int(g.confidence.size()), e->runCount());
    const Dataset& d = e->dataset();
    int regions[2] = { 0, 0 };
    for (int run = 0; run < e->runCount(); ++run) {
        const auto& cls = g.classes[std::size_t(run)];
        const auto& conf = g.confidence[std::size_t(run)];
        QCOMPARE(int(cls.size()), size * size);
        for (int i = 0; i < size; ++i)
            for (int j = 0; j < size; ++j) {
                // The cell centre, by the documented formula, standardized by hand.
                Matrix x(1, 2);
                x(0, 0) = g.xMin + (j + 0.5) * (g.xMax - g.xMin) / size;
                x(0, 1) = g.yMax - (i + 0.5) * (g.yMax - g.yMin) / size;
                if (standardize)
                    for (int c = 0; c < 2; ++c)
                        x(0, c) = (x(0, c) - d.featureMean(c)) / d.featureStd(c);
                Matrix logits;
                e->predict(run, x, logits);
                const std::size_t cell = std::size_t(i * size + j);
                QCOMPARE(int(cls[cell]), int(Loss::predictClass(logits.row(0))));
                // The probability of the chosen class (sigmoid or softmax), as a float.
                const RowVector p = logits.cols() == 1
                    ? RowVector::Constant(1, 1.0 / (1.0 + std::exp(-logits(0, 0))))
                    : RowVector((logits.array() - logits.maxCoeff()).exp()
                        / (logits.array() - logits.maxCoeff()).exp().sum());
                const double expected
                    = logits.cols() == 1 ? (cls[cell] ? p(0) : 1.0 - p(0)) : p(cls[cell]);
                QVERIFY2(std::abs(conf[cell] - expected) < 1e-6,
                    qPrintable(QString("run %1 cell %2: %3 vs %4")
                                   .arg(run)
                                   .arg(cell)
                                   .arg(conf[cell])
                                   .arg(expected)));
                QVERIFY(conf[cell] >= 0.0f && conf[cell] <= 1.0f);
                ++regions[cls[cell] == cls[0] ? 0 : 1];
            }
    }
    QVERIFY(regions[0] > 0 && regions[1] > 0); // more than one region
}

// The runs asked for, each as in the grid of every run (the same bits), the others empty;
// on one thread as on two.
void TestProbes::decisionGridOfSomeRuns()
{
    const auto e = trained(classifierSpec("builtin:moons", false));
    QVERIFY(e->runCount() >= 2);
    const DecisionGrid frame = bitlab::decisionGridFrame(e->dataset(), 17);
    const DecisionGrid all = decisionGrid(*e, frame);
    const int last = e->runCount() - 1;
    for (int threads : { 1, 2 }) {
        const DecisionGrid some = decisionGrid(*e, frame, {}, threads, { last, 99 });
        QCOMPARE(int(some.classes.size()), e->runCount());
        QCOMPARE(int(some.confidence.size()), e->runCount());
        for (int run = 0; run < e->runCount(); ++run) {
            const auto k = std::size_t(run);
            if (run == last) {
                QCOMPARE(some.classes[k], all.classes[k]);
                QCOMPARE(some.confidence[k], all.confidence[k]);
            } else {
                QVERIFY(some.classes[k].empty());
                QVERIFY(some.confidence[k].empty());
            }
        }
    }
}

void TestProbes::decisionGridFrame()
{
    // The data inside, with an 8% margin of each span on every side.
    const auto e = trained(classifierSpec("builtin:moons", true));
    const Dataset& d = e->dataset();
    const DecisionGrid g = bitlab::decisionGridFrame(d, 10);
    QCOMPARE(g.size, 10);
    QVERIFY(g.classes.empty());
    const double lo = d.x.col(0).minCoeff(), hi = d.x.col(0).maxCoeff();
    QCOMPARE(g.xMin, lo - 0.08 * (hi - lo));
    QCOMPARE(g.xMax, hi + 0.08 * (hi - lo));
    const Matrix points = decisionGridPoints(g);
    QCOMPARE(points.rows(), Index(100));
    QCOMPARE(points(0, 0), g.xMin + 0.05 * (g.xMax - g.xMin)); // top-left cell centre
    QCOMPARE(points(0, 1), g.yMax - 0.05 * (g.yMax - g.yMin));
    // No grid for regression or for another number of features.
    const auto regression = trained(seedSpec());
    QVERIFY(decisionGrid(*regression).empty());
    QVERIFY(bitlab::decisionGridFrame(regression->dataset()).empty());
}

void TestProbes::lossSurfaceIsTrainLossAt()
{
    const auto e = trained(seedSpec());
    const int size = 9;
    const LossSurface s = lossSurface(*e, -1.0, 3.0, -2.0, 2.0, size);
    QCOMPARE(s.size, size);
    QCOMPARE(s.values.size(), std::size_t(size * size));
    for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j) {
            const double w = -1.0 + j * 4.0 / (size - 1), b = -2.0 + i * 4.0 / (size - 1);
            QCOMPARE(s.values[std::size_t(i * size + j)], e->trainLossAt({ w, b }));
        }
}

void TestProbes::lossSurfaceRefusesWhatItCannotDraw()
{
    const auto mlp = trained(classifierSpec("builtin:moons", true));
    QVERIFY(test::errorOf([&] { lossSurface(*mlp, 0, 1, 0, 1, 5); }).contains("two"));
    const auto e = trained(seedSpec());
    QVERIFY(test::errorOf([&] { lossSurface(*e, 0, 1, 0, 1, 1); }).contains("size 1"));
    QVERIFY(test::errorOf([&] { lossSurface(*e, 1, 1, 0, 1, 5); }).contains("empty"));
}

void TestProbes::advanceToEpochEnd()
{
    const ExperimentSpec spec = seedSpec();
    Experiment e(spec, loadDataset(spec.dataset, ""));
    RecordLog log;
    QCOMPARE(e.stepsPerEpoch(), std::int64_t(7));
    QCOMPARE(e.step(), std::int64_t(0));
    QVERIFY(e.advanceToEpochEnd(log)); // a whole epoch from an epoch boundary
    QCOMPARE(e.step(), std::int64_t(7));
    QCOMPARE(e.epoch(), std::int64_t(1));
    e.advance(3, log);
    QCOMPARE(e.epoch(), std::int64_t(1));
    QVERIFY(e.advanceToEpochEnd(log)); // the rest of the epoch
    QCOMPARE(e.step(), std::int64_t(14));
    QVERIFY(e.advanceToEpochEnd(log));
    QVERIFY(!e.advanceToEpochEnd(log)); // the last epoch: nothing left
    QCOMPARE(e.step(), e.totalSteps());
    QVERIFY(e.finished());
}

void TestProbes::fitCurveIsEachRunsLine_data()
{
    QTest::addColumn<bool>("standardize");
    QTest::newRow("raw") << false;
    QTest::newRow("standardized") << true;
}

void TestProbes::fitCurveIsEachRunsLine()
{
    QFETCH(bool, standardize);
    ExperimentSpec spec = seedSpec();
    spec.dataset.standardize = standardize;
    spec.dataset.testFraction = 0.2;
    QuantizerSpec q;
    q.scheme = "fixed";
    q.bits = 4;
    q.fracBits = 1; // a coarse grid: the twin's line differs from float64's
    spec.runs = { RunSpec { "fp64", std::nullopt }, RunSpec { "q4.1", q } };
    const auto e = trained(spec);
    const Dataset& d = e->dataset();
    const FitFrame frame = fitFrame(d);
    QVERIFY(frame.curve());
    QCOMPARE(frame.curveX.size(), std::size_t(kFitCurvePoints));
    const double lo = d.x.col(0).minCoeff(), hi = d.x.col(0).maxCoeff();
    QCOMPARE(frame.curveX.front(), lo - 0.08 * (hi - lo));
    QCOMPARE(frame.curveX.back(), hi + 0.08 * (hi - lo));
    QVERIFY(std::is_sorted(frame.curveX.begin(), frame.curveX.end()));
    // The rows: raw x and y in file order, test rows marked.
    QCOMPARE(frame.rowX.size(), std::size_t(d.rows()));
    int tests = 0;
    for (Index r = 0; r < d.rows(); ++r) {
        QCOMPARE(frame.rowX[std::size_t(r)], d.x(r, 0));
        QCOMPARE(frame.rowY[std::size_t(r)], d.y(r, 0));
        tests += frame.rowIsTest[std::size_t(r)];
    }
    QCOMPARE(tests, static_cast<int>(d.testRows.size()));
    const auto fits = fitPredictions(*e, frame);
    QCOMPARE(fits.size(), std::size_t(2));
    double largestGap = 0;
    for (int run = 0; run < 2; ++run) {
        // y = w x' + b with the weights the run uses, x' the model's input.
        const WeightSnapshot snap = e->snapshot(run);
        const double w = snap.tensors[0].values(0, 0), b = snap.tensors[1].values(0, 0);
        for (std::size_t i = 0; i < frame.curveX.size(); ++i) {
            const double x = standardize ? (frame.curveX[i] - d.featureMean(0)) / d.featureStd(0)
                                         : frame.curveX[i];
            QVERIFY(std::abs(fits[std::size_t(run)][i] - (w * x + b)) < 1e-12);
            if (run == 1)
                largestGap = std::max(largestGap, std::abs(fits[1][i] - fits[0][i]));
        }
    }
    QVERIFY(largestGap > 1e-3);
}

void TestProbes::fitPredictedAgainstActual()
{
    ExperimentSpec spec = seedSpec();
    spec.dataset.source = "builtin:linear";
    spec.dataset.features = 3;
    spec.dataset.samples = 2500; // more rows than the frame probes
    spec.dataset.standardize = true;
    spec.training.epochs = 1;
    const auto e = trained(spec);
    const Dataset& d = e->dataset();
    const FitFrame frame = fitFrame(d);
    QCOMPARE(frame.features, 3);
    QVERIFY(!frame.curve());
    QVERIFY(frame.curveX.empty() && frame.rowX.empty());
    QCOMPARE(frame.rowY.size(), std::size_t(kMaxFitRows));
    QCOMPARE(frame.inputs.rows(), kMaxFitRows);
    const auto fits = fitPredictions(*e, frame);
    QCOMPARE(fits.size(), std::size_t(1));
    QCOMPARE(fits[0].size(), std::size_t(kMaxFitRows));
    Matrix logits;
    for (Index r : { Index(0), Index(17), kMaxFitRows - 1 }) {
        QCOMPARE(frame.rowY[std::size_t(r)], d.y(r, 0));
        e->predict(0, d.toModelSpace(d.x.row(r)), logits);
        QCOMPARE(fits[0][std::size_t(r)], logits(0, 0));
    }
}

void TestProbes::fitNotForClassification()
{
    const auto e = trained(classifierSpec("builtin:moons", true));
    const FitFrame frame = fitFrame(e->dataset());
    QVERIFY(frame.empty());
    QVERIFY(fitPredictions(*e, frame).empty());
}

QTEST_APPLESS_MAIN(TestProbes)
#include "tst_probes.moc"
