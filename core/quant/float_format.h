#pragma once
// FloatFormat: a small binary floating-point format (a "minifloat": fp16, bf16, the OCP
// FP8/FP6/FP4 formats, or a user-chosen E/M) and its exact codec (DESIGN §6,
// docs/quantizers.md "float").
//
// A code is  sign (1 bit) | exponent field e (E bits) | mantissa field m (M bits),
// bits = 1 + E + M, the sign the top bit. Its value is
//     e = 0:  (-1)^s * (m / 2^M) * 2^(1 - bias)          (±0 and the subnormals)
//     e > 0:  (-1)^s * (1 + m / 2^M) * 2^(e - bias)      (normal numbers)
// except for the format's special codes:
//     Ieee     e all ones is ±inf (m = 0) or NaN (m != 0): fp16, bf16, e5m2, custom
//     NanOnly  no infinities; only S.1111.111 (e and m all ones) is NaN: OCP FP8 e4m3
//     None     every code is a finite number: OCP FP6 e3m2, e2m3, FP4 e2m1
//
// encode() rounds a double to the nearest code, ties to the even code (the one whose
// mantissa ends in 0: IEEE's roundTiesToEven); encodeStochastic() rounds the magnitude
// up to the next code with probability (|x| - lo) / (hi - lo), else down, given
// u ~ U[0, 1) from the caller (up exactly when frac + u >= 1, as for the integer
// schemes), so E[value] = x within the range. Neither searches: the exponent is read from
// the double's bits, the magnitude is scaled by a power of two onto an integer grid,
// rounded, and the code is that integer plus the exponent's offset.
// Overflow (|x| beyond the largest finite value maxFinite()):
//     Saturate  |x| is clamped to maxFinite() first, sign kept (inf included);
//     Format    what the format does: the value rounds against maxFinite() + ulp as if
//               that were a code, and that code means ±inf (Ieee) or NaN (NanOnly, e4m3);
//               a format without special values saturates. ±inf gives ±inf / NaN.
// NaN in gives the format's NaN with the input's sign (Ieee: e all ones, top mantissa bit
// set; e4m3: S.1111.111); a format without NaN refuses it (Error). -0.0 encodes as the
// negative zero code (1 followed by zeros), as IEEE conversions do.
// Formats are small values: copy them freely; every method is const and thread-safe.

#include "core/quant/round_half_even.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bitlab {

namespace detail {
// 2^e as a double, built from its bits: e must be a normal double's exponent (-1022..1023),
// which every format's range keeps it within (see FloatFormat's constructor).
inline double pow2(int e)
{
    return std::bit_cast<double>(static_cast<std::uint64_t>(e + 1023) << 52);
}
} // namespace detail

enum class FloatSpecials { Ieee, NanOnly, None };
enum class FloatOverflow { Saturate, Format };

class FloatFormat {
public:
    // A format with exp_bits E in [2, 8] and man_bits M in [1, 23]; throws Error otherwise.
    FloatFormat(std::string name, int expBits, int manBits, int bias, FloatSpecials specials);
    // custom: E/M with bias 2^(E-1) - 1 and IEEE specials (DESIGN §6). Throws Error
    // naming exp_bits / man_bits when out of range.
    static FloatFormat custom(int expBits, int manBits);

    const std::string& name() const { return m_name; }
    int expBits() const { return m_expBits; }
    int manBits() const { return m_manBits; }
    int bias() const { return m_bias; }
    FloatSpecials specials() const { return m_specials; }
    int bits() const { return 1 + m_expBits + m_manBits; }
    std::uint32_t codeCount() const { return std::uint32_t(1) << bits(); } // 2^bits
    std::uint32_t signBit() const { return std::uint32_t(1) << (m_expBits + m_manBits); }
    bool hasInf() const { return m_specials == FloatSpecials::Ieee; }
    bool hasNan() const { return m_specials != FloatSpecials::None; }
    // Exponent of the smallest normal number: 1 - bias.
    int minExponent() const { return 1 - m_bias; }
    // Exponent of the largest normal power of two (MX's emax: e4m3 8, e5m2 15, e3m2 4,
    // e2m3 2, e2m1 2, fp16 15, bf16 127).
    int maxExponent() const { return m_maxExponent; }
    double maxFinite() const { return m_maxFinite; }
    double minNormal() const; // 2^(1 - bias)
    double minSubnormal() const; // 2^(1 - bias - M)
    std::uint32_t maxFiniteCode() const { return m_maxFiniteCode; } // positive
    std::uint32_t infCode() const; // +inf; Ieee only (Error otherwise)
    std::uint32_t nanCode() const; // positive canonical NaN; Ieee and NanOnly (Error otherwise)
    bool isNan(std::uint32_t code) const;
    bool isInf(std::uint32_t code) const;

