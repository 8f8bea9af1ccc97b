#include "ui/views/view_registry.h"

#include "ui/charts/loss_chart.h"
#include "ui/views/boundary_view.h"
#include "ui/views/classes_view.h"
#include "ui/views/fit_view.h"
#include "ui/views/images_view.h"
#include "ui/views/sensitivity_view.h"
#include "ui/views/sweep_view.h"
#include "ui/views/weights_view.h"

namespace bitlab::ui {

namespace {
template <typename View> ExperimentView* make()
{
    return new View;
}
} // namespace

const std::vector<ViewKind>& viewRegistry()
{
    static const std::vector<ViewKind> kinds {
        { "loss", &make<LossChart> },
        { "fit", &make<FitView> },
        { "weights", &make<WeightsView> },
        { "boundary", &make<BoundaryView> },
        { "classes", &make<ClassesView> },
        { "images", &make<ImagesView> },
        { "sweep", &make<SweepView> },
        { "sensitivity", &make<SensitivityView> },
    };
    return kinds;
}

QStringList viewRegistryKeys()
{
    QStringList keys;
    for (const ViewKind& kind : viewRegistry())
        keys << QString::fromLatin1(kind.key);
    return keys;
}

ExperimentView* makeView(const ViewKind& kind)
{
    ExperimentView* view = kind.make();
    view->setKey(QString::fromLatin1(kind.key));
    return view;
}

} // namespace bitlab::ui
