#pragma once
// BinaryQuantizer: one bit per weight, XNOR-Net's scaled sign (Rastegari et al., 2016).
//
//   alpha = mean|w|  (per channel: the mean of the row)      w' = alpha * sign(w)
//
// sign(0) = +1. Codes +-1, scale alpha, zero-point 0, code range [-1, 1], inRange always
// 1. bits and rounding are ignored (nothing is rounded; the Rng is never used). An
// all-zero channel has alpha = 0: w' = 0, codes +1, levels {0}.

#include "core/quant/quantizer.h"

namespace bitlab {

class BinaryQuantizer : public Quantizer {
public:
    explicit BinaryQuantizer(QuantizerSpec spec);
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;
};

} // namespace bitlab
