#include "ui/window/app_settings.h"

#include <QDataStream>
#include <QDir>
#include <QFileInfo>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <algorithm>
#include <optional>

namespace bitlab::ui::AppSettings {

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kLastFolder = QStringLiteral("lastFolder");
constexpr int kMaxPaneWidth = 1 << 16; // pixels; a larger saved size is corrupt
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

namespace {

// The pane sizes of a QSplitter::saveState() (qint32 0xff, qint32 version, then the sizes as
// quint32 n and n qint32, then flags this window never changes), when it holds exactly
// `count` of them; else nothing. Read by hand: QDataStream would reserve a crafted n first.
std::optional<QList<int>> savedSizes(const QByteArray& state, int count)
{
    QDataStream stream(state);
    stream.setVersion(QDataStream::Qt_5_0);
    qint32 marker = 0, version = -1;
    quint32 n = 0;
    stream >> marker >> version >> n;
    if (stream.status() != QDataStream::Ok || marker != 0xff || version < 0
        || n != static_cast<quint32>(count))
        return std::nullopt;
    QList<int> sizes;
    for (quint32 i = 0; i < n; ++i) {
        qint32 size = 0;
        stream >> size;
        sizes << size;
    }
    if (stream.status() != QDataStream::Ok)
        return std::nullopt;
    return sizes;
}

} // namespace

void restoreWindow(QMainWindow* window, QSplitter* splitter)
{
    const QSettings settings;
    if (const QByteArray g = settings.value(kGeometry).toByteArray(); !g.isEmpty())
        window->restoreGeometry(g);
    // Only the pane sizes are taken from the saved state (not its orientation, handle width
    // or collapsibility), and only when every pane keeps at least its minimum width: a
    // crafted or corrupt state cannot collapse the charts or the panel. Else the defaults.
    const auto sizes = savedSizes(settings.value(kSplitter).toByteArray(), splitter->count());
    if (!sizes)
        return;
    for (int i = 0; i < splitter->count(); ++i) {
        const int minimum = std::max(1, splitter->widget(i)->minimumSizeHint().width());
        if ((*sizes)[i] < minimum || (*sizes)[i] > kMaxPaneWidth)
            return;
    }
    splitter->setSizes(*sizes);
}

void saveWindow(const QMainWindow* window, const QSplitter* splitter)
{
    QSettings settings;
    settings.setValue(kGeometry, window->saveGeometry());
    settings.setValue(kSplitter, splitter->saveState());
}

QString lastSession()
{
    return QSettings().value(QStringLiteral("session/last")).toString();
}

void setLastSession(const QString& path)
{
    QSettings settings;
    if (path.isEmpty())
        settings.remove(QStringLiteral("session/last"));
    else
        settings.setValue(QStringLiteral("session/last"), path);
}

} // namespace bitlab::ui::AppSettings
