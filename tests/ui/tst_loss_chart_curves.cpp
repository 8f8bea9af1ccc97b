// The Loss chart's curves (drawn by its CurveLayer): a zig-zagging curve becomes a column
// band and a smooth one stays a line, run by run; the faint raw curve behind a smoothed
// batch loss is a band while the smoothed curve is a line; hovering a curve shows the run,
// the step and the value.

#include "core/engine/presets.h"
#include "ui/charts/curve_layer.h"
#include "ui/charts/loss_chart.h"
#include "ui/experiment_info.h"
#include "ui/run_history.h"

#include <QComboBox>
#include <QGraphicsView>
#include <QLabel>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QtCharts/QChartView>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QtTest>
#include <cmath>
#include <memory>

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

const std::vector<QString> kNames { QStringLiteral("fp64"), QStringLiteral("q4") };

// A shown Loss chart sized like the window's, for 20,000 steps of the seed preset.
std::unique_ptr<LossChart> shownChart()
{
    ExperimentInfo info;
    info.spec = findPreset("seed")->spec;
    info.runNames = kNames;
    info.totalSteps = 20000;
    auto chart = std::make_unique<LossChart>();
    chart->resize(1000, 700);
    chart->setExperiment(info);
    chart->show();
    return chart;
}

// A shown chart of the evaluated loss of two runs (fp64: 2 / (1 + step / 1000), q4: the
// same + 0.1, each +-0.3 every other step when noisy), and its graphics view.
struct TwoRuns {
    RunHistory history; // declared first: the chart keeps a pointer to it
    std::unique_ptr<LossChart> chart = shownChart();
    QGraphicsView* view = nullptr;
    TwoRuns(bool firstNoisy, bool secondNoisy, double smoothing, bool logScale,
        std::int64_t firstSteps = 20000)
    {
        chart->setMode(LossChart::Mode::Loss);
        chart->setSmoothing(smoothing);
        chart->setLogScale(logScale);
        refill(firstNoisy, secondNoisy, firstSteps);
        view = chart->findChild<QGraphicsView*>();
    }
    // A new history of the same runs, drawn.
    void refill(bool firstNoisy, bool secondNoisy, std::int64_t firstSteps = 20000)
    {
        history.reset(kNames);
        fill(history, 0, firstNoisy, firstSteps);
        fill(history, 1, secondNoisy, 20000);
        chart->refresh(history, true);
    }
    // Where a data point is, in the view's viewport.
    QPoint toView(double step, double value) const
    {
        const CurveLayer& layer = chart->curveLayer();
        return view->mapFromScene(layer.mapToScene(layer.toPixel(QPointF(step, value))));
    }
};

} // namespace

