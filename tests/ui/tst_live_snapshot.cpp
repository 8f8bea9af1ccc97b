// The worker's view data: a LiveSnapshot after prepare and when training ends (tensors of
// every run, decision regions that match the engine's own predictions), the loss surface of
// a two-parameter model, and a grid change while paused.

#include "core/engine/experiment.h"
#include "core/engine/presets.h"
#include "core/engine/record_log.h"
#include "core/io/experiment_factory.h"
#include "core/loss/loss.h"
#include "ui/training_controller.h"

#include <QSignalSpy>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

ExperimentSpec moonsSpec()
{
    ExperimentSpec spec = findPreset("moons")->spec;
    spec.training.epochs = 2;
    return spec;
}

LiveSnapshot lastSnapshot(const QSignalSpy& spy)
{
    return spy.last().at(0).value<LiveSnapshot>();
}

} // namespace

class TestLiveSnapshot : public QObject {
    Q_OBJECT
private slots:
    void snapshotAfterPrepareAndAtEnd();
    void boundaryMatchesEnginePredictions();
    void lossSurfaceOfTheSeedModel();
    void gridChangeWhilePaused();
    void invalidGridChangeIsRejected();
};

void TestLiveSnapshot::snapshotAfterPrepareAndAtEnd()
{
    TrainingController controller;
    QSignalSpy snapshots(&controller, &TrainingController::snapshotArrived);
    QSignalSpy prepared(&controller, &TrainingController::prepared);
    const ExperimentSpec spec = findPreset("seed")->spec;
    controller.start(spec, false);
    QTRY_COMPARE(prepared.count(), 1);
    QTRY_VERIFY(snapshots.count() >= 1);
    const ExperimentInfo info = prepared.first().at(0).value<ExperimentInfo>();
    QCOMPARE(info.parameterCount, 2);
    QVERIFY(info.pointX.empty()); // one feature: no boundary points
    LiveSnapshot first = lastSnapshot(snapshots);
    QCOMPARE(first.step, qint64(0));
    QCOMPARE(static_cast<int>(first.weights.size()), static_cast<int>(spec.runs.size()));
    QVERIFY(first.boundary.empty());

    controller.run();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingController::State::Finished, 30000);
    QTRY_VERIFY(lastSnapshot(snapshots).step > 0);
    const LiveSnapshot last = lastSnapshot(snapshots);
    const std::unique_ptr<Experiment> reference = io::makeExperiment(spec);
    QCOMPARE(last.step, reference->totalSteps());
    // The fixed-point runs report their grid: levels k/8 over the 8-bit range.
    bool sawQuantized = false;
    for (std::size_t r = 0; r < spec.runs.size(); ++r) {
        const auto& q = spec.runs[r].quantizer;
        const TensorSnapshot& w = last.weights[r].tensors.front();
        QCOMPARE(w.quantized, q.has_value());
        if (q) {
            sawQuantized = true;
            QCOMPARE(static_cast<int>(w.levels.front().size()), 1 << q->bits);
            // Every value the run uses sits on the grid.
            const double v = w.values(0, 0) * (1 << q->fracBits);
            QCOMPARE(v, std::round(v));
        }
    }
    QVERIFY(sawQuantized);
}

void TestLiveSnapshot::boundaryMatchesEnginePredictions()
{
    const ExperimentSpec spec = moonsSpec();
    TrainingController controller;
    QSignalSpy snapshots(&controller, &TrainingController::snapshotArrived);
    QSignalSpy prepared(&controller, &TrainingController::prepared);
    controller.start(spec, true);
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingController::State::Finished, 60000);
    // No view asked for the regions while training ran: the worker completes the snapshot
    // once training has ended.
    QTRY_VERIFY(lastSnapshot(snapshots).parts == kSnapshotAll);
    const ExperimentInfo info = prepared.first().at(0).value<ExperimentInfo>();
    QCOMPARE(info.features, 2);
    QVERIFY(!info.pointX.empty());
    QCOMPARE(info.pointX.size(), info.pointIsTest.size());
    QVERIFY(std::count(info.pointIsTest.begin(), info.pointIsTest.end(), true) > 0);

    const LiveSnapshot last = lastSnapshot(snapshots);
    QCOMPARE(last.boundaryStep, last.step);
    const BoundaryGrid& g = last.boundary;
    QCOMPARE(g.size, 200);
    QCOMPARE(static_cast<int>(g.classes.size()), static_cast<int>(spec.runs.size()));
    // Every data point lies inside the grid.
    for (std::size_t i = 0; i < info.pointX.size(); ++i) {
        QVERIFY(info.pointX[i] > g.xMin && info.pointX[i] < g.xMax);
        QVERIFY(info.pointY[i] > g.yMin && info.pointY[i] < g.yMax);
    }
    // Re-run the same experiment in the engine and predict a few cell centres ourselves.
    const std::unique_ptr<Experiment> e = io::makeExperiment(spec);
    RecordLog discard;
    e->run(discard, {}, 1);
    const Dataset& d = e->dataset();
    int checked = 0, class1 = 0;
    for (int i = 5; i < g.size; i += 37)
        for (int j = 3; j < g.size; j += 41) {
            Matrix x(1, 2);
            x(0, 0) = g.xMin + (j + 0.5) * (g.xMax - g.xMin) / g.size;
            x(0, 1) = g.yMax - (i + 0.5) * (g.yMax - g.yMin) / g.size;
            if (d.featureMean.size() == 2)
                for (int c = 0; c < 2; ++c)
                    x(0, c) = (x(0, c) - d.featureMean(c)) / d.featureStd(c);
            for (int run = 0; run < e->runCount(); ++run) {
                Matrix logits;
                e->predict(run, x, logits);
                const auto cell = static_cast<std::size_t>(i * g.size + j);
                QCOMPARE(int(g.classes[static_cast<std::size_t>(run)][cell]),
                    int(Loss::predictClass(logits.row(0))));
                const float conf = g.confidence[static_cast<std::size_t>(run)][cell];
                QVERIFY(conf >= 0.5f && conf <= 1.0f);
                class1 += g.classes[static_cast<std::size_t>(run)][cell];
                ++checked;
            }
        }
    QVERIFY(checked > 20);
    QVERIFY(class1 > 0 && class1 < checked); // both regions appear
}

