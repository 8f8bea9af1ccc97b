#pragma once
// Quantizer: maps a tensor to the values its scheme can represent, and reports the
// integer codes, scale(s) and zero-point(s) it used (DESIGN §2, docs/quantizers.md).
//
// Use createQuantizer(spec) (or a QuantizerInfo's create) to get one; quantize() a
// weight tensor at every step; read levels() for the grid lines of a view.
//
// All rounding is round-half-to-even (std::nearbyint: 2.5 -> 2, 3.5 -> 4, -2.5 -> -2)
// unless the spec asks for stochastic rounding: floor(x + u), u ~ U[0,1) from the
// caller's Rng, exactly one u per element in row-major order (whatever the value), and
// only when the scheme rounds at all (binary and ternary never touch the Rng).
// Per-channel granularity computes one scale per row (output channel) of a weight; a bias
// (a 1 x out row) therefore always has one scale. Scales are recomputed from the tensor
// at every call. A non-finite input is refused (Error naming the element) before any
// value is converted. All arithmetic stays in double: no float-to-int cast anywhere.
// Once a shape has been seen, quantize() allocates nothing: out and state are resized
// only when the shape (or the channel count) changes. quantize() is const and keeps no
// state between calls, so one instance may serve several threads (each with its own Rng).

#include "core/common/field.h"
#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"
#include "core/quant/quantizer_spec.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bitlab {

// What one quantize() call decided, per tensor.
struct QuantState {
    std::vector<Scalar> scale; // one per channel (1 for per_tensor)
    std::vector<Scalar> zeroPoint; // one per channel; 0 for all but affine
    Matrix codes; // integer code of every element (exact in a double)
    Matrix inRange; // 1 where the unclamped rounded code lay in [qmin, qmax], else 0
    Scalar qmin = 0, qmax = 0; // code range
    // Block-scaled schemes (mx, nvfp4): `block` consecutive elements of a row share a scale,
    // blockScale(r, b) for block b of row r (rows x ceil(cols / block)); the element's
    // value is decode(code) * blockScale * scale[channel]. Empty and 0 for other schemes.
    Matrix blockScale;
    Index block = 0;
    // Scale-based schemes (symmetric, affine, float with amax scaling): the range [lo, hi]
    // the observer chose per channel (symmetric and float: [-amax, amax]; affine: it holds
    // 0). Values outside it were clipped. Empty for the other schemes.
    std::vector<Scalar> rangeLo, rangeHi;
    // moving_average: the running min and max per channel (empty before the first
    // observation; Quantizer::observe() updates them, quantize() only reads them).
    std::vector<Scalar> observedMin, observedMax;
    std::vector<Scalar> scratch; // percentile: the sorted values (kept to avoid allocating)
    Index channels() const { return static_cast<Index>(scale.size()); }
    // The channel that row `row` of the tensor belongs to (0 when per tensor).
    Index channelOfRow(Index row) const { return scale.size() == 1 ? 0 : row; }
};

// What a record needs of one quantized tensor, measured by Quantizer::quantizeTallied in
// the pass that quantizes it.
struct QuantizeTally {
    // The sum of |w - Q(w)| over the tensor in detail::OrderedAbsSum's order (the order
    // the training policies use when they measure quant_error themselves).
    Scalar errorSum = 0;
    // How many elements' new codes differ from those state.codes held before the call.
    std::int64_t flips = 0;
};

class Quantizer {
public:
    // Throws Error listing every problem of the spec (see validateQuantizerSpec).
    explicit Quantizer(QuantizerSpec spec);
    virtual ~Quantizer() = default;
    const QuantizerSpec& spec() const { return m_spec; }

