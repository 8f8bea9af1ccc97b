#pragma once
// ExperimentFiles: what the panel shows comes from a file or a preset. Opens a built-in
// experiment, an experiment JSON or a CSV dataset into the panel, saves the panel's
// experiment, and keeps the current file, the window title, the last folder and the
// recent-files list in step with it. Errors come back as failed(), progress as
// statusMessage().

#include "core/engine/experiment_spec.h"

#include <QObject>
#include <QString>

namespace bitlab::ui {

class ExperimentPanel;
class RecentFiles;
class RunHistory;

class ExperimentFiles : public QObject {
    Q_OBJECT
public:
    // `history` tells save which runs changed their grid mid-run.
    ExperimentFiles(
        ExperimentPanel* panel, const RunHistory* history, RecentFiles* recent, QObject* parent);

    // The experiment file last opened or saved ("" for a preset or a CSV).
    QString currentFile() const { return m_currentFile; }

    // Shows a built-in experiment; false (and failed()) when there is none of that name.
    bool openPreset(const QString& name);
    // An experiment JSON, or a CSV/TSV/TXT dataset; false when it cannot be read.
    bool openFile(const QString& path);
    // Any file as a CSV dataset; false when the user cancelled the load.
    bool openCsv(const QString& path);
    bool saveExperiment(const QString& path);
    // The experiment of a session file opened from `path`, titled as it was saved.
    void showSessionExperiment(
        const ExperimentSpec& spec, const QString& title, const QString& path);

signals:
    // The panel shows a different experiment: the old results no longer apply.
    void experimentReplaced();
    void titleChanged(const QString& title);
    void statusMessage(const QString& text, int timeoutMs);
    void failed(const QString& title, const QString& message);

private:
    void remember(const QString& path);

    ExperimentPanel* m_panel = nullptr;
    const RunHistory* m_history = nullptr;
    RecentFiles* m_recent = nullptr;
    QString m_currentFile;
};

} // namespace bitlab::ui
