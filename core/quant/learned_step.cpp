#include "core/quant/learned_step.h"

#include "core/quant/round_half_even.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

Scalar lsqInitialStep(const ConstMatrixRef& x, Scalar qp)
{
    if (x.size() == 0 || qp <= 0)
        return kLearnedMinimum;
    // Mean of |x| row by row, so a large tensor's sum cannot overflow where its mean would not.
    Scalar mean = 0;
    const auto n = static_cast<Scalar>(x.size());
    for (Index r = 0; r < x.rows(); ++r)
        mean += x.row(r).cwiseAbs().sum() / n;
    return std::max(2 * mean / std::sqrt(qp), kLearnedMinimum);
}

Scalar lsqGradientScale(Index n, Scalar qp)
{
    return n > 0 && qp > 0 ? 1 / std::sqrt(static_cast<Scalar>(n) * qp) : Scalar(0);
}

void lsqForward(const ConstMatrixRef& x, Scalar s, LsqRange range, MatrixRef out, MatrixRef codes,
    MatrixRef inside)
{
    for (Index r = 0; r < x.rows(); ++r)
        for (Index c = 0; c < x.cols(); ++c) {
            const Scalar v = x(r, c) / s;
            const Scalar q = std::clamp(detail::roundHalfEven(v), -range.qn, range.qp);
            codes(r, c) = q;
            out(r, c) = q * s;
            inside(r, c) = v > -range.qn && v < range.qp ? 1 : 0;
        }
}

Scalar lsqStepDerivative(Scalar x, Scalar s, LsqRange range)
{
    const Scalar v = x / s;
    if (v <= -range.qn)
        return -range.qn;
    if (v >= range.qp)
        return range.qp;
    return detail::roundHalfEven(v) - v;
}

Scalar lsqStepGradient(const ConstMatrixRef& x, Scalar s, LsqRange range,
    const ConstMatrixRef& upstream, Scalar gradScale)
{
    Scalar sum = 0;
    for (Index r = 0; r < x.rows(); ++r)
        for (Index c = 0; c < x.cols(); ++c)
            sum += upstream(r, c) * lsqStepDerivative(x(r, c), s, range);
    const Scalar g = gradScale > 0 ? gradScale : lsqGradientScale(x.size(), range.qp);
    return g * sum;
}

void pactForward(const ConstMatrixRef& x, Scalar alpha, int bits, MatrixRef out, MatrixRef pass)
{
    const Scalar steps = std::ldexp(1.0, bits) - 1;
    const Scalar scale = alpha / steps;
    for (Index r = 0; r < x.rows(); ++r)
        for (Index c = 0; c < x.cols(); ++c) {
            const Scalar y = std::clamp(x(r, c), Scalar(0), alpha);
            out(r, c) = detail::roundHalfEven(y / scale) * scale;
            pass(r, c) = x(r, c) < alpha ? 1 : 0;
        }
}

Scalar pactClipGradient(const ConstMatrixRef& x, Scalar alpha, const ConstMatrixRef& upstream)
{
    Scalar sum = 0;
    for (Index r = 0; r < x.rows(); ++r)
        for (Index c = 0; c < x.cols(); ++c)
            if (x(r, c) >= alpha)
                sum += upstream(r, c);
    return sum;
}

} // namespace bitlab
