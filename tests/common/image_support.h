#pragma once
// Image helpers the GUI test suites share (header-only, QtGui).

#include <QImage>
#include <cstdlib>

namespace bitlab::test {

// Pixels of the image within `tolerance` of `color` in each channel.
inline int countColor(const QImage& image, QRgb color, int tolerance)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - qRed(color)) <= tolerance
                && std::abs(qGreen(p) - qGreen(color)) <= tolerance
                && std::abs(qBlue(p) - qBlue(color)) <= tolerance)
                ++n;
        }
    return n;
}

} // namespace bitlab::test
