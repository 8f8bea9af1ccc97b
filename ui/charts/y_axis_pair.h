#pragma once
// YAxisPair: the y axis of a chart that switches between a linear and a log-10 scale. Both
// axes are built once; the one in use sits at the chart's left with the given series
// attached, the other waits outside the chart (owned by it all the same). Used by the Loss
// and Sweep charts.

#include <QList>
#include <QString>
#include <utility>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QLogValueAxis;
class QValueAxis;

namespace bitlab::ui {

class YAxisPair {
public:
    // `linearFormat` is the printf format of the linear axis's labels ("%.4g").
    YAxisPair(QChart* chart, const QString& linearFormat);

    QValueAxis* linear() const { return m_linear; }
    QLogValueAxis* log() const { return m_log; }
    bool isLog() const { return m_isLog; }
    QAbstractAxis* current() const;

    // Puts the log (or linear) axis at the chart's left and attaches `series` to it; they
    // are detached from the other one, which leaves the chart.
    void use(bool log, const QList<QAbstractSeries*>& series = {});
    // Both axes carry the title (set only when it changes: Qt re-lays out the chart).
    void setTitleText(const QString& title);

    // The whole decades [10^a, 10^b] around [lo, hi] (0 < lo <= hi), a hair wider: a log
    // axis labels only powers of ten, and Qt places its ticks from ln(min) / ln(10), which
    // for some powers (0.01, 0.0001) lands an ulp above the integer and the bottom decade
    // then went unlabelled.
    static std::pair<double, double> decades(double lo, double hi);

private:
    QChart* m_chart;
    QValueAxis* m_linear;
    QLogValueAxis* m_log;
    bool m_isLog = false;
};

} // namespace bitlab::ui
