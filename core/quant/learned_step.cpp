#include "core/quant/learned_step.h"

#include "core/quant/round_half_even.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

namespace {
#include "core/kernels/learned_step_rule.inc"
} // namespace

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
    MatrixRef inside, const Kernels* kernels)
{
    // Row by row: a row of each (row-major) is contiguous.
    for (Index r = 0; r < x.rows(); ++r) {
        const Scalar* in = x.data() + r * x.outerStride();
        Scalar* o = out.data() + r * out.outerStride();
        Scalar* k = codes.data() + r * codes.outerStride();
        Scalar* m = inside.data() + r * inside.outerStride();
        if (kernels)
            kernels->lsqForward(x.cols(), in, s, range.qn, range.qp, o, k, m);
        else
            lsqForwardRule(x.cols(), in, s, range.qn, range.qp, o, k, m);
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

void pactForward(const ConstMatrixRef& x, Scalar alpha, int bits, MatrixRef out, MatrixRef pass,
    const Kernels* kernels)
{
    const Scalar steps = std::ldexp(1.0, bits) - 1;
    const Scalar scale = alpha / steps;
    for (Index r = 0; r < x.rows(); ++r) {
        const Scalar* in = x.data() + r * x.outerStride();
        Scalar* o = out.data() + r * out.outerStride();
        Scalar* p = pass.data() + r * pass.outerStride();
        if (kernels)
            kernels->pactForward(x.cols(), in, alpha, scale, o, p);
        else
            pactForwardRule(x.cols(), in, alpha, scale, o, p);
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
