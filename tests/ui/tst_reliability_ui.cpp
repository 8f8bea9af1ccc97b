// Reliability in the GUI (offscreen): an exception thrown inside a run reaches the UI as that
// run's error; a close during a burst of records and 50 start/stop cycles at full speed
// exit cleanly; the UI-thread rule is asserted in debug builds; files with spaces and
// non-ASCII names open, save and export; a CSV above DatasetLoader::kBackgroundBytes loads
// behind a progress dialog, and Cancel leaves the panel as it was.

#include "core/engine/presets.h"
#include "core/io/weights_json.h"
#include "ui/main_window.h"
#include "ui/training_controller.h"
#include "ui/training_worker.h"
#include "ui/ui_thread.h"
#include "ui/widgets/dataset_loader.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/runs_editor.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeView>
#include <QtTest>
#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

QAction* action(QWidget& w, const char* name)
{
    return w.findChild<QAction*>(QString::fromLatin1(name));
}

void setFullSpeed(QWidget& w)
{
    auto* combo = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(0.0));
}

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// builtin:linear with 2 features; run 1 (affine, 1 bit) throws at step 0 when it quantizes
// weights of +-1e308 (its scale overflows), run 0 diverges, run 2 trains normally.
ExperimentSpec throwingSpec(const QString& weightsPath)
{
    ExperimentSpec spec = findPreset("seed")->spec;
    spec.dataset = DatasetSpec {};
    spec.dataset.source = "builtin:linear";
    spec.dataset.features = 2;
    spec.training.epochs = 20;
    spec.init.kind = "file";
    spec.init.path = weightsPath.toStdString();
    QuantizerSpec affine1;
    affine1.scheme = "affine";
    affine1.bits = 1;
    QuantizerSpec fixed;
    fixed.scheme = "fixed";
    fixed.bits = 8;
    fixed.fracBits = 3;
    spec.runs = { RunSpec { "fp64", std::nullopt }, RunSpec { "affine1", affine1 },
        RunSpec { "fixed", fixed } };
    return spec;
}

void writeHugeWeights(const QString& path)
{
    WeightSnapshot snap;
    TensorSnapshot w;
    w.name = "weight";
    w.shape = { 1, 2 };
    w.values = Matrix(1, 2);
    w.values << 1e308, -1e308;
    TensorSnapshot b;
    b.name = "bias";
    b.shape = { 1 };
    b.isBias = true;
    b.values = Matrix::Zero(1, 1);
    snap.tensors = { w, b };
    ModelSpec model;
    model.kind = "linear";
    io::writeWeights(path, snap, RunSpec { "fp64", std::nullopt }, model);
}

// A seed-like experiment that floods the UI: one record per step at full speed.
ExperimentSpec burstSpec()
{
    ExperimentSpec spec = findPreset("seed")->spec;
    spec.training.epochs = 50'000'000;
    spec.training.recordEvery = 1;
    spec.training.evalEvery = 0;
    return spec;
}

QByteArray bigCsv(qint64 minBytes)
{
    QByteArray text;
    text.reserve(minBytes + 64);
    text += "x1,x2,label\n";
    for (int i = 0; text.size() < minBytes; ++i) {
        char line[64];
        const int n
            = std::snprintf(line, sizeof line, "%.3f,%d,%d\n", 0.001 * (i % 1000), i % 7, i % 3);
        text.append(line, n);
    }
    return text;
}

// Spins the event loop until pred() holds (QTRY_* polls every 50 ms; 50 cycles add up).
template <class Pred> bool waitFor(Pred pred, int timeoutMs = 30000)
{
    QElapsedTimer clock;
    clock.start();
    while (!pred()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
    return true;
}

QString statusText(MainWindow& w, int run)
{
    auto* list = w.panel()->runsEditor()->findChild<QTreeView*>();
    return list ? list->model()->index(run, 2).data().toString() : QString();
}

} // namespace

