#include "ui/views/axis_ticks.h"

#include <cmath>

namespace bitlab::ui {

std::vector<double> niceTicks(double lo, double hi, int approx)
{
    std::vector<double> ticks;
    if (!(hi > lo) || approx < 1)
        return ticks;
    const double raw = (hi - lo) / approx;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : { 1.0, 2.0, 5.0, 10.0 })
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

} // namespace bitlab::ui
