#include "ui/views/weight_plane_widget.h"

#include "ui/run_history.h"
#include "ui/text_format.h"
#include "ui/views/axis_ticks.h"
#include "ui/views/drawn_canvas.h"
#include "ui/views/weight_explainer.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

namespace {

constexpr int kSurfaceSize = 161;

} // namespace

WeightPlaneWidget::WeightPlaneWidget(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(520, 360);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void WeightPlaneWidget::setRuns(const std::vector<std::optional<QuantizerSpec>>& quantizers)
{
    m_quantizers = quantizers;
}

void WeightPlaneWidget::clear()
{
    m_scene = {};
    m_surface = {};
    m_snapshot = {};
    m_requested = {};
    update();
}

void WeightPlaneWidget::updateFrom(const RunHistory& history)
{
    m_snapshot = history.snapshot();
    m_scene = WeightPlaneScene::build(history, m_quantizers, m_scene.range);

    // The loss surface: a fresh one from the worker, or ask for one covering the view.
    const LossSurface& s = history.lossSurface();
    const LossSurface& drawn = m_surface.surface;
    if (s.size != drawn.size || s.x0 != drawn.x0 || s.x1 != drawn.x1 || s.y0 != drawn.y0
        || s.y1 != drawn.y1 || s.values != drawn.values)
        m_surface = WeightPlaneSurface::build(s);
    const QRectF& range = m_scene.range;
    if (!range.isEmpty()) {
        const QRectF covered = drawn.empty()
            ? QRectF()
            : QRectF(drawn.x0, drawn.y0, drawn.x1 - drawn.x0, drawn.y1 - drawn.y0);
        if (!covered.contains(range) && !m_requested.contains(range)) {
            const double mx = 0.5 * range.width(), my = 0.5 * range.height();
            m_requested = range.adjusted(-mx, -my, mx, my);
            // About 4e7 row evaluations at most: 161 x 161 up to ~1500 rows, coarser above.
            const double rows = static_cast<double>(std::max<std::int64_t>(1, m_trainRows));
            const int size = std::clamp(static_cast<int>(std::sqrt(4e7 / rows)), 33, kSurfaceSize);
            emit surfaceWanted(m_requested, size);
        }
    }
    update();
}

WeightPlaneWidget::Layout WeightPlaneWidget::layoutFor(const QRectF& r) const
{
    Layout l;
    const double legendW = std::min(270.0, std::max(200.0, 0.3 * r.width()));
    l.title = QRectF(r.left() + 16, r.top() + 8, r.width() - 32, 46);
    l.legend = QRectF(r.right() - legendW - 12, r.top() + 62, legendW, r.height() - 74);
    l.plot
        = QRectF(r.left() + 74, r.top() + 62, r.width() - legendW - 74 - 32, r.height() - 62 - 58);
    return l;
}

QPointF WeightPlaneWidget::map(const QRectF& plot, const QPointF& d) const
{
    if (m_scene.range.isEmpty())
        return plot.center();
    return { plot.left() + (d.x() - m_scene.range.left()) / m_scene.range.width() * plot.width(),
        plot.bottom() - (d.y() - m_scene.range.top()) / m_scene.range.height() * plot.height() };
}

QPointF WeightPlaneWidget::toPixel(const QPointF& point) const
{
    return map(layoutFor(QRectF(rect())).plot, point);
}

QStringList WeightPlaneWidget::legendTexts() const
{
    QStringList out;
    for (const Trace& t : m_scene.traces)
        out << t.name << t.description;
    for (const Lattice& l : m_scene.lattices)
        out << l.label;
    out << tr("training loss (full precision)");
    return out;
}

void WeightPlaneWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    paint(p, QRectF(rect()));
}

