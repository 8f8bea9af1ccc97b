#include "ui/views/axis_ticks.h"

#include <cmath>

namespace bitlab::ui {

double niceStep(double lo, double hi, int approx)
{
    if (!(hi > lo) || approx < 1 || !std::isfinite(hi - lo))
        return 0.0;
    const double raw = (hi - lo) / approx;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 5.0, 10.0 })
        if (m * mag >= raw)
            return m * mag;
    return 10.0 * mag;
}

std::vector<double> niceTicks(double lo, double hi, int approx)
{
    std::vector<double> ticks;
    const double step = niceStep(lo, hi, approx);
    if (step <= 0.0)
        return ticks;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

} // namespace bitlab::ui
