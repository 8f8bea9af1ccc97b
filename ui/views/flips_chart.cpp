#include "ui/views/flips_chart.h"

#include "ui/text_format.h"
#include "ui/views/axis_ticks.h"
#include "ui/views/strip_colors.h"
#include "ui/views/tensor_strip_widget.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>

namespace bitlab::ui {

using namespace strip;

void FlipsChart::paint(QPainter& p, const QRectF& r, const QFont& font) const
{
    p.save();
    const QFontMetricsF fm(p.font());
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(kInk);
    p.drawText(QPointF(r.left(), r.top() - 8),
        TensorStripWidget::tr(
            "Flips per step: fraction of %1's quantized weights that changed level")
            .arg(runName));
    p.setFont(font);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xf6, 0xf6, 0xf4));
    p.drawRect(r);
    const std::vector<QPointF>& pts = fractions;
    const double xMax = std::max<double>(1.0, static_cast<double>(lastStep));
    double yMax = 0;
    for (const QPointF& q : pts)
        yMax = std::max(yMax, q.y());
    yMax = yMax > 0 ? yMax * 1.1 : 0.05;
    auto map = [&](double x, double y) {
        return QPointF(r.left() + x / xMax * r.width(), r.bottom() - y / yMax * r.height());
    };
    p.setPen(kInk);
    for (double t : niceTicks(0, yMax, std::max(1, int(r.height() / 30)))) {
        const QPointF a = map(0, t);
        p.setPen(QColor(0xe0, 0xe0, 0xdc));
        p.drawLine(a, QPointF(r.right(), a.y()));
        p.setPen(kInk);
        const QString s = formatNumber(t, 6);
        p.drawText(QPointF(r.left() - 6 - fm.horizontalAdvance(s), a.y() + fm.ascent() / 2 - 1), s);
    }
    for (double t : niceTicks(0, xMax, std::max(2, int(r.width() / 90)))) {
        const QPointF a = map(t, 0);
        p.drawLine(a, a + QPointF(0, 4));
        const QString s = formatNumber(t, 6);
        p.drawText(QPointF(a.x() - fm.horizontalAdvance(s) / 2, r.bottom() + 6 + fm.ascent()), s);
    }
    p.drawText(QRectF(r.left(), r.bottom() + 6 + fm.height(), r.width(), fm.height() + 2),
        Qt::AlignRight, TensorStripWidget::tr("step"));
    // Grid changes made while paused.
    for (const auto& [step, what] : gridChanges) {
        const QPointF a = map(static_cast<double>(step), 0);
        p.setPen(QPen(kClamp, 1.2, Qt::DashLine));
        p.drawLine(QPointF(a.x(), r.top()), QPointF(a.x(), r.bottom()));
        p.setPen(kClamp);
        p.drawText(QPointF(a.x() + 4, r.top() + fm.ascent() + 2),
            TensorStripWidget::tr("grid → %1").arg(what));
    }
    if (!quantized) {
        p.setPen(kMuted);
        p.drawText(r, Qt::AlignCenter, TensorStripWidget::tr("full precision: no grid, no flips"));
    } else if (!pts.empty()) {
        // At most two points per pixel column (min and max), as the loss chart does.
        QPolygonF poly;
        const int columns = std::max(1, static_cast<int>(r.width()));
        int column = -1;
        double lo = 0, hi = 0, cx = 0;
        auto flush = [&] {
            if (column < 0)
                return;
            poly << map(cx, hi);
            if (lo != hi)
                poly << map(cx, lo);
        };
        for (const QPointF& q : pts) {
            const int col = std::min(columns - 1, static_cast<int>(q.x() / xMax * columns));
            if (col != column) {
                flush();
                column = col;
                lo = hi = q.y();
                cx = q.x();
            } else {
                lo = std::min(lo, q.y());
                hi = std::max(hi, q.y());
            }
        }
        flush();
        QPen pen(color.isValid() ? color : kInk, 1.6);
        pen.setJoinStyle(Qt::RoundJoin);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(poly);
    }
    p.setPen(QPen(kFrame, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    p.restore();
}

} // namespace bitlab::ui
