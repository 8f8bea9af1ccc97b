#pragma once
// LessonPanel: the dock beside the views that walks through one built-in lesson
// (core/engine/lessons.h): its title, its text in the UI language (QTextBrowser), which tab
// to look at (with a button that switches to it), "Run this lesson", and for a lesson that
// compares two presets a button that opens and runs the other one.
//
// The panel never touches the experiment: it asks the main window through
// openRequested/runRequested, which open (and run) a preset by name. fillMenu() builds the
// Lessons menu from the lesson registry; each entry opens the lesson's preset and shows it.
//
// Texts are resource files :/lessons/<name>.<locale>.html (en, zh_CN); lessonText() picks
// the file for a locale name ("zh_CN", "zh_TW" -> zh_CN, anything else -> en).

#include <QDockWidget>
#include <QString>

class QLabel;
class QMenu;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace bitlab::ui {

// The lesson's HTML for `localeName` (e.g. QLocale().name()), falling back to English;
// empty when there is no lesson `name`.
QString lessonText(const QString& name, const QString& localeName);
// The <title> of that HTML; the registry's English title when the file has none.
QString lessonTitle(const QString& name, const QString& localeName);

class LessonPanel : public QDockWidget {
    Q_OBJECT
public:
    // `tabs` is the main window's tab widget of views (for "look at the X tab"); may be null.
    explicit LessonPanel(QTabWidget* tabs, QWidget* parent = nullptr);

    // One action per lesson ("1. Rounding after every update stalls", objectName
    // "lessonAction-<name>"): opens its preset (openRequested) and shows the lesson.
    void fillMenu(QMenu* menu);
    // Shows lesson `name` in the current UI language and raises the dock; false if unknown.
    bool showLesson(const QString& name);
    QString lessonName() const { return m_name; }
    QString title() const;
    QString html() const { return m_html; }
    QTextBrowser* browser() const { return m_browser; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* compareButton() const { return m_compare; }
    QPushButton* viewButton() const { return m_viewButton; }
    // Switches the tab widget to the lesson's view (the ExperimentView whose key() the
    // lesson names); false when no tab shows that view.
    bool showView();
    // Sets every tab to what the lesson's text relies on (core/engine/lessons.h, LessonView):
    // the Loss tab's metric, log axis and smoothing, the Boundary tab's compared run. Done
    // when the lesson opens, runs or runs its comparison.
    void showLessonSettings();
    // While an experiment is loaded or running, lessons cannot be opened or run (as the
    // File menu's presets); the text stays readable.
    void setTrainingActive(bool active);

signals:
    // The main window opens this preset (and, for runRequested, starts it).
    void openRequested(const QString& preset);
    void runRequested(const QString& preset);
    // "Run the comparison": run `other` beside the lesson's own runs (`lessonPreset`).
    void compareRequested(const QString& lessonPreset, const QString& other);

protected:
    void changeEvent(QEvent* event) override;

private:
    int findViewTab() const;
    void retranslate();

    QTabWidget* m_tabs = nullptr;
    QString m_name;
    QString m_html;
    QLabel* m_title = nullptr;
    QLabel* m_number = nullptr;
    QTextBrowser* m_browser = nullptr;
    QLabel* m_viewLabel = nullptr;
    QPushButton* m_viewButton = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_compare = nullptr;
    QMenu* m_menu = nullptr;
    bool m_active = false;
};

} // namespace bitlab::ui