void WeightPlaneWidget::paint(QPainter& p, const QRectF& rect) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, QColor(0xff, 0xff, 0xff));
    const Layout l = layoutFor(rect);

    QFont titleFont = font();
    titleFont.setPointSizeF(font().pointSizeF() * 1.25);
    titleFont.setBold(true);
    p.setFont(titleFont);
    p.setPen(QColor(0x22, 0x2a, 0x33));
    p.drawText(
        l.title, Qt::AlignLeft | Qt::AlignTop, tr("Weight plane: where each run's (w, b) goes"));
    QFont small = font();
    p.setFont(small);
    p.setPen(QColor(0x5a, 0x64, 0x6e));
    p.drawText(l.title, Qt::AlignLeft | Qt::AlignBottom,
        tr("Background: training loss of the full-precision model (darker = higher). Lines: the "
           "values a quantized run can store. Step %1.")
            .arg(m_scene.step));

    drawPlot(p, l.plot);
    drawLegend(p, l.legend);
    p.restore();
}

void WeightPlaneWidget::drawPlot(QPainter& p, const QRectF& plot) const
{
    p.save();
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xf4, 0xf4, 0xf2));
    p.drawRect(plot);
    if (m_scene.range.isEmpty()) {
        p.setPen(QColor(0x70, 0x78, 0x80));
        p.drawText(plot, Qt::AlignCenter, tr("Run the experiment to see the weights move."));
        p.restore();
        return;
    }
    p.setClipRect(plot);

    // Heat map: pixel j of the image spans half a cell either side of its grid point.
    if (!m_surface.heat.isNull()) {
        const int n = m_surface.surface.size;
        const double dx = (m_surface.surface.x1 - m_surface.surface.x0) / (n - 1);
        const double dy = (m_surface.surface.y1 - m_surface.surface.y0) / (n - 1);
        const QPointF a
            = map(plot, { m_surface.surface.x0 - dx / 2, m_surface.surface.y1 + dy / 2 });
        const QPointF b
            = map(plot, { m_surface.surface.x1 + dx / 2, m_surface.surface.y0 - dy / 2 });
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(QRectF(a, b), m_surface.heat);
        QPen contour(QColor(0x3c, 0x50, 0x64, 120));
        contour.setWidthF(1.0);
        contour.setCosmetic(true);
        p.setPen(contour);
        std::vector<QLineF> lines;
        lines.reserve(m_surface.contours.size());
        for (const QLineF& c : m_surface.contours)
            if (m_scene.range.contains(c.p1()) || m_scene.range.contains(c.p2()))
                lines.emplace_back(map(plot, c.p1()), map(plot, c.p2()));
        p.drawLines(lines.data(), static_cast<int>(lines.size()));
    } else {
        p.setPen(QColor(0x80, 0x88, 0x90));
        p.drawText(plot.adjusted(8, 8, -8, -8), Qt::AlignLeft | Qt::AlignTop,
            tr("computing the loss surface…"));
    }

    // Lattices: grid lines at every level in view, the outside of the clamp range shaded.
    for (int li = 0; li < static_cast<int>(m_scene.lattices.size()); ++li) {
        const Lattice& lat = m_scene.lattices[static_cast<std::size_t>(li)];
        const QPointF c0 = map(plot,
            { std::max(lat.xMin, m_scene.range.left() - m_scene.range.width()),
                std::min(lat.yMax, m_scene.range.bottom() + m_scene.range.height()) });
        const QPointF c1 = map(plot,
            { std::min(lat.xMax, m_scene.range.right() + m_scene.range.width()),
                std::max(lat.yMin, m_scene.range.top() - m_scene.range.height()) });
        QPainterPath outside;
        outside.addRect(plot);
        QPainterPath inside;
        inside.addRect(QRectF(c0, c1).normalized());
        QColor shade(0x55, 0x55, 0x55, 45);
        p.fillPath(outside.subtracted(inside), QBrush(shade, Qt::BDiagPattern));
        p.fillPath(outside.subtracted(inside), QColor(0x88, 0x88, 0x88, 40));

        const std::vector<double> xs = visibleLevelsX(li), ys = visibleLevelsY(li);
        QColor lc = lat.color;
        lc.setAlpha(lat.runs.size() == 1 ? 120 : 95);
        QPen pen(lc);
        pen.setCosmetic(true);
        pen.setWidthF(1.0);
        p.setPen(pen);
        // Every level as a line while lines stay 3 px apart; where levels crowd closer (a
        // float format near zero, or any grid far zoomed out) a band of the lattice's colour.
        const auto lx = WeightPlaneScene::levelLines(xs, plot.width() / m_scene.range.width());
        const auto ly = WeightPlaneScene::levelLines(ys, plot.height() / m_scene.range.height());
        // The band darkens with the levels per pixel (counted over 8 pixels, so it shades
        // smoothly), so its own shading shows where the grid is finest (towards zero for a
        // float format).
        auto density = [&lat](const std::vector<double>& levels, double lo, double hi) {
            const auto n = std::upper_bound(levels.begin(), levels.end(), hi)
                - std::lower_bound(levels.begin(), levels.end(), lo);
            const double perPixel = static_cast<double>(n) / 8.0;
            QColor c = lat.color;
            c.setAlpha(
                std::clamp(static_cast<int>(8 + 22 * std::log2(1.0 + 3.0 * perPixel)), 8, 80));
            return c;
        };
        const double xPerPixel = m_scene.range.width() / plot.width();
        for (const auto& [a, b] : lx.dense)
            for (double v = a; v < b; v += 2 * xPerPixel) {
                const double pa = map(plot, { v, 0 }).x();
                const double w = std::min(2.0, (b - v) / xPerPixel);
                p.fillRect(QRectF(pa, plot.top(), w, plot.height()),
                    density(xs, v - 3 * xPerPixel, v + 5 * xPerPixel));
            }
        const double yPerPixel = m_scene.range.height() / plot.height();
        for (const auto& [a, b] : ly.dense)
            for (double v = a; v < b; v += 2 * yPerPixel) {
                const double pa = map(plot, { 0, v }).y();
                const double h = std::min(2.0, (b - v) / yPerPixel);
                p.fillRect(QRectF(plot.left(), pa - h, plot.width(), h),
                    density(ys, v - 3 * yPerPixel, v + 5 * yPerPixel));
            }
        for (double x : lx.lines) {
            const double px = map(plot, { x, 0 }).x();
            p.drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));
        }
        for (double y : ly.lines) {
            const double py = map(plot, { 0, y }).y();
            p.drawLine(QPointF(plot.left(), py), QPointF(plot.right(), py));
        }
        if (!lx.lines.empty() && !ly.lines.empty() && lx.lines.size() * ly.lines.size() <= 4000) {
            p.setPen(Qt::NoPen);
            lc.setAlpha(150);
            p.setBrush(lc);
            for (double x : lx.lines)
                for (double y : ly.lines)
                    p.drawEllipse(map(plot, { x, y }), 1.6, 1.6);
        }
    }

    // Trajectories (full precision last, thin, so a latent path under it stays visible),
    // then the current points on top.
    std::vector<const Trace*> order;
    for (const Trace& t : m_scene.traces)
        if (t.quantized)
            order.push_back(&t);
    for (const Trace& t : m_scene.traces)
        if (!t.quantized)
            order.push_back(&t);
    for (const Trace* tp : order) {
        const Trace& t = *tp;
        if (t.path.empty())
            continue;
        QPolygonF poly;
        poly.reserve(static_cast<qsizetype>(t.path.size()));
        for (const QPointF& d : t.path) {
            const QPointF px = map(plot, d);
            if (poly.isEmpty()
                || std::abs(px.x() - poly.last().x()) + std::abs(px.y() - poly.last().y()) >= 0.5)
                poly << px;
        }
        QPen pen(t.color);
        pen.setWidthF(!t.quantized ? 1.8 : t.latent ? 3.4 : 1.8);
        pen.setJoinStyle(Qt::RoundJoin);
        pen.setCapStyle(Qt::RoundCap);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(poly);
        if (t.quantized && !t.latent && poly.size() <= 600) {
            // Rounding after the update: mark the lattice points it visited.
            p.setPen(Qt::NoPen);
            p.setBrush(t.color);
            for (const QPointF& px : poly)
                p.drawEllipse(px, 2.6, 2.6);
        }
    }
    if (!m_scene.traces.empty() && !m_scene.traces.front().path.empty()) {
        const QPointF s = map(plot, m_scene.traces.front().path.front());
        p.setPen(QPen(QColor(0x22, 0x2a, 0x33), 1.5));
        p.setBrush(Qt::white);
        p.drawEllipse(s, 4, 4);
        p.drawText(s + QPointF(8, 14), tr("start"));
    }
    for (const Trace& t : m_scene.traces) {
        if (!t.hasCurrent)
            continue;
        const QPointF c = map(plot, t.current);
        if (t.latent) {
            const QPointF lp = map(plot, t.currentLatent);
            QPen dash(t.color, 1.6, Qt::DashLine);
            p.setPen(dash);
            p.drawLine(lp, c);
            p.setPen(QPen(t.color, 2.2));
            p.setBrush(QColor(255, 255, 255, 220));
            p.drawEllipse(lp, 6.5, 6.5);
            p.setPen(QPen(Qt::white, 1.5));
            p.setBrush(t.color);
            p.drawRect(QRectF(c.x() - 5.5, c.y() - 5.5, 11, 11));
        } else {
            p.setPen(QPen(Qt::white, 1.8));
            p.setBrush(t.color);
            p.drawEllipse(c, 6.5, 6.5);
        }
    }
    p.setClipping(false);

    // Frame, ticks, axis titles.
    p.setPen(QPen(QColor(0x8a, 0x92, 0x9a), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    const QFontMetricsF fm(p.font());
    p.setPen(QColor(0x3a, 0x42, 0x4a));
    for (double x : niceTicks(
             m_scene.range.left(), m_scene.range.right(), std::max(2, int(plot.width() / 90)))) {
        const double px = map(plot, { x, 0 }).x();
        p.drawLine(QPointF(px, plot.bottom()), QPointF(px, plot.bottom() + 5));
        const QString s = formatNumber(x, 6);
        p.drawText(QPointF(px - fm.horizontalAdvance(s) / 2, plot.bottom() + 8 + fm.ascent()), s);
    }
    for (double y : niceTicks(
             m_scene.range.top(), m_scene.range.bottom(), std::max(2, int(plot.height() / 60)))) {
        const double py = map(plot, { 0, y }).y();
        p.drawLine(QPointF(plot.left() - 5, py), QPointF(plot.left(), py));
        const QString s = formatNumber(y, 6);
        p.drawText(QPointF(plot.left() - 8 - fm.horizontalAdvance(s), py + fm.ascent() / 2 - 1), s);
    }
    QFont axisFont = p.font();
    axisFont.setBold(true);
    p.setFont(axisFont);
    p.drawText(QRectF(plot.left(), plot.bottom() + 26, plot.width(), 24), Qt::AlignCenter,
        tr("%1 (weight)").arg(m_xName));
    p.translate(plot.left() - 58, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -12, plot.height(), 24), Qt::AlignCenter,
        tr("%1 (bias)").arg(m_yName));
    p.restore();
}

