// Changing a quantized run's grid while paused, through the real widgets: pause the seed
// preset, give the Q4.3-nearest run 2 fractional bits in the runs editor, apply, resume.
// The history marks the change, the Loss chart draws a dashed marker at that step, the
// run's later weights sit on the new grid (multiples of 1/4), the other settings stay
// locked, and Save writes the quantizer the run started with.

#include "core/io/experiment_json.h"
#include "ui/charts/loss_chart.h"
#include "ui/main_window.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/runs_editor.h"

#include <QAction>
#include <QComboBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {
QAction* action(QWidget& w, const char* name)
{
    return w.findChild<QAction*>(QString::fromLatin1(name));
}

template <class T> T* child(QWidget& w, const char* name)
{
    return w.findChild<T*>(QString::fromLatin1(name));
}

bool onGrid(double v, double step)
{
    const double q = v / step;
    return std::abs(q - std::round(q)) < 1e-9;
}
} // namespace

class TestGridChange : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fracBitsChangeWhilePaused();
};

void TestGridChange::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_grid_change"));
}

void TestGridChange::fracBitsChangeWhilePaused()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openPreset(QStringLiteral("seed")));
    RunsEditor* runs = w.panel()->runsEditor();
    auto* list = runs->findChild<QTreeView*>();
    auto* fracBits = child<QSpinBox>(*runs, "fracBitsSpin");
    auto* bits = child<QSpinBox>(*runs, "bitsSpin");
    auto* scheme = child<QComboBox>(*runs, "schemeCombo");
    auto* mode = child<QComboBox>(*runs, "modeCombo");
    auto* apply = child<QPushButton>(*runs, "applyGridButton");
    QVERIFY(list && fracBits && bits && scheme && mode && apply);
    QVERIFY(!apply->isVisible()); // only while paused

    auto* speed = child<QComboBox>(w, "speedCombo");
    QVERIFY(speed);
    speed->setCurrentIndex(speed->findData(30.0));
    action(w, "actionRun")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->step() >= 5, 30000);
    // Running: the form is locked.
    QVERIFY(!runs->liveEditing());
    QVERIFY(!fracBits->isEnabled());
    action(w, "actionPause")->trigger();
    QCOMPARE(w.controller()->state(), TrainingController::State::Paused);
    QVERIFY(runs->liveEditing());

    // Select the Q4.3-nearest run and give it 2 fractional bits.
    const int run = 1;
    QCOMPARE(w.history().run(run).name, QStringLiteral("Q4.3-nearest"));
    list->setCurrentIndex(list->model()->index(run, 0));
    QVERIFY(apply->isVisible());
    QVERIFY(fracBits->isEnabled() && bits->isEnabled() && scheme->isEnabled());
    QVERIFY(!mode->isEnabled()); // how the run trains cannot change mid-run
    QVERIFY(!apply->isEnabled()); // nothing to apply yet
    QCOMPARE(fracBits->value(), 3);
    fracBits->setValue(2);
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);

    const RunHistory& h = w.history();
    QTRY_COMPARE_WITH_TIMEOUT(h.run(run).gridChanges.size(), std::size_t(1), 10000);
    const RunTrace::GridChange change = h.run(run).gridChanges.front();
    QVERIFY(change.step >= 5);
    for (int other = 0; other < h.runCount(); ++other)
        if (other != run)
            QVERIFY(h.run(other).gridChanges.empty());
    QCOMPARE(runs->effectiveQuantizer(run)->fracBits, 2);
    QCOMPARE(runs->runs()[run].quantizer->fracBits, 3); // the spec keeps what the run began with
    QVERIFY(list->model()->index(run, 1).data().toString().contains(QStringLiteral("f2")));
    QVERIFY(!apply->isEnabled()); // applied

    // The Loss chart marks the step with a vertical line and a label.
    auto* chart = w.findChild<LossChart*>();
    QVERIFY(chart);
    w.refreshViews(true);
    const GridChangeMarkers& markers = chart->gridChangeMarkers();
    QCOMPARE(markers.count(), 1);
    QCOMPARE(markers.step(0), double(change.step));
    QVERIFY(markers.isShown(0));
    QVERIFY2(std::abs(markers.drawnStep(0) - double(change.step)) < 2.0, // within a pixel or so
        qPrintable(QString::number(markers.drawnStep(0))));
    QVERIFY2(markers.label(0).contains(QStringLiteral("Q4.3-nearest"))
            && markers.label(0).contains(change.description),
        qPrintable(markers.label(0)));

    if (const QString shots = qEnvironmentVariable("BITLAB_SCREENSHOT_DIR"); !shots.isEmpty())
        w.grab().save(shots + QStringLiteral("/grid-change-paused.png"));

    // Resume to the end at full speed.
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    speed->setCurrentIndex(speed->findData(0.0));
    action(w, "actionRun")->trigger();
    QVERIFY(!runs->liveEditing());
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);

    // Every recorded point of the run after the change lies on the 1/4 grid, before it on
    // the 1/8 grid; and some earlier point was NOT on the 1/4 grid (else the test proves
    // nothing about the change).
    const RunTrace& t = h.run(run);
    QVERIFY(!t.trajectory.empty());
    int after = 0, offQuarterBefore = 0;
    for (std::size_t i = 0; i < t.trajectory.size(); ++i) {
        for (double v : t.trajectory[i]) {
            if (t.trajectorySteps[i] > change.step) {
                QVERIFY2(onGrid(v, 0.25), qPrintable(QString::number(v, 'g', 17)));
                ++after;
            } else {
                QVERIFY(onGrid(v, 0.125));
                offQuarterBefore += !onGrid(v, 0.25);
            }
        }
    }
    QVERIFY(after > 0);
    QVERIFY(offQuarterBefore > 0);
    // The final snapshot's weights too.
    const WeightSnapshot& snap = h.snapshot().weights[static_cast<std::size_t>(run)];
    for (const TensorSnapshot& tensor : snap.tensors)
        for (Index k = 0; k < tensor.values.size(); ++k)
            QVERIFY(onGrid(tensor.values.data()[k], 0.25));
    QCOMPARE(chart->gridChangeMarkers().count(), 1);
    if (const QString shots = qEnvironmentVariable("BITLAB_SCREENSHOT_DIR"); !shots.isEmpty())
        w.grab().save(shots + QStringLiteral("/grid-change-end.png"));

    // Save writes the quantizer the run started with, and says so.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("experiment.json"));
    QVERIFY(w.saveExperiment(file));
    const ExperimentSpec saved = io::readExperiment(file);
    QCOMPARE(saved.runs[run].quantizer->fracBits, 3);
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("original quantizers")),
        qPrintable(w.statusBar()->currentMessage()));

    // A new run starts from the file's quantizer again.
    action(w, "actionReset")->trigger();
    QCOMPARE(runs->effectiveQuantizer(run)->fracBits, 3);
    QVERIFY(!list->model()->index(run, 1).data().toString().contains(QStringLiteral("step")));
    QCOMPARE(chart->gridChangeMarkers().count(), 0);
}

QTEST_MAIN(TestGridChange)
#include "tst_grid_change.moc"
