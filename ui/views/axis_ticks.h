#pragma once
// Axis ticks for the views that draw their own axes with QPainter (weight plane, tensor
// strips) and for the charts' value axes (ui/charts/round_ticks.h): values at 1, 2 or 5 times a
// power of ten, about `approx` of them over [lo, hi].

#include <vector>

namespace bitlab::ui {

std::vector<double> niceTicks(double lo, double hi, int approx);
// The spacing of those ticks: 1, 2 or 5 times a power of ten, at least (hi - lo) / approx
// (0 when hi <= lo or approx < 1).
double niceStep(double lo, double hi, int approx);

} // namespace bitlab::ui
