// Undo and redo of the experiment panel (ui/window/panel_undo.h) and the in-app help
// (ui/window/help_actions.h), through the main window and real key events: typing a
// learning rate is one step, undone with Ctrl+Z from the runs list or from the field
// itself and redone with Ctrl+Shift+Z; runs added, duplicated and removed are undone one
// by one; opening a preset is one step that brings the seed back; undo is locked while an
// experiment trains; F1 and the "?" button explain the tab on screen; Ctrl+/ lists every
// shortcut of the window's actions.

#include "ui/main_window.h"
#include "ui/training_controller.h"
#include "ui/training_pace.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/window/help_actions.h"
#include "ui/window/panel_undo.h"

#include <QAbstractItemView>
#include <QAction>
#include <QDialog>
#include <QGroupBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

QLineEdit* fieldShowing(QWidget* panel, const QString& group, const QString& text)
{
    for (QGroupBox* box : panel->findChildren<QGroupBox*>())
        if (box->title() == group)
            for (QLineEdit* e : box->findChildren<QLineEdit*>())
                if (e->text() == text)
                    return e;
    return nullptr;
}

QPushButton* button(QWidget* parent, const QString& text)
{
    for (QPushButton* b : parent->findChildren<QPushButton*>())
        if (b->text() == text)
            return b;
    return nullptr;
}

QStringList runNames(const MainWindow& w)
{
    QStringList names;
    for (const RunSpec& r : w.panel()->spec().runs)
        names << QString::fromStdString(r.name);
    return names;
}

} // namespace

