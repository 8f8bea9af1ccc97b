#include "ui/views/tensor_strip_widget.h"

#include "ui/run_history.h"
#include "ui/text_format.h"
#include "ui/views/axis_ticks.h"
#include "ui/views/block_band.h"
#include "ui/views/drawn_canvas.h"
#include "ui/views/flips_chart.h"
#include "ui/views/strip_colors.h"
#include "ui/views/weight_explainer.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

using namespace strip;

namespace {

// Blue for weights seen at one level, through amber to red for restless ones.
QColor changeColor(int changes)
{
    if (changes <= 0)
        return QColor(0x4f, 0x7c, 0xac);
    const double t = std::min(1.0, std::log2(1.0 + changes) / std::log2(17.0));
    const QColor a(0xe6, 0x9f, 0x00), b(0xc0, 0x39, 0x2b);
    return QColor::fromRgbF(static_cast<float>(a.redF() + t * (b.redF() - a.redF())),
        static_cast<float>(a.greenF() + t * (b.greenF() - a.greenF())),
        static_cast<float>(a.blueF() + t * (b.blueF() - a.blueF())));
}

// A fixed pseudo-random height in [0, 1) per weight, so dots do not sit on each other.
double jitter(int i)
{
    const double x = std::sin(static_cast<double>(i) * 12.9898 + 78.233) * 43758.5453;
    return x - std::floor(x);
}

} // namespace

TensorStripWidget::TensorStripWidget(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(520, 420);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void TensorStripWidget::clear()
{
    m_snapshot = {};
    m_snapshotRevision = ~0ull;
    m_levelChanges.clear();
    m_flipSteps.clear();
    m_flipValues.clear();
    m_gridChanges.clear();
    m_lastStep = 0;
    rebuild();
}

void TensorStripWidget::setSelection(int run, int tensor, int channel, int block)
{
    m_run = std::max(0, run);
    m_tensor = std::max(0, tensor);
    m_channel = std::max(0, channel);
    m_block = std::max(-1, block);
    rebuild();
}

void TensorStripWidget::updateFrom(const RunHistory& history)
{
    if (history.snapshotRevision() != m_snapshotRevision) {
        m_snapshotRevision = history.snapshotRevision();
        m_snapshot = history.snapshot();
        m_levelChanges.add(m_snapshot);
    }
    m_flipSteps.clear();
    m_flipValues.clear();
    m_gridChanges.clear();
    m_lastStep = history.lastStep();
    if (m_run < history.runCount()) {
        const RunTrace& run = history.run(m_run);
        m_runName = run.name;
        m_runColor = run.color;
        const MetricTrace& flips = run.metric(Metric::Flips);
        m_flipSteps = flips.steps;
        m_flipValues = flips.values;
        for (const RunTrace::GridChange& g : run.gridChanges)
            m_gridChanges.emplace_back(g.step, g.description);
    }
    rebuild();
}

const TensorSnapshot* TensorStripWidget::selectedTensor() const
{
    return TensorStripData::find(m_snapshot, m_run, m_tensor);
}

void TensorStripWidget::rebuild()
{
    m_data
        = TensorStripData::build(m_snapshot, m_levelChanges, m_run, m_tensor, m_channel, m_block);
    update();
}

std::vector<QPointF> TensorStripWidget::flipFractions() const
{
    std::vector<QPointF> out;
    if (m_data.quantizedCount <= 0)
        return out;
    double prev = 0;
    for (std::size_t i = 0; i < m_flipSteps.size(); ++i) {
        const double gap = std::max(1.0, m_flipSteps[i] - prev);
        out.emplace_back(
            m_flipSteps[i], i == 0 ? 0.0 : m_flipValues[i] / m_data.quantizedCount / gap);
        prev = m_flipSteps[i];
    }
    return out;
}

int TensorStripWidget::levelChanges(int weight) const
{
    return weight >= 0 && weight < static_cast<int>(m_data.changes.size())
        ? m_data.changes[static_cast<std::size_t>(weight)]
        : 0;
}

TensorStripWidget::Layout TensorStripWidget::layoutFor(const QRectF& r) const
{
    Layout l;
    const double left = r.left() + 84, right = r.right() - 28;
    // A subtitle wider than the picture (nvfp4's block scale in words) wraps onto a second
    // line, and everything below moves down by it.
    const double extra = QFontMetricsF(font()).horizontalAdvance(subtitle()) > r.width() - 32
        ? QFontMetricsF(font()).lineSpacing()
        : 0.0;
    l.title = QRectF(r.left() + 16, r.top() + 8, r.width() - 32, 46 + extra);
    l.legend = QRectF(left, r.top() + 58 + extra, right - left, 22);
    double top = r.top() + 92 + extra;
    if (m_data.blockSize > 0) { // the block band: a caption line, then the row's elements
        l.blocks = QRectF(left, top + 18, right - left, 58);
        top += 96;
    }
    const double avail = r.height() - (top - r.top()) - 46;
    const double h1 = avail * 0.30, h2 = avail * 0.34, gap = 40, h3 = avail - h1 - h2 - 2 * gap;
    l.histogram = QRectF(left, top, right - left, h1);
    l.line = QRectF(left, top + h1, right - left, h2);
    l.flips = QRectF(left, top + h1 + h2 + 2 * gap, right - left, std::max(40.0, h3));
    return l;
}

double TensorStripWidget::xPixel(const QRectF& area, double v) const
{
    return area.left() + (v - m_data.x0) / (m_data.x1 - m_data.x0) * area.width();
}

QPointF TensorStripWidget::dotPixel(const Layout& l, int i) const
{
    const QRectF band = l.line.adjusted(0, 10, 0, -26);
    return { xPixel(l.line, m_data.values[static_cast<std::size_t>(i)]),
        band.top() + jitter(i) * band.height() };
}

QPointF TensorStripWidget::weightPixel(int weight) const
{
    if (weight < 0 || weight >= weightCount())
        return {};
    return dotPixel(layoutFor(QRectF(rect())), weight);
}

void TensorStripWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    paint(p, QRectF(rect()));
}