void WeightPlaneWidget::drawLegend(QPainter& p, const QRectF& box) const
{
    p.save();
    QFont normal = p.font();
    QFont bold = normal;
    bold.setBold(true);
    QFont small = normal;
    small.setPointSizeF(normal.pointSizeF() * 0.9);
    const QFontMetricsF fm(normal), fs(small);
    double y = box.top() + 4;
    const double x = box.left() + 8;
    const double textX = x + 34;
    const double textW = box.right() - textX - 4;
    auto heading = [&](const QString& s) {
        p.setFont(bold);
        p.setPen(QColor(0x22, 0x2a, 0x33));
        p.drawText(QPointF(x, y + fm.ascent()), s);
        y += fm.height() + 6;
    };
    auto caption = [&](const QString& s) {
        p.setFont(small);
        p.setPen(QColor(0x5a, 0x64, 0x6e));
        const QRectF r(textX, y, textW, 200);
        const QRectF used = p.boundingRect(r, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, s);
        p.drawText(r, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, s);
        y += used.height() + 8;
    };
    heading(tr("Runs"));
    for (const Trace& t : m_scene.traces) {
        const double cy = y + fm.height() / 2;
        p.setPen(QPen(t.color, 2.4));
        p.drawLine(QPointF(x, cy), QPointF(x + 26, cy));
        if (t.latent) {
            p.setBrush(Qt::white);
            p.drawEllipse(QPointF(x + 6, cy), 4.5, 4.5);
            p.setPen(QPen(Qt::white, 1));
            p.setBrush(t.color);
            p.drawRect(QRectF(x + 17, cy - 4, 8, 8));
        } else {
            p.setPen(QPen(Qt::white, 1.2));
            p.setBrush(t.color);
            p.drawEllipse(QPointF(x + 13, cy), 5, 5);
        }
        p.setFont(bold);
        p.setPen(QColor(0x22, 0x2a, 0x33));
        p.drawText(QPointF(textX, y + fm.ascent()), t.name);
        y += fm.height() + 1;
        caption(t.description);
    }
    y += 4;
    heading(tr("Grids"));
    if (m_scene.lattices.empty())
        caption(tr("no quantized run"));
    for (int li = 0; li < static_cast<int>(m_scene.lattices.size()); ++li) {
        const Lattice& lat = m_scene.lattices[static_cast<std::size_t>(li)];
        const double cy = y + fm.height() / 2;
        QColor lc = lat.color;
        lc.setAlpha(170);
        p.setPen(QPen(lc, 1));
        for (int k = 0; k < 4; ++k)
            p.drawLine(QPointF(x + 2 + 7 * k, cy - 7), QPointF(x + 2 + 7 * k, cy + 7));
        p.drawLine(QPointF(x, cy - 3), QPointF(x + 26, cy - 3));
        p.drawLine(QPointF(x, cy + 4), QPointF(x + 26, cy + 4));
        p.setFont(normal);
        p.setPen(QColor(0x22, 0x2a, 0x33));
        const QRectF r(textX, y, textW, 200);
        const QRectF used
            = p.boundingRect(r, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, lat.label);
        p.drawText(r, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, lat.label);
        y += used.height() + 1;
        // The steps in view: one number for an even grid, from-to for a float format's.
        auto steps
            = [this](const std::vector<double>& levels, double lo, double hi, const QString& name) {
                  const auto [a, b] = WeightPlaneScene::stepRange(levels, lo, hi);
                  if (b <= 0)
                      return QString();
                  if (b <= a * (1 + 1e-9))
                      return tr("%1 step %2").arg(name, formatNumber(a, 6));
                  return tr("%1 steps from %2 to %3 in view (finest towards 0)")
                      .arg(name, formatNumber(a), formatNumber(b));
              };
        QString detail
            = steps(lat.xs, m_scene.range.left(), m_scene.range.right(), QStringLiteral("w"));
        const QString yDetail
            = steps(lat.ys, m_scene.range.top(), m_scene.range.bottom(), QStringLiteral("b"));
        // The same steps for w and b (a float format over a square-ish view): say it once.
        if (!detail.isEmpty() && detail.mid(1) == yDetail.mid(1))
            detail = steps(
                lat.xs, m_scene.range.left(), m_scene.range.right(), QStringLiteral("w, b"));
        else if (!yDetail.isEmpty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral(", ")) + yDetail;
        if (!lat.xs.empty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral("; "))
                + tr("clamp range w ∈ [%1, %2]")
                      .arg(formatNumber(lat.xMin, 6), formatNumber(lat.xMax, 6));
        if (!lat.ys.empty())
            detail
                += tr(", b ∈ [%1, %2]").arg(formatNumber(lat.yMin, 6), formatNumber(lat.yMax, 6));
        detail += m_scene.clampVisible(li) ? tr(" (shaded outside)") : tr(" (beyond this view)");
        caption(detail);
    }
    y += 4;
    heading(tr("Training loss (full precision)"));
    if (!m_surface.heat.isNull()) {
        const QRectF bar(x, y, std::min(160.0, box.width() - 80), 12);
        QLinearGradient g(bar.topLeft(), bar.topRight());
        for (int k = 0; k <= 6; ++k)
            g.setColorAt(k / 6.0, WeightPlaneSurface::heatColor(k / 6.0));
        p.setPen(QColor(0x8a, 0x92, 0x9a));
        p.setBrush(g);
        p.drawRect(bar);
        p.setFont(small);
        p.setPen(QColor(0x3a, 0x42, 0x4a));
        p.drawText(QPointF(bar.left(), bar.bottom() + 3 + fs.ascent()),
            formatNumber(m_surface.lossMin, 3));
        const QString hi = formatNumber(m_surface.lossMax, 3);
        p.drawText(
            QPointF(bar.right() - fs.horizontalAdvance(hi), bar.bottom() + 3 + fs.ascent()), hi);
        y = bar.bottom() + 6 + fs.height();
        caption(tr("log scale; thin lines are contours of equal loss"));
    } else {
        caption(tr("computing…"));
    }
    y += 2;
    p.setFont(small);
    p.setPen(QColor(0x5a, 0x64, 0x6e));
    p.drawText(QRectF(x, y, box.width() - 12, box.bottom() - y),
        Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop,
        tr("Hover a run's current point to see how its numbers are rounded."));
    p.restore();
}

