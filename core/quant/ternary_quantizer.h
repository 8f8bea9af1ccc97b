#pragma once
// TernaryQuantizer: Ternary Weight Networks (Li, Zhang & Liu, 2016), values {-a, 0, +a}.
//
//   delta = 0.7 * mean|w|
//   alpha = mean of |w| over the elements with |w| > delta   (0 when there is none)
//   w' = alpha * sign(w) where |w| > delta, else 0
//
// Per channel: delta and alpha per row. Codes -1, 0, +1, scale alpha, zero-point 0, code
// range [-1, 1], inRange always 1. bits and rounding are ignored (the Rng is never used).
// An all-zero channel has delta = alpha = 0: codes 0, w' = 0, levels {0}.

#include "core/quant/quantizer.h"

namespace bitlab {

class TernaryQuantizer : public Quantizer {
public:
    explicit TernaryQuantizer(QuantizerSpec spec);
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;

    static constexpr Scalar kThresholdFactor = 0.7;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;
};

} // namespace bitlab
