#include "ui/window/app_settings.h"

#include <QDir>
#include <QFileInfo>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>

namespace bitlab::ui::AppSettings {

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kLastFolder = QStringLiteral("lastFolder");
} // namespace

QString lastFolder()
{
    return QSettings().value(kLastFolder, QDir::homePath()).toString();
}

void setLastFolder(const QString& fileOrDir)
{
    const QFileInfo info(fileOrDir);
    QSettings().setValue(kLastFolder, info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

void restoreWindow(QMainWindow* window, QSplitter* splitter)
{
    const QSettings settings;
    if (const QByteArray g = settings.value(kGeometry).toByteArray(); !g.isEmpty())
        window->restoreGeometry(g);
    if (const QByteArray s = settings.value(kSplitter).toByteArray(); !s.isEmpty())
        splitter->restoreState(s);
}

void saveWindow(const QMainWindow* window, const QSplitter* splitter)
{
    QSettings settings;
    settings.setValue(kGeometry, window->saveGeometry());
    settings.setValue(kSplitter, splitter->saveState());
}

} // namespace bitlab::ui::AppSettings
