#include "core/quant/mx_block.h"

#include "core/common/error.h"
#include "core/quant/float_cast_kernel.h"
#include "core/quant/round_half_even.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace bitlab {

MxElement::MxElement(const FloatFormat& format)
    : MxElement(format.name(), false, format)
{
}

MxElement::MxElement(std::string name, bool isInt8, FloatFormat format)
    : m_name(std::move(name))
    , m_isInt8(isInt8)
    , m_format(std::move(format))
{
}

MxElement MxElement::int8()
{
    return MxElement("int8", true, *findFloatFormat("e4m3"));
}

FloatFormat::Cast MxElement::castInt8(double x, bool stochastic, double u) const
{
    const double y = 64.0 * x; // exact: a power of two (saturates below if it overflows)
    double k;
    if (stochastic) {
        const double whole = std::floor(y);
        k = (y - whole) + u >= 1.0 ? whole + 1.0 : whole; // inf - inf is NaN: stays whole
    } else {
        k = detail::roundHalfEven(y);
    }
    k = std::clamp(k, -127.0, 127.0) + 0.0; // + 0.0: an integer has no negative zero
    const auto byte = static_cast<std::uint32_t>(k < 0 ? k + 256.0 : k);
    return { byte, k / 64.0 };
}

double MxElement::decode(std::uint32_t code) const
{
    if (!m_isInt8)
        return m_format.decode(code);
    if (code > 0xFF)
        throw Error("int8 codes are bytes (0..255), got " + std::to_string(code));
    const int k = code < 128 ? static_cast<int>(code) : static_cast<int>(code) - 256;
    return k / 64.0;
}

std::vector<double> MxElement::finiteValues() const
{
    if (!m_isInt8)
        return m_format.finiteValues();
    std::vector<double> out;
    for (int k = -127; k <= 127; ++k)
        out.push_back(k / 64.0);
    return out;
}

const std::vector<MxElement>& mxElements()
{
    static const std::vector<MxElement> elements = [] {
        std::vector<MxElement> r;
        for (const char* name : { "e4m3", "e5m2", "e3m2", "e2m3", "e2m1" })
            r.emplace_back(*findFloatFormat(name));
        r.push_back(MxElement::int8());
        return r;
    }();
    return elements;
}

const MxElement* findMxElement(const std::string& name)
{
    for (const auto& e : mxElements())
        if (e.name() == name)
            return &e;
    return nullptr;
}

std::vector<std::string> mxElementNames()
{
    std::vector<std::string> out;
    for (const auto& e : mxElements())
        out.push_back(e.name());
    return out;
}

Index blocksPerRow(Index cols, Index block)
{
    return block <= 0 ? 0 : (cols + block - 1) / block;
}

