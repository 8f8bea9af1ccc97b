// The minifloat codec (core/quant/float_format.h, DESIGN §6) against independent methods:
// every code of every format decoded from the spec's definition (std::pow, the special
// codes as DESIGN states them); the fast encoder against a brute-force nearest search over
// that table (ties to the even code) for the values, their midpoints and the doubles either
// side, ±0, subnormals, the largest finite value, overflow in both modes, inf and NaN, and
// log-uniform random inputs; stochastic rounding against the neighbours the search finds;
// fp16 bit for bit against the compiler's _Float16 (IEEE binary16, one rounding from
// double) and bf16 against PyTorch's c10::BFloat16 round_to_nearest_even on float32 bits.

#include "core/common/error.h"
#include "core/common/rng.h"
#include "core/quant/float_format.h"

#include <QtTest>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

using namespace bitlab;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Kind { Ieee, FiniteNan, NoSpecials };

// What DESIGN §6 states about a format, written down here without the code under test.
struct SpecFormat {
    const char* name;
    int e, m, bias;
    Kind kind;
    double max; // largest finite value as DESIGN (or IEEE) states it
};

const SpecFormat kSpecs[] = {
    { "fp16", 5, 10, 15, Kind::Ieee, 65504.0 },
    { "bf16", 8, 7, 127, Kind::Ieee, 3.3895313892515355e38 },
    { "e5m2", 5, 2, 15, Kind::Ieee, 57344.0 },
    { "e4m3", 4, 3, 7, Kind::FiniteNan, 448.0 },
    { "e3m2", 3, 2, 3, Kind::NoSpecials, 28.0 },
    { "e2m3", 2, 3, 1, Kind::NoSpecials, 7.5 },
    { "e2m1", 2, 1, 1, Kind::NoSpecials, 6.0 },
};

// A custom E/M: bias 2^(E-1)-1, IEEE specials; max = (2 - 2^-M) * 2^(2^E - 2 - bias).
SpecFormat customSpec(int e, int m)
{
    const int bias = (1 << (e - 1)) - 1;
    return { "custom", e, m, bias, Kind::Ieee,
        (2.0 - std::pow(2.0, -m)) * std::pow(2.0, (1 << e) - 2 - bias) };
}

// The value of a code from the definition: NaN/inf per the format's specials, else
// (-1)^s * 0.m * 2^(1-bias) or (-1)^s * 1.m * 2^(e-bias).
double specDecode(const SpecFormat& f, std::uint32_t code)
{
    const std::uint32_t s = code >> (f.e + f.m);
    const std::uint32_t e = (code >> f.m) & ((1u << f.e) - 1);
    const std::uint32_t m = code & ((1u << f.m) - 1);
    const std::uint32_t eTop = (1u << f.e) - 1, mTop = (1u << f.m) - 1;
    if (f.kind == Kind::Ieee && e == eTop)
        return m == 0 ? (s ? -kInf : kInf) : std::numeric_limits<double>::quiet_NaN();
    if (f.kind == Kind::FiniteNan && e == eTop && m == mTop)
        return std::numeric_limits<double>::quiet_NaN();
    const double frac = m / std::pow(2.0, f.m);
    const double mag = e == 0 ? frac * std::pow(2.0, 1 - f.bias)
                              : (1.0 + frac) * std::pow(2.0, static_cast<int>(e) - f.bias);
    return s ? -mag : mag;
}

