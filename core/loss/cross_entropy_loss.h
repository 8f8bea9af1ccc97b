#pragma once
// CrossEntropyLoss: softmax cross-entropy on K logits, PyTorch's nn.CrossEntropyLoss.
//
//   L = 1/n * sum_i logsumexp(z_i) - z_i[y_i]
//   dL/dz_ij = (softmax(z_i)_j - [j == y_i]) / n
//
// logsumexp(z) = m + log(sum_j exp(z_j - m)) with m = max_j z_j, so logits like
// [1000, 0, -1000] give finite values and gradients. z is n x K (K >= 2), y is n x 1 with
// class indices 0..K-1.

#include "core/loss/loss.h"

namespace bitlab {

class CrossEntropyLoss : public Loss {
public:
    Scalar value(const ConstMatrixRef& z, const ConstMatrixRef& y) const override;
    Scalar gradient(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const override;
};

} // namespace bitlab