void TensorStripWidget::paint(QPainter& p, const QRectF& rect) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect, Qt::white);
    const Layout l = layoutFor(rect);
    const TensorSnapshot* ts = selectedTensor();

    QFont titleFont = font();
    titleFont.setPointSizeF(font().pointSizeF() * 1.25);
    titleFont.setBold(true);
    p.setFont(titleFont);
    p.setPen(kInk);
    if (!ts) {
        p.drawText(l.title, Qt::AlignLeft | Qt::AlignTop, tr("Weights over their grid"));
        p.setFont(font());
        p.setPen(kMuted);
        p.drawText(rect, Qt::AlignCenter, tr("Run the experiment to see its weights."));
        p.restore();
        return;
    }
    QStringList dims;
    for (Index d : ts->shape)
        dims << QString::number(d);
    p.drawText(l.title, Qt::AlignLeft | Qt::AlignTop,
        tr("%1 [%2] of run %3")
            .arg(QString::fromStdString(ts->name), dims.join(QStringLiteral("×")), m_runName));
    p.setFont(font());
    p.setPen(kMuted);
    const QString sub = subtitle();
    p.drawText(l.title, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, sub);

    drawLegend(p, l.legend);
    if (!l.blocks.isEmpty())
        BlockBand { m_data, m_runColor }.paint(p, l.blocks, font());
    drawHistogram(p, l.histogram);
    drawLine(p, l.line);
    // Clamp limits through the histogram and the number line.
    if (!m_data.levels.empty()) {
        QPen pen(kClamp, 1.4, Qt::DashLine);
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.9);
        p.setFont(small);
        const QFontMetricsF fm(small);
        QStringList outside;
        for (int side = 0; side < 2; ++side) {
            const double v = side == 0 ? m_data.levels.front() : m_data.levels.back();
            if (v < m_data.x0 || v > m_data.x1) {
                outside << formatNumber(v, 6);
                continue;
            }
            const double x = xPixel(l.line, v);
            p.setPen(pen);
            p.drawLine(QPointF(x, l.histogram.top()), QPointF(x, l.line.bottom()));
            p.setPen(kClamp);
            const QString s = tr("clamp %1").arg(formatNumber(v));
            const double w = fm.horizontalAdvance(s);
            p.drawText(QPointF(side == 0 ? x + 4 : x - 4 - w, l.histogram.top() + fm.ascent()), s);
        }
        if (!outside.isEmpty()) {
            p.setPen(kClamp);
            const QString s
                = tr("clamp limits %1 lie outside this view").arg(outside.join(tr(" and ")));
            p.drawText(QPointF(l.histogram.right() - fm.horizontalAdvance(s),
                           l.histogram.top() + fm.ascent()),
                s);
        }
    }
    FlipsChart flips;
    flips.runName = m_runName;
    flips.color = m_runColor;
    flips.fractions = flipFractions();
    flips.lastStep = m_lastStep;
    flips.gridChanges = m_gridChanges;
    flips.quantized = m_data.quantizedCount != 0;
    flips.paint(p, l.flips, font());
    p.restore();
}

