#pragma once
// MinMaxDecimator: thins a long (x, y) history to about two points per pixel column
// before it reaches a chart series, so a million-point curve draws as fast as a short one
// and still shows every spike.
//
// The visible x range [xMin, xMax] is cut into `columns` equal buckets; each bucket keeps
// the point with its smallest and the point with its largest y, in their original order.
// The last point before and the first point after the range are kept too, so lines run to
// the plot's edges. Ranges with no more than 2 * columns + 2 points are returned whole.
// x must be ascending. With positiveOnly (a log axis), points with y <= 0 are skipped.

#include <QList>
#include <QPointF>

#include <cstddef>

namespace bitlab::ui {

class MinMaxDecimator {
public:
    static QList<QPointF> decimate(const double* x, const double* y, std::size_t n, double xMin,
                                   double xMax, int columns, bool positiveOnly = false);
};

} // namespace bitlab::ui
