#include "ui/charts/curve_layer.h"

#include <QGraphicsSceneHoverEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

namespace {

// Pixel coordinates are kept within this distance of the plot: a point far outside (a
// zoomed-in view) still gives the right direction to the segment that leaves the plot,
// and no later integer conversion can overflow.
constexpr double kFar = 1e6;

// Mean |dy| per column above which a curve becomes a band, and below which it is a line
// again (the gap keeps a curve near the limit from switching every frame).
constexpr double kBandAbove = 4.0;
constexpr double kLineBelow = 2.0;

// How far (device px) a line's vertex may be from the segment that replaces it when drawn.
constexpr double kSimplify = 0.2;

// How far (px) beyond a hoverable curve's pen the pointer still counts as on it.
constexpr double kHoverReach = 4.0;

bool solid(const QPen& pen)
{
    return pen.style() == Qt::SolidLine;
}

// The span [lo, hi] of y each pixel column [c0 + k, c0 + k + 1) covers of the polyline
// `line` (x ascending), for k in [0, lo.size()). Columns the line does not reach keep
// lo = +inf, hi = -inf.
void coverColumns(const QPolygonF& line, int c0, std::vector<double>& lo, std::vector<double>& hi)
{
    const int n = static_cast<int>(lo.size());
    auto cover = [&](int k, double y) {
        lo[static_cast<std::size_t>(k)] = std::min(lo[static_cast<std::size_t>(k)], y);
        hi[static_cast<std::size_t>(k)] = std::max(hi[static_cast<std::size_t>(k)], y);
    };
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QPointF a = line[i];
        const QPointF b = i + 1 < line.size() ? line[i + 1] : a;
        const int ka = static_cast<int>(std::floor(a.x())) - c0;
        const int kb = static_cast<int>(std::floor(b.x())) - c0;
        if (kb < 0 || ka >= n)
            continue;
        if (ka == kb) {
            cover(ka, a.y());
            cover(ka, b.y());
            continue;
        }
        const double slope = (b.y() - a.y()) / (b.x() - a.x());
        for (int k = std::max(ka, 0); k <= std::min(kb, n - 1); ++k) {
            const double left = std::max(static_cast<double>(k + c0), a.x());
            const double right = std::min(static_cast<double>(k + c0 + 1), b.x());
            cover(k, a.y() + (left - a.x()) * slope);
            cover(k, a.y() + (right - a.x()) * slope);
        }
    }
}

// The polyline without the vertices that lie within `tolerance` px (vertically) of the
// straight line that replaces them: a smooth curve decimated to 2 points per column keeps a
// few dozen of its thousands of vertices and looks the same (antialiasing cannot show
// 0.2 px), while every spike stays (its tip is far from any shortcut). One pass (Zhao and
// Saalfeld's sleeve, with slopes for angles since x ascends): from the last kept vertex,
// the slopes that pass within the tolerance of every vertex since narrow to an interval;
// the first vertex outside it ends the line at the one before.
QPolygonF simplified(const QPolygonF& in, qsizetype first, qsizetype last, double tolerance)
{
    const double inf = std::numeric_limits<double>::infinity();
    QPolygonF out;
    out.append(in[first]);
    qsizetype anchor = first;
    double lo = -inf, hi = inf;
    for (qsizetype j = first + 1; j <= last; ++j) {
        double dx = in[j].x() - in[anchor].x();
        double dy = in[j].y() - in[anchor].y();
        const bool reached = j == anchor + 1 || (dx > 0 && dy >= lo * dx && dy <= hi * dx);
        if (!reached) {
            anchor = j - 1;
            out.append(in[anchor]);
            dx = in[j].x() - in[anchor].x();
            dy = in[j].y() - in[anchor].y();
            lo = -inf;
            hi = inf;
        }
        if (dx > 0) {
            lo = std::max(lo, (dy - tolerance) / dx);
            hi = std::min(hi, (dy + tolerance) / dx);
        } else {
            lo = inf; // a vertical step: the next vertex starts a new line here
            hi = -inf;
        }
    }
    if (anchor != last)
        out.append(in[last]);
    return out;
}

double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b, QPointF* nearest)
{
    const QPointF d = b - a;
    const double len2 = QPointF::dotProduct(d, d);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, d) / len2, 0.0, 1.0) : 0.0;
    *nearest = a + t * d;
    return std::hypot(p.x() - nearest->x(), p.y() - nearest->y());
}

} // namespace

