#pragma once
// HeadlessRunner: the command line's `--screenshot FILE` / `--export-charts DIR`. It runs
// the panel's experiment at full pace (with --run), and when the window's training ends,
// lets the last redraw settle, lets the current view do work of its own (the sweep view
// runs its sweep), writes the screenshot and/or every chart, and quits the application
// with 0, or 1 with the reason on stderr.

#include <QObject>
#include <QString>

namespace bitlab::ui {

class MainWindow;
class TrainingSession;

class HeadlessRunner : public QObject {
    Q_OBJECT
public:
    // `run`: train `session`'s experiment to the end and let the current view prepare
    // first; otherwise capture what the window shows.
    static void start(MainWindow* window, TrainingSession* session, bool run,
        const QString& screenshot, const QString& chartsDir);
    // `message` on stderr, one "error: ..." line per line, control characters escaped.
    static void printError(const QString& message);

private:
    HeadlessRunner(MainWindow* window, QString screenshot, QString chartsDir);

    // Waits for the window's next trainingEnded; `prepareView`: ask the current view to
    // prepare its screenshot first (the experiment ran).
    void finishAfterTraining(bool prepareView);
    void finish();

    MainWindow* m_window = nullptr;
    QString m_screenshot;
    QString m_chartsDir;
};

} // namespace bitlab::ui
