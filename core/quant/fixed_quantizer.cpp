#include "core/quant/fixed_quantizer.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

FixedQuantizer::FixedQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
{
    if (m_spec.scheme != "fixed")
        throw Error("FixedQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

void FixedQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    const int f = m_spec.fracBits;
    state.qmin = -std::ldexp(1.0, m_spec.bits - 1);
    state.qmax = std::ldexp(1.0, m_spec.bits - 1) - 1;
    std::fill(state.scale.begin(), state.scale.end(), std::ldexp(1.0, -f));
    for (Index r = 0; r < w.rows(); ++r)
        for (Index c = 0; c < w.cols(); ++c) {
            // ldexp is exact (or overflows to +-inf, which the clamp then saturates).
            const Scalar rounded = round(std::ldexp(w(r, c), f), rng);
            const bool inside = rounded >= state.qmin && rounded <= state.qmax;
            const Scalar q = std::clamp(rounded, state.qmin, state.qmax);
            state.inRange(r, c) = inside ? 1.0 : 0.0;
            state.codes(r, c) = q;
            out(r, c) = std::ldexp(q, -f);
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
