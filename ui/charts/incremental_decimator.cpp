#include "ui/charts/incremental_decimator.h"

#include "ui/charts/min_max_decimator.h"

#include <algorithm>

namespace bitlab::ui {

namespace {
bool same(double a, double b)
{
    return a == b || (a != a && b != b); // NaN equals NaN here: unchanged input
}
} // namespace

void IncrementalDecimator::reset()
{
    m_valid = false;
}

void IncrementalDecimator::full(const double* x, const double* y, std::size_t n)
{
    m_lastScanned = n;
    MinMaxDecimator::Plan plan;
    m_valid = MinMaxDecimator::plan(x, n, m_xMin, m_xMax, m_columns, plan) && !plan.whole;
    if (!m_valid) {
        // Nothing to draw, or few enough points to be kept whole: cheap to redo every time.
        m_out = MinMaxDecimator::decimate(x, y, n, m_xMin, m_xMax, m_columns, m_positiveOnly);
        return;
    }
    m_out.clear();
    m_out.reserve(2 * std::max(m_columns, 1) + 4);
    MinMaxDecimator::scanBuckets(x, y, plan, m_xMin, m_xMax, m_columns, m_positiveOnly, plan.first,
        m_out, &m_resumeFrom, &m_resumeOut);
    m_n = n;
    m_first = plan.first;
    m_resumeX = x[m_resumeFrom];
    m_resumeY = y[m_resumeFrom];
    m_tailX = x[n - 1];
    m_tailY = y[n - 1];
}

const QList<QPointF>& IncrementalDecimator::update(const double* x, const double* y, std::size_t n,
    double xMin, double xMax, int columns, bool positiveOnly)
{
    const bool sameKey = m_valid && xMin == m_xMin && xMax == m_xMax && columns == m_columns
        && positiveOnly == m_positiveOnly;
    m_xMin = xMin;
    m_xMax = xMax;
    m_columns = columns;
    m_positiveOnly = positiveOnly;
    MinMaxDecimator::Plan plan;
    const bool resumable = sameKey && n >= m_n && m_resumeFrom < n
        && MinMaxDecimator::plan(x, n, xMin, xMax, columns, plan) && !plan.whole
        && plan.first == m_first && same(x[m_resumeFrom], m_resumeX)
        && same(y[m_resumeFrom], m_resumeY) && same(x[m_n - 1], m_tailX)
        && same(y[m_n - 1], m_tailY);
    if (!resumable) {
        full(x, y, n);
        return m_out;
    }
    if (n == m_n) {
        m_lastScanned = 0;
        return m_out;
    }
    // Every bucket before the last one is final: its right edge lies at a point that was
    // already there. The last one may have grown; rescan it and everything after it.
    m_out.resize(m_resumeOut);
    const std::size_t from = m_resumeFrom;
    MinMaxDecimator::scanBuckets(
        x, y, plan, xMin, xMax, columns, positiveOnly, from, m_out, &m_resumeFrom, &m_resumeOut);
    m_lastScanned = n - from;
    m_n = n;
    m_resumeX = x[m_resumeFrom];
    m_resumeY = y[m_resumeFrom];
    m_tailX = x[n - 1];
    m_tailY = y[n - 1];
    return m_out;
}

} // namespace bitlab::ui