bool sameDouble(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// The brute-force reference: the positive finite values by code, found by decoding every
// code, and a search for the neighbours of |x|.
struct Table {
    SpecFormat spec;
    std::vector<double> values; // values[c] for positive finite codes c = 0..maxCode
    std::uint32_t signBit;
    std::uint32_t infCode = 0, nanCode = 0; // positive patterns (0 when none)
};

Table buildTable(const SpecFormat& f)
{
    Table t { f, {}, 1u << (f.e + f.m) };
    for (std::uint32_t c = 0; c < t.signBit; ++c) {
        const double v = specDecode(f, c);
        if (std::isnan(v)) {
            if (t.nanCode == 0)
                t.nanCode = c;
            continue;
        }
        if (std::isinf(v)) {
            t.infCode = c;
            continue;
        }
        t.values.push_back(v); // codes ascend with value, finite ones first
    }
    if (f.kind == Kind::Ieee) // the quiet NaN: top mantissa bit set
        t.nanCode = (((1u << f.e) - 1) << f.m) | (1u << (f.m - 1));
    return t;
}

struct Neighbours {
    std::uint32_t lo; // code with values[lo] <= a
    double loValue, hiValue; // hi = lo + 1 (hiValue beyond max: the virtual code past it)
};

Neighbours neighbours(const Table& t, double a)
{
    std::uint32_t lo = 0;
    if (t.values.size() <= 256) {
        for (std::uint32_t c = 0; c < t.values.size(); ++c) // a plain scan
            if (t.values[c] <= a)
                lo = c;
    } else {
        lo = static_cast<std::uint32_t>(
            std::upper_bound(t.values.begin(), t.values.end(), a) - t.values.begin() - 1);
    }
    const std::uint32_t maxCode = static_cast<std::uint32_t>(t.values.size() - 1);
    const double top = t.values[maxCode];
    const double hi
        = lo < maxCode ? t.values[lo + 1] : top + (top - t.values[maxCode - 1]); // virtual
    return { lo, t.values[lo], hi };
}

// Reference nearest (ties to the even code) or stochastic (up iff (a-lo)/(hi-lo) + u >= 1).
// Returns the code; the virtual code past the largest finite value is inf / NaN.
std::uint32_t reference(const Table& t, double x, FloatOverflow overflow, const double* u)
{
    const std::uint32_t sign = std::signbit(x) ? t.signBit : 0;
    if (std::isnan(x))
        return t.nanCode | sign;
    const bool saturate = overflow == FloatOverflow::Saturate || t.spec.kind == Kind::NoSpecials;
    double a = std::abs(x);
    const std::uint32_t maxCode = static_cast<std::uint32_t>(t.values.size() - 1);
    const std::uint32_t pastMax = t.spec.kind == Kind::Ieee ? t.infCode : t.nanCode;
    if (saturate)
        a = std::min(a, t.values[maxCode]);
    else if (std::isinf(a))
        return pastMax | sign;
    if (a > 2 * t.values[maxCode])
        return pastMax | sign;
    const Neighbours n = neighbours(t, a);
    std::uint32_t code;
    if (n.loValue == a) {
        code = n.lo;
    } else if (u) {
        // (a - lo) and (hi - lo) are exact (Sterbenz; hi - lo is a power of two).
        code = (a - n.loValue) / (n.hiValue - n.loValue) + *u >= 1.0 ? n.lo + 1 : n.lo;
    } else {
        const double down = a - n.loValue, up = n.hiValue - a; // both exact
        code = down < up ? n.lo : up < down ? n.lo + 1 : (n.lo % 2 == 0 ? n.lo : n.lo + 1);
    }
    if (code > maxCode)
        return pastMax | sign;
    return code | sign;
}

// Inputs that exercise every rounding case of a format.
std::vector<double> inputsFor(const Table& t, std::uint64_t seed)
{
    std::vector<double> in;
    const auto& v = t.values;
    const double top = v.back(), ulpTop = top - v[v.size() - 2];
    for (std::size_t c = 0; c < v.size(); ++c) {
        in.push_back(v[c]);
        in.push_back(std::nextafter(v[c], kInf));
        if (c > 0)
            in.push_back(std::nextafter(v[c], 0.0));
        if (c + 1 < v.size()) {
            const double mid = (v[c] + v[c + 1]) / 2; // exact in a double
            in.push_back(mid);
            in.push_back(std::nextafter(mid, 0.0));
            in.push_back(std::nextafter(mid, kInf));
            in.push_back(v[c] + (v[c + 1] - v[c]) / 4);
        }
    }
    for (double x : { 0.0, v[1] / 2, v[1] / 4, 3 * v[1] / 4, std::nextafter(v[1] / 2, kInf),
             top + ulpTop / 2, std::nextafter(top + ulpTop / 2, 0.0),
             std::nextafter(top + ulpTop / 2, kInf), top + ulpTop, top + ulpTop * 0.75, 2 * top,
             4 * top, 1e30, 1e300, std::numeric_limits<double>::max(), kInf,
             std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::min() })
        in.push_back(x);
    Rng rng(seed);
    const double lo = std::log2(v[1] / 8), hi = std::log2(top * 4);
    for (int i = 0; i < 20000; ++i)
        in.push_back(std::exp2(rng.uniform(lo, hi)));
    const std::size_t n = in.size();
    for (std::size_t i = 0; i < n; ++i)
        in.push_back(-in[i]);
    return in;
}

std::vector<SpecFormat> allSpecs()
{
    std::vector<SpecFormat> specs(std::begin(kSpecs), std::end(kSpecs));
    for (auto [e, m] : { std::pair { 5, 10 }, { 8, 7 }, { 5, 2 }, { 2, 1 }, { 3, 4 }, { 4, 3 },
             { 8, 1 }, { 6, 9 } })
        specs.push_back(customSpec(e, m));
    return specs;
}

FloatFormat formatOf(const SpecFormat& s)
{
    return std::string(s.name) == "custom" ? FloatFormat::custom(s.e, s.m)
                                           : *findFloatFormat(s.name);
}

QString label(const SpecFormat& s)
{
    return std::string(s.name) == "custom" ? QString("custom E%1M%2").arg(s.e).arg(s.m)
                                           : QString(s.name);
}

std::uint16_t bitsOfHalf(double x)
{
    const _Float16 h = static_cast<_Float16>(x);
    std::uint16_t b;
    std::memcpy(&b, &h, 2);
    return b;
}

// PyTorch's c10::BFloat16 round_to_nearest_even(float) (c10/util/BFloat16.h), the
// reference for float32 inputs.
std::uint16_t torchBf16(float f)
{
    if (std::isnan(f))
        return 0x7FC0;
    const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
    const std::uint32_t roundingBias = ((u >> 16) & 1) + 0x7FFF;
    return static_cast<std::uint16_t>((u + roundingBias) >> 16);
}

} // namespace

