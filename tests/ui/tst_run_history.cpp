// RunHistory keeps memory flat however long a run trains:
// a metric trace halves into min/max pairs when it is full, trajectories drop every other
// point. These tests feed more records than the capacities and check what the views rely
// on: bounded size, steps in order, real points only, every group's extremes kept, the
// newest points untouched, and the compaction count that tells views to start over.

#include "ui/run_history.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

// A noisy, slowly falling loss with rare spikes (the shapes a min/max chart must keep).
double lossAt(std::int64_t step)
{
    const double noise = std::sin(static_cast<double>(step) * 12.9898) * 0.1;
    const double spike = step % 9973 == 0 ? 5.0 : 0.0;
    return 1.0 / (1.0 + static_cast<double>(step) * 1e-5) + noise + spike;
}

Record recordAt(int run, std::int64_t step)
{
    Record r;
    r.run = run;
    r.step = step;
    r.batchLoss = lossAt(step);
    r.flips = step % 3;
    return r;
}

} // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
private slots:
    void traceStaysBoundedAndKeepsExtremes()
    {
        RunHistory h;
        h.reset({ QStringLiteral("fp64") });
        const std::int64_t total = 5 * static_cast<std::int64_t>(RunHistory::kTraceCapacity) + 123;
        std::vector<Record> batch;
        std::map<std::int64_t, double> raw;
        double rawMin = 1e300, rawMax = -1e300;
        for (std::int64_t s = 1; s <= total; ++s) {
            batch.push_back(recordAt(0, s));
            raw[s] = batch.back().batchLoss;
            rawMin = std::min(rawMin, raw[s]);
            rawMax = std::max(rawMax, raw[s]);
            if (batch.size() == 1000) {
                h.append(batch);
                batch.clear();
                QVERIFY(h.run(0).metric(Metric::BatchLoss).size() <= RunHistory::kTraceCapacity);
            }
        }
        h.append(batch);
        const MetricTrace& t = h.run(0).metric(Metric::BatchLoss);
        QVERIFY(t.size() <= RunHistory::kTraceCapacity);
        QVERIFY(t.size() >= RunHistory::kTraceCapacity / 4);
        QVERIFY(t.compactions >= 3);
        QVERIFY(std::is_sorted(t.steps.begin(), t.steps.end()));
        QVERIFY(std::adjacent_find(t.steps.begin(), t.steps.end()) == t.steps.end());
        for (std::size_t i = 0; i < t.size(); ++i) {
            const auto it = raw.find(static_cast<std::int64_t>(t.steps[i]));
            QVERIFY(it != raw.end());
            QCOMPARE(t.values[i], it->second); // a real point, not an average
        }
        QCOMPARE(*std::min_element(t.values.begin(), t.values.end()), rawMin);
        QCOMPARE(*std::max_element(t.values.begin(), t.values.end()), rawMax);
        // Every spike survives, and the newest point is the last one appended.
        for (std::int64_t s = 9973; s <= total; s += 9973)
            QVERIFY2(
                std::find(t.steps.begin(), t.steps.end(), static_cast<double>(s)) != t.steps.end(),
                qPrintable(QStringLiteral("spike at step %1 lost").arg(s)));
        QCOMPARE(t.latestStep, static_cast<double>(total));
        QCOMPARE(t.latestValue, raw[total]);
        QCOMPARE(h.run(0).last.step, total);
        // The open group is not drawn yet: the curve lags by less than one group.
        QVERIFY(total - t.steps.back() < static_cast<double>(t.groupSize));
        // The memory a trace holds is its capacity, not its history.
        QVERIFY(t.steps.capacity() <= RunHistory::kTraceCapacity);
    }

    // Old and new parts of a long run are kept at the same resolution: the early descent
    // of a million-step run is not thinned more than its last steps.
    void resolutionIsUniform()
    {
        RunHistory h;
        h.reset({ QStringLiteral("fp64") });
        const std::int64_t total = 1'000'000;
        std::vector<Record> batch;
        for (std::int64_t s = 0; s < total; ++s) {
            batch.push_back(recordAt(0, s));
            if (batch.size() == 10'000) {
                h.append(batch);
                batch.clear();
            }
        }
        const MetricTrace& t = h.run(0).metric(Metric::BatchLoss);
        QVERIFY(t.compactions >= 3);
        // The median gap between kept steps in each tenth of the run.
        std::vector<double> medians;
        for (int tenth = 0; tenth < 10; ++tenth) {
            std::vector<double> gaps;
            for (std::size_t i = 1; i < t.size(); ++i)
                if (t.steps[i] >= tenth * total / 10.0 && t.steps[i] < (tenth + 1) * total / 10.0)
                    gaps.push_back(t.steps[i] - t.steps[i - 1]);
            QVERIFY(gaps.size() > 100);
            std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
            medians.push_back(gaps[gaps.size() / 2]);
        }
        const auto [lo, hi] = std::minmax_element(medians.begin(), medians.end());
        QVERIFY2(*hi <= 2.0 * *lo,
            qPrintable(QStringLiteral("median gaps from %1 to %2 steps").arg(*lo).arg(*hi)));
    }

    // When the run ends, its curves reach its last value, whatever group it fell in.
    void endOfRunClosesTheOpenGroup()
    {
        RunHistory h;
        h.reset({ QStringLiteral("fp64") });
        const std::int64_t total = 3 * static_cast<std::int64_t>(RunHistory::kTraceCapacity) + 5;
        std::vector<Record> batch;
        for (std::int64_t s = 0; s < total; ++s)
            batch.push_back(recordAt(0, s));
        batch.back().batchLoss = 0.5; // neither the lowest nor the highest of its group
        h.append(batch);
        const MetricTrace& t = h.run(0).metric(Metric::BatchLoss);
        QVERIFY(t.groupCount > 0);
        QVERIFY(t.steps.back() < static_cast<double>(total - 1));
        RunSummary summary;
        summary.run = 0;
        h.setSummary(summary);
        QCOMPARE(t.groupCount, std::size_t(0));
        QCOMPARE(t.steps.back(), static_cast<double>(total - 1));
        QCOMPARE(t.values.back(), 0.5);
        QVERIFY(std::is_sorted(t.steps.begin(), t.steps.end()));
        QVERIFY(std::adjacent_find(t.steps.begin(), t.steps.end()) == t.steps.end());
    }

    // A smoothed metric also keeps its history as group means: bounded, equally fine from
    // start to end, each point the exact mean of its group, the run's end flushed.
    void meansOfGroups()
    {
        RunHistory h;
        h.reset({ QStringLiteral("fp64") });
        const std::int64_t total = 1'000'003;
        std::vector<Record> batch;
        std::vector<double> raw;
        for (std::int64_t s = 0; s < total; ++s) {
            batch.push_back(recordAt(0, s));
            raw.push_back(batch.back().batchLoss);
            if (batch.size() == 10'000) {
                h.append(batch);
                batch.clear();
            }
        }
        h.append(batch);
        const MetricTrace& t = h.run(0).metric(Metric::BatchLoss);
        QVERIFY(RunHistory::keepsMeans(Metric::BatchLoss));
        QVERIFY(!RunHistory::keepsMeans(Metric::GradNorm));
        QVERIFY(h.run(0).metric(Metric::Flips).means.empty());
        QVERIFY(t.means.size() <= RunHistory::kMeanCapacity);
        QVERIFY(t.means.size() >= RunHistory::kMeanCapacity / 4);
        QVERIFY(t.meanCompactions >= 3);
        QCOMPARE(t.meanSteps.size(), t.means.size());
        // Groups of meanGroupSize values from step 0 on: point i is the mean of its group.
        const std::size_t g = t.meanGroupSize;
        for (const std::size_t i :
            { std::size_t(0), std::size_t(1), t.means.size() / 2, t.means.size() - 1 }) {
            double sum = 0.0, steps = 0.0;
            for (std::size_t k = i * g; k < (i + 1) * g; ++k) {
                sum += raw[k];
                steps += static_cast<double>(k);
            }
            QVERIFY2(std::abs(t.means[i] - sum / static_cast<double>(g)) < 1e-9,
                qPrintable(QStringLiteral("mean %1").arg(i)));
            QCOMPARE(t.meanSteps[i], steps / static_cast<double>(g));
        }
        // The run's end adds the open group's mean, however few values it has.
        const std::size_t open = t.meanGroupCount;
        QVERIFY(open > 0);
        RunSummary summary;
        summary.run = 0;
        h.setSummary(summary);
        QCOMPARE(t.meanGroupCount, std::size_t(0));
        double sum = 0.0;
        for (std::size_t k = raw.size() - open; k < raw.size(); ++k)
            sum += raw[k];
        QVERIFY(std::abs(t.means.back() - sum / static_cast<double>(open)) < 1e-9);
    }

    void shortTraceIsUntouched()
    {
        RunHistory h;
        h.reset({ QStringLiteral("fp64"), QStringLiteral("q4") });
        std::vector<Record> batch;
        for (std::int64_t s = 0; s < 5000; ++s)
            for (int run = 0; run < 2; ++run)
                batch.push_back(recordAt(run, s));
        h.append(batch);
        for (int run = 0; run < 2; ++run) {
            const MetricTrace& t = h.run(run).metric(Metric::BatchLoss);
            QCOMPARE(t.size(), std::size_t(5000));
            QCOMPARE(t.compactions, 0u);
            for (std::size_t i = 0; i < t.size(); ++i)
                QCOMPARE(t.values[i], lossAt(static_cast<std::int64_t>(i)));
        }
    }

    void trajectoryStaysBoundedAndAligned()
    {
        RunHistory h;
        h.reset({ QStringLiteral("q4") });
        const std::int64_t total
            = 3 * static_cast<std::int64_t>(RunHistory::kTrajectoryCapacity) + 7;
        std::vector<Record> batch;
        for (std::int64_t s = 0; s < total; ++s) {
            Record r = recordAt(0, s);
            r.point = { static_cast<double>(s), -static_cast<double>(s) };
            r.latentPoint = { static_cast<double>(s) + 0.5, 0.0 };
            batch.push_back(r);
        }
        h.append(batch);
        const RunTrace& t = h.run(0);
        QVERIFY(t.trajectory.size() <= RunHistory::kTrajectoryCapacity);
        QVERIFY(t.trajectory.size() >= RunHistory::kTrajectoryCapacity / 2);
        QCOMPARE(t.trajectorySteps.size(), t.trajectory.size());
        QCOMPARE(t.latentTrajectory.size(), t.trajectory.size());
        for (std::size_t i = 0; i < t.trajectory.size(); ++i) {
            QCOMPARE(t.trajectory[i][0], static_cast<double>(t.trajectorySteps[i]));
            QCOMPARE(t.latentTrajectory[i][0], static_cast<double>(t.trajectorySteps[i]) + 0.5);
        }
        QVERIFY(std::is_sorted(t.trajectorySteps.begin(), t.trajectorySteps.end()));
        QCOMPARE(t.trajectorySteps.front(), std::int64_t(0));
        QCOMPARE(t.trajectorySteps.back(), total - 1); // the current point is always there
        // Equally dense from start to end: the gaps between kept steps are 2^k everywhere
        // (k halvings), but the very last, which leads to the newest point.
        const std::int64_t stride = t.trajectorySteps[1] - t.trajectorySteps[0];
        QVERIFY(stride >= 4);
        for (std::size_t i = 1; i + 1 < t.trajectorySteps.size(); ++i)
            QVERIFY2(t.trajectorySteps[i] - t.trajectorySteps[i - 1] == stride,
                qPrintable(QStringLiteral("gap %1 at step %2, not %3")
                               .arg(t.trajectorySteps[i] - t.trajectorySteps[i - 1])
                               .arg(t.trajectorySteps[i])
                               .arg(stride)));
    }
};

QTEST_MAIN(TestRunHistory)
#include "tst_run_history.moc"
