#include "core/quant/affine_quantizer.h"

#include "core/common/error.h"
#include "core/quant/kernel_runs.h"
#include "core/quant/torch_float32.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

namespace {
#include "core/kernels/fake_quantize_rule.inc"
} // namespace

AffineQuantizer::AffineQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
{
    if (m_spec.scheme != "affine")
        throw Error("AffineQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

void AffineQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    const Index rows = channelRows(w);
    for (Index ch = 0; ch < state.channels(); ++ch) {
        const Index first = channelFirstRow(ch);
        const Scalar lo = state.rangeLo[static_cast<std::size_t>(ch)];
        const Scalar hi = state.rangeHi[static_cast<std::size_t>(ch)];
        quantizeRows(w, first, rows, ch, lo, hi, out, state, rng);
    }
}

void AffineQuantizer::quantizeRows(const ConstMatrixRef& w, Index first, Index rows, Index ch,
    Scalar lo, Scalar hi, Matrix& out, QuantState& state, Rng& rng) const
{
    state.qmin = 0;
    state.qmax = std::ldexp(1.0, m_spec.bits) - 1;
    const Scalar steps = state.qmax - state.qmin;
    if (m_spec.torchFloat32) {
        quantizeRowsFloat32(
            w, first, rows, ch, torch32::affineScale(lo, hi, steps), lo, out, state, rng);
        return;
    }
    Scalar scale = (hi - lo) / steps;
    if (!std::isfinite(scale)) // hi - lo overflowed; the two shares alone still fit
        scale = hi / steps - lo / steps;
    Scalar zp = state.qmin;
    if (scale != 0 && std::isfinite(scale))
        zp = std::clamp(state.qmin - std::nearbyint(lo / scale), state.qmin, state.qmax);
    // The extreme levels (qmin - zp) * scale and (qmax - zp) * scale must be doubles.
    requireFiniteScale(scale, std::max(zp - state.qmin, state.qmax - zp), "range [min, max]");
    state.scale[static_cast<std::size_t>(ch)] = scale;
    state.zeroPoint[static_cast<std::size_t>(ch)] = zp;
    if (m_spec.rounding == Rounding::Nearest && scale != 0) {
        // The loop below with qmin 0, row by row as one text with the activations' fake
        // quantization (core/kernels/fake_quantize_rule.inc), the run's kernel set's copy
        // when it has one: the same bits.
        const Index cols = w.cols();
        for (Index r = first; r < first + rows; ++r) {
            const Scalar* in = w.data() + r * w.outerStride();
            Scalar* o = out.data() + r * cols;
            Scalar* inRange = state.inRange.data() + r * cols;
            Scalar* codes = state.codes.data() + r * cols;
            if (kernels())
                kernels()->fakeQuantizeAffine(cols, in, scale, zp, state.qmax, o, inRange, codes);
            else
                fakeQuantizeRule(cols, in, scale, zp, state.qmax, o, inRange, codes);
        }
        return;
    }
    if (scale != 0 && kernels() && w.cols() >= kMinKernelRun) {
        // Stochastic (nearest returned above): the loop below on the kernel set, row by row,
        // the same draws.
        const StochasticRowRule rule { true, scale, true, zp, state.qmin, state.qmax, scale };
        const Index cols = w.cols();
        for (Index r = first; r < first + rows; ++r)
            roundStochasticRun(*kernels(), rule, cols, w.data() + r * w.outerStride(),
                out.data() + r * cols, state.codes.data() + r * cols,
                state.inRange.data() + r * cols, rng);
        return;
    }
    for (Index r = first; r < first + rows; ++r)
        for (Index c = 0; c < w.cols(); ++c) {
            const Scalar v = w(r, c);
            if (scale == 0) { // all zero, or a range so small that the scale underflows
                state.inRange(r, c) = 1; // lo <= v <= hi: the range is the tensor's own
                state.codes(r, c) = zp;
                out(r, c) = 0;
                if (m_spec.rounding == Rounding::Stochastic)
                    rng.uniform(); // one u per element, whatever the value
                continue;
            }
            const Scalar rounded = round(v / scale, rng) + zp;
            const Scalar q = std::clamp(rounded, state.qmin, state.qmax);
            state.inRange(r, c) = rounded >= state.qmin && rounded <= state.qmax ? 1 : 0;
            state.codes(r, c) = q;
            out(r, c) = (q - zp) * scale;
        }
}

void AffineQuantizer::quantizeRowsFloat32(const ConstMatrixRef& w, Index first, Index rows,
    Index ch, float scale, Scalar lo, Matrix& out, QuantState& state, Rng& rng) const
{
    const Scalar zp = torch32::affineZeroPoint(lo, scale, state.qmin, state.qmax);
    requireFiniteScale(
        scale, std::max(zp - state.qmin, state.qmax - zp), "range [min, max] (in float32)");
    state.scale[static_cast<std::size_t>(ch)] = scale;
    state.zeroPoint[static_cast<std::size_t>(ch)] = zp;
    const float inverse = 1.0f / scale;
    for (Index r = first; r < first + rows; ++r)
        for (Index c = 0; c < w.cols(); ++c) {
            // PyTorch adds the zero-point to the rounded product (z + nearbyint(x * inv)).
            const Scalar rounded = round(torch32::scaled(w(r, c), inverse), rng) + zp;
            const Scalar q = std::clamp(rounded, state.qmin, state.qmax);
            state.inRange(r, c) = rounded >= state.qmin && rounded <= state.qmax ? 1 : 0;
            state.codes(r, c) = q;
            out(r, c) = torch32::value(q, zp, scale);
        }
}

Scalar AffineQuantizer::clipError(const ConstMatrixRef& block, Scalar lo, Scalar hi) const
{
    const Scalar qmax = std::ldexp(1.0, m_spec.bits) - 1;
    Scalar scale = (hi - lo) / qmax;
    if (!std::isfinite(scale))
        scale = hi / qmax - lo / qmax;
    Scalar zp = 0;
    if (scale != 0 && std::isfinite(scale))
        zp = std::clamp(-std::nearbyint(lo / scale), Scalar(0), qmax);
    Scalar sum = 0;
    for (Index r = 0; r < block.rows(); ++r)
        for (Index c = 0; c < block.cols(); ++c) {
            const Scalar x = block(r, c);
            const Scalar q = scale == 0
                ? 0
                : (std::clamp(std::nearbyint(x / scale) + zp, Scalar(0), qmax) - zp) * scale;
            sum += (x - q) * (x - q);
        }
    return sum;
}

std::vector<Scalar> AffineQuantizer::levels(const QuantState& state, Index channel) const
{
    const auto ch = static_cast<std::size_t>(channel);
    const Scalar scale = state.scale.at(ch);
    if (scale == 0)
        return { 0.0 };
    std::vector<Scalar> out;
    out.reserve(static_cast<std::size_t>(state.qmax - state.qmin + 1));
    for (Scalar q = state.qmin; q <= state.qmax; q += 1)
        out.push_back(dequantize(state, channel, q));
    return out;
}

Scalar AffineQuantizer::dequantize(const QuantState& state, Index channel, Scalar code) const
{
    const auto ch = static_cast<std::size_t>(channel);
    const Scalar zp = state.zeroPoint.at(ch), scale = state.scale.at(ch);
    return m_spec.torchFloat32 ? torch32::value(code, zp, static_cast<float>(scale))
                               : (code - zp) * scale;
}

} // namespace bitlab