class TestLossChartCurves : public QObject {
    Q_OBJECT
private slots:
    // Accuracy lies in [0, 1]: its axis never reaches past 1 (it went to 1.2 on a linear
    // axis and to 10 on a log one), its ticks are round, and the log box does not apply.
    void accuracyAxisEndsAtOne_data()
    {
        QTest::addColumn<bool>("logScale");
        QTest::addColumn<double>("worst");
        QTest::newRow("linear, from 0.5") << false << 0.5;
        QTest::newRow("log box checked, from 0.5") << true << 0.5;
        QTest::newRow("linear, from 0.93") << false << 0.93;
    }
    void accuracyAxisEndsAtOne()
    {
        QFETCH(bool, logScale);
        QFETCH(double, worst);
        ExperimentInfo info;
        info.spec = findPreset("moons")->spec;
        info.task = Task::Binary;
        info.runNames = kNames;
        info.totalSteps = 400;
        RunHistory history;
        history.reset(kNames);
        LossChart chart;
        chart.resize(1000, 700);
        chart.setExperiment(info);
        chart.show();
        chart.setLogScale(logScale);
        chart.setMode(LossChart::Mode::Accuracy);
        for (int run = 0; run < 2; ++run) {
            std::vector<Record> records;
            for (std::int64_t s = 0; s < 400; s += 10) {
                Record r;
                r.run = run;
                r.step = s;
                r.evaluated = true;
                r.trainLoss = 1.0;
                r.trainAccuracy = worst + (0.99 - worst) * static_cast<double>(s) / 400.0;
                records.push_back(r);
            }
            history.append(records);
        }
        chart.refresh(history, true);
        const QList<QAbstractAxis*> axes
            = chart.findChild<QChartView*>()->chart()->axes(Qt::Vertical);
        int shown = 0;
        for (QAbstractAxis* axis : axes) {
            if (!axis->isVisible())
                continue;
            ++shown;
            auto* value = qobject_cast<QValueAxis*>(axis);
            QVERIFY2(value, "accuracy is drawn on a linear axis");
            QVERIFY2(value->max() <= 1.0 + 1e-12 && value->max() >= 0.99,
                qPrintable(QString::number(value->max())));
            QVERIFY2(value->min() >= 0 && value->min() <= worst,
                qPrintable(QString::number(value->min())));
            // Round ticks: 1, 2 or 5 times a power of ten apart, the lowest a multiple.
            const double step = (value->max() - value->min()) / (value->tickCount() - 1);
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
            QVERIFY2(std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6
                    || std::abs(mantissa - 5) < 1e-6,
                qPrintable(QString::number(step)));
            QVERIFY2(std::abs(value->min() / step - std::round(value->min() / step)) < 1e-6,
                qPrintable(QString::number(value->min())));
        }
        QCOMPARE(shown, 1);
    }

    // Issue 16, point 5: the five runs of lesson 2 with their train and test losses, in a
    // chart as wide as the Loss tab of a 1400 x 900 window: every legend entry is whole
    // (the lesson compares exactly these test losses); two runs keep one row under the plot.
    void legendEntriesAreWhole_data()
    {
        QTest::addColumn<int>("runs");
        QTest::newRow("lesson 2's five runs") << 5;
        QTest::newRow("two runs") << 2;
    }
    void legendEntriesAreWhole()
    {
        QFETCH(int, runs);
        const std::vector<QString> names { QStringLiteral("fp64"), QStringLiteral("sym8-ste"),
            QStringLiteral("sym4-ste"), QStringLiteral("sym3-ste"), QStringLiteral("sym2-ste") };
        RunHistory history;
        history.reset(std::vector<QString>(names.begin(), names.begin() + runs));
        for (int run = 0; run < runs; ++run) {
            std::vector<Record> records;
            for (std::int64_t s = 0; s < 50; ++s) {
                Record r;
                r.run = run;
                r.step = s;
                r.evaluated = true;
                r.trainLoss = 0.0291847 + 0.013 * run + 1.0 / (1.0 + static_cast<double>(s));
                r.testLoss = 0.0801637 + 0.021 * run + 1.0 / (1.0 + static_cast<double>(s));
                records.push_back(r);
            }
            history.append(records);
        }
        ExperimentInfo info;
        info.spec = findPreset("cliff")->spec;
        info.runNames = std::vector<QString>(names.begin(), names.begin() + runs);
        info.totalSteps = 50;
        LossChart chart;
        chart.resize(905, 770);
        chart.setExperiment(info);
        chart.setMode(LossChart::Mode::Loss);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.refresh(history, true);
        QCoreApplication::processEvents();
        for (int run = 0; run < runs; ++run)
            QVERIFY2(chart.legendText(run).contains(QStringLiteral("(test ")),
                qPrintable(chart.legendText(run)));
        QVERIFY(chart.legendFits());
    }

    void bands_data()
    {
        QTest::addColumn<bool>("firstNoisy");
        QTest::addColumn<bool>("secondNoisy");
        QTest::addColumn<bool>("logScale");
        QTest::newRow("both smooth") << false << false << false;
        QTest::newRow("both noisy") << true << true << false;
        QTest::newRow("both noisy, log axis") << true << true << true;
        QTest::newRow("one noisy, one smooth") << true << false << false;
    }

