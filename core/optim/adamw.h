#pragma once
// AdamW: Adam with decoupled weight decay, exactly torch.optim.AdamW (amsgrad off).
// Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
//
// Per element, at step t with gradient g, weight w, learning rate lr:
//   w <- w * (1 - lr * weight_decay)     (PyTorch's param.mul_(1 - lr * wd), i.e. w - lr*wd*w)
//   then the Adam step of adam.h with g unchanged (no L2 term).
// The decay uses this step's scheduled lr, as PyTorch does.
// Defaults (PyTorch): lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01.
// Valid ranges: lr > 0, b1 and b2 in [0, 1), eps > 0, weight_decay >= 0.

#include "core/optim/adam.h"

namespace bitlab {

class AdamW : public Adam {
public:
    // Reads spec.beta1, spec.beta2, spec.eps and spec.weightDecay.
    explicit AdamW(const OptimizerSpec& spec);
};

} // namespace bitlab
