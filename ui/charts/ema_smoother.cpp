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
    out.reserve(values.size());
    for (std::size_t i = out.size(); i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isfinite(v)) {
            out.push_back(v);
            continue;
        }
        m_last = m_weight * m_last + (1.0 - m_weight) * v;
        m_debias *= m_weight;
        const double denom = 1.0 - m_debias;
        out.push_back(denom > 0.0 ? m_last / denom : v);
    }
}

} // namespace bitlab::ui
