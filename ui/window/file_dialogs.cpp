#include "ui/window/file_dialogs.h"

#include "ui/window/app_settings.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>
#include <algorithm>

namespace bitlab::ui {

namespace {
QString inLastFolder(const QString& fileName)
{
    return AppSettings::lastFolder() + QLatin1Char('/') + fileName;
}

QString remembered(const QString& path)
{
    if (!path.isEmpty())
        AppSettings::setLastFolder(path);
    return path;
}
} // namespace

bool FileDialogs::isDataFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("csv") || suffix == QLatin1String("tsv")
        || suffix == QLatin1String("txt");
}

bool FileDialogs::isOpenable(const QString& path)
{
    return isDataFile(path) || isSessionFile(path)
        || QFileInfo(path).suffix().toLower() == QLatin1String("json");
}

bool FileDialogs::isOpenableDrag(const QMimeData* data)
{
    if (!data->hasUrls())
        return false;
    const QList<QUrl> urls = data->urls();
    return std::any_of(urls.begin(), urls.end(),
        [](const QUrl& url) { return url.isLocalFile() && isOpenable(url.toLocalFile()); });
}

QString FileDialogs::droppedFile(const QMimeData* data)
{
    for (const QUrl& url : data->urls())
        if (url.isLocalFile())
            return url.toLocalFile();
    return {};
}

bool FileDialogs::isSessionFile(const QString& path)
{
    return QFileInfo(path).suffix().toLower() == QLatin1String("bitlab-session");
}

QString FileDialogs::openSession(QWidget* parent)
{
    return QFileDialog::getOpenFileName(parent, tr("Open session"), AppSettings::lastFolder(),
        tr("BitLab sessions (*.bitlab-session);;All files (*)"));
}

QString FileDialogs::saveSession(QWidget* parent, const QString& currentFile)
{
    const QString start = currentFile.isEmpty()
        ? inLastFolder(QStringLiteral("session.bitlab-session"))
        : currentFile;
    QString path = QFileDialog::getSaveFileName(
        parent, tr("Save session as"), start, tr("BitLab sessions (*.bitlab-session)"));
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".bitlab-session");
    return path;
}

QString FileDialogs::openExperiment(QWidget* parent)
{
    return QFileDialog::getOpenFileName(parent, tr("Open experiment"), AppSettings::lastFolder(),
        tr("Experiments and data (*.json *.csv);;Experiments (*.json);;CSV files (*.csv);;All "
           "files (*)"));
}

QString FileDialogs::saveExperiment(QWidget* parent, const QString& currentFile)
{
    const QString start
        = currentFile.isEmpty() ? inLastFolder(QStringLiteral("experiment.json")) : currentFile;
    QString path = QFileDialog::getSaveFileName(
        parent, tr("Save experiment as"), start, tr("Experiments (*.json)"));
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return path;
}

QString FileDialogs::loadDataset(QWidget* parent)
{
    return QFileDialog::getOpenFileName(parent, tr("Load dataset"), AppSettings::lastFolder(),
        tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
}

QString FileDialogs::chartFile(QWidget* parent, const QString& name, const QString& suffix)
{
    const QString dotSuffix = QLatin1Char('.') + suffix;
    QString path
        = QFileDialog::getSaveFileName(parent, tr("Export chart"), inLastFolder(name + dotSuffix),
            suffix == QLatin1String("svg") ? tr("SVG image (*.svg)") : tr("PNG image (*.png)"));
    if (!path.isEmpty() && !path.endsWith(dotSuffix, Qt::CaseInsensitive))
        path += dotSuffix;
    return remembered(path);
}

QString FileDialogs::exportFolder(QWidget* parent, const QString& title)
{
    return remembered(QFileDialog::getExistingDirectory(parent, title, AppSettings::lastFolder()));
}

QString FileDialogs::exportFile(
    QWidget* parent, const QString& title, const QString& fileName, const QString& filter)
{
    return remembered(QFileDialog::getSaveFileName(parent, title, inLastFolder(fileName), filter));
}

} // namespace bitlab::ui
