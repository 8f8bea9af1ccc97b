#include "core/optim/rmsprop.h"

#include <cmath>

namespace bitlab {

RmsProp::RmsProp(const OptimizerSpec& spec)
    : m_alpha(spec.alpha)
    , m_eps(spec.eps)
    , m_momentum(spec.momentum)
    , m_weightDecay(spec.weightDecay)
{
}

void RmsProp::reset(const std::vector<Matrix>& values)
{
    m_square.clear();
    m_buffer.clear();
    for (const Matrix& v : values) {
        m_square.push_back(Matrix::Zero(v.rows(), v.cols()));
        if (m_momentum > 0)
            m_buffer.push_back(Matrix::Zero(v.rows(), v.cols()));
    }
}

void RmsProp::step(std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr)
{
    checkShapes("rmsprop", m_square, values, grads);
    update(values, grads, lr, values);
}

void RmsProp::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads,
    Scalar lr, std::vector<Matrix>& out)
{
    checkShapes("rmsprop", m_square, values, grads);
    shapeLike(values, out);
    update(values, grads, lr, out);
}

void RmsProp::update(const std::vector<Matrix>& in, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out)
{
    const Scalar oneMinusAlpha = 1 - m_alpha;
    for (std::size_t k = 0; k < in.size(); ++k) {
        const Scalar* w = in[k].data();
        Scalar* wOut = out[k].data();
        const Scalar* gIn = grads[k].data();
        Scalar* s = m_square[k].data();
        Scalar* b = m_momentum > 0 ? m_buffer[k].data() : nullptr;
        const Index n = in[k].size();
        for (Index i = 0; i < n; ++i) {
            const Scalar wi = w[i];
            Scalar g = gIn[i];
            if (m_weightDecay != 0)
                g = g + m_weightDecay * wi;
            s[i] = s[i] * m_alpha + oneMinusAlpha * g * g;
            const Scalar avg = std::sqrt(s[i]) + m_eps;
            if (b) {
                b[i] = b[i] * m_momentum + g / avg; // buf.mul_(mu).addcdiv_(g, avg): value 1
                wOut[i] = wi + (-lr) * b[i];
            } else {
                wOut[i] = wi + (-lr) * g / avg;
            }
        }
    }
}

} // namespace bitlab