    // Value of a code in [0, codeCount()); NaN for NaN codes, ±inf for inf codes. Throws
    // Error for a code out of range.
    double decode(std::uint32_t code) const;

    // The code of x, and its value (== decode(code), as a double; -0.0 for the negative
    // zero code): nearest, ties to even.
    struct Cast {
        std::uint32_t code;
        double value;
    };
    // What encode() reads, by value. A loop that takes it once keeps these numbers in
    // registers: read through the format, they would be reloaded for every element, since
    // the loop's stores of doubles could alias the format's doubles.
    class Codec {
    public:
        Cast encode(double x, FloatOverflow overflow = FloatOverflow::Saturate) const
        {
            return round<false>(x, 0.0, overflow);
        }
        Cast encodeStochastic(
            double x, double u, FloatOverflow overflow = FloatOverflow::Saturate) const
        {
            return round<true>(x, u, overflow);
        }
        bool roundsInRange(double a) const
        {
            return a < m_rangeTie || (a == m_rangeTie && m_maxFiniteCode % 2 == 0);
        }

    private:
        friend class FloatFormat;
        template <bool Stochastic> Cast round(double x, double u, FloatOverflow overflow) const;
        const FloatFormat* m_format; // the rare paths: NaN in, overflow without saturation
        int m_manBits, m_minExponent;
        std::uint32_t m_signBit, m_maxFiniteCode;
        bool m_alwaysSaturates; // no inf or NaN: overflow saturates whatever the spec says
        double m_maxFinite, m_rangeTie;
    };
    // Valid while this format lives (it points back to it for the rare paths).
    Codec codec() const
    {
        Codec c;
        c.m_format = this;
        c.m_manBits = m_manBits;
        c.m_minExponent = minExponent();
        c.m_signBit = signBit();
        c.m_maxFiniteCode = m_maxFiniteCode;
        c.m_alwaysSaturates = m_specials == FloatSpecials::None;
        c.m_maxFinite = m_maxFinite;
        c.m_rangeTie = m_rangeTie;
        return c;
    }

    Cast encode(double x, FloatOverflow overflow = FloatOverflow::Saturate) const
    {
        return codec().encode(x, overflow);
    }
    // Stochastic rounding with u in [0, 1) (the caller draws one per element).
    Cast encodeStochastic(
        double x, double u, FloatOverflow overflow = FloatOverflow::Saturate) const
    {
        return codec().encodeStochastic(x, u, overflow);
    }

    // Whether nearest rounding of a magnitude a >= 0 stays at or below maxFinite() without
    // saturation (the in-range mask of ste_clip): a below maxFinite + ulp/2, or at that tie
    // when it goes to maxFinite (an even code, as for e4m3's 464 -> 448).
    bool roundsInRange(double a) const
    {
        return a < m_rangeTie || (a == m_rangeTie && m_maxFiniteCode % 2 == 0);
    }
    double rangeTie() const { return m_rangeTie; } // maxFinite + ulp/2: roundsInRange's bound

