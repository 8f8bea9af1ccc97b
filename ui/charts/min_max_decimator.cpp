#include "ui/charts/min_max_decimator.h"

#include <algorithm>
#include <cmath>

namespace bitlab::ui {

bool MinMaxDecimator::plan(
    const double* x, std::size_t n, double xMin, double xMax, int columns, Plan& out)
{
    if (n == 0 || xMax < xMin)
        return false;
    columns = std::max(columns, 1);
    // [first, last]: the visible points plus one neighbour on each side.
    std::size_t first = static_cast<std::size_t>(std::lower_bound(x, x + n, xMin) - x);
    std::size_t last = static_cast<std::size_t>(std::upper_bound(x, x + n, xMax) - x);
    if (first > 0)
        --first;
    if (last >= n)
        last = n - 1;
    if (first > last)
        return false;
    out.first = first;
    out.last = last;
    out.whole = last - first + 1 <= static_cast<std::size_t>(2 * columns + 2);
    return true;
}

void MinMaxDecimator::scanBuckets(const double* x, const double* y, const Plan& plan, double xMin,
    double xMax, int columns, bool positiveOnly, std::size_t from, QList<QPointF>& out,
    std::size_t* lastBucketStart, qsizetype* lastBucketOut)
{
    columns = std::max(columns, 1);
    const std::size_t last = plan.last;
    const double width = (xMax - xMin) / columns;
    auto bucketOf = [&](double xv) {
        if (width <= 0.0)
            return 0L;
        return static_cast<long>(
            std::clamp(std::floor((xv - xMin) / width), -1.0, static_cast<double>(columns)));
    };
    // x is sorted, so each bucket is a contiguous range found by binary search on its right
    // edge; the min/max scan inside it is a tight loop with no per-point division.
    auto bucketEnd = [&](std::size_t start, long bucket) {
        if (bucket >= columns)
            return last + 1;
        const double edge = bucket < 0 ? xMin : xMin + static_cast<double>(bucket + 1) * width;
        const auto it = std::lower_bound(x + start, x + last + 1, edge);
        return std::max(static_cast<std::size_t>(it - x), start + 1);
    };
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t i = from;
    while (i <= last) {
        if (lastBucketStart)
            *lastBucketStart = i;
        if (lastBucketOut)
            *lastBucketOut = out.size();
        const std::size_t end = bucketEnd(i, bucketOf(x[i]));
        std::size_t lo = none, hi = none;
        if (positiveOnly) {
            for (; i < end; ++i) {
                if (!(y[i] > 0.0))
                    continue;
                if (lo == none || y[i] < y[lo])
                    lo = i;
                if (hi == none || y[i] > y[hi])
                    hi = i;
            }
        } else {
            lo = hi = i;
            for (++i; i < end; ++i) {
                if (y[i] < y[lo])
                    lo = i;
                if (y[i] > y[hi])
                    hi = i;
            }
        }
        if (lo == none)
            continue;
        const std::size_t a = std::min(lo, hi), b = std::max(lo, hi);
        out.append(QPointF(x[a], y[a]));
        if (b != a)
            out.append(QPointF(x[b], y[b]));
    }
}

QList<QPointF> MinMaxDecimator::decimate(const double* x, const double* y, std::size_t n,
    double xMin, double xMax, int columns, bool positiveOnly)
{
    QList<QPointF> out;
    Plan p;
    if (!plan(x, n, xMin, xMax, columns, p))
        return out;
    if (p.whole) {
        out.reserve(static_cast<qsizetype>(p.last - p.first + 1));
        for (std::size_t i = p.first; i <= p.last; ++i)
            if (!positiveOnly || y[i] > 0.0)
                out.append(QPointF(x[i], y[i]));
        return out;
    }
    out.reserve(2 * std::max(columns, 1) + 4);
    scanBuckets(x, y, p, xMin, xMax, columns, positiveOnly, p.first, out, nullptr, nullptr);
    return out;
}

} // namespace bitlab::ui