QString TensorStripWidget::subtitle() const
{
    const TensorSnapshot* ts = selectedTensor();
    if (!ts)
        return {};
    if (!ts->quantized)
        return tr("Not quantized in this run: no grid, the weights are used as they are. Step %1.")
            .arg(m_snapshot.step);
    QString sub;
    if (m_data.blockSize > 0 && m_data.block >= 0) {
        const Index b = m_data.block % m_data.blocksPerRow;
        const Index cols = ts->values.cols();
        sub = tr("Block %1 of row %2 (columns %3–%4): scale %5; its %6 levels, %7 weights drawn. "
                 "Step %8.")
                  .arg(b)
                  .arg(m_data.bandRow)
                  .arg(m_data.blockFirstColumn(b))
                  .arg(m_data.blockLastColumn(b, cols))
                  .arg(m_data.bandScaleTexts.at(static_cast<std::size_t>(b)))
                  .arg(m_data.levels.size())
                  .arg(drawnCount())
                  .arg(m_snapshot.step);
    } else if (m_data.blockSize > 0) {
        sub = tr("%1 blocks of %2, each with its own scale; ticks: what any block can store "
                 "(%3 levels). %4 weights drawn. Step %5.")
                  .arg(m_data.blockCount())
                  .arg(m_data.blockSize)
                  .arg(m_data.levels.size())
                  .arg(drawnCount())
                  .arg(m_snapshot.step);
    } else {
        const bool perChannel = ts->quant.channels() > 1;
        const auto c = static_cast<std::size_t>(
            perChannel ? std::min<int>(m_channel, int(ts->quant.channels()) - 1) : 0);
        sub = tr("%1 levels%2, scale s = %3, zero-point z = %4; %5 weights drawn. Step %6.")
                  .arg(m_data.levels.size())
                  .arg(perChannel ? tr(" in channel %1 of %2").arg(c).arg(ts->quant.channels())
                                  : QString())
                  .arg(formatNumber(ts->quant.scale[c], 6), formatNumber(ts->quant.zeroPoint[c], 6))
                  .arg(drawnCount())
                  .arg(m_snapshot.step);
    }
    if (drawStride() > 1)
        sub += QLatin1Char(' ')
            + tr("One weight in every %1 of its %2 is drawn as a dot; the histogram counts them "
                 "all.")
                  .arg(drawStride())
                  .arg(weightCount());
    if (m_data.clippedCount > 0)
        sub += QLatin1Char(' ')
            + tr("%n weight(s) outside the range (ringed): clipped to the outer level.", "",
                m_data.clippedCount);
    if (m_data.levels.empty() && !ts->levels.empty())
        sub += tr(" Too many levels to draw.");
    else if (m_data.levels.empty())
        sub = tr("Too many levels to list (over %1): histogram and ticks omitted. Step %2.")
                  .arg(kMaxSnapshotLevels)
                  .arg(m_snapshot.step);
    return sub;
}

