// The quantizer registry: the one place that maps a scheme name to its factory, its
// defaults and the fields it reads. The CLI, the JSON reader and the GUI read it; adding
// a quantizer is a header/source pair in core/quant/ and one entry below.

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/text.h"
#include "core/quant/affine_quantizer.h"
#include "core/quant/binary_quantizer.h"
#include "core/quant/block_quantizer.h"
#include "core/quant/fixed_quantizer.h"
#include "core/quant/float_quantizer.h"
#include "core/quant/pow2_quantizer.h"
#include "core/quant/quantizer.h"
#include "core/quant/symmetric_quantizer.h"
#include "core/quant/ternary_quantizer.h"

#include <cmath>
#include <initializer_list>
#include <sstream>
#include <string_view>

namespace bitlab {

namespace {
QuantizerSpec defaultsFor(const char* scheme, int bits, int fracBits = 0)
{
    QuantizerSpec spec;
    spec.scheme = scheme;
    spec.bits = bits;
    spec.fracBits = fracBits;
    return spec;
}

// The parts one after another. Appended, not "q" + std::to_string(n) + ...: GCC 12's
// -Wrestrict misreads that concatenation of temporaries.
std::string concat(std::initializer_list<std::string_view> parts)
{
    std::string out;
    for (std::string_view part : parts)
        out += part;
    return out;
}

template <class Q> std::function<std::unique_ptr<Quantizer>(const QuantizerSpec&)> factory()
{
    return [](const QuantizerSpec& spec) -> std::unique_ptr<Quantizer> {
        return std::make_unique<Q>(spec);
    };
}

std::vector<QuantizerInfo> buildRegistry()
{
    std::vector<QuantizerInfo> r;
    {
        QuantizerInfo i;
        i.name = "fixed";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "Two's-complement fixed point: bits-bit words (sign included) with "
            "frac_bits fractional bits, a fixed grid of step 2^-frac_bits.");
        i.formula = "q = clamp(round(w*2^f), -2^(bits-1), 2^(bits-1)-1); w' = q/2^f";
        i.usesFracBits = true;
        i.usesGranularity = false;
        i.minBits = 1;
        i.defaults = defaultsFor("fixed", 8, 4);
        i.create = factory<FixedQuantizer>();
        i.tag = [](const QuantizerSpec& q) {
            return "fixed" + std::to_string(q.bits) + "." + std::to_string(q.fracBits);
        };
        i.cDecode = [](const QuantizerSpec& q) {
            return "w = code * scale[c]   (scale = 2^-" + std::to_string(q.fracBits)
                + ": fixed point, " + std::to_string(q.bits) + "-bit word, "
                + std::to_string(q.fracBits) + " fractional bits)";
        };
        i.nameWords = [](const QuantizerSpec& q) { // "q4.3": integer and fraction bits
            const std::string b = std::to_string(q.bits), f = std::to_string(q.fracBits);
            return std::vector<std::string> {
                concat({ "q", std::to_string(q.bits - 1 - q.fracBits), ".", f }),
                concat({ "fixed", b, ".", f })
            };
        };
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "symmetric";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "Uniform grid centred on 0, scaled to max|w|; narrow range (Brevitas) "
            "by default, full range (PyTorch per_tensor_symmetric) on request.");
        i.formula = "scale = max|w|/(2^(bits-1)-1) (full: /((2^bits-1)/2)); "
                    "q = clamp(round(w/scale), qmin, qmax); w' = q*scale";
        i.usesNarrowRange = true;
        i.usesObserver = true;
        i.usesTorchFloat32 = true;
        i.learnsStep = true;
        i.minBits = 2; // with narrow_range; 1 is allowed with narrow_range: false
        i.minBitsFullRange = 1;
        i.minBitsWhy = "symmetric with narrow_range: true needs 2 bits at least, since 1 bit "
                       "leaves only the code 0; set narrow_range: false for 1 bit";
        i.defaults = defaultsFor("symmetric", 8);
        i.create = factory<SymmetricQuantizer>();
        i.tag = [](const QuantizerSpec& q) {
            return "sym" + std::to_string(q.bits) + (q.narrowRange ? "" : "full");
        };
        i.nameWords = [](const QuantizerSpec& q) {
            const std::string b = std::to_string(q.bits);
            return std::vector<std::string> { "sym", concat({ "sym", b }),
                concat({ "sym", b, "full" }), concat({ "int", b }) };
        };
        i.cDecode = [](const QuantizerSpec& q) {
            return std::string(q.torchFloat32
                    ? "w = (float)(code * scale[c])   (rounded to float32, as PyTorch)"
                    : "w = code * scale[c]");
        };
        i.cDequantizeFor = [](const QuantizerSpec& q) {
            return std::string(q.torchFloat32
                    ? "    (void)zero_point;\n    return (double)(float)((double)code * scale);\n"
                    : "    (void)zero_point;\n    return (double)code * scale;\n");
        };
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "affine";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "Asymmetric uniform grid over [min(w,0), max(w,0)] with a zero-point: "
            "PyTorch's MinMaxObserver + fake_quantize_per_tensor_affine.");
        i.formula = "scale = (hi-lo)/(2^bits-1); zp = clamp(-round(lo/scale), 0, 2^bits-1); "
                    "q = clamp(round(w/scale)+zp, 0, 2^bits-1); w' = (q-zp)*scale";
        i.hasZeroPoint = true;
        i.usesObserver = true;
        i.usesTorchFloat32 = true;
        i.minBits = 1;
        i.defaults = defaultsFor("affine", 8);
        i.create = factory<AffineQuantizer>();
        i.codeRange = [](int bits) { return std::pair(0.0, std::ldexp(1.0, bits) - 1); };
        i.nameWords = [](const QuantizerSpec& q) {
            const std::string b = std::to_string(q.bits);
            return std::vector<std::string> { concat({ "asym", b }), concat({ "affine", b }),
                concat({ "uint", b }) };
        };
        i.cDecode = [](const QuantizerSpec& q) {
            return std::string(q.torchFloat32
                    ? "w = (float)((code - zero_point[c]) * scale[c])   (rounded to float32, as "
                      "PyTorch)"
                    : "w = (code - zero_point[c]) * scale[c]");
        };
        i.cDequantizeFor = [](const QuantizerSpec& q) {
            return std::string(q.torchFloat32
                    ? "    return (double)(float)(((double)code - (double)zero_point) * scale);\n"
                    : "    return ((double)code - (double)zero_point) * scale;\n");
        };
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "pow2";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "Logarithmic: every nonzero weight a signed power of two, "
            "2^(bits-1)-1 exponents at and below round(log2 max|w|).");
        i.formula = "w' = sign(w)*2^clamp(round(log2|w|), emax-n+1, emax), emax = round(log2 "
                    "max|w|), n = 2^(bits-1)-1; |w| < 2^(emin-1) gives 0";
        i.minBits = 2;
        i.minBitsWhy = "pow2 needs 2 bits at least: 1 bit leaves no exponent";
        i.defaults = defaultsFor("pow2", 4);
        i.create = factory<Pow2Quantizer>();
        i.codeRange = [](int bits) { // sign and exponent index; no -2^(bits-1)
            const double top = std::ldexp(1.0, bits - 1) - 1;
            return std::pair(-top, top);
        };
        i.tag = [](const QuantizerSpec& q) { return "pow2_" + std::to_string(q.bits); };
        i.nameWords = [](const QuantizerSpec& q) {
            const std::string b = std::to_string(q.bits);
            return std::vector<std::string> { concat({ "pow2_", b }), concat({ "log", b }) };
        };
        // Not "scale * 2^(|code| - 1)": at 16 bits |code| reaches 32767 and scale can be
        // 2^-1074, so 2^(|code| - 1) alone overflows; ldexp scales without overflow.
        i.cDecode = [](const QuantizerSpec&) {
            return std::string("w = code == 0 ? 0 : sign(code) * ldexp(scale[c], |code| - 1)   "
                               "(scale = the smallest power of two; ldexp from <math.h> "
                               "multiplies by 2^(|code| - 1) without an intermediate that could "
                               "overflow; a shift per weight)");
        };
        i.cDequantize = "    (void)zero_point;\n"
                        "    return code == 0 ? 0.0 : code < 0 ? -ldexp(scale, -code - 1) : "
                        "ldexp(scale, code - 1);\n";
        i.cNeedsMath = true;
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "binary";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "One bit per weight: the sign scaled by the mean magnitude (XNOR-Net).");
        i.formula = "w' = alpha*sign(w), sign(0) = +1, alpha = mean|w|";
        i.hasBits = false;
        i.usesRounding = false;
        i.minBits = 1;
        i.maxBits = 1;
        i.fixedBitWidth = 1.0;
        i.defaults = defaultsFor("binary", 1);
        i.create = factory<BinaryQuantizer>();
        i.codeRange = [](int) { return std::pair(-1.0, 1.0); };
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "ternary";
        i.description = BITLAB_TR_NOOP(
            "bitlab::core", "Three values {-alpha, 0, +alpha} (Ternary Weight Networks).");
        i.formula = "delta = 0.7*mean|w|; alpha = mean|w| over |w| > delta; "
                    "w' = alpha*sign(w) where |w| > delta, else 0";
        i.hasBits = false;
        i.usesRounding = false;
        i.minBits = 2;
        i.maxBits = 2;
        i.fixedBitWidth = std::log2(3.0); // three levels
        i.defaults = defaultsFor("ternary", 2);
        i.create = factory<TernaryQuantizer>();
        i.codeRange = [](int) { return std::pair(-1.0, 1.0); };
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "float";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "A low-precision float format: fp16, bf16, FP8 (e5m2, e4m3), FP6 (e3m2, e2m3), FP4 "
            "(e2m1) or a custom E/M, with subnormals; optionally scaled to amax first.");
        i.formula = "w' = F(w), or s = amax/max_finite, w' = F(w/s)*s (scaling amax); F rounds "
                    "to the format's nearest value, ties to even";
        i.hasBits = false;
        i.bitPatternCodes = true;
        i.usesFloatFormat = true;
        i.formats = floatFormatNames();
        i.usesObserver = true; // with scaling amax (observerApplies)
        i.defaults = defaultsFor("float", 8);
        i.create = factory<FloatQuantizer>();
        i.codeBits = [](const QuantizerSpec& q) {
            try {
                return FloatQuantizer::formatOf(q).bits();
            } catch (const Error&) {
                return q.bits; // an invalid format is reported by the validation
            }
        };
        i.bitsPerElement = [codeBits = i.codeBits](
                               const QuantizerSpec& q) { return static_cast<double>(codeBits(q)); };
        i.formatEntry = [](const QuantizerSpec& q) {
            return std::pair(std::string("format"),
                q.format == "custom"
                    ? "e" + std::to_string(q.expBits) + "m" + std::to_string(q.manBits)
                    : q.format);
        };
        i.tag = [formatEntry = i.formatEntry](const QuantizerSpec& q) {
            return formatEntry(q).second + (q.scaling == FloatScaling::Amax ? "-amax" : "");
        };
        i.cDecode = [](const QuantizerSpec& q) {
            return "w = " + FloatQuantizer::formatOf(q).name()
                + "(code) * scale[c]   (code: the format's bit pattern; scale 1 without amax "
                  "scaling)";
        };
        i.cDequantizeFor = [](const QuantizerSpec& q) {
            return "    (void)zero_point;\n" + FloatQuantizer::formatOf(q).cDecodeBody();
        };
        i.cNeedsMath = true;
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "mx";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "OCP Microscaling (MX v1.0): blocks of 32 elements along a row share a power-of-two "
            "scale 2^(floor(log2 amax) - emax); elements e4m3, e5m2, e3m2, e2m3, e2m1 or int8.");
        i.formula = "X = 2^(floor(log2 max|block|) - emax(E)); w' = E(w/X)*X, E saturating";
        i.hasBits = false;
        i.usesGranularity = false;
        i.bitPatternCodes = true;
        i.usesMxElement = true;
        i.formats = mxElementNames();
        i.usesBlock = true;
        i.defaults = defaultsFor("mx", 8);
        i.defaults.block = kMxDefaultBlock;
        i.create = factory<BlockQuantizer>();
        i.codeBits = [](const QuantizerSpec& q) {
            const MxElement* e = findMxElement(q.element);
            return e ? e->bits() : q.bits;
        };
        i.bitsPerElement = [codeBits = i.codeBits](const QuantizerSpec& q) {
            return codeBits(q) + 8.0 / std::max(1, q.block); // the E8M0 scale shared by a block
        };
        i.formatEntry
            = [](const QuantizerSpec& q) { return std::pair(std::string("element"), q.element); };
        i.tag = [](const QuantizerSpec& q) {
            const std::string name = q.element == "int8"     ? "mxint8"
                : q.element == "e2m1"                        ? "mxfp4"
                : q.element == "e3m2" || q.element == "e2m3" ? "mxfp6-" + q.element
                                                             : "mxfp8-" + q.element;
            return name + (q.block == kMxDefaultBlock ? "" : "-b" + std::to_string(q.block));
        };
        i.cDecode = [](const QuantizerSpec& q) {
            return "w = " + q.element + "(code) * block_scale[row * BLOCKS + col / "
                + std::to_string(q.block) + "] * scale[0]   (scale[0] = 1)";
        };
        i.cDequantizeFor = [](const QuantizerSpec& q) {
            const MxElement& e = BlockQuantizer::elementOf(q);
            if (e.isInt8())
                return std::string(
                    "    (void)zero_point;\n"
                    "    return (double)(code < 128 ? code : code - 256) / 64.0 * scale;\n");
            return "    (void)zero_point;\n" + e.floatFormat().cDecodeBody();
        };
        i.cNeedsMath = true;
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "nvfp4";
        i.description = BITLAB_TR_NOOP("bitlab::core",
            "NVIDIA NVFP4: e2m1 elements in blocks of 16 with an e4m3 block scale and a "
            "per-tensor scale amax/(6*448).");
        i.formula
            = "s_t = amax/(6*448); s_b = e4m3(max|block|/6/s_t); w' = e2m1(w/(s_b*s_t))*s_b*s_t";
        i.hasBits = false;
        i.usesGranularity = false;
        i.bitPatternCodes = true;
        i.usesBlock = true;
        i.defaults = defaultsFor("nvfp4", 4);
        i.defaults.block = kNvfp4DefaultBlock;
        i.create = factory<BlockQuantizer>();
        i.codeBits = [](const QuantizerSpec&) { return 4; };
        i.bitsPerElement = [](const QuantizerSpec& q) {
            return 4.0 + 8.0 / std::max(1, q.block); // the e4m3 block scale
        };
        i.tag = [](const QuantizerSpec& q) {
            return "nvfp4"
                + (q.block == kNvfp4DefaultBlock ? std::string() : "-b" + std::to_string(q.block));
        };
        i.cDecode = [](const QuantizerSpec& q) {
            return "w = e2m1(code) * block_scale[row * BLOCKS + col / " + std::to_string(q.block)
                + "] * scale[0]   (in that order: the e4m3 block scale, then the tensor's)";
        };
        i.cDequantizeFor = [](const QuantizerSpec&) {
            return "    (void)zero_point;\n" + findFloatFormat("e2m1")->cDecodeBody();
        };
        i.cNeedsMath = true;
        r.push_back(std::move(i));
    }
    // The common forms: the name with its bits (none for binary and ternary), and a code
    // times its channel's scale.
    for (QuantizerInfo& i : r) {
        if (!i.tag)
            i.tag = [hasBits = i.hasBits, name = i.name](const QuantizerSpec& q) {
                return hasBits ? name + std::to_string(q.bits) : name;
            };
        if (!i.cDecode)
            i.cDecode = [](const QuantizerSpec&) { return std::string("w = code * scale[c]"); };
        if (!i.codeRange && i.bitPatternCodes) // the format's bit patterns
            i.codeRange = [](int bits) { return std::pair(0.0, std::ldexp(1.0, bits) - 1); };
    }
    return r;
}

} // namespace

