#include "core/quant/float_format.h"

#include "core/common/error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <sstream>

namespace bitlab {

namespace {
using detail::pow2;

std::string binary(std::uint32_t v, int width)
{
    std::string s;
    for (int i = width - 1; i >= 0; --i)
        s += ((v >> i) & 1u) ? '1' : '0';
    return s;
}
} // namespace

FloatFormat::FloatFormat(
    std::string name, int expBits, int manBits, int bias, FloatSpecials specials)
    : m_name(std::move(name))
    , m_expBits(expBits)
    , m_manBits(manBits)
    , m_bias(bias)
    , m_specials(specials)
{
    if (expBits < kFloatMinExpBits || expBits > kFloatMaxExpBits || manBits < kFloatMinManBits
        || manBits > kFloatMaxManBits) {
        std::ostringstream msg;
        msg << "float format " << m_name << ": exp_bits must be between " << kFloatMinExpBits
            << " and " << kFloatMaxExpBits << " and man_bits between " << kFloatMinManBits
            << " and " << kFloatMaxManBits << ", got E" << expBits << "M" << manBits;
        throw Error(msg.str());
    }
    const int topField = (1 << expBits) - 1;
    m_maxExponent = (specials == FloatSpecials::Ieee ? topField - 1 : topField) - bias;
    // The encoder builds 2^(M - e) and 2^(e - M) from bits for e in [1 - bias, 1023]: both
    // must stay normal doubles.
    if (minExponent() - manBits < -1022 || manBits - minExponent() > 1023 || m_maxExponent > 1000
        || m_maxExponent < minExponent())
        throw Error("float format " + m_name + ": bias " + std::to_string(bias)
            + " puts the exponent range outside a double's");
    const std::uint32_t manMask = (std::uint32_t(1) << manBits) - 1;
    // Largest finite magnitude: the top normal binade with every mantissa bit set, except
    // e4m3-like formats whose all-ones mantissa there is the NaN.
    const std::uint32_t topMantissa = specials == FloatSpecials::NanOnly ? manMask - 1 : manMask;
    const int maxField = specials == FloatSpecials::Ieee ? topField - 1 : topField;
    m_maxFiniteCode = (static_cast<std::uint32_t>(maxField) << manBits) | topMantissa;
    m_maxFinite = std::ldexp(
        static_cast<double>((std::uint32_t(1) << manBits) + topMantissa), m_maxExponent - manBits);
    m_rangeTie = m_maxFinite + pow2(m_maxExponent - manBits - 1);
}

FloatFormat FloatFormat::custom(int expBits, int manBits)
{
    std::vector<std::string> problems;
    if (expBits < kFloatMinExpBits || expBits > kFloatMaxExpBits)
        problems.push_back("exp_bits must be between " + std::to_string(kFloatMinExpBits) + " and "
            + std::to_string(kFloatMaxExpBits) + ", got " + std::to_string(expBits));
    if (manBits < kFloatMinManBits || manBits > kFloatMaxManBits)
        problems.push_back("man_bits must be between " + std::to_string(kFloatMinManBits) + " and "
            + std::to_string(kFloatMaxManBits) + ", got " + std::to_string(manBits));
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems)
            all += (all.empty() ? "" : "; ") + p;
        throw Error(all);
    }
    std::ostringstream name;
    name << 'e' << expBits << 'm' << manBits;
    return FloatFormat(name.str(), expBits, manBits, (1 << (expBits - 1)) - 1, FloatSpecials::Ieee);
}

double FloatFormat::minNormal() const
{
    return pow2(minExponent());
}

double FloatFormat::minSubnormal() const
{
    return pow2(minExponent() - m_manBits);
}

std::uint32_t FloatFormat::infCode() const
{
    if (!hasInf())
        throw Error("float format " + m_name + " has no infinity");
    return static_cast<std::uint32_t>((1 << m_expBits) - 1) << m_manBits;
}