class TestFloatFormat : public QObject {
    Q_OBJECT
private slots:
    void registry()
    {
        QCOMPARE(floatFormatNames(),
            (std::vector<std::string> { "fp16", "bf16", "e5m2", "e4m3", "e3m2", "e2m3", "e2m1" }));
        QVERIFY(findFloatFormat("fp8") == nullptr);
        for (const auto& s : kSpecs) {
            const FloatFormat& f = *findFloatFormat(s.name);
            QCOMPARE(f.expBits(), s.e);
            QCOMPARE(f.manBits(), s.m);
            QCOMPARE(f.bias(), s.bias);
            QCOMPARE(f.maxFinite(), s.max);
        }
        // MX's emax (DESIGN §6).
        QCOMPARE(findFloatFormat("e4m3")->maxExponent(), 8);
        QCOMPARE(findFloatFormat("e5m2")->maxExponent(), 15);
        QCOMPARE(findFloatFormat("e3m2")->maxExponent(), 4);
        QCOMPARE(findFloatFormat("e2m3")->maxExponent(), 2);
        QCOMPARE(findFloatFormat("e2m1")->maxExponent(), 2);
    }

    void customLimits()
    {
        QCOMPARE(FloatFormat::custom(5, 10).maxFinite(), 65504.0);
        QCOMPARE(FloatFormat::custom(2, 1).maxFinite(), 3.0);
        try {
            FloatFormat::custom(1, 0);
            QFAIL("E1M0 accepted");
        } catch (const Error& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("exp_bits must be between 2 and 8, got 1")
                    && msg.contains("man_bits must be between 1 and 23, got 0"),
                e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, FloatFormat::custom(9, 3));
        QVERIFY_THROWS_EXCEPTION(Error, FloatFormat::custom(4, 24));
    }

