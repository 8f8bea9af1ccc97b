#pragma once
// HeadlessRunner: the command line's `--screenshot FILE` / `--export-charts DIR`. When the
// window's training ends, it lets the last redraw settle, lets the current view do work of
// its own (the sweep view runs its sweep), writes the screenshot and/or every chart, and
// quits the application with 0, or 1 with the reason on stderr.

#include <QObject>
#include <QString>

namespace bitlab::ui {

class MainWindow;

class HeadlessRunner : public QObject {
    Q_OBJECT
public:
    HeadlessRunner(MainWindow* window, QString screenshot, QString chartsDir);

    // Waits for the window's next trainingEnded; `prepareView`: ask the current view to
    // prepare its screenshot first (the experiment ran).
    void finishAfterTraining(bool prepareView);

private:
    void finish();

    MainWindow* m_window = nullptr;
    QString m_screenshot;
    QString m_chartsDir;
};

} // namespace bitlab::ui