namespace {
void checkBlock(Index block)
{
    if (block < kMinBlock || block > kMaxBlock)
        throw Error("block must be between " + std::to_string(kMinBlock) + " and "
            + std::to_string(kMaxBlock) + ", got " + std::to_string(block));
}

// The largest magnitude of a block (0 for an empty one); with a kernel set, its
// maxMagnitudeBits (the same value for finite elements, which a quantizer is given).
double blockAmax(const double* in, Index count, const Kernels* kernels)
{
    if (kernels && count >= kMinKernelRun)
        return std::bit_cast<double>(kernels->maxMagnitudeBits(count, in));
    double m = 0;
    for (Index c = 0; c < count; ++c)
        m = std::max(m, std::abs(in[c]));
    return m;
}

// Calls f(r, b, in, count, at) for block b of row r of w: a pointer to its first element, its
// length (the last block of a row may be short) and its offset in a contiguous row-major
// tensor shaped like w (out, codes, the mask).
template <typename F> void forEachBlock(const ConstMatrixRef& w, Index block, Index nBlocks, F&& f)
{
    const Index cols = w.cols();
    for (Index r = 0; r < w.rows(); ++r) {
        const double* row = w.data() + r * w.outerStride();
        for (Index b = 0; b < nBlocks; ++b) {
            const Index first = b * block;
            f(r, b, row + first, std::min(block, cols - first), r * cols + first);
        }
    }
}

// One MX block's elements (a row's `count` from `in`): y = w * 2^-e, its cast to the element
// format (the minifloat codec, or int8), the code, the in-range flag and w' = value * 2^e.
// Specialised like nvfp4Block.
template <bool Stochastic, bool WithRange, bool Int8>
void mxBlock(const double* in, Index count, double scale, double inverse, const MxElement& element,
    const FloatFormat::Codec& codec, Rng& rng, double* out, double* codes, double* inRange)
{
    for (Index c = 0; c < count; ++c) {
        const double u = Stochastic ? rng.uniform() : 0.0;
        const double y = in[c] * inverse;
        const auto cast = Int8 ? element.cast(y, Stochastic, u)
            : Stochastic       ? codec.encodeStochastic(y, u)
                               : codec.encode(y);
        codes[c] = static_cast<double>(cast.code);
        if constexpr (WithRange)
            inRange[c]
                = (Int8 ? element.roundsInRange(std::abs(y)) : codec.roundsInRange(std::abs(y)))
                ? 1.0
                : 0.0;
        out[c] = cast.value * scale;
    }
}

// kernels: the minifloat elements' casts go through the set's copy (blocks of at least
// kMinKernelRun elements).
template <bool Stochastic, bool WithRange, bool Int8>
void mxBlocks(const MxElement& element, Index block, const ConstMatrixRef& w, Matrix& out,
    Matrix& codes, Matrix& blockScales, Rng& rng, Matrix* inRange, const Kernels* kernels)
{
    // The minifloat elements' codec by value (its numbers stay in registers in the loop).
    const FloatFormat::Codec codec = element.floatFormat().codec();
    // The kernel set's rule, its factors set per block.
    FloatCastRule rule {};
    if (kernels && !Int8)
        rule = floatCastRule(element.floatFormat(), FloatOverflow::Saturate, false, 1.0, 1.0);
    forEachBlock(w, block, blockScales.cols(),
        [&](Index r, Index b, const double* in, Index count, Index at) {
            const double amax = blockAmax(in, count, kernels);
            int e = 0;
            if (amax > 0) // ilogb is floor(log2) exactly, subnormals included
                e = std::clamp(std::ilogb(amax) - element.emax(), -127, 127);
            const double scale = detail::pow2(e);
            // x / 2^e and x * 2^-e are the same correctly rounded quotient (2^-e is exact
            // for e in [-127, 127]), subnormal results included; the product is cheaper.
            const double inverse = detail::pow2(-e);
            blockScales(r, b) = scale;
            if constexpr (!Int8) {
                if (kernels && count >= kMinKernelRun) {
                    // y = w * 2^-e, w' = value * 2^e, as below.
                    rule.factor = inverse;
                    rule.outScale = scale;
                    double* range = WithRange ? inRange->data() + at : nullptr;
                    if constexpr (Stochastic)
                        castFloatStochastic(*kernels, rule, codec, FloatOverflow::Saturate, count,
                            in, out.data() + at, codes.data() + at, range, rng);
                    else
                        castFloatNearest(*kernels, rule, codec, FloatOverflow::Saturate, count, in,
                            out.data() + at, codes.data() + at, range, false);
                    return;
                }
            }
            mxBlock<Stochastic, WithRange, Int8>(in, count, scale, inverse, element, codec, rng,
                out.data() + at, codes.data() + at, WithRange ? inRange->data() + at : nullptr);
        });
}

template <bool Stochastic, bool WithRange>
void mxBlocksOf(const MxElement& element, Index block, const ConstMatrixRef& w, Matrix& out,
    Matrix& codes, Matrix& blockScales, Rng& rng, Matrix* inRange, const Kernels* kernels)
{
    if (element.isInt8())
        mxBlocks<Stochastic, WithRange, true>(
            element, block, w, out, codes, blockScales, rng, inRange, nullptr);
    else
        mxBlocks<Stochastic, WithRange, false>(
            element, block, w, out, codes, blockScales, rng, inRange, kernels);
}
} // namespace

void mxQuantize(const MxElement& element, Index block, const ConstMatrixRef& w, Matrix& out,
    Matrix& codes, Matrix& blockScales, bool stochastic, Rng& rng, Matrix* inRange,
    const Kernels* kernels)
{
    checkBlock(block);
    out.resize(w.rows(), w.cols());
    codes.resize(w.rows(), w.cols());
    blockScales.resize(w.rows(), blocksPerRow(w.cols(), block));
    if (inRange) {
        if (stochastic)
            mxBlocksOf<true, true>(
                element, block, w, out, codes, blockScales, rng, inRange, kernels);
        else
            mxBlocksOf<false, true>(
                element, block, w, out, codes, blockScales, rng, inRange, kernels);
    } else if (stochastic) {
        mxBlocksOf<true, false>(element, block, w, out, codes, blockScales, rng, nullptr, kernels);
    } else {
        mxBlocksOf<false, false>(element, block, w, out, codes, blockScales, rng, nullptr, kernels);
    }
}