std::uint32_t FloatFormat::nanCode() const
{
    const std::uint32_t expMask = static_cast<std::uint32_t>((1 << m_expBits) - 1) << m_manBits;
    const std::uint32_t manMask = (std::uint32_t(1) << m_manBits) - 1;
    switch (m_specials) {
    case FloatSpecials::Ieee:
        return expMask | (std::uint32_t(1) << (m_manBits - 1)); // quiet NaN
    case FloatSpecials::NanOnly:
        return expMask | manMask;
    case FloatSpecials::None:
        break;
    }
    throw Error("float format " + m_name + " has no NaN");
}

bool FloatFormat::isNan(std::uint32_t code) const
{
    const std::uint32_t magnitude = code & (signBit() - 1);
    const std::uint32_t expMask = static_cast<std::uint32_t>((1 << m_expBits) - 1) << m_manBits;
    const std::uint32_t manMask = (std::uint32_t(1) << m_manBits) - 1;
    switch (m_specials) {
    case FloatSpecials::Ieee:
        return (magnitude & expMask) == expMask && (magnitude & manMask) != 0;
    case FloatSpecials::NanOnly:
        return magnitude == (expMask | manMask);
    case FloatSpecials::None:
        return false;
    }
    return false;
}

bool FloatFormat::isInf(std::uint32_t code) const
{
    return hasInf() && (code & (signBit() - 1)) == infCode();
}

double FloatFormat::decode(std::uint32_t code) const
{
    if (code >= codeCount()) {
        std::ostringstream msg;
        msg << "float format " << m_name << " has " << bits() << "-bit codes, got " << code;
        throw Error(msg.str());
    }
    const bool negative = (code & signBit()) != 0;
    if (isNan(code))
        return std::numeric_limits<double>::quiet_NaN();
    if (isInf(code))
        return negative ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity();
    const std::uint32_t field = (code >> m_manBits) & ((std::uint32_t(1) << m_expBits) - 1);
    const std::uint32_t mantissa = code & ((std::uint32_t(1) << m_manBits) - 1);
    const double magnitude = field == 0
        ? std::ldexp(static_cast<double>(mantissa), minExponent() - m_manBits)
        : std::ldexp(static_cast<double>((std::uint32_t(1) << m_manBits) + mantissa),
            static_cast<int>(field) - m_bias - m_manBits);
    return negative ? -magnitude : magnitude;
}

FloatFormat::Cast FloatFormat::castNan(std::uint32_t sign) const
{
    if (!hasNan())
        throw Error("float format " + m_name + " has no NaN: a NaN cannot be cast to it");
    return { nanCode() | sign, std::numeric_limits<double>::quiet_NaN() };
}

FloatFormat::Cast FloatFormat::castOverflow(bool negative) const
{
    constexpr double inf = std::numeric_limits<double>::infinity();
    const std::uint32_t sign = negative ? signBit() : 0;
    return hasInf() ? Cast { infCode() | sign, negative ? -inf : inf }
                    : Cast { nanCode() | sign, std::numeric_limits<double>::quiet_NaN() };
}

std::vector<double> FloatFormat::finiteValues() const
{
    std::vector<double> positive;
    for (std::uint32_t code = 0; code <= m_maxFiniteCode; ++code)
        positive.push_back(decode(code));
    std::vector<double> out;
    out.reserve(2 * positive.size() - 1);
    for (auto it = positive.rbegin(); it + 1 != positive.rend(); ++it)
        out.push_back(-*it);
    out.insert(out.end(), positive.begin(), positive.end());
    return out;
}

