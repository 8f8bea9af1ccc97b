#pragma once
// FlipsChart: the chart under a tensor strip: the fraction of a run's quantized weights that
// changed level at each step (at most two points per pixel column, min and max, as the loss
// chart draws), with the steps where its grid changed while paused marked. Texts in
// TensorStripWidget's translation context.

#include <QColor>
#include <QPointF>
#include <QString>
#include <cstdint>
#include <utility>
#include <vector>

class QFont;
class QPainter;
class QRectF;

namespace bitlab::ui {

struct FlipsChart {
    QString runName;
    QColor color; // the run's (invalid: ink)
    std::vector<QPointF> fractions; // (step, fraction of the quantized weights)
    std::int64_t lastStep = 0; // the x axis's end
    std::vector<std::pair<std::int64_t, QString>> gridChanges; // step, the new grid
    bool quantized = true; // false: full precision, nothing flips

    void paint(QPainter& p, const QRectF& r, const QFont& font) const;
};

} // namespace bitlab::ui