void TensorStripWidget::drawLegend(QPainter& p, const QRectF& r) const
{
    p.save();
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.92);
    p.setFont(small);
    const QFontMetricsF fm(small);
    double x = r.left();
    const double cy = r.center().y();
    p.setPen(kInk);
    // Counted between the snapshots the view received (about ten a second), not every step
    // as the flips chart below: "never" would contradict its flips.
    const QString head = tr("level changes seen:");
    p.drawText(QPointF(x, cy + fm.ascent() / 2 - 1), head);
    x += fm.horizontalAdvance(head) + 8;
    const std::pair<int, QString> steps[]
        = { { 0, tr("none") }, { 1, tr("1") }, { 4, tr("4") }, { 16, tr("16+") } };
    for (const auto& [n, label] : steps) {
        p.setPen(Qt::NoPen);
        p.setBrush(changeColor(n));
        p.drawEllipse(QPointF(x + 5, cy), 4.5, 4.5);
        p.setPen(kInk);
        p.drawText(QPointF(x + 13, cy + fm.ascent() / 2 - 1), label);
        x += 13 + fm.horizontalAdvance(label) + 14;
    }
    x += 10;
    p.setPen(QPen(kMuted, 1));
    p.drawLine(QPointF(x, cy - 6), QPointF(x + 8, cy + 6));
    const QString snap = tr("line: to the level it snaps to");
    p.drawText(QPointF(x + 14, cy + fm.ascent() / 2 - 1), snap);
    x += 14 + fm.horizontalAdvance(snap) + 18;
    p.setPen(QPen(kClamp, 1.4, Qt::DashLine));
    p.drawLine(QPointF(x, cy - 7), QPointF(x, cy + 7));
    p.setPen(kInk);
    p.drawText(QPointF(x + 6, cy + fm.ascent() / 2 - 1), tr("clamp limits"));
    p.restore();
}

int TensorStripWidget::blockAt(const QPointF& pixel) const
{
    return BlockBand { m_data, m_runColor }.blockAt(layoutFor(QRectF(rect())).blocks, pixel);
}

QPointF TensorStripWidget::blockPixel(int blockInRow) const
{
    return BlockBand { m_data, m_runColor }.blockPixel(
        layoutFor(QRectF(rect())).blocks, blockInRow);
}

void TensorStripWidget::mousePressEvent(QMouseEvent* event)
{
    const int b = event->button() == Qt::LeftButton ? blockAt(event->position()) : -1;
    if (b < 0) {
        QWidget::mousePressEvent(event);
        return;
    }
    // A click on the block already shown goes back to the whole tensor.
    emit blockClicked(b == m_data.block ? -1 : b);
}

