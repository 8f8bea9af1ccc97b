#include "ui/charts/ema_smoother.h"

#include <algorithm>
#include <cmath>

namespace bitlab::ui {

void EmaSmoother::setWeight(double weight)
{
    m_weight = std::clamp(weight, 0.0, 0.999);
    reset();
}

void EmaSmoother::reset()
{
    m_last = 0.0;
    m_debias = 1.0;
}

void EmaSmoother::extend(const std::vector<double>& values, std::vector<double>& out)
{
    if (out.size() > values.size()) {
        out.clear();
        reset();
    }
    const std::size_t from = out.size();
    out.resize(values.size());
    // Locals: stores through `out` could alias the members, which would then be written and
    // read back in memory on every step of this loop-carried chain (5x slower, perf).
    double* o = out.data();
    const double* in = values.data();
    const double weight = m_weight, rest = 1.0 - m_weight;
    double last = m_last, debias = m_debias;
    std::size_t i = from;
    const std::size_t n = values.size();
    // While the debiasing matters (1 - w^i below 1).
    for (; i < n && debias != 0.0; ++i) {
        const double v = in[i];
        if (!std::isfinite(v)) {
            o[i] = v;
            continue;
        }
        last = weight * last + rest * v;
        debias *= weight;
        // Once 1 - w^i rounds to 1 it stays there: w^i is dropped, which also keeps it from
        // sinking into subnormals (it would stop at the smallest, 4.9e-324 * w rounding back
        // up to it, and make every later multiply a slow subnormal one).
        const double denom = 1.0 - debias;
        if (denom == 1.0)
            debias = 0.0;
        o[i] = denom > 0.0 ? last / denom : v;
    }
    // Afterwards the division is by exactly 1: the plain EMA.
    for (; i < n; ++i) {
        const double v = in[i];
        if (!std::isfinite(v)) {
            o[i] = v;
            continue;
        }
        last = weight * last + rest * v;
        o[i] = last;
    }
    m_last = last;
    m_debias = debias;
}

} // namespace bitlab::ui
