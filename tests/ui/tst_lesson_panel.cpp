// The Lessons menu and the lesson panel on the offscreen platform: every menu entry opens its
// preset and shows its text; the text follows the UI language; "Run this lesson" runs the
// preset; lesson 6's comparison opens the other preset.

#include "core/engine/lessons.h"
#include "core/engine/presets.h"
#include "core/io/experiment_json.h"
#include "ui/charts/loss_chart.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/result_archive.h"
#include "ui/training_pace.h"
#include "ui/views/boundary_view.h"
#include "ui/views/classes_view.h"
#include "ui/views/experiment_view.h"
#include "ui/views/images_view.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/lesson_panel.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

QByteArray specBytes(const ExperimentSpec& spec)
{
    return io::experimentToBytes(spec);
}

bool hasCjk(const QString& text)
{
    for (const QChar c : text)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

// The index of the tab that shows view `key` (ExperimentView::key()), or -1.
int viewTab(MainWindow& w, const std::string& key)
{
    auto* tabs = w.findChild<QTabWidget*>();
    for (int i = 0; tabs && i < tabs->count(); ++i)
        if (auto* view = qobject_cast<ExperimentView*>(tabs->widget(i));
            view && view->key() == QString::fromStdString(key))
            return i;
    return -1;
}

// A view known only by its key and title.
class KeyedView : public ExperimentView {
public:
    KeyedView(const char* key, const char* title)
        : m_key(QString::fromUtf8(key))
        , m_title(QString::fromUtf8(title))
    {
    }
    QString title() const override { return m_title; }
    QString key() const override { return m_key; }
    void refresh(const RunHistory&, bool) override { }
    QStringList chartNames() const override { return {}; }
    bool exportChart(int, const QString&, QString*) const override { return false; }

private:
    QString m_key, m_title;
};

// Restores the default locale when a test ends, whatever it set.
struct LocaleGuard {
    QLocale saved;
    ~LocaleGuard() { QLocale::setDefault(saved); }
};

} // namespace

class TestLessonPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_lesson_panel"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
    // Whatever a test installed, the next one starts in English.
    void cleanup() { Language::install(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void menuHasEveryLesson()
    {
        MainWindow w;
        QMenu* lessons = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->menu() && a->text().remove('&') == QLatin1String("Lessons"))
                lessons = a->menu();
        QVERIFY(lessons);
        QCOMPARE(lessons->actions().size(), qsizetype(lessonRegistry().size()));
        QVERIFY(lessons->actions().front()->text().startsWith("1. Rounding after every update"));
        QVERIFY(w.lessonPanel());
        QVERIFY(!w.lessonPanel()->isVisible());
    }

    // A language change (QLocale::setDefault, then a LanguageChange event, as the language
    // menu does when it installs a translator) relabels the menu and the shown text.
    void languageChange()
    {
        LocaleGuard guard;
        MainWindow w;
        QAction* first = w.findChild<QAction*>("lessonAction-rounding-stalls");
        first->trigger();
        QVERIFY(!hasCjk(first->text()));
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(w.lessonPanel(), &change);
        QVERIFY(hasCjk(first->text()));
        QVERIFY(first->text().startsWith("1. "));
        QVERIFY(hasCjk(w.lessonPanel()->browser()->toPlainText()));
    }

    void openFromMenu_data()
    {
        QTest::addColumn<QString>("name");
        for (const Lesson& lesson : lessonRegistry())
            QTest::newRow(lesson.name.c_str()) << QString::fromStdString(lesson.name);
    }
    // The menu action opens the preset into the experiment panel and shows the lesson.
    void openFromMenu()
    {
        QFETCH(QString, name);
        const Lesson* lesson = findLesson(name.toStdString());
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        if (name != "rounding-stalls")
            w.openPreset("seed"); // start from something else than the lesson's preset
        auto* action = w.findChild<QAction*>("lessonAction-" + name);
        QVERIFY(action);
        action->trigger();
        LessonPanel* panel = w.lessonPanel();
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->lessonName(), name);
        QCOMPARE(panel->title(), QString::fromStdString(lesson->title));
        const QString text = panel->browser()->toPlainText();
        QVERIFY2(text.size() > 400, qPrintable(text));
        QVERIFY(!hasCjk(text));
        QCOMPARE(specBytes(w.panel()->spec()), specBytes(findPreset(lesson->preset)->spec));
        QVERIFY(panel->runButton()->isEnabled());
        QCOMPARE(panel->compareButton()->isVisibleTo(panel), !lesson->comparePresets.empty());

        // Every lesson names a view the window has: the button shows and selects it.
        const int tab = viewTab(w, lesson->view);
        QVERIFY2(tab >= 0, lesson->view.c_str());
        QVERIFY(panel->viewButton()->isVisibleTo(panel));
        auto* tabs = w.findChild<QTabWidget*>();
        tabs->setCurrentIndex((tab + 1) % tabs->count()); // another tab
        QTest::mouseClick(panel->viewButton(), Qt::LeftButton);
        QCOMPARE(tabs->currentIndex(), tab);
    }

    // Under the Chinese UI the tabs carry Chinese titles; the lesson still finds its view
    // by key, and the panel names the tab as the window shows it.
    void viewTabUnderChinese_data() { openFromMenu_data(); }
    void viewTabUnderChinese()
    {
        QFETCH(QString, name);
        const Lesson* lesson = findLesson(name.toStdString());
        QVERIFY(Language::install(QLocale(QStringLiteral("zh_CN"))));
        LocaleGuard guard;
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.findChild<QAction*>("lessonAction-" + name)->trigger();
        const int tab = viewTab(w, lesson->view);
        QVERIFY(tab >= 0);
        auto* tabs = w.findChild<QTabWidget*>();
        QVERIFY2(hasCjk(tabs->tabText(tab)), qPrintable(tabs->tabText(tab)));
        LessonPanel* panel = w.lessonPanel();
        QVERIFY(panel->viewButton()->isVisibleTo(panel));
        QVERIFY2(panel->viewButton()->text().contains(tabs->tabText(tab).remove('&')),
            qPrintable(panel->viewButton()->text()));
        tabs->setCurrentIndex((tab + 1) % tabs->count());
        QTest::mouseClick(panel->viewButton(), Qt::LeftButton);
        QCOMPARE(tabs->currentIndex(), tab);
    }

    // The tab is found by the view's key alone: neither its title (here in no language the
    // lesson knows) nor its class name need to resemble the lesson's view.
    void viewTabByKeyOnly()
    {
        QTabWidget tabs;
        tabs.addTab(new KeyedView("loss", "第一"), "第一");
        tabs.addTab(new KeyedView("boundary", "第二"), "第二");
        tabs.addTab(new KeyedView("weights", "第三"), "第三");
        LessonPanel panel(&tabs);
        QVERIFY(panel.showLesson("per-channel"));
        QCOMPARE(QString::fromStdString(findLesson("per-channel")->view), QString("weights"));
        QVERIFY(panel.viewButton()->isVisibleTo(&panel));
        QVERIFY(panel.showView());
        QCOMPARE(tabs.currentIndex(), 2);
        QVERIFY(panel.viewButton()->text().contains("第三"));
    }

    void textFollowsLocale_data() { openFromMenu_data(); }
    void textFollowsLocale()
    {
        QFETCH(QString, name);
        const QString en = lessonText(name, "en_US");
        const QString zh = lessonText(name, "zh_CN");
        QVERIFY(!en.isEmpty() && !zh.isEmpty());
        QVERIFY(en != zh);
        QVERIFY(hasCjk(zh));
        QCOMPARE(lessonText(name, "fr_FR"), en); // no French text: English
        QCOMPARE(lessonText(name, "zh_TW"), zh);
        QVERIFY(hasCjk(lessonTitle(name, "zh_CN")));
        QVERIFY(lessonText("no-such-lesson", "en").isEmpty());

        LocaleGuard guard;
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        LessonPanel panel(nullptr);
        QVERIFY(panel.showLesson(name));
        QVERIFY(hasCjk(panel.browser()->toPlainText()));
        QCOMPARE(panel.title(), lessonTitle(name, "zh_CN"));
        if (const QString file = qEnvironmentVariable("BITLAB_LESSON_SCREENSHOT");
            !file.isEmpty()) {
            panel.resize(400, 760);
            QVERIFY(panel.grab().save(QFileInfo(file).path() + "/lesson-zh-" + name + ".png"));
        }
        QVERIFY(!panel.showLesson("no-such-lesson"));
    }

    // "Run this lesson" opens the preset afresh (discarding edits) and runs it to the end.
    void runThisLesson()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.findChild<QAction*>("lessonAction-rounding-stalls")->trigger();
        ExperimentSpec edited = w.panel()->spec();
        edited.optimizer.lr = 0.01;
        w.panel()->setSpec(edited);
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
        QCOMPARE(specBytes(w.panel()->spec()), specBytes(findPreset("seed")->spec));
        QCOMPARE(w.history().runCount(), 4);
        // To look at it: BITLAB_LESSON_SCREENSHOT=lesson.png ctest -R lesson_panel
        if (const QString file = qEnvironmentVariable("BITLAB_LESSON_SCREENSHOT");
            !file.isEmpty()) {
            w.refreshViews(true);
            QVERIFY(w.grab().save(file));
        }
    }

    // While an experiment runs, lessons can be read but not opened or run.
    void disabledWhileTraining()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* speed = w.findChild<QComboBox*>("speedCombo");
        QVERIFY(speed);
        speed->setCurrentIndex(speed->findData(1.0)); // one step a second
        QAction* lesson = w.findChild<QAction*>("lessonAction-rounding-stalls");
        lesson->trigger();
        QVERIFY(lesson->isEnabled() && w.lessonPanel()->runButton()->isEnabled());
        QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton);
        QTRY_VERIFY(!w.lessonPanel()->runButton()->isEnabled());
        QVERIFY(!qobject_cast<QMenu*>(lesson->parent())->isEnabled()); // the Lessons menu
        QVERIFY(!w.lessonPanel()->browser()->toPlainText().isEmpty());
        w.findChild<QAction*>("actionStop")->trigger();
        w.findChild<QAction*>("actionReset")->trigger();
        QTRY_VERIFY(w.lessonPanel()->runButton()->isEnabled());
        QVERIFY(qobject_cast<QMenu*>(lesson->parent())->isEnabled());
    }

    // Not a check: BITLAB_LESSON_SHOT=NAME BITLAB_LESSON_SCREENSHOT=FILE.png runs lesson NAME
    // from its panel, shows the tab it names and saves the window (for docs and for looking).
    void screenshot()
    {
        const QString name = qEnvironmentVariable("BITLAB_LESSON_SHOT");
        const QString file = qEnvironmentVariable("BITLAB_LESSON_SCREENSHOT");
        if (name.isEmpty() || file.isEmpty())
            QSKIP("set BITLAB_LESSON_SHOT and BITLAB_LESSON_SCREENSHOT to take a screenshot");
        MainWindow w;
        w.resize(1500, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QAction* action = w.findChild<QAction*>("lessonAction-" + name);
        QVERIFY(action);
        action->trigger();
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 600000);
        w.lessonPanel()->showView();
        QTest::qWait(500);
        w.refreshViews(true);
        QVERIFY(w.grab().save(file));
    }

    // Opening a lesson sets what its text relies on (issue 16, point 8): lesson 2 talks of
    // sym2-ste's regions beside fp64's, so the Boundary tab compares sym2-ste (it showed
    // sym8-ste, the first quantized run); lesson 1 reads its curves on a log axis, raw.
    void lessonSetsTheViews()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* loss = w.findChild<LossChart*>();
        auto* boundary = w.findChild<BoundaryView*>();
        QVERIFY(loss && boundary);
        loss->setSmoothing(0.6); // what a user may have left
        loss->setLogScale(false);
        w.findChild<QAction*>("lessonAction-bit-width-cliff")->trigger();
        QCOMPARE(loss->smoothing(), 0.0);
        QVERIFY(!loss->logScale());
        QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(boundary->comparedRunName(), QStringLiteral("sym2-ste"), 30000);
        QTRY_VERIFY(w.controller()->hasExperiment());
        QCOMPARE(boundary->comparedRunName(), QStringLiteral("sym2-ste"));
        // Mini-batch runs would start on the smoothed batch loss; the lesson's text reads the
        // evaluated test losses, raw.
        QCOMPARE(loss->mode(), LossChart::Mode::Loss);
        QCOMPARE(loss->smoothing(), 0.0);
        // The user's own pick in "Compare with" is the run compared from then on...
        auto* picker = boundary->findChild<QComboBox*>(QStringLiteral("boundaryRun"));
        QVERIFY(picker);
        QTest::mouseClick(picker, Qt::LeftButton);
        picker->hidePopup();
        QTest::keyClick(picker, Qt::Key_Up); // sym3-ste
        QCOMPARE(boundary->comparedRunName(), QStringLiteral("sym3-ste"));
        w.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        QVERIFY(w.openPreset(QStringLiteral("cliff"))); // the same runs, not as a lesson
        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->hasExperiment(), 30000);
        QCOMPARE(boundary->comparedRunName(), QStringLiteral("sym3-ste"));
        QCOMPARE(loss->mode(), LossChart::Mode::BatchLoss); // no lesson: the chart's default
        w.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        // ...until the lesson runs again.
        QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->hasExperiment(), 30000);
        QCOMPARE(boundary->comparedRunName(), QStringLiteral("sym2-ste"));
        w.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();

        w.findChild<QAction*>("lessonAction-rounding-stalls")->trigger();
        QVERIFY(loss->logScale());
        QCOMPARE(loss->mode(), LossChart::Mode::Loss);
    }

    // Lesson 10 reads the 2-bit run's weights and mistakes: Run this lesson shows the
    // Images tab compared with sym2-ste (not sym8-ste, the first quantized run), the Classes
    // tab likewise, and the Loss tab in accuracy; the digits preset opened as itself does not.
    void digitsLessonComparesTheTwoBitRun()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* images = w.findChild<ImagesView*>();
        auto* classes = w.findChild<ClassesView*>();
        auto* loss = w.findChild<LossChart*>();
        QVERIFY(images && classes && loss);
        w.findChild<QAction*>("lessonAction-digits-2bit")->trigger();
        QTest::mouseClick(w.lessonPanel()->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->hasExperiment(), 30000);
        QCOMPARE(w.currentView(), static_cast<ExperimentView*>(images));
        QCOMPARE(images->comparedRun(), 3); // sym2-ste
        QCOMPARE(classes->comparedRun(), 3);
        QCOMPARE(loss->mode(), LossChart::Mode::Accuracy);
        w.findChild<QAction*>(QStringLiteral("actionStop"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            w.findChild<QAction*>(QStringLiteral("actionReset"))->isEnabled(), 30000);
        w.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        QVERIFY(w.openPreset(QStringLiteral("digits")));
        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->hasExperiment(), 30000);
        QCOMPARE(images->comparedRun(), 1); // sym8-ste, the first quantized run
    }

    // Lesson 6 compares with lesson 1's preset: its button runs "seed" beside the lesson's
    // own runs (issue 16, point 8), not instead of them: the lesson's runs (run first, as
    // this session has none yet) lie over the Loss chart, named #1, while seed's are drawn.
    void comparison()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.controller()->setPace(Pace::full());
        w.findChild<QAction*>("lessonAction-adam-vs-sgd")->trigger();
        const ExperimentSpec lessonSpec = w.panel()->spec();
        QCOMPARE(lessonSpec.optimizer.kind, std::string("adam"));
        QPushButton* compare = w.lessonPanel()->compareButton();
        QVERIFY(compare->isVisibleTo(w.lessonPanel()));
        QVERIFY(compare->text().contains("seed"));
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        QTest::mouseClick(compare, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 60000);
        QCOMPARE(specBytes(w.panel()->spec()), specBytes(findPreset("seed")->spec));
        QCOMPARE(w.lessonPanel()->lessonName(), QString("adam-vs-sgd")); // the lesson stays
        auto* loss = w.findChild<LossChart*>();
        QVERIFY(loss);
        w.refreshViews(true);
        const ArchivedResult* lessonRuns = w.archive()->find(loss->overlay());
        QVERIFY(lessonRuns);
        QCOMPARE(lessonRuns->asRun, specBytes(lessonSpec));
        QCOMPARE(w.history().run(0).name, QStringLiteral("fp64"));
        QVERIFY(!loss->overlayPoints(0, 0).isEmpty());
        QVERIFY2(
            loss->overlayLegendText(0).startsWith(QStringLiteral("#%1 ").arg(lessonRuns->number)),
            qPrintable(loss->overlayLegendText(0)));
        // Again: the lesson's runs are in the session already, only seed runs.
        QTest::mouseClick(compare, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 3, 60000);
        QCOMPARE(specBytes(w.panel()->spec()), specBytes(findPreset("seed")->spec));
        w.refreshViews(true);
        QVERIFY(w.archive()->find(loss->overlay()));
        QCOMPARE(w.archive()->find(loss->overlay())->asRun, specBytes(lessonSpec));
    }
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lesson_panel.moc"
