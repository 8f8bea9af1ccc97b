#include "core/quant/pow2_quantizer.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab {

namespace {
// Exponents of double's powers of two: 2^-1074 (smallest subnormal) .. 2^1023.
constexpr long kMinExponent = -1074;
constexpr long kMaxExponent = 1023;
} // namespace

Pow2Quantizer::Pow2Quantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
{
    if (m_spec.scheme != "pow2")
        throw Error("Pow2Quantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

long Pow2Quantizer::exponentCount() const
{
    return (1L << (m_spec.bits - 1)) - 1;
}

long Pow2Quantizer::maxExponent(long emin) const
{
    return std::min(emin + exponentCount() - 1, kMaxExponent);
}

void Pow2Quantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    const long n = exponentCount();
    state.qmin = -static_cast<Scalar>(n);
    state.qmax = static_cast<Scalar>(n);
    const bool stochastic = m_spec.rounding == Rounding::Stochastic;
    const Index rows = channelRows(w);
    for (Index ch = 0; ch < state.channels(); ++ch) {
        const Index first = channelFirstRow(ch);
        const Scalar amax = maxAbs(w.middleRows(first, rows));
        long emin = 0, emax = 0;
        Scalar scale = 0;
        if (amax > 0) {
            const auto top = static_cast<long>(std::nearbyint(std::log2(amax)));
            emin = std::max(std::min(top, kMaxExponent) - n + 1, kMinExponent);
            emax = maxExponent(emin);
            scale = std::ldexp(1.0, static_cast<int>(emin));
        }
        state.scale[static_cast<std::size_t>(ch)] = scale;
        const Scalar halfLowest = std::ldexp(1.0, static_cast<int>(emin - 1)); // 0 at -1075
        for (Index r = first; r < first + rows; ++r)
            for (Index c = 0; c < w.cols(); ++c) {
                const Scalar v = w(r, c);
                const Scalar m = std::abs(v);
                Scalar u = 0;
                if (stochastic)
                    u = rng.uniform(); // one u per element, whatever the value
                state.inRange(r, c) = 1;
                if (amax == 0 || m == 0) {
                    state.codes(r, c) = 0;
                    out(r, c) = 0;
                    continue;
                }
                long e = 0;
                bool zero = false;
                if (!stochastic) {
                    if (m < halfLowest)
                        zero = true;
                    else
                        e = static_cast<long>(std::nearbyint(std::log2(m)));
                } else if (m < scale) {
                    zero = m / scale + u < 1.0; // up with probability m / 2^emin
                    e = emin;
                } else {
                    int ex = 0;
                    std::frexp(m, &ex); // m = f * 2^ex, f in [0.5, 1): floor(log2 m) = ex - 1
                    const long e0 = ex - 1;
                    const Scalar t = std::ldexp(m, static_cast<int>(-e0)) - 1.0; // in [0, 1)
                    e = t + u >= 1.0 ? e0 + 1 : e0;
                }
                if (zero) {
                    state.codes(r, c) = 0;
                    out(r, c) = 0;
                    continue;
                }
                if (e > emax)
                    state.inRange(r, c) = 0;
                e = std::clamp(e, emin, emax);
                const Scalar sign = v < 0 ? -1.0 : 1.0;
                state.codes(r, c) = sign * static_cast<Scalar>(e - emin + 1);
                out(r, c) = sign * std::ldexp(1.0, static_cast<int>(e));
            }
    }
}

std::vector<Scalar> Pow2Quantizer::levels(const QuantState& state, Index channel) const
{
    const Scalar scale = state.scale.at(static_cast<std::size_t>(channel));
    if (scale == 0)
        return { 0.0 };
    const long emin = std::ilogb(scale);
    const long emax = maxExponent(emin);
    std::vector<Scalar> out;
    out.reserve(static_cast<std::size_t>(2 * (emax - emin + 1) + 1));
    for (long e = emax; e >= emin; --e)
        out.push_back(-std::ldexp(1.0, static_cast<int>(e)));
    out.push_back(0.0);
    for (long e = emin; e <= emax; ++e)
        out.push_back(std::ldexp(1.0, static_cast<int>(e)));
    return out;
}

Scalar Pow2Quantizer::dequantize(const QuantState& state, Index channel, Scalar code) const
{
    const Scalar scale = state.scale.at(static_cast<std::size_t>(channel));
    if (!std::isfinite(code))
        return std::numeric_limits<Scalar>::quiet_NaN();
    if (code == 0 || scale == 0)
        return 0;
    const long emin = std::ilogb(scale);
    const Scalar k = std::abs(code) - 1;
    const Scalar e = std::min(static_cast<Scalar>(emin) + k, static_cast<Scalar>(kMaxExponent));
    return std::copysign(std::ldexp(1.0, static_cast<int>(e)), code);
}

} // namespace bitlab
