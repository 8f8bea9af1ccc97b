#include "core/quant/symmetric_quantizer.h"

#include "core/common/error.h"
#include "core/quant/kernel_runs.h"
#include "core/quant/ordered_abs_sum.h"
#include "core/quant/round_half_even.h"
#include "core/quant/torch_float32.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

namespace {
#include "core/kernels/nearest_row_rule.inc"
} // namespace

SymmetricQuantizer::SymmetricQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
{
    if (m_spec.scheme != "symmetric")
        throw Error(
            "SymmetricQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

void SymmetricQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    quantizeChannels<false>(w, out, state, rng, nullptr, true);
}

bool SymmetricQuantizer::talliesRecords() const
{
    return m_spec.rounding == Rounding::Nearest && !m_spec.torchFloat32;
}

void SymmetricQuantizer::quantizeFiniteTallied(const ConstMatrixRef& w, Matrix& out,
    QuantState& state, Rng& rng, QuantizeTally& tally, bool rangeMask) const
{
    quantizeChannels<true>(w, out, state, rng, &tally, rangeMask);
}

// Round to nearest with a double scale goes row by row through the kernel set's copy of
// the loop when the run has one (kernels()). Tally: round to nearest, double scale
// (talliesRecords()); each row's new codes are compared with the old ones in the same loop,
// and its |w - w'| summed from the row just written (still in the L1 cache) in
// detail::OrderedAbsSum's order. rangeMask false (tally only): state.inRange is not written.
template <bool Tally>
void SymmetricQuantizer::quantizeChannels(const ConstMatrixRef& w, Matrix& out, QuantState& state,
    Rng& rng, QuantizeTally* tally, bool rangeMask) const
{
    const Kernels* const kernels = this->kernels();
    const Scalar half = std::ldexp(1.0, m_spec.bits - 1);
    Scalar denominator = 0;
    if (m_spec.narrowRange) {
        state.qmin = -(half - 1);
        state.qmax = half - 1;
        denominator = half - 1;
    } else {
        state.qmin = -half;
        state.qmax = half - 1;
        denominator = (2 * half - 1) / 2;
    }
    const Index rows = channelRows(w);
    const Index cols = w.cols();
    const bool nearest = m_spec.rounding == Rounding::Nearest;
    const Scalar qmin = state.qmin, qmax = state.qmax;
    detail::OrderedAbsSum error(Tally ? w.size() : 0);
    std::int64_t flips = 0;
    for (Index ch = 0; ch < state.channels(); ++ch) {
        const Index first = channelFirstRow(ch);
        // A scale that underflows to 0 (amax below ~1e-305) is treated like amax = 0:
        // nothing but 0 is representable at that scale anyway.
        const Scalar amax = state.rangeHi[static_cast<std::size_t>(ch)];
        if (!Tally && m_spec.torchFloat32) {
            quantizeRowsFloat32(
                w, first, rows, torch32::symmetricScale(amax, denominator), out, state, rng, ch);
            continue;
        }
        const Scalar scale = amax / denominator;
        requireFiniteScale(scale, -state.qmin, "largest magnitude");
        state.scale[static_cast<std::size_t>(ch)] = scale;
        for (Index r = first; r < first + rows; ++r) {
            const Scalar* in = w.data() + r * w.outerStride();
            Scalar* o = out.data() + r * cols;
            Scalar* codes = state.codes.data() + r * cols;
            Scalar* inRange = rangeMask ? state.inRange.data() + r * cols : nullptr;
            if (scale == 0) {
                for (Index c = 0; c < cols; ++c) {
                    if constexpr (Tally)
                        flips += codes[c] != 0 ? 1 : 0;
                    if (inRange)
                        inRange[c] = 1;
                    codes[c] = 0;
                    o[c] = 0;
                    if (!Tally && m_spec.rounding == Rounding::Stochastic)
                        rng.uniform(); // one u per element, whatever the value
                }
            } else if ((Tally || nearest) && kernels) {
                const std::int64_t changed
                    = kernels->quantizeUniformRow(cols, in, scale, qmin, qmax, o, codes, inRange);
                if constexpr (Tally)
                    flips += changed;
            } else if (Tally || nearest) {
                flips += static_cast<std::int64_t>(inRange
                        ? nearestRow<Tally, true>(cols, in, scale, qmin, qmax, o, codes, inRange)
                        : nearestRow<Tally, false>(cols, in, scale, qmin, qmax, o, codes, nullptr));
            } else if (kernels && cols >= kMinKernelRun) {
                const StochasticRowRule rule { true, scale, false, 0.0, qmin, qmax, scale };
                roundStochasticRun(*kernels, rule, cols, in, o, codes, inRange, rng);
            } else {
                for (Index c = 0; c < cols; ++c) {
                    const Scalar rounded = round(in[c] / scale, rng);
                    const Scalar q = std::clamp(rounded, qmin, qmax);
                    inRange[c] = rounded >= qmin && rounded <= qmax ? 1 : 0;
                    codes[c] = q;
                    o[c] = q * scale;
                }
            }
            if constexpr (Tally)
                error.add(r * cols, in, o, cols);
        }
    }
    if constexpr (Tally) {
        tally->errorSum = error.result();
        tally->flips = flips;
    }
}

void SymmetricQuantizer::quantizeRowsFloat32(const ConstMatrixRef& w, Index first, Index rows,
    float scale, Matrix& out, QuantState& state, Rng& rng, Index ch) const
{
    requireFiniteScale(scale, -state.qmin, "largest magnitude (in float32)");
    state.scale[static_cast<std::size_t>(ch)] = scale;
    const float inverse = 1.0f / scale;
    const Index cols = w.cols();
    const Scalar qmin = state.qmin, qmax = state.qmax;
    for (Index r = first; r < first + rows; ++r) {
        const Scalar* in = w.data() + r * w.outerStride();
        Scalar* o = out.data() + r * cols;
        Scalar* codes = state.codes.data() + r * cols;
        Scalar* inRange = state.inRange.data() + r * cols;
        for (Index c = 0; c < cols; ++c) {
            const Scalar rounded = round(torch32::scaled(in[c], inverse), rng);
            const Scalar q = std::clamp(rounded, qmin, qmax);
            inRange[c] = rounded >= qmin && rounded <= qmax ? 1 : 0;
            codes[c] = q;
            o[c] = torch32::value(q, 0, scale);
        }
    }
}

Scalar SymmetricQuantizer::clipError(const ConstMatrixRef& block, Scalar, Scalar hi) const
{
    const Scalar half = std::ldexp(1.0, m_spec.bits - 1);
    const Scalar qmax = half - 1;
    const Scalar qmin = m_spec.narrowRange ? -(half - 1) : -half;
    const Scalar scale = hi / (m_spec.narrowRange ? half - 1 : (2 * half - 1) / 2);
    Scalar sum = 0;
    for (Index r = 0; r < block.rows(); ++r)
        for (Index c = 0; c < block.cols(); ++c) {
            const Scalar x = block(r, c);
            const Scalar q
                = scale == 0 ? 0 : std::clamp(detail::roundHalfEven(x / scale), qmin, qmax) * scale;
            sum += (x - q) * (x - q);
        }
    return sum;
}

std::vector<Scalar> SymmetricQuantizer::levels(const QuantState& state, Index channel) const
{
    const Scalar scale = state.scale.at(static_cast<std::size_t>(channel));
    if (scale == 0)
        return { 0.0 };
    std::vector<Scalar> out;
    out.reserve(static_cast<std::size_t>(state.qmax - state.qmin + 1));
    for (Scalar q = state.qmin; q <= state.qmax; q += 1)
        out.push_back(dequantize(state, channel, q));
    return out;
}

Scalar SymmetricQuantizer::dequantize(const QuantState& state, Index channel, Scalar code) const
{
    const Scalar scale = state.scale.at(static_cast<std::size_t>(channel));
    return m_spec.torchFloat32 ? torch32::value(code, 0, static_cast<float>(scale)) : code * scale;
}

} // namespace bitlab
