#pragma once
// RmsProp: gradient scaled by a running root mean square, exactly torch.optim.RMSprop
// (centered off). Tieleman & Hinton, "Lecture 6.5 - RMSProp", COURSERA: Neural Networks
// for Machine Learning, 2012.
//
// Per element with gradient g, weight w, learning rate lr:
//   g <- g + weight_decay * w                     (L2 penalty; skipped when 0)
//   v <- alpha * v + (1 - alpha) * g^2            (as v * alpha + ((1 - alpha) * g) * g)
//   a  = sqrt(v) + eps
//   momentum 0:       w <- w - lr * g / a         (as w + ((-lr) * g) / a)
//   momentum mu > 0:  b <- mu * b + g / a         (b starts at 0, as PyTorch's buffer)
//                     w <- w - lr * b
// Defaults (PyTorch): lr 1e-2, alpha 0.99, eps 1e-8, momentum 0, weight_decay 0.
// Valid ranges: lr > 0, alpha in [0, 1), eps > 0, momentum in [0, 1), weight_decay >= 0.

#include "core/optim/optimizer.h"

namespace bitlab {

class RmsProp : public Optimizer {
public:
    // Reads spec.alpha, spec.eps, spec.momentum and spec.weightDecay.
    explicit RmsProp(const OptimizerSpec& spec);

private:
    void resetState(const std::vector<Matrix>& values) override;
    void update(const TensorStep& t, Scalar lr) override;
    std::vector<StateTensor> stateTensors() override;
    Scalar m_alpha, m_eps, m_momentum, m_weightDecay;
    std::vector<Matrix> m_square; // running mean of g^2, one per tensor
    std::vector<Matrix> m_buffer; // momentum buffer (sized only when momentum > 0)
};

} // namespace bitlab
