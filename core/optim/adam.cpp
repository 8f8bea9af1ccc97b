#include "core/optim/adam.h"

#include <cmath>

namespace bitlab {

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
    const bool smallWeight = std::abs(lerpWeight) < 0.5; // ATen's lerp picks its branch so
    const Scalar oneMinusBeta2 = 1 - m_beta2;
    const Scalar decay = m_decay;
    const Scalar wd = m_weightDecay;
    const bool decoupled = m_decoupled;
    const Scalar beta2 = m_beta2;
    const Scalar eps = m_eps;
    const Scalar biasCorrection2Sqrt = m_biasCorrection2Sqrt;
    const Scalar step = -m_stepSize;
    const Scalar* w = t.w;
    const Scalar* gIn = t.g;
    Scalar* wOut = t.out;
    Scalar* m = t.state(m_m[t.tensor]);
    Scalar* v = t.state(m_v[t.tensor]);
    const Index n = t.size;
    for (Index i = 0; i < n; ++i) {
        Scalar wi = w[i];
        Scalar g = gIn[i];
        if (wd != 0) {
            if (decoupled)
                wi = wi * decay;
            else
                g = g + wd * wi;
        }
        m[i] = smallWeight ? m[i] + lerpWeight * (g - m[i]) : g - (g - m[i]) * (1 - lerpWeight);
        v[i] = v[i] * beta2 + oneMinusBeta2 * g * g;
        const Scalar denom = std::sqrt(v[i]) / biasCorrection2Sqrt + eps;
        wOut[i] = wi + step * m[i] / denom;
    }
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
