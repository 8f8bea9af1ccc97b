#pragma once
// BlockBand: the band above a block-scaled tensor's histogram (mx, nvfp4): one row of the
// tensor element by element as stems, its block boundaries and each block's scale on top,
// the selected block lit; and which block lies under a pixel of it. Texts in
// TensorStripWidget's translation context.

#include "ui/views/tensor_strip_data.h"

#include <QColor>
#include <QPointF>
#include <QRectF>

class QFont;
class QPainter;

namespace bitlab::ui {

struct BlockBand {
    const TensorStripData& data;
    QColor color; // the run's (invalid: ink)

    void paint(QPainter& p, const QRectF& r, const QFont& font) const;
    // The block under `pixel` of the band drawn in `band` (numbered row by row; -1: none).
    int blockAt(const QRectF& band, const QPointF& pixel) const;
    // The centre of block b of the band's row.
    QPointF blockPixel(const QRectF& band, int blockInRow) const;
};

} // namespace bitlab::ui
