#include "core/quant/conventions.h"

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/text.h"
#include "core/quant/quantizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bitlab {

namespace {

// Shortest round-trip-ish text for the small numbers of a formula (7.5, 0.125, -128).
std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// The bit width a convention keeps: the old one when the old scheme had one, else 8,
// clamped to what the new scheme (and its range) accepts.
int keptBits(const QuantizerSpec& base, const std::string& scheme, bool narrow)
{
    const QuantizerInfo* oldInfo = findQuantizer(base.scheme);
    int bits = (oldInfo && !oldInfo->hasBits) ? 8 : base.bits;
    const QuantizerInfo* info = findQuantizer(scheme);
    QuantizerSpec wanted;
    wanted.narrowRange = narrow;
    const int lo = info ? info->minBitsFor(wanted) : 1;
    const int hi = info ? info->maxBits : 16;
    return std::clamp(bits, lo, hi);
}

QuantizerSpec withSettings(const QuantizerSpec& base, const char* scheme, bool narrow,
    Rounding rounding, TrainingMode mode, bool steClip, bool torchFloat32 = false)
{
    QuantizerSpec q = base;
    q.bits = keptBits(base, scheme, narrow);
    if (std::string(scheme) == "fixed")
        q.fracBits = base.scheme == "fixed" ? base.fracBits : q.bits - 1;
    q.scheme = scheme;
    q.narrowRange = narrow;
    q.rounding = rounding;
    q.mode = mode;
    q.steClip = steClip;
    q.torchFloat32 = torchFloat32;
    // What the run learns stays where the convention's grid can learn it (LSQ: symmetric,
    // ste, nearest, as PyTorch's _LearnableFakeQuantize and Brevitas' learned scaling; PACT:
    // ste), and goes where it cannot: nothing is kept that the engine would refuse.
    const bool lsq = q.scheme == "symmetric" && mode == TrainingMode::Ste
        && rounding == Rounding::Nearest && q.observer == RangeObserver::MinMax;
    if ((q.learn == LearnMode::Lsq && !lsq)
        || (q.learn == LearnMode::Pact && mode != TrainingMode::Ste))
        q.learn = LearnMode::None;
    return q;
}

} // namespace

