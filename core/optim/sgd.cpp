#include "core/optim/sgd.h"

namespace bitlab {

namespace {
#include "core/kernels/update_rules.inc"
} // namespace

Sgd::Sgd(const OptimizerSpec& spec)
    : Optimizer("sgd")
    , m_momentum(spec.momentum)
    , m_nesterov(spec.nesterov)
    , m_weightDecay(spec.weightDecay)
{
}

void Sgd::resetState(const std::vector<Matrix>& values)
{
    m_buffer = zerosLike(values);
    m_steps = 0;
}

void Sgd::beginStep(Scalar)
{
    m_first = m_steps == 0;
    ++m_steps;
}

void Sgd::update(const TensorStep& t, Scalar lr)
{
    const SgdRule rule { m_momentum, m_weightDecay, -lr, m_nesterov, m_first };
    Scalar* b = t.state(m_buffer[t.tensor]);
    if (t.kernels)
        t.kernels->sgdUpdate(rule, t.size, t.w, t.g, t.out, b);
    else
        sgdRule(rule, t.size, t.w, t.g, t.out, b);
}

std::vector<Optimizer::StateTensor> Sgd::stateTensors()
{
    std::vector<StateTensor> out;
    if (m_momentum > 0)
        for (std::size_t k = 0; k < m_buffer.size(); ++k)
            out.push_back({ "momentum_buffer", k, &m_buffer[k] });
    return out;
}

} // namespace bitlab
