#include "core/loss/mse_loss.h"

#include "core/loss/target_checks.h"

namespace bitlab {

Scalar MseLoss::value(const ConstMatrixRef& z, const ConstMatrixRef& y) const
{
    detail::checkRows("mse", z, y, z.cols());
    if (z.size() == 0)
        return 0.0;
    return (z - y).squaredNorm() / static_cast<Scalar>(z.size());
}

Scalar MseLoss::gradient(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const
{
    detail::checkRows("mse", z, y, z.cols());
    grad.resize(z.rows(), z.cols());
    if (z.size() == 0)
        return 0.0;
    const Scalar count = static_cast<Scalar>(z.size());
    const bool contiguous = z.outerStride() == z.cols() && y.outerStride() == y.cols();
    if (m_kernels && contiguous)
        return m_kernels->mseGradient(z.size(), z.data(), y.data(), grad.data()) / count;
    if (contiguous) {
        // Contiguous (the trainer's buffers): one flat loop instead of one per row.
        Eigen::Map<Vector>(grad.data(), grad.size()).noalias()
            = Eigen::Map<const Vector>(z.data(), z.size())
            - Eigen::Map<const Vector>(y.data(), y.size());
    } else {
        grad.noalias() = z - y;
    }
    const Scalar loss = grad.squaredNorm() / count;
    grad *= 2.0 / count;
    return loss;
}

} // namespace bitlab
