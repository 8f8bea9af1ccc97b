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
    const double weight = m_weight;
    double last = m_last, debias = m_debias;
    for (std::size_t i = from; i < values.size(); ++i) {
        const double v = in[i];
        if (!std::isfinite(v)) {
            o[i] = v;
            continue;
        }
        last = weight * last + (1.0 - weight) * v;
        // w^i underflows: left alone it would stop at the smallest subnormal (4.9e-324 * w
        // rounds back up to it) and make every later multiply a slow subnormal one.
        debias = debias > 1e-200 ? debias * weight : 0.0;
        const double denom = 1.0 - debias;
        o[i] = denom > 0.0 ? last / denom : v;
    }
    m_last = last;
    m_debias = debias;
}

} // namespace bitlab::ui
