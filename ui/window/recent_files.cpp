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
    rebuildMenu();
}

QStringList RecentFiles::paths() const
{
    return QSettings().value(kKey).toStringList();
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
