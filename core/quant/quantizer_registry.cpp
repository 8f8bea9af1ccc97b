// The quantizer registry: the one place that maps a scheme name to its factory, its
// defaults and the fields it reads. The CLI, the JSON reader and the GUI read it; adding
// a quantizer is a header/source pair in core/quant/ and one entry below.

#include "core/common/error.h"
#include "core/quant/affine_quantizer.h"
#include "core/quant/binary_quantizer.h"
#include "core/quant/fixed_quantizer.h"
#include "core/quant/pow2_quantizer.h"
#include "core/quant/quantizer.h"
#include "core/quant/symmetric_quantizer.h"
#include "core/quant/ternary_quantizer.h"

#include <sstream>

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
        i.description = "Two's-complement fixed point: bits-bit words (sign included) with "
                        "frac_bits fractional bits, a fixed grid of step 2^-frac_bits.";
        i.formula = "q = clamp(round(w*2^f), -2^(bits-1), 2^(bits-1)-1); w' = q/2^f";
        i.usesFracBits = true;
        i.usesGranularity = false;
        i.minBits = 1;
        i.defaults = defaultsFor("fixed", 8, 4);
        i.create = factory<FixedQuantizer>();
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "symmetric";
        i.description = "Uniform grid centred on 0, scaled to max|w|; narrow range (Brevitas) "
                        "by default, full range (PyTorch per_tensor_symmetric) on request.";
        i.formula = "scale = max|w|/(2^(bits-1)-1) (full: /((2^bits-1)/2)); "
                    "q = clamp(round(w/scale), qmin, qmax); w' = q*scale";
        i.usesNarrowRange = true;
        i.minBits = 2; // with narrow_range; 1 is allowed with narrow_range: false
        i.defaults = defaultsFor("symmetric", 8);
        i.create = factory<SymmetricQuantizer>();
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "affine";
        i.description = "Asymmetric uniform grid over [min(w,0), max(w,0)] with a zero-point: "
                        "PyTorch's MinMaxObserver + fake_quantize_per_tensor_affine.";
        i.formula = "scale = (hi-lo)/(2^bits-1); zp = clamp(-round(lo/scale), 0, 2^bits-1); "
                    "q = clamp(round(w/scale)+zp, 0, 2^bits-1); w' = (q-zp)*scale";
        i.hasZeroPoint = true;
        i.minBits = 1;
        i.defaults = defaultsFor("affine", 8);
        i.create = factory<AffineQuantizer>();
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "pow2";
        i.description = "Logarithmic: every nonzero weight a signed power of two, "
                        "2^(bits-1)-1 exponents at and below round(log2 max|w|).";
        i.formula = "w' = sign(w)*2^clamp(round(log2|w|), emax-n+1, emax), emax = round(log2 "
                    "max|w|), n = 2^(bits-1)-1; |w| < 2^(emin-1) gives 0";
        i.minBits = 2;
        i.defaults = defaultsFor("pow2", 4);
        i.create = factory<Pow2Quantizer>();
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "binary";
        i.description = "One bit per weight: the sign scaled by the mean magnitude (XNOR-Net).";
        i.formula = "w' = alpha*sign(w), sign(0) = +1, alpha = mean|w|";
        i.hasBits = false;
        i.usesRounding = false;
        i.minBits = 1;
        i.maxBits = 1;
        i.defaults = defaultsFor("binary", 1);
        i.create = factory<BinaryQuantizer>();
        r.push_back(std::move(i));
    }
    {
        QuantizerInfo i;
        i.name = "ternary";
        i.description = "Three values {-alpha, 0, +alpha} (Ternary Weight Networks).";
        i.formula = "delta = 0.7*mean|w|; alpha = mean|w| over |w| > delta; "
                    "w' = alpha*sign(w) where |w| > delta, else 0";
        i.hasBits = false;
        i.usesRounding = false;
        i.minBits = 2;
        i.maxBits = 2;
        i.defaults = defaultsFor("ternary", 2);
        i.create = factory<TernaryQuantizer>();
        r.push_back(std::move(i));
    }
    return r;
}

std::string key(const std::string& prefix, const char* name)
{
    return prefix.empty() ? std::string(name) : prefix + "." + name;
}

std::string joinNames()
{
    std::string out;
    for (const auto& info : quantizerRegistry()) {
        if (!out.empty())
            out += ", ";
        out += info.name;
    }
    return out;
}
} // namespace

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

std::vector<std::string> validateQuantizerSpec(
    const QuantizerSpec& spec, const std::string& keyPrefix)
{
    std::vector<std::string> problems;
    const QuantizerInfo* info = findQuantizer(spec.scheme);
    if (!info) {
        problems.push_back(key(keyPrefix, "scheme") + " must be one of " + joinNames() + ", got \""
            + spec.scheme + "\"");
    }
    if (info && info->hasBits) {
        int lowest = info->minBits;
        std::string why;
        if (info->name == "symmetric" && !spec.narrowRange)
            lowest = 1;
        else if (info->name == "symmetric")
            why = " (symmetric with narrow_range: true needs 2 bits at least, since 1 bit leaves "
                  "only the code 0; set narrow_range: false for 1 bit)";
        else if (info->name == "pow2")
            why = " (pow2 needs 2 bits at least: 1 bit leaves no exponent)";
        if (spec.bits < lowest || spec.bits > info->maxBits) {
            std::ostringstream msg;
            msg << key(keyPrefix, "bits") << " must be between " << lowest << " and "
                << info->maxBits << ", got " << spec.bits << why;
            problems.push_back(msg.str());
        }
    } else if (!info && (spec.bits < 1 || spec.bits > 16)) {
        problems.push_back(
            key(keyPrefix, "bits") + " must be between 1 and 16, got " + std::to_string(spec.bits));
    }
    if (info && info->usesFracBits
        && (spec.fracBits < kQuantMinFracBits || spec.fracBits > kQuantMaxFracBits)) {
        std::ostringstream msg;
        msg << key(keyPrefix, "frac_bits") << " must be between " << kQuantMinFracBits << " and "
            << kQuantMaxFracBits << ", got " << spec.fracBits;
        problems.push_back(msg.str());
    }
    if (spec.activationBits != 0 && (spec.activationBits < 1 || spec.activationBits > 16)) {
        problems.push_back(key(keyPrefix, "activation_bits")
            + " must be 0 (off) or between 1 and 16, got " + std::to_string(spec.activationBits));
    }
    return problems;
}

std::unique_ptr<Quantizer> createQuantizer(const QuantizerSpec& spec)
{
    const QuantizerInfo* info = findQuantizer(spec.scheme);
    if (!info)
        throw Error(
            "quantizer.scheme must be one of " + joinNames() + ", got \"" + spec.scheme + "\".");
    // The constructor validates the rest and lists every problem.
    return info->create(spec);
}

} // namespace bitlab
