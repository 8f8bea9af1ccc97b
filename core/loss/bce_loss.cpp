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
    for (Index i = 0; i < y.rows(); ++i)
        if (!(y(i, 0) >= 0.0 && y(i, 0) <= 1.0))
            throw Error("Loss bce: target " + std::to_string(y(i, 0)) + " in row "
                + std::to_string(i) + " is not in [0, 1].");
}

// One term max(z,0) - z*y + log1p(exp(-|z|)): exp never sees a positive argument.
Scalar term(Scalar z, Scalar y)
{
    return std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
}

// sigmoid without overflow for either sign of z.
Scalar sigmoid(Scalar z)
{
    if (z >= 0.0)
        return 1.0 / (1.0 + std::exp(-z));
    const Scalar e = std::exp(z);
    return e / (1.0 + e);
}
} // namespace

Scalar BceLoss::value(const ConstMatrixRef& z, const ConstMatrixRef& y) const
{
    checkInputs(z, y);
    const Index n = z.rows();
    if (n == 0)
        return 0.0;
    Scalar sum = 0.0;
    for (Index i = 0; i < n; ++i)
        sum += term(z(i, 0), y(i, 0));
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
    Scalar sum = 0.0;
    for (Index i = 0; i < n; ++i) {
        sum += term(z(i, 0), y(i, 0));
        grad(i, 0) = (sigmoid(z(i, 0)) - y(i, 0)) * invN;
    }
    return sum * invN;
}

} // namespace bitlab
