#include "ui/window/experiment_files.h"

#include "core/common/join_names.h"
#include "core/engine/presets.h"
#include "core/io/experiment_json.h"
#include "ui/core_text.h"
#include "ui/run_history.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/window/app_settings.h"
#include "ui/window/file_dialogs.h"
#include "ui/window/recent_files.h"

#include <QDir>
#include <QFileInfo>

namespace bitlab::ui {

ExperimentFiles::ExperimentFiles(
    ExperimentPanel* panel, const RunHistory* history, RecentFiles* recent, QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_history(history)
    , m_recent(recent)
{
}

bool ExperimentFiles::openPreset(const QString& name)
{
    const Preset* preset = findPreset(name.toStdString());
    if (!preset) {
        emit failed(tr("Unknown experiment"),
            tr("There is no built-in experiment named “%1”. Built-in: %2.")
                .arg(name, QString::fromStdString(joinNames(presetRegistry(), &Preset::name))));
        return false;
    }
    m_panel->setSpec(preset->spec);
    emit experimentReplaced();
    m_currentFile.clear();
    emit titleChanged(CoreText::text(preset->title));
    return true;
}

bool ExperimentFiles::openFile(const QString& path)
{
    const QFileInfo info(path);
    if (FileDialogs::isDataFile(path))
        // The loader's error, if any, is shown in place in the panel.
        return openCsv(info.absoluteFilePath()) && m_panel->datasetError().isEmpty();
    try {
        m_panel->setSpec(io::readExperiment(info.absoluteFilePath()));
        emit experimentReplaced();
        m_currentFile = info.absoluteFilePath();
        emit titleChanged(info.fileName());
        remember(path);
        return true;
    } catch (const std::exception& e) {
        emit failed(tr("Cannot open the experiment"), QString::fromUtf8(e.what()));
        return false;
    }
}

bool ExperimentFiles::openCsv(const QString& path)
{
    if (!m_panel->loadCsv(path)) {
        emit statusMessage(tr("Loading %1 was cancelled.").arg(QFileInfo(path).fileName()), 8000);
        return false;
    }
    emit experimentReplaced();
    remember(path);
    return true;
}

bool ExperimentFiles::saveExperiment(const QString& path)
{
    try {
        io::writeExperiment(path, m_panel->spec());
    } catch (const std::exception& e) {
        emit failed(tr("Cannot save the experiment"), QString::fromUtf8(e.what()));
        return false;
    }
    QStringList changed;
    for (int i = 0; i < m_history->runCount(); ++i)
        if (!m_history->run(i).gridChanges.empty())
            changed << m_history->run(i).name;
    m_currentFile = QFileInfo(path).absoluteFilePath();
    emit titleChanged(QFileInfo(path).fileName());
    remember(path);
    if (changed.isEmpty())
        emit statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    else
        // An experiment file describes every run from step 0: a change mid-run has no
        // place in it, so the file keeps the quantizers the runs started with.
        emit statusMessage(
            tr("Saved %1 with the original quantizers: the grid change of %2 mid-run "
               "cannot be written to an experiment file (it describes runs from step 0).")
                .arg(QDir::toNativeSeparators(path), changed.join(QStringLiteral(", "))),
            15000);
    return true;
}

void ExperimentFiles::showSessionExperiment(
    const ExperimentSpec& spec, const QString& title, const QString& path)
{
    m_panel->setSpec(spec);
    emit experimentReplaced();
    m_currentFile.clear(); // the session is not an experiment file: Save experiment asks
    emit titleChanged(title);
    remember(path);
}

void ExperimentFiles::remember(const QString& path)
{
    AppSettings::setLastFolder(path);
    m_recent->add(path);
}

} // namespace bitlab::ui
