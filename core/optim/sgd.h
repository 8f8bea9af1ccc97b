#pragma once
// Sgd: (stochastic) gradient descent with optional momentum and Nesterov momentum, exactly
// torch.optim.SGD with dampening 0. Registered twice: `gd` (meant for batch_size 0, the
// full batch: plain gradient descent) and `sgd` (mini-batches); the rule is the same.
//
// Per element, with gradient g, weight w, learning rate lr (this step's schedule value):
//   g <- g + weight_decay * w                          (L2 penalty; skipped when 0)
//   momentum mu > 0:  b <- g at the first step (PyTorch seeds the buffer with g),
//                     b <- mu * b + g afterwards
//                     d <- g + mu * b (nesterov) or d <- b
//   momentum 0:       d <- g
//   w <- w - lr * d
// Nesterov momentum: Sutskever, Martens, Dahl & Hinton, "On the importance of
// initialization and momentum in deep learning", ICML 2013 (PyTorch's formulation).
// Valid ranges (checked by optimizerProblems): lr > 0, momentum in [0, 1),
// nesterov only with momentum > 0, weight_decay >= 0.

#include "core/optim/optimizer.h"

namespace bitlab {

class Sgd : public Optimizer {
public:
    // Reads spec.momentum, spec.nesterov and spec.weightDecay (lr comes with each step).
    explicit Sgd(const OptimizerSpec& spec);

private:
    void resetState(const std::vector<Matrix>& values) override;
    void beginStep(Scalar lr) override;
    void update(const TensorStep& t, Scalar lr) override;
    std::vector<StateTensor> stateTensors() override; // the buffers when momentum > 0
    Scalar m_momentum;
    bool m_nesterov;
    Scalar m_weightDecay;
    std::vector<Matrix> m_buffer; // momentum buffer b, one per tensor
    std::int64_t m_steps = 0;
    bool m_first = true; // this step is the first since reset()
};

} // namespace bitlab