void TensorStripWidget::drawHistogram(QPainter& p, const QRectF& r) const
{
    p.save();
    const QRectF plot = r.adjusted(0, 16, 0, -6);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xf6, 0xf6, 0xf4));
    p.drawRect(plot);
    const int maxCount
        = m_data.counts.empty() ? 0 : *std::max_element(m_data.counts.begin(), m_data.counts.end());
    const QFontMetricsF fm(p.font());
    p.setPen(kMuted);
    p.save();
    p.translate(r.left() - 62, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2 - 20, -10, plot.height() + 40, 20), Qt::AlignCenter,
        tr("weights per level"));
    p.restore();
    if (m_data.levels.empty() || maxCount == 0) {
        p.drawText(plot, Qt::AlignCenter, tr("no grid: full-precision weights"));
        p.restore();
        return;
    }
    const QString top = QString::number(maxCount);
    p.drawText(
        QPointF(plot.left() - 8 - fm.horizontalAdvance(top), plot.top() + fm.ascent() / 2), top);
    p.drawText(QPointF(plot.left() - 8 - fm.horizontalAdvance(QStringLiteral("0")),
                   plot.bottom() + fm.ascent() / 2 - 2),
        QStringLiteral("0"));
    p.setClipRect(plot);
    // Exactly one bar per level; its width follows the gap to its neighbours, down to
    // sub-pixel widths when the levels are dense (never merged into wider bins).
    const QColor bar(0x6f, 0x8a, 0xa6);
    QColor empty(0x6f, 0x8a, 0xa6, 60);
    p.setPen(Qt::NoPen);
    const std::size_t n = m_data.levels.size();
    if (m_data.tooDense) {
        // Too many levels for a bar each: bars only where weights are, a pixel wide.
        for (std::size_t i = 0; i < n; ++i) {
            if (m_data.counts[i] == 0 || m_data.levels[i] < m_data.x0
                || m_data.levels[i] > m_data.x1)
                continue;
            const double h = static_cast<double>(m_data.counts[i]) / maxCount * (plot.height() - 4);
            p.fillRect(
                QRectF(xPixel(plot, m_data.levels[i]) - 0.75, plot.bottom() - h, 1.5, h), bar);
        }
        p.setClipping(false);
        p.setPen(kMuted);
        p.drawText(plot.adjusted(6, 2, -6, -2), Qt::AlignLeft | Qt::AlignTop,
            tr("%1 levels in view, too many to draw one bar each: bars only at the levels "
               "that hold weights")
                .arg(m_data.levelsInView));
        p.restore();
        return;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double v = m_data.levels[i];
        if (v < m_data.x0 || v > m_data.x1)
            continue;
        double gap = m_data.x1 - m_data.x0;
        if (i > 0)
            gap = std::min(gap, v - m_data.levels[i - 1]);
        if (i + 1 < n)
            gap = std::min(gap, m_data.levels[i + 1] - v);
        const double w = std::clamp(0.8 * gap / (m_data.x1 - m_data.x0) * plot.width(), 0.05, 36.0);
        const double x = xPixel(plot, v);
        const double h = static_cast<double>(m_data.counts[i]) / maxCount * (plot.height() - 4);
        if (m_data.counts[i] > 0)
            p.fillRect(QRectF(x - w / 2, plot.bottom() - h, w, h), bar);
        else
            p.fillRect(QRectF(x - w / 2, plot.bottom() - 2, w, 2), empty);
    }
    p.restore();
}

