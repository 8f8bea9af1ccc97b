#include "ui/charts/grid_change_markers.h"

#include "ui/run_history.h"

#include <QBrush>
#include <QCoreApplication>
#include <QFont>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QPen>
#include <QtCharts/QChart>
#include <QtCharts/QValueAxis>

namespace bitlab::ui {

GridChangeMarkers::GridChangeMarkers(QChart* chart, QValueAxis* x)
    : m_chart(chart)
    , m_x(x)
{
    m_connections.push_back(
        QObject::connect(chart, &QChart::plotAreaChanged, chart, [this] { place(); }));
    m_connections.push_back(
        QObject::connect(x, &QValueAxis::rangeChanged, chart, [this] { place(); }));
}

GridChangeMarkers::~GridChangeMarkers()
{
    // The chart may outlive this object by a moment (it is deleted with its view).
    for (const QMetaObject::Connection& c : m_connections)
        QObject::disconnect(c);
}

void GridChangeMarkers::update(const RunHistory& history)
{
    std::size_t n = 0;
    for (int run = 0; run < history.runCount(); ++run) {
        const RunTrace& t = history.run(run);
        for (const RunTrace::GridChange& g : t.gridChanges) {
            if (n == m_markers.size()) {
                Marker m;
                m.line = new QGraphicsLineItem(m_chart);
                m.line->setZValue(19);
                m.text = new QGraphicsSimpleTextItem(m_chart);
                m.text->setZValue(20);
                QFont f = m.text->font();
                f.setPointSizeF(8.5);
                m.text->setFont(f);
                m_markers.push_back(m);
            }
            Marker& m = m_markers[n++];
            m.step = static_cast<double>(g.step);
            m.line->setPen(QPen(t.color, 1.5, Qt::DashLine));
            m.text->setText(QCoreApplication::translate("GridChangeMarkers", "%1 → %2 (step %3)")
                                .arg(t.name, g.description)
                                .arg(g.step));
            m.text->setBrush(t.color.darker(115));
        }
    }
    while (m_markers.size() > n) {
        delete m_markers.back().line;
        delete m_markers.back().text;
        m_markers.pop_back();
    }
    place();
}

void GridChangeMarkers::place()
{
    const QRectF plot = m_chart->plotArea();
    const double span = m_x->max() - m_x->min();
    double lastRight = -1e9;
    int row = 0;
    for (Marker& m : m_markers) {
        const double x = plot.left() + (span > 0 ? (m.step - m_x->min()) / span : 0) * plot.width();
        const bool inside = x >= plot.left() - 0.5 && x <= plot.right() + 0.5;
        m.line->setLine(x, plot.top(), x, plot.bottom());
        m.line->setVisible(inside);
        const QRectF box = m.text->boundingRect();
        double left = x + 4;
        if (left + box.width() > plot.right())
            left = x - 4 - box.width(); // near the right edge: label on the left
        row = left < lastRight ? row + 1 : 0; // stack labels that would overlap
        m.text->setPos(left, plot.top() + 4 + row * (box.height() + 2));
        m.text->setVisible(inside);
        lastRight = left + box.width();
    }
}

double GridChangeMarkers::drawnStep(int i) const
{
    const QRectF plot = m_chart->plotArea();
    const double x = m_markers[static_cast<std::size_t>(i)].line->line().x1();
    return m_x->min() + (x - plot.left()) / plot.width() * (m_x->max() - m_x->min());
}

bool GridChangeMarkers::isShown(int i) const
{
    const Marker& m = m_markers[static_cast<std::size_t>(i)];
    return m.line->isVisible() && m.line->line().length() > 0;
}

QString GridChangeMarkers::label(int i) const
{
    return m_markers[static_cast<std::size_t>(i)].text->text();
}

} // namespace bitlab::ui