    // Every code decodes as the definition says; the counts of special codes are DESIGN's.
    void decodeEveryCode_data()
    {
        QTest::addColumn<int>("index");
        const auto specs = allSpecs();
        for (int i = 0; i < static_cast<int>(specs.size()); ++i)
            QTest::newRow(qPrintable(label(specs[i]))) << i;
    }
    void decodeEveryCode()
    {
        QFETCH(int, index);
        const SpecFormat s = allSpecs()[index];
        const FloatFormat f = formatOf(s);
        QCOMPARE(f.codeCount(), 1u << (1 + s.e + s.m));
        int nans = 0, infs = 0;
        double largest = 0;
        for (std::uint32_t c = 0; c < f.codeCount(); ++c) {
            const double want = specDecode(s, c);
            const double got = f.decode(c);
            if (!sameDouble(got, want))
                QFAIL(qPrintable(QString("code %1: %2, definition %3").arg(c).arg(got).arg(want)));
            QCOMPARE(f.isNan(c), std::isnan(want));
            QCOMPARE(f.isInf(c), std::isinf(want));
            nans += std::isnan(want);
            infs += std::isinf(want);
            if (std::isfinite(want))
                largest = std::max(largest, want);
        }
        QCOMPARE(largest, s.max);
        QCOMPARE(f.decode(f.maxFiniteCode()), s.max);
        switch (s.kind) {
        case Kind::Ieee:
            QCOMPARE(infs, 2);
            QCOMPARE(nans, 2 * ((1 << s.m) - 1));
            break;
        case Kind::FiniteNan: // e4m3: only S.1111.111
            QCOMPARE(infs, 0);
            QCOMPARE(nans, 2);
            QVERIFY(f.isNan(0x7F) && f.isNan(0xFF) && !f.isNan(0x7E));
            break;
        case Kind::NoSpecials:
            QCOMPARE(infs + nans, 0);
            break;
        }
        QCOMPARE(f.decode(0), 0.0);
        QVERIFY(std::signbit(f.decode(f.signBit())));
        QCOMPARE(f.minSubnormal(), std::pow(2.0, 1 - s.bias - s.m));
        QVERIFY_THROWS_EXCEPTION(Error, f.decode(f.codeCount()));
        // finiteValues(): strictly ascending, symmetric, 0 once.
        const auto values = f.finiteValues();
        QCOMPARE(values.size(), std::size_t(2) * (f.maxFiniteCode() + 1) - 1);
        QVERIFY(std::adjacent_find(values.begin(), values.end(), std::greater_equal<>())
            == values.end());
        QCOMPARE(values.back(), s.max);
        QCOMPARE(values.front(), -s.max);
    }

    void e2m1Values()
    {
        const auto values = findFloatFormat("e2m1")->finiteValues();
        QCOMPARE(values,
            (std::vector<double> { -6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6 }));
        QCOMPARE(findFloatFormat("e3m2")->finiteValues().back(), 28.0);
        QCOMPARE(findFloatFormat("e2m3")->minSubnormal(), 0.125);
    }

    // The fast encoder against the search, nearest and stochastic, both overflow modes.
    void encodeMatchesSearch_data() { decodeEveryCode_data(); }
    void encodeMatchesSearch()
    {
        QFETCH(int, index);
        const SpecFormat s = allSpecs()[index];
        const FloatFormat f = formatOf(s);
        const Table t = buildTable(s);
        const auto inputs = inputsFor(t, 1234 + index);
        const double us[] = { 0.0, 0.25, 0.5, 0.75, std::nextafter(1.0, 0.0) };
        int checked = 0;
        for (double x : inputs) {
            for (auto mode : { FloatOverflow::Saturate, FloatOverflow::Format }) {
                const auto got = f.encode(x, mode);
                const std::uint32_t want = reference(t, x, mode, nullptr);
                if (got.code != want || !sameDouble(got.value, f.decode(want)))
                    QFAIL(
                        qPrintable(QString("%1 %2: code %3 value %4, search %5 (%6)")
                                       .arg(mode == FloatOverflow::Saturate ? "saturate" : "format")
                                       .arg(x, 0, 'g', 17)
                                       .arg(got.code)
                                       .arg(got.value, 0, 'g', 17)
                                       .arg(want)
                                       .arg(f.decode(want), 0, 'g', 17)));
                for (double u : us) {
                    const auto sr = f.encodeStochastic(x, u, mode);
                    const std::uint32_t sw = reference(t, x, mode, &u);
                    if (sr.code != sw || !sameDouble(sr.value, f.decode(sw)))
                        QFAIL(qPrintable(QString("stochastic u=%1 x=%2: code %3, search %4")
                                             .arg(u)
                                             .arg(x, 0, 'g', 17)
                                             .arg(sr.code)
                                             .arg(sw)));
                }
                ++checked;
            }
        }
        QVERIFY(checked > 40000);
    }

