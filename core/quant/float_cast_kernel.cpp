#include "core/quant/float_cast_kernel.h"

#include <bit>
#include <cmath>

namespace bitlab {

namespace {
#include "core/kernels/float_cast_rule.inc"

// The elements castFloatRun() left: those floatCastOne() calls rare, found again with the
// same text, cast by the codec (its out-of-line paths: NaN, inf, e4m3's NaN on overflow).
// u: the stochastic draws (nullptr: round to nearest).
[[gnu::noinline, gnu::cold]] std::int64_t castRare(const FloatCastRule& rule,
    const FloatFormat::Codec& codec, FloatOverflow overflow, Index n, const double* in,
    const double* u, double* out, double* codes, double* inRange)
{
    std::int64_t changed = 0;
    for (Index c = 0; c < n; ++c) {
        const double y = rule.divide ? in[c] / rule.factor : in[c] * rule.factor;
        double code, value;
        const bool rare = u ? floatCastOne<true>(rule, y, u[c], code, value)
                            : floatCastOne<false>(rule, y, 0.0, code, value);
        if (!rare)
            continue;
        const auto cast = u ? codec.encodeStochastic(y, u[c], overflow) : codec.encode(y, overflow);
        const auto k = static_cast<double>(cast.code);
        changed += codes[c] != k ? 1 : 0;
        codes[c] = k;
        out[c] = (cast.value * rule.outScale) * rule.outScale2;
        if (inRange)
            inRange[c] = codec.roundsInRange(std::abs(y)) ? 1 : 0;
    }
    return changed;
}
} // namespace

FloatCastRule floatCastRule(const FloatFormat& format, FloatOverflow overflow, bool divide,
    double factor, double outScale, double outScale2)
{
    const auto man = static_cast<std::uint64_t>(format.manBits());
    FloatCastRule rule {};
    rule.divide = divide;
    rule.factor = factor;
    rule.outScale = outScale;
    rule.outScale2 = outScale2;
    rule.saturate = overflow == FloatOverflow::Saturate || format.specials() == FloatSpecials::None;
    rule.maxFinite = format.maxFinite();
    rule.minNormal = format.minNormal();
    rule.minNormalBits = std::bit_cast<std::uint64_t>(rule.minNormal);
    rule.upBits = (man + 2046) << 52;
    rule.downBits = man << 52;
    rule.codeShift = 52 - format.manBits();
    rule.signCode = static_cast<double>(format.signBit());
    rule.rangeTie = format.rangeTie();
    rule.tieInRange = format.maxFiniteCode() % 2 == 0;
    return rule;
}

std::int64_t castFloatNearest(const Kernels& kernels, const FloatCastRule& rule,
    const FloatFormat::Codec& codec, FloatOverflow overflow, Index n, const double* in, double* out,
    double* codes, double* inRange, bool count)
{
    std::int64_t changed = 0;
    const std::int64_t rare = kernels.castFloatRun(
        rule, n, in, nullptr, out, codes, inRange, count ? &changed : nullptr);
    if (rare > 0) [[unlikely]] {
        const std::int64_t more
            = castRare(rule, codec, overflow, n, in, nullptr, out, codes, inRange);
        if (count)
            changed += more;
    }
    return changed;
}

void castFloatStochastic(const Kernels& kernels, const FloatCastRule& rule,
    const FloatFormat::Codec& codec, FloatOverflow overflow, Index n, const double* in, double* out,
    double* codes, double* inRange, Rng& rng)
{
    withDrawsInChunks(n, rng, [&](Index first, Index m, const double* u) {
        double* range = inRange ? inRange + first : nullptr;
        if (kernels.castFloatRun(rule, m, in + first, u, out + first, codes + first, range, nullptr)
            > 0) [[unlikely]]
            castRare(rule, codec, overflow, m, in + first, u, out + first, codes + first, range);
    });
}

} // namespace bitlab
