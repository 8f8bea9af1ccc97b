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

#include <cstdint>
#include <string>
#include <vector>

namespace bitlab {

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
    Cast encode(double x, FloatOverflow overflow = FloatOverflow::Saturate) const;
    // Stochastic rounding with u in [0, 1) (the caller draws one per element).
    Cast encodeStochastic(
        double x, double u, FloatOverflow overflow = FloatOverflow::Saturate) const;

    // Whether nearest rounding of a magnitude a >= 0 stays at or below maxFinite() without
    // saturation (the in-range mask of ste_clip): a below maxFinite + ulp/2, or at that tie
    // when it goes to maxFinite (an even code, as for e4m3's 464 -> 448).
    bool roundsInRange(double a) const;

    // Every finite value, strictly ascending, -0 and +0 given once as 0: the grid lines of
    // the views (2 * (finite codes) - 1 entries).
    std::vector<double> finiteValues() const;
    // The body of a C function `double f(int32_t code, double scale, ...)` that returns
    // decode(code) * scale, exactly (needs <math.h>: ldexp, NAN, INFINITY).
    std::string cDecodeBody() const;
    // "E4M3: sign 0, exponent 0111, mantissa 010 -> 1.25 x 2^0" for the hover texts.
    std::string explain(std::uint32_t code) const;

private:
    template <bool Stochastic> Cast round(double x, double u, FloatOverflow overflow) const;

    std::string m_name;
    int m_expBits, m_manBits, m_bias;
    FloatSpecials m_specials;
    int m_maxExponent;
    double m_maxFinite;
    std::uint32_t m_maxFiniteCode;
};

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
