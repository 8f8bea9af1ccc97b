#pragma once
// Adam: adaptive moment estimation, exactly torch.optim.Adam (amsgrad off, foreach off).
// Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
//
// Per element, at step t = 1, 2, ... with gradient g, weight w, learning rate lr:
//   g <- g + weight_decay * w                (L2 penalty, as torch.optim.Adam; skipped when 0)
//   m <- b1 * m + (1 - b1) * g               first moment
//   v <- b2 * v + (1 - b2) * g^2             second moment
//   w <- w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
// computed in PyTorch's operation order (same roundings):
//   m <- m + (1 - b1) * (g - m)              (exp_avg.lerp_(grad, 1 - b1); for b1 <= 0.5
//                                             lerp's other branch: g - (g - m) * b1)
//   v <- v * b2 + ((1 - b2) * g) * g         (exp_avg_sq.mul_(b2).addcmul_(g, g, 1 - b2))
//   bc1 = 1 - b1^t, bc2 = 1 - b2^t           (std::pow, as Python's **)
//   step_size = lr / bc1
//   denom = sqrt(v) / sqrt(bc2) + eps
//   w <- w + ((-step_size) * m) / denom      (param.addcdiv_(m, denom, value=-step_size))
// Defaults (PyTorch): lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.
// Valid ranges: lr > 0, b1 and b2 in [0, 1), eps > 0, weight_decay >= 0.

#include "core/optim/optimizer.h"

namespace bitlab {

class Adam : public Optimizer {
public:
    // Reads spec.beta1, spec.beta2, spec.eps and spec.weightDecay.
    explicit Adam(const OptimizerSpec& spec);

protected:
    // decoupled: weight decay as AdamW (w <- w * (1 - lr * weight_decay) before the Adam
    // step, no L2 term in g).
    Adam(const OptimizerSpec& spec, bool decoupled);

private:
    void resetState(const std::vector<Matrix>& values) override;
    void beginStep(Scalar lr) override;
    void update(const TensorStep& t, Scalar lr) override;
    std::vector<StateTensor> stateTensors() override; // exp_avg and exp_avg_sq
    Scalar m_beta1, m_beta2, m_eps, m_weightDecay;
    bool m_decoupled;
    std::vector<Matrix> m_m; // first moment, one per tensor
    std::vector<Matrix> m_v; // second moment, one per tensor
    std::int64_t m_steps = 0;
    // This step's scalars, formed once in beginStep() exactly as PyTorch's Python code
    // forms them (float64 arithmetic).
    Scalar m_stepSize = 0, m_biasCorrection2Sqrt = 1, m_decay = 1;
};

} // namespace bitlab
