#include "core/optim/adam.h"

#include <cmath>

namespace bitlab {

Adam::Adam(const OptimizerSpec& spec)
    : Adam(spec, false)
{
}

Adam::Adam(const OptimizerSpec& spec, bool decoupled)
    : m_beta1(spec.beta1)
    , m_beta2(spec.beta2)
    , m_eps(spec.eps)
    , m_weightDecay(spec.weightDecay)
    , m_decoupled(decoupled)
    , m_kind(decoupled ? "adamw" : "adam")
{
}

void Adam::reset(const std::vector<Matrix>& values)
{
    m_m.clear();
    m_v.clear();
    for (const Matrix& v : values) {
        m_m.push_back(Matrix::Zero(v.rows(), v.cols()));
        m_v.push_back(Matrix::Zero(v.rows(), v.cols()));
    }
    m_steps = 0;
}

void Adam::step(std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr)
{
    checkShapes(m_kind, m_m, values, grads);
    update(values, grads, lr, values);
}

void Adam::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out)
{
    checkShapes(m_kind, m_m, values, grads);
    shapeLike(values, out);
    update(values, grads, lr, out);
}

void Adam::update(const std::vector<Matrix>& in, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out)
{
    ++m_steps;
    const Scalar t = static_cast<Scalar>(m_steps);
    // The scalars exactly as PyTorch's Python code forms them (float64 arithmetic).
    const Scalar biasCorrection1 = 1 - std::pow(m_beta1, t);
    const Scalar biasCorrection2 = 1 - std::pow(m_beta2, t);
    const Scalar stepSize = lr / biasCorrection1;
    const Scalar biasCorrection2Sqrt = std::sqrt(biasCorrection2);
    const Scalar lerpWeight = 1 - m_beta1;
    const bool smallWeight = std::abs(lerpWeight) < 0.5; // ATen's lerp picks its branch so
    const Scalar oneMinusBeta2 = 1 - m_beta2;
    const Scalar decay = 1 - lr * m_weightDecay;
    // Locals, not members, inside the loop (stores through the pointers could alias them).
    const Scalar wd = m_weightDecay;
    const bool decoupled = m_decoupled;
    const Scalar beta2 = m_beta2;
    const Scalar eps = m_eps;
    const Scalar step = -stepSize;

    for (std::size_t k = 0; k < in.size(); ++k) {
        const Scalar* w = in[k].data();
        Scalar* wOut = out[k].data();
        const Scalar* gIn = grads[k].data();
        Scalar* m = m_m[k].data();
        Scalar* v = m_v[k].data();
        const Index n = in[k].size();
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
}

} // namespace bitlab
