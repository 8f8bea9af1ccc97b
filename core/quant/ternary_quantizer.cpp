#include "core/quant/ternary_quantizer.h"

#include "core/common/error.h"

#include <cmath>

namespace bitlab {

TernaryQuantizer::TernaryQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
{
    if (m_spec.scheme != "ternary")
        throw Error(
            "TernaryQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

void TernaryQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng&) const
{
    state.qmin = -1;
    state.qmax = 1;
    const Index rows = channelRows(w);
    for (Index ch = 0; ch < state.channels(); ++ch) {
        const Index first = channelFirstRow(ch);
        const Scalar delta = kThresholdFactor * meanAbs(w.middleRows(first, rows));
        Index kept = 0;
        for (Index r = first; r < first + rows; ++r)
            for (Index c = 0; c < w.cols(); ++c)
                if (std::abs(w(r, c)) > delta)
                    ++kept;
        Scalar alpha = 0;
        if (kept > 0) {
            Scalar sum = 0;
            for (Index r = first; r < first + rows; ++r)
                for (Index c = 0; c < w.cols(); ++c)
                    if (std::abs(w(r, c)) > delta)
                        sum += std::abs(w(r, c));
            if (std::isfinite(sum)) {
                alpha = sum / static_cast<Scalar>(kept);
            } else { // values near DBL_MAX: average the shares instead of the sum

                for (Index r = first; r < first + rows; ++r)
                    for (Index c = 0; c < w.cols(); ++c)
                        if (std::abs(w(r, c)) > delta)
                            alpha += std::abs(w(r, c)) / static_cast<Scalar>(kept);
            }
        }
        state.scale[static_cast<std::size_t>(ch)] = alpha;
        for (Index r = first; r < first + rows; ++r)
            for (Index c = 0; c < w.cols(); ++c) {
                const Scalar v = w(r, c);
                const Scalar q = std::abs(v) > delta ? (v < 0 ? -1.0 : 1.0) : 0.0;
                state.codes(r, c) = q;
                state.inRange(r, c) = 1;
                out(r, c) = q * alpha;
            }
    }
}

std::vector<Scalar> TernaryQuantizer::levels(const QuantState& state, Index channel) const
{
    const Scalar alpha = state.scale.at(static_cast<std::size_t>(channel));
    if (alpha == 0)
        return { 0.0 };
    return { -alpha, 0.0, alpha };
}

Scalar TernaryQuantizer::dequantize(const QuantState& state, Index channel, Scalar code) const
{
    return code * state.scale.at(static_cast<std::size_t>(channel));
}

} // namespace bitlab