const std::vector<QuantConvention>& conventionRegistry()
{
    static const std::vector<QuantConvention> conventions {
        { "pytorch",
            BITLAB_TR_NOOP("bitlab::core", "PyTorch fake_quantize (symmetric, full range)"),
            "PyTorch",
            "FakeQuantize(observer=MinMaxObserver, dtype=torch.qint8, "
            "qscheme=torch.per_tensor_symmetric, quant_min=-2^(b-1), quant_max=2^(b-1)-1)",
            BITLAB_TR_NOOP("bitlab::core",
                "PyTorch's default weight fake-quant tracks min/max with a moving average "
                "(MovingAverageMinMaxObserver) across steps; BitLab recomputes max|w| from the "
                "current weights at every step, as a plain MinMaxObserver on one batch. The "
                "quantizer computes in float32 as PyTorch's kernel does (the scale, its "
                "inverse, w times the inverse), so the codes and the gradient mask are torch's "
                "bit for bit for the same float32 weights; training around it stays float64. "
                "When max|w| is a positive weight it lands at or near 2^(b-1) - 1/2 and usually "
                "rounds to 2^(b-1), is clamped to 2^(b-1)-1 and gets no gradient: PyTorch does "
                "the same.") },
        { "pytorch-affine",
            BITLAB_TR_NOOP("bitlab::core", "PyTorch fake_quantize (affine, quint8)"), "PyTorch",
            "torch.fake_quantize_per_tensor_affine(w, scale, zero_point, 0, 2^b-1) with "
            "MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)",
            BITLAB_TR_NOOP("bitlab::core",
                "PyTorch uses this for activations (with a moving-average observer); BitLab "
                "applies it to weights and recomputes min/max every step. The quantizer "
                "computes in float32 as PyTorch does, so codes and mask are torch's bit for "
                "bit for the same float32 weights. The zero-point is "
                "rounded half to even and clamped into [0, 2^b-1] as PyTorch's observer does; "
                "PyTorch's reduce_range option (one bit less) has no BitLab equivalent: lower "
                "the bits instead.") },
        { "brevitas",
            BITLAB_TR_NOOP(
                "bitlab::core", "Brevitas per-tensor float scale, narrow range (any bit width)"),
            "Brevitas",
            "QuantLinear(..., weight_quant=Int8WeightPerTensorFloat, weight_bit_width=b) "
            "(narrow_range=True, scale from max|w|)",
            BITLAB_TR_NOOP("bitlab::core",
                "Brevitas computes the max|w| scale inside the autograd graph, so some gradient "
                "can also flow through the scale; BitLab's straight-through estimator treats the "
                "scale as a constant and hands each weight its gradient unchanged. Codes never "
                "leave the narrow range (max|w| maps to the top code), so the STE mask would "
                "change nothing and is off.") },
        { "qkeras", BITLAB_TR_NOOP("bitlab::core", "QKeras quantized_bits (fixed point, STE)"),
            "QKeras",
            "quantized_bits(bits=b, integer=b-1-f, symmetric=0, keep_negative=True, "
            "alpha=None)",
            BITLAB_TR_NOOP("bitlab::core",
                "Matches quantized_bits with alpha=None and symmetric=0 exactly (tf.round also "
                "rounds half to even). BitLab cannot express symmetric=1 (which drops the code "
                "-2^(b-1)), keep_negative=False, or alpha='auto'/'auto_po2' (a per-channel "
                "scale fitted to the weights); for a max|w| scale use the brevitas or pytorch "
                "convention instead.") },
        { "qpytorch", BITLAB_TR_NOOP("bitlab::core", "QPyTorch FixedPoint, stochastic rounding"),
            "QPyTorch",
            "OptimLP(optimizer, weight_quant=quantizer(FixedPoint(wl=b, fl=f), "
            "forward_rounding=\"stochastic\"))",
            BITLAB_TR_NOOP("bitlab::core",
                "Same grid and the same floor(x + u) rule, but QPyTorch draws u from torch.rand "
                "(unseeded per call) while BitLab uses its seeded per-run stream, so single runs "
                "do not match number for number. QPyTorch can also quantize gradients and "
                "momentum (BitLab: gradient_quantizer, state_quantizer) and keep a "
                "low-precision accumulator (BitLab: no equivalent). Its 'nearest' "
                "mode is floor(x + 1/2) (ties go up), BitLab's nearest rounds ties to even.") },
    };
    return conventions;
}

const QuantConvention* findConvention(const std::string& name)
{
    for (const QuantConvention& c : conventionRegistry())
        if (c.name == name)
            return &c;
    return nullptr;
}

QuantizerSpec applyConvention(const std::string& name, const QuantizerSpec& base)
{
    if (name == "pytorch")
        return withSettings(
            base, "symmetric", false, Rounding::Nearest, TrainingMode::Ste, true, true);
    if (name == "pytorch-affine")
        return withSettings(
            base, "affine", false, Rounding::Nearest, TrainingMode::Ste, true, true);
    if (name == "brevitas")
        return withSettings(base, "symmetric", true, Rounding::Nearest, TrainingMode::Ste, false);
    if (name == "qkeras")
        return withSettings(base, "fixed", true, Rounding::Nearest, TrainingMode::Ste, false);
    if (name == "qpytorch")
        return withSettings(
            base, "fixed", true, Rounding::Stochastic, TrainingMode::PostUpdate, false);
    throw Error("Unknown quantization convention \"" + name
        + "\"; known: " + joinNames(conventionRegistry(), &QuantConvention::name) + ".");
}

std::string matchConvention(const QuantizerSpec& spec)
{
    for (const QuantConvention& c : conventionRegistry()) {
        QuantizerSpec expected = applyConvention(c.name, spec);
        expected.bits = spec.bits; // the bit width is the user's, whatever the convention
        const bool same = expected.scheme == spec.scheme && expected.rounding == spec.rounding
            && expected.mode == spec.mode && expected.steClip == spec.steClip
            && expected.learn == spec.learn
            && (spec.scheme != "symmetric" || expected.narrowRange == spec.narrowRange)
            && expected.torchFloat32 == spec.torchFloat32;
        if (same)
            return c.name;
    }
    return {};
}

