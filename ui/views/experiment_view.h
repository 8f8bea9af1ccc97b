#pragma once
// ExperimentView: one tab of the main window's centre (Loss, later Weights, Boundary,
// Sweep). A view reads the RunHistory when the window's redraw timer fires and draws
// what changed; it never talks to the engine. Adding a view is one line in the view
// registry (ui/views/view_registry.cpp); ViewTabs (ui/window/view_tabs.h) makes the tabs.

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <functional>

namespace bitlab {
struct LessonView;
}

namespace bitlab::ui {

class ExperimentPanel;
class RunHistory;
struct ExperimentInfo;

class ExperimentView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual QString title() const = 0;
    // A stable, untranslated name for the command line (`bitlab --view KEY`), given by the
    // view registry (ui/views/view_registry.h, the one list of keys) when it makes the view;
    // a view made otherwise is known by its title in lower case.
    virtual QString key() const { return m_key.isEmpty() ? title().toLower() : m_key; }
    void setKey(const QString& key) { m_key = key; }
    // The panel that describes the current experiment (views that run it themselves, like
    // the sweep, read its spec()). ViewTabs sets it when the view is added.
    virtual void setExperimentPanel(const ExperimentPanel* /*panel*/) { }
    // Headless screenshots (`bitlab --run --view KEY --screenshot F`): does what the view
    // needs before it is captured (the sweep runs with its defaults), then calls done on
    // the UI thread. By default, nothing: done at once.
    virtual void prepareScreenshot(std::function<void()> done) { done(); }
    // The experiment about to run; the history has been reset to its runs.
    virtual void setExperiment(const ExperimentInfo& /*info*/) { }
    // A lesson opened: show what its text relies on (the Loss tab's metric, log axis and
    // smoothing; the run the Boundary tab compares), also for the experiments it runs.
    // nullptr: another experiment replaced the lesson's. By default, nothing.
    virtual void showLesson(const bitlab::LessonView* /*view*/) { }
    // Redraws from the history. Called at most ~30 times a second, and once more when
    // training ends; `force` redraws even if the history's revision did not change.
    virtual void refresh(const RunHistory& history, bool force) = 0;

    // The parts of the live snapshot this view draws (SnapshotPart flags, ui/live_snapshot.h).
    // While training runs, the worker computes only those of the view on screen; emit
    // snapshotPartsChanged() when they change. By default none.
    virtual quint32 snapshotParts() const { return 0; }
    // The runs whose decision regions (kSnapshotBoundary) the view draws; empty: every run.
    // Emit snapshotPartsChanged() when they change.
    virtual QList<int> snapshotRuns() const { return {}; }

    // Charts this view can export, by file-name stem ("loss", "weights-fp64", ...).
    virtual QStringList chartNames() const = 0;
    // Writes chart `index` to `file`: PNG at 2x scale or SVG, chosen by the suffix.
    // Returns false and fills *error when it cannot.
    virtual bool exportChart(int index, const QString& file, QString* error) const = 0;
    // The chart the File menu's "Export current chart" means.
    virtual int currentChart() const { return 0; }

signals:
    // Asks the training worker for the full-precision loss over a rectangle of the weight
    // plane (two-parameter models); the answer arrives in RunHistory::lossSurface() and a
    // forced refresh follows. ViewTabs connects it for every view.
    void lossSurfaceRequested(double x0, double x1, double y0, double y1, int size);
    // snapshotParts() changed (ViewTabs tells the worker when the view is on screen).
    void snapshotPartsChanged();

private:
    QString m_key;
};

} // namespace bitlab::ui