class TestPanelUndo : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_w = std::make_unique<MainWindow>();
        m_w->resize(1400, 900);
        m_w->show();
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
    }
    void cleanup() { m_w.reset(); }

    void typingIsOneStep()
    {
        MainWindow& w = *m_w;
        QUndoStack* stack = w.panelUndo()->stack();
        QCOMPARE(stack->count(), 0); // the seed opened with the window is not a step
        QAction* undo = w.findChild<QAction*>(QStringLiteral("actionUndo"));
        QVERIFY(undo && !undo->isEnabled());
        QLineEdit* lr = fieldShowing(w.panel(), QStringLiteral("Optimizer"), QStringLiteral("0.1"));
        QVERIFY(lr);
        QTest::mouseClick(lr, Qt::LeftButton);
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("0.05"));
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.05);
        QTRY_COMPARE(stack->count(), 1); // four keystrokes, one step
        QVERIFY(undo->isEnabled());
        QVERIFY2(undo->text().contains(QStringLiteral("optimizer.lr")), qPrintable(undo->text()));

        // Ctrl+Z with the focus in the field: the panel's undo, not the field's.
        QTest::keyClick(lr, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.1);
        QCOMPARE(lr->text(), QStringLiteral("0.1"));
        // Ctrl+Shift+Z from elsewhere in the window redoes it.
        auto* list = w.panel()->findChild<QAbstractItemView*>(QStringLiteral("runsList"));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.05);
        QCOMPARE(lr->text(), QStringLiteral("0.05"));
        QCOMPARE(stack->count(), 1); // nothing new recorded by undo and redo themselves
        QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.1);
    }

    void editsUndoInOrder()
    {
        MainWindow& w = *m_w;
        const std::int64_t epochs = w.panel()->spec().training.epochs;
        QLineEdit* lr = fieldShowing(w.panel(), QStringLiteral("Optimizer"), QStringLiteral("0.1"));
        QTest::mouseClick(lr, Qt::LeftButton);
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("0.2"));
        QLineEdit* e = fieldShowing(w.panel(), QStringLiteral("Training"), QString::number(epochs));
        QVERIFY(e);
        QTest::mouseClick(e, Qt::LeftButton);
        e->selectAll();
        QTest::keyClicks(e, QStringLiteral("50"));
        QCOMPARE(w.panel()->spec().training.epochs, 50);
        QTRY_COMPARE(w.panelUndo()->stack()->count(), 2);
        QTest::keyClick(e, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.panel()->spec().training.epochs, epochs);
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.2);
        QTest::keyClick(e, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.1);
    }

    void runsAddedDuplicatedRemoved()
    {
        MainWindow& w = *m_w;
        const QStringList seed = runNames(w);
        QCOMPARE(seed.size(), 4);
        QTest::mouseClick(button(w.panel(), QStringLiteral("Add twin")), Qt::LeftButton);
        QCOMPARE(runNames(w).size(), 5);
        QTest::mouseClick(button(w.panel(), QStringLiteral("Duplicate")), Qt::LeftButton);
        QCOMPARE(runNames(w).size(), 6);
        const QStringList six = runNames(w);
        auto* list = w.panel()->findChild<QAbstractItemView*>(QStringLiteral("runsList"));
        const QRect r = list->visualRect(list->model()->index(1, 0));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, r.center());
        QTest::mouseClick(button(w.panel(), QStringLiteral("Remove")), Qt::LeftButton);
        QCOMPARE(runNames(w).size(), 5);
        QTRY_COMPARE(w.panelUndo()->stack()->count(), 3);
        QAction* undo = w.findChild<QAction*>(QStringLiteral("actionUndo"));
        QVERIFY2(undo->text().contains(QStringLiteral("remove a run")), qPrintable(undo->text()));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(runNames(w), six);
        QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(runNames(w).size(), 5);
        QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(runNames(w), seed);
        QVERIFY(!undo->isEnabled());
        QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(runNames(w).size(), 5);
    }

    void openingAPresetIsOneStep()
    {
        MainWindow& w = *m_w;
        QVERIFY(w.openPreset(QStringLiteral("moons")));
        QTRY_COMPARE(w.panelUndo()->stack()->count(), 1);
        QCOMPARE(w.panel()->spec().dataset.source, std::string("builtin:moons"));
        QAction* undo = w.findChild<QAction*>(QStringLiteral("actionUndo"));
        QVERIFY2(undo->text().contains(QStringLiteral("open “")), qPrintable(undo->text()));
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.panel()->spec().dataset.source, std::string("builtin:seed-linear"));
        QCOMPARE(runNames(w).size(), 4);
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.panel()->spec().dataset.source, std::string("builtin:moons"));
    }

    void lockedWhileTraining()
    {
        MainWindow& w = *m_w;
        QLineEdit* lr = fieldShowing(w.panel(), QStringLiteral("Optimizer"), QStringLiteral("0.1"));
        QTest::mouseClick(lr, Qt::LeftButton);
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("0.05"));
        QTRY_COMPARE(w.panelUndo()->stack()->count(), 1);
        QAction* undo = w.findChild<QAction*>(QStringLiteral("actionUndo"));
        QVERIFY(undo->isEnabled());
        w.controller()->setPace(Pace::stepsPerSecond(50));
        QTest::keyClick(&w, Qt::Key_F5);
        QTRY_COMPARE(w.controller()->state(), TrainingController::State::Running);
        QVERIFY(!undo->isEnabled());
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.05); // nothing changed under the run
        QTest::keyClick(&w, Qt::Key_F5, Qt::ShiftModifier); // Stop
        QTRY_VERIFY(undo->isEnabled());
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w.panel()->spec().optimizer.lr, 0.1);
    }

    void f1ExplainsTheTab()
    {
        MainWindow& w = *m_w;
        auto* tabs = w.findChild<QTabWidget*>();
        QVERIFY(tabs);
        QVERIFY(w.selectView(QStringLiteral("fit")));
        QTest::keyClick(&w, Qt::Key_F1);
        QDialog* help = nullptr;
        QTRY_VERIFY((help = w.findChild<QDialog*>(QStringLiteral("viewHelpDialog"))));
        QVERIFY(help->isVisible());
        auto* text = help->findChild<QTextBrowser*>(QStringLiteral("helpText"));
        QVERIFY2(text->toPlainText().startsWith(QStringLiteral("Fit: what each run predicts")),
            qPrintable(text->toPlainText()));
        // Another tab, through the "?" button beside the tabs: its own text replaces it.
        QVERIFY(w.selectView(QStringLiteral("weights")));
        auto* button = tabs->findChild<QToolButton*>(QStringLiteral("explainTabButton"));
        QVERIFY(button && button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(w.findChildren<QDialog*>(QStringLiteral("viewHelpDialog")).size(), 1);
        help = w.findChild<QDialog*>(QStringLiteral("viewHelpDialog"));
        text = help->findChild<QTextBrowser*>(QStringLiteral("helpText"));
        QVERIFY2(text->toPlainText().startsWith(QStringLiteral("Weights:")),
            qPrintable(text->toPlainText()));
        // Every view has its own text.
        for (const QString& key : w.viewKeys())
            QVERIFY2(!HelpActions::viewHelp(key).contains(QStringLiteral("docs/gui.md")),
                qPrintable(key));
    }

    void shortcutListIsTheActions()
    {
        MainWindow& w = *m_w;
        QTest::keyClick(&w, Qt::Key_Slash, Qt::ControlModifier);
        QDialog* d = nullptr;
        QTRY_VERIFY((d = w.findChild<QDialog*>(QStringLiteral("shortcutsDialog"))));
        const QString text = d->findChild<QTextBrowser*>(QStringLiteral("helpText"))->toPlainText();
        int actions = 0;
        for (QAction* a : w.findChildren<QAction*>()) {
            if (a->shortcut().isEmpty())
                continue;
            ++actions;
            const QString keys = a->shortcut().toString(QKeySequence::NativeText);
            QVERIFY2(text.contains(keys), qPrintable(keys));
        }
        QVERIFY(actions >= 12);
        for (const QString& must : { QStringLiteral("F5"), QStringLiteral("Ctrl+Z"),
                 QStringLiteral("Ctrl+Shift+Z"), QStringLiteral("F1") })
            QVERIFY2(text.contains(must), qPrintable(must));
        QVERIFY(text.contains(QStringLiteral("Undo")));
    }

private:
    std::unique_ptr<MainWindow> m_w;
};

QTEST_MAIN(TestPanelUndo)
#include "tst_panel_undo.moc"