namespace {

// The weights' mapping of spec q under convention `name` (q has the convention applied).
std::string gridFormula(const std::string& name, const QuantizerSpec& q)
{
    const double b = q.bits;
    const double half = std::ldexp(1.0, q.bits - 1);
    if (q.learn == LearnMode::Lsq) {
        // The step is a parameter (LSQ), not max|w| over a constant: in float64 here, also
        // for the PyTorch convention (torch's _LearnableFakeQuantize works in float32).
        const double qn = q.narrowRange ? half - 1 : half;
        std::string out = "s learned (LSQ), from 2 mean|w| / sqrt(";
        out += num(half - 1);
        out += ")\n";
        out += "q = clamp(round(w/s), -";
        out += num(qn);
        out += ", ";
        out += num(half - 1);
        out += "), w' = q*s\n";
        out += "QAT: gradient 0 where w/s is outside the codes; ds by LSQ's rule";
        return out;
    }
    if (name == "pytorch") {
        // Built with += : GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
        std::string codes = "[";
        codes += num(-half);
        codes += ", ";
        codes += num(half - 1);
        codes += "]";
        return "s = max|w| / " + num((std::ldexp(1.0, q.bits) - 1) / 2) + "\n"
            + "q = clamp(round(w/s), " + num(-half) + ", " + num(half - 1) + "), w' = q*s\n"
            + "QAT: gradient 0 where round(w/s) is outside " + codes + "\n"
            + "in float32 as torch: round(fl(w) * fl(1/s)), s >= float32 eps";
    }
    if (name == "pytorch-affine") {
        const std::string hi = num(std::ldexp(1.0, q.bits) - 1);
        return "s = (max(w,0) - min(w,0)) / " + hi + "\n" + "zp = clamp(-round(min(w,0)/s), 0, "
            + hi + ")\n" + "q = clamp(round(w/s) + zp, 0, " + hi + "), w' = (q - zp)*s\n"
            + "QAT: gradient 0 where round(w/s) + zp is outside [0, " + hi + "]\n"
            + "in float32 as torch: round(fl(w) * fl(1/s)), s >= float32 eps";
    }
    if (name == "brevitas") {
        const std::string hi = num(half - 1);
        return "s = max|w| / " + hi + "\n" + "q = clamp(round(w/s), -" + hi + ", " + hi
            + "), w' = q*s\n" + "QAT: gradient passed to w unchanged";
    }
    const int f = q.fracBits;
    const double step = std::ldexp(1.0, -f);
    std::string range = "[";
    range += num(-half * step);
    range += ", ";
    range += num((half - 1) * step);
    range += "]";
    const std::string clamp = num(-half) + ", " + num(half - 1);
    if (name == "qkeras")
        return "quantized_bits(" + num(b) + ", " + num(b - 1 - f) + ")\n" + "q = clamp(round(w*2^"
            + num(f) + "), " + clamp + "), w' = q/2^" + num(f) + "\n" + "step " + num(step)
            + ", range " + range + "\n" + "QAT: gradient passed to w unchanged (no mask)";
    return "FixedPoint(wl=" + num(b) + ", fl=" + num(f) + "), stochastic\n"
        + "after every update: w <- clamp(floor(w*2^" + num(f) + " + u), " + clamp + ") / 2^"
        + num(f) + "\n" + "u ~ U[0,1); step " + num(step) + ", range " + range;
}

} // namespace

std::string conventionFormula(const std::string& name, const QuantizerSpec& spec)
{
    const QuantizerSpec q = applyConvention(name, spec);
    std::string out = gridFormula(name, q);
    // PACT learns the activations' clip; the weights' grid is the convention's.
    if (q.learn == LearnMode::Pact) {
        out += "\nactivations: clip alpha learned (PACT), ";
        out += num(std::ldexp(1.0, q.activationBits) - 1);
        out += " steps of [0, alpha]";
    }
    return out;
}

} // namespace bitlab
