#include "core/model/activation_quantizer.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace bitlab {

namespace {
#include "core/kernels/fake_quantize_rule.inc"
} // namespace

ActivationQuantizer::ActivationQuantizer(int bits)
    : m_bits(bits)
{
    if (bits < 0 || bits > 16)
        throw Error("activation_bits must be 0 (off) or between 1 and 16, not "
            + std::to_string(bits) + ".");
}

void ActivationQuantizer::observe(const ConstMatrixRef& a)
{
    if (a.size() == 0)
        return;
    const Scalar lo = a.minCoeff();
    const Scalar hi = a.maxCoeff();
    if (!m_initialized) {
        m_min = lo;
        m_max = hi;
        m_initialized = true;
        return;
    }
    m_min += kAveragingConstant * (lo - m_min);
    m_max += kAveragingConstant * (hi - m_max);
}

ActivationQuantizer::Params ActivationQuantizer::params(const ConstMatrixRef& a) const
{
    if (m_initialized)
        return paramsFor(m_min, m_max, m_bits);
    if (a.size() == 0)
        return paramsFor(0.0, 0.0, m_bits);
    return paramsFor(a.minCoeff(), a.maxCoeff(), m_bits);
}

ActivationQuantizer::Params ActivationQuantizer::paramsFor(Scalar lo, Scalar hi, int bits)
{
    Params p;
    p.qmax = std::ldexp(1.0, bits) - 1.0;
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    // PyTorch clamps the scale at float32 epsilon, so a constant-zero layer keeps a grid.
    p.scale
        = std::max((hi - lo) / p.qmax, static_cast<Scalar>(std::numeric_limits<float>::epsilon()));
    p.zeroPoint = std::clamp(-std::nearbyint(lo / p.scale), 0.0, p.qmax);
    return p;
}

void ActivationQuantizer::apply(
    const ConstMatrixRef& a, const Params& p, Matrix& out, Matrix* mask, const Kernels* kernels)
{
    out.resize(a.rows(), a.cols());
    if (mask)
        mask->resize(a.rows(), a.cols());
    const Index cols = a.cols();
    // Row by row: each row of a (row-major) is contiguous, out and mask are.
    for (Index i = 0; i < a.rows(); ++i) {
        const Scalar* in = a.data() + i * a.outerStride();
        Scalar* o = out.data() + i * cols;
        Scalar* m = mask ? mask->data() + i * cols : nullptr;
        if (kernels)
            kernels->fakeQuantizeAffine(cols, in, p.scale, p.zeroPoint, p.qmax, o, m, nullptr);
        else
            fakeQuantizeRule(cols, in, p.scale, p.zeroPoint, p.qmax, o, m, nullptr);
    }
}

} // namespace bitlab
