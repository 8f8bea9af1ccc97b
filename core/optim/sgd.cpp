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
    // Element loops rather than Eigen expressions: they fix the order of every rounding to
    // PyTorch's (grad.add(param, alpha=wd); buf.mul_(mu).add_(grad); param.add_(d, alpha=-lr))
    // and cannot allocate a temporary.
    for (std::size_t t = 0; t < in.size(); ++t) {
        const Scalar* w = in[t].data();
        Scalar* wOut = out[t].data();
        const Scalar* gIn = grads[t].data();
        Scalar* b = m_buffer[t].data();
        const Index n = in[t].size();
        for (Index i = 0; i < n; ++i) {
            const Scalar wi = w[i];
            Scalar g = gIn[i];
            if (m_weightDecay != 0)
                g = g + m_weightDecay * wi;
            Scalar d = g;
            if (m_momentum != 0) {
                b[i] = first ? g : b[i] * m_momentum + g;
                d = m_nesterov ? g + m_momentum * b[i] : b[i];
            }
            wOut[i] = wi + (-lr) * d;
        }
    }
    ++m_steps;
}

} // namespace bitlab