CurveLayer::CurveLayer(QChart* chart)
    : QGraphicsObject(chart)
    , m_chart(chart)
{
    // Above the grid and the chart's own series, below the legend.
    setZValue(chart->legend()->zValue() - 0.5);
    setAcceptHoverEvents(true);
    setAcceptedMouseButtons(Qt::NoButton); // the view's rubber band keeps the mouse
    setFlag(QGraphicsItem::ItemClipsToShape, false);
    connect(chart, &QChart::plotAreaChanged, this, [this] { followPlotArea(); });
    followPlotArea();
}

void CurveLayer::followPlotArea()
{
    const QRectF plot = m_chart->plotArea();
    if (plot.size() != m_size)
        prepareGeometryChange();
    m_size = plot.size();
    setPos(plot.topLeft());
    updateMapping();
    for (Curve& c : m_curves)
        updateDensity(c);
    update();
}

int CurveLayer::addCurve(const QPen& pen, bool hoverable)
{
    Curve c;
    c.pen = pen;
    c.hoverable = hoverable;
    m_curves.push_back(std::move(c));
    return static_cast<int>(m_curves.size()) - 1;
}

void CurveLayer::clearCurves()
{
    m_curves.clear();
    m_hovered = -1;
    update();
}

void CurveLayer::setPoints(int curve, const QList<QPointF>& points)
{
    Curve& c = m_curves[static_cast<std::size_t>(curve)];
    c.points = points;
    updateDensity(c);
    update();
}

const QList<QPointF>& CurveLayer::points(int curve) const
{
    return m_curves[static_cast<std::size_t>(curve)].points;
}

void CurveLayer::setRange(double xMin, double xMax, double yMin, double yMax, bool yLog)
{
    if (xMin == m_xMin && xMax == m_xMax && yMin == m_yMin && yMax == m_yMax && yLog == m_yLog)
        return;
    m_xMin = xMin;
    m_xMax = xMax;
    m_yMin = yMin;
    m_yMax = yMax;
    m_yLog = yLog;
    updateMapping();
    for (Curve& c : m_curves)
        updateDensity(c);
    update();
}

void CurveLayer::updateMapping()
{
    const double w = m_size.width(), h = m_size.height();
    m_xScale = w / (m_xMax - m_xMin);
    m_xOffset = -m_xMin * m_xScale;
    const double lo = m_yLog ? std::log10(m_yMin) : m_yMin;
    const double hi = m_yLog ? std::log10(m_yMax) : m_yMax;
    m_yScale = -h / (hi - lo);
    m_yOffset = h - lo * m_yScale;
}

QPointF CurveLayer::toPixel(const QPointF& data) const
{
    const double x = m_xOffset + m_xScale * data.x();
    const double y = m_yOffset + m_yScale * (m_yLog ? std::log10(data.y()) : data.y());
    return { std::clamp(x, -kFar, kFar), std::clamp(y, -kFar, kFar) };
}

QPointF CurveLayer::toData(const QPointF& pixel) const
{
    const double w = m_size.width(), h = m_size.height();
    const double x = m_xMin + pixel.x() / w * (m_xMax - m_xMin);
    const double t = (h - pixel.y()) / h;
    const double y = m_yLog
        ? std::pow(10.0, std::log10(m_yMin) + t * (std::log10(m_yMax) - std::log10(m_yMin)))
        : m_yMin + t * (m_yMax - m_yMin);
    return { x, y };
}

QPolygonF CurveLayer::mapped(const Curve& c) const
{
    QPolygonF out;
    if (!(m_xMax > m_xMin) || !(m_yMax > m_yMin) || (m_yLog && !(m_yMin > 0)) || m_size.isEmpty())
        return out;
    out.reserve(c.points.size());
    for (const QPointF& p : c.points) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || (m_yLog && p.y() <= 0))
            continue;
        out.append(toPixel(p));
    }
    return out;
}

void CurveLayer::updateDensity(Curve& c)
{
    const QPolygonF line = mapped(c);
    double travel = 0.0;
    for (qsizetype k = 1; k < line.size(); ++k)
        travel += std::abs(line[k].y() - line[k - 1].y());
    c.travel = line.size() > 1 ? travel / std::max(1.0, m_size.width()) : 0.0;
    // A dashed curve stays a line: its dashes say which curve it is.
    c.band = solid(c.pen) && (c.band ? c.travel > kLineBelow : c.travel > kBandAbove);
}

double CurveLayer::travelPerColumn(int curve) const
{
    return m_curves[static_cast<std::size_t>(curve)].travel;
}

bool CurveLayer::drawnAsBand(int curve) const
{
    return m_curves[static_cast<std::size_t>(curve)].band;
}

