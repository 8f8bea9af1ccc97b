#pragma once
// IncrementalDecimator: MinMaxDecimator for a history that grows at its end (a live loss
// curve). update() returns exactly what MinMaxDecimator::decimate() would return for the
// same arguments, but while the x range, the column count and positiveOnly stay the same
// and the input only grew, it keeps the finished buckets and rescans only the last bucket
// and the appended points: a frame of a live 1,000,000-point curve costs O(new points)
// instead of O(all points).
//
// The caller promises that between two update() calls the first `n` values it passed
// before are unchanged (append-only); it calls reset() when the input was replaced
// (another metric, a new smoothing weight, a new run). As a safety net, update() also
// starts over when the input shrank or the values where it would resume differ.

#include <QList>
#include <QPointF>
#include <cstddef>

namespace bitlab::ui {

class IncrementalDecimator {
public:
    // Forgets the cached buckets: the next update() decimates from scratch.
    void reset();
    const QList<QPointF>& update(const double* x, const double* y, std::size_t n, double xMin,
        double xMax, int columns, bool positiveOnly);
    const QList<QPointF>& points() const { return m_out; }
    // How many input points the last update() scanned (tests and the bench).
    std::size_t lastScanned() const { return m_lastScanned; }

private:
    void full(const double* x, const double* y, std::size_t n);

    QList<QPointF> m_out;
    bool m_valid = false;
    double m_xMin = 0, m_xMax = 0;
    int m_columns = 0;
    bool m_positiveOnly = false;
    std::size_t m_n = 0;
    std::size_t m_first = 0;
    std::size_t m_resumeFrom = 0; // input index where the last bucket starts
    qsizetype m_resumeOut = 0; // m_out's size before the last bucket's points
    double m_resumeX = 0, m_resumeY = 0; // input at m_resumeFrom, to detect replaced input
    double m_tailX = 0, m_tailY = 0; // input at m_n - 1
    std::size_t m_lastScanned = 0;
};

} // namespace bitlab::ui
