#pragma once
// Adagrad: per-element learning rates from the accumulated squared gradients, exactly
// torch.optim.Adagrad with lr_decay 0 and initial_accumulator_value 0.
// Duchi, Hazan & Singer, "Adaptive Subgradient Methods for Online Learning and
// Stochastic Optimization", JMLR 12, 2011.
//
// Per element with gradient g, weight w, learning rate lr:
//   g <- g + weight_decay * w           (L2 penalty; skipped when 0)
//   s <- s + g^2                        (PyTorch order: s + (1 * g) * g)
//   w <- w - lr * g / (sqrt(s) + eps)   (w + ((-lr) * g) / (sqrt(s) + eps))
// Defaults (PyTorch): lr 1e-2, eps 1e-10, weight_decay 0.
// Valid ranges: lr > 0, eps > 0, weight_decay >= 0.

#include "core/optim/optimizer.h"

namespace bitlab {

class Adagrad : public Optimizer {
public:
    // Reads spec.eps and spec.weightDecay.
    explicit Adagrad(const OptimizerSpec& spec);

private:
    void resetState(const std::vector<Matrix>& values) override;
    void update(const TensorStep& t, Scalar lr) override;
    std::vector<StateTensor> stateTensors() override;
    Scalar m_eps, m_weightDecay;
    std::vector<Matrix> m_sum; // accumulated g^2, one per tensor
};

} // namespace bitlab
