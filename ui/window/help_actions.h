#pragma once
// HelpActions: the in-app help. Help ▸ Keyboard shortcuts lists every shortcut of the
// window's actions (read from the actions themselves, so the list cannot drift from the
// keys) and the keys of the panel and the charts; Help ▸ What am I looking at? (F1, and the
// "?" button beside the tabs) explains the tab on screen in a few sentences, by the view's
// key. Both open as small non-modal windows.

#include <QObject>
#include <QString>
#include <QStringList>

class QAction;
class QDialog;
class QMainWindow;
class QMenu;
class QTabWidget;

namespace bitlab::ui {

class HelpActions : public QObject {
    Q_OBJECT
public:
    // Adds its actions at the top of `menu` and the "?" button to `tabs`' corner.
    HelpActions(QMainWindow* window, QTabWidget* tabs, QMenu* menu);

    QAction* shortcuts = nullptr;
    QAction* explainTab = nullptr;

    // What the tab with view key `key` shows and how to read it (HTML); a general note for
    // a key it does not know.
    static QString viewHelp(const QString& key);
    // Rows "keys<TAB>what they do" as the shortcut window lists them.
    QStringList shortcutRows() const;

    void showShortcuts();
    void showViewHelp();

private:
    QDialog* dialog(const QString& name, const QString& title, const QString& html);

    QMainWindow* m_window = nullptr;
    QTabWidget* m_tabs = nullptr;
};

} // namespace bitlab::ui
