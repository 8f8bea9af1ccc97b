#include "ui/charts/grid_change_markers.h"

#include "ui/run_history.h"

#include <QBrush>
#include <QCoreApplication>
#include <QFont>
#include <QGraphicsSimpleTextItem>
#include <QPen>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>

namespace bitlab::ui {

GridChangeMarkers::GridChangeMarkers(QChart* chart)
    : m_chart(chart)
{
    m_plotAreaConnection
        = QObject::connect(chart, &QChart::plotAreaChanged, chart, [this] { placeLabels(); });
}

GridChangeMarkers::~GridChangeMarkers()
{
    // The chart may outlive this object by a moment (it is deleted with its view).
    QObject::disconnect(m_plotAreaConnection);
}

void GridChangeMarkers::update(
    const RunHistory& history, QAbstractAxis* x, QAbstractAxis* y, double yMin, double yMax)
{
    std::size_t n = 0;
    for (int run = 0; run < history.runCount(); ++run) {
        const RunTrace& t = history.run(run);
        for (const RunTrace::GridChange& g : t.gridChanges) {
            if (n == m_markers.size()) {
                Marker m;
                m.line = new QLineSeries;
                m_chart->addSeries(m.line);
                for (QLegendMarker* lm : m_chart->legend()->markers(m.line))
                    lm->setVisible(false);
                m.text = new QGraphicsSimpleTextItem(m_chart);
                m.text->setZValue(20);
                m_markers.push_back(m);
            }
            Marker& m = m_markers[n++];
            // Follow the chart's current axes (the y axis switches between linear and log).
            for (QAbstractAxis* a : m.line->attachedAxes())
                if (a != x && a != y)
                    m.line->detachAxis(a);
            if (!m.line->attachedAxes().contains(x))
                m.line->attachAxis(x);
            if (!m.line->attachedAxes().contains(y))
                m.line->attachAxis(y);
            m.step = static_cast<double>(g.step);
            m.yTop = yMax;
            m.line->setPen(QPen(t.color, 1.5, Qt::DashLine));
            m.line->replace(QList<QPointF> { { m.step, yMin }, { m.step, yMax } });
            m.text->setText(QCoreApplication::translate("GridChangeMarkers", "%1 → %2 (step %3)").arg(t.name, g.description).arg(g.step));
            m.text->setBrush(t.color.darker(115));
            QFont f = m.text->font();
            f.setPointSizeF(8.5);
            m.text->setFont(f);
        }
    }
    while (m_markers.size() > n) {
        Marker m = m_markers.back();
        m_markers.pop_back();
        m_chart->removeSeries(m.line);
        delete m.line;
        delete m.text;
    }
    placeLabels();
}

void GridChangeMarkers::placeLabels()
{
    const QRectF plot = m_chart->plotArea();
    double lastRight = -1e9;
    int row = 0;
    for (Marker& m : m_markers) {
        const QPointF top = m_chart->mapToPosition(QPointF(m.step, m.yTop), m.line);
        const QRectF box = m.text->boundingRect();
        double left = top.x() + 4;
        if (left + box.width() > plot.right())
            left = top.x() - 4 - box.width(); // near the right edge: label on the left
        // Stack labels that would overlap.
        row = left < lastRight ? row + 1 : 0;
        m.text->setPos(left, plot.top() + 4 + row * (box.height() + 2));
        m.text->setVisible(top.x() >= plot.left() - 0.5 && top.x() <= plot.right() + 0.5);
        lastRight = left + box.width();
    }
}

QList<QPointF> GridChangeMarkers::points(int i) const
{
    return m_markers[static_cast<std::size_t>(i)].line->points();
}

QString GridChangeMarkers::label(int i) const
{
    return m_markers[static_cast<std::size_t>(i)].text->text();
}

} // namespace bitlab::ui