std::string FloatFormat::cDecodeBody() const
{
    const int eTop = (1 << m_expBits) - 1, mTop = (1 << m_manBits) - 1;
    std::ostringstream c;
    c << "    /* " << m_name << ": sign 1 bit, exponent " << m_expBits << " bits (bias " << m_bias
      << "), mantissa " << m_manBits << " bits */\n";
    c << "    const int s = (code >> " << (m_expBits + m_manBits) << ") & 1, e = (code >> "
      << m_manBits << ") & " << eTop << ", m = code & " << mTop << ";\n";
    c << "    double v;\n";
    if (m_specials == FloatSpecials::Ieee)
        c << "    if (e == " << eTop << ")\n        v = m ? NAN : INFINITY;\n    else\n    ";
    else if (m_specials == FloatSpecials::NanOnly)
        c << "    if (e == " << eTop << " && m == " << mTop
          << ")\n        v = NAN;\n    else\n    ";
    c << "    v = e == 0 ? ldexp((double)m, " << (minExponent() - m_manBits)
      << ") : ldexp((double)(m + " << (1 << m_manBits) << "), e - " << (m_bias + m_manBits)
      << ");\n";
    c << "    return (s ? -v : v) * scale;\n";
    return c.str();
}

std::string FloatFormat::explain(std::uint32_t code) const
{
    std::string upper = m_name;
    for (auto& ch : upper)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const std::uint32_t field = (code >> m_manBits) & ((std::uint32_t(1) << m_expBits) - 1);
    const std::uint32_t mantissa = code & ((std::uint32_t(1) << m_manBits) - 1);
    std::ostringstream s;
    s << upper << ": sign " << ((code & signBit()) ? 1 : 0) << ", exponent "
      << binary(field, m_expBits) << ", mantissa " << binary(mantissa, m_manBits) << " -> ";
    if (isNan(code)) {
        s << "NaN";
    } else if (isInf(code)) {
        s << ((code & signBit()) ? "-inf" : "+inf");
    } else {
        const double fraction = std::ldexp(static_cast<double>(mantissa), -m_manBits);
        s << ((code & signBit()) ? "-" : "") << (field == 0 ? fraction : 1.0 + fraction) << " x 2^"
          << (field == 0 ? minExponent() : static_cast<int>(field) - m_bias);
        if (field == 0 && mantissa != 0)
            s << " (subnormal)";
    }
    return s.str();
}

namespace {
std::vector<FloatFormatInfo> buildFormats()
{
    using S = FloatSpecials;
    std::vector<FloatFormatInfo> r;
    r.push_back({ "fp16", "IEEE 754 binary16 (E5M10, bias 15, inf and NaN, max 65504)",
        FloatFormat("fp16", 5, 10, 15, S::Ieee) });
    r.push_back({ "bf16", "bfloat16 (E8M7, bias 127, inf and NaN, float32's range)",
        FloatFormat("bf16", 8, 7, 127, S::Ieee) });
    r.push_back({ "e5m2", "OCP FP8 E5M2 (bias 15, inf and NaN, max 57344)",
        FloatFormat("e5m2", 5, 2, 15, S::Ieee) });
    r.push_back({ "e4m3", "OCP FP8 E4M3 (bias 7, no inf, S.1111.111 is NaN, max 448)",
        FloatFormat("e4m3", 4, 3, 7, S::NanOnly) });
    r.push_back({ "e3m2", "OCP FP6 E3M2 (bias 3, no inf or NaN, max 28)",
        FloatFormat("e3m2", 3, 2, 3, S::None) });
    r.push_back({ "e2m3", "OCP FP6 E2M3 (bias 1, no inf or NaN, max 7.5)",
        FloatFormat("e2m3", 2, 3, 1, S::None) });
    r.push_back({ "e2m1", "OCP FP4 E2M1 (bias 1, no inf or NaN: 0, 0.5, 1, 1.5, 2, 3, 4, 6)",
        FloatFormat("e2m1", 2, 1, 1, S::None) });
    return r;
}
} // namespace

const std::vector<FloatFormatInfo>& floatFormatRegistry()
{
    static const std::vector<FloatFormatInfo> registry = buildFormats();
    return registry;
}

const FloatFormat* findFloatFormat(const std::string& name)
{
    for (const auto& info : floatFormatRegistry())
        if (info.name == name)
            return &info.format;
    return nullptr;
}

std::vector<std::string> floatFormatNames()
{
    std::vector<std::string> out;
    for (const auto& info : floatFormatRegistry())
        out.push_back(info.name);
    return out;
}

} // namespace bitlab
