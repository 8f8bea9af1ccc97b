#pragma once
// AffineQuantizer: the asymmetric uniform grid of PyTorch's MinMaxObserver followed by
// fake_quantize_per_tensor_affine (per_channel: one observer per row), unsigned codes.
//
//   lo = min(min w, 0)    hi = max(max w, 0)    qmin = 0    qmax = 2^bits - 1
//   (minmax; other observers choose [lo, hi]: docs/quantizers.md "Observers")
//   scale = (hi - lo) / (qmax - qmin)
//   zp = clamp(qmin - round(lo / scale), qmin, qmax)
//   q = clamp(round(w / scale) + zp, qmin, qmax)      w' = (q - zp) * scale
//
// 0 is always exactly representable (code zp). bits: 1..16. zp uses nearest rounding even
// when the spec rounds stochastically (as PyTorch's observer does). Where hi = lo (an
// all-zero channel) the scale is recorded as 0, zp = 0, every code is 0 and w' = 0;
// PyTorch instead clamps the scale to float32 epsilon, which gives the same codes and w'.
//
// torch_float32: the scale, zero-point, inverse, product and w' in float32, as PyTorch's
// FakeQuantize does (core/quant/torch_float32.h).

#include "core/quant/quantizer.h"

namespace bitlab {

class AffineQuantizer : public Quantizer {
public:
    explicit AffineQuantizer(QuantizerSpec spec);
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;
    bool twoSidedRange() const override { return true; }
    Scalar clipError(const ConstMatrixRef& block, Scalar lo, Scalar hi) const override;

private:
    // Rows [first, first + rows) as channel ch with the range [lo, hi] (lo <= 0 <= hi).
    void quantizeRows(const ConstMatrixRef& w, Index first, Index rows, Index ch, Scalar lo,
        Scalar hi, Matrix& out, QuantState& state, Rng& rng) const;
    void quantizeRowsFloat32(const ConstMatrixRef& w, Index first, Index rows, Index ch,
        float scale, Scalar lo, Matrix& out, QuantState& state, Rng& rng) const;
};

} // namespace bitlab
