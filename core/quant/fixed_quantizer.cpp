#include "core/quant/fixed_quantizer.h"

#include "core/common/error.h"
#include "core/quant/kernel_runs.h"
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

namespace {
// n consecutive elements onto the grid, with the rounding fixed at compile time (the
// nearest loop calls nothing, so it keeps its numbers in registers).
template <typename Round>
[[gnu::always_inline]] inline void gridRun(const Scalar* in, Index n, int f, bool multiply,
    Scalar up, Scalar down, Scalar qmin, Scalar qmax, Scalar* o, Scalar* codes, Scalar* inRange,
    Round round)
{
    for (Index c = 0; c < n; ++c) {
        // ldexp is exact (or overflows to +-inf, which the clamp then saturates).
        const Scalar x = multiply ? in[c] * up : std::ldexp(in[c], f);
        const Scalar rounded = round(x);
        const bool inside = rounded >= qmin && rounded <= qmax;
        const Scalar q = std::clamp(rounded, qmin, qmax);
        inRange[c] = inside ? 1.0 : 0.0;
        codes[c] = q;
        o[c] = multiply ? q * down : std::ldexp(q, -f);
    }
}
} // namespace

void FixedQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    const int f = m_spec.fracBits;
    state.qmin = m_qmin;
    state.qmax = m_qmax;
    if (state.scale.size() == 1)
        state.scale[0] = m_down;
    else
        std::fill(state.scale.begin(), state.scale.end(), m_down);
    // Multiplying by the power of two 2^f (a normal double for |f| <= 1000) rounds exactly
    // as ldexp does, overflow and subnormal results included, without the library call.
    const bool multiply = f >= -1000 && f <= 1000;
    const Scalar up = multiply ? m_up : 0.0;
    const Scalar down = multiply ? m_down : 0.0;
    const bool nearest = m_spec.rounding == Rounding::Nearest;
    const Scalar qmin = m_qmin, qmax = m_qmax;
    // A dense tensor is one run of elements in row-major order (W1's 1 x 1 tensors pay no
    // row loop); otherwise one run per row.
    const Index cols = w.cols();
    const bool dense = w.rows() <= 1 || w.outerStride() == cols;
    const Index runs = dense ? 1 : w.rows();
    const Index n = dense ? w.size() : cols;
    for (Index r = 0; r < runs; ++r) {
        const Scalar* in = w.data() + r * w.outerStride();
        const Index at = r * cols;
        Scalar* o = out.data() + at;
        Scalar* codes = state.codes.data() + at;
        Scalar* inRange = state.inRange.data() + at;
        // The kernel set's round-to-nearest row (the symmetric scheme's) with scale 2^-f:
        // x / 2^-f and x * 2^f are the same correctly rounded number, so the same bits.
        if (nearest && multiply && kernels() && n >= kMinKernelRun)
            kernels()->quantizeUniformRow(n, in, down, qmin, qmax, o, codes, inRange);
        else if (nearest)
            gridRun(in, n, f, multiply, up, down, qmin, qmax, o, codes, inRange,
                [](Scalar x) { return detail::roundHalfEven(x); });
        else if (multiply && kernels() && n >= kMinKernelRun)
            roundStochasticRun(*kernels(), { false, up, false, 0.0, qmin, qmax, down }, n, in, o,
                codes, inRange, rng);
        else
            gridRun(in, n, f, multiply, up, down, qmin, qmax, o, codes, inRange,
                [&](Scalar x) { return round(x, rng); });
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
