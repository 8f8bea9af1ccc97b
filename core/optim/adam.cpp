#include "core/optim/adam.h"

#include <cmath>

namespace bitlab {

namespace {
#include "core/kernels/update_rules.inc"
} // namespace

Adam::Adam(const OptimizerSpec& spec)
    : Adam(spec, false)
{
}

Adam::Adam(const OptimizerSpec& spec, bool decoupled)
    : Optimizer(decoupled ? "adamw" : "adam")
    , m_beta1(spec.beta1)
    , m_beta2(spec.beta2)
    , m_eps(spec.eps)
    , m_weightDecay(spec.weightDecay)
    , m_decoupled(decoupled)
{
}

void Adam::resetState(const std::vector<Matrix>& values)
{
    m_m = zerosLike(values);
    m_v = zerosLike(values);
    m_steps = 0;
}

void Adam::beginStep(Scalar lr)
{
    ++m_steps;
    const Scalar t = static_cast<Scalar>(m_steps);
    const Scalar biasCorrection1 = 1 - std::pow(m_beta1, t);
    const Scalar biasCorrection2 = 1 - std::pow(m_beta2, t);
    m_stepSize = lr / biasCorrection1;
    m_biasCorrection2Sqrt = std::sqrt(biasCorrection2);
    m_decay = 1 - lr * m_weightDecay;
}

void Adam::update(const TensorStep& t, Scalar)
{
    const Scalar lerpWeight = 1 - m_beta1;
    const AdamRule rule { lerpWeight,
        std::abs(lerpWeight) < 0.5, // ATen's lerp picks its formula so
        m_beta2, 1 - m_beta2, m_eps, m_weightDecay, m_decoupled, m_decay, m_biasCorrection2Sqrt,
        -m_stepSize };
    Scalar* m = t.state(m_m[t.tensor]);
    Scalar* v = t.state(m_v[t.tensor]);
    if (t.kernels)
        t.kernels->adamUpdate(rule, t.size, t.w, t.g, t.out, m, v);
    else
        adamRule(rule, t.size, t.w, t.g, t.out, m, v);
}

std::vector<Optimizer::StateTensor> Adam::stateTensors()
{
    std::vector<StateTensor> out;
    for (std::size_t k = 0; k < m_m.size(); ++k) {
        out.push_back({ "exp_avg", k, &m_m[k] });
        out.push_back({ "exp_avg_sq", k, &m_v[k] });
    }
    return out;
}

} // namespace bitlab
