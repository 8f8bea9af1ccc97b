#include "ui/views/boundary_canvas.h"

#include "ui/text_format.h"

#include <QFontMetricsF>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

namespace {
constexpr double kMargin = 12;
constexpr double kCaption = 24;
constexpr double kTitle = 38;
constexpr double kYAxis = 64; // tick labels + rotated feature name
constexpr double kXAxis = 44; // tick labels + feature name
constexpr double kLegendLine = 30; // one line of legend entries
constexpr double kGap = 28;
const QColor kInk(0x33, 0x33, 0x33);
const QColor kMuted(0x66, 0x66, 0x66);

double niceStep(double span, int target)
{
    if (!(span > 0))
        return 1.0;
    const double raw = span / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double r = raw / mag;
    const double nice = r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10;
    return nice * mag;
}

std::vector<double> ticks(double lo, double hi, int target)
{
    std::vector<double> out;
    const double step = niceStep(hi - lo, target);
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

double pointRadius(std::size_t n)
{
    return n <= 600 ? 3.6 : n <= 2500 ? 2.6 : n <= 8000 ? 1.8 : 1.3;
}
} // namespace

BoundaryCanvas::BoundaryCanvas(QWidget* parent)
    : QWidget(parent)
{
    setMinimumSize(420, 300);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void BoundaryCanvas::setScene(BoundaryScene scene)
{
    m_scene = std::move(scene);
    update();
}

void BoundaryCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    paint(p, QSizeF(size()));
}

std::vector<QRectF> BoundaryCanvas::panelRects(const QSizeF& size) const
{
    const bool two = !m_scene.overlay && !m_scene.nameB.isEmpty();
    const int panels = two ? 2 : 1;
    std::vector<LegendItem> legend = legendEntries();
    const double chrome
        = kCaption + kTitle + kXAxis + placeLegend(legend, kMargin, 0, size.width() - 2 * kMargin);
    const double availH = size.height() - 2 * kMargin - chrome;
    const double availW = (size.width() - 2 * kMargin - (panels - 1) * kGap) / panels - kYAxis;
    const double side = std::max(60.0, std::min(availH, availW));
    // The whole block (caption, panels, axes, legend) is centred in the canvas.
    const double total = panels * (kYAxis + side) + (panels - 1) * kGap;
    const double top = std::max(kMargin, (size.height() - side - chrome) / 2) + kCaption + kTitle;
    double x = std::max(kMargin, (size.width() - total) / 2);
    std::vector<QRectF> rects;
    for (int i = 0; i < panels; ++i) {
        rects.emplace_back(x + kYAxis, top, side, side);
        x += kYAxis + side + kGap;
    }
    if (panels == 1)
        rects.emplace_back();
    return rects;
}

QPointF BoundaryCanvas::map(const QRectF& rect, double x, double y) const
{
    const double dx = m_scene.xMax - m_scene.xMin, dy = m_scene.yMax - m_scene.yMin;
    return { rect.left() + (x - m_scene.xMin) / (dx != 0 ? dx : 1) * rect.width(),
        rect.top() + (m_scene.yMax - y) / (dy != 0 ? dy : 1) * rect.height() };
}

void BoundaryCanvas::paint(QPainter& p, const QSizeF& size) const
{
    p.save();
    p.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    QFont base = font();
    p.setFont(base);

    if (!m_scene.message.isEmpty()) {
        QFont f = base;
        f.setPointSizeF(base.pointSizeF() * 1.15);
        p.setFont(f);
        p.setPen(kMuted);
        const double w = std::min(size.width() - 2 * kMargin, 560.0);
        const QRectF box((size.width() - w) / 2, kMargin, w, size.height() - 2 * kMargin);
        p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, m_scene.message);
        p.restore();
        return;
    }

    const std::vector<QRectF> rects = panelRects(size);
    const bool two = !rects[1].isEmpty();

    // Caption across the top.
    QFont bold = base;
    bold.setBold(true);
    p.setPen(kInk);
    const double left = rects[0].left() - kYAxis;
    const double right = (two ? rects[1] : rects[0]).right();
    const QRectF captionRect(left, rects[0].top() - kTitle - kCaption, right - left, kCaption);
    p.drawText(captionRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
        QFontMetricsF(p.font()).elidedText(m_scene.caption, Qt::ElideRight, captionRect.width()));

    paintPanel(p, rects[0], false, m_scene.overlay);
    if (two)
        paintPanel(p, rects[1], true, false);

    paintLegend(p, legendLayout(size));
    p.restore();
}

