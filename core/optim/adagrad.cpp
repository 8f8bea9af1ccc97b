#include "core/optim/adagrad.h"

namespace bitlab {

namespace {
#include "core/kernels/update_rules.inc"
} // namespace

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
    const AdagradRule rule { m_eps, m_weightDecay, -lr };
    Scalar* s = t.state(m_sum[t.tensor]);
    if (t.kernels)
        t.kernels->adagradUpdate(rule, t.size, t.w, t.g, t.out, s);
    else
        adagradRule(rule, t.size, t.w, t.g, t.out, s);
}

std::vector<Optimizer::StateTensor> Adagrad::stateTensors()
{
    std::vector<StateTensor> out;
    for (std::size_t k = 0; k < m_sum.size(); ++k)
        out.push_back({ "sum", k, &m_sum[k] });
    return out;
}

} // namespace bitlab
