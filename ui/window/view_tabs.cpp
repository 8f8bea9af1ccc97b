#include "ui/window/view_tabs.h"

#include "ui/training_controller.h"
#include "ui/views/experiment_view.h"
#include "ui/views/view_registry.h"

namespace bitlab::ui {

ViewTabs::ViewTabs(const ExperimentPanel* panel, TrainingController* controller, QWidget* parent)
    : QTabWidget(parent)
    , m_panel(panel)
    , m_controller(controller)
{
    setDocumentMode(true);
    // The views: one line each.
    for (const ViewKind& kind : viewRegistry())
        addView(makeView(kind));
    connect(this, &QTabWidget::currentChanged, this, &ViewTabs::announceSnapshotParts);
    announceSnapshotParts();
}

void ViewTabs::addView(ExperimentView* view)
{
    m_views.push_back(view);
    addTab(view, view->title());
    view->setExperimentPanel(m_panel);
    connect(view, &ExperimentView::lossSurfaceRequested, m_controller,
        &TrainingController::computeLossSurface);
    connect(view, &ExperimentView::snapshotPartsChanged, this, [this, view] {
        if (view == currentView())
            announceSnapshotParts();
    });
}

void ViewTabs::announceSnapshotParts()
{
    const ExperimentView* view = currentView();
    m_controller->setViewSnapshotParts(
        view ? view->snapshotParts() : 0u, view ? view->snapshotRuns() : QList<int>());
}

ExperimentView* ViewTabs::currentView() const
{
    return qobject_cast<ExperimentView*>(currentWidget());
}

bool ViewTabs::selectView(const QString& key)
{
    for (ExperimentView* view : m_views) {
        if (view->key() == key) {
            setCurrentWidget(view);
            return true;
        }
    }
    return false;
}

QStringList ViewTabs::viewKeys() const
{
    QStringList keys;
    for (const ExperimentView* view : m_views)
        keys << view->key();
    return keys;
}

void ViewTabs::setExperiment(const ExperimentInfo& info)
{
    for (ExperimentView* view : m_views)
        view->setExperiment(info);
}

void ViewTabs::forgetLesson()
{
    for (ExperimentView* view : m_views)
        view->showLesson(nullptr);
}

void ViewTabs::refresh(const RunHistory& history, bool force)
{
    if (force) {
        for (ExperimentView* view : m_views)
            view->refresh(history, true);
    } else if (ExperimentView* view = currentView()) {
        view->refresh(history, false);
    }
}

void ViewTabs::refreshCurrent(const RunHistory& history)
{
    if (ExperimentView* view = currentView())
        view->refresh(history, true);
}

} // namespace bitlab::ui
