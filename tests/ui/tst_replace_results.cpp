// Asking before replacing results: with results on screen that are not saved, Run, a
// built-in experiment from the File menu, a lesson and undoing or redoing an opened
// experiment ask first (Save /
// Discard / Cancel), as closing the window does. Cancel changes nothing; Discard goes on (the
// results stay under Compare with); Save writes the session file, then goes on. Saved
// results, a running experiment's Pause/Resume and a window that does not ask (tests,
// headless) go on without a question.

#include "core/engine/presets.h"
#include "core/io/experiment_json.h"
#include "ui/main_window.h"
#include "ui/result_archive.h"
#include "ui/run_history.h"
#include "ui/training_controller.h"
#include "ui/training_pace.h"
#include "ui/widgets/experiment_panel.h"

#include <QAbstractButton>
#include <QAction>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

// Answers the next message box with `button` once it is up (nothing when none comes).
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

QAction* presetAction(MainWindow& w, const QString& name)
{
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text().startsWith(name + QStringLiteral(" — ")))
            return a;
    return nullptr;
}

} // namespace

class TestReplaceResults : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        QSettings().clear();
        m_w = std::make_unique<MainWindow>();
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        m_w->controller()->setPace(Pace::full());
        m_w->setAskBeforeReplacing(true);
        m_run = m_w->findChild<QAction*>(QStringLiteral("actionRun"));
        QVERIFY(m_run);
        // The first results: nothing on screen before, no question.
        QString asked;
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        runToEnd();
        QCOMPARE(asked, QString());
        QCOMPARE(m_w->archive()->unsavedCount(), 1);
    }
    void cleanup() { m_w.reset(); }

    void runAsksAndCancelKeepsTheResults()
    {
        const std::uint64_t generation = m_w->history().generation();
        QString asked;
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        m_run->trigger();
        QVERIFY2(asked.contains(QStringLiteral("#1 · ")), qPrintable(asked));
        QTest::qWait(50);
        QCOMPARE(m_w->controller()->state(), TrainingController::State::Finished);
        QCOMPARE(m_w->history().generation(), generation);

        // Discard: the run goes ahead; the earlier results stay in the archive.
        asked.clear();
        answerNextMessageBox(QMessageBox::Discard, &asked);
        runToEnd();
        QVERIFY(!asked.isEmpty());
        QVERIFY(m_w->history().generation() != generation);
        QCOMPARE(m_w->archive()->entries().size(), std::size_t(2));
    }

    void presetAndLessonAsk()
    {
        const QByteArray seed = io::experimentToBytes(m_w->panel()->spec());
        QAction* moons = presetAction(*m_w, QStringLiteral("moons"));
        QVERIFY(moons);
        QString asked;
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        moons->trigger();
        QVERIFY(!asked.isEmpty());
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()), seed);

        QAction* lesson = m_w->findChild<QAction*>(QStringLiteral("lessonAction-bit-width-cliff"));
        QVERIFY(lesson);
        asked.clear();
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        lesson->trigger();
        QVERIFY(!asked.isEmpty());
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()), seed);

        asked.clear();
        answerNextMessageBox(QMessageBox::Discard, &asked);
        moons->trigger();
        QVERIFY(!asked.isEmpty());
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()),
            io::experimentToBytes(findPreset("moons")->spec));
        // The seed's results are off the screen now: opening another asks nothing.
        asked.clear();
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        presetAction(*m_w, QStringLiteral("seed"))->trigger();
        QTest::qWait(50);
        QCOMPARE(asked, QString());
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()), seed);
    }

    // Undoing "open moons" brings the seed back and would drop the moons results: it asks
    // first, and Cancel leaves the experiment and its results on screen; so does redo.
    void undoOfAnOpenAsks()
    {
        QString asked;
        answerNextMessageBox(QMessageBox::Discard, &asked);
        presetAction(*m_w, QStringLiteral("moons"))->trigger();
        QVERIFY(!asked.isEmpty());
        const QByteArray seed = io::experimentToBytes(findPreset("seed")->spec);
        const QByteArray moons = io::experimentToBytes(findPreset("moons")->spec);
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()), moons);
        runToEnd();
        const std::uint64_t generation = m_w->history().generation();
        auto* undo = m_w->findChild<QAction*>(QStringLiteral("actionUndo"));
        auto* redo = m_w->findChild<QAction*>(QStringLiteral("actionRedo"));
        QVERIFY(undo && redo);
        QVERIFY(undo->isEnabled());

        asked.clear();
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        undo->trigger();
        QVERIFY2(asked.contains(QStringLiteral("#2 · ")), qPrintable(asked));
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()), moons);
        QCOMPARE(m_w->history().generation(), generation);
        QCOMPARE(m_w->controller()->state(), TrainingController::State::Finished);

        asked.clear();
        answerNextMessageBox(QMessageBox::Discard, &asked);
        undo->trigger();
        QVERIFY(!asked.isEmpty());
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()), seed);
        QCOMPARE(m_w->archive()->entries().size(), std::size_t(2)); // both kept

        // Nothing unsaved on screen now: redo brings moons back without a question.
        asked.clear();
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        redo->trigger();
        QTest::qWait(50);
        QCOMPARE(asked, QString());
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()), moons);
    }

    // Save writes the session (to its file: no dialog once it has one), then goes on.
    void saveThenGoOn()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("s.bitlab-session"));
        QVERIFY(m_w->saveSession(file));
        // Saved: Run asks nothing.
        QString asked;
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        runToEnd();
        QCOMPARE(asked, QString());
        QCOMPARE(m_w->archive()->unsavedCount(), 1);
        // The new results are not saved: opening a preset asks; Save rewrites the file.
        answerNextMessageBox(QMessageBox::Save, &asked);
        presetAction(*m_w, QStringLiteral("moons"))->trigger();
        QVERIFY(!asked.isEmpty());
        QCOMPARE(m_w->archive()->unsavedCount(), 0);
        QCOMPARE(io::experimentToBytes(m_w->panel()->spec()),
            io::experimentToBytes(findPreset("moons")->spec));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray saved = f.readAll();
        QCOMPARE(saved.count("\"number\": "), 2); // both experiments kept
    }

    // Pausing and resuming the same experiment replaces nothing.
    void resumeDoesNotAsk()
    {
        m_w->controller()->setPace(Pace::stepsPerSecond(50));
        QString asked;
        answerNextMessageBox(QMessageBox::Discard, &asked);
        m_run->trigger();
        QTRY_COMPARE(m_w->controller()->state(), TrainingController::State::Running);
        m_w->findChild<QAction*>(QStringLiteral("actionPause"))->trigger();
        QTRY_COMPARE(m_w->controller()->state(), TrainingController::State::Paused);
        asked.clear();
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        m_run->trigger();
        QTRY_COMPARE(m_w->controller()->state(), TrainingController::State::Running);
        QCOMPARE(asked, QString());
        m_w->findChild<QAction*>(QStringLiteral("actionStop"))->trigger();
    }

private:
    void runToEnd()
    {
        QSignalSpy ended(m_w.get(), &MainWindow::trainingEnded);
        m_run->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);
    }

    std::unique_ptr<MainWindow> m_w;
    QAction* m_run = nullptr;
};

QTEST_MAIN(TestReplaceResults)
#include "tst_replace_results.moc"
