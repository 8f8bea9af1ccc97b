#include "core/optim/adagrad.h"

#include <cmath>

namespace bitlab {

Adagrad::Adagrad(const OptimizerSpec& spec)
    : m_eps(spec.eps)
    , m_weightDecay(spec.weightDecay)
{
}

void Adagrad::reset(const std::vector<Matrix>& values)
{
    m_sum.clear();
    for (const Matrix& v : values)
        m_sum.push_back(Matrix::Zero(v.rows(), v.cols()));
}

void Adagrad::step(std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr)
{
    checkShapes("adagrad", m_sum, values, grads);
    update(values, grads, lr, values);
}

void Adagrad::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads,
    Scalar lr, std::vector<Matrix>& out)
{
    checkShapes("adagrad", m_sum, values, grads);
    shapeLike(values, out);
    update(values, grads, lr, out);
}

void Adagrad::update(const std::vector<Matrix>& in, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out)
{
    // PyTorch's clr = lr / (1 + (step - 1) * lr_decay) is exactly lr with lr_decay 0.
    for (std::size_t k = 0; k < in.size(); ++k) {
        const Scalar* w = in[k].data();
        Scalar* wOut = out[k].data();
        const Scalar* gIn = grads[k].data();
        Scalar* s = m_sum[k].data();
        const Index n = in[k].size();
        for (Index i = 0; i < n; ++i) {
            const Scalar wi = w[i];
            Scalar g = gIn[i];
            if (m_weightDecay != 0)
                g = g + m_weightDecay * wi;
            s[i] = s[i] + g * g;
            const Scalar denom = std::sqrt(s[i]) + m_eps;
            wOut[i] = wi + (-lr) * g / denom;
        }
    }
}

} // namespace bitlab
