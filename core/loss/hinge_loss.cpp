#include "core/loss/hinge_loss.h"

#include "core/common/error.h"
#include "core/loss/target_checks.h"

#include <string>

namespace bitlab {

HingeLoss::HingeLoss(int power)
    : m_power(power)
{
    if (power != 1 && power != 2)
        throw Error("HingeLoss power must be 1 (hinge) or 2 (squared_hinge), not "
            + std::to_string(power) + ".");
}

Scalar HingeLoss::value(const ConstMatrixRef& z, const ConstMatrixRef& y) const
{
    return compute(z, y, nullptr);
}

Scalar HingeLoss::gradient(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const
{
    grad.resize(z.rows(), z.cols());
    return compute(z, y, &grad);
}

Scalar HingeLoss::compute(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix* grad) const
{
    const char* name = m_power == 1 ? "hinge" : "squared_hinge";
    if (z.cols() < 1)
        throw Error(std::string("Loss ") + name + " needs at least one logit per sample.");
    detail::checkRows(name, z, y, 1);
    const Index n = z.rows();
    const Index k = z.cols();
    if (n == 0)
        return 0.0;
    const Scalar invN = 1.0 / static_cast<Scalar>(n);
    if (grad)
        grad->setZero();
    Scalar sum = 0.0;
    if (k == 1) {
        for (Index i = 0; i < n; ++i) {
            const Index label = detail::classIndex(name, y(i, 0), i, 2);
            const Scalar t = label == 1 ? 1.0 : -1.0;
            const Scalar m = 1.0 - t * z(i, 0);
            if (m <= 0.0)
                continue;
            sum += m_power == 1 ? m : m * m;
            if (grad)
                (*grad)(i, 0) = -t * (m_power == 1 ? 1.0 : 2.0 * m) * invN;
        }
        return sum * invN;
    }
    const Scalar invNK = invN / static_cast<Scalar>(k);
    for (Index i = 0; i < n; ++i) {
        const Index c = detail::classIndex(name, y(i, 0), i, k);
        for (Index j = 0; j < k; ++j) {
            if (j == c)
                continue;
            const Scalar m = 1.0 - z(i, c) + z(i, j);
            if (m <= 0.0)
                continue;
            sum += m_power == 1 ? m : m * m;
            if (grad) {
                const Scalar d = (m_power == 1 ? 1.0 : 2.0 * m) * invNK;
                (*grad)(i, j) += d;
                (*grad)(i, c) -= d;
            }
        }
    }
    return sum * invNK;
}

} // namespace bitlab
