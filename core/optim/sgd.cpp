#include "core/optim/sgd.h"

namespace bitlab {

Sgd::Sgd(const OptimizerSpec& spec)
    : m_momentum(spec.momentum)
    , m_nesterov(spec.nesterov)
    , m_weightDecay(spec.weightDecay)
{
}

void Sgd::reset(const std::vector<Matrix>& values)
{
    m_buffer.clear();
    for (const Matrix& v : values)
        m_buffer.push_back(Matrix::Zero(v.rows(), v.cols()));
    m_steps = 0;
}

void Sgd::step(std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr)
{
    checkShapes("sgd", m_buffer, values, grads);
    update(values, grads, lr, values);
}

void Sgd::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out)
{
    checkShapes("sgd", m_buffer, values, grads);
    shapeLike(values, out);
    update(values, grads, lr, out);
}

void Sgd::update(const std::vector<Matrix>& in, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out)
{
    const bool first = m_steps == 0;
    // Locals, not members, inside the loops: stores through the Scalar pointers could alias
    // a member, which would make the compiler reload it every element and not vectorize.
    const Scalar mu = m_momentum;
    const Scalar wd = m_weightDecay;
    const bool nesterov = m_nesterov;
    const Scalar step = -lr;
    // Element loops rather than Eigen expressions: they fix the order of every rounding to
    // PyTorch's (grad.add(param, alpha=wd); buf.mul_(mu).add_(grad); param.add_(d, alpha=-lr))
    // and cannot allocate a temporary.
    for (std::size_t t = 0; t < in.size(); ++t) {
        const Scalar* w = in[t].data();
        Scalar* wOut = out[t].data();
        const Scalar* gIn = grads[t].data();
        Scalar* b = m_buffer[t].data();
        const Index n = in[t].size();
        if (wd == 0 && mu != 0 && !nesterov && !first) {
            // Plain momentum after the first step (the common case), the same roundings.
            for (Index i = 0; i < n; ++i) {
                b[i] = b[i] * mu + gIn[i];
                wOut[i] = w[i] + step * b[i];
            }
            continue;
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
    ++m_steps;
}

} // namespace bitlab
