// Keeping and comparing experiments (ui/result_archive.h, the Loss tab's "Compare with"),
// through the main window: each finished experiment stays in the session's archive; after a
// second run the first is offered (not the one on screen), and choosing it with the keyboard
// lays its curves over the chart (its own values, smoothed like the current ones), named
// "#1 ..." in the legend; Reset and another preset keep the archive; closing the window with
// results not exported asks first (Cancel keeps it open), an export counts as saved.

#include "ui/charts/loss_chart.h"
#include "ui/main_window.h"
#include "ui/result_archive.h"
#include "ui/run_history.h"
#include "ui/training_controller.h"
#include "ui/training_pace.h"
#include "ui/training_worker.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QComboBox>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

LossChart* lossChart(MainWindow& w)
{
    for (ExperimentView* v : w.views())
        if (auto* chart = qobject_cast<LossChart*>(v))
            return chart;
    return nullptr;
}

void runToEnd(MainWindow& w)
{
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
    w.refreshViews(true);
}

// Answers the next message box with `button` once it is up.
void answerNextMessageBox(QMessageBox::StandardButton button, QString* text)
{
    QTimer::singleShot(0, [button, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text();
        QTest::mouseClick(box->button(button), Qt::LeftButton);
    });
}

} // namespace

class TestResultArchive : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_w = std::make_unique<MainWindow>();
        m_w->resize(1400, 900);
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        m_w->controller()->setPace(Pace::full());
    }
    void cleanup() { m_w.reset(); } // destroying the window asks nothing (no closeEvent)

    void earlierRunOverlaid()
    {
        MainWindow& w = *m_w;
        LossChart* chart = lossChart(w);
        QVERIFY(chart);
        auto* picker = chart->findChild<QComboBox*>(QStringLiteral("overlayPicker"));
        QVERIFY(picker && !picker->isEnabled());
        runToEnd(w);
        QCOMPARE(w.archive()->entries().size(), std::size_t(1));
        const ArchivedResult first = w.archive()->entries().front();
        QCOMPARE(first.number, 1);
        QCOMPARE(first.runs.size(), std::size_t(4));
        QVERIFY(!picker->isEnabled()); // the experiment on screen is not "earlier"

        // A second run at another learning rate.
        ExperimentSpec spec = w.panel()->spec();
        spec.optimizer.lr = 0.02;
        w.panel()->setSpec(spec);
        runToEnd(w);
        QCOMPARE(w.archive()->entries().size(), std::size_t(2));
        QVERIFY(picker->isEnabled());
        QCOMPARE(picker->count(), 2);
        QVERIFY2(picker->itemText(1).startsWith(QStringLiteral("#1 · ")),
            qPrintable(picker->itemText(1)));

        // Chosen with the keyboard: the first run's curves lie over the chart.
        picker->setFocus();
        QTest::keyClick(picker, Qt::Key_Down);
        QCOMPARE(chart->overlay(), 1);
        const auto train = static_cast<std::size_t>(Metric::TrainLoss);
        const QList<QPointF> overlaid = chart->overlayPoints(0, 0);
        QCOMPARE(overlaid, first.runs[0].curves[train]);
        QVERIFY(!overlaid.isEmpty());
        // Its last value is the first run's final loss, not the current one's.
        const double firstFinal = first.runs[0].last[train];
        QCOMPARE(overlaid.back().y(), firstFinal);
        const double nowFinal = w.history().run(0).metric(Metric::TrainLoss).latestValue;
        QVERIFY(std::abs(firstFinal - nowFinal) > 1e-6);
        QVERIFY2(chart->overlayLegendText(0).startsWith(QStringLiteral("#1 fp64  ")),
            qPrintable(chart->overlayLegendText(0)));
        QVERIFY(chart->legendFits());

        // Smoothing applies to the earlier curves too.
        chart->setSmoothing(0.9);
        QVERIFY(chart->overlayPoints(0, 0) != overlaid);
        chart->setSmoothing(0.0);
        QCOMPARE(chart->overlayPoints(0, 0), overlaid);

        // Reset keeps the archive; now both runs are earlier ones, the choice stays.
        w.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        w.refreshViews(true);
        QCOMPARE(w.archive()->entries().size(), std::size_t(2));
        QCOMPARE(picker->count(), 3);
        QCOMPARE(chart->overlay(), 1);
        // Another preset keeps it too.
        QVERIFY(w.openPreset(QStringLiteral("moons")));
        w.refreshViews(true);
        QCOMPARE(picker->count(), 3);
    }

    void closingAsksWhileResultsAreNotExported()
    {
        MainWindow& w = *m_w;
        runToEnd(w);
        QCOMPARE(w.archive()->unsavedCount(), 1);
        QString asked;
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        QVERIFY(!w.close());
        QVERIFY(w.isVisible());
        QVERIFY2(asked.contains(QStringLiteral("#1 · ")), qPrintable(asked));
        // An export of the results counts as saved: closing no longer asks.
        QTemporaryDir dir;
        QSignalSpy exported(w.controller(), &TrainingController::exportFinished);
        w.controller()->exportFiles(
            { ExportRequest::Kind::OutputFolder, dir.filePath(QStringLiteral("out")) });
        QTRY_COMPARE(exported.size(), 1);
        QCOMPARE(w.archive()->unsavedCount(), 0);
        QVERIFY(w.close());
    }

    void closeAnywayCloses()
    {
        MainWindow& w = *m_w;
        runToEnd(w);
        QString asked;
        answerNextMessageBox(QMessageBox::Close, &asked);
        QVERIFY(w.close());
        QVERIFY(!asked.isEmpty());
        QCOMPARE(TrainingWorker::instances(), 0);
    }

private:
    std::unique_ptr<MainWindow> m_w;
};

QTEST_MAIN(TestResultArchive)
#include "tst_result_archive.moc"
