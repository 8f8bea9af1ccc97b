// The Loss tab's per-class accuracy (issue 18): the digits preset trained through the main
// window, the Loss tab switched to Accuracy with its own combo box; the strip under the
// chart then shows, for the run picked under "Per class", each class's accuracy exactly as
// the snapshot's confusion matrices give it (the numbers summary.json writes), tooltips
// name the counts of both runs, and a loss mode or a regression hides it.

#include "ui/charts/loss_chart.h"
#include "ui/live_snapshot.h"
#include "ui/main_window.h"
#include "ui/run_history.h"
#include "ui/views/class_accuracy_strip.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QComboBox>
#include <QHelpEvent>
#include <QToolTip>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

QString tooltipAt(QWidget* canvas, const QPoint& pos)
{
    QHelpEvent help(QEvent::ToolTip, pos, canvas->mapToGlobal(pos));
    QApplication::sendEvent(canvas, &help);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

// Picks the entry of `combo` with `data` by keyboard, as a user would.
void pick(QComboBox* combo, int data)
{
    combo->setFocus();
    const int target = combo->findData(data);
    QVERIFY(target >= 0);
    while (combo->currentIndex() < target)
        QTest::keyClick(combo, Qt::Key_Down);
    while (combo->currentIndex() > target)
        QTest::keyClick(combo, Qt::Key_Up);
}

} // namespace

class TestClassAccuracyStrip : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_window.resize(1400, 900);
        m_window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_window));
        QVERIFY(m_window.openPreset(QStringLiteral("digits")));
        ExperimentSpec spec = m_window.panel()->spec();
        spec.training.epochs = 3;
        m_window.panel()->setSpec(spec);
        QSignalSpy ended(&m_window, &MainWindow::trainingEnded);
        m_window.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
        m_window.selectView(QStringLiteral("loss"));
        m_window.refreshViews(true);
    }

    void shownInAccuracyModeOnly()
    {
        auto* chart = m_window.findChild<LossChart*>();
        QVERIFY(chart);
        ClassAccuracyStrip* strip = chart->classAccuracy();
        QVERIFY(!strip->isVisible()); // the digits preset starts on the batch loss
        auto* mode = chart->findChild<QComboBox*>(QStringLiteral("lossMode"));
        pick(mode, static_cast<int>(LossChart::Mode::Accuracy));
        QCOMPARE(chart->mode(), LossChart::Mode::Accuracy);
        QVERIFY(strip->isVisible());
        pick(mode, static_cast<int>(LossChart::Mode::Loss));
        QVERIFY(!strip->isVisible());
        pick(mode, static_cast<int>(LossChart::Mode::Accuracy));
        QVERIFY(strip->isVisible());
    }

    void barsAreTheConfusionMatricesAccuracies()
    {
        ClassAccuracyStrip* strip = m_window.findChild<LossChart*>()->classAccuracy();
        const LiveSnapshot& snap = m_window.history().snapshot();
        QCOMPARE(snap.confusion.size(), std::size_t(4));
        QVERIFY(snap.confusionOnTest);
        QCOMPARE(strip->run(), 1); // the first quantized run, sym8-ste
        auto* runs = strip->findChild<QComboBox*>(QStringLiteral("classAccuracyRun"));
        QVERIFY(runs);
        pick(runs, 3); // sym2-ste
        QCOMPARE(strip->run(), 3);
        for (int run = 0; run < 4; ++run)
            for (int c = 0; c < 10; ++c)
                QCOMPARE(strip->accuracy(run, c),
                    snap.confusion[static_cast<std::size_t>(run)].classAccuracy(c));
        // Some class differs between float64 and 2 bits after 3 epochs, or the strip would
        // show nothing worth seeing.
        bool differs = false;
        for (int c = 0; c < 10; ++c)
            differs = differs || strip->accuracy(0, c) != strip->accuracy(3, c);
        QVERIFY(differs);

        // A real tooltip over each class's bar names its counts in both runs.
        QWidget* canvas = strip->canvas();
        const int slot = std::min(64, canvas->width() / 10);
        for (int c = 0; c < 10; ++c) {
            const QString text = tooltipAt(canvas, QPoint(c * slot + slot / 2, 50));
            const ConfusionMatrix& two = snap.confusion[3];
            const ConfusionMatrix& fp = snap.confusion[0];
            std::int64_t rows = 0;
            for (int p = 0; p < 10; ++p)
                rows += two.at(c, p);
            QVERIFY2(text.startsWith(QStringLiteral("class %1: sym2-ste predicts %2 of its %3 rows")
                                         .arg(c)
                                         .arg(two.at(c, c))
                                         .arg(rows)),
                qPrintable(text));
            QVERIFY2(
                text.contains(QStringLiteral("fp64: %1 right").arg(fp.at(c, c))), qPrintable(text));
        }
    }

    // The lesson on this preset compares sym2-ste; a run the user picks stays picked when
    // the experiment runs again.
    void pickedRunStays()
    {
        ClassAccuracyStrip* strip = m_window.findChild<LossChart*>()->classAccuracy();
        QCOMPARE(strip->run(), 3);
        m_window.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        QSignalSpy ended(&m_window, &MainWindow::trainingEnded);
        m_window.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
        QCOMPARE(strip->run(), 3);
    }

    void regressionHasNone()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openPreset(QStringLiteral("seed")));
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
        w.selectView(QStringLiteral("loss"));
        w.refreshViews(true);
        auto* chart = w.findChild<LossChart*>();
        chart->setMode(LossChart::Mode::Accuracy);
        w.refreshViews(true);
        QVERIFY(!chart->classAccuracy()->isVisible());
    }

private:
    MainWindow m_window;
};

QTEST_MAIN(TestClassAccuracyStrip)
#include "tst_class_accuracy_strip.moc"
