#pragma once
// Loss: mean over samples (PyTorch's reduction='mean') of a loss on logits z (n x k)
// against targets y (mse: n x k values; the others: n x 1 class indices 0..K-1, or 0/1).
//
//   mse            mean over all elements of (y - z)^2
//   bce            mean(max(z,0) - z*y + log1p(exp(-|z|)))            (binary, on logits)
//   cross_entropy  mean(logsumexp(z) - z_y)                          (multiclass)
//   hinge          binary: mean(max(0, 1 - t*z)), t = 2y - 1 in {-1,+1}
//                  multiclass (K logits): PyTorch's MultiMarginLoss,
//                  mean_i sum_{j != y_i} max(0, 1 - z_i[y_i] + z_i[j]) / K
//   squared_hinge  the same with each term squared

#include "core/common/scalar.h"
#include "core/common/task.h"
#include "core/kernels/kernel_table.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bitlab {

class Loss {
public:
    virtual ~Loss() = default;
    virtual Scalar value(const ConstMatrixRef& z, const ConstMatrixRef& y) const = 0;
    // Returns value(z, y) and writes dLoss/dz (n x k, already divided by n) into grad,
    // resizing it only when its shape differs.
    virtual Scalar gradient(
        const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const = 0;
    // Predicted class index of one row of logits (classification; unused for regression):
    // one logit: z > 0 ? 1 : 0; K logits: the index of the largest (the first on ties).
    static Scalar predictClass(const Eigen::Ref<const RowVector>& logits);
    // The kernels the element loops of mse, bce and cross_entropy run on
    // (core/kernels/kernels.h; the trainer gives the model's): nullptr, the default, is the
    // portable code. Hinge has no such loop (a comparison and a class lookup per term).
    void setKernels(const Kernels* kernels) { m_kernels = kernels; }

protected:
    const Kernels* m_kernels = nullptr;
};

struct LossInfo {
    std::string name;
    std::string description; // with the formula
    std::vector<Task> tasks; // tasks it is valid for
    std::function<std::unique_ptr<Loss>()> create;
};

// The losses in registry order: mse, bce, cross_entropy, hinge, squared_hinge.
const std::vector<LossInfo>& lossRegistry();
std::vector<std::string> lossNames();
const LossInfo* findLoss(const std::string& name); // nullptr when unknown
// Throws Error naming the allowed losses when `name` is unknown.
std::unique_ptr<Loss> createLoss(const std::string& name);

} // namespace bitlab