    void bands()
    {
        QFETCH(bool, firstNoisy);
        QFETCH(bool, secondNoisy);
        QFETCH(bool, logScale);
        TwoRuns t(firstNoisy, secondNoisy, 0.0, logScale);
        QVERIFY(QTest::qWaitForWindowExposed(t.chart.get()));
        QVERIFY(t.chart->seriesPoints(0, 0).size() > 100); // the curves are drawn
        QCOMPARE(t.chart->seriesIsBand(0, 0), firstNoisy);
        QCOMPARE(t.chart->seriesIsBand(1, 0), secondNoisy);

        // A new history decides anew.
        t.refill(false, false);
        QVERIFY(!t.chart->seriesIsBand(0, 0));
        QVERIFY(!t.chart->seriesIsBand(1, 0));
    }

    // A smoothed batch loss: the smoothed curve is a line, the faint raw one behind it a band.
    void smoothedOverBand()
    {
        TwoRuns t(true, true, 0.95, true);
        QVERIFY(QTest::qWaitForWindowExposed(t.chart.get()));
        for (int run = 0; run < 2; ++run) {
            QVERIFY(!t.chart->seriesPoints(run, 1).isEmpty());
            QVERIFY(t.chart->seriesIsBand(run, 1));
            QVERIFY(!t.chart->seriesIsBand(run, 0));
        }
    }

