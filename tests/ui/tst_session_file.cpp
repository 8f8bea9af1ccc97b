// Saved sessions (ui/session_file.h; issue 16, point 12) through the main window: a session
// with two finished experiments, a sweep of each and the earlier ones laid over the Loss and
// Sweep charts is saved with Ctrl+S, and a fresh window reopens it at start (QSettings) with
// the same charts: every curve's points, the legends, both overlays, the sweep's series, the
// view options, the title and the panel's experiment. A missing or broken file gives a
// message naming the file and the key and changes nothing; a failed save writes nothing.
// The sweep's "Compare with" (issue 16, point 12) is driven through its combo box.

#include "core/io/experiment_json.h"
#include "ui/charts/curve_layer.h"
#include "ui/charts/loss_chart.h"
#include "ui/charts/sweep_chart.h"
#include "ui/main_window.h"
#include "ui/result_archive.h"
#include "ui/run_history.h"
#include "ui/session_file.h"
#include "ui/training_controller.h"
#include "ui/training_pace.h"
#include "ui/views/sweep_view.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/window/app_settings.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

void runToEnd(MainWindow& w)
{
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
    w.refreshViews(true);
}

// A small sweep (bits 2-4, symmetric and fixed) of the panel's experiment, to the end.
void sweepToEnd(MainWindow& w)
{
    auto* sweep = w.findChild<SweepView*>();
    w.findChild<QSpinBox*>(QStringLiteral("sweepBitsFrom"))->setValue(2);
    w.findChild<QSpinBox*>(QStringLiteral("sweepBitsTo"))->setValue(4);
    for (QCheckBox* box : w.findChildren<QCheckBox*>())
        if (box->objectName().startsWith(QStringLiteral("sweepScheme_")))
            box->setChecked(box->objectName() == QStringLiteral("sweepScheme_symmetric")
                || box->objectName() == QStringLiteral("sweepScheme_fixed"));
    QSignalSpy finished(sweep, &SweepView::sweepFinished);
    QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("runSweepButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
}

// Answers the next message box with `button` once it is up, keeping its text.
void answerNextMessageBox(QMessageBox::StandardButton button, QString* text)
{
    QTimer::singleShot(0, [button, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text() + QLatin1Char('\n') + box->informativeText();
        QTest::mouseClick(box->button(button), Qt::LeftButton);
    });
}

// Everything a chart of the Loss and Sweep tabs draws, as text (compared between windows).
QStringList drawn(MainWindow& w)
{
    w.refreshViews(true);
    QStringList out;
    auto* loss = w.findChild<LossChart*>();
    out << QStringLiteral("mode %1 log %2 smoothing %3 overlay %4")
               .arg(static_cast<int>(loss->mode()))
               .arg(loss->logScale())
               .arg(loss->smoothing())
               .arg(loss->overlay());
    for (int run = 0; run < w.history().runCount(); ++run) {
        out << loss->legendText(run);
        for (int which = 0; which < 3; ++which) {
            QStringList points;
            for (const QPointF& p : loss->seriesPoints(run, which))
                points << QStringLiteral("%1,%2").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
            out << points.join(QLatin1Char(' '));
        }
        for (int which = 0; which < 2; ++which)
            out << QString::number(loss->overlayPoints(run, which).size());
    }
    for (int run = 0; run < 8; ++run)
        out << loss->overlayLegendText(run);
    SweepChart* chart = w.findChild<SweepView*>()->chart();
    for (const QString& name : chart->seriesNames()) {
        QStringList points;
        for (const QPointF& p : chart->seriesPoints(name))
            points << QStringLiteral("%1,%2").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
        out << name + QStringLiteral(": ") + points.join(QLatin1Char(' '));
    }
    out << chart->title() << w.findChild<SweepView*>()->statusText();
    return out;
}

} // namespace

