// Training you can watch (issue 16, point 7): a short run (the seed lesson: 1000 steps)
// plays over a few seconds by default instead of finishing before the student sees it;
// full speed is one click away in the speed menu; the status bar shows progress and time
// left; and Stop works while the experiment is still being built.

#include "ui/main_window.h"
#include "ui/training_controller.h"
#include "ui/training_pace.h"
#include "ui/training_worker.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/lesson_panel.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;
using S = TrainingController::State;

namespace {
// The toolbar button of action `name`, clicked as the user does.
void clickToolButton(MainWindow& w, const char* name)
{
    auto* action = w.findChild<QAction*>(QString::fromLatin1(name));
    QVERIFY(action);
    auto* bar = w.findChild<QToolBar*>(QStringLiteral("trainingToolBar"));
    QVERIFY(bar);
    auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action));
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}
} // namespace

class TestTrainingPace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void speedFor_data();
    void speedFor();
    void menuWords();
    void seedLessonPlaysAtWatchablePace();
    void fullSpeedIsOneClickAway();
    void stopWhilePreparing();
    void resetWhilePreparing();
    void newStartWhilePreparing();
    void stopWhileBuildingALargeModel();
};

void TestTrainingPace::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_training_pace"));
}

void TestTrainingPace::speedFor_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("totalSteps");
    QTest::addColumn<double>("expected");
    const int watch = static_cast<int>(Pace::Kind::Watch);
    QTest::newRow("watch: the seed's 1000 steps over 5 s") << watch << 0.0 << qint64(1000) << 200.0;
    QTest::newRow("watch: 50 steps") << watch << 0.0 << qint64(50) << 10.0;
    QTest::newRow("watch: 1 step") << watch << 0.0 << qint64(1) << 0.5;
    QTest::newRow("watch: 10000 steps, 2000/s") << watch << 0.0 << qint64(10000) << 2000.0;
    QTest::newRow("watch: a long run goes full speed") << watch << 0.0 << qint64(200000) << 0.0;
    QTest::newRow("full") << static_cast<int>(Pace::Kind::Full) << 0.0 << qint64(1000) << 0.0;
    QTest::newRow("30 steps/s") << static_cast<int>(Pace::Kind::StepsPerSecond) << 30.0
                                << qint64(1000) << 30.0;
}

void TestTrainingPace::speedFor()
{
    QFETCH(int, kind);
    QFETCH(double, rate);
    QFETCH(qint64, totalSteps);
    QFETCH(double, expected);
    const Pace pace { static_cast<Pace::Kind>(kind), rate };
    QCOMPARE(pace.speedFor(totalSteps), expected);
}

void TestTrainingPace::menuWords()
{
    QCOMPARE(Pace::rateText(1.0), QStringLiteral("1 step/s"));
    QCOMPARE(Pace::rateText(1.2), QStringLiteral("1 step/s"));
    QCOMPARE(Pace::rateText(2.0), QStringLiteral("2 steps/s"));
    QCOMPARE(Pace::rateText(0.0), QStringLiteral("– steps/s"));
    MainWindow w;
    auto* combo = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    QVERIFY(combo);
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items << combo->itemText(i);
    QVERIFY2(items.contains(QStringLiteral("1 step/s")), qPrintable(items.join(u'|')));
    QVERIFY(!items.contains(QStringLiteral("1 steps/s")));
    QVERIFY(items.contains(QStringLiteral("Full speed")));
    // The default is the watchable pace.
    QVERIFY2(
        combo->currentText().startsWith(QStringLiteral("Watch")), qPrintable(combo->currentText()));
    QCOMPARE(w.controller()->pace(), Pace::watch());
}

void TestTrainingPace::seedLessonPlaysAtWatchablePace()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* lesson = w.findChild<QAction*>(QStringLiteral("lessonAction-rounding-stalls"));
    QVERIFY(lesson);
    lesson->trigger(); // Lessons ▸ 1.
    QVERIFY(w.lessonPanel()->isVisible());
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton); // "Run this lesson"
    QTRY_COMPARE(w.controller()->state(), S::Running);
    QCOMPARE(w.controller()->info().totalSteps, qint64(1000));
    // The seed's 1000 steps play over about five seconds: 200 steps a second.
    QCOMPARE(w.controller()->pacedSpeed(), 200.0);
    // The worker never runs ahead of the pace: after any wait it has done at most
    // 200 steps per second since Run (plus one timer tick's worth), so the run is still
    // going after half a second, and the student sees it move.
    for (int i = 0; i < 3; ++i) {
        QTest::qWait(150);
        const double seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
        QVERIFY2(static_cast<double>(w.controller()->step()) <= 200.0 * seconds + 20,
            qPrintable(
                QStringLiteral("step %1 after %2 s").arg(w.controller()->step()).arg(seconds)));
    }
    QCOMPARE(w.controller()->state(), S::Running);
    QTRY_VERIFY(w.controller()->step() > 0);
    // The status bar shows how far it is and how long is left.
    auto* progress = w.findChild<QProgressBar*>(QStringLiteral("trainingProgress"));
    QVERIFY(progress);
    QTRY_VERIFY(progress->isVisible() && progress->value() > 0);
    auto* left = w.findChild<QLabel*>(QStringLiteral("timeLeftLabel"));
    QVERIFY(left);
    QTRY_VERIFY2(left->text().endsWith(QStringLiteral("left")), qPrintable(left->text()));
    // A plausible estimate from the first: the rest of the 1000 steps at 200 a second, 5 s
    // at most (read as m:ss.d), not inflated by the time before the first step.
    const QStringList parts = left->text().section(QLatin1Char(' '), 0, 0).split(':');
    QCOMPARE(parts.size(), 2);
    const double seconds = parts[0].toDouble() * 60 + parts[1].toDouble();
    QVERIFY2(seconds <= 6.0, qPrintable(left->text()));
    clickToolButton(w, "actionStop");
    QTRY_COMPARE(w.controller()->state(), S::Finished);
    QVERIFY(!progress->isVisible());
}

