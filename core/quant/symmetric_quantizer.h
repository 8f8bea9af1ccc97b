#pragma once
// SymmetricQuantizer: a uniform grid centred on 0 with zero-point 0, scaled to the
// largest magnitude of the tensor (or of each row, per channel).
//
//   amax = max|w| (minmax; other observers choose a clip: docs/quantizers.md "Observers")
//   narrow range (default, Brevitas):   q in [-(2^(bits-1)-1), 2^(bits-1)-1],
//                                       scale = amax / (2^(bits-1) - 1)
//   full range (narrow_range: false,    q in [-2^(bits-1), 2^(bits-1)-1],
//     PyTorch's per_tensor_symmetric):  scale = amax / ((2^bits - 1) / 2)
//   q = clamp(round(w / scale), qmin, qmax)      w' = q * scale
//
// bits: 2..16 with narrow range (1 bit would leave only the code 0), 1..16 with full
// range. Where amax = 0 the scale is recorded as 0, every code is 0 and w' = 0; the
// channel's levels are then just {0}.
//
// torch_float32: the scale, its inverse, the product and w' in float32, as PyTorch's
// FakeQuantize does (core/quant/torch_float32.h); the scale is then at least float32 eps.

#include "core/quant/quantizer.h"

namespace bitlab {

class SymmetricQuantizer : public Quantizer {
public:
    explicit SymmetricQuantizer(QuantizerSpec spec);
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;
    bool talliesRecords() const override;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;
    void quantizeFiniteTallied(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng,
        QuantizeTally& tally, bool rangeMask) const override;
    Scalar clipError(const ConstMatrixRef& block, Scalar lo, Scalar hi) const override;

private:
    template <bool Tally>
    void quantizeChannels(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng,
        QuantizeTally* tally, bool rangeMask) const;
    void quantizeRowsFloat32(const ConstMatrixRef& w, Index first, Index rows, float scale,
        Matrix& out, QuantState& state, Rng& rng, Index ch) const;
};

} // namespace bitlab
