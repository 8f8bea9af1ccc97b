#pragma once
// AppSettings: what the window remembers between sessions in QSettings: its geometry, the
// splitter between the panel and the views, and the folder the last file dialog used (the
// next dialog starts there). The recent-files list is RecentFiles'.

#include <QString>

class QMainWindow;
class QSplitter;

namespace bitlab::ui::AppSettings {

// The folder of the last file opened, saved or exported; the home folder at first.
QString lastFolder();
// Remembers the folder of a file (or the folder itself).
void setLastFolder(const QString& fileOrDir);

// Puts the window and its splitter back where the user left them (nothing at first start).
void restoreWindow(QMainWindow* window, QSplitter* splitter);
void saveWindow(const QMainWindow* window, const QSplitter* splitter);

// The session file last saved or opened, reopened at the next start ("" when none).
QString lastSession();
void setLastSession(const QString& path);

} // namespace bitlab::ui::AppSettings
