#pragma once
// GridChangeMarkers: the Loss chart's marks for grid changes made while paused
// (RunTrace::gridChanges): a dashed vertical line in the run's colour across the plot at
// the step of the change, with a label at its top ("Q4.3-nearest → fixed8.2-post (step
// 40)"). Both are graphics items on the chart (not series: they stay out of the legend and
// the axis ranges), placed from the x axis whenever the data or the plot area changes, so
// they appear in PNG and SVG exports. Lives on the UI thread with its chart.

#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <vector>

class QChart;
class QGraphicsLineItem;
class QGraphicsSimpleTextItem;
class QValueAxis;

namespace bitlab::ui {

class RunHistory;

class GridChangeMarkers {
public:
    GridChangeMarkers(QChart* chart, QValueAxis* x);
    ~GridChangeMarkers();
    GridChangeMarkers(const GridChangeMarkers&) = delete;
    GridChangeMarkers& operator=(const GridChangeMarkers&) = delete;

    // One marker per grid change in `history`.
    void update(const RunHistory& history);
    // Re-places lines and labels (the plot area or the x range changed).
    void place();

    int count() const { return static_cast<int>(m_markers.size()); }
    double step(int i) const { return m_markers[static_cast<std::size_t>(i)].step; }
    // The step the drawn line sits at, read back from its position on the x axis.
    double drawnStep(int i) const;
    bool isShown(int i) const;
    QString label(int i) const;

private:
    struct Marker {
        QGraphicsLineItem* line = nullptr;
        QGraphicsSimpleTextItem* text = nullptr;
        double step = 0;
    };
    QChart* m_chart;
    QValueAxis* m_x;
    std::vector<Marker> m_markers;
    std::vector<QMetaObject::Connection> m_connections;
};

} // namespace bitlab::ui