void TestTrainingPace::fullSpeedIsOneClickAway()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* combo = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findText(QStringLiteral("Full speed")));
    QCOMPARE(w.controller()->pace(), Pace::full());
    clickToolButton(w, "actionRun");
    QTRY_COMPARE_WITH_TIMEOUT(w.controller()->state(), S::Finished, 30000);
    QCOMPARE(w.controller()->pacedSpeed(), 0.0);
    QCOMPARE(w.controller()->step(), qint64(1000));
}

void TestTrainingPace::stopWhilePreparing()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    clickToolButton(w, "actionRun");
    // Run builds the experiment on the worker thread first ("Loading…"); Stop is offered
    // then, cancels the build and joins its thread: no worker is left behind.
    QCOMPARE(w.controller()->state(), S::Preparing);
    QSignalSpy cancelled(w.controller(), &TrainingController::preparationCancelled);
    clickToolButton(w, "actionStop");
    QCOMPARE(w.controller()->state(), S::Idle);
    QCOMPARE(TrainingWorker::instances(), 0);
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(w.findChild<QAction*>(QStringLiteral("actionRun"))->isEnabled());
    QVERIFY(w.panel()->isEnabled());
    // The build's late result is dropped: nothing starts behind the user's back.
    QTest::qWait(300);
    QCOMPARE(w.controller()->state(), S::Idle);
    QVERIFY(!w.controller()->hasExperiment());
    // And the experiment runs again normally.
    clickToolButton(w, "actionRun");
    QTRY_COMPARE(w.controller()->state(), S::Running);
}

void TestTrainingPace::resetWhilePreparing()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (int i = 0; i < 5; ++i) {
        clickToolButton(w, "actionRun");
        QCOMPARE(w.controller()->state(), S::Preparing);
        clickToolButton(w, "actionReset");
        QCOMPARE(w.controller()->state(), S::Idle);
        QCOMPARE(TrainingWorker::instances(), 0);
    }
    QTest::qWait(200); // nothing built behind the user's back
    QCOMPARE(w.controller()->state(), S::Idle);
    QVERIFY(!w.controller()->hasExperiment());
}

void TestTrainingPace::newStartWhilePreparing()
{
    // A new experiment (another lesson's "Run this lesson") replaces one still being built:
    // the old build is cancelled and joined, never two workers.
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    clickToolButton(w, "actionRun");
    QCOMPARE(w.controller()->state(), S::Preparing);
    for (int i = 0; i < 5; ++i) {
        w.controller()->start(w.panel()->spec(), true);
        QCOMPARE(w.controller()->state(), S::Preparing);
        QCOMPARE(TrainingWorker::instances(), 1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(w.controller()->state(), S::Running, 30000);
    QCOMPARE(TrainingWorker::instances(), 1);
    clickToolButton(w, "actionReset");
    QCOMPARE(TrainingWorker::instances(), 0);
}

void TestTrainingPace::stopWhileBuildingALargeModel()
{
    // A model big enough that building its runs takes a while (each run copies and snaps
    // 0.36 M weights): Stop ends the build between runs and joins the thread.
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    ExperimentSpec spec = w.panel()->spec();
    spec.model.kind = "mlp";
    spec.model.hidden = { 600, 600 };
    QSignalSpy failed(w.controller(), &TrainingController::errorOccurred);
    w.controller()->start(spec, true);
    QCOMPARE(w.controller()->state(), S::Preparing);
    clickToolButton(w, "actionStop");
    QCOMPARE(w.controller()->state(), S::Idle);
    QCOMPARE(TrainingWorker::instances(), 0);
    QCOMPARE(failed.count(), 0); // a cancelled build is not an error
}

QTEST_MAIN(TestTrainingPace)
#include "tst_training_pace.moc"
