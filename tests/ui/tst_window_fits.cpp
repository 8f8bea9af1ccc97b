// The window fits a 1400 x 900 screen whatever is open: showing a lesson's dock beside the
// views (every lesson, on every tab) does not grow the window past 1400 px, and the dock
// keeps a readable width. A view whose controls ask for more room than the tabs have
// (the Sweep tab's scheme boxes once did: the window grew to 1577 px and the lesson ran off
// the screen) fails here, naming the view and the width it asks for.

#include "core/engine/lessons.h"
#include "ui/main_window.h"
#include "ui/views/experiment_view.h"
#include "ui/widgets/lesson_panel.h"

#include <QAction>
#include <QTabWidget>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

class TestWindowFits : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_window_fits"));
    }

    void lessonBesideEveryView()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* tabs = w.findChild<QTabWidget*>();
        QVERIFY(tabs);
        for (const Lesson& lesson : lessonRegistry()) {
            QAction* a = w.findChild<QAction*>(
                QStringLiteral("lessonAction-") + QString::fromStdString(lesson.name));
            QVERIFY(a);
            a->trigger();
            QTest::qWait(20);
            for (int t = 0; t < tabs->count(); ++t) {
                tabs->setCurrentIndex(t);
                QTest::qWait(5);
                QVERIFY2(w.width() <= 1400,
                    qPrintable(QStringLiteral("lesson %1, tab %2: window %3 px wide")
                                   .arg(QString::fromStdString(lesson.name), tabs->tabText(t))
                                   .arg(w.width())));
                const QWidget* view = tabs->currentWidget();
                QVERIFY2(view->minimumSizeHint().width() <= view->width(),
                    qPrintable(QStringLiteral("tab %1 asks for %2 px, has %3")
                                   .arg(tabs->tabText(t))
                                   .arg(view->minimumSizeHint().width())
                                   .arg(view->width())));
                QVERIFY2(w.lessonPanel()->width() >= 280,
                    qPrintable(QStringLiteral("lesson %1, tab %2: lesson %3 px wide")
                                   .arg(QString::fromStdString(lesson.name), tabs->tabText(t))
                                   .arg(w.lessonPanel()->width())));
            }
        }
    }
};

QTEST_MAIN(TestWindowFits)
#include "tst_window_fits.moc"
