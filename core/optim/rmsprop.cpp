#include "core/optim/rmsprop.h"

#include <cmath>

namespace bitlab {

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
    const Scalar alpha = m_alpha;
    const Scalar oneMinusAlpha = 1 - alpha;
    const Scalar eps = m_eps;
    const Scalar mu = m_momentum;
    const Scalar wd = m_weightDecay;
    const Scalar* w = t.w;
    const Scalar* gIn = t.g;
    Scalar* wOut = t.out;
    Scalar* s = t.state(m_square[t.tensor]);
    Scalar* b = mu > 0 ? t.state(m_buffer[t.tensor]) : nullptr;
    const Index n = t.size;
    for (Index i = 0; i < n; ++i) {
        const Scalar wi = w[i];
        Scalar g = gIn[i];
        if (wd != 0)
            g = g + wd * wi;
        s[i] = s[i] * alpha + oneMinusAlpha * g * g;
        const Scalar avg = std::sqrt(s[i]) + eps;
        if (b) {
            b[i] = b[i] * mu + g / avg; // buf.mul_(mu).addcdiv_(g, avg): value 1
            wOut[i] = wi + (-lr) * b[i];
        } else {
            wOut[i] = wi + (-lr) * g / avg;
        }
    }
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
