#pragma once
// GridChangeMarkers: the Loss chart's marks for grid changes made while paused
// (RunTrace::gridChanges): a dashed vertical line in the run's colour at the step of the
// change, spanning the y axis, with a label at its top ("sym4-ste → sym3-ste"). The lines
// are QLineSeries kept out of the legend, the labels graphics items on the chart, so both
// appear in PNG and SVG exports. Lives on the UI thread with its chart.

#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <vector>

class QAbstractAxis;
class QChart;
class QGraphicsSimpleTextItem;
class QLineSeries;

namespace bitlab::ui {

class RunHistory;

class GridChangeMarkers {
public:
    explicit GridChangeMarkers(QChart* chart);
    ~GridChangeMarkers();
    GridChangeMarkers(const GridChangeMarkers&) = delete;
    GridChangeMarkers& operator=(const GridChangeMarkers&) = delete;

    // One marker per grid change in `history`, spanning [yMin, yMax] on axes x and y.
    void update(const RunHistory& history, QAbstractAxis* x, QAbstractAxis* y, double yMin,
        double yMax);
    // Re-places the labels (the plot area moved or resized).
    void placeLabels();

    int count() const { return static_cast<int>(m_markers.size()); }
    QList<QPointF> points(int i) const;
    QString label(int i) const;

private:
    struct Marker {
        QLineSeries* line = nullptr;
        QGraphicsSimpleTextItem* text = nullptr;
        double step = 0;
        double yTop = 0;
    };
    QChart* m_chart;
    QMetaObject::Connection m_plotAreaConnection;
    std::vector<Marker> m_markers;
};

} // namespace bitlab::ui
