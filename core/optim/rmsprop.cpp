#include "core/optim/rmsprop.h"

namespace bitlab {

namespace {
#include "core/kernels/update_rules.inc"
} // namespace

RmsProp::RmsProp(const OptimizerSpec& spec)
    : Optimizer("rmsprop")
    , m_alpha(spec.alpha)
    , m_eps(spec.eps)
    , m_momentum(spec.momentum)
    , m_weightDecay(spec.weightDecay)
{
}

void RmsProp::resetState(const std::vector<Matrix>& values)
{
    m_square = zerosLike(values);
    m_buffer = m_momentum > 0 ? zerosLike(values) : std::vector<Matrix>();
}

void RmsProp::update(const TensorStep& t, Scalar lr)
{
    const RmspropRule rule { m_alpha, 1 - m_alpha, m_eps, m_momentum, m_weightDecay, -lr };
    Scalar* s = t.state(m_square[t.tensor]);
    Scalar* b = m_momentum > 0 ? t.state(m_buffer[t.tensor]) : nullptr;
    if (t.kernels)
        t.kernels->rmspropUpdate(rule, t.size, t.w, t.g, t.out, s, b);
    else
        rmspropRule(rule, t.size, t.w, t.g, t.out, s, b);
}

std::vector<Optimizer::StateTensor> RmsProp::stateTensors()
{
    std::vector<StateTensor> out;
    for (std::size_t k = 0; k < m_square.size(); ++k) {
        out.push_back({ "square_avg", k, &m_square[k] });
        if (k < m_buffer.size())
            out.push_back({ "momentum_buffer", k, &m_buffer[k] });
    }
    return out;
}

} // namespace bitlab