    // Once a long noisy history has halved, the smoothed curve follows its groups' means: it
    // does not ripple with the alternating lowest and highest values the trace keeps.
    void smoothedLongHistoryIsCalm()
    {
        TwoRuns t(true, false, 0.5, false, 600'000);
        QVERIFY(QTest::qWaitForWindowExposed(t.chart.get()));
        QVERIFY(t.history.run(0).metric(Metric::TrainLoss).compactions >= 2);
        const QList<QPointF> smoothed = t.chart->seriesPoints(0, 0);
        QVERIFY(smoothed.size() > 200);
        double worst = 0.0;
        for (const QPointF& p : smoothed)
            if (p.x() > 10'000) // past the steep start
                worst = std::max(worst, std::abs(p.y() - 2.0 / (1.0 + 0.001 * p.x())));
        // An EMA (w = 0.5) over the alternating extremes would stray by 0.1.
        QVERIFY2(worst < 0.02, qPrintable(QString::number(worst)));
    }

    // In the rendered widget (the chart view sits below the controls row, so it is painted
    // at an offset) a band lies where its data is: the first version drew bands in device
    // coordinates without the widget's offset, a control row's height too low.
    void bandIsWhereItsDataIs()
    {
        TwoRuns t(true, false, 0.0, false);
        QVERIFY(QTest::qWaitForWindowExposed(t.chart.get()));
        QVERIFY(t.view);
        QVERIFY(t.chart->seriesIsBand(0, 0));
        const QImage image = t.chart->grab().toImage();
        auto toChart = [&](double step, double value) {
            return t.view->viewport()->mapTo(t.chart.get(), t.toView(step, value));
        };
        const QRgb color = t.history.run(0).color.rgb();
        for (const double step : { 2000.0, 8000.0, 15000.0 }) {
            const double base = 2.0 / (1.0 + 0.001 * step);
            const QPoint top = toChart(step, base + 0.3), bottom = toChart(step, base - 0.3);
            int inkTop = -1, inkBottom = -1;
            for (int y = 0; y < image.height(); ++y) {
                const QRgb p = image.pixel(top.x(), y);
                if (std::abs(qRed(p) - qRed(color)) <= 8 && std::abs(qGreen(p) - qGreen(color)) <= 8
                    && std::abs(qBlue(p) - qBlue(color)) <= 8) {
                    if (inkTop < 0)
                        inkTop = y;
                    inkBottom = y;
                }
            }
            QVERIFY2(std::abs(inkTop - top.y()) <= 3 && std::abs(inkBottom - bottom.y()) <= 3,
                qPrintable(QStringLiteral("step %1: band at rows %2-%3, its data at %4-%5")
                               .arg(step)
                               .arg(inkTop)
                               .arg(inkBottom)
                               .arg(top.y())
                               .arg(bottom.y())));
        }
    }

    // Pointing at a run's curve shows its name, the step and the value there, and the
    // readout stays while the pointer stays (a tooltip hid itself within a second), through
    // the redraws of a live run too.
    void hoverShowsTheValue()
    {
        TwoRuns s(false, false, 0.0, false);
        QVERIFY(QTest::qWaitForWindowExposed(s.chart.get()));
        QVERIFY(s.view);
        // Run q4 at step 10,000: 2 / (1 + 10) + 0.1.
        QTest::mouseMove(s.view->viewport(), s.toView(10000, 2.0 / 11.0 + 0.1));
        QTRY_VERIFY(!s.chart->readoutText().isEmpty());
        const QString text = s.chart->readoutText();
        QVERIFY2(text.startsWith(QStringLiteral("q4\n")), qPrintable(text));
        // Within a few pixels of step 10,000 (20,000 steps over ~900 px: ~22 steps per px).
        const QRegularExpressionMatch step
            = QRegularExpression(QStringLiteral("step (\\d+)")).match(text);
        QVERIFY2(step.hasMatch(), qPrintable(text));
        QVERIFY2(std::abs(step.captured(1).toInt() - 10000) < 100, qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("0.28")), qPrintable(text));
        // The pointer stays: so does the readout, redraw or not.
        QTest::qWait(1500);
        s.chart->refresh(s.history, true);
        QCOMPARE(s.chart->readoutText(), text);
        const auto* readout = s.chart->findChild<QLabel*>(QStringLiteral("lossReadout"));
        QVERIFY(readout && readout->isVisible());
        // Beside the pointer, not under it (it would take the pointer from the chart).
        QVERIFY(!readout->geometry().contains(s.toView(10000, 2.0 / 11.0 + 0.1)));
        // Away from every curve it goes.
        QTest::mouseMove(s.view->viewport(), s.toView(10000, 1.5));
        QTRY_VERIFY(s.chart->readoutText().isEmpty());
    }

    // A rubber-band zoom to an odd rectangle leaves round ticks on both linear axes (Qt's
    // five fixed ticks gave 5234.7, 0.4187...): multiples of 1, 2 or 5 times a power of ten.
    void zoomedTicksAreRound()
    {
        TwoRuns s(false, false, 0.0, false);
        QVERIFY(QTest::qWaitForWindowExposed(s.chart.get()));
        QWidget* viewport = s.view->viewport();
        const QPoint from = s.toView(5234.7, 1.3171), to = s.toView(11093.3, 0.3187);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        auto* chartView = s.chart->findChild<QChartView*>();
        QVERIFY(chartView);
        for (Qt::Orientation o : { Qt::Horizontal, Qt::Vertical }) {
            const QList<QAbstractAxis*> axes = chartView->chart()->axes(o);
            QCOMPARE(axes.size(), 1);
            auto* axis = qobject_cast<QValueAxis*>(axes.front());
            QVERIFY(axis);
            QVERIFY2(axis->min() != std::round(axis->min()) || o == Qt::Vertical,
                "the zoom should leave an odd range");
            QCOMPARE(axis->tickType(), QValueAxis::TicksDynamic);
            const double step = axis->tickInterval();
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
            QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9
                    || std::abs(mantissa - 5) < 1e-9,
                qPrintable(QString::number(step)));
            QCOMPARE(axis->tickAnchor(), 0.0);
            const double ticks = (axis->max() - axis->min()) / step;
            QVERIFY2(ticks >= 2 && ticks <= 20, qPrintable(QString::number(ticks)));
        }
    }

