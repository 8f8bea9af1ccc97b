#include "core/optim/sgd.h"

namespace bitlab {

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
    const bool first = m_first;
    const Scalar mu = m_momentum;
    const Scalar wd = m_weightDecay;
    const bool nesterov = m_nesterov;
    const Scalar step = -lr;
    const Scalar* w = t.w;
    const Scalar* gIn = t.g;
    Scalar* wOut = t.out;
    Scalar* b = t.state(m_buffer[t.tensor]);
    const Index n = t.size;
    // Element loops rather than Eigen expressions: they fix the order of every rounding to
    // PyTorch's (grad.add(param, alpha=wd); buf.mul_(mu).add_(grad); param.add_(d, alpha=-lr))
    // and cannot allocate a temporary.
    if (wd == 0 && mu != 0 && !nesterov && !first) {
        // Plain momentum after the first step (the common case), the same roundings.
        for (Index i = 0; i < n; ++i) {
            b[i] = b[i] * mu + gIn[i];
            wOut[i] = w[i] + step * b[i];
        }
        return;
    }
    for (Index i = 0; i < n; ++i) {
        const Scalar wi = w[i];
        Scalar g = gIn[i];
        if (wd != 0)
            g = g + wd * wi;
        Scalar d = g;
        if (mu != 0) {
            b[i] = first ? g : b[i] * mu + g;
            d = nesterov ? g + mu * b[i] : b[i];
        }
        wOut[i] = wi + step * d;
    }
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
