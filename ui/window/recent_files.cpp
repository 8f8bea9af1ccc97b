#include "ui/window/recent_files.h"

#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace bitlab::ui {

namespace {
constexpr int kMaxRecent = 8;
const QString kKey = QStringLiteral("recentFiles");
} // namespace

RecentFiles::RecentFiles(QMenu* menu, QObject* parent)
    : QObject(parent)
    , m_menu(menu)
{
    m_menu->setToolTipsVisible(true);
    // The settings file is anyone's to edit: a list of 200,000 entries once took the start
    // 14-49 s (a menu entry each, read again at every state change). Only the first
    // kMaxRecent count, and a longer list is stored back capped, so it is parsed once.
    QSettings settings;
    const QVariant stored = settings.value(kKey);
    if (stored.isValid() && stored.toStringList() != paths())
        settings.setValue(kKey, paths());
    rebuildMenu();
}

QStringList RecentFiles::paths() const
{
    // The first kMaxRecent distinct, non-empty entries; anything else in the value (not a
    // list, empty strings, duplicates) is ignored.
    const QStringList stored = QSettings().value(kKey).toStringList();
    QStringList recent;
    for (const QString& path : stored) {
        if (recent.size() == kMaxRecent)
            break;
        if (!path.isEmpty() && !recent.contains(path))
            recent << path;
    }
    return recent;
}

void RecentFiles::add(const QString& path)
{
    QStringList recent = paths();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(kKey, recent);
    rebuildMenu();
}

void RecentFiles::clear()
{
    QSettings().remove(kKey);
    rebuildMenu();
}

void RecentFiles::setLocked(bool locked)
{
    m_locked = locked;
    m_menu->setEnabled(!m_locked && !paths().isEmpty());
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    const QStringList recent = paths();
    for (const QString& path : recent) {
        QAction* a = m_menu->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] { emit openRequested(path); });
    }
    if (!recent.isEmpty()) {
        m_menu->addSeparator();
        m_menu->addAction(tr("Clear list"), this, &RecentFiles::clear);
    }
    setLocked(m_locked);
}

} // namespace bitlab::ui
