// The worker computes, while training runs, only the snapshot parts of the view on screen
// (an MLP's decision regions cost tens of milliseconds per run: a coarse preview while
// training runs), and completes the snapshot whenever training stops; a click on another tab
// brings that view's part at once.

#include "core/engine/presets.h"
#include "core/engine/probes.h"
#include "core/io/experiment_factory.h"
#include "ui/live_snapshot.h"
#include "ui/main_window.h"
#include "ui/run_history.h"
#include "ui/training_controller.h"
#include "ui/views/boundary_canvas.h"
#include "ui/views/boundary_view.h"
#include "ui/views/experiment_view.h"

#include <QAction>
#include <QComboBox>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QtTest>
#include <utility>

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

// The window's view tabs and the Boundary tab's index in them (-1 when none).
std::pair<QTabWidget*, int> boundaryTabOf(MainWindow& w)
{
    auto* tabs = w.findChild<QTabWidget*>();
    return { tabs, tabs ? tabIndex(*tabs, QStringLiteral("boundary")) : -1 };
}

// A real click on the title of tab `index`.
void clickTab(QTabWidget& tabs, int index)
{
    QTest::mouseClick(tabs.tabBar(), Qt::LeftButton, {}, tabs.tabBar()->tabRect(index).center());
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
    void boundaryPreviewWhileTrainingExactAtTheEnd();
    void boundaryOfAPickedRunFollows();
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
    spec.training.epochs = 1'000'000; // paused and stopped by the test long before its end
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
    const auto [tabs, boundaryTab] = boundaryTabOf(w);
    QVERIFY(tabs);
    QVERIFY(boundaryTab > 0);
    QVERIFY(w.selectView(QStringLiteral("loss")));

    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.history().snapshot().step > 0, 60000);
    QCOMPARE(w.controller()->state(), TrainingController::State::Running);
    QVERIFY(w.history().snapshot().boundary.empty());

    clickTab(*tabs, boundaryTab);
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

