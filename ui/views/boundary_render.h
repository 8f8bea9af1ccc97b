#pragma once
// BoundaryRender: the decision regions of two runs turned into pictures, for the Boundary
// view. renderBoundary() is a pure function of its input: the view runs it on a
// QtConcurrent worker thread (never on the UI thread) and applies the result on the UI
// thread when it arrives. Everything it returns is in GRID coordinates: x = column and
// y = row, both in [0, size] with row 0 at the top, so the painter maps the grid square
// onto the plot rectangle with one transform.
//
// - regions: one size x size image per run, each cell the colour of its predicted class
//   with an alpha that grows with the model's confidence c in that class:
//   alpha = 40 + 150 * (c - 1/K) / (1 - 1/K)   (K classes, at least 2).
// - contour: where the predicted class changes. Binary: the p(class 1) = 0.5 line by
//   marching squares over the cell centres (linear interpolation); more classes: the cell
//   edges between cells of different classes.
// - disagreement: cells where the two runs predict different classes, as a hatched image
//   (kHatchScale pixels per cell) and as a count.

#include <QColor>
#include <QImage>
#include <QPainterPath>
#include <cstdint>
#include <vector>

namespace bitlab::ui {

struct BoundaryRenderInput {
    quint64 token = 0; // echoed in the result; the view drops results of older requests
    int size = 0; // cells per side
    int classCount = 2;
    std::vector<QRgb> classColors; // at least classCount entries
    std::vector<std::uint8_t> classesA, classesB; // B empty: one run only
    std::vector<float> confidenceA, confidenceB;
};

struct BoundaryRender {
    static constexpr int kHatchScale = 4;

    quint64 token = 0;
    int size = 0;
    QImage regionsA, regionsB;
    QPainterPath contourA, contourB;
    QImage disagreement; // (size * kHatchScale)^2, transparent where the runs agree
    std::int64_t disagreeCells = 0;
    bool hasB = false;

    double disagreementFraction() const
    {
        return size > 0 ? static_cast<double>(disagreeCells) / (double(size) * size) : 0.0;
    }
};

BoundaryRender renderBoundary(const BoundaryRenderInput& input);

} // namespace bitlab::ui