    // The named cases, spelt out.
    void specialCases()
    {
        const FloatFormat& e4m3 = *findFloatFormat("e4m3");
        QCOMPARE(e4m3.encode(464.0).code, 0x7Eu); // tie between 448 and "480": even code
        QCOMPARE(e4m3.encode(464.0, FloatOverflow::Format).code, 0x7Eu);
        QCOMPARE(e4m3.encode(465.0, FloatOverflow::Format).code, 0x7Fu); // NaN
        QCOMPARE(e4m3.encode(465.0).code, 0x7Eu);
        QCOMPARE(e4m3.encode(-kInf, FloatOverflow::Format).code, 0xFFu);
        QCOMPARE(e4m3.encode(-kInf).value, -448.0);
        QCOMPARE(e4m3.encode(std::nan("")).code, 0x7Fu);
        QCOMPARE(e4m3.encode(-std::pow(2.0, -10)).code, 0x80u); // half the min subnormal: -0
        QCOMPARE(e4m3.encode(std::pow(2.0, -9)).code, 0x01u); // min subnormal
        QCOMPARE(e4m3.encode(1.25).code, 0x3Au);
        QCOMPARE(e4m3.explain(0x3A),
            std::string("E4M3: sign 0, exponent 0111, mantissa 010 -> "
                        "1.25 x 2^0"));
        QCOMPARE(e4m3.explain(0x81),
            std::string("E4M3: sign 1, exponent 0000, mantissa 001 -> "
                        "-0.125 x 2^-6 (subnormal)"));
        const FloatFormat& fp16 = *findFloatFormat("fp16");
        QCOMPARE(fp16.encode(65520.0, FloatOverflow::Format).code, 0x7C00u); // tie -> inf
        QCOMPARE(fp16.encode(65519.99, FloatOverflow::Format).code, 0x7BFFu);
        QCOMPARE(fp16.encode(65520.0).code, 0x7BFFu); // saturate
        QCOMPARE(fp16.encode(-0.0).code, 0x8000u);
        QVERIFY(std::signbit(fp16.encode(-0.0).value));
        QCOMPARE(fp16.encode(-std::nan("")).code, 0xFE00u);
        const FloatFormat& e2m1 = *findFloatFormat("e2m1");
        QCOMPARE(e2m1.encode(5.0).value, 4.0); // tie 4|6: 4 is code 0b110 (even)
        QCOMPARE(e2m1.encode(2.5).value, 2.0);
        QCOMPARE(e2m1.encode(0.25).value, 0.0);
        QCOMPARE(e2m1.encode(0.75).value, 1.0);
        QCOMPARE(e2m1.encode(1e9, FloatOverflow::Format).value, 6.0); // no specials: saturates
        QVERIFY_THROWS_EXCEPTION(Error, e2m1.encode(std::nan("")));
        QVERIFY_THROWS_EXCEPTION(Error, e2m1.infCode());
        QVERIFY_THROWS_EXCEPTION(Error, findFloatFormat("e4m3")->infCode());
    }

    // fp16 against the compiler's IEEE binary16 conversion, bit for bit.
    void fp16MatchesFloat16()
    {
#if defined(__FLT16_MAX__)
        // The reference must round once from double: 1 + 2^-11 + 2^-40 lies just above the
        // tie between 1 and 1 + 2^-10 (via float it would become the tie and round down).
        QCOMPARE(int(bitsOfHalf(1.0 + std::pow(2.0, -11) + std::pow(2.0, -40))), 0x3C01);
        const FloatFormat& f = *findFloatFormat("fp16");
        for (std::uint32_t c = 0; c < 65536; ++c) {
            _Float16 h;
            const auto b = static_cast<std::uint16_t>(c);
            std::memcpy(&h, &b, 2);
            QVERIFY(sameDouble(f.decode(c), static_cast<double>(h)));
        }
        const Table t = buildTable(kSpecs[0]);
        std::vector<double> inputs = inputsFor(t, 99);
        Rng rng(7);
        for (int i = 0; i < 1000000; ++i) {
            // Random doubles: any bits with an exponent in fp16's reach (and beyond), then
            // any bits at all.
            std::uint64_t bits = rng.next();
            if (i % 2 == 0)
                bits = (bits & 0x800FFFFFFFFFFFFFull)
                    | (static_cast<std::uint64_t>(1023 - 30 + static_cast<int>(bits % 50)) << 52);
            inputs.push_back(std::bit_cast<double>(bits));
        }
        for (double x : inputs) {
            const auto got = f.encode(x, FloatOverflow::Format);
            if (std::isnan(x)) {
                QVERIFY(f.isNan(got.code));
                continue;
            }
            if (got.code != bitsOfHalf(x))
                QFAIL(qPrintable(QString("%1: %2, _Float16 %3")
                                     .arg(x, 0, 'g', 17)
                                     .arg(got.code, 4, 16)
                                     .arg(bitsOfHalf(x), 4, 16)));
        }
        QCOMPARE(f.encode(std::nan("")).code, static_cast<std::uint32_t>(bitsOfHalf(std::nan(""))));
#else
        QSKIP("this compiler has no _Float16");
#endif
    }

