#include "core/optim/adagrad.h"

#include <cmath>

namespace bitlab {

Adagrad::Adagrad(const OptimizerSpec& spec)
    : Optimizer("adagrad")
    , m_eps(spec.eps)
    , m_weightDecay(spec.weightDecay)
{
}

void Adagrad::resetState(const std::vector<Matrix>& values)
{
    m_sum = zerosLike(values);
}

void Adagrad::update(const TensorStep& t, Scalar lr)
{
    // PyTorch's clr = lr / (1 + (step - 1) * lr_decay) is exactly lr with lr_decay 0.
    const Scalar eps = m_eps;
    const Scalar wd = m_weightDecay;
    const Scalar* w = t.w;
    const Scalar* gIn = t.g;
    Scalar* wOut = t.out;
    Scalar* s = t.state(m_sum[t.tensor]);
    const Index n = t.size;
    for (Index i = 0; i < n; ++i) {
        const Scalar wi = w[i];
        Scalar g = gIn[i];
        if (wd != 0)
            g = g + wd * wi;
        s[i] = s[i] + g * g;
        const Scalar denom = std::sqrt(s[i]) + eps;
        wOut[i] = wi + (-lr) * g / denom;
    }
}

std::vector<Optimizer::StateTensor> Adagrad::stateTensors()
{
    std::vector<StateTensor> out;
    for (std::size_t k = 0; k < m_sum.size(); ++k)
        out.push_back({ "sum", k, &m_sum[k] });
    return out;
}

} // namespace bitlab
