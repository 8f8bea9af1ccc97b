// The main window end to end on the offscreen platform: clicking Run on the seed preset
// draws the engine's numbers; Stop and close mid-run; 50 start/stop cycles; the About box.

#include "core/engine/record_log.h"
#include "core/io/experiment_factory.h"
#include "core/kernels/kernels.h"
#include "ui/charts/loss_chart.h"
#include "ui/charts/min_max_decimator.h"
#include "ui/main_window.h"
#include "ui/text_format.h"
#include "ui/training_worker.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QComboBox>
#include <QMessageBox>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {
QAction* action(QWidget& w, const char* name)
{
    auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
    return a;
}

void setSpeed(QWidget& w, double stepsPerSecond)
{
    auto* combo = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    QVERIFY(combo);
    const int i = combo->findData(stepsPerSecond);
    QVERIFY(i >= 0);
    combo->setCurrentIndex(i);
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void startsOnSeedReadyToRun();
    void aboutNamesTheKernels();
    void runSeedDrawsEngineValues();
    void stopMidRun();
    void closeMidRun();
    void fiftyStartStopCycles();
};

void TestMainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
}

void TestMainWindow::init()
{
    // Any Qt warning (a thread destroyed while running, a bad connect, ...) fails the test,
    // except the offscreen platform's note about window size hints.
    QTest::failOnWarning(QRegularExpression(
        QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
}

void TestMainWindow::startsOnSeedReadyToRun()
{
    MainWindow w;
    w.show();
    QVERIFY(action(w, "actionRun"));
    QVERIFY(action(w, "actionRun")->isEnabled());
    QCOMPARE(action(w, "actionRun")->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(w.panel()->spec().dataset.source, std::string("builtin:seed-linear"));
    QVERIFY(w.panel()->problem().isEmpty());
}

// Help > About BitLab names the kernel set this CPU gets (issue 20).
void TestMainWindow::aboutNamesTheKernels()
{
    MainWindow w;
    w.show();
    QAction* about = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == QStringLiteral("&About BitLab"))
            about = a;
    QVERIFY(about);
    QString text;
    QTimer probe;
    probe.setInterval(5);
    connect(&probe, &QTimer::timeout, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            text = box->text();
            box->accept();
        }
    });
    probe.start();
    about->trigger();
    probe.stop();
    QVERIFY2(text.contains(QStringLiteral("Kernels: <b>%1</b>")
                               .arg(QString::fromLatin1(kernelSetName(detectedKernelSet())))),
        qPrintable(text));
}

void TestMainWindow::runSeedDrawsEngineValues()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    action(w, "actionRun")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
    QCOMPARE(w.controller()->state(), TrainingController::State::Finished);

    // The reference: the same spec run headless through the engine.
    const ExperimentSpec spec = w.panel()->spec();
    std::unique_ptr<Experiment> reference = io::makeExperiment(spec);
    RecordLog log;
    reference->run(log);

    auto* chart = w.findChild<LossChart*>();
    QVERIFY(chart);
    chart->setMode(LossChart::Mode::Loss);
    chart->setSmoothing(0.0);
    chart->resetZoom();
    const RunHistory& h = w.history();
    QCOMPARE(h.runCount(), reference->runCount());
    for (int run = 0; run < reference->runCount(); ++run) {
        const std::vector<Record> evaluated = log.evaluatedRecords(run);
        QVERIFY(!evaluated.empty());
        std::vector<double> steps, loss;
        for (const Record& r : evaluated) {
            steps.push_back(static_cast<double>(r.step));
            loss.push_back(r.trainLoss);
        }
        // The history holds every evaluated value, identical to the engine's.
        const MetricTrace& trace = h.run(run).metric(Metric::TrainLoss);
        QCOMPARE(trace.size(), evaluated.size());
        QCOMPARE(trace.values.back(), evaluated.back().trainLoss);
        // The series holds the decimation of exactly those values over the whole x range.
        const QList<QPointF> expected = MinMaxDecimator::decimate(steps.data(), loss.data(),
            steps.size(), 0.0, static_cast<double>(reference->totalSteps()), chart->plotColumns());
        const QList<QPointF> points = chart->seriesPoints(run, 0);
        QCOMPARE(points.size(), expected.size());
        QCOMPARE(points.last(),
            QPointF(static_cast<double>(evaluated.back().step), evaluated.back().trainLoss));
        // The legend names the run with its final value.
        QVERIFY2(
            chart->legendText(run).startsWith(h.run(run).name), qPrintable(chart->legendText(run)));
        QVERIFY2(chart->legendText(run).contains(formatNumber(evaluated.back().trainLoss)),
            qPrintable(chart->legendText(run)));
        QCOMPARE(h.run(run).summary.status, RunStatus::Finished);
    }
}

void TestMainWindow::stopMidRun()
{
    MainWindow w;
    w.show();
    setSpeed(w, 30.0);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    action(w, "actionRun")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->step() >= 3, 30000);
    QVERIFY(action(w, "actionStop")->isEnabled());
    action(w, "actionStop")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 30000);
    QCOMPARE(w.controller()->state(), TrainingController::State::Finished);
    const RunHistory& h = w.history();
    for (int run = 0; run < h.runCount(); ++run) {
        QTRY_VERIFY(h.run(run).ended);
        QCOMPARE(h.run(run).summary.status, RunStatus::Stopped);
        QVERIFY(h.run(run).summary.steps < w.controller()->info().totalSteps);
    }
    QCOMPARE(TrainingWorker::instances(), 1); // kept for export until reset
    action(w, "actionReset")->trigger();
    QCOMPARE(TrainingWorker::instances(), 0);
}

void TestMainWindow::closeMidRun()
{
    auto* w = new MainWindow;
    w->show();
    setSpeed(*w, 30.0);
    action(*w, "actionRun")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w->controller()->state() == TrainingController::State::Running
            && w->controller()->step() >= 1,
        30000);
    QVERIFY(w->close());
    QCOMPARE(TrainingWorker::instances(), 0);
    delete w;
}

void TestMainWindow::fiftyStartStopCycles()
{
    MainWindow w;
    w.show();
    setSpeed(w, 1000.0);
    for (int i = 0; i < 50; ++i) {
        action(w, "actionRun")->trigger();
        QVERIFY(TrainingWorker::instances() <= 1);
        if (i % 2 == 0) {
            QTRY_VERIFY_WITH_TIMEOUT(
                w.controller()->state() != TrainingController::State::Preparing, 30000);
            action(w, "actionStop")->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(
                w.controller()->state() == TrainingController::State::Finished, 30000);
        } else {
            action(w, "actionReset")->trigger();
            QCOMPARE(TrainingWorker::instances(), 0);
        }
        QVERIFY(TrainingWorker::instances() <= 1);
    }
    action(w, "actionReset")->trigger();
    QCOMPARE(TrainingWorker::instances(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
