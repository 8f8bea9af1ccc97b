#include "ui/charts/round_ticks.h"

#include "ui/views/axis_ticks.h"

#include <QtCharts/QChart>
#include <QtCharts/QValueAxis>
#include <algorithm>

namespace bitlab::ui {

void applyRoundTicks(QValueAxis* axis, double extentPixels, double pixelsPerTick)
{
    const int approx = std::max(2, static_cast<int>(extentPixels / pixelsPerTick));
    const double step = niceStep(axis->min(), axis->max(), approx);
    if (!(step > 0.0))
        return;
    // Interval and anchor first, while the ticks are still counted: then dynamic.
    if (axis->tickAnchor() != 0.0)
        axis->setTickAnchor(0.0);
    if (axis->tickInterval() != step)
        axis->setTickInterval(step);
    if (axis->tickType() != QValueAxis::TicksDynamic)
        axis->setTickType(QValueAxis::TicksDynamic);
}

void keepRoundTicks(
    QValueAxis* axis, QChart* chart, Qt::Orientation orientation, double pixelsPerTick)
{
    const auto update = [axis, chart, orientation, pixelsPerTick] {
        if (axis->tickType() != QValueAxis::TicksDynamic)
            return;
        const QRectF plot = chart->plotArea();
        double extent = orientation == Qt::Horizontal ? plot.width() : plot.height();
        if (extent < 20.0) // not laid out yet
            extent = orientation == Qt::Horizontal ? 600.0 : 300.0;
        applyRoundTicks(axis, extent, pixelsPerTick);
    };
    QObject::connect(axis, &QValueAxis::rangeChanged, axis, update);
    QObject::connect(chart, &QChart::plotAreaChanged, axis, update);
}

void useFixedTicks(QValueAxis* axis)
{
    if (axis->tickType() != QValueAxis::TicksFixed)
        axis->setTickType(QValueAxis::TicksFixed);
}

} // namespace bitlab::ui
