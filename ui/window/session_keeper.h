#pragma once
// SessionKeeper: what the window keeps of its results. The archive of this session's
// finished experiments and sweeps (ResultArchive: the Loss and Sweep tabs' "Compare with"),
// the session file (File ▸ Save session, reopened at the next start), the questions asked
// before results that are not saved leave the screen (Run, a preset, a lesson, a file,
// undoing an opened experiment: Save / Discard / Cancel; closing the window), and a
// lesson's comparison, which lays the lesson's archived runs under the other preset's.

#include <QObject>
#include <QString>
#include <vector>

namespace bitlab::ui {

class ExperimentFiles;
class ExperimentPanel;
class ExperimentView;
class MainWindow;
class RecentFiles;
class ResultArchive;
class TrainingSession;
struct ArchivedResult;

class SessionKeeper : public QObject {
    Q_OBJECT
public:
    // Archives every experiment `window` finishes and every sweep its Sweep tab finishes.
    SessionKeeper(MainWindow* window, ExperimentPanel* panel, TrainingSession* session,
        ExperimentFiles* files, RecentFiles* recent);

    ResultArchive* archive() const { return m_archive; }

    // A session file (docs/formats.md): the experiment, its results and curves, the sweep,
    // the archive and the view options. save() writes it atomically; open() replaces all of
    // that (false and a message when the file cannot be read: nothing changes then). Both
    // make it the session reopened at the next start.
    bool save(const QString& path);
    bool open(const QString& path);
    // Save session (Ctrl+S): to the session file, or chosen in a dialog (always with `ask`).
    bool saveInteractive(bool ask);
    // The session file last saved or opened ("" when none).
    QString file() const { return m_file; }
    // At start: reopens the session saved or opened last. A missing or broken file gives a
    // message and is forgotten.
    void restoreLast();

    // Whether the questions are asked (the program turns them on; tests and the headless
    // window go on as after Discard).
    void setAsk(bool on) { m_ask = on; }
    // Before results on screen that are not saved are replaced: true to go on.
    bool confirmReplacing();
    // Before the window closes with results of this session not saved: true to close.
    bool confirmClose();

    // "Run the comparison" of a lesson: the other preset runs, with the lesson's own runs
    // (from the archive, or run first) laid over its Loss chart.
    void compareLesson(const QString& lessonPreset, const QString& otherPreset);

signals:
    void failed(const QString& title, const QString& message);
    void statusMessage(const QString& text, int timeout);

private:
    // The archive entry holding unsaved results on screen (Loss or Sweep), or nullptr.
    const ArchivedResult* unsavedOnScreen() const;

    MainWindow* m_window;
    ExperimentPanel* m_panel;
    TrainingSession* m_session;
    ExperimentFiles* m_files;
    RecentFiles* m_recent;
    ResultArchive* m_archive;
    QString m_file;
    bool m_ask = false;
};

} // namespace bitlab::ui
