// The Loss chart draws zig-zagging main curves with a 1 px pen (Qt strokes a wide
// antialiased zig-zag several times slower) and smooth ones with the 2.2 px pen; the
// decision is the chart's, so every run's main curve has the same width.

#include "core/engine/presets.h"
#include "ui/charts/loss_chart.h"
#include "ui/experiment_info.h"
#include "ui/run_history.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

// Train loss of `steps` evaluated steps: a smooth decay, plus +-0.3 of noise that flips
// sign every step when `noisy` (every pixel column of the chart zig-zags).
void fill(RunHistory& history, int run, bool noisy, std::int64_t steps)
{
    std::vector<Record> records;
    for (std::int64_t s = 0; s < steps; ++s) {
        Record r;
        r.run = run;
        r.step = s;
        r.evaluated = true;
        r.trainLoss = 2.0 / (1.0 + 0.001 * static_cast<double>(s)) + 0.1 * run
            + (noisy ? (s % 2 == 0 ? 0.3 : -0.3) : 0.0);
        records.push_back(r);
    }
    history.append(records);
}

} // namespace

class TestLossChartPens : public QObject {
    Q_OBJECT
private slots:
    void widths_data()
    {
        QTest::addColumn<bool>("firstNoisy");
        QTest::addColumn<bool>("secondNoisy");
        QTest::addColumn<bool>("logScale");
        QTest::addColumn<double>("expected");
        QTest::newRow("both smooth") << false << false << false << 2.2;
        QTest::newRow("both noisy") << true << true << false << 1.0;
        QTest::newRow("both noisy, log axis") << true << true << true << 1.0;
        QTest::newRow("one noisy, one smooth") << true << false << false << 2.2;
    }

    void widths()
    {
        QFETCH(bool, firstNoisy);
        QFETCH(bool, secondNoisy);
        QFETCH(bool, logScale);
        QFETCH(double, expected);
        const std::vector<QString> names { QStringLiteral("fp64"), QStringLiteral("q4") };
        ExperimentInfo info;
        info.spec = findPreset("seed")->spec;
        info.runNames = names;
        info.totalSteps = 20000;
        LossChart chart;
        chart.resize(1000, 700);
        chart.setExperiment(info);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setMode(LossChart::Mode::Loss);
        chart.setSmoothing(0.0);
        chart.setLogScale(logScale);

        RunHistory history;
        history.reset(names);
        fill(history, 0, firstNoisy, 20000);
        fill(history, 1, secondNoisy, 20000);
        chart.refresh(history, true);
        QVERIFY(chart.seriesPoints(0, 0).size() > 100); // the curves are drawn
        QCOMPARE(chart.seriesPenWidth(0, 0), expected);
        QCOMPARE(chart.seriesPenWidth(1, 0), expected);

        // A new history starts with the wide pen again and decides anew.
        history.reset(names);
        fill(history, 0, false, 20000);
        fill(history, 1, false, 20000);
        chart.refresh(history, true);
        QCOMPARE(chart.seriesPenWidth(0, 0), 2.2);
        QCOMPARE(chart.seriesPenWidth(1, 0), 2.2);
    }
};

QTEST_MAIN(TestLossChartPens)
#include "tst_loss_chart_pens.moc"
