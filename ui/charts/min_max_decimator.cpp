#include "ui/charts/min_max_decimator.h"

#include <algorithm>
#include <cmath>

namespace bitlab::ui {

QList<QPointF> MinMaxDecimator::decimate(const double* x, const double* y, std::size_t n,
    double xMin, double xMax, int columns, bool positiveOnly)
{
    QList<QPointF> out;
    if (n == 0 || xMax < xMin)
        return out;
    columns = std::max(columns, 1);
    // [first, last]: the visible points plus one neighbour on each side.
    std::size_t first = static_cast<std::size_t>(std::lower_bound(x, x + n, xMin) - x);
    std::size_t last = static_cast<std::size_t>(std::upper_bound(x, x + n, xMax) - x);
    if (first > 0)
        --first;
    if (last >= n)
        last = n - 1;
    if (first > last)
        return out;
    auto usable = [&](std::size_t i) { return !positiveOnly || y[i] > 0.0; };
    const std::size_t count = last - first + 1;
    if (count <= static_cast<std::size_t>(2 * columns + 2)) {
        out.reserve(static_cast<qsizetype>(count));
        for (std::size_t i = first; i <= last; ++i)
            if (usable(i))
                out.append(QPointF(x[i], y[i]));
        return out;
    }
    out.reserve(2 * columns + 4);
    const double width = (xMax - xMin) / columns;
    auto bucketOf = [&](double xv) {
        if (width <= 0.0)
            return 0L;
        return static_cast<long>(
            std::clamp(std::floor((xv - xMin) / width), -1.0, static_cast<double>(columns)));
    };
    // x is sorted, so each bucket is a contiguous range found by binary search on its right
    // edge; the min/max scan inside it is a tight loop with no per-point division.
    auto bucketEnd = [&](std::size_t from, long bucket) {
        if (bucket >= columns)
            return last + 1;
        const double edge = bucket < 0 ? xMin : xMin + static_cast<double>(bucket + 1) * width;
        const auto it = std::lower_bound(x + from, x + last + 1, edge);
        return std::max(static_cast<std::size_t>(it - x), from + 1);
    };
    std::size_t i = first;
    while (i <= last) {
        const std::size_t end = bucketEnd(i, bucketOf(x[i]));
        std::size_t lo = n, hi = n;
        for (; i < end; ++i) {
            if (!usable(i))
                continue;
            if (lo == n || y[i] < y[lo])
                lo = i;
            if (hi == n || y[i] > y[hi])
                hi = i;
        }
        if (lo == n)
            continue;
        const std::size_t a = std::min(lo, hi), b = std::max(lo, hi);
        out.append(QPointF(x[a], y[a]));
        if (b != a)
            out.append(QPointF(x[b], y[b]));
    }
    return out;
}

} // namespace bitlab::ui
