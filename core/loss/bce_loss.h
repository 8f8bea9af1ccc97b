#pragma once
// BceLoss: binary cross-entropy on one logit per sample, PyTorch's nn.BCEWithLogitsLoss.
//
//   L = 1/n * sum_i max(z_i, 0) - z_i*y_i + log1p(exp(-|z_i|))
//   dL/dz_i = (sigmoid(z_i) - y_i) / n
//
// Written this way it never overflows: at z = +-1000 the value is exact (0 or 1000) and the
// gradient is 0 or +-1/n. z is n x 1 (logits), y is n x 1 with targets in [0, 1] (class
// labels 0 and 1, or soft targets as PyTorch allows).

#include "core/loss/loss.h"

namespace bitlab {

class BceLoss : public Loss {
public:
    Scalar value(const ConstMatrixRef& z, const ConstMatrixRef& y) const override;
    Scalar gradient(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const override;
};

} // namespace bitlab
