#include "ui/charts/y_axis_pair.h"

#include <QtCharts/QAbstractSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <cmath>

namespace bitlab::ui {

YAxisPair::YAxisPair(QChart* chart, const QString& linearFormat)
    : m_chart(chart)
    , m_linear(new QValueAxis(chart))
    , m_log(new QLogValueAxis(chart))
{
    m_linear->setLabelFormat(linearFormat);
    m_log->setLabelFormat(QStringLiteral("%g"));
    m_log->setBase(10.0);
    m_log->setMinorTickCount(-1);
    m_chart->addAxis(m_linear, Qt::AlignLeft);
}

QAbstractAxis* YAxisPair::current() const
{
    return m_isLog ? static_cast<QAbstractAxis*>(m_log) : m_linear;
}

void YAxisPair::use(bool log, const QList<QAbstractSeries*>& series)
{
    m_isLog = log;
    QAbstractAxis* wanted = current();
    QAbstractAxis* other = log ? static_cast<QAbstractAxis*>(m_linear) : m_log;
    if (m_chart->axes(Qt::Vertical).contains(other)) {
        for (QAbstractSeries* s : series)
            s->detachAxis(other);
        m_chart->removeAxis(other);
        other->setParent(m_chart); // removeAxis gives up the chart's ownership
    }
    if (!m_chart->axes(Qt::Vertical).contains(wanted))
        m_chart->addAxis(wanted, Qt::AlignLeft);
    for (QAbstractSeries* s : series)
        if (!s->attachedAxes().contains(wanted))
            s->attachAxis(wanted);
}

void YAxisPair::setTitleText(const QString& title)
{
    for (QAbstractAxis* axis :
        { static_cast<QAbstractAxis*>(m_linear), static_cast<QAbstractAxis*>(m_log) })
        if (axis->titleText() != title)
            axis->setTitleText(title);
}

std::pair<double, double> YAxisPair::decades(double lo, double hi)
{
    return { std::pow(10.0, std::floor(std::log10(lo))) * (1.0 - 1e-9),
        std::pow(10.0, std::ceil(std::log10(hi))) * (1.0 + 1e-9) };
}

} // namespace bitlab::ui
