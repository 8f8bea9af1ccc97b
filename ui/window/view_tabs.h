#pragma once
// ViewTabs: the window's centre, one tab per view of the view registry, in its order. It
// hands every view the panel and the experiment about to run, forwards their loss-surface
// requests to the controller, shows a view by key and redraws the views from the history.

#include <QStringList>
#include <QTabWidget>
#include <vector>

namespace bitlab::ui {

class ExperimentPanel;
class ExperimentView;
class RunHistory;
class TrainingController;
struct ExperimentInfo;

class ViewTabs : public QTabWidget {
    Q_OBJECT
public:
    ViewTabs(
        const ExperimentPanel* panel, TrainingController* controller, QWidget* parent = nullptr);

    const std::vector<ExperimentView*>& views() const { return m_views; }
    // The first view of type View (nullptr when none).
    template <typename View> View* find() const
    {
        for (ExperimentView* view : m_views)
            if (auto* v = qobject_cast<View*>(view))
                return v;
        return nullptr;
    }
    // The view on screen (nullptr when the tab is not a view).
    ExperimentView* currentView() const;
    // Shows the view whose key() is `key`; false when none has it.
    bool selectView(const QString& key);
    // The keys of every view, in tab order.
    QStringList viewKeys() const;

    // The experiment about to run, to every view.
    void setExperiment(const ExperimentInfo& info);
    // Another experiment replaced a lesson's: its view settings no longer apply.
    void forgetLesson();
    // Redraws every view from `history` (force), or only the one on screen.
    void refresh(const RunHistory& history, bool force);
    // Redraws the view on screen from `history`, whether or not it changed.
    void refreshCurrent(const RunHistory& history);

private:
    void addView(ExperimentView* view);
    // Tells the controller which snapshot parts the view on screen draws.
    void announceSnapshotParts();

    const ExperimentPanel* m_panel;
    TrainingController* m_controller;
    std::vector<ExperimentView*> m_views;
};

} // namespace bitlab::ui
