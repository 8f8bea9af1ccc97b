#pragma once
// StatusText: the status bar's permanent labels read from the TrainingController (a
// progress bar and the time left while an experiment is under way, state, step and epoch,
// steps per second, elapsed time), and the one-line status of a finished run that the runs
// list shows.

#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QStatusBar;

namespace bitlab {
struct RunSummary;
}

namespace bitlab::ui {

class TrainingController;

class StatusText : public QObject {
    Q_OBJECT
public:
    StatusText(QStatusBar* bar, const TrainingController* controller);

    // Re-reads the controller into the labels.
    void update();
    // update() while the experiment runs (the elapsed time moves on at every frame).
    void updateWhileRunning();
    // The panel's problem ("" when none) as the status message while no experiment is
    // loaded; a problem shown before leaves once it is solved.
    void showProblem(const QString& problem);

    // "finished · loss 0.1234", "stopped at step 40", "diverged at step 12" or the run's
    // own message; *bad is set for a diverged or failed run.
    static QString runEnded(const RunSummary& summary, bool* bad);
    // m:ss.t
    static QString duration(double seconds);

private:
    QStatusBar* m_bar = nullptr;
    const TrainingController* m_controller = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_step = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_elapsed = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_left = nullptr;
    QString m_lastProblem;
};

} // namespace bitlab::ui