void BoundaryCanvas::paintPanel(QPainter& p, const QRectF& rect, bool second, bool overlay) const
{
    const BoundaryRender& r = m_scene.render;
    // Title: the run's colour, its name, and a note underneath.
    {
        QFont bold = font();
        bold.setBold(true);
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.9);
        const QColor color = second ? m_scene.colorB : m_scene.colorA;
        QString name = second ? m_scene.nameB : m_scene.nameA;
        QString note = second ? m_scene.noteB : m_scene.noteA;
        if (overlay) {
            name = tr("%1 vs %2").arg(m_scene.nameA, m_scene.nameB);
            QStringList notes;
            if (!m_scene.noteA.isEmpty())
                notes << m_scene.nameA + QStringLiteral(": ") + m_scene.noteA;
            if (!m_scene.noteB.isEmpty())
                notes << m_scene.nameB + QStringLiteral(": ") + m_scene.noteB;
            note = notes.join(QStringLiteral("   "));
        }
        const double titleTop = rect.top() - kTitle;
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        if (!overlay)
            p.drawRoundedRect(QRectF(rect.left(), titleTop + 5, 12, 12), 2, 2);
        p.setFont(bold);
        p.setPen(kInk);
        p.drawText(QRectF(rect.left() + (overlay ? 0 : 18), titleTop, rect.width(), 20),
            Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, name);
        p.setFont(small);
        p.setPen(kMuted);
        const QString elided = QFontMetricsF(small).elidedText(note, Qt::ElideRight, rect.width());
        p.drawText(QRectF(rect.left(), titleTop + 19, rect.width(), 16),
            Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, elided);
        p.setFont(font());
    }

    p.save();
    p.setClipRect(rect);
    p.fillRect(rect, QColor(0xFA, 0xFA, 0xFA));
    const QImage& regions = second ? r.regionsB : r.regionsA;
    if (r.size > 0 && !regions.isNull()) {
        if (overlay)
            p.setOpacity(0.75);
        p.drawImage(rect, regions);
        p.setOpacity(1.0);
    }
    QTransform toRect;
    if (r.size > 0) {
        toRect.translate(rect.left(), rect.top());
        toRect.scale(rect.width() / r.size, rect.height() / r.size);
    }
    if (overlay && r.hasB && !r.disagreement.isNull())
        p.drawImage(rect, r.disagreement);
    if (r.size > 0) {
        auto stroke = [&](const QPainterPath& path, const QColor& color, double width) {
            if (path.isEmpty())
                return;
            // A white halo keeps the line readable over any region colour.
            const QPainterPath mapped = toRect.map(path);
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(QColor(255, 255, 255, 200), width + 2.0, Qt::SolidLine, Qt::RoundCap,
                Qt::RoundJoin));
            p.drawPath(mapped);
            p.setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.drawPath(mapped);
        };
        if (overlay) {
            stroke(r.contourA, m_scene.colorA.darker(110), 1.8);
            if (r.hasB)
                stroke(r.contourB, m_scene.colorB, 1.8);
        } else {
            stroke(second ? r.contourB : r.contourA, kInk, 1.4);
        }
    }

    // Data points: train filled, test hollow, coloured by their true class.
    if (m_scene.showPoints) {
        const double radius = pointRadius(m_scene.pointX.size());
        for (int pass = 0; pass < 2; ++pass) { // train first, test on top
            for (std::size_t i = 0; i < m_scene.pointX.size(); ++i) {
                const bool test = i < m_scene.pointIsTest.size() && m_scene.pointIsTest[i];
                if (test != (pass == 1))
                    continue;
                const int cls = i < m_scene.pointClass.size() ? m_scene.pointClass[i] : -1;
                const QColor color = cls >= 0 && cls < int(m_scene.classColors.size())
                    ? m_scene.classColors[static_cast<std::size_t>(cls)]
                    : kMuted;
                const QPointF at = map(rect, m_scene.pointX[i], m_scene.pointY[i]);
                if (test) {
                    p.setBrush(Qt::NoBrush);
                    p.setPen(QPen(color.darker(135), 1.6));
                } else {
                    p.setBrush(color);
                    p.setPen(QPen(Qt::white, 0.8));
                }
                p.drawEllipse(at, radius, radius);
            }
        }
    }
    p.restore();

    p.setPen(QPen(QColor(0x99, 0x99, 0x99), 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect);
    paintAxes(p, rect, true);
}

void BoundaryCanvas::paintAxes(QPainter& p, const QRectF& rect, bool yLabels) const
{
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(small);
    const QFontMetricsF fm(small);
    p.setPen(QPen(kMuted, 1.0));
    for (double v : ticks(m_scene.xMin, m_scene.xMax, 5)) {
        const double x = map(rect, v, m_scene.yMin).x();
        p.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 4));
        p.drawText(
            QRectF(x - 30, rect.bottom() + 5, 60, fm.height()), Qt::AlignHCenter, formatNumber(v));
    }
    if (yLabels) {
        for (double v : ticks(m_scene.yMin, m_scene.yMax, 5)) {
            const double y = map(rect, m_scene.xMin, v).y();
            p.drawLine(QPointF(rect.left() - 4, y), QPointF(rect.left(), y));
            p.drawText(QRectF(rect.left() - 46, y - fm.height() / 2, 40, fm.height()),
                Qt::AlignRight | Qt::AlignVCenter, formatNumber(v));
        }
    }
    p.setFont(font());
    p.setPen(kInk);
    const QFontMetricsF big(font());
    p.drawText(QRectF(rect.left(), rect.bottom() + 6 + fm.height(), rect.width(), big.height()),
        Qt::AlignHCenter, m_scene.xName);
    if (yLabels) {
        p.save();
        p.translate(rect.left() - kYAxis + 2, rect.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-rect.height() / 2, 0, rect.height(), big.height()), Qt::AlignHCenter,
            m_scene.yName);
        p.restore();
    }
}