class TestReliabilityUi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_reliability_ui"));
    }
    void init()
    {
        QTest::failOnWarning(QRegularExpression(
            QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
    }

    void runExceptionReachesController()
    {
        QTemporaryDir tmp;
        const QString weights = tmp.filePath(QStringLiteral("huge.json"));
        writeHugeWeights(weights);
        TrainingController c;
        QSignalSpy ended(&c, &TrainingController::runEnded);
        QSignalSpy errors(&c, &TrainingController::errorOccurred);
        c.start(throwingSpec(weights), true);
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), TrainingController::State::Finished, 60000);
        QCOMPARE(ended.size(), 3);
        std::map<int, RunSummary> byRun;
        for (const QList<QVariant>& args : ended) {
            const auto s = args.at(0).value<RunSummary>();
            byRun[s.run] = s;
        }
        // The thrown run ends Failed with its message; the others are unaffected by it.
        QCOMPARE(toString(byRun[1].status), toString(RunStatus::Failed));
        QVERIFY2(byRun[1].message.rfind("failed at step 0: ", 0) == 0, byRun[1].message.c_str());
        QCOMPARE(toString(byRun[0].status), toString(RunStatus::Diverged));
        QCOMPARE(toString(byRun[2].status), toString(RunStatus::Finished));
        QCOMPARE(errors.size(), 0); // a run's error is not the experiment's
    }

    void runExceptionShownAsThatRunsError()
    {
        QTemporaryDir tmp;
        const QString weights = tmp.filePath(QStringLiteral("huge.json"));
        writeHugeWeights(weights);
        MainWindow w;
        w.show();
        setFullSpeed(w);
        w.panel()->setSpec(throwingSpec(weights));
        QVERIFY2(w.panel()->problem().isEmpty(), qPrintable(w.panel()->problem()));
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        action(w, "actionRun")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
        QCOMPARE(w.controller()->state(), TrainingController::State::Finished);
        QTRY_VERIFY(w.history().run(1).ended);
        QCOMPARE(toString(w.history().run(1).summary.status), toString(RunStatus::Failed));
        // The runs list shows the message on that run's row, in the error colour.
        const QString failed = statusText(w, 1);
        QVERIFY2(failed.startsWith(QStringLiteral("failed at step 0: ")), qPrintable(failed));
        auto* list = w.panel()->runsEditor()->findChild<QTreeView*>();
        QCOMPARE(list->model()->index(1, 2).data(Qt::ForegroundRole).value<QBrush>().color(),
            QColor(0xB0, 0x30, 0x20));
        QVERIFY2(
            statusText(w, 2).startsWith(QStringLiteral("finished")), qPrintable(statusText(w, 2)));
        QVERIFY(!statusText(w, 2).contains(QStringLiteral("failed")));
    }

    void closeDuringBurst()
    {
        auto* w = new MainWindow;
        w->show();
        setFullSpeed(*w);
        w->panel()->setSpec(burstSpec());
        QSignalSpy records(w->controller(), &TrainingController::recordsArrived);
        action(*w, "actionRun")->trigger();
        // A burst: several batches of records queued to the UI thread.
        QTRY_VERIFY_WITH_TIMEOUT(records.size() >= 5, 60000);
        QCOMPARE(w->controller()->state(), TrainingController::State::Running);
        QVERIFY(w->close());
        QCOMPARE(TrainingWorker::instances(), 0);
        delete w;
        // Whatever was still queued for the dead window is dropped without a crash.
        QTest::qWait(50);
        QCOMPARE(TrainingWorker::instances(), 0);
    }

    void fiftyStartStopCyclesAtFullSpeed()
    {
        MainWindow w;
        w.show();
        setFullSpeed(w);
        w.panel()->setSpec(burstSpec());
        for (int i = 0; i < 50; ++i) {
            action(w, "actionRun")->trigger();
            QVERIFY(TrainingWorker::instances() <= 1);
            QVERIFY(waitFor(
                [&] { return w.controller()->state() == TrainingController::State::Running; }));
            if (i % 2 == 0) {
                action(w, "actionStop")->trigger();
                QVERIFY(waitFor([&] {
                    return w.controller()->state() == TrainingController::State::Finished;
                }));
                QVERIFY(waitFor([&] {
                    for (int run = 0; run < w.history().runCount(); ++run)
                        if (!w.history().run(run).ended)
                            return false;
                    return true;
                }));
            } else {
                action(w, "actionReset")->trigger();
                QCOMPARE(TrainingWorker::instances(), 0);
                QCOMPARE(w.controller()->state(), TrainingController::State::Idle);
            }
        }
        action(w, "actionReset")->trigger();
        QCOMPARE(TrainingWorker::instances(), 0);
    }

    void uiThreadIsKnown()
    {
        QVERIFY(isUiThread());
        bool offThread = true;
        std::thread t([&] { offThread = isUiThread(); });
        t.join();
        QVERIFY(!offThread);
    }

    void viewsRefreshedOffThreadAbortInDebug()
    {
#ifdef QT_NO_DEBUG
        QSKIP("Release build: BITLAB_ASSERT_UI_THREAD() compiles to nothing.");
#else
        MainWindow w;
        w.show();
        QCoreApplication::processEvents();
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            // The child process: touch the views from a thread that is not the UI thread.
            std::thread t([&w] { w.refreshViews(true); });
            t.join();
            _exit(0); // not reached when the assertion fires
        }
        int status = 0;
        pid_t done = 0;
        for (int i = 0; i < 600 && done == 0; ++i) {
            done = waitpid(child, &status, WNOHANG);
            if (done == 0)
                usleep(50'000);
        }
        if (done == 0) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            QFAIL("the child did not end within 30 s");
        }
        QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
            qPrintable(QStringLiteral("child status %1").arg(status)));