bool observerApplies(const QuantizerSpec& spec)
{
    const QuantizerInfo* info = findQuantizer(spec.scheme);
    return info && info->usesObserver
        && (!info->usesFloatFormat || spec.scaling == FloatScaling::Amax);
}

const std::vector<QuantizerInfo>& quantizerRegistry()
{
    static const std::vector<QuantizerInfo> registry = buildRegistry();
    return registry;
}

const QuantizerInfo* findQuantizer(const std::string& name)
{
    for (const auto& info : quantizerRegistry())
        if (info.name == name)
            return &info;
    return nullptr;
}

std::vector<std::string> quantizerNames()
{
    std::vector<std::string> out;
    for (const auto& info : quantizerRegistry())
        out.push_back(info.name);
    return out;
}

std::vector<std::string> quantizerNamesWith(bool QuantizerInfo::*flag)
{
    std::vector<std::string> out;
    for (const auto& info : quantizerRegistry())
        if (info.*flag)
            out.push_back(info.name);
    return out;
}

std::pair<double, double> QuantizerInfo::codeRangeFor(int bits) const
{
    if (codeRange)
        return codeRange(bits);
    const double half = std::ldexp(1.0, bits - 1);
    return { -half, half - 1 };
}

const std::vector<Field<QuantizerSpec>>& quantizerFields()
{
    using Q = QuantizerSpec;
    static const std::vector<Field<Q>> fields = [] {
        std::vector<Field<Q>> f {
            field("bits", &Q::bits, Range::closed(1, 16), BITLAB_TR_NOOP("bitlab::core", "Bits"),
                BITLAB_TR_NOOP(
                    "bitlab::core", "Word length in bits, sign included: 2^bits codes.")),
            field("frac_bits", &Q::fracBits, Range::closed(kQuantMinFracBits, kQuantMaxFracBits),
                BITLAB_TR_NOOP("bitlab::core", "Fraction bits"),
                BITLAB_TR_NOOP("bitlab::core", "Fractional bits f of the fixed-point format.")),
            field("narrow_range", &Q::narrowRange, {},
                BITLAB_TR_NOOP("bitlab::core", "Narrow range"),
                BITLAB_TR_NOOP(
                    "bitlab::core", "Codes ±(2^(bits−1)−1) instead of −2^(bits−1)…2^(bits−1)−1.")),
            field("quantize_bias", &Q::quantizeBias, {},
                BITLAB_TR_NOOP("bitlab::core", "Quantize biases"),
                BITLAB_TR_NOOP("bitlab::core", "Also put the biases on the grid (quantize_bias).")),
            field("ste_clip", &Q::steClip, {}, BITLAB_TR_NOOP("bitlab::core", "STE clip"),
                BITLAB_TR_NOOP("bitlab::core",
                    "ste only: zero the gradient where the unclamped rounded code lies outside "
                    "[qmin, qmax] (PyTorch's fake-quant mask).")),
            field("activation_bits", &Q::activationBits, Range::closed(0, 16),
                BITLAB_TR_NOOP("bitlab::core", "Activation bits"),
                BITLAB_TR_NOOP("bitlab::core",
                    "MLP only: fake-quantize hidden activations with an affine grid of this many "
                    "bits (min/max tracked as an EMA); 0 = off.")),
            field("exp_bits", &Q::expBits, Range::closed(kFloatMinExpBits, kFloatMaxExpBits),
                BITLAB_TR_NOOP("bitlab::core", "Exponent bits"),
                BITLAB_TR_NOOP("bitlab::core",
                    "float with format custom: exponent bits E (bias 2^(E-1)-1, IEEE-like).")),
            field("man_bits", &Q::manBits, Range::closed(kFloatMinManBits, kFloatMaxManBits),
                BITLAB_TR_NOOP("bitlab::core", "Mantissa bits"),
                BITLAB_TR_NOOP("bitlab::core", "float with format custom: mantissa bits M.")),
            field("block", &Q::block, Range::closed(kMinBlock, kMaxBlock),
                BITLAB_TR_NOOP("bitlab::core", "Block size"),
                BITLAB_TR_NOOP("bitlab::core",
                    "mx and nvfp4: consecutive elements of a row that share one scale.")),
            field("averaging", &Q::averaging, Range { 0.0, 1.0, true, false },
                BITLAB_TR_NOOP("bitlab::core", "Averaging"),
                BITLAB_TR_NOOP("bitlab::core",
                    "moving_average observer: c in min += c*(min(x) - min), the same for max "
                    "(PyTorch's averaging_constant).")),
            field("percentile", &Q::percentile, Range { 50.0, 100.0, true, false },
                BITLAB_TR_NOOP("bitlab::core", "Percentile"),
                BITLAB_TR_NOOP("bitlab::core",
                    "percentile observer: the range ends at this percentile of |x| (symmetric, "
                    "float) or of x on each side (affine: p and 100 - p).")),
            field("calibration_batches", &Q::calibrationBatches, Range::closed(0, 1000000),
                BITLAB_TR_NOOP("bitlab::core", "Calibration batches"),
                BITLAB_TR_NOOP("bitlab::core",
                    "ptq only: before each quantized evaluation the observers (and the "
                    "activation ranges) start afresh and see this many training batches; 0 = "
                    "the ranges tracked during training.")),
            field("torch_float32", &Q::torchFloat32, {},
                BITLAB_TR_NOOP("bitlab::core", "float32 (PyTorch)"),
                BITLAB_TR_NOOP("bitlab::core",
                    "symmetric and affine: compute the scale, its inverse, w times the inverse "
                    "and w' in float32, as PyTorch's FakeQuantize does, so the codes match "
                    "torch's bit for bit; the scale is at least float32 epsilon.")),
        };
        // What each scheme reads; an unknown scheme is checked on everything.
        auto schemeHas = [](bool QuantizerInfo::*flag) {
            return [flag](const Q& q) {
                const QuantizerInfo* info = findQuantizer(q.scheme);
                return !info || info->*flag;
            };
        };
        f[0].applies = schemeHas(&QuantizerInfo::hasBits);
        f[0].rangeFor = [](const Q& q) {
            const QuantizerInfo* info = findQuantizer(q.scheme);
            return info ? Range::closed(info->minBitsFor(q), info->maxBits) : Range::closed(1, 16);
        };
        // Why the fewest bits is more than 1 (the range alone does not say).
        f[0].rangeWhy = [](const Q& q, double bits) {
            const QuantizerInfo* info = findQuantizer(q.scheme);
            return info && bits < info->minBitsFor(q) && info->minBitsFor(q) == info->minBits
                ? info->minBitsWhy
                : std::string();
        };
        f[1].applies = schemeHas(&QuantizerInfo::usesFracBits);
        f[2].applies = schemeHas(&QuantizerInfo::usesNarrowRange);
        for (std::size_t k = 6; k <= 7; ++k) // exp_bits, man_bits: float with format custom
            f[k].applies = [](const Q& q) {
                const QuantizerInfo* info = findQuantizer(q.scheme);
                return !info || (info->usesFloatFormat && q.format == "custom");
            };
        f[8].applies = schemeHas(&QuantizerInfo::usesBlock);
        f[9].applies = [](const Q& q) {
            return observerApplies(q) && q.observer == RangeObserver::MovingAverage;
        };
        f[10].applies = [](const Q& q) {
            return observerApplies(q) && q.observer == RangeObserver::Percentile;
        };
        f[11].applies = [](const Q& q) { return q.mode == TrainingMode::Ptq; };
        f[12].applies = schemeHas(&QuantizerInfo::usesTorchFloat32);
        return f;
    }();
    return fields;
}

