#pragma once
// Block-scaled formats: OCP Microscaling (MX v1.0: MXFP8, MXFP6, MXFP4, MXINT8) and NVIDIA's
// NVFP4, as fake quantization of a row-major tensor (DESIGN §6, docs/quantizers.md "mx").
//
// Blocks are `block` consecutive elements along each row (the input dimension of an
// [out, in] weight); a row whose length is not a multiple of the block ends with a short
// block, which is a block like the others. Blocks never span two rows.
//
// MX, per block b with amax_b = max |x| over the block:
//     e_b = clamp(floor(log2(amax_b)) - emax(E), -127, 127),   X_b = 2^e_b    (E8M0 scale)
//     amax_b = 0 gives X_b = 1 (and zeros)
//     x' = E(x / X_b) * X_b,  E() the element cast with saturation
// emax(E) is the exponent of the element format's largest normal power of two: e4m3 8,
// e5m2 15, e3m2 4, e2m3 2, e2m1 2, int8 0. MXINT8 elements are k/64, k in [-127, 127],
// k = clamp(round(64 x / X_b), -127, 127). The block's E8M0 code is e_b + 127.
//
// NVFP4 (e2m1 elements, blocks of 16 by default), with a per-tensor scale:
//     s_t = amax_tensor / (6 * 448)
//     s_b = e4m3(amax_b / 6 / s_t)                (nearest, saturating)
//     x'  = e2m1(x / (s_b * s_t)) * s_b * s_t
//     amax_tensor = 0, or s_b * s_t = 0 for a block: its elements are ±0.
//
// Codes are the element's bit patterns: the minifloat codes of FloatFormat (sign bit on
// top), and for int8 the two's-complement byte k & 0xFF. Rounding: nearest (ties to even)
// or stochastic with exactly one u drawn per element, row-major, whatever its value (the
// scales are always computed with nearest rounding). The input must be finite (the
// quantizer refuses NaN/inf before it gets here). Nothing allocates once the output
// matrices have the right shapes.

#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"
#include "core/quant/float_format.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bitlab {

// An MX element format: a minifloat, or MXINT8's scaled 8-bit integer.
class MxElement {
public:
    explicit MxElement(const FloatFormat& format); // a minifloat element
    static MxElement int8();

    const std::string& name() const { return m_name; }
    bool isInt8() const { return m_isInt8; }
    const FloatFormat& floatFormat() const { return m_format; } // e4m3 stand-in for int8
    int bits() const { return m_isInt8 ? 8 : m_format.bits(); }
    int emax() const { return m_isInt8 ? 0 : m_format.maxExponent(); }
    double maxFinite() const { return m_isInt8 ? 127.0 / 64.0 : m_format.maxFinite(); }
    // Cast with saturation (nearest, or stochastic when stochastic is true with that u).
    // Inline: called once per element.
    FloatFormat::Cast cast(double x, bool stochastic, double u) const
    {
        if (!m_isInt8)
            return stochastic ? m_format.encodeStochastic(x, u) : m_format.encode(x);
        return castInt8(x, stochastic, u);
    }
    double decode(std::uint32_t code) const;
    // Whether nearest rounding of a magnitude a stays within the element's range unclamped.
    bool roundsInRange(double a) const
    {
        return m_isInt8 ? 64.0 * a < 127.5 : m_format.roundsInRange(a);
    }
    // Every finite value, strictly ascending (255 for int8).
    std::vector<double> finiteValues() const;

private:
    MxElement(std::string name, bool isInt8, FloatFormat format);
    FloatFormat::Cast castInt8(double x, bool stochastic, double u) const;
    std::string m_name;
    bool m_isInt8;
    FloatFormat m_format;
};

// The MX element names of DESIGN §6: e4m3, e5m2, e3m2, e2m3, e2m1, int8.
const std::vector<MxElement>& mxElements();
const MxElement* findMxElement(const std::string& name); // nullptr when unknown
std::vector<std::string> mxElementNames();

inline constexpr int kMxDefaultBlock = 32;
inline constexpr int kNvfp4DefaultBlock = 16;
inline constexpr int kMinBlock = 1, kMaxBlock = 1 << 20;

// Blocks in a row of `cols` elements: ceil(cols / block).
Index blocksPerRow(Index cols, Index block);

// MX fake quantization of w: out (w's shape), codes (the elements' bit patterns),
// blockScales (rows x blocksPerRow: X_b = 2^e_b). rng is used only when stochastic. When
// inRange is given it is set to 1 where |x / X_b| rounds within the element's range
// unclamped (MxElement::roundsInRange), else 0; it must already have w's shape.
// kernels: a kernel set whose cast the minifloat elements take (Kernels::castFloatRun: the
// same bits and draws; nullptr: the baseline code).
void mxQuantize(const MxElement& element, Index block, const ConstMatrixRef& w, Matrix& out,
    Matrix& codes, Matrix& blockScales, bool stochastic, Rng& rng, Matrix* inRange = nullptr,
    const Kernels* kernels = nullptr);

// NVFP4 fake quantization of w: blockScales holds s_b (an e4m3 value) per block, tensorScale
// is s_t; the scale of an element is s_b * s_t.
// inRange and kernels as for mxQuantize.
void nvfp4Quantize(Index block, const ConstMatrixRef& w, Matrix& out, Matrix& codes,
    Matrix& blockScales, double& tensorScale, bool stochastic, Rng& rng, Matrix* inRange = nullptr,
    const Kernels* kernels = nullptr);

} // namespace bitlab