void TestLiveSnapshot::lossSurfaceOfTheSeedModel()
{
    const ExperimentSpec spec = findPreset("seed")->spec;
    TrainingController controller;
    QSignalSpy prepared(&controller, &TrainingController::prepared);
    QSignalSpy surfaces(&controller, &TrainingController::lossSurfaceArrived);
    controller.start(spec, false);
    QTRY_COMPARE(prepared.count(), 1);
    controller.computeLossSurface(-1.0, 5.0, -2.0, 4.0, 31);
    QTRY_COMPARE(surfaces.count(), 1);
    const LossSurface s = surfaces.first().at(0).value<LossSurface>();
    QCOMPARE(s.size, 31);
    QCOMPARE(s.values.size(), std::size_t(31 * 31));
    const std::unique_ptr<Experiment> e = io::makeExperiment(spec);
    // Cell (i, j) is (w, b) = (x0 + j dx, y0 + i dy).
    for (int i : { 0, 7, 30 })
        for (int j : { 0, 12, 30 }) {
            const double w = -1.0 + j * 6.0 / 30, b = -2.0 + i * 6.0 / 30;
            QCOMPARE(s.values[static_cast<std::size_t>(i * 31 + j)], e->trainLossAt({ w, b }));
        }
    // The minimum of a least-squares bowl is interior, near the trained full-precision run.
    const auto best = std::min_element(s.values.begin(), s.values.end()) - s.values.begin();
    QVERIFY(best / 31 > 0 && best / 31 < 30 && best % 31 > 0 && best % 31 < 30);
}

void TestLiveSnapshot::gridChangeWhilePaused()
{
    ExperimentSpec spec = findPreset("seed")->spec;
    TrainingController controller;
    QSignalSpy prepared(&controller, &TrainingController::prepared);
    QSignalSpy snapshots(&controller, &TrainingController::snapshotArrived);
    QSignalSpy changed(&controller, &TrainingController::quantizerChanged);
    controller.start(spec, false);
    QTRY_COMPARE(prepared.count(), 1);
    controller.stepEpoch();
    QTRY_VERIFY(controller.step() >= 1);
    int run = -1;
    for (std::size_t r = 0; r < spec.runs.size(); ++r)
        if (spec.runs[r].quantizer && spec.runs[r].quantizer->mode == TrainingMode::PostUpdate
            && spec.runs[r].quantizer->rounding == Rounding::Nearest)
            run = static_cast<int>(r);
    QVERIFY(run >= 0);
    QuantizerSpec q = *spec.runs[static_cast<std::size_t>(run)].quantizer;
    q.fracBits = 1; // a coarser grid: steps of 1/2
    const qsizetype before = snapshots.count();
    controller.changeQuantizer(run, q);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toInt(), run);
    QCOMPARE(changed.first().at(1).toLongLong(), controller.step());
    QCOMPARE(changed.first().at(3).toString(), QStringLiteral("fixed8.1-post"));
    QTRY_VERIFY(snapshots.count() > before);
    const LiveSnapshot after = lastSnapshot(snapshots);
    const TensorSnapshot& w = after.weights[static_cast<std::size_t>(run)].tensors[0];
    QCOMPARE(w.values(0, 0) * 2, std::round(w.values(0, 0) * 2)); // re-snapped onto 1/2 steps
    QCOMPARE(static_cast<int>(w.levels.front().size()), 256);
    QCOMPARE(w.levels.front()[1] - w.levels.front()[0], 0.5);
}

void TestLiveSnapshot::invalidGridChangeIsRejected()
{
    const ExperimentSpec spec = findPreset("seed")->spec;
    TrainingController controller;
    QSignalSpy prepared(&controller, &TrainingController::prepared);
    QSignalSpy rejected(&controller, &TrainingController::quantizerRejected);
    controller.start(spec, false);
    QTRY_COMPARE(prepared.count(), 1);
    QuantizerSpec q;
    q.scheme = "fixed";
    q.bits = 4;
    q.fracBits = 99; // beyond the allowed fractional bits
    controller.changeQuantizer(1, q);
    QTRY_COMPARE(rejected.count(), 1);
    QVERIFY(rejected.first().at(1).toString().contains(QStringLiteral("frac")));
}

QTEST_MAIN(TestLiveSnapshot)
#include "tst_live_snapshot.moc"
