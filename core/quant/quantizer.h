#pragma once
// Quantizer: maps a tensor to the values its scheme can represent, and reports the
// integer codes, scale(s) and zero-point(s) it used (DESIGN §2).
//
// All rounding is round-half-to-even (std::nearbyint) unless the spec asks for
// stochastic rounding: floor(x + u), u ~ U[0,1) from the caller's Rng.
// Per-channel granularity computes one scale per row (output channel) of a weight; a bias
// (a 1 x out row) therefore always has one scale. Scales are recomputed from the tensor
// at every call. A non-finite input is refused (Error) before any value is converted.

#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/engine/experiment_spec.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bitlab {

// What one quantize() call decided, per tensor.
struct QuantState {
    std::vector<Scalar> scale;      // one per channel (1 for per_tensor)
    std::vector<Scalar> zeroPoint;  // one per channel; 0 for all but affine
    Matrix codes;                   // integer code of every element (exact in a double)
    Matrix inRange;                 // 1 where the unclamped rounded code lay in [qmin, qmax], else 0
    Scalar qmin = 0, qmax = 0;      // code range
    Index channels() const { return static_cast<Index>(scale.size()); }
};

class Quantizer {
public:
    explicit Quantizer(QuantizerSpec spec) : m_spec(std::move(spec)) {}
    virtual ~Quantizer() = default;
    const QuantizerSpec& spec() const { return m_spec; }

    // out = Q(w) (same shape as w; may not alias w); fills state. rng is used only by
    // stochastic rounding.
    virtual void quantize(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const = 0;
    // Every value channel `channel` can take under `state` (ascending): the grid lines of
    // the weight views and the bins of their histograms.
    virtual std::vector<Scalar> levels(const QuantState& state, Index channel) const = 0;
    // Value of one code under state (w' for code q in channel c).
    virtual Scalar dequantize(const QuantState& state, Index channel, Scalar code) const = 0;

protected:
    // nearbyint or floor(x + u) per the spec.
    Scalar round(Scalar x, Rng& rng) const;
    QuantizerSpec m_spec;
};

struct QuantizerInfo {
    std::string name;
    std::string description;
    std::string formula;         // the mapping in one or two lines, for tooltips and docs
    bool usesFracBits = false;   // fixed
    bool usesNarrowRange = false; // symmetric
    bool hasZeroPoint = false;   // affine
    bool hasBits = true;         // binary and ternary ignore bits
    int minBits = 1, maxBits = 16;
    QuantizerSpec defaults;
    std::function<std::unique_ptr<Quantizer>(const QuantizerSpec&)> create;
};

const std::vector<QuantizerInfo>& quantizerRegistry();
const QuantizerInfo* findQuantizer(const std::string& name);
std::unique_ptr<Quantizer> createQuantizer(const QuantizerSpec& spec); // throws Error when unknown/invalid

} // namespace bitlab