QString WeightPlaneWidget::explainRun(int run) const
{
    const WeightSnapshot* w = nullptr;
    for (const WeightSnapshot& s : m_snapshot.weights)
        if (s.run == run)
            w = &s;
    if (!w)
        return {};
    QString name;
    for (const Trace& t : m_scene.traces)
        if (t.run == run)
            name = t.name;
    QStringList parts;
    for (int k = 0; k < 2; ++k) {
        int tensor = 0;
        Index row = 0, col = 0;
        if (!WeightPlaneScene::locateScalar(*w, k, tensor, row, col))
            continue;
        const TensorSnapshot& ts = w->tensors[static_cast<std::size_t>(tensor)];
        const WeightExplanation e = WeightExplainer::explain(ts, row, col);
        parts << WeightExplainer::text(e,
            tr("%1 — %2 (%3)")
                .arg(name, k == 0 ? m_xName : m_yName, QString::fromStdString(ts.name)));
    }
    if (parts.isEmpty())
        return {};
    return parts.join(QStringLiteral("<hr>")) + tr("<br><i>snapshot of step %1</i>").arg(w->step);
}

QString WeightPlaneWidget::hoverText(const QPointF& pixel) const
{
    const QRectF plot = layoutFor(QRectF(rect())).plot;
    double best = 12.0;
    int bestRun = -1;
    for (const Trace& t : m_scene.traces) {
        if (!t.hasCurrent)
            continue;
        for (const QPointF& d : { t.current, t.latent ? t.currentLatent : t.current }) {
            const QPointF px = map(plot, d);
            const double dist = std::hypot(px.x() - pixel.x(), px.y() - pixel.y());
            if (dist < best) {
                best = dist;
                bestRun = t.run;
            }
        }
    }
    return bestRun < 0 ? QString() : explainRun(bestRun);
}

void WeightPlaneWidget::mouseMoveEvent(QMouseEvent* event)
{
    showHoverText(this, event->globalPosition().toPoint(), hoverText(event->position()));
}

void WeightPlaneWidget::leaveEvent(QEvent*)
{
    QToolTip::hideText();
}

} // namespace bitlab::ui
