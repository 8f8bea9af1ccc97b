#include "core/loss/cross_entropy_loss.h"

#include "core/common/error.h"
#include "core/loss/target_checks.h"

#include <cmath>
#include <string>

namespace bitlab {

namespace {
void checkInputs(const ConstMatrixRef& z, const ConstMatrixRef& y)
{
    if (z.cols() < 2)
        throw Error("Loss cross_entropy needs one logit per class (at least 2), but the model "
                    "has "
            + std::to_string(z.cols()) + " output; use bce for a single logit.");
    detail::checkRows("cross_entropy", z, y, 1);
}

// Every target a class index of z's columns (detail::classIndex throws naming the row):
// what the kernels' loop may assume.
void checkClasses(const ConstMatrixRef& z, const ConstMatrixRef& y)
{
    for (Index i = 0; i < z.rows(); ++i)
        detail::classIndex("cross_entropy", y(i, 0), i, z.cols());
}

// logsumexp of one row, shifted by its maximum so exp never overflows.
Scalar logSumExp(const Eigen::Ref<const RowVector>& z)
{
    const Scalar m = z.maxCoeff();
    return m + std::log((z.array() - m).exp().sum());
}
} // namespace

Scalar CrossEntropyLoss::value(const ConstMatrixRef& z, const ConstMatrixRef& y) const
{
    checkInputs(z, y);
    const Index n = z.rows();
    if (n == 0)
        return 0.0;
    if (m_kernels) {
        checkClasses(z, y);
        return m_kernels->crossEntropy(n, z.cols(), z.data(), z.outerStride(), y.data(),
                   y.outerStride(), 0.0, nullptr, 0)
            / static_cast<Scalar>(n);
    }
    Scalar sum = 0.0;
    for (Index i = 0; i < n; ++i) {
        const Index c = detail::classIndex("cross_entropy", y(i, 0), i, z.cols());
        sum += logSumExp(z.row(i)) - z(i, c);
    }
    return sum / static_cast<Scalar>(n);
}

Scalar CrossEntropyLoss::gradient(
    const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const
{
    checkInputs(z, y);
    const Index n = z.rows();
    grad.resize(n, z.cols());
    if (n == 0)
        return 0.0;
    const Scalar invN = 1.0 / static_cast<Scalar>(n);
    if (m_kernels) {
        checkClasses(z, y);
        return m_kernels->crossEntropy(n, z.cols(), z.data(), z.outerStride(), y.data(),
                   y.outerStride(), invN, grad.data(), grad.cols())
            * invN;
    }
    Scalar sum = 0.0;
    for (Index i = 0; i < n; ++i) {
        const Index c = detail::classIndex("cross_entropy", y(i, 0), i, z.cols());
        const Scalar lse = logSumExp(z.row(i));
        sum += lse - z(i, c);
        // softmax = exp(z - lse): every exponent is <= 0, so no overflow.
        grad.row(i) = ((z.row(i).array() - lse).exp() * invN).matrix();
        grad(i, c) -= invN;
    }
    return sum * invN;
}

} // namespace bitlab