    // Zoomed inside one decade, a log axis keeps whole decades in y: at least two labels.
    void zoomedLogAxisKeepsTwoLabels()
    {
        TwoRuns s(false, false, 0.0, true);
        QVERIFY(QTest::qWaitForWindowExposed(s.chart.get()));
        QWidget* viewport = s.view->viewport();
        const QPoint from = s.toView(4000, 0.45), to = s.toView(9000, 0.21);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        auto* chartView = s.chart->findChild<QChartView*>();
        auto* axis = qobject_cast<QLogValueAxis*>(chartView->chart()->axes(Qt::Vertical).front());
        QVERIFY(axis);
        int labels = 0;
        for (int e = -6; e <= 6; ++e)
            if (std::pow(10.0, e) >= axis->min() && std::pow(10.0, e) <= axis->max())
                ++labels;
        QVERIFY2(
            labels >= 2, qPrintable(QStringLiteral("%1 .. %2").arg(axis->min()).arg(axis->max())));
        // The x range is the one dragged.
        const CurveLayer& layer = s.chart->curveLayer();
        QVERIFY(std::abs(layer.toData(QPointF(0, 0)).x() - 4000) < 100);
    }

    // Learned steps and clips: one curve per learned parameter of a run (Record::learned),
    // instead of its loss curves; the legend counts them, the hover names them (from the
    // live snapshot); back in the Loss mode they go.
    void learnedCurves()
    {
        TwoRuns s(false, false, 0.0, false);
        std::vector<Record> records;
        for (std::int64_t step = 0; step < 20000; step += 10) {
            Record r;
            r.run = 1;
            r.step = step;
            r.learned = { 0.5 - 1e-5 * static_cast<double>(step), 2.0 };
            records.push_back(r);
        }
        s.history.append(records);
        LiveSnapshot snap;
        snap.weights.resize(2);
        snap.weights[1].learned
            = { { "layers.0.weight.step", 0.3 }, { "layers.0.activation.clip", 2.0 } };
        s.history.setSnapshot(snap);
        s.chart->setMode(LossChart::Mode::Learned);
        s.chart->refresh(s.history, true);
        QVERIFY(QTest::qWaitForWindowExposed(s.chart.get()));
        QVERIFY2(s.chart->legendText(1).contains(QStringLiteral("2 learned")),
            qPrintable(s.chart->legendText(1)));
        QVERIFY2(s.chart->legendText(0).contains(QStringLiteral("learns nothing")),
            qPrintable(s.chart->legendText(0)));
        QVERIFY(s.chart->seriesPoints(0, 0).isEmpty()); // no loss curves in this mode
        QVERIFY(s.chart->seriesPoints(1, 2).isEmpty());
        const CurveLayer& layer = s.chart->curveLayer();
        std::vector<QList<QPointF>> drawn;
        for (int c = 0; c < layer.curveCount(); ++c)
            if (!layer.points(c).isEmpty())
                drawn.push_back(layer.points(c));
        QCOMPARE(drawn.size(), std::size_t(2));
        QCOMPARE(drawn[1].front().y(), 2.0);
        QCOMPARE(drawn[0].front().y(), 0.5);
        QTest::mouseMove(s.view->viewport(), s.toView(10000, 2.0));
        QTRY_VERIFY(!s.chart->readoutText().isEmpty());
        const QString text = s.chart->readoutText();
        QVERIFY2(text.startsWith(QStringLiteral("q4\nlayers.0.activation.clip\nstep ")),
            qPrintable(text));
        QVERIFY2(text.endsWith(QStringLiteral("value 2")), qPrintable(text));
        s.chart->setMode(LossChart::Mode::Loss);
        s.chart->refresh(s.history, true);
        int nonEmpty = 0;
        for (int c = 0; c < layer.curveCount(); ++c)
            nonEmpty += !layer.points(c).isEmpty();
        QCOMPARE(nonEmpty, 2); // the two runs' train losses again
    }