    // Every finite value, strictly ascending, -0 and +0 given once as 0: the grid lines of
    // the views (2 * (finite codes) - 1 entries).
    std::vector<double> finiteValues() const;
    // The body of a C function `double f(int32_t code, double scale, ...)` that returns
    // decode(code) * scale, exactly (needs <math.h>: ldexp, NAN, INFINITY).
    std::string cDecodeBody() const;
    // "E4M3: sign 0, exponent 0111, mantissa 010 -> 1.25 x 2^0" for the hover texts.
    std::string explain(std::uint32_t code) const;

private:
    // The rare cases of Codec::round(), out of line: NaN in (Error for a format without NaN), and a
    // magnitude past the largest finite value without saturation (inf, or NaN for e4m3).
    Cast castNan(std::uint32_t sign) const;
    Cast castOverflow(bool negative) const;

    std::string m_name;
    int m_expBits, m_manBits, m_bias;
    FloatSpecials m_specials;
    int m_maxExponent;
    double m_maxFinite;
    std::uint32_t m_maxFiniteCode;
    double m_rangeTie; // maxFinite + ulp/2 there: roundsInRange's bound
};

// Not a search: the exponent is read from the double's bits, the magnitude scaled by a
// power of two onto the integer grid of its binade, rounded, and the code is that integer
// plus the exponent's offset. Inline so that the per-element loops of the quantizers
// keep everything in registers.
template <bool Stochastic>
inline FloatFormat::Cast FloatFormat::Codec::round(double x, double u, FloatOverflow overflow) const
{
    const bool negative = std::signbit(x);
    const std::uint32_t sign = negative ? m_signBit : 0;
    if (std::isnan(x)) [[unlikely]]
        return m_format->castNan(sign);
    double a = std::abs(x);
    const bool saturate = overflow == FloatOverflow::Saturate || m_alwaysSaturates;
    if (saturate)
        a = std::min(a, m_maxFinite); // inf too
    else if (a == std::numeric_limits<double>::infinity())
        return m_format->castOverflow(negative);
    // The binade of a (subnormal doubles read as -1023), no lower than the format's
    // smallest normal exponent: below it the grid step is the subnormal one.
    const int binade = static_cast<int>(std::bit_cast<std::uint64_t>(a) >> 52) - 1023;
    const int e = std::max(binade, m_minExponent);
    // a on the integer grid of its binade: q in [0, 2^(M+1)), exact (a power-of-two scale).
    const double q = a * detail::pow2(m_manBits - e);
    double r;
    if constexpr (Stochastic) {
        // floor(q), exactly: q is finite, >= 0 and below 2^(M+1), so truncation is floor
        // (two conversions where baseline SSE2 has no roundsd and std::floor takes 13).
        const auto whole = static_cast<double>(static_cast<std::int64_t>(q));
        r = (q - whole) + u >= 1.0 ? whole + 1.0 : whole;
    } else {
        r = detail::roundHalfEven(q);
    }
    const double v = r * detail::pow2(e - m_manBits);
    if (v > m_maxFinite) // only without saturation: rounded onto the code past the largest
        return m_format->castOverflow(negative);
    // r <= 2^(M+1) is a small integer; one binade up adds 2^M to the code, and r = 2^(M+1)
    // carries into the next exponent field by itself.
    const auto code = static_cast<std::uint32_t>(r)
        + (static_cast<std::uint32_t>(e - m_minExponent) << m_manBits);
    return { code | sign, negative ? -v : v };
}

// The named formats of DESIGN §6, in this order: fp16, bf16, e5m2, e4m3, e3m2, e2m3,
// e2m1 (the registry the JSON reader, the GUI and the docs list; adding a format is one
// entry in float_format.cpp).
struct FloatFormatInfo {
    std::string name;
    std::string description;
    FloatFormat format;
};
const std::vector<FloatFormatInfo>& floatFormatRegistry();
const FloatFormat* findFloatFormat(const std::string& name); // nullptr when unknown
std::vector<std::string> floatFormatNames();

// Limits of a custom format (exp_bits, man_bits), shared by validation and docs.
inline constexpr int kFloatMinExpBits = 2, kFloatMaxExpBits = 8;
inline constexpr int kFloatMinManBits = 1, kFloatMaxManBits = 23;

} // namespace bitlab
