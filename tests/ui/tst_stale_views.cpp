// Stale views (issue 16, point 2): after a sweep on the seed example, opening lesson 2 and
// pressing "Run this lesson" showed the old seed sweep chart beside the cliff lesson. A
// view whose content belongs to another experiment is cleared the moment the panel shows
// another one; an edit-free reopen of the same experiment keeps it.

#include "ui/charts/sweep_chart.h"
#include "ui/main_window.h"
#include "ui/views/sweep_view.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/lesson_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {
// A small sweep of the panel's experiment: fixed, 3 to 4 bits, with the real widgets.
void sweepSmall(SweepView* view)
{
    view->findChild<QSpinBox*>(QStringLiteral("sweepBitsTo"))->setValue(16);
    view->findChild<QSpinBox*>(QStringLiteral("sweepBitsFrom"))->setValue(3);
    view->findChild<QSpinBox*>(QStringLiteral("sweepBitsTo"))->setValue(4);
    for (QCheckBox* box : view->findChildren<QCheckBox*>())
        if (box->objectName().startsWith(QStringLiteral("sweepScheme_"))
            && box->isChecked() != (box->objectName() == QStringLiteral("sweepScheme_fixed")))
            box->click();
    QSignalSpy done(view, &SweepView::sweepFinished);
    auto* run = view->findChild<QPushButton*>(QStringLiteral("runSweepButton"));
    QVERIFY(run && run->isEnabled());
    QTest::mouseClick(run, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    QVERIFY(!view->results().empty());
    QVERIFY(!view->chart()->seriesPoints(QStringLiteral("fixed")).isEmpty());
}
} // namespace

class TestStaleViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void lessonAfterSweepShowsNoStaleSweep();
};

void TestStaleViews::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_stale_views"));
}

void TestStaleViews::lessonAfterSweepShowsNoStaleSweep()
{
    MainWindow w; // the seed example
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* view = w.findChild<SweepView*>();
    QVERIFY(view);
    QVERIFY(w.selectView(QStringLiteral("sweep")));
    sweepSmall(view);

    // Reopening the same experiment leaves the sweep: it is still this experiment's.
    QVERIFY(w.openPreset(QStringLiteral("seed")));
    QVERIFY(!view->results().empty());

    // Lessons ▸ 2 opens the cliff preset; its "Run this lesson" runs it.
    auto* lesson = w.findChild<QAction*>(QStringLiteral("lessonAction-bit-width-cliff"));
    QVERIFY(lesson);
    lesson->trigger();
    QVERIFY(view->results().empty());
    QVERIFY(view->chart()->seriesPoints(QStringLiteral("fixed")).isEmpty());
    QVERIFY2(
        view->statusText().contains(QStringLiteral("another")), qPrintable(view->statusText()));
    QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton);
    QVERIFY(view->results().empty());
    QVERIFY(view->chart()->seriesPoints(QStringLiteral("fixed")).isEmpty());
}

QTEST_MAIN(TestStaleViews)
#include "tst_stale_views.moc"