// The Boundary tab on screen, Run clicked: while training runs the regions are the coarse
// preview (kLiveDecisionGridCells per side, the caption says so); when training ends they are
// the exact 200 x 200 grid, the same bits as the engine alone gives for the same experiment
// trained to the end (the CLI's numbers), and the caption no longer speaks of a preview.
void TestSnapshotParts::boundaryPreviewWhileTrainingExactAtTheEnd()
{
    MainWindow w;
    QVERIFY(showMoons(w));
    const auto [tabs, boundaryTab] = boundaryTabOf(w);
    QVERIFY(tabs);
    QVERIFY(boundaryTab > 0);
    clickTab(*tabs, boundaryTab);
    auto* view = qobject_cast<BoundaryView*>(w.currentView());
    QVERIFY(view);
    auto* speed = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    QVERIFY(speed);
    speed->setCurrentIndex(0); // Watch: the moons preset plays over about 5 s
    QSignalSpy snapshots(w.controller(), &TrainingController::snapshotArrived);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();

    // While training runs: the preview, and the caption says it is one.
    QTRY_VERIFY_WITH_TIMEOUT(
        view->canvas()->scene().caption.contains(QStringLiteral("preview")), 60000);
    QCOMPARE(w.controller()->state(), TrainingController::State::Running);
    const LiveSnapshot live = w.history().snapshot();
    QVERIFY(live.boundaryPreview);
    QCOMPARE(live.boundary.size, kLiveDecisionGridCells);
    QVERIFY(view->canvas()->scene().caption.contains(
        QStringLiteral("%1 × %1").arg(kLiveDecisionGridCells)));
    // Only the runs drawn have their regions while training runs: float64 and the compared
    // run (the first quantized one), not sym2-ste.
    QCOMPARE(view->comparedRun(), 1);
    QCOMPARE(live.boundary.classes.size(), std::size_t { 3 });
    QVERIFY(!live.boundary.classes[0].empty() && !live.boundary.classes[1].empty());
    QVERIFY(live.boundary.classes[2].empty());

    // When training stops, the view on screen gets its exact regions first (Finished shows
    // them); the other run's follow before trainingEnded().
    LiveSnapshot atFinished;
    connect(w.controller(), &TrainingController::stateChanged, this,
        [&](TrainingController::State state) {
            if (state == TrainingController::State::Finished)
                atFinished = w.history().snapshot();
        });
    // Full speed to the end (the speed menu's second entry, Pace::menu()).
    speed->setCurrentIndex(1);
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
    QVERIFY(!atFinished.boundaryPreview);
    QCOMPARE(atFinished.boundary.size, kDecisionGridCells);
    QCOMPARE(atFinished.boundaryStep, w.controller()->info().totalSteps);
    QVERIFY(!atFinished.boundary.classes[0].empty() && !atFinished.boundary.classes[1].empty());
    QVERIFY(atFinished.boundary.classes[2].empty());
    QCOMPARE(w.controller()->state(), TrainingController::State::Finished);
    for (qsizetype i = 0; i < snapshots.size(); ++i) {
        const LiveSnapshot s = snapshots.at(i).at(0).value<LiveSnapshot>();
        if (!s.boundary.empty())
            QCOMPARE(
                s.boundary.size, s.boundaryPreview ? kLiveDecisionGridCells : kDecisionGridCells);
    }
    const LiveSnapshot atEnd = w.history().snapshot();
    QVERIFY(!atEnd.boundaryPreview);
    QCOMPARE(atEnd.boundary.size, kDecisionGridCells);
    QCOMPARE(atEnd.boundaryStep, w.controller()->info().totalSteps);
    QTRY_VERIFY_WITH_TIMEOUT(view->isUpToDate(), 60000);
    const QString caption = view->canvas()->scene().caption;
    QVERIFY2(!caption.contains(QStringLiteral("preview")), qPrintable(caption));
    QVERIFY2(caption.contains(
                 QStringLiteral(" of %1 cells").arg(kDecisionGridCells * kDecisionGridCells)),
        qPrintable(caption));

    // The engine alone, on the experiment the window trained: the same grid, bit for bit.
    const std::unique_ptr<Experiment> engine = io::makeExperiment(w.controller()->info().spec);
    Observer none;
    engine->run(none, {}, 1);
    const DecisionGrid exact = decisionGrid(*engine);
    QCOMPARE(exact.classes, atEnd.boundary.classes);
    QCOMPARE(exact.confidence, atEnd.boundary.confidence);
    for (std::size_t run = 0; run < 2; ++run) {
        QCOMPARE(atFinished.boundary.classes[run], exact.classes[run]);
        QCOMPARE(atFinished.boundary.confidence[run], exact.confidence[run]);
    }
}

// Picking another run to compare while training runs: its regions follow at once (the
// worker computes the runs the view draws), and the view draws them.
void TestSnapshotParts::boundaryOfAPickedRunFollows()
{
    MainWindow w;
    QVERIFY(showMoons(w));
    const auto [tabs, boundaryTab] = boundaryTabOf(w);
    QVERIFY(tabs);
    clickTab(*tabs, boundaryTab);
    auto* view = qobject_cast<BoundaryView*>(w.currentView());
    QVERIFY(view);
    auto* speed = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    QVERIFY(speed);
    speed->setCurrentIndex(0); // Watch: about 5 s
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        view->canvas()->scene().caption.contains(QStringLiteral("preview")), 60000);
    QVERIFY(w.history().snapshot().boundary.classes[2].empty());

    auto* run = view->findChild<QComboBox*>(QStringLiteral("boundaryRun"));
    QVERIFY(run);
    const int sym2 = run->findText(QStringLiteral("sym2-ste"));
    QVERIFY(sym2 >= 0);
    // Through the keyboard, as a user picks it.
    run->setFocus();
    while (run->currentIndex() < sym2)
        QTest::keyClick(run, Qt::Key_Down);
    QCOMPARE(view->comparedRun(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!w.history().snapshot().boundary.classes[2].empty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(view->canvas()->scene().nameB == QStringLiteral("sym2-ste")
            && view->canvas()->scene().render.size > 0,
        10000);
    w.findChild<QAction*>(QStringLiteral("actionStop"))->trigger();
}

QTEST_MAIN(TestSnapshotParts)
#include "tst_snapshot_parts.moc"
