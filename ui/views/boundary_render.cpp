#include "ui/views/boundary_render.h"

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
    const int n = in.size;
    std::vector<double> p(classes.size());
    for (std::size_t c = 0; c < classes.size(); ++c)
        p[c] = classes[c] == 1 ? confidence[c] : 1.0 - confidence[c];
    auto at = [&](int i, int j) { return p[static_cast<std::size_t>(i) * n + j]; };
    // The crossing on the edge between centres a (value va) and b (value vb).
    auto cross = [](QPointF a, QPointF b, double va, double vb) {
        const double t = va == vb ? 0.5 : std::clamp((0.5 - va) / (vb - va), 0.0, 1.0);
        return a + (b - a) * t;
    };
    QPainterPath path;
    for (int i = 0; i + 1 < n; ++i) {
        for (int j = 0; j + 1 < n; ++j) {
            const double v[4] = { at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j) };
            const int mask = (v[0] > 0.5 ? 1 : 0) | (v[1] > 0.5 ? 2 : 0) | (v[2] > 0.5 ? 4 : 0)
                | (v[3] > 0.5 ? 8 : 0);
            if (mask == 0 || mask == 15)
                continue;
            const QPointF c[4] = { { j + 0.5, i + 0.5 }, { j + 1.5, i + 0.5 },
                { j + 1.5, i + 1.5 }, { j + 0.5, i + 1.5 } };
            // Edge e joins corner e and corner e+1.
            auto edge = [&](int e) {
                const int a = e, b = (e + 1) % 4;
                return cross(c[a], c[b], v[a], v[b]);
            };
            auto seg = [&](int e1, int e2) {
                path.moveTo(edge(e1));
                path.lineTo(edge(e2));
            };
            const bool centreHigh = (v[0] + v[1] + v[2] + v[3]) / 4 > 0.5;
            switch (mask) {
            case 1: case 14: seg(3, 0); break;
            case 2: case 13: seg(0, 1); break;
            case 3: case 12: seg(3, 1); break;
            case 4: case 11: seg(1, 2); break;
            case 6: case 9: seg(0, 2); break;
            case 7: case 8: seg(2, 3); break;
            case 5:
                if (centreHigh) { seg(3, 2); seg(0, 1); } else { seg(3, 0); seg(1, 2); }
                break;
            case 10:
                if (centreHigh) { seg(3, 0); seg(1, 2); } else { seg(0, 1); seg(2, 3); }
                break;
            default: break;
            }
        }
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
