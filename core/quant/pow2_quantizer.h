#pragma once
// Pow2Quantizer: logarithmic quantization, every nonzero value a signed power of two
// (multiplier-free deployment: a shift per weight).
//
//   amax = max|w|      n = 2^(bits-1) - 1 exponents      emax = round(log2 amax)
//   emin = emax - n + 1
//   w' = sign(w) * 2^e,  e = clamp(round(log2|w|), emin, emax)   (rounded in the log domain)
//   w' = 0 where |w| < 2^emin / 2 (below half the smallest level; exactly half goes up)
//
// Codes: 0 for zero, else sign(w) * (k + 1) where w' = +-2^(emin + k), k = 0..n-1, so the
// code range is [-n, n]; scale = 2^emin (the smallest level), zero-point 0.
// bits: 2..16 (1 bit has no exponent left). The exponent window is kept inside what a
// double can hold: emax <= 1023, and when emin would fall below -1074 (the smallest
// subnormal) the window moves up to start there (it then covers every double power of
// two for 13+ bits). Where amax = 0 the scale is recorded as 0 and everything is 0.
//
// Stochastic rounding is unbiased in value, as QKeras' quantized_po2 does it: between
// the two neighbouring levels L < |w| < 2L it picks 2L with probability (|w| - L) / L
// (floor(|w|/L - 1 + u)), and below the smallest level it picks 2^emin with probability
// |w| / 2^emin, else 0, so E[w'] = w inside the range.

#include "core/quant/quantizer.h"

namespace bitlab {

class Pow2Quantizer : public Quantizer {
public:
    explicit Pow2Quantizer(QuantizerSpec spec);
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;

private:
    long exponentCount() const; // n = 2^(bits-1) - 1
    long maxExponent(long emin) const; // top of the window that starts at emin
};

} // namespace bitlab
