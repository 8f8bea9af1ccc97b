#include "ui/views/boundary_render.h"

#include "ui/views/marching_squares.h"

#include <algorithm>
#include <cmath>

namespace bitlab::ui {

namespace {

QImage regionImage(const BoundaryRenderInput& in, const std::vector<std::uint8_t>& classes,
    const std::vector<float>& confidence)
{
    const int n = in.size;
    QImage image(n, n, QImage::Format_ARGB32);
    const double k = std::max(2, in.classCount);
    const double floor = 1.0 / k;
    for (int i = 0; i < n; ++i) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(i));
        for (int j = 0; j < n; ++j) {
            const std::size_t c = static_cast<std::size_t>(i) * n + j;
            const std::size_t cls = classes[c];
            const QRgb rgb = cls < in.classColors.size() ? in.classColors[cls] : 0xff888888;
            const double t = std::clamp((confidence[c] - floor) / (1.0 - floor), 0.0, 1.0);
            const int alpha = static_cast<int>(std::lround(40 + 150 * t));
            line[j] = qRgba(qRed(rgb), qGreen(rgb), qBlue(rgb), alpha);
        }
    }
    return image;
}

// Binary: marching squares on p(class 1) at the cell centres, iso-level 0.5.
QPainterPath binaryContour(const BoundaryRenderInput& in, const std::vector<std::uint8_t>& classes,
    const std::vector<float>& confidence)
{
    std::vector<double> p(classes.size());
    for (std::size_t c = 0; c < classes.size(); ++c)
        p[c] = classes[c] == 1 ? confidence[c] : 1.0 - confidence[c];
    QPainterPath path;
    const QPointF centre(0.5, 0.5); // sample (i, j) is the centre of cell (i, j)
    for (const QLineF& line : isoLines(p, in.size, in.size, 0.5)) {
        path.moveTo(line.p1() + centre);
        path.lineTo(line.p2() + centre);
    }
    return path;
}

// Any number of classes: the edges between neighbouring cells of different classes.
QPainterPath cellEdgeContour(int n, const std::vector<std::uint8_t>& classes)
{
    QPainterPath path;
    auto cls = [&](int i, int j) { return classes[static_cast<std::size_t>(i) * n + j]; };
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            if (j + 1 < n && cls(i, j) != cls(i, j + 1)) {
                path.moveTo(j + 1, i);
                path.lineTo(j + 1, i + 1);
            }
            if (i + 1 < n && cls(i, j) != cls(i + 1, j)) {
                path.moveTo(j, i + 1);
                path.lineTo(j + 1, i + 1);
            }
        }
    return path;
}

QPainterPath contour(const BoundaryRenderInput& in, const std::vector<std::uint8_t>& classes,
    const std::vector<float>& confidence)
{
    return in.classCount <= 2 ? binaryContour(in, classes, confidence)
                              : cellEdgeContour(in.size, classes);
}

} // namespace

BoundaryRender renderBoundary(const BoundaryRenderInput& in)
{
    BoundaryRender out;
    out.token = in.token;
    const std::size_t cells = static_cast<std::size_t>(in.size) * in.size;
    if (in.size <= 0 || in.classesA.size() != cells || in.confidenceA.size() != cells)
        return out;
    out.size = in.size;
    out.regionsA = regionImage(in, in.classesA, in.confidenceA);
    out.contourA = contour(in, in.classesA, in.confidenceA);
    if (in.classesB.size() != cells || in.confidenceB.size() != cells)
        return out;
    out.hasB = true;
    out.regionsB = regionImage(in, in.classesB, in.confidenceB);
    out.contourB = contour(in, in.classesB, in.confidenceB);

    const int s = BoundaryRender::kHatchScale;
    const int n = in.size;
    out.disagreement = QImage(n * s, n * s, QImage::Format_ARGB32);
    out.disagreement.fill(Qt::transparent);
    // Diagonal stripes, 3 of every 8 pixels strong: reads as "hatched" at any zoom.
    const QRgb strong = qRgba(0x9C, 0x1F, 0x8E, 235), soft = qRgba(0xC8, 0x5B, 0xBB, 110);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const std::size_t c = static_cast<std::size_t>(i) * n + j;
            if (in.classesA[c] == in.classesB[c])
                continue;
            ++out.disagreeCells;
            for (int y = i * s; y < (i + 1) * s; ++y) {
                auto* line = reinterpret_cast<QRgb*>(out.disagreement.scanLine(y));
                for (int x = j * s; x < (j + 1) * s; ++x)
                    line[x] = ((x + y) % 8) < 3 ? strong : soft;
            }
        }
    return out;
}

} // namespace bitlab::ui