QRectF CurveLayer::boundingRect() const
{
    return { QPointF(0, 0), m_size };
}

void CurveLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->save();
    painter->setClipRect(boundingRect(), Qt::IntersectClip);
    painter->setRenderHint(QPainter::Antialiasing, true);
    for (const Curve& c : m_curves) {
        const QPolygonF line = mapped(c);
        if (line.isEmpty())
            continue;
        if (c.band)
            drawBand(painter, line, c.pen);
        else
            drawLine(painter, line, c.pen);
    }
    painter->restore();
}

void CurveLayer::drawLine(QPainter* painter, const QPolygonF& line, const QPen& pen) const
{
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    if (line.size() == 1) {
        painter->drawPoint(line.front()); // a single evaluation: a dot the pen's width
        return;
    }
    // Segments wholly left or right of the plot are skipped (a zoomed-in view).
    const double reach = pen.widthF() + 1.0;
    const double right = m_size.width() + reach;
    qsizetype first = 0, last = line.size() - 1;
    while (first + 1 < line.size() && line[first + 1].x() < -reach)
        ++first;
    while (last > first && line[last - 1].x() > right)
        --last;
    // 0.2 device pixels (a 2x export halves it in plot pixels).
    const double scale = std::sqrt(std::abs(painter->deviceTransform().determinant()));
    const QPolygonF path = simplified(line, first, last, kSimplify / std::max(scale, 1e-3));
    if (!solid(pen)) {
        drawDashed(painter, path, 0, path.size() - 1, pen);
        return;
    }
    // In pieces of 32 segments: Qt strokes a wide antialiased polyline as one outline, and
    // when a long one turns back on itself often, its stroker and rasterizer slow down by
    // orders of magnitude. Flat caps: the pieces meet without overlapping, so their joints
    // do not show as darker dots.
    QPen piecePen = pen;
    piecePen.setCapStyle(Qt::FlatCap);
    painter->setPen(piecePen);
    constexpr qsizetype kPiece = 32;
    for (qsizetype k = 0; k + 1 < path.size(); k += kPiece)
        painter->drawPolyline(
            path.constData() + k, static_cast<int>(std::min(kPiece + 1, path.size() - k)));
}

void CurveLayer::drawDashed(QPainter* painter, const QPolygonF& line, qsizetype first,
    qsizetype last, const QPen& pen) const
{
    // The pen's pattern, in pixels (Qt gives it in pen widths).
    const double unit = std::max(1.0, pen.widthF());
    std::vector<double> pattern;
    for (const double d : pen.dashPattern())
        pattern.push_back(d * unit);
    if (pattern.size() < 2) {
        painter->drawPolyline(line.constData() + first, static_cast<int>(last - first + 1));
        return;
    }
    QPen solidPen = pen;
    solidPen.setStyle(Qt::SolidLine);
    painter->setPen(solidPen);
    std::size_t part = 0; // even: a dash, odd: a gap
    double left = pattern[0]; // of the current part
    QPolygonF dash; // the current dash, which may turn at the line's vertices
    for (qsizetype k = first + 1; k <= last; ++k) {
        const QPointF a = line[k - 1], b = line[k];
        const double length = std::hypot(b.x() - a.x(), b.y() - a.y());
        double at = 0.0;
        while (at < length) {
            const double step = std::min(left, length - at);
            if (part % 2 == 0) {
                if (dash.isEmpty())
                    dash.append(a + (b - a) * (at / length));
                dash.append(a + (b - a) * ((at + step) / length));
            }
            at += step;
            left -= step;
            if (left <= 0.0) {
                if (part % 2 == 0) {
                    painter->drawPolyline(dash);
                    dash.clear();
                }
                part = (part + 1) % pattern.size();
                left = pattern[part];
            }
        }
    }
    if (dash.size() > 1)
        painter->drawPolyline(dash);
}