#endif
    }

    void nonAsciiPathsOpenSaveExport_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::newRow("spaces") << "my data folder";
        QTest::newRow("accents, CJK and emoji") << QString::fromUtf8("données é 数据 🙂");
    }
    void nonAsciiPathsOpenSaveExport()
    {
        QFETCH(QString, folder);
        QTemporaryDir tmp;
        const QDir dir(tmp.filePath(folder));
        QVERIFY(QDir().mkpath(dir.path()));
        const QString csv = dir.filePath(QString::fromUtf8("série ü.csv"));
        QByteArray text = "x,y\n";
        for (int i = 0; i < 30; ++i)
            text += QByteArray::number(0.1 * i) + ',' + QByteArray::number(3 * 0.1 * i + 2) + '\n';
        QVERIFY(writeText(csv, text));

        MainWindow w;
        w.show();
        setFullSpeed(w);
        QVERIFY(w.openFile(csv));
        QCOMPARE(w.panel()->previewRows(), Index(30));
        QVERIFY(w.panel()->problem().isEmpty());
        const QString saved = dir.filePath(QString::fromUtf8("sous-dossier 子/expérience.json"));
        QVERIFY(QDir().mkpath(QFileInfo(saved).path()));
        QVERIFY(w.saveExperiment(saved));
        QVERIFY(w.windowTitle().contains(QString::fromUtf8("expérience.json")));

        // A fresh window opens the saved experiment: its relative dataset.source finds the CSV.
        MainWindow w2;
        w2.show();
        setFullSpeed(w2);
        QVERIFY(w2.openFile(saved));
        QVERIFY2(w2.panel()->datasetError().isEmpty(), qPrintable(w2.panel()->datasetError()));
        QCOMPARE(w2.panel()->previewRows(), Index(30));
        QSignalSpy ended(&w2, &MainWindow::trainingEnded);
        action(w2, "actionRun")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
        QCOMPARE(w2.controller()->state(), TrainingController::State::Finished);

        // Everything to a folder (as bitlab-cli --out), and the charts, into such folders.
        const QString out = dir.filePath(QString::fromUtf8("résultats 結果"));
        QSignalSpy exported(w2.controller(), &TrainingController::exportFinished);
        w2.controller()->exportFiles({ ExportRequest::Kind::OutputFolder, out });
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 30000);
        QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));
        for (const char* f : { "experiment.json", "metrics.csv", "summary.json" })
            QVERIFY2(QFileInfo(QDir(out).filePath(QLatin1String(f))).size() > 0, f);
        QString error;
        const QStringList charts
            = w2.exportAllCharts(dir.filePath(QStringLiteral("charts ö")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!charts.isEmpty());
        for (const QString& f : charts)
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
    }

    void largeCsvLoadsBehindProgressDialog()
    {
        QTemporaryDir tmp;
        const QString csv = tmp.filePath(QStringLiteral("big data ü.csv"));
        const QByteArray text = bigCsv(DatasetLoader::kBackgroundBytes + 512 * 1024);
        QVERIFY(writeText(csv, text));
        const Index rows = text.count('\n') - 1;

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // Seen from inside the load's event loop: the dialog, modal over the window.
        bool sawDialog = false;
        QStringList labels; // what the dialog said while reading
        QTimer probe;
        probe.setInterval(1);
        connect(&probe, &QTimer::timeout, this, [&] {
            if (auto* d = qobject_cast<QProgressDialog*>(QApplication::activeModalWidget())) {
                sawDialog = sawDialog || (d->isVisible() && d->maximum() == 1000);
                if (auto* label = d->findChild<QLabel*>(); label && !labels.contains(label->text()))
                    labels << label->text();
            }
        });
        probe.start();
        QVERIFY(w.openFile(csv));
        probe.stop();
        QVERIFY(sawDialog);
        // It names the file and the megabytes read of its size.
        const QString size = QString::number(double(text.size()) / 1e6, 'f', 0);
        QVERIFY(!labels.isEmpty());
        const QRegularExpression read(QStringLiteral("^Loading big data ü.csv: (\\d+) of %1 MB "
                                                     "read…$")
                                          .arg(size));
        for (const QString& label : labels)
            QVERIFY2(read.match(label).hasMatch(), qPrintable(label));
        QCOMPARE(w.panel()->previewRows(), rows);
        QVERIFY(w.panel()->datasetError().isEmpty());
        QCOMPARE(QString::fromStdString(w.panel()->spec().dataset.source),
            QFileInfo(csv).absoluteFilePath());
        QVERIFY(w.findChildren<QProgressDialog*>().isEmpty()
            || !w.findChild<QProgressDialog*>()->isVisible());
    }

    void largeCsvLoadCancelled()
    {
        QTemporaryDir tmp;
        const QString csv = tmp.filePath(QStringLiteral("big.csv"));
        QVERIFY(writeText(csv, bigCsv(3 * DatasetLoader::kBackgroundBytes)));

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const std::string before = w.panel()->spec().dataset.source;
        // Click Cancel as soon as the dialog is up (from inside the load's event loop).
        bool clicked = false;
        QTimer probe;
        probe.setInterval(1);
        connect(&probe, &QTimer::timeout, this, [&] {
            auto* d = qobject_cast<QProgressDialog*>(QApplication::activeModalWidget());
            if (!clicked && d && d->isVisible()) {
                auto* cancel = d->findChild<QPushButton*>();
                QVERIFY(cancel);
                QTest::mouseClick(cancel, Qt::LeftButton);
                clicked = true;
            }
        });
        probe.start();
        QVERIFY(!w.openFile(csv));
        probe.stop();
        QVERIFY(clicked);
        // Nothing changed: the panel still shows what it showed before.
        QCOMPARE(w.panel()->spec().dataset.source, before);
        QVERIFY(w.panel()->problem().isEmpty());
        QVERIFY(action(w, "actionRun")->isEnabled());
        // The reader on the pool thread stops too.
        QVERIFY(QThreadPool::globalInstance()->waitForDone(30000));
    }
};

QTEST_MAIN(TestReliabilityUi)
#include "tst_reliability_ui.moc"