std::vector<std::string> validateQuantizerSpec(
    const QuantizerSpec& spec, const std::string& keyPrefix)
{
    std::vector<std::string> problems;
    const QuantizerInfo* info = findQuantizer(spec.scheme);
    if (!info)
        problems.push_back(fieldKey(keyPrefix, "scheme") + " must be one of "
            + joinNames(quantizerNames()) + ", got \"" + spec.scheme + "\"");
    for (const auto& f : quantizerFields()) {
        std::string problem = fieldProblem(f, spec, keyPrefix);
        if (!problem.empty())
            problems.push_back(std::move(problem));
    }
    if (info && info->usesFloatFormat && spec.format != "custom" && !findFloatFormat(spec.format))
        problems.push_back(fieldKey(keyPrefix, "format") + " must be one of "
            + joinNames(floatFormatNames()) + " or custom, got \"" + spec.format + "\"");
    if (info && spec.observer != RangeObserver::MinMax && !observerApplies(spec))
        problems.push_back(fieldKey(keyPrefix, "observer") + " \"" + toString(spec.observer)
            + "\" applies only to the scale-based schemes symmetric, affine and float with "
              "scaling amax (scheme is \""
            + spec.scheme + "\"" + (info->usesFloatFormat ? " with scaling none" : "")
            + "); use minmax or leave it out");
    if (spec.learn != LearnMode::None) {
        const std::string key = fieldKey(keyPrefix, "learn") + " \"" + toString(spec.learn) + "\"";
        if (spec.mode != TrainingMode::Ste)
            problems.push_back(key
                + " needs mode \"ste\": the parameter learns from the gradient through the "
                  "quantizer, which post_update and ptq never take (mode is \""
                + toString(spec.mode) + "\")");
        if (spec.learn == LearnMode::Lsq) {
            if (info && !info->learnsStep)
                problems.push_back(key + " applies only to scheme \""
                    + joinNames(quantizerNamesWith(&QuantizerInfo::learnsStep))
                    + "\": LSQ learns the step of codes "
                      "-Qn..Qp around 0 (an affine grid would need a learned offset too, "
                      "LSQ+; scheme is \""
                    + spec.scheme + "\")");
            if (spec.rounding != Rounding::Nearest)
                problems.push_back(key
                    + " needs rounding \"nearest\" (its step gradient is that of rounding "
                      "to nearest)");
            if (spec.observer != RangeObserver::MinMax)
                problems.push_back(key + " learns the range, so observer \""
                    + toString(spec.observer) + "\" has nothing to do; leave observer out");
        }
        if (spec.learn == LearnMode::Pact && spec.activationBits == 0)
            problems.push_back(
                key + " learns the clip of the hidden activations: it needs activation_bits > 0");
    }
    if (info && info->usesMxElement && !findMxElement(spec.element))
        problems.push_back(fieldKey(keyPrefix, "element") + " must be one of "
            + joinNames(mxElementNames()) + ", got \"" + spec.element + "\"");
    return problems;
}

std::unique_ptr<Quantizer> createQuantizer(const QuantizerSpec& spec)
{
    const QuantizerInfo* info = findQuantizer(spec.scheme);
    if (!info)
        throw Error("quantizer.scheme must be one of " + joinNames(quantizerNames()) + ", got \""
            + spec.scheme + "\".");
    // The constructor validates the rest and lists every problem.
    return info->create(spec);
}

} // namespace bitlab
