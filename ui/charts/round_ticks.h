#pragma once
// Round ticks on a zoomed value axis: after a rubber-band zoom Qt's fixed tick count put
// labels at 19.5345, 109.348. applyRoundTicks() gives the axis ticks at multiples of 1, 2 or
// 5 times a power of ten (about one per `pixelsPerTick` of `extentPixels`); keepRoundTicks()
// keeps them so while the axis's range changes (further zooms) and the plot is resized.
// useFixedTicks() goes back to Qt's fixed count, before a range is widened again: a dynamic
// axis lays out range / interval ticks with its old interval first, and a range a million
// times wider would make a million of them.

#include <Qt>

class QChart;
class QValueAxis;

namespace bitlab::ui {

void applyRoundTicks(QValueAxis* axis, double extentPixels, double pixelsPerTick);
// While the axis has dynamic ticks (after applyRoundTicks), re-applies them whenever its
// range or the plot area changes.
void keepRoundTicks(
    QValueAxis* axis, QChart* chart, Qt::Orientation orientation, double pixelsPerTick);
void useFixedTicks(QValueAxis* axis);

} // namespace bitlab::ui
