#pragma once
// CurveLayer: draws a chart's long curves in one graphics item over a QChart's plot area,
// instead of one QLineSeries each, and tells which curve the pointer is over.
//
// Why: Qt Charts rebuilds a series' whole stroke outline on every replace() and on every
// axis change (for its hover shape), and it strokes a dense curve segment by segment. A
// live loss chart replaces every curve ~30 times a second, so for 12 curves of 2,000 points
// that was most of the UI thread's frame (docs/performance.md). Here a curve is only its
// points (data coordinates, x ascending, as MinMaxDecimator gives them), mapped to pixels
// when painted, and drawn one of two ways:
//   - as a line: first without the vertices that lie within 0.2 device px of the line
//     that replaces them (a smooth curve keeps a few dozen of its thousands), then as
//     polylines of at most 32 segments with the curve's pen (a long wide polyline that
//     turns back on itself often is orders of magnitude slower for Qt to stroke). A dashed
//     pen's dashes are cut here, the pattern running on from segment to segment, and each
//     drawn as a short solid polyline (Qt's own dasher costs several times more);
//   - as a column band, when the curve zig-zags (it travels on average more than 4 px up and
//     down per pixel column; back to a line below 2 px): in each pixel column the span the
//     polyline covers there, widened by half the pen width above and below. That is what a
//     1 px zig-zag polyline covers at this density, pixel for pixel, at a fraction of the
//     cost (one rectangle per column instead of two long antialiased strokes). On a vector
//     device (an SVG export) the band is one polygon.
// The axes stay the chart's: the owner sets the range they show with setRange().
// Lives on the UI thread with its chart; the chart owns it (a child item).

#include <QGraphicsObject>
#include <QList>
#include <QPen>
#include <QPointF>
#include <QPolygonF>
#include <vector>

class QChart;

namespace bitlab::ui {

class CurveLayer : public QGraphicsObject {
    Q_OBJECT
public:
    // The layer follows the chart's plot area and sits just below its legend.
    explicit CurveLayer(QChart* chart);

    // Adds a curve drawn with `pen` on top of the curves added before it; returns its index.
    // A hoverable curve reports the pointer through hovered().
    int addCurve(const QPen& pen, bool hoverable);
    void clearCurves();
    int curveCount() const { return static_cast<int>(m_curves.size()); }

    // Points in data coordinates, x ascending. Non-finite points (and y <= 0 on a log axis)
    // are not drawn.
    void setPoints(int curve, const QList<QPointF>& points);
    const QList<QPointF>& points(int curve) const;

    // The data range the plot area shows; with yLog, y is mapped by log10 (yMin > 0).
    void setRange(double xMin, double xMax, double yMin, double yMax, bool yLog);

    // Mean vertical distance in pixels the curve travels per pixel column of the plot (0 for
    // fewer than two points): how much it zig-zags at the current range and size.
    double travelPerColumn(int curve) const;
    // Whether the curve is drawn as a column band (see above) rather than as a line.
    bool drawnAsBand(int curve) const;

    // Plot-local pixel position of a data point, and back.
    QPointF toPixel(const QPointF& data) const;
    QPointF toData(const QPointF& pixel) const;

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

signals:
    // The pointer moved over a hoverable curve (state true; `point` is the point of the
    // drawn line nearest to it, in data coordinates) or left it (state false).
    void hovered(int curve, const QPointF& point, bool state);

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    struct Curve {
        QList<QPointF> points;
        QPen pen;
        bool hoverable = false;
        bool band = false;
        double travel = 0.0;
    };

    void followPlotArea();
    void updateMapping();
    void updateDensity(Curve& c);
    QPolygonF mapped(const Curve& c) const;
    void drawLine(QPainter* painter, const QPolygonF& line, const QPen& pen) const;
    void drawDashed(QPainter* painter, const QPolygonF& line, qsizetype first, qsizetype last,
        const QPen& pen) const;
    void drawBand(QPainter* painter, const QPolygonF& line, const QPen& pen) const;
    // The curve index and the nearest point (plot-local pixels) within reach of `pos`.
    int curveAt(const QPointF& pos, QPointF* nearest) const;

    QChart* m_chart;
    QSizeF m_size;
    std::vector<Curve> m_curves;
    double m_xMin = 0.0, m_xMax = 1.0, m_yMin = 0.0, m_yMax = 1.0;
    bool m_yLog = false;
    // pixel = offset + scale * value (y: of log10(value) on a log axis), from the range
    // and the plot's size.
    double m_xScale = 1.0, m_xOffset = 0.0, m_yScale = 1.0, m_yOffset = 0.0;
    int m_hovered = -1;
};

} // namespace bitlab::ui
