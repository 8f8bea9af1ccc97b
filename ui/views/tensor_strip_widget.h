#pragma once
// TensorStripWidget: one tensor of one run over its quantization grid, for any model.
// Top: a histogram with exactly one bin per representable level (never rebinned; thousands
// of levels are drawn at sub-pixel width). Middle: every weight at its latent value on a
// number line with a tick at each level and a short line to the level it snaps to, coloured
// by how often it changed level (counted across the snapshots this widget has seen); the
// clamp limits drawn through both. Block-scaled tensors (mx, nvfp4) get a band above the
// histogram: one row of the tensor element by element, its block boundaries and each block's
// scale; a block chosen there (or by setSelection) narrows the histogram and the number line
// to that block's weights and its own grid (the whole tensor shows the union of the blocks'
// grids). Bottom: the run's flips per step (the fraction of its
// quantized weights that changed level) with the steps where its grid changed marked.
// Hover a weight for the "explain this number" tooltip. paint() draws the same picture on
// any QPainter (screen, 2x PNG, SVG).

#include "ui/live_snapshot.h"
#include "ui/views/tensor_strip_data.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QWidget>
#include <algorithm>
#include <cstdint>
#include <vector>

namespace bitlab::ui {

class RunHistory;

class TensorStripWidget : public QWidget {
    Q_OBJECT
public:
    explicit TensorStripWidget(QWidget* parent = nullptr);

    // Takes the latest snapshot (counting level changes), the selected run's flips and grid
    // changes. Call with every refresh.
    void updateFrom(const RunHistory& history);
    // Which run, tensor and channel to draw (channel: per-channel grids only; block: the
    // block of a block-scaled tensor, numbered row by row, -1 for the whole tensor).
    void setSelection(int run, int tensor, int channel, int block = -1);
    void clear();

    void paint(QPainter& p, const QRectF& rect) const;
    QSize sizeHint() const override { return { 900, 640 }; }

    // What the chart shows, for tests.
    const TensorStripData& data() const { return m_data; }
    const std::vector<double>& levels() const { return m_data.levels; } // of the channel
    const std::vector<int>& histogram() const { return m_data.counts; } // one bin per level
    int weightCount() const { return static_cast<int>(m_data.values.size()); } // shown weights
    // The number line draws at most kMaxDrawnDots of them as dots: every drawStride()-th
    // (W4's 100,352 first-layer weights took 0.6 s per paint, the window frozen meanwhile);
    // the histogram counts them all. Hover finds the dots drawn.
    static constexpr int kMaxDrawnDots = 4096;
    int drawStride() const
    {
        return std::max(1, (weightCount() + kMaxDrawnDots - 1) / kMaxDrawnDots);
    }
    int drawnCount() const { return (weightCount() + drawStride() - 1) / drawStride(); }
    double clampMin() const { return m_data.levels.empty() ? 0 : m_data.levels.front(); }
    double clampMax() const { return m_data.levels.empty() ? 0 : m_data.levels.back(); }
    std::vector<QPointF> flipFractions() const; // (step, fraction of weights per step)
    int levelChanges(int weight) const; // changes counted for drawn weight i
    QString hoverTextFor(int weight) const; // explanation of drawn weight i
    QString hoverText(const QPointF& pixel) const;
    QPointF weightPixel(int weight) const; // the dot of drawn weight i in widget pixels
    QStringList legendTexts() const;
    // Block-scaled tensors: the block under a pixel of the block band (numbered row by row;
    // -1: none), and the centre of block b of the band's row in widget pixels.
    int blockAt(const QPointF& pixel) const;
    QPointF blockPixel(int blockInRow) const;
    // The subtitle line under the title (what the histogram and the number line show).
    QString subtitle() const;

signals:
    // A click on a block of the band: the view should select it (row by row numbering).
    void blockClicked(int block);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Layout {
        QRectF title, legend, blocks, histogram, line, flips; // blocks: empty without blocks
    };
    Layout layoutFor(const QRectF& rect) const;
    double xPixel(const QRectF& area, double value) const;
    QPointF dotPixel(const Layout& l, int i) const;
    void rebuild();
    const TensorSnapshot* selectedTensor() const;
    void drawHistogram(QPainter& p, const QRectF& r) const;
    void drawLine(QPainter& p, const QRectF& r) const;
    void drawLegend(QPainter& p, const QRectF& r) const;

    LiveSnapshot m_snapshot;
    std::uint64_t m_snapshotRevision = ~0ull;
    LevelChangeCounter m_levelChanges;
    int m_run = 0, m_tensor = 0, m_channel = 0, m_block = -1;
    QString m_runName;
    QColor m_runColor;
    TensorStripData m_data; // the selection, resolved
    std::vector<double> m_flipSteps, m_flipValues;
    std::vector<std::pair<std::int64_t, QString>> m_gridChanges;
    std::int64_t m_lastStep = 0;
};

} // namespace bitlab::ui
