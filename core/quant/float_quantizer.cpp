#include "core/quant/float_quantizer.h"

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/quant/float_cast_kernel.h"
#include "core/quant/ordered_abs_sum.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

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
    , m_largestCode(static_cast<Scalar>(m_format.codeCount() - 1))
{
    if (m_spec.scheme != "float")
        throw Error("FloatQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

namespace {
// n consecutive elements cast to the format, with the rounding, the scaling, the tally and
// the mask fixed at compile time: the element loop tests no mode (it runs once per weight
// per step) and keeps the codec's numbers in registers. Tally: returns how many codes
// differ from those `codes` held before (else 0). Mask false: inRange is not written.
// Always inline: a call would pass the codec on the stack and spill the loop's registers.
template <bool Stochastic, bool Scaled, bool Tally, bool Mask>
[[gnu::always_inline]] inline Index castRun(const FloatFormat::Codec codec, FloatOverflow overflow,
    const Scalar* in, Index n, Scalar scale, Scalar* value, Scalar* codes, Scalar* inRange,
    Rng& rng)
{
    Index changed = 0;
    for (Index c = 0; c < n; ++c) {
        const Scalar u = Stochastic ? rng.uniform() : 0.0; // one u per element
        const Scalar y = Scaled ? in[c] / scale : in[c];
        const auto cast
            = Stochastic ? codec.encodeStochastic(y, u, overflow) : codec.encode(y, overflow);
        const auto code = static_cast<Scalar>(cast.code);
        if constexpr (Tally)
            changed += codes[c] != code ? 1 : 0;
        codes[c] = code;
        if constexpr (Mask)
            inRange[c] = codec.roundsInRange(std::abs(y)) ? 1 : 0;
        value[c] = Scaled ? cast.value * scale : cast.value;
    }
    return changed;
}

// n casts from `in` into out, codes and inRange: through the kernel set's copy, to nearest
// or stochastically (`rule` not null: the run's set has one; n long enough), else castRun().
template <bool Stochastic, bool Scaled, bool Tally, bool Mask>
[[gnu::always_inline]] inline Index castSpan(const FloatFormat::Codec codec, FloatOverflow overflow,
    const Kernels* kernels, const FloatCastRule* rule, const Scalar* in, Index n, Scalar scale,
    Scalar* value, Scalar* codes, Scalar* inRange, Rng& rng)
{
    if (rule && n >= kMinKernelRun) {
        if constexpr (Stochastic) { // (never tallied)
            castFloatStochastic(*kernels, *rule, codec, overflow, n, in, value, codes,
                Mask ? inRange : nullptr, rng);
            return 0;
        } else {
            return castFloatNearest(*kernels, *rule, codec, overflow, n, in, value, codes,
                Mask ? inRange : nullptr, Tally);
        }
    }
    return castRun<Stochastic, Scaled, Tally, Mask>(
        codec, overflow, in, n, scale, value, codes, inRange, rng);
}

// castDense()'s casts on a kernel set, out of line: the codec it passes by
// reference lives in memory here, not in the registers of castDense()'s own loops (W1F's
// 1 x 1 tensors take those at every step).
[[gnu::noinline]] void castDenseKernel(const Kernels& kernels, const FloatFormat& format,
    FloatOverflow overflow, bool stochastic, Index n, const Scalar* in, Scalar* out, Scalar* codes,
    Scalar* inRange, Rng& rng)
{
    const FloatCastRule rule = floatCastRule(format, overflow, false, 1.0, 1.0);
    if (stochastic)
        castFloatStochastic(
            kernels, rule, format.codec(), overflow, n, in, out, codes, inRange, rng);
    else
        castFloatNearest(
            kernels, rule, format.codec(), overflow, n, in, out, codes, inRange, false);
}

// Rows [first, first + rows) cast, row by row in row-major order (every matrix is
// row-major); a contiguous block (one channel of a dense tensor, W1's 1 x 1 ones) is one
// run, without a row loop around it. Tally: each run's |w - w'| added to `error` (the run
// just written, in the L1 cache) and its changed codes to `flips`. `rule`: as castSpan's.
template <bool Stochastic, bool Scaled, bool Tally, bool Mask>
void castRows(const FloatFormat::Codec codec, FloatOverflow overflow, const Kernels* kernels,
    const FloatCastRule* rule, const ConstMatrixRef& w, Index first, Index rows, Scalar scale,
    Matrix& out, QuantState& state, Rng& rng, detail::OrderedAbsSum& error, std::int64_t& flips)
{
    const Index cols = w.cols();
    if (cols == 0)
        return;
    if (rows == 1 || w.outerStride() == cols) {
        const Index at = first * cols;
        const Scalar* in = w.data() + first * w.outerStride();
        flips += castSpan<Stochastic, Scaled, Tally, Mask>(codec, overflow, kernels, rule, in,
            rows * cols, scale, out.data() + at, state.codes.data() + at, state.inRange.data() + at,
            rng);
        if constexpr (Tally)
            error.add(at, in, out.data() + at, rows * cols);
        return;
    }
    for (Index r = first; r < first + rows; ++r) {
        const Scalar* in = w.data() + r * w.outerStride();
        flips += castSpan<Stochastic, Scaled, Tally, Mask>(codec, overflow, kernels, rule, in, cols,
            scale, &out(r, 0), &state.codes(r, 0), &state.inRange(r, 0), rng);
        if constexpr (Tally)
            error.add(r * cols, in, &out(r, 0), cols);
    }
}
} // namespace

void FloatQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    // Without scaling every channel's scale is 1 and the cast goes element by element, so a
    // dense tensor is one run in row-major order (the same casts and draws as channel by
    // channel) without the channel loop, whose set-up W1F's 1 x 1 tensors pay per call.
    if (m_spec.scaling == FloatScaling::None && (w.rows() <= 1 || w.outerStride() == w.cols())) {
        castDense(w, out, state, rng);
        return;
    }
    castChannels<false>(w, out, state, rng, nullptr, true);
}

void FloatQuantizer::castDense(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    setCodeFields(state);
    if (state.scale.size() == 1)
        state.scale[0] = 1;
    else
        std::fill(state.scale.begin(), state.scale.end(), Scalar(1));
    Scalar* codes = state.codes.data();
    Scalar* inRange = state.inRange.data();
    if (kernels() && w.size() >= kMinKernelRun) {
        castDenseKernel(*kernels(), m_format, m_spec.overflow,
            m_spec.rounding == Rounding::Stochastic, w.size(), w.data(), out.data(), codes, inRange,
            rng);
        return;
    }
    // Made after the kernel's branch, which would keep it in memory for its call.
    const FloatFormat::Codec codec = m_format.codec();
    if (m_spec.rounding == Rounding::Stochastic)
        castRun<true, false, false, true>(
            codec, m_spec.overflow, w.data(), w.size(), 1.0, out.data(), codes, inRange, rng);
    else
        castRun<false, false, false, true>(
            codec, m_spec.overflow, w.data(), w.size(), 1.0, out.data(), codes, inRange, rng);
}

void FloatQuantizer::setCodeFields(QuantState& state) const
{
    state.qmin = 0;
    state.qmax = m_largestCode;
    if (state.blockScale.size() > 0)
        state.blockScale.resize(0, 0);
    state.block = 0;
}

bool FloatQuantizer::talliesRecords() const
{
    return m_spec.rounding == Rounding::Nearest;
}

void FloatQuantizer::quantizeFiniteTallied(const ConstMatrixRef& w, Matrix& out, QuantState& state,
    Rng& rng, QuantizeTally& tally, bool rangeMask) const
{
    castChannels<true>(w, out, state, rng, &tally, rangeMask);
}

template <bool Tally>
void FloatQuantizer::castChannels(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng,
    QuantizeTally* tally, bool rangeMask) const
{
    setCodeFields(state);
    const bool stochastic = !Tally && m_spec.rounding == Rounding::Stochastic;
    const bool amax = m_spec.scaling == FloatScaling::Amax;
    const FloatOverflow overflow = m_spec.overflow;
    const FloatFormat::Codec codec = m_format.codec();
    const Index rows = channelRows(w);
    const Index channels = state.channels();
    detail::OrderedAbsSum error(Tally ? w.size() : 0);
    std::int64_t flips = 0;
    // The kernel set's rule, made once; its scaling set per channel.
    const Kernels* const kernels = this->kernels();
    FloatCastRule kernelRule {};
    if (kernels)
        kernelRule = floatCastRule(m_format, overflow, false, 1.0, 1.0);
    const FloatCastRule* const rule = kernels ? &kernelRule : nullptr;
    for (Index ch = 0; ch < channels; ++ch) {
        const Index first = channelFirstRow(ch);
        const Scalar scale
            = amax ? state.rangeHi[static_cast<std::size_t>(ch)] / m_format.maxFinite() : 1.0;
        state.scale[static_cast<std::size_t>(ch)] = scale;
        // y = w / scale, w' = value * scale; without scaling y = w * 1 (exact, no division).
        kernelRule.divide = scale != 1.0;
        kernelRule.factor = scale;
        kernelRule.outScale = scale;
        if (scale == 0) { // amax 0 (or an underflowed scale): nothing but 0
            for (Index r = first; r < first + rows; ++r)
                for (Index c = 0; c < w.cols(); ++c) {
                    if (stochastic)
                        rng.uniform(); // one u per element, whatever its value
                    if constexpr (Tally)
                        flips += state.codes(r, c) != 0 ? 1 : 0;
                    state.codes(r, c) = 0;
                    if (rangeMask)
                        state.inRange(r, c) = 1;
                    out(r, c) = 0;
                }
            if constexpr (Tally)
                for (Index r = first; r < first + rows; ++r)
                    error.add(r * w.cols(), w.data() + r * w.outerStride(), &out(r, 0), w.cols());
        } else if constexpr (Tally) { // round to nearest (talliesRecords())
            if (amax && rangeMask)
                castRows<false, true, true, true>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
            else if (amax)
                castRows<false, true, true, false>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
            else if (rangeMask)
                castRows<false, false, true, true>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
            else
                castRows<false, false, true, false>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
        } else if (stochastic) {
            if (amax)
                castRows<true, true, false, true>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
            else
                castRows<true, false, false, true>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
        } else {
            if (amax)
                castRows<false, true, false, true>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
            else
                castRows<false, false, false, true>(codec, overflow, kernels, rule, w, first, rows,
                    scale, out, state, rng, error, flips);
        }
    }
    if constexpr (Tally) {
        tally->errorSum = error.result();
        tally->flips = flips;
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
