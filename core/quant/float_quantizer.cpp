#include "core/quant/float_quantizer.h"

#include "core/common/error.h"
#include "core/common/join_names.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

FloatFormat FloatQuantizer::formatOf(const QuantizerSpec& spec)
{
    if (spec.format == "custom")
        return FloatFormat::custom(spec.expBits, spec.manBits);
    if (const FloatFormat* f = findFloatFormat(spec.format))
        return *f;
    throw Error("quantizer.format must be one of " + joinNames(floatFormatNames())
        + " or custom, got \"" + spec.format + "\".");
}

FloatQuantizer::FloatQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
    , m_format(formatOf(m_spec))
{
    if (m_spec.scheme != "float")
        throw Error("FloatQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

namespace {
// Rows [first, first + rows) cast to the format, with the rounding and the scaling fixed
// at compile time: the element loop tests no mode (it runs once per weight per step).
template <bool Stochastic, bool Scaled>
void castRows(const FloatFormat& format, FloatOverflow overflow, const ConstMatrixRef& w,
    Index first, Index rows, Scalar scale, Matrix& out, QuantState& state, Rng& rng)
{
    for (Index r = first; r < first + rows; ++r) {
        for (Index c = 0; c < w.cols(); ++c) {
            const Scalar u = Stochastic ? rng.uniform() : 0.0; // one u per element
            const Scalar y = Scaled ? w(r, c) / scale : w(r, c);
            const auto cast
                = Stochastic ? format.encodeStochastic(y, u, overflow) : format.encode(y, overflow);
            state.codes(r, c) = static_cast<Scalar>(cast.code);
            state.inRange(r, c) = format.roundsInRange(std::abs(y)) ? 1 : 0;
            out(r, c) = Scaled ? cast.value * scale : cast.value;
        }
    }
}
} // namespace

void FloatQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    state.qmin = 0;
    state.qmax = static_cast<Scalar>(m_format.codeCount() - 1);
    state.blockScale.resize(0, 0);
    state.block = 0;
    const bool stochastic = m_spec.rounding == Rounding::Stochastic;
    const bool amax = m_spec.scaling == FloatScaling::Amax;
    const FloatOverflow overflow = m_spec.overflow;
    const Index rows = channelRows(w);
    for (Index ch = 0; ch < state.channels(); ++ch) {
        const Index first = channelFirstRow(ch);
        const Scalar scale
            = amax ? state.rangeHi[static_cast<std::size_t>(ch)] / m_format.maxFinite() : 1.0;
        state.scale[static_cast<std::size_t>(ch)] = scale;
        if (scale == 0) { // amax 0 (or an underflowed scale): nothing but 0
            for (Index r = first; r < first + rows; ++r)
                for (Index c = 0; c < w.cols(); ++c) {
                    if (stochastic)
                        rng.uniform(); // one u per element, whatever its value
                    state.codes(r, c) = 0;
                    state.inRange(r, c) = 1;
                    out(r, c) = 0;
                }
        } else if (stochastic) {
            if (amax)
                castRows<true, true>(m_format, overflow, w, first, rows, scale, out, state, rng);
            else
                castRows<true, false>(m_format, overflow, w, first, rows, scale, out, state, rng);
        } else {
            if (amax)
                castRows<false, true>(m_format, overflow, w, first, rows, scale, out, state, rng);
            else
                castRows<false, false>(m_format, overflow, w, first, rows, scale, out, state, rng);
        }
    }
}

Scalar FloatQuantizer::clipError(const ConstMatrixRef& block, Scalar, Scalar hi) const
{
    const Scalar scale = hi / m_format.maxFinite();
    Scalar sum = 0;
    for (Index r = 0; r < block.rows(); ++r)
        for (Index c = 0; c < block.cols(); ++c) {
            const Scalar x = block(r, c);
            const Scalar q
                = scale == 0 ? 0 : m_format.encode(x / scale, m_spec.overflow).value * scale;
            sum += (x - q) * (x - q);
        }
    return sum;
}

std::vector<Scalar> FloatQuantizer::levels(const QuantState& state, Index channel) const
{
    const Scalar scale = state.scale.at(static_cast<std::size_t>(channel));
    if (scale == 0)
        return { 0.0 };
    std::vector<Scalar> out = m_format.finiteValues();
    if (scale != 1) {
        for (auto& v : out)
            v *= scale;
        // A tiny scale can merge neighbours (subnormal products): keep them distinct.
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
    return out;
}

Scalar FloatQuantizer::dequantize(const QuantState& state, Index channel, Scalar code) const
{
    const Scalar scale = state.scale.at(static_cast<std::size_t>(channel));
    if (!(code >= 0 && code < m_format.codeCount() && code == std::floor(code)))
        throw Error(m_format.name() + " codes are integers in [0, "
            + std::to_string(m_format.codeCount() - 1) + "]");
    const Scalar v = m_format.decode(static_cast<std::uint32_t>(code));
    return m_spec.scaling == FloatScaling::Amax ? v * scale : v;
}

std::string FloatQuantizer::explainCode(const QuantState& state, Index row, Index col) const
{
    return m_format.explain(static_cast<std::uint32_t>(state.codes(row, col)));
}

} // namespace bitlab