void CurveLayer::drawBand(QPainter* painter, const QPolygonF& line, const QPen& pen) const
{
    const QTransform device = painter->deviceTransform();
    const bool raster = painter->paintEngine()
        && painter->paintEngine()->type() == QPaintEngine::Raster
        && device.type() <= QTransform::TxScale;
    if (raster) {
        // In device pixels: one rectangle per column (runs of equal columns merged), without
        // antialiasing; the clip is already set. The rectangles are computed on the device's
        // pixel grid and drawn through the painter's own transform (mapped back to item
        // coordinates): resetting the transform would also drop what it cannot show, such
        // as the offset of a child widget painted into its window.
        const QPolygonF deviceLine = device.map(line);
        const QRectF area = device.mapRect(boundingRect());
        const int c0 = static_cast<int>(std::floor(area.left()));
        const int n = std::max(0, static_cast<int>(std::ceil(area.right())) - c0);
        const double inf = std::numeric_limits<double>::infinity();
        std::vector<double> lo(static_cast<std::size_t>(n), inf), hi(lo.size(), -inf);
        coverColumns(deviceLine, c0, lo, hi);
        const double scale = pen.isCosmetic() ? 1.0 : std::abs(device.m22());
        const double half = std::max(0.5, pen.widthF() * scale / 2.0);
        const QTransform toItem = device.inverted();
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, false);
        const QBrush brush = pen.brush();
        int runStart = -1, runTop = 0, runBottom = 0;
        auto flush = [&](int end) {
            if (runStart >= 0)
                painter->fillRect(toItem.mapRect(QRectF(
                                      c0 + runStart, runTop, end - runStart, runBottom - runTop)),
                    brush);
            runStart = -1;
        };
        for (int k = 0; k < n; ++k) {
            const std::size_t i = static_cast<std::size_t>(k);
            if (!(hi[i] >= lo[i])) {
                flush(k);
                continue;
            }
            const int top = static_cast<int>(std::lround(lo[i] - half));
            const int bottom = std::max(top + 1, static_cast<int>(std::lround(hi[i] + half)));
            if (runStart >= 0 && top == runTop && bottom == runBottom)
                continue;
            flush(k);
            runStart = k;
            runTop = top;
            runBottom = bottom;
        }
        flush(n);
        painter->restore();
        return;
    }
    // A vector device: the same band as one polygon, per plot-local pixel column.
    const int n = static_cast<int>(std::ceil(m_size.width()));
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> lo(static_cast<std::size_t>(std::max(n, 0)), inf), hi(lo.size(), -inf);
    coverColumns(line, 0, lo, hi);
    const double half = std::max(0.5, pen.widthF() / 2.0);
    QPolygonF band;
    band.reserve(2 * n);
    for (int k = 0; k < n; ++k)
        if (hi[static_cast<std::size_t>(k)] >= lo[static_cast<std::size_t>(k)])
            band.append(QPointF(k + 0.5, lo[static_cast<std::size_t>(k)] - half));
    for (int k = n - 1; k >= 0; --k)
        if (hi[static_cast<std::size_t>(k)] >= lo[static_cast<std::size_t>(k)])
            band.append(QPointF(k + 0.5, hi[static_cast<std::size_t>(k)] + half));
    painter->setPen(Qt::NoPen);
    painter->setBrush(pen.brush());
    painter->drawPolygon(band);
}

int CurveLayer::curveAt(const QPointF& pos, QPointF* nearest) const
{
    int best = -1;
    double bestExcess = std::numeric_limits<double>::infinity();
    for (int i = 0; i < curveCount(); ++i) {
        const Curve& c = m_curves[static_cast<std::size_t>(i)];
        if (!c.hoverable)
            continue;
        const QPolygonF line = mapped(c);
        const double reach = std::max(0.5, c.pen.widthF() / 2.0) + kHoverReach;
        // Segments that can come within reach: x ascending, so start where x >= pos - reach.
        auto it = std::lower_bound(line.begin(), line.end(), pos.x() - reach,
            [](const QPointF& p, double x) { return p.x() < x; });
        qsizetype k = std::max<qsizetype>(0, (it - line.begin()) - 1);
        for (; k < line.size(); ++k) {
            const QPointF a = line[k];
            const QPointF b = k + 1 < line.size() ? line[k + 1] : a;
            QPointF onLine;
            const double excess = distanceToSegment(pos, a, b, &onLine) - reach;
            // Curves drawn later lie on top: on a tie, the later one wins.
            if (excess <= 0 && excess <= bestExcess) {
                best = i;
                bestExcess = excess;
                *nearest = onLine;
            }
            if (a.x() > pos.x() + reach)
                break;
        }
    }
    return best;
}

void CurveLayer::hoverMoveEvent(QGraphicsSceneHoverEvent* event)
{
    QPointF nearest;
    const int curve = curveAt(event->pos(), &nearest);
    if (curve < 0) {
        if (m_hovered >= 0)
            emit hovered(m_hovered, QPointF(), false);
        m_hovered = -1;
        return;
    }
    m_hovered = curve;
    emit hovered(curve, toData(nearest), true);
}

void CurveLayer::hoverLeaveEvent(QGraphicsSceneHoverEvent*)
{
    if (m_hovered >= 0)
        emit hovered(m_hovered, QPointF(), false);
    m_hovered = -1;
}

} // namespace bitlab::ui
