#pragma once
// BlockQuantizer: the block-scaled schemes "mx" (OCP Microscaling v1.0: MXFP8 e4m3/e5m2,
// MXFP6 e3m2/e2m3, MXFP4 e2m1, MXINT8) and "nvfp4" (e2m1 elements, an e4m3 scale per block
// of 16 and a per-tensor scale), with the formulas of core/quant/mx_block.h and DESIGN §6.
//
// Blocks are `block` consecutive elements along each row; the last one of a row may be
// short. State: codes are the element bit patterns, blockScale(r, b) the block scales
// (mx: X_b = 2^e_b, the E8M0 code is e_b + 127; nvfp4: s_b, an e4m3 value), scale[] the
// per-tensor scale (mx: 1; nvfp4: s_t), zero-point 0, the code range [0, 2^element bits - 1].
// w' = decode(code) * blockScale * scale. The in-range mask is 0 where an element
// saturated. Granularity is not read: scales are per block (and per tensor).

#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"

namespace bitlab {

class BlockQuantizer : public Quantizer {
public:
    explicit BlockQuantizer(QuantizerSpec spec);
    // The element format a spec names: its mx element, or e2m1 for nvfp4. Throws Error for
    // an unknown element.
    static const MxElement& elementOf(const QuantizerSpec& spec);
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;
    Scalar dequantizeAt(const QuantState& state, Index row, Index col, Scalar code) const override;
    std::string explainCode(const QuantState& state, Index row, Index col) const override;
    std::vector<Scalar> blockLevels(const QuantState& state, Index row, Index block) const override;
    std::string explainBlockScale(const QuantState& state, Index row, Index block) const override;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;

private:
    bool m_nvfp4;
    const MxElement& m_element;
};

} // namespace bitlab