class TestSessionFile : public QObject {
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }

    void savedSessionReopensExactly()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("lesson.bitlab-session"));
        QStringList before;
        QString title;
        QByteArray spec;
        {
            MainWindow w;
            w.resize(1400, 900);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.controller()->setPace(Pace::full());
            runToEnd(w);
            sweepToEnd(w);
            ExperimentSpec second = w.panel()->spec();
            second.optimizer.lr = 0.02;
            w.panel()->setSpec(second);
            runToEnd(w);
            sweepToEnd(w);
            // The first experiment (its runs and its sweep) laid over both charts.
            auto* loss = w.findChild<LossChart*>();
            auto* sweep = w.findChild<SweepView*>();
            QCOMPARE(w.archive()->entries().size(), std::size_t(2));
            QCOMPARE(w.archive()->entries().front().sweep.has_value(), true);
            auto* picker = w.findChild<QComboBox*>(QStringLiteral("sweepOverlayPicker"));
            QVERIFY(picker && picker->isEnabled());
            QCOMPARE(picker->count(), 2); // none, and #1 (#2's sweep is on screen)
            picker->setFocus();
            QTest::keyClick(picker, Qt::Key_Down);
            QCOMPARE(sweep->overlay(), 1);
            // The earlier sweep's lines, named #1, with its values.
            const SweepRecord& earlier = *w.archive()->entries().front().sweep;
            const QList<QPointF> overlaid
                = sweep->chart()->seriesPoints(QStringLiteral("#1 symmetric"));
            QCOMPARE(overlaid.size(), 3);
            for (const SweepResult& r : earlier.results)
                if (r.scheme == "symmetric" && r.bits == 3) // seed: no test split
                    QCOMPARE(overlaid[1], QPointF(3, earlier.hasTest ? r.testLoss : r.trainLoss));
            QVERIFY(overlaid != sweep->chart()->seriesPoints(QStringLiteral("symmetric")));
            loss->setOverlay(1);
            loss->setSmoothing(0.3);
            QCOMPARE(w.archive()->unsavedCount(), 2);

            QVERIFY(w.saveSession(file));
            QCOMPARE(w.archive()->unsavedCount(), 0);
            QCOMPARE(AppSettings::lastSession(), QFileInfo(file).absoluteFilePath());
            before = drawn(w);
            title = w.windowTitle();
            spec = io::experimentToBytes(w.panel()->spec());
            QVERIFY(w.close()); // saved: no question
        }
        QVERIFY(before.size() > 20);

        // A fresh window, as at the next start.
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(drawn(w) != before);
        w.restoreLastSession();
        QCOMPARE(w.sessionFile(), QFileInfo(file).absoluteFilePath());
        QCOMPARE(w.windowTitle(), title);
        QCOMPARE(io::experimentToBytes(w.panel()->spec()), spec);
        QCOMPARE(w.archive()->entries().size(), std::size_t(2));
        const QStringList after = drawn(w);
        QCOMPARE(after.size(), before.size());
        for (int i = 0; i < before.size(); ++i)
            QCOMPARE(after[i], before[i]);
        // Reopened results count as saved: closing does not ask.
        QCOMPARE(w.archive()->unsavedCount(), 0);
        // Saving again writes the same file.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray first = f.readAll();
        f.close();
        QVERIFY(w.saveSession(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray second = f.readAll();
        if (second != first) {
            const QList<QByteArray> a = first.split('\n'), b = second.split('\n');
            for (int i = 0; i < std::min(a.size(), b.size()); ++i)
                QVERIFY2(a[i] == b[i],
                    qPrintable(QStringLiteral("line %1: %2 / %3")
                                   .arg(i + 1)
                                   .arg(QString::fromUtf8(a[i].left(300)),
                                       QString::fromUtf8(b[i].left(300)))));
            QCOMPARE(a.size(), b.size());
        }
    }

    // The learned steps and clips (issue 19): the Loss tab's "Learned steps and clips" curves
    // of an LSQ run are saved with their names and reopen the same, point for point (before,
    // a reopened session had no learned curves at all).
    void learnedTracesReopen()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("lsq.bitlab-session"));
        QStringList before;
        std::vector<QString> names;
        std::size_t traces = 0;
        auto learnedCurves = [](MainWindow& w) {
            w.refreshViews(true);
            auto* loss = w.findChild<LossChart*>();
            QStringList out;
            for (int run = 0; run < w.history().runCount(); ++run)
                out << loss->legendText(run);
            const CurveLayer& layer = loss->curveLayer();
            for (int c = 0; c < layer.curveCount(); ++c) {
                QStringList points;
                for (const QPointF& p : layer.points(c))
                    points << QStringLiteral("%1,%2").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
                if (!points.isEmpty())
                    out << points.join(QLatin1Char(' '));
            }
            return out;
        };
        {
            MainWindow w;
            w.resize(1400, 900);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.controller()->setPace(Pace::full());
            QVERIFY(w.openPreset(QStringLiteral("lsq")));
            ExperimentSpec spec = w.panel()->spec();
            spec.training.epochs = 20;
            w.panel()->setSpec(spec);
            runToEnd(w);
            auto* loss = w.findChild<LossChart*>();
            QVERIFY(loss->offersLearned());
            loss->setMode(LossChart::Mode::Learned);
            int learning = -1;
            for (int run = 0; run < w.history().runCount(); ++run)
                if (!w.history().run(run).learned.empty())
                    learning = run;
            QVERIFY(learning >= 0);
            traces = w.history().run(learning).learned.size();
            names = w.history().run(learning).learnedNames;
            QCOMPARE(names.size(), traces);
            QCOMPARE(names.front(), QStringLiteral("layers.0.weight.step"));
            before = learnedCurves(w);
            QVERIFY(w.saveSession(file));
            QVERIFY(w.close());
        }
        QVERIFY2(before.size() > 4, qPrintable(before.join(QLatin1Char('\n'))));
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        try {
            readSession(file); // read and checked (a broken file would ask with a message box)
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QVERIFY(w.openSession(file));
        auto* loss = w.findChild<LossChart*>();
        QCOMPARE(loss->mode(), LossChart::Mode::Learned);
        const QStringList after = learnedCurves(w);
        QCOMPARE(after.size(), before.size());
        for (int i = 0; i < before.size(); ++i)
            QCOMPARE(after[i], before[i]);
        int learning = -1;
        for (int run = 0; run < w.history().runCount(); ++run)
            if (!w.history().run(run).learned.empty())
                learning = run;
        QVERIFY(learning >= 0);
        QCOMPARE(w.history().run(learning).learned.size(), traces);
        QVERIFY(w.history().run(learning).learnedNames == names);
    }

    // Issue 16, point 5: with an earlier sweep laid over the seed's sweep of every scheme,
    // each legend entry is drawn whole at 1400 x 900 (it was cut: "fp64 (full precisi…").
    void sweepLegendWholeWithOverlay()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.selectView(QStringLiteral("sweep")));
        auto* sweep = w.findChild<SweepView*>();
        for (int round = 0; round < 2; ++round) {
            if (round == 1) {
                ExperimentSpec spec = w.panel()->spec();
                spec.training.epochs = 500;
                w.panel()->setSpec(spec);
            }
            QSignalSpy finished(sweep, &SweepView::sweepFinished);
            QTest::mouseClick(
                w.findChild<QPushButton*>(QStringLiteral("runSweepButton")), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        }
        sweep->setOverlay(1);
        QVERIFY(sweep->chart()->seriesNames().size() >= 9);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QVERIFY(sweep->chart()->legendFits());
    }

    // A file that is not a session, or a broken one, gives a message naming the file (and
    // the key at fault) and changes nothing in the window.
    void brokenSessionChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("named");
        QTest::newRow("not JSON") << QByteArray("{ nope") << QString(":1:");
        QTest::newRow("an experiment file")
            << QByteArray(R"({"format": "bitlab.experiment", "version": 1})") << QString("format");
        QTest::newRow("newer version")
            << QByteArray(R"({"format": "bitlab.session", "version": 9})") << QString("version");
        QTest::newRow("bad colour") << QByteArray() << QString("results.runs.0.color");
    }
    void brokenSessionChangesNothing()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, named);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("broken.bitlab-session"));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.controller()->setPace(Pace::full());
        if (content.isEmpty()) {
            // A real session, with one run's colour broken.
            runToEnd(w);
            QVERIFY(w.saveSession(file));
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            content = f.readAll().replace("\"color\": \"#", "\"color\": \"nope");
        }
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const QString titleBefore = w.windowTitle();
        const std::uint64_t generation = w.history().generation();
        QString said;
        answerNextMessageBox(QMessageBox::Ok, &said);
        QVERIFY(!w.openSession(file));
        QVERIFY2(said.contains(QStringLiteral("broken.bitlab-session")), qPrintable(said));
        QVERIFY2(said.contains(named), qPrintable(said));
        QCOMPARE(w.windowTitle(), titleBefore);
        QCOMPARE(w.history().generation(), generation);

        // At start: the message, and the file is forgotten (no message at the next start).
        AppSettings::setLastSession(file);
        said.clear();
        answerNextMessageBox(QMessageBox::Ok, &said);
        w.restoreLastSession();
        QVERIFY2(said.contains(named), qPrintable(said));
        QCOMPARE(AppSettings::lastSession(), QString());
    }

    void missingLastSession()
    {
        AppSettings::setLastSession(QStringLiteral("/nonexistent/gone.bitlab-session"));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QString said;
        answerNextMessageBox(QMessageBox::Ok, &said);
        w.restoreLastSession();
        QVERIFY2(said.contains(QStringLiteral("gone.bitlab-session")), qPrintable(said));
        QCOMPARE(AppSettings::lastSession(), QString());
        QCOMPARE(w.findChild<ExperimentPanel*>()->spec().runs.size(), std::size_t(4)); // seed
    }

    // A save that cannot be written says so and leaves no file (nor a temporary one).
    void failedSaveWritesNothing()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("missing/folder/s.bitlab-session"));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QString said;
        answerNextMessageBox(QMessageBox::Ok, &said);
        QVERIFY(!w.saveSession(file));
        QVERIFY2(said.contains(QStringLiteral("s.bitlab-session")), qPrintable(said));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
        QCOMPARE(AppSettings::lastSession(), QString());
    }
};

QTEST_MAIN(TestSessionFile)
#include "tst_session_file.moc"
