#include "core/quant/block_quantizer.h"

#include "core/common/error.h"
#include "core/common/join_names.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace bitlab {

const MxElement& BlockQuantizer::elementOf(const QuantizerSpec& spec)
{
    if (spec.scheme == "nvfp4")
        return *findMxElement("e2m1");
    if (const MxElement* e = findMxElement(spec.element))
        return *e;
    throw Error("quantizer.element must be one of " + joinNames(mxElementNames()) + ", got \""
        + spec.element + "\".");
}

BlockQuantizer::BlockQuantizer(QuantizerSpec spec)
    : Quantizer(std::move(spec))
    , m_nvfp4(m_spec.scheme == "nvfp4")
    , m_element(elementOf(m_spec))
{
    if (m_spec.scheme != "mx" && m_spec.scheme != "nvfp4")
        throw Error("BlockQuantizer built from a spec whose scheme is \"" + m_spec.scheme + "\".");
}

void BlockQuantizer::quantizeFinite(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    state.qmin = 0;
    state.qmax = std::ldexp(1.0, m_element.bits()) - 1;
    state.block = m_spec.block;
    const bool stochastic = m_spec.rounding == Rounding::Stochastic;
    double tensorScale = 1.0;
    if (m_nvfp4)
        nvfp4Quantize(m_spec.block, w, out, state.codes, state.blockScale, tensorScale, stochastic,
            rng, &state.inRange, kernels());
    else
        mxQuantize(m_element, m_spec.block, w, out, state.codes, state.blockScale, stochastic, rng,
            &state.inRange, kernels());
    std::fill(state.scale.begin(), state.scale.end(), tensorScale);
}

std::vector<Scalar> BlockQuantizer::levels(const QuantState& state, Index channel) const
{
    // Every value of the channel's blocks: the element values times each distinct block
    // scale (times the tensor scale).
    const Scalar tensorScale = state.scale.at(static_cast<std::size_t>(channel));
    const bool perRow = state.channels() > 1;
    const Index first = perRow ? channel : 0;
    const Index rows = perRow ? 1 : state.blockScale.rows();
    std::vector<Scalar> scales;
    for (Index r = first; r < first + rows; ++r)
        for (Index b = 0; b < state.blockScale.cols(); ++b)
            scales.push_back(state.blockScale(r, b));
    std::sort(scales.begin(), scales.end());
    scales.erase(std::unique(scales.begin(), scales.end()), scales.end());
    const std::vector<double> values = m_element.finiteValues();
    std::vector<Scalar> out;
    for (Scalar s : scales)
        for (double v : values)
            out.push_back(v * s * tensorScale + 0.0); // + 0.0: -0 is 0
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty())
        out.push_back(0.0);
    return out;
}

Scalar BlockQuantizer::dequantize(const QuantState& state, Index channel, Scalar code) const
{
    if (!(code >= 0 && code <= state.qmax && code == std::floor(code)))
        throw Error(m_element.name() + " codes are integers in [0, "
            + std::to_string(static_cast<long long>(state.qmax)) + "]");
    return m_element.decode(static_cast<std::uint32_t>(code))
        * state.scale.at(static_cast<std::size_t>(channel));
}

Scalar BlockQuantizer::dequantizeAt(
    const QuantState& state, Index row, Index col, Scalar code) const
{
    if (!(code >= 0 && code <= state.qmax && code == std::floor(code)))
        throw Error(m_element.name() + " codes are integers in [0, "
            + std::to_string(static_cast<long long>(state.qmax)) + "]");
    const Scalar blockScale = state.blockScale(row, col / state.block);
    return m_element.decode(static_cast<std::uint32_t>(code)) * blockScale
        * state.scale.at(static_cast<std::size_t>(state.channelOfRow(row)));
}

std::vector<Scalar> BlockQuantizer::blockLevels(
    const QuantState& state, Index row, Index block) const
{
    // One block's grid: its element values times its scale (and the tensor scale).
    const Scalar scale = state.blockScale(row, block)
        * state.scale.at(static_cast<std::size_t>(state.channelOfRow(row)));
    std::vector<Scalar> out;
    for (double v : m_element.finiteValues())
        out.push_back(v * scale + 0.0); // + 0.0: -0 is 0
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end()); // a zero scale: {0}
    return out;
}

std::string BlockQuantizer::explainBlockScale(const QuantState& state, Index row, Index block) const
{
    const Scalar scale = state.blockScale(row, block);
    std::ostringstream s;
    if (m_nvfp4) {
        static const FloatFormat& e4m3 = *findFloatFormat("e4m3");
        s << scale << " (" << e4m3.explain(e4m3.encode(scale).code) << ") x tensor scale "
          << state.scale.at(0);
    } else {
        int e = 0;
        std::frexp(scale, &e); // scale = 2^(e - 1), exactly
        s << "2^" << (e - 1) << " (E8M0 code " << (e - 1 + 127) << ")";
    }
    return s.str();
}

std::string BlockQuantizer::explainCode(const QuantState& state, Index row, Index col) const
{
    const auto code = static_cast<std::uint32_t>(state.codes(row, col));
    std::ostringstream s;
    if (m_element.isInt8()) {
        const int k = code < 128 ? static_cast<int>(code) : static_cast<int>(code) - 256;
        s << "INT8: byte " << code << " -> " << k << "/64";
    } else {
        s << m_element.floatFormat().explain(code);
    }
    const Index block = state.block > 0 ? col / state.block : 0;
    const Scalar scale = state.blockScale.size() > 0 ? state.blockScale(row, block) : 1.0;
    s << "; block " << block << " scale ";
    if (m_nvfp4) {
        s << scale << " (E4M3) x tensor scale " << state.scale.at(0);
    } else {
        int e = 0;
        std::frexp(scale, &e);
        s << "2^" << (e - 1);
    }
    return s.str();
}

} // namespace bitlab
