// The redraw pacer: after a frame that cost C ms the next one waits at least 3 C (drawing
// takes at most a third of the UI thread), 6 C while training runs at full speed (a sixth:
// training wants every core); and the window tells it when training runs at full speed
// (Run at Full speed, not at Watch, not once finished).

#include "ui/main_window.h"
#include "ui/training_controller.h"
#include "ui/window/redraw_pacer.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace bitlab::ui;

class TestRedrawPacer : public QObject {
    Q_OBJECT
private slots:
    void shareOfTheUiThread_data()
    {
        QTest::addColumn<bool>("training");
        QTest::newRow("idle or paced: a third") << false;
        QTest::newRow("training at full speed: a sixth") << true;
    }

    void shareOfTheUiThread()
    {
        QFETCH(bool, training);
        RedrawPacer pacer;
        pacer.setTrainingAtFullSpeed(training);
        QCOMPARE(pacer.intervalMs(), RedrawPacer::kMinIntervalMs);
        constexpr qint64 costMs = 30;
        int frames = 0;
        connect(&pacer, &RedrawPacer::redrawDue, this, [&] {
            ++frames;
            QElapsedTimer busy;
            busy.start();
            while (busy.elapsed() < costMs) { } // a frame that costs 30 ms
            pacer.markClean(); // drawn (as MainWindow::refreshViews says)
        });
        QSignalSpy ticks(&pacer, &RedrawPacer::ticked);
        pacer.markDirty();
        QTRY_COMPARE(frames, 1);
        const int factor = training ? RedrawPacer::kTrainingCostFactor : RedrawPacer::kCostFactor;
        QVERIFY2(
            pacer.intervalMs() >= factor * costMs, qPrintable(QString::number(pacer.intervalMs())));
        if (!training) // (a loaded machine may stretch the 30 ms, not double them)
            QVERIFY2(pacer.intervalMs() < RedrawPacer::kTrainingCostFactor * costMs,
                qPrintable(QString::number(pacer.intervalMs())));
        // Nothing changed: the next ticks draw nothing.
        const int drawn = frames;
        QTRY_VERIFY(ticks.size() >= 2);
        QCOMPARE(frames, drawn);
    }

    void windowSetsTheShare()
    {
        MainWindow w;
        w.setAskBeforeReplacing(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openPreset(QStringLiteral("moons")));
        auto* pacer = w.findChild<RedrawPacer*>();
        auto* speed = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        QVERIFY(pacer && speed);
        QVERIFY(!pacer->trainingAtFullSpeed());

        // Watch: a short run plays over seconds, the cores are free for drawing.
        speed->setCurrentIndex(0);
        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_COMPARE(w.controller()->state(), TrainingController::State::Running);
        QVERIFY(!pacer->trainingAtFullSpeed());
        // Full speed while it runs, from the toolbar's menu.
        speed->setCurrentIndex(1);
        QVERIFY(pacer->trainingAtFullSpeed());
        QTRY_COMPARE_WITH_TIMEOUT(
            w.controller()->state(), TrainingController::State::Finished, 60000);
        QVERIFY(!pacer->trainingAtFullSpeed());

        // Run at full speed from the start.
        bool fullWhileRunning = false;
        connect(w.controller(), &TrainingController::stateChanged, this,
            [&](TrainingController::State s) {
                if (s == TrainingController::State::Running)
                    fullWhileRunning = pacer->trainingAtFullSpeed();
            });
        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(
            w.controller()->state(), TrainingController::State::Finished, 60000);
        QVERIFY(fullWhileRunning);
        QVERIFY(!pacer->trainingAtFullSpeed());
    }
};

QTEST_MAIN(TestRedrawPacer)
#include "tst_redraw_pacer.moc"
