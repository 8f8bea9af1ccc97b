#pragma once
// Axis ticks for the views that draw their own axes with QPainter (weight plane, tensor
// strips): values at 1, 2 or 5 times a power of ten, about `approx` of them over [lo, hi].

#include <vector>

namespace bitlab::ui {

std::vector<double> niceTicks(double lo, double hi, int approx);

} // namespace bitlab::ui
