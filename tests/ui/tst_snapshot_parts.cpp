// The worker computes, while training runs, only the snapshot parts of the view on screen
// (an MLP's decision regions cost tens of milliseconds per run), and completes the snapshot
// whenever training stops; a click on another tab brings that view's part at once.

#include "core/engine/presets.h"
#include "ui/live_snapshot.h"
#include "ui/main_window.h"
#include "ui/training_controller.h"
#include "ui/views/experiment_view.h"

#include <QAction>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

LiveSnapshot snapshotAt(const QSignalSpy& spy, qsizetype i)
{
    return spy.at(i).at(0).value<LiveSnapshot>();
}

LiveSnapshot lastSnapshot(const QSignalSpy& spy)
{
    return snapshotAt(spy, spy.size() - 1);
}

// The tab whose view has `key` (the view registry's untranslated names); -1 when none.
int tabIndex(const QTabWidget& tabs, const QString& key)
{
    for (int i = 0; i < tabs.count(); ++i)
        if (auto* view = qobject_cast<ExperimentView*>(tabs.widget(i)); view && view->key() == key)
            return i;
    return -1;
}

// The window on screen with the moons preset loaded.
bool showMoons(MainWindow& w)
{
    w.setAskBeforeReplacing(false);
    w.resize(1400, 900);
    w.show();
    return QTest::qWaitForWindowExposed(&w) && w.openPreset(QStringLiteral("moons"));
}

} // namespace

class TestSnapshotParts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void onlyTheViewsPartsWhileTraining();
    void clickOnBoundaryTabBringsItsRegions();
    void trainingEndedAfterEveryTabsData_data();
    void trainingEndedAfterEveryTabsData();
};

void TestSnapshotParts::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_snapshot_parts"));
}

// The Loss view on screen (no parts): while the moons MLP trains, no snapshot carries
// decision regions; after a pause the snapshot is complete, at the paused step.
void TestSnapshotParts::onlyTheViewsPartsWhileTraining()
{
    ExperimentSpec spec = findPreset("moons")->spec;
    spec.training.epochs = 400; // long enough to be paused mid-run at full speed
    TrainingController controller;
    controller.setPace(Pace::full());
    controller.setViewSnapshotParts(0);
    QSignalSpy snapshots(&controller, &TrainingController::snapshotArrived);
    controller.start(spec, true);
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 2 && lastSnapshot(snapshots).step > 0, 60000);
    QCOMPARE(controller.state(), TrainingController::State::Running);
    const qsizetype whileRunning = snapshots.size();
    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingController::State::Paused, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(lastSnapshot(snapshots).parts == kSnapshotAll, 60000);

    for (qsizetype i = 0; i < whileRunning; ++i) {
        const LiveSnapshot s = snapshotAt(snapshots, i);
        QCOMPARE(s.parts, quint32(kSnapshotWeights));
        QVERIFY(!s.weights.empty());
        QVERIFY(s.boundary.empty()); // never computed while the Loss view is on screen
        QVERIFY(s.confusion.empty());
    }
    const LiveSnapshot paused = lastSnapshot(snapshots);
    QVERIFY(paused.step > 0);
    QCOMPARE(paused.boundaryStep, paused.step);
    QCOMPARE(static_cast<int>(paused.boundary.classes.size()), static_cast<int>(spec.runs.size()));
    QCOMPARE(static_cast<int>(paused.confusion.size()), static_cast<int>(spec.runs.size()));
    QCOMPARE(static_cast<int>(paused.weights.size()), static_cast<int>(spec.runs.size()));
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainingController::State::Finished, 60000);
}

// In the window, with real clicks: the Loss tab on screen while training, then a click on the
// Boundary tab's title; the decision regions of the current step follow, and stay live.
void TestSnapshotParts::clickOnBoundaryTabBringsItsRegions()
{
    MainWindow w;
    QVERIFY(showMoons(w));
    auto* tabs = w.findChild<QTabWidget*>();
    QVERIFY(tabs);
    const int boundaryTab = tabIndex(*tabs, QStringLiteral("boundary"));
    QVERIFY(boundaryTab > 0);
    QVERIFY(w.selectView(QStringLiteral("loss")));

    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.history().snapshot().step > 0, 60000);
    QCOMPARE(w.controller()->state(), TrainingController::State::Running);
    QVERIFY(w.history().snapshot().boundary.empty());

    const QRect title = tabs->tabBar()->tabRect(boundaryTab);
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, title.center());
    QCOMPARE(tabs->currentIndex(), boundaryTab);
    QTRY_VERIFY_WITH_TIMEOUT(!w.history().snapshot().boundary.empty(), 60000);
    const qint64 first = w.history().snapshot().boundaryStep;
    QVERIFY(first > 0);
    if (w.controller()->state() == TrainingController::State::Running)
        QTRY_VERIFY_WITH_TIMEOUT(w.history().snapshot().boundaryStep > first
                || w.controller()->state() != TrainingController::State::Running,
            60000);
    w.controller()->stop();
    QTRY_COMPARE_WITH_TIMEOUT(w.controller()->state(), TrainingController::State::Finished, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(
        w.history().snapshot().boundaryStep, w.history().snapshot().step, 60000);
}

// With the Loss tab on screen to the end (or to a Stop mid-run), trainingEnded() comes once
// every tab's data is there for the step training stopped at: what the headless
// --export-charts and every test that reads a view after the end rely on.
void TestSnapshotParts::trainingEndedAfterEveryTabsData_data()
{
    QTest::addColumn<bool>("stopMidRun");
    QTest::newRow("to the end") << false;
    QTest::newRow("Stop mid-run") << true;
}

void TestSnapshotParts::trainingEndedAfterEveryTabsData()
{
    QFETCH(bool, stopMidRun);
    MainWindow w;
    QVERIFY(showMoons(w));
    QVERIFY(w.selectView(QStringLiteral("loss")));
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    LiveSnapshot atEnd;
    connect(&w, &MainWindow::trainingEnded, this, [&] { atEnd = w.history().snapshot(); });
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    if (stopMidRun) {
        QTRY_VERIFY_WITH_TIMEOUT(w.history().snapshot().step > 0, 60000);
        QVERIFY(w.history().snapshot().boundary.empty());
        w.findChild<QAction*>(QStringLiteral("actionStop"))->trigger();
    }
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
    QCOMPARE(w.controller()->state(), TrainingController::State::Finished);
    QCOMPARE(atEnd.parts, quint32(kSnapshotAll));
    QVERIFY(atEnd.step > 0);
    QCOMPARE(atEnd.boundaryStep, atEnd.step);
    QVERIFY(!atEnd.boundary.empty());
    QVERIFY(!atEnd.confusion.empty());
    if (!stopMidRun)
        QCOMPARE(atEnd.step, w.controller()->info().totalSteps);
}

QTEST_MAIN(TestSnapshotParts)
#include "tst_snapshot_parts.moc"
