#include "ui/views/marching_squares.h"

#include <algorithm>
#include <cmath>

namespace bitlab::ui {

std::vector<QLineF> isoLines(const std::vector<double>& values, int rows, int cols, double level)
{
    std::vector<QLineF> out;
    if (rows < 2 || cols < 2 || values.size() != static_cast<std::size_t>(rows) * cols)
        return out;
    auto at = [&](int i, int j) { return values[static_cast<std::size_t>(i) * cols + j]; };
    for (int i = 0; i + 1 < rows; ++i) {
        for (int j = 0; j + 1 < cols; ++j) {
            // Corners counter-clockwise from (i, j); edge e joins corner e and corner e + 1.
            const double v[4] = { at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j) };
            if (!std::isfinite(v[0]) || !std::isfinite(v[1]) || !std::isfinite(v[2])
                || !std::isfinite(v[3]))
                continue;
            const int mask = (v[0] > level ? 1 : 0) | (v[1] > level ? 2 : 0)
                | (v[2] > level ? 4 : 0) | (v[3] > level ? 8 : 0);
            if (mask == 0 || mask == 15)
                continue;
            const QPointF c[4]
                = { QPointF(j, i), QPointF(j + 1, i), QPointF(j + 1, i + 1), QPointF(j, i + 1) };
            auto edge = [&](int e) {
                const int a = e, b = (e + 1) % 4;
                const double t
                    = v[a] == v[b] ? 0.5 : std::clamp((level - v[a]) / (v[b] - v[a]), 0.0, 1.0);
                return c[a] + (c[b] - c[a]) * t;
            };
            auto seg = [&](int e1, int e2) { out.emplace_back(edge(e1), edge(e2)); };
            const bool centreHigh = (v[0] + v[1] + v[2] + v[3]) / 4 > level;
            switch (mask) {
            case 1:
            case 14:
                seg(3, 0);
                break;
            case 2:
            case 13:
                seg(0, 1);
                break;
            case 3:
            case 12:
                seg(3, 1);
                break;
            case 4:
            case 11:
                seg(1, 2);
                break;
            case 6:
            case 9:
                seg(0, 2);
                break;
            case 7:
            case 8:
                seg(2, 3);
                break;
            case 5: // corners 0 and 2 above
                if (centreHigh) {
                    seg(3, 2);
                    seg(0, 1);
                } else {
                    seg(3, 0);
                    seg(1, 2);
                }
                break;
            case 10: // corners 1 and 3 above
                if (centreHigh) {
                    seg(3, 0);
                    seg(1, 2);
                } else {
                    seg(0, 1);
                    seg(2, 3);
                }
                break;
            default:
                break;
            }
        }
    }
    return out;
}

} // namespace bitlab::ui