namespace {
// One nvfp4 block's elements (a row's `count` from `in`): x = w / (s_b s_t), its e2m1 cast,
// the code, the in-range flag and w' = value * s_b * s_t. Specialised on the rounding and on
// the mask, with row pointers: no per-element test of either, no index arithmetic.
template <bool Stochastic, bool WithRange>
void nvfp4Block(const double* in, Index count, double sb, double tensorScale,
    const FloatFormat::Codec& element, Rng& rng, double* out, double* codes, double* inRange)
{
    const double scale = sb * tensorScale;
    for (Index c = 0; c < count; ++c) {
        const double u = Stochastic ? rng.uniform() : 0.0;
        // A zero scale (an all-zero tensor or block, or an underflow) gives ±0.
        const double x = scale > 0 ? in[c] / scale : std::copysign(0.0, in[c]);
        const auto cast = Stochastic ? element.encodeStochastic(x, u) : element.encode(x);
        codes[c] = static_cast<double>(cast.code);
        if constexpr (WithRange)
            inRange[c] = element.roundsInRange(std::abs(x)) ? 1.0 : 0.0;
        out[c] = cast.value * sb * tensorScale;
    }
}

// kernels: the casts of blocks with a nonzero scale go through the set's copy (blocks of
// at least kMinKernelRun elements).
template <bool Stochastic, bool WithRange>
void nvfp4Blocks(Index block, const ConstMatrixRef& w, Matrix& out, Matrix& codes,
    const Matrix& blockScales, double tensorScale, const FloatFormat::Codec& element, Rng& rng,
    Matrix* inRange, const Kernels* kernels)
{
    static const FloatFormat& e2m1 = *findFloatFormat("e2m1");
    FloatCastRule rule {};
    if (kernels) // its factors set per block
        rule = floatCastRule(e2m1, FloatOverflow::Saturate, true, 1.0, 1.0, tensorScale);
    forEachBlock(w, block, blockScales.cols(),
        [&](Index r, Index b, const double* in, Index count, Index at) {
            const double sb = blockScales(r, b);
            const double scale = sb * tensorScale;
            if (kernels && count >= kMinKernelRun && scale > 0) {
                // x = w / (s_b s_t), w' = value * s_b * s_t, as nvfp4Block.
                rule.factor = scale;
                rule.outScale = sb;
                double* range = WithRange ? inRange->data() + at : nullptr;
                if constexpr (Stochastic)
                    castFloatStochastic(*kernels, rule, element, FloatOverflow::Saturate, count, in,
                        out.data() + at, codes.data() + at, range, rng);
                else
                    castFloatNearest(*kernels, rule, element, FloatOverflow::Saturate, count, in,
                        out.data() + at, codes.data() + at, range, false);
                return;
            }
            nvfp4Block<Stochastic, WithRange>(in, count, sb, tensorScale, element, rng,
                out.data() + at, codes.data() + at, WithRange ? inRange->data() + at : nullptr);
        });
}
} // namespace

void nvfp4Quantize(Index block, const ConstMatrixRef& w, Matrix& out, Matrix& codes,
    Matrix& blockScales, double& tensorScale, bool stochastic, Rng& rng, Matrix* inRange,
    const Kernels* kernels)
{
    checkBlock(block);
    static const FloatFormat& e2m1 = *findFloatFormat("e2m1");
    static const FloatFormat& e4m3 = *findFloatFormat("e4m3");
    const Index nBlocks = blocksPerRow(w.cols(), block);
    out.resize(w.rows(), w.cols());
    codes.resize(w.rows(), w.cols());
    blockScales.resize(w.rows(), nBlocks);
    // One scan: each block's amax (held in blockScales until its scale replaces it), and
    // the tensor's, their maximum.
    double amaxTensor = 0;
    forEachBlock(w, block, nBlocks, [&](Index r, Index b, const double* in, Index count, Index) {
        const double amax = blockAmax(in, count, kernels);
        blockScales(r, b) = amax;
        amaxTensor = std::max(amaxTensor, amax);
    });
    tensorScale = amaxTensor / (6.0 * 448.0);
    for (Index k = 0; k < blockScales.size(); ++k) {
        double& s = blockScales.data()[k];
        s = tensorScale > 0 ? e4m3.encode(s / 6.0 / tensorScale).value : 0.0;
    }
    const FloatFormat::Codec element = e2m1.codec(); // by value: kept in registers
    if (inRange) {
        if (stochastic)
            nvfp4Blocks<true, true>(
                block, w, out, codes, blockScales, tensorScale, element, rng, inRange, kernels);
        else
            nvfp4Blocks<false, true>(
                block, w, out, codes, blockScales, tensorScale, element, rng, inRange, kernels);
    } else if (stochastic) {
        nvfp4Blocks<true, false>(
            block, w, out, codes, blockScales, tensorScale, element, rng, nullptr, kernels);
    } else {
        nvfp4Blocks<false, false>(
            block, w, out, codes, blockScales, tensorScale, element, rng, nullptr, kernels);
    }
}

} // namespace bitlab