    // bf16 against PyTorch's float32 -> bfloat16 rounding (and float32's bits for decode).
    void bf16MatchesTorch()
    {
        const FloatFormat& f = *findFloatFormat("bf16");
        for (std::uint32_t c = 0; c < 65536; ++c)
            QVERIFY(sameDouble(f.decode(c), std::bit_cast<float>(c << 16)));
        std::vector<std::uint32_t> patterns;
        for (std::uint32_t c = 0; c < 65536; ++c) // the ties and their neighbours
            for (std::uint32_t low : { 0x0000u, 0x7FFFu, 0x8000u, 0x8001u, 0xFFFFu })
                patterns.push_back((c << 16) | low);
        std::uint32_t k = 0;
        for (int i = 0; i < 4000000; ++i) // a spread over all 2^32 patterns
            patterns.push_back(k += 2654435761u);
        for (std::uint32_t p : patterns) {
            const float x = std::bit_cast<float>(p);
            const auto got = f.encode(x, FloatOverflow::Format);
            if (std::isnan(x)) {
                QVERIFY(f.isNan(got.code));
                continue;
            }
            if (got.code != torchBf16(x))
                QFAIL(qPrintable(QString("float bits %1: %2, torch %3")
                                     .arg(p, 8, 16)
                                     .arg(got.code, 4, 16)
                                     .arg(torchBf16(x), 4, 16)));
        }
        QCOMPARE(f.encode(std::nan("")).code, static_cast<std::uint32_t>(torchBf16(std::nanf(""))));
    }

    // Stochastic rounding is unbiased and reproducible from the run's Rng.
    void stochasticUnbiased_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<double>("x");
        QTest::newRow("e4m3 1.1") << "e4m3" << 1.1;
        QTest::newRow("e4m3 subnormal") << "e4m3" << -0.003;
        QTest::newRow("e2m1 5") << "e2m1" << 5.0;
        QTest::newRow("bf16 1+2^-9") << "bf16" << 1.0 + std::pow(2.0, -9);
        QTest::newRow("e5m2 -300") << "e5m2" << -300.0;
    }
    void stochasticUnbiased()
    {
        QFETCH(QString, format);
        QFETCH(double, x);
        const FloatFormat& f = *findFloatFormat(format.toStdString());
        const int n = 40000;
        Rng rng(5);
        double sum = 0;
        std::vector<std::uint32_t> first;
        for (int i = 0; i < n; ++i) {
            const auto c = f.encodeStochastic(x, rng.uniform());
            sum += c.value;
            if (i < 100)
                first.push_back(c.code);
        }
        const Neighbours nb
            = neighbours(buildTable(*std::find_if(std::begin(kSpecs), std::end(kSpecs),
                             [&](const SpecFormat& s) { return format == s.name; })),
                std::abs(x));
        const double gap = nb.hiValue - nb.loValue;
        QVERIFY2(std::abs(sum / n - x) < 5 * gap / 2 / std::sqrt(double(n)),
            qPrintable(QString("mean %1 for %2").arg(sum / n, 0, 'g', 17).arg(x)));
        Rng again(5);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(f.encodeStochastic(x, again.uniform()).code, first[i]);
    }
};

QTEST_APPLESS_MAIN(TestFloatFormat)
#include "tst_float_format.moc"
