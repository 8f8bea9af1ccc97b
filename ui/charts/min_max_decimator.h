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
//
// For a history that only grows, IncrementalDecimator (incremental_decimator.h) gives the
// same points while rescanning only the last bucket and what was appended.

#include <QList>
#include <QPointF>
#include <cstddef>

namespace bitlab::ui {

class MinMaxDecimator {
public:
    static QList<QPointF> decimate(const double* x, const double* y, std::size_t n, double xMin,
        double xMax, int columns, bool positiveOnly = false);

    // The pieces decimate() is made of, shared with IncrementalDecimator so both give the
    // same points. plan() finds the input range [first, last] that decimate() looks at
    // (false: nothing to draw) and whether it is short enough to be kept whole.
    struct Plan {
        std::size_t first = 0;
        std::size_t last = 0;
        bool whole = false;
    };
    static bool plan(
        const double* x, std::size_t n, double xMin, double xMax, int columns, Plan& out);
    // Appends the min/max points of the buckets from input index `from` (the first point of
    // a bucket, or plan.first) to plan.last. *lastBucketStart and *lastBucketOut receive the
    // input index where the final bucket starts and out's size before that bucket's points:
    // the place to resume from when points are appended.
    static void scanBuckets(const double* x, const double* y, const Plan& plan, double xMin,
        double xMax, int columns, bool positiveOnly, std::size_t from, QList<QPointF>& out,
        std::size_t* lastBucketStart, qsizetype* lastBucketOut);
};

} // namespace bitlab::ui
