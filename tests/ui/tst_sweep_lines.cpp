// SweepLines: what the Sweep chart draws, computed from results without Qt Charts. A
// bit-width sweep with two seeds: the fp64 baseline, one line per scheme with the mean over
// the seeds and its band (min-max, or one sample standard deviation), and a configuration
// that diverged listed with why, at its bits.

#include "ui/charts/sweep_lines.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

SweepResult result(int index, const std::string& scheme, std::optional<int> bits, int seedIndex,
    double testLoss, RunStatus status = RunStatus::Finished)
{
    SweepResult r;
    r.index = index;
    r.point = index / 2;
    r.seedIndex = seedIndex;
    r.seed = 42 + static_cast<std::uint64_t>(seedIndex);
    r.scheme = scheme;
    r.bits = bits;
    r.runName = scheme;
    RunSummary s;
    s.status = status;
    if (status == RunStatus::Diverged) {
        s.failedStep = 3;
        s.message = "diverged at step 3: the loss is not finite";
    }
    r.summary = s;
    r.testLoss = status == RunStatus::Finished ? testLoss : kNaN;
    return r;
}

SweepLines::Input input(const std::vector<SweepResult>& results, bool minMaxBand)
{
    SweepLines::Input in;
    in.results = &results;
    in.plan.schemes = { "fp64", "symmetric", "binary" };
    in.plan.bits = { 2, 4 };
    in.plan.seeds = 2;
    in.bitsLo = 2;
    in.bitsHi = 4;
    in.minMaxBand = minMaxBand;
    in.metricName = QStringLiteral("final test loss");
    in.valueOf = [](const SweepResult& r) { return r.testLoss; };
    return in;
}

const SweepLines::Line* lineNamed(const SweepLines& lines, const QString& name)
{
    for (const SweepLines::Line& l : lines.lines)
        if (l.name == name)
            return &l;
    return nullptr;
}

} // namespace

class TestSweepLines : public QObject {
    Q_OBJECT

private slots:
    void meansBandsAndFailures()
    {
        const std::vector<SweepResult> results = {
            result(0, "fp64", std::nullopt, 0, 0.1),
            result(1, "fp64", std::nullopt, 1, 0.3),
            result(2, "symmetric", 2, 0, 0.5),
            result(3, "symmetric", 2, 1, 0.9),
            result(4, "symmetric", 4, 0, 0.2),
            result(5, "symmetric", 4, 1, 0.4),
            result(6, "binary", std::nullopt, 0, 0.0, RunStatus::Diverged),
        };
        const SweepLines lines(input(results, true));
        QCOMPARE(lines.seeds, 2);
        QCOMPARE(lines.lines.size(), std::size_t(2));

        const SweepLines::Line* baseline = nullptr;
        for (const SweepLines::Line& l : lines.lines)
            if (l.baseline)
                baseline = &l;
        QVERIFY(baseline);
        QCOMPARE(baseline->scheme, std::string("fp64"));
        QCOMPARE(baseline->points.size(), 1);
        QCOMPARE(baseline->points[0].y(), 0.2);
        QCOMPARE(baseline->lower[0].y(), 0.1);
        QCOMPARE(baseline->upper[0].y(), 0.3);

        const SweepLines::Line* sym = lineNamed(lines, SweepLines::seriesName("symmetric"));
        QVERIFY(sym);
        QVERIFY(!sym->baseline);
        QCOMPARE(sym->order, 2);
        QCOMPARE(sym->points.size(), 2);
        QCOMPARE(sym->points[0], QPointF(2, 0.7));
        QCOMPARE(sym->points[1].x(), 4.0);
        QVERIFY(std::abs(sym->points[1].y() - 0.3) < 1e-15);
        QCOMPARE(sym->lower[0].y(), 0.5);
        QCOMPARE(sym->upper[0].y(), 0.9);
        QCOMPARE(sym->lower[1].y(), 0.2);
        QCOMPARE(sym->upper[1].y(), 0.4);
        QCOMPARE(sym->tips.size(), 2);

        // The diverged binary run: at its 1 bit, with the engine's message.
        QCOMPARE(lines.failed.size(), std::size_t(1));
        QCOMPARE(lines.failed[0].first, 1.0);
        QVERIFY2(lines.failed[0].second.contains(QStringLiteral("diverged at step 3")),
            qPrintable(lines.failed[0].second));
        // x spans the sweep's bits and the failed point; y the bands.
        QCOMPARE(lines.xLo, 1.0);
        QCOMPARE(lines.xHi, 4.0);
        QCOMPARE(lines.lo, 0.1);
        QCOMPARE(lines.hi, 0.9);
    }

    // The other band: the mean plus and minus one sample standard deviation over the seeds.
    void standardDeviationBand()
    {
        const std::vector<SweepResult> results = {
            result(0, "symmetric", 2, 0, 0.5),
            result(1, "symmetric", 2, 1, 0.9),
        };
        const SweepLines lines(input(results, false));
        QCOMPARE(lines.lines.size(), std::size_t(1));
        const SweepLines::Line& sym = lines.lines[0];
        const double sd = std::sqrt(2 * 0.2 * 0.2); // two seeds: n - 1 = 1
        QVERIFY(std::abs(sym.points[0].y() - 0.7) < 1e-15);
        QVERIFY(std::abs(sym.lower[0].y() - (0.7 - sd)) < 1e-12);
        QVERIFY(std::abs(sym.upper[0].y() - (0.7 + sd)) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestSweepLines)
#include "tst_sweep_lines.moc"
