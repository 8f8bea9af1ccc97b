#include "core/quant/fixed_quantizer.h"

#include "core/common/error.h"
#include "core/quant/round_half_even.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

FixedQuantizer::FixedQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
{
    if (m_spec.scheme != "fixed")
        throw Error("FixedQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
    m_qmin = -std::ldexp(1.0, m_spec.bits - 1);
    m_qmax = std::ldexp(1.0, m_spec.bits - 1) - 1;
    m_up = std::ldexp(1.0, m_spec.fracBits);
    m_down = std::ldexp(1.0, -m_spec.fracBits);
}

void FixedQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    const int f = m_spec.fracBits;
    state.qmin = m_qmin;
    state.qmax = m_qmax;
    std::fill(state.scale.begin(), state.scale.end(), m_down);
    // Multiplying by the power of two 2^f (a normal double for |f| <= 1000) rounds exactly
    // as ldexp does, overflow and subnormal results included, without the library call.
    const bool multiply = f >= -1000 && f <= 1000;
    const Scalar up = multiply ? m_up : 0.0;
    const Scalar down = multiply ? m_down : 0.0;
    const bool nearest = m_spec.rounding == Rounding::Nearest;
    const Index cols = w.cols();
    const Scalar qmin = state.qmin, qmax = state.qmax;
    for (Index r = 0; r < w.rows(); ++r) {
        const Scalar* in = w.data() + r * w.outerStride();
        Scalar* o = out.data() + r * cols;
        Scalar* codes = state.codes.data() + r * cols;
        Scalar* inRange = state.inRange.data() + r * cols;
        for (Index c = 0; c < cols; ++c) {
            // ldexp is exact (or overflows to +-inf, which the clamp then saturates).
            const Scalar x = multiply ? in[c] * up : std::ldexp(in[c], f);
            const Scalar rounded = nearest ? detail::roundHalfEven(x) : round(x, rng);
            const bool inside = rounded >= qmin && rounded <= qmax;
            const Scalar q = std::clamp(rounded, qmin, qmax);
            inRange[c] = inside ? 1.0 : 0.0;
            codes[c] = q;
            o[c] = multiply ? q * down : std::ldexp(q, -f);
        }
    }
}

std::vector<Scalar> FixedQuantizer::levels(const QuantState& state, Index) const
{
    std::vector<Scalar> out;
    out.reserve(static_cast<std::size_t>(state.qmax - state.qmin + 1));
    for (Scalar q = state.qmin; q <= state.qmax; q += 1)
        out.push_back(std::ldexp(q, -m_spec.fracBits));
    return out;
}

Scalar FixedQuantizer::dequantize(const QuantState&, Index, Scalar code) const
{
    return std::ldexp(code, -m_spec.fracBits);
}

} // namespace bitlab
