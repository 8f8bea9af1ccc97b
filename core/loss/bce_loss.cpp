#include "core/loss/bce_loss.h"

#include "core/common/error.h"
#include "core/loss/target_checks.h"

#include <cmath>
#include <string>

namespace bitlab {

namespace {
void checkInputs(const ConstMatrixRef& z, const ConstMatrixRef& y)
{
    if (z.cols() != 1)
        throw Error("Loss bce needs one logit per sample, but the model has "
            + std::to_string(z.cols()) + " outputs; use cross_entropy for more than two classes.");
    detail::checkRows("bce", z, y, 1);
    const Scalar* t = y.data();
    const Index stride = y.outerStride();
    for (Index i = 0; i < y.rows(); ++i)
        if (!(t[i * stride] >= 0.0 && t[i * stride] <= 1.0))
            throw Error("Loss bce: target " + std::to_string(t[i * stride]) + " in row "
                + std::to_string(i) + " is not in [0, 1].");
}

// One term max(z,0) - z*y + log1p(e) with e = exp(-|z|): exp never sees a positive
// argument.
Scalar term(Scalar z, Scalar y, Scalar e)
{
    return std::max(z, 0.0) - z * y + std::log1p(e);
}

// sigmoid without overflow for either sign of z, from the same e = exp(-|z|):
// 1 / (1 + exp(-z)) for z >= 0, exp(z) / (1 + exp(z)) otherwise.
Scalar sigmoid(Scalar z, Scalar e)
{
    return z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}
} // namespace

// z and y are n x 1 (one column): element i lies at data()[i * outerStride()].
Scalar BceLoss::value(const ConstMatrixRef& z, const ConstMatrixRef& y) const
{
    checkInputs(z, y);
    const Index n = z.rows();
    if (n == 0)
        return 0.0;
    const Scalar* zp = z.data();
    const Scalar* yp = y.data();
    const Index zs = z.outerStride(), ys = y.outerStride();
    if (m_kernels)
        return m_kernels->bce(n, zp, zs, yp, ys, 0.0, nullptr) / static_cast<Scalar>(n);
    Scalar sum = 0.0;
    for (Index i = 0; i < n; ++i) {
        const Scalar zi = zp[i * zs];
        sum += term(zi, yp[i * ys], std::exp(-std::abs(zi)));
    }
    return sum / static_cast<Scalar>(n);
}

Scalar BceLoss::gradient(const ConstMatrixRef& z, const ConstMatrixRef& y, Matrix& grad) const
{
    checkInputs(z, y);
    const Index n = z.rows();
    grad.resize(n, 1);
    if (n == 0)
        return 0.0;
    const Scalar invN = 1.0 / static_cast<Scalar>(n);
    const Scalar* zp = z.data();
    const Scalar* yp = y.data();
    const Index zs = z.outerStride(), ys = y.outerStride();
    Scalar* g = grad.data();
    if (m_kernels)
        return m_kernels->bce(n, zp, zs, yp, ys, invN, g) * invN;
    Scalar sum = 0.0;
    for (Index i = 0; i < n; ++i) {
        const Scalar zi = zp[i * zs];
        const Scalar yi = yp[i * ys];
        const Scalar e = std::exp(-std::abs(zi)); // once, for the loss and the sigmoid
        sum += term(zi, yi, e);
        g[i] = (sigmoid(zi, e) - yi) * invN;
    }
    return sum * invN;
}

} // namespace bitlab
