#include "ui/views/block_band.h"

#include "ui/views/strip_colors.h"
#include "ui/views/tensor_strip_widget.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

using namespace strip;

void BlockBand::paint(QPainter& p, const QRectF& r, const QFont& font) const
{
    p.save();
    const QFontMetricsF fm(p.font());
    const auto cols = static_cast<Index>(data.bandValues.size());
    p.setPen(kInk);
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QPointF(r.left(), r.top() - 6),
        TensorStripWidget::tr(
            "Row %1, element by element: blocks of %2 share one scale (written on top); click a "
            "block to see its own grid")
            .arg(data.bandRow)
            .arg(data.blockSize));
    p.setFont(font);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xf6, 0xf6, 0xf4));
    p.drawRect(r);
    if (cols == 0) {
        p.restore();
        return;
    }
    const double cell = r.width() / static_cast<double>(cols);
    auto columnX = [&](double c) { return r.left() + c * cell; };
    const QColor accent = color.isValid() ? color : kInk;
    const Index selected = data.block >= 0 ? data.block % data.blocksPerRow : -1;
    if (selected >= 0) {
        QColor fill = accent;
        fill.setAlpha(40);
        const double a = columnX(static_cast<double>(data.blockFirstColumn(selected)));
        const double b = columnX(static_cast<double>(data.blockLastColumn(selected, cols) + 1));
        p.fillRect(QRectF(a, r.top(), b - a, r.height()), fill);
    }
    // Stems: each element's stored value, scaled to the row's largest magnitude.
    double maxAbs = 0;
    for (std::size_t c = 0; c < data.bandSnapped.size(); ++c)
        maxAbs = std::max({ maxAbs, std::abs(data.bandSnapped[c]), std::abs(data.bandValues[c]) });
    const QRectF stems = r.adjusted(0, 16, 0, -3);
    const double mid = stems.center().y();
    p.setPen(QPen(kFrame, 1));
    p.drawLine(QPointF(r.left(), mid), QPointF(r.right(), mid));
    const double half = stems.height() / 2;
    for (Index c = 0; c < cols; ++c) {
        const bool inSelected = selected >= 0 && c / data.blockSize == selected;
        const double x = columnX(static_cast<double>(c) + 0.5);
        const double v = maxAbs > 0 ? data.bandSnapped[static_cast<std::size_t>(c)] / maxAbs : 0;
        QPen pen(inSelected || selected < 0 ? accent : kMuted, std::clamp(0.6 * cell, 0.5, 3.0));
        p.setPen(pen);
        p.drawLine(QPointF(x, mid), QPointF(x, mid - v * half));
    }
    // Block boundaries and each block's scale.
    p.setPen(QPen(kClamp, 1.2, Qt::DashLine));
    for (Index b = 1; b < data.blocksPerRow; ++b) {
        const double x = columnX(static_cast<double>(data.blockFirstColumn(b)));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
    }
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    p.setFont(small);
    const QFontMetricsF sm(small);
    for (Index b = 0; b < data.blocksPerRow; ++b) {
        const double a = columnX(static_cast<double>(data.blockFirstColumn(b)));
        const double e = columnX(static_cast<double>(data.blockLastColumn(b, cols) + 1));
        const QString label = data.bandShortScales.at(static_cast<std::size_t>(b));
        if (sm.horizontalAdvance(label) + 4 > e - a)
            continue;
        p.setPen(b == selected ? kInk : kMuted);
        p.drawText(QRectF(a, r.top() + 1, e - a, sm.height()), Qt::AlignCenter, label);
    }
    p.setPen(QPen(kFrame, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    p.restore();
}

int BlockBand::blockAt(const QRectF& band, const QPointF& pixel) const
{
    const auto cols = static_cast<Index>(data.bandValues.size());
    if (band.isEmpty() || cols == 0 || !band.contains(pixel))
        return -1;
    const auto c = std::min<Index>(cols - 1,
        static_cast<Index>((pixel.x() - band.left()) / band.width() * static_cast<double>(cols)));
    return static_cast<int>(data.bandRow * data.blocksPerRow + c / data.blockSize);
}

QPointF BlockBand::blockPixel(const QRectF& band, int blockInRow) const
{
    const auto cols = static_cast<Index>(data.bandValues.size());
    if (band.isEmpty() || cols == 0 || blockInRow < 0 || blockInRow >= data.blocksPerRow)
        return {};
    const double first = static_cast<double>(data.blockFirstColumn(blockInRow));
    const double last = static_cast<double>(data.blockLastColumn(blockInRow, cols) + 1);
    return { band.left() + (first + last) / 2 / static_cast<double>(cols) * band.width(),
        band.center().y() };
}

} // namespace bitlab::ui
