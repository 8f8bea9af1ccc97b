#include "core/quant/binary_quantizer.h"

#include "core/common/error.h"

namespace bitlab {

BinaryQuantizer::BinaryQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
{
    if (m_spec.scheme != "binary")
        throw Error("BinaryQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

void BinaryQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng&) const
{
    state.qmin = -1;
    state.qmax = 1;
    const Index rows = channelRows(w);
    for (Index ch = 0; ch < state.channels(); ++ch) {
        const Index first = channelFirstRow(ch);
        const Scalar alpha = meanAbs(w.middleRows(first, rows));
        state.scale[static_cast<std::size_t>(ch)] = alpha;
        for (Index r = first; r < first + rows; ++r)
            for (Index c = 0; c < w.cols(); ++c) {
                const Scalar q = w(r, c) >= 0 ? 1.0 : -1.0; // -0.0 >= 0 too: sign(0) = +1
                state.codes(r, c) = q;
                state.inRange(r, c) = 1;
                out(r, c) = q * alpha;
            }
    }
}

std::vector<Scalar> BinaryQuantizer::levels(const QuantState& state, Index channel) const
{
    const Scalar alpha = state.scale.at(static_cast<std::size_t>(channel));
    if (alpha == 0)
        return { 0.0 };
    return { -alpha, alpha };
}

Scalar BinaryQuantizer::dequantize(const QuantState& state, Index channel, Scalar code) const
{
    return code * state.scale.at(static_cast<std::size_t>(channel));
}

} // namespace bitlab
