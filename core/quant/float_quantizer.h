#pragma once
// FloatQuantizer: the "float" scheme, a cast to a low-precision float format (fp16, bf16,
// OCP FP8/FP6/FP4, or a custom E/M; DESIGN §6, docs/quantizers.md "float").
//
//   scaling none (default):  w' = F(w)
//   scaling amax:            s = amax / max_finite (amax: the observer's clip) (per tensor, or per
//   row with
//                            per_channel),  w' = F(w / s) * s;  amax = 0 gives s = 0, w' = 0
//
// F rounds to the nearest value of the format, ties to the even code, or stochastically
// (one u per element, row-major, whatever its value); overflow saturates (default) or
// follows the format (inf, or NaN for e4m3: such a weight makes the run diverge). Codes are
// the format's bit patterns (0..2^bits - 1, sign on top; -0 is the pattern 1 0...0), the
// scale is s (1 without scaling), the zero-point 0. The in-range mask is 0 where the cast
// saturated (nearest rounding would have passed the largest finite value).

#include "core/quant/float_format.h"
#include "core/quant/quantizer.h"

namespace bitlab {

class FloatQuantizer : public Quantizer {
public:
    explicit FloatQuantizer(QuantizerSpec spec);
    // The format a spec names: a registry format, or the custom E/M. Throws Error when
    // the name is unknown or the custom E/M out of range.
    static FloatFormat formatOf(const QuantizerSpec& spec);
    const FloatFormat& format() const { return m_format; }
    std::vector<Scalar> levels(const QuantState& state, Index channel) const override;
    Scalar dequantize(const QuantState& state, Index channel, Scalar code) const override;
    std::string explainCode(const QuantState& state, Index row, Index col) const override;
    // Round to nearest: the cast and a record's tally in one pass (the W1F and W3F twins'
    // small tensors pay a record's fixed cost per tensor otherwise).
    bool talliesRecords() const override;

protected:
    void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const override;
    void quantizeFiniteTallied(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng,
        QuantizeTally& tally, bool rangeMask) const override;
    Scalar clipError(const ConstMatrixRef& block, Scalar lo, Scalar hi) const override;

private:
    // Out of line, so that quantizeFinite()'s test for castDense() sets up no frame for it.
    template <bool Tally>
    [[gnu::noinline]] void castChannels(const ConstMatrixRef& w, Matrix& out, QuantState& state,
        Rng& rng, QuantizeTally* tally, bool rangeMask) const;
    // quantizeFinite() of a dense tensor without scaling: one run of casts, scale 1.
    void castDense(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const;
    // The state fields every cast sets alike: the code range, no blocks.
    void setCodeFields(QuantState& state) const;
    FloatFormat m_format;
    Scalar m_largestCode; // codeCount() - 1, state.qmax at every call
};

} // namespace bitlab
