#pragma once
// MseLoss: mean squared error for regression, PyTorch's nn.MSELoss(reduction='mean').
//
//   L = 1/(n*k) * sum_ij (z_ij - y_ij)^2        dL/dz_ij = 2 (z_ij - y_ij) / (n*k)
//
// z and y are both n x k (k regression outputs; usually k = 1).

#include "core/loss/loss.h"

namespace bitlab {

class MseLoss : public Loss {
public:
    Scalar value(const ConstMatrixRef& z, const ConstMatrixRef& y) const override;
    Scalar gradient(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const override;
};

} // namespace bitlab