    // "Learned steps and clips" is offered only when a run learns (as Accuracy only for a
    // classification): greyed out with a tooltip saying why, the keys skip it, and a chart
    // showing it goes back to the loss when an experiment without learning comes.
    void learnedEntryOnlyWhenARunLearns()
    {
        ExperimentInfo lsq;
        lsq.spec = findPreset("lsq")->spec;
        lsq.runNames = kNames;
        lsq.totalSteps = 100;
        lsq.task = Task::Binary;
        auto chart = shownChart(); // the seed preset: nothing learned
        auto* metric = chart->findChild<QComboBox*>(QStringLiteral("lossMode"));
        QVERIFY(metric);
        auto* items = qobject_cast<QStandardItemModel*>(metric->model());
        QStandardItem* entry
            = items->item(metric->findData(static_cast<int>(LossChart::Mode::Learned)));
        QVERIFY(!chart->offersLearned());
        QVERIFY(!entry->isEnabled());
        QVERIFY(entry->toolTip().contains(QStringLiteral("No run learns")));
        metric->setFocus();
        QTest::keyClick(metric, Qt::Key_End);
        QVERIFY(chart->mode() != LossChart::Mode::Learned);

        chart->setExperiment(lsq);
        QVERIFY(chart->offersLearned());
        QVERIFY(entry->isEnabled());
        QVERIFY(entry->toolTip().isEmpty());
        QTest::keyClick(metric, Qt::Key_End);
        QCOMPARE(chart->mode(), LossChart::Mode::Learned);

        ExperimentInfo seed;
        seed.spec = findPreset("seed")->spec;
        seed.runNames = kNames;
        seed.totalSteps = 100;
        chart->setExperiment(seed);
        QVERIFY(!chart->offersLearned());
        QVERIFY(chart->mode() != LossChart::Mode::Learned);
    }

    // Dragging a rectangle zooms the axes and the curves with them; a double click goes back.
    void rubberBandZoomAndReset()
    {
        TwoRuns s(false, false, 0.0, false);
        QVERIFY(QTest::qWaitForWindowExposed(s.chart.get()));
        QVERIFY(s.view);
        const CurveLayer& layer = s.chart->curveLayer();
        QWidget* viewport = s.view->viewport();
        QCOMPARE(layer.toData(QPointF(0, 0)).x(), 0.0);
        // From step 5,000 to 10,000, over every value.
        const QPoint from = s.toView(5000, 2.5), to = s.toView(10000, 0.05);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, (from + to) / 2);
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        const double left = layer.toData(QPointF(0, 0)).x();
        const double right = layer.toData(QPointF(layer.boundingRect().width(), 0)).x();
        QVERIFY2(std::abs(left - 5000) < 100 && std::abs(right - 10000) < 100,
            qPrintable(QStringLiteral("zoomed to %1 .. %2").arg(left).arg(right)));
        // The curves are decimated anew for the zoomed range (its 5,000 steps, not 20,000).
        const QList<QPointF> points = s.chart->seriesPoints(0, 0);
        QVERIFY(points.size() > 1000);
        QVERIFY(points.front().x() <= left && points.back().x() >= right);
        QVERIFY(points.size() < 7000); // not the whole history
        QTest::mouseDClick(viewport, Qt::LeftButton, {}, s.toView(7000, 1.0));
        QTRY_COMPARE(layer.toData(QPointF(0, 0)).x(), 0.0);
        QCOMPARE(layer.toData(QPointF(layer.boundingRect().width(), 0)).x(), 20000.0);
    }
};

QTEST_MAIN(TestLossChartCurves)
#include "tst_loss_chart_curves.moc"
