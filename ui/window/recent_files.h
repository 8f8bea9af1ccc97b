#pragma once
// RecentFiles: File ▸ Open recent. Keeps the last files opened or saved (newest first, at
// most eight, absolute paths) in QSettings and lists them in its menu, with "Clear list";
// choosing an entry emits openRequested. An empty list leaves the menu disabled.

#include <QObject>
#include <QStringList>

class QMenu;

namespace bitlab::ui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    // Fills `menu` (owned by the menu bar) from the settings.
    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);

    // At most eight, however long the list in the settings is (it is capped when read).
    QStringList paths() const;
    // Puts `path` first (once) and drops the oldest beyond the cap.
    void add(const QString& path);
    void clear();
    // Enables the menu unless `locked` or the list is empty.
    void setLocked(bool locked);

signals:
    void openRequested(const QString& path);

private:
    void rebuildMenu();

    QMenu* m_menu = nullptr;
    bool m_locked = false;
};

} // namespace bitlab::ui