std::vector<BoundaryCanvas::LegendItem> BoundaryCanvas::legendEntries() const
{
    std::vector<LegendItem> entries;
    const auto add = [&entries](int kind, const QColor& color, const QString& text) {
        LegendItem e;
        e.kind = kind;
        e.color = color;
        e.text = text;
        entries.push_back(std::move(e));
    };
    for (std::size_t c = 0; c < m_scene.classLabels.size() && c < m_scene.classColors.size(); ++c)
        add(0, m_scene.classColors[c], tr("class %1").arg(m_scene.classLabels[c]));
    if (m_scene.showPoints) {
        add(1, kMuted, tr("train"));
        add(2, kMuted, tr("test"));
    }
    if (m_scene.overlay) {
        add(3, m_scene.colorA.darker(110), tr("%1 boundary").arg(m_scene.nameA));
        if (!m_scene.nameB.isEmpty()) {
            add(3, m_scene.colorB, tr("%1 boundary").arg(m_scene.nameB));
            add(4, QColor(0x9C, 0x1F, 0x8E), tr("the runs disagree"));
        }
    } else {
        add(3, kInk, tr("decision boundary"));
    }
    add(5, kMuted, tr("shade: confidence"));
    return entries;
}

double BoundaryCanvas::placeLegend(
    std::vector<LegendItem>& items, double left, double top, double width) const
{
    const QFontMetricsF fm(font());
    const double symbol = 16, pad = 6, spacing = 18;
    const auto textWidth
        = [&](const LegendItem& e) { return std::ceil(fm.horizontalAdvance(e.text)) + 2; };
    const auto itemWidth
        = [&](const LegendItem& e) { return (e.kind == 5 ? 0 : symbol + pad) + textWidth(e); };
    // Greedy lines: as many entries as fit, then the next line; each line centred.
    std::size_t first = 0;
    double y = top;
    while (first < items.size()) {
        std::size_t last = first;
        double lineWidth = itemWidth(items[first]);
        while (last + 1 < items.size() && lineWidth + spacing + itemWidth(items[last + 1]) <= width)
            lineWidth += spacing + itemWidth(items[++last]);
        double x = left + std::max(0.0, (width - lineWidth) / 2);
        const double cy = y + kLegendLine / 2;
        for (std::size_t i = first; i <= last; ++i) {
            LegendItem& e = items[i];
            if (e.kind != 5) {
                e.symbol = QRectF(x, cy - symbol / 2, symbol, symbol);
                x += symbol + pad;
            }
            e.textRect = QRectF(x, y, textWidth(e), kLegendLine);
            x += textWidth(e) + spacing;
        }
        y += kLegendLine;
        first = last + 1;
    }
    return std::max(kLegendLine, y - top);
}

std::vector<BoundaryCanvas::LegendItem> BoundaryCanvas::legendLayout(const QSizeF& size) const
{
    std::vector<LegendItem> items = legendEntries();
    const std::vector<QRectF> rects = panelRects(size);
    placeLegend(items, kMargin, rects[0].bottom() + kXAxis, size.width() - 2 * kMargin);
    return items;
}

void BoundaryCanvas::paintLegend(QPainter& p, const std::vector<LegendItem>& items) const
{
    for (const LegendItem& e : items) {
        const QRectF& sym = e.symbol;
        const double cy = sym.center().y();
        switch (e.kind) {
        case 0: {
            QColor fill = e.color;
            fill.setAlpha(150);
            p.setPen(QPen(e.color.darker(120), 1.0));
            p.setBrush(fill);
            p.drawRect(sym.adjusted(1, 1, -1, -1));
            break;
        }
        case 1:
            p.setPen(QPen(Qt::white, 0.8));
            p.setBrush(e.color);
            p.drawEllipse(sym.center(), 4.0, 4.0);
            break;
        case 2:
            p.setPen(QPen(e.color, 1.6));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(sym.center(), 4.0, 4.0);
            break;
        case 3:
            p.setPen(QPen(e.color, 2.0));
            p.drawLine(QPointF(sym.left(), cy), QPointF(sym.right(), cy));
            break;
        case 4: {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0xC8, 0x5B, 0xBB, 110));
            p.drawRect(sym.adjusted(1, 1, -1, -1));
            p.setBrush(QBrush(e.color, Qt::BDiagPattern));
            p.drawRect(sym.adjusted(1, 1, -1, -1));
            break;
        }
        default:
            break;
        }
        p.setPen(e.kind == 5 ? kMuted : kInk);
        p.drawText(e.textRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, e.text);
    }
}

} // namespace bitlab::ui
