#include "core/quant/mx_block.h"

#include "core/common/error.h"
#include "core/quant/round_half_even.h"

#include <algorithm>
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

double blockAmax(const ConstMatrixRef& w, Index row, Index first, Index count)
{
    double m = 0;
    for (Index c = first; c < first + count; ++c)
        m = std::max(m, std::abs(w(row, c)));
    return m;
}
} // namespace

void mxQuantize(const MxElement& element, Index block, const ConstMatrixRef& w, Matrix& out,
    Matrix& codes, Matrix& blockScales, bool stochastic, Rng& rng, Matrix* inRange)
{
    checkBlock(block);
    const Index nBlocks = blocksPerRow(w.cols(), block);
    out.resize(w.rows(), w.cols());
    codes.resize(w.rows(), w.cols());
    blockScales.resize(w.rows(), nBlocks);
    // The minifloat elements' codec by value (its numbers stay in registers in the loop).
    const bool int8 = element.isInt8();
    const FloatFormat::Codec codec = element.floatFormat().codec();
    for (Index r = 0; r < w.rows(); ++r) {
        for (Index b = 0; b < nBlocks; ++b) {
            const Index first = b * block;
            const Index count = std::min(block, w.cols() - first);
            const double amax = blockAmax(w, r, first, count);
            int e = 0;
            if (amax > 0) // ilogb is floor(log2) exactly, subnormals included
                e = std::clamp(std::ilogb(amax) - element.emax(), -127, 127);
            const double scale = detail::pow2(e);
            // x / 2^e and x * 2^-e are the same correctly rounded quotient (2^-e is exact
            // for e in [-127, 127]), subnormal results included; the product is cheaper.
            const double inverse = detail::pow2(-e);
            blockScales(r, b) = scale;
            for (Index c = first; c < first + count; ++c) {
                const double u = stochastic ? rng.uniform() : 0.0;
                const double y = w(r, c) * inverse;
                const auto cast = int8 ? element.cast(y, stochastic, u)
                    : stochastic       ? codec.encodeStochastic(y, u)
                                       : codec.encode(y);
                codes(r, c) = static_cast<double>(cast.code);
                if (inRange)
                    (*inRange)(r, c) = (int8 ? element.roundsInRange(std::abs(y))
                                             : codec.roundsInRange(std::abs(y)))
                        ? 1.0
                        : 0.0;
                out(r, c) = cast.value * scale;
            }
        }
    }
}

void nvfp4Quantize(Index block, const ConstMatrixRef& w, Matrix& out, Matrix& codes,
    Matrix& blockScales, double& tensorScale, bool stochastic, Rng& rng, Matrix* inRange)
{
    checkBlock(block);
    static const FloatFormat& e2m1 = *findFloatFormat("e2m1");
    static const FloatFormat& e4m3 = *findFloatFormat("e4m3");
    const Index nBlocks = blocksPerRow(w.cols(), block);
    out.resize(w.rows(), w.cols());
    codes.resize(w.rows(), w.cols());
    blockScales.resize(w.rows(), nBlocks);
    double amaxTensor = 0;
    for (Index r = 0; r < w.rows(); ++r)
        amaxTensor = std::max(amaxTensor, blockAmax(w, r, 0, w.cols()));
    tensorScale = amaxTensor / (6.0 * 448.0);
    const FloatFormat::Codec element = e2m1.codec(); // by value: kept in registers
    for (Index r = 0; r < w.rows(); ++r) {
        for (Index b = 0; b < nBlocks; ++b) {
            const Index first = b * block;
            const Index count = std::min(block, w.cols() - first);
            const double amax = blockAmax(w, r, first, count);
            const double sb = tensorScale > 0 ? e4m3.encode(amax / 6.0 / tensorScale).value : 0.0;
            blockScales(r, b) = sb;
            const double scale = sb * tensorScale;
            for (Index c = first; c < first + count; ++c) {
                const double u = stochastic ? rng.uniform() : 0.0;
                // A zero scale (an all-zero tensor or block, or an underflow) gives ±0.
                const double x = scale > 0 ? w(r, c) / scale : std::copysign(0.0, w(r, c));
                const auto cast = stochastic ? element.encodeStochastic(x, u) : element.encode(x);
                codes(r, c) = static_cast<double>(cast.code);
                if (inRange)
                    (*inRange)(r, c) = element.roundsInRange(std::abs(x)) ? 1.0 : 0.0;
                out(r, c) = cast.value * sb * tensorScale;
            }
        }
    }
}

} // namespace bitlab