    // out = Q(w) (same shape as w; may not alias w); fills state. rng is used only by
    // stochastic rounding. Throws Error when w holds NaN/inf (before touching out/state),
    // or when the tensor's range is too wide for its scale to be a finite double.
    void quantize(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const;
    // quantize() of a tensor the caller has just proven finite (the trainer checks every
    // update before the training policies quantize it): the same results, without the
    // pass that looks for NaN/inf. `knownMaxAbs`: w's largest magnitude max |w| when the
    // caller has measured it (the optimizer does, as it writes an update), else negative;
    // an observer that takes the whole tensor's max |w| (per_tensor, minmax or mse, or
    // moving_average before its first observation) then takes it instead of reading w again.
    void quantizeChecked(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng,
        Scalar knownMaxAbs = -1) const;
    // quantizeChecked(), and in the same pass over the tensor what a record needs (tally):
    // the error sum, and the flips against the codes state.codes holds, which must be
    // w's shape (the last record's). Measuring apart would read w, w' and the codes again
    // and copy the codes (W4's 101,770 weights, at every step).
    // Returns false, having changed nothing, when this quantizer has no such pass
    // (talliesRecords()) or state.codes is not shaped like w: the caller then quantizes and
    // measures apart.
    // The pass takes setKernels()'s set. `knownMaxAbs` as for quantizeChecked(). `rangeMask` false:
    // state.inRange is left as it was (sized like w, its values stale), for a caller that does not
    // read it while training (no ste_clip) and recomputes it when it needs it: quantizing w again
    // with a copy of the state gives it (a tallied pass rounds to nearest, so deterministically).
    bool quantizeTallied(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng,
        QuantizeTally& tally, Scalar knownMaxAbs = -1, bool rangeMask = true) const;
    // Whether this quantizer has the tallied pass (symmetric and float, round to nearest).
    virtual bool talliesRecords() const { return false; }
    // The run's kernel set (Model::kernels(); nullptr, the default: the baseline code), for
    // the passes that have a per-set copy (symmetric, fixed point and affine rounding to
    // nearest; the float, mx and nvfp4 casts), which write the same bits in every set. Set once,
    // before the quantizer is shared: it is not synchronised.
    void setKernels(const Kernels* kernels) { m_kernels = kernels; }
    const Kernels* kernels() const { return m_kernels; }
    // Whether this spec chooses a range with an observer (symmetric, affine, float with
    // amax scaling): then state.rangeLo/rangeHi hold the range after quantize().
    bool usesObserver() const { return m_usesObserver; }
    // One observation of w for the moving_average observer: the first sets the running
    // min/max per channel to w's, later ones move them by averaging * (x - running), as
    // PyTorch's MovingAverageMinMaxObserver. Nothing for the other observers (they read
    // the tensor being quantized). Throws like quantize() on NaN/inf.
    void observe(const ConstMatrixRef& w, QuantState& state) const
    {
        if (m_movingAverage) // inline: the trainer calls it for every tensor at every step
            observeRunning(w, state);
    }
    // Whether observe() does anything (observer moving_average): the training policies
    // decide once per tensor whether to call it at every step.
    bool observesRunning() const { return m_movingAverage; }
    // Forgets the moving average (the next observe() is a first one).
    static void resetObserver(QuantState& state);
    // Every value channel `channel` can take under `state`, strictly ascending: the grid
    // lines of the weight views and the bins of their histograms ({0} for a zero scale).
    virtual std::vector<Scalar> levels(const QuantState& state, Index channel) const = 0;
    // Value of one code under state (w' for code q in channel c). Block-scaled schemes
    // give the element value times the channel's scale (no block scale): use dequantizeAt.
    virtual Scalar dequantize(const QuantState& state, Index channel, Scalar code) const = 0;
    // Value of the code of element (row, col): dequantize() of its channel, or with its block
    // scale for block-scaled schemes.
    // What element (row, col)'s code means, for the hover texts: the float formats' bit
    // fields ("E4M3: sign 0, exponent 0111, mantissa 010 -> 1.25 x 2^0") and, block-scaled,
    // the block's scale ("; block scale 2^-3"). Empty for the integer grids, whose code the
    // scale and zero-point explain.
    virtual std::string explainCode(const QuantState& state, Index row, Index col) const
    {
        (void)state;
        (void)row;
        (void)col;
        return {};
    }
    virtual Scalar dequantizeAt(const QuantState& state, Index row, Index col, Scalar code) const
    {
        (void)col;
        return dequantize(state, state.channelOfRow(row), code);
    }
    // Every value the elements of block `block` of row `row` can take, strictly ascending:
    // the grid of that block for the views (block-scaled schemes: the element values times
    // the block's scale and the channel's). Other schemes have no blocks: levels() of the
    // row's channel, whatever `block`.
    virtual std::vector<Scalar> blockLevels(const QuantState& state, Index row, Index block) const
    {
        (void)block;
        return levels(state, state.channelOfRow(row));
    }
    // What the scale of block `block` of row `row` is, for the views ("2^-4 (E8M0 code 123)",
    // nvfp4 "0.375 (E4M3 code 0x2b) x tensor scale 0.001"). Empty for schemes without blocks.
    virtual std::string explainBlockScale(const QuantState& state, Index row, Index block) const
    {
        (void)state;
        (void)row;
        (void)block;
        return {};
    }

protected:
    // Called by quantize() with a finite w, out/codes/inRange already sized like w, and
    // scale/zeroPoint sized to channelCount(w) (zeroPoint filled with 0).
    virtual void quantizeFinite(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const = 0;
    // quantizeFinite() that also fills tally (see quantizeTallied); state.codes hold the
    // last record's codes on entry. Called only when talliesRecords(): a scheme that says
    // it tallies overrides both (the default throws rather than record empty tallies).
    virtual void quantizeFiniteTallied(const ConstMatrixRef& w, Matrix& out, QuantState& state,
        Rng& rng, QuantizeTally& tally, bool rangeMask) const;
    // The checks and sizing quantize() does before quantizeFinite(): throws on NaN/inf,
    // then sizes out/codes/inRange like w and scale/zeroPoint to `channels` (zeroPoint 0).
    // probe false: w is known to be finite (quantizeChecked), only the sizing is done.
    static void prepare(
        const ConstMatrixRef& w, Matrix& out, QuantState& state, Index channels, bool probe);
    // nearbyint or floor(x + u) per the spec (one u drawn per call when stochastic).
    Scalar round(Scalar x, Rng& rng) const;
    // Channels of a tensor: its rows when per_channel, else 1. Inline, like the two below:
    // they run at every call, and W1's scalars make a call's fixed cost count.
    Index channelCount(const ConstMatrixRef& w) const
    {
        return m_spec.granularity == Granularity::PerChannel && w.rows() > 1 ? w.rows() : 1;
    }
    // The rows of channel c: [first, first + count).
    Index channelFirstRow(Index c) const
    {
        return m_spec.granularity == Granularity::PerChannel ? c : 0;
    }
    Index channelRows(const ConstMatrixRef& w) const { return channelCount(w) == 1 ? w.rows() : 1; }
    // Statistics of one channel's block; an empty block gives 0. meanAbs never overflows.
    static Scalar maxAbs(const ConstMatrixRef& block);
    static Scalar meanAbs(const ConstMatrixRef& block);
    // Throws when a scale (or a level built on it) is not a finite double.
    static void requireFiniteScale(Scalar scale, Scalar largestCode, const char* what);
    // Observer schemes: true when the range has two sides (affine: [lo, hi] holding 0),
    // false when it is [-amax, amax] (symmetric, float).
    virtual bool twoSidedRange() const { return false; }
    // mse observer: the sum over block of (x - Q(x))^2 with the range [lo, hi] and
    // nearest rounding (no Rng).
    virtual Scalar clipError(const ConstMatrixRef& block, Scalar lo, Scalar hi) const
    {
        (void)block;
        (void)lo;
        (void)hi;
        return 0;
    }
    // Fills state.rangeLo/rangeHi (one per channel) with the observer's choice for w;
    // knownMaxAbs as for quantizeChecked().
    void chooseRanges(const ConstMatrixRef& w, QuantState& state, Scalar knownMaxAbs = -1) const;

    QuantizerSpec m_spec;

private:
    void run(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng, bool probeFinite,
        QuantizeTally* tally, Scalar knownMaxAbs, bool rangeMask) const;
    // quantizeChecked() but for its common case (out of line).
    [[gnu::noinline]] void runChecked(const ConstMatrixRef& w, Matrix& out, QuantState& state,
        Rng& rng, Scalar knownMaxAbs) const;
    void observeRunning(const ConstMatrixRef& w, QuantState& state) const;
    // observerApplies(m_spec), and with observer moving_average: looked up once, not per call.
    bool m_usesObserver;
    bool m_movingAverage;
    const Kernels* m_kernels = nullptr;
};

// Everything the rest of the program needs to know about a scheme: the JSON reader, the
// engine's checks, run names, the C header, the sweep chart and the GUI read it here, so
// a new scheme is its class plus one entry in quantizer_registry.cpp.
struct QuantizerInfo {
    std::string name;
    std::string description; // one sentence for tooltips (BITLAB_TR_NOOP: translated by the UI)
    std::string formula; // the mapping in one or two lines, for tooltips and docs
    bool usesFracBits = false; // fixed
    bool usesNarrowRange = false; // symmetric
    bool hasZeroPoint = false; // affine
    bool hasBits = true; // binary and ternary ignore bits
    bool usesRounding = true; // binary and ternary never round
    bool usesGranularity = true; // fixed is one grid whatever the granularity
    int minBits = 1, maxBits = 16;
    // The fewest bits with narrow_range: false (symmetric's full range allows 1 bit), and
    // why minBits is what it is (appended to the range message), "" when it needs no why.
    int minBitsFullRange = 1;
    std::string minBitsWhy;
    // The information per weight of a scheme without `bits` (binary 1, ternary log2 3):
    // where the sweep chart puts it on its bit-width axis.
    double fixedBitWidth = 0.0;
    // Low-precision float schemes: codes are the format's bit patterns, 0..2^bits - 1
    // (docs/formats.md), bits is the format's (codeBits), not a key of its own.
    bool bitPatternCodes = false;
    bool usesFloatFormat = false; // float: format, exp_bits/man_bits, overflow, scaling
    bool usesMxElement = false; // mx: element
    bool usesBlock = false; // mx, nvfp4: block
    // symmetric, affine, float (with scaling amax): the range comes from an observer
    // (observer, averaging, percentile; docs/quantizers.md "Observers").
    bool usesObserver = false;
    bool usesTorchFloat32 = false; // symmetric, affine: torch_float32
    // symmetric: `learn: lsq` learns its step (codes -Qn..Qp around 0, docs/quantizers.md);
    // the other schemes refuse it.
    bool learnsStep = false;
    QuantizerSpec defaults;
    std::function<std::unique_ptr<Quantizer>(const QuantizerSpec&)> create;
    // Bits of one code when the scheme derives them (float: the format's); unset: spec.bits.
    std::function<int(const QuantizerSpec&)> codeBits;
    // Storage per element, scales included (MXFP4 at block 32: 4 + 8/32 = 4.25), where the
    // sweep puts the scheme on its bits axis; unset: bitWidth's rule below.
    std::function<double(const QuantizerSpec&)> bitsPerElement;
    // The scheme's tag in a default run name ("fixed8.3", "sym4full", "pow2_4", "binary").
    std::function<std::string(const QuantizerSpec&)> tag;
    // More words a run name may use for spec's grid (lower case), besides the scheme, the
    // scheme with its bits, "<bits>bit", "<bits>b" and "w<bits>" (the runs editor forgets a
    // name that described the grid once the grid changes): fixed "q4.3", symmetric "int8";
    // unset: none.
    std::function<std::vector<std::string>(const QuantizerSpec&)> nameWords;
    // The formats a sweep may name as "<scheme>:<format>" (float: its formats, mx: its
    // elements), each its own point at its bits per element; empty: none.
    std::vector<std::string> formats;
    // How a C program turns a code back into a weight, for the header comment of the C
    // export ("w = code * scale[c]" unless the scheme says otherwise).
    std::function<std::string(const QuantizerSpec&)> cDecode;
    // The same as the body of the header's C function
    // `double <run>_dequantize(int32_t code, double scale, int32_t zero_point)` ("" for
    // code * scale), and whether that body needs <math.h>.
    std::string cDequantize;
    bool cNeedsMath = false;
    // The same body when it depends on the spec (float: the format's fields); wins over
    // cDequantize when set.
    std::function<std::string(const QuantizerSpec&)> cDequantizeFor;
    // The codes the scheme writes at `bits`, [lo, hi] (the weights file is checked against
    // it); unset: two's complement, [-2^(bits-1), 2^(bits-1) - 1]. Bit-pattern schemes:
    // [0, 2^bits - 1].
    std::function<std::pair<double, double>(int bits)> codeRange;
    // The key and value that name a spec's format in the weights file: {"format", "e4m3"}
    // (float; a custom E/M as "e3m4"), {"element", "e2m1"} (mx); unset: none.
    std::function<std::pair<std::string, std::string>(const QuantizerSpec&)> formatEntry;

    // The fewest bits spec may ask for (minBits, or minBitsFullRange without narrow range).
    int minBitsFor(const QuantizerSpec& spec) const
    {
        return usesNarrowRange && !spec.narrowRange ? minBitsFullRange : minBits;
    }
    // Bits shown for spec: spec.bits, or fixedBitWidth when the scheme has no bits.
    double bitWidth(const QuantizerSpec& spec) const
    {
        return bitsPerElement ? bitsPerElement(spec) : hasBits ? spec.bits : fixedBitWidth;
    }
    // Bits of one code for spec.
    int codeBitsFor(const QuantizerSpec& spec) const
    {
        return codeBits ? codeBits(spec) : spec.bits;
    }
    // The codes at `bits` (codeRange, or two's complement).
    std::pair<double, double> codeRangeFor(int bits) const;
};

// Limits shared by the validation, the registry and the docs.
inline constexpr int kQuantMinFracBits = -32;
inline constexpr int kQuantMaxFracBits = 32;

// The candidates of the mse observer: clip = k/kMseCandidates of the min/max range,
// k = 1..kMseCandidates.
inline constexpr int kMseCandidates = 100;
// The p-th percentile (0..100) of sorted values, interpolated linearly between order
// statistics like numpy.percentile's default: h = (n-1)*p/100, v[floor h] + frac(h) *
// (v[floor h + 1] - v[floor h]); 0 for no values.
Scalar percentileOfSorted(const std::vector<Scalar>& sorted, Scalar p);
// Whether spec's scheme takes an observer (symmetric, affine; float with scaling amax).
bool observerApplies(const QuantizerSpec& spec);

const std::vector<QuantizerInfo>& quantizerRegistry();
const QuantizerInfo* findQuantizer(const std::string& name); // nullptr when unknown
std::vector<std::string> quantizerNames();
// The names of the schemes whose entry has `flag` set, in registry order ("symmetric" for
// &QuantizerInfo::learnsStep): for messages that say which schemes take a setting.
std::vector<std::string> quantizerNamesWith(bool QuantizerInfo::*flag);
// The number and flag settings of a quantizer (bits, frac_bits, narrow_range,
// quantize_bias, ste_clip, activation_bits) with their ranges, labels and help. bits
// ranges over the scheme's [minBitsFor(spec), maxBits] and applies to schemes with bits;
// frac_bits in [-32, 32] applies to fixed, narrow_range to symmetric; activation_bits is
// 0 (off) or 1..16.
const std::vector<Field<QuantizerSpec>>& quantizerFields();
// Every problem of spec, one sentence each, keys prefixed with keyPrefix (e.g.
// "runs.1.quantizer" gives "runs.1.quantizer.bits must be in [2, 16], got 1 ..."); empty
// when the spec is valid: the scheme name, and each field of quantizerFields() the scheme
// reads (a symmetric narrow-range or pow2 bits problem says why 1 bit is too few).
std::vector<std::string> validateQuantizerSpec(
    const QuantizerSpec& spec, const std::string& keyPrefix);
// Throws Error (all problems, joined with "; ", keys under "quantizer") when unknown/invalid.
std::unique_ptr<Quantizer> createQuantizer(const QuantizerSpec& spec);

} // namespace bitlab
