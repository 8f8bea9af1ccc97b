#pragma once
// FixedQuantizer: the classic two's-complement fixed-point format (Qm.f), a fixed grid
// that does not depend on the tensor.
//
//   q  = clamp(round(w * 2^f), -2^(bits-1), 2^(bits-1) - 1)      w' = q / 2^f
//
// bits is the word length including the sign (1..16), f = frac_bits (-32..32; a negative
// f makes the step 2^-f larger than 1). scale = 2^-f, zero-point 0, codes q. The
// granularity changes nothing but the number of (equal) scales reported. Use it to show
// the classic "round after every update" stall (DESIGN §2, post_update mode).

#include "core/quant/quantizer.h"

namespace bitlab {

class FixedQuantizer : public Quantizer {
public:
    explicit FixedQuantizer(QuantizerSpec spec);
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;

private:
    // The grid's powers of two, computed once (ldexp is a library call, and post_update
    // quantizes a 1-weight model after every 1-microsecond step): qmin, qmax, 2^f, 2^-f.
    Scalar m_qmin, m_qmax, m_up, m_down;
};

} // namespace bitlab