void TensorStripWidget::drawLine(QPainter& p, const QRectF& r) const
{
    p.save();
    const double axisY = r.bottom() - 22;
    const QFontMetricsF fm(p.font());
    // Level ticks on the number line (faint when dense; none when denser than pixels).
    if (!m_data.levels.empty() && !m_data.tooDense) {
        std::size_t inView = 0;
        for (double v : m_data.levels)
            inView += v >= m_data.x0 && v <= m_data.x1;
        const double spacing = r.width() / static_cast<double>(std::max<std::size_t>(1, inView));
        QPen tick(QColor(0x22, 0x2a, 0x33, spacing >= 4 ? 230 : 90));
        tick.setWidthF(spacing >= 4 ? 1.6 : 0.6);
        p.setPen(tick);
        for (double v : m_data.levels)
            if (v >= m_data.x0 && v <= m_data.x1) {
                const double x = xPixel(r, v);
                p.drawLine(QPointF(x, axisY - 10), QPointF(x, axisY + 3));
            }
    }
    p.setPen(QPen(kInk, 1.2));
    p.drawLine(QPointF(r.left(), axisY), QPointF(r.right(), axisY));
    // Weights: a short line to the level each snaps to, then the dot on top.
    const QRectF band = r.adjusted(0, 10, 0, -26);
    const int n = weightCount();
    const int stride = drawStride();
    const int drawn = drawnCount();
    const double alpha = drawn > 2000 ? 40 : drawn > 300 ? 80 : 140;
    const double radius = drawn > 2000 ? 1.6 : drawn > 300 ? 2.6 : 3.6;
    for (int i = 0; i < n; i += stride) {
        const QPointF d(xPixel(r, m_data.values[static_cast<std::size_t>(i)]),
            band.top() + jitter(i) * band.height());
        QColor c = changeColor(m_data.changes[static_cast<std::size_t>(i)]);
        c.setAlpha(static_cast<int>(alpha));
        p.setPen(QPen(c, 1));
        p.drawLine(d, QPointF(xPixel(r, m_data.snapped[static_cast<std::size_t>(i)]), axisY));
    }
    p.setPen(Qt::NoPen);
    for (int i = 0; i < n; i += stride) {
        const QPointF d(xPixel(r, m_data.values[static_cast<std::size_t>(i)]),
            band.top() + jitter(i) * band.height());
        QColor c = changeColor(m_data.changes[static_cast<std::size_t>(i)]);
        c.setAlpha(drawn > 2000 ? 160 : 230);
        p.setBrush(c);
        p.drawEllipse(d, radius, radius);
        if (m_data.clipped[static_cast<std::size_t>(i)]) { // outside the range: clipped
            p.setPen(QPen(kClamp, 1.4));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(d, radius + 2.2, radius + 2.2);
            p.setPen(Qt::NoPen);
        }
    }
    // Value axis under the line.
    p.setPen(kInk);
    for (double t : niceTicks(m_data.x0, m_data.x1, std::max(2, int(r.width() / 90)))) {
        const double x = xPixel(r, t);
        p.drawLine(QPointF(x, axisY), QPointF(x, axisY + 4));
        const QString s = formatNumber(t, 6);
        p.drawText(QPointF(x - fm.horizontalAdvance(s) / 2, axisY + 6 + fm.ascent()), s);
    }
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(r.left(), axisY + 8 + fm.height(), r.width(), fm.height() + 4),
        Qt::AlignCenter,
        tr("weight value (dots: the float each weight keeps; ticks: the values the grid can "
           "store)"));
    p.restore();
}

QStringList TensorStripWidget::legendTexts() const
{
    return { tr("level changes seen:"), tr("none"), tr("1"), tr("line: to the level it snaps to"),
        tr("clamp limits"), tr("weights per level") };
}

QString TensorStripWidget::hoverTextFor(int weight) const
{
    const TensorSnapshot* ts = selectedTensor();
    if (!ts || weight < 0 || weight >= weightCount())
        return {};
    const auto i = static_cast<std::size_t>(weight);
    const WeightExplanation e = WeightExplainer::explain(*ts, m_data.rows[i], m_data.cols[i]);
    return WeightExplainer::text(e,
               tr("%1 — %2[%3, %4]")
                   .arg(m_runName, QString::fromStdString(ts->name))
                   .arg(m_data.rows[i])
                   .arg(m_data.cols[i]))
        + tr("<br>seen at a new level %1 times (between the snapshots received, about ten a "
             "second; the flips chart counts every step)")
              .arg(m_data.changes[i]);
}

QString TensorStripWidget::hoverText(const QPointF& pixel) const
{
    const Layout l = layoutFor(QRectF(rect()));
    double best = 8.0;
    int found = -1;
    const int stride = drawStride();
    for (int i = 0; i < weightCount(); i += stride) {
        const QPointF d = dotPixel(l, i);
        const double dist = std::hypot(d.x() - pixel.x(), d.y() - pixel.y());
        if (dist < best) {
            best = dist;
            found = i;
        }
    }
    return found < 0 ? QString() : hoverTextFor(found);
}

void TensorStripWidget::mouseMoveEvent(QMouseEvent* event)
{
    showHoverText(this, event->globalPosition().toPoint(), hoverText(event->position()));
}

void TensorStripWidget::leaveEvent(QEvent*)
{
    QToolTip::hideText();
}

} // namespace bitlab::ui
