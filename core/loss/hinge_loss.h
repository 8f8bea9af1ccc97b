#pragma once
// HingeLoss: the support-vector machine's margin loss, plain (power 1, "hinge") or squared
// (power 2, "squared_hinge"), for one logit (binary) or K logits (multiclass).
//
//   binary, z n x 1, y in {0, 1}, t = 2y - 1 in {-1, +1}:
//       L = 1/n * sum_i max(0, 1 - t_i z_i)^p
//   multiclass, z n x K, y class index (PyTorch's nn.MultiMarginLoss, margin 1, p = 1 or 2):
//       L = 1/n * sum_i 1/K * sum_{j != y_i} max(0, 1 - z_i[y_i] + z_i[j])^p
//
// Gradient: the derivative of each active term (p * m^(p-1) for margin m > 0); at the kink
// m = 0 exactly it is taken as 0, like PyTorch's.

#include "core/loss/loss.h"

namespace bitlab {

class HingeLoss : public Loss {
public:
    // power: 1 for hinge, 2 for squared_hinge.
    explicit HingeLoss(int power);
    int power() const { return m_power; }

    Scalar value(const ConstMatrixRef& z, const ConstMatrixRef& y) const override;
    Scalar gradient(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const override;

private:
    Scalar compute(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix* grad) const;

    int m_power;
};

} // namespace bitlab
