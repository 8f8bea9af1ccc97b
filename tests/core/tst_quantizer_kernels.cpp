// The weight quantizers' passes on the wider kernel sets. The float cast
// (Kernels::castFloatRun, core/kernels/float_cast_rule.inc) against the codec it replaces
// (FloatFormat::Codec::encode, itself held to a brute-force search by tst_float_format):
// codes, values and in-range flags bit for bit, for every format and overflow mode, on
// every value of the format, the ties between neighbours and the doubles either side of
// them, subnormals, ±0, overflow, inf and NaN, at every position of a run; the rare
// elements left to the codec. Then every scheme with a per-set pass (float, mx, nvfp4;
// symmetric, affine and fixed point rounding to nearest; LSQ's and PACT's forward passes)
// giving with a kernel set exactly what it gives without one.

#include "common/kernel_support.h"
#include "core/common/error.h"
#include "core/common/rng.h"
#include "core/kernels/kernels.h"
#include "core/quant/float_cast_kernel.h"
#include "core/quant/learned_step.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>

using namespace bitlab;
using bitlab::test::firstDifference;
using bitlab::test::optimizedTables;
using bitlab::test::sameBits;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every input worth a cast of `f`: each finite value of the format, the tie halfway to its
// neighbour above, the doubles either side of both, numbers past the largest finite value
// and its rounding tie, the format's and double's subnormals, ±0, ±inf, and NaN when the
// format has one; each with both signs.
std::vector<double> probeValues(const FloatFormat& f)
{
    std::vector<double> magnitudes;
    const std::vector<double> grid = f.finiteValues();
    std::vector<double> positive;
    for (double v : grid)
        if (v >= 0)
            positive.push_back(v);
    for (std::size_t i = 0; i < positive.size(); ++i) {
        const double v = positive[i];
        magnitudes.push_back(v);
        magnitudes.push_back(std::nextafter(v, kInf));
        if (v > 0)
            magnitudes.push_back(std::nextafter(v, 0.0));
        if (i + 1 < positive.size()) {
            const double tie = (v + positive[i + 1]) / 2; // exact: few mantissa bits
            magnitudes.push_back(tie);
            magnitudes.push_back(std::nextafter(tie, kInf));
            magnitudes.push_back(std::nextafter(tie, 0.0));
        }
    }
    const double top = f.maxFinite();
    for (double a :
        { f.rangeTie(), std::nextafter(f.rangeTie(), kInf), std::nextafter(f.rangeTie(), 0.0),
            top * 1.5, top * 2, top * 1e10, 1e300, std::numeric_limits<double>::max(),
            f.minSubnormal() / 2, std::nextafter(f.minSubnormal() / 2, kInf), f.minSubnormal() / 3,
            4.9e-324, 2.2250738585072014e-308, 1e-300, kInf })
        magnitudes.push_back(a);
    std::vector<double> out;
    for (double a : magnitudes) {
        out.push_back(a);
        out.push_back(-a);
    }
    if (f.hasNan())
        out.push_back(kNaN);
    return out;
}

std::vector<FloatFormat> testedFormats()
{
    std::vector<FloatFormat> formats;
    for (const auto& info : floatFormatRegistry())
        formats.push_back(info.format);
    formats.push_back(FloatFormat::custom(3, 1));
    formats.push_back(FloatFormat::custom(4, 6));
    formats.push_back(FloatFormat::custom(2, 4));
    return formats;
}

// The codec's answer for y, as a run of castFloatNearest must give it.
struct Expected {
    double code, out, inRange;
};
Expected expected(const FloatFormat& f, FloatOverflow overflow, const FloatCastRule& rule, double x)
{
    const double y = rule.divide ? x / rule.factor : x * rule.factor;
    const auto cast = f.encode(y, overflow);
    return { static_cast<double>(cast.code), (cast.value * rule.outScale) * rule.outScale2,
        f.roundsInRange(std::abs(y)) ? 1.0 : 0.0 };
}

} // namespace

class TestQuantizerKernels : public QObject {
    Q_OBJECT

private slots:
    void everyValueOfEveryFormat();
    void rareElementsAreLeftToTheCodec();
    void stochasticCastMatchesTheCodec();
    void schemesMatchTheBaseline_data();
    void schemesMatchTheBaseline();
    void integerSchemeRows();
    void learnedStepForwards();
};

// Each probe value, alone and inside runs of every length up to 40 at every offset (so it
// takes each lane of a vector and the scalar tail), through each set's kernel and the
// caller's fix-up: the codec's code, value and flag, bit for bit; `changed` counts the codes
// that differ from those held before.
void TestQuantizerKernels::everyValueOfEveryFormat()
{
    const auto tables = optimizedTables();
    if (tables.empty())
        QSKIP("no optimized kernel set on this CPU");
    for (const FloatFormat& f : testedFormats())
        for (const FloatOverflow overflow : { FloatOverflow::Saturate, FloatOverflow::Format })
            for (const Kernels* k : tables) {
                const std::vector<double> probes = probeValues(f);
                // Unscaled; divided by a scale (amax); multiplied by 2^-3 and scaled back
                // twice (mx, nvfp4).
                const FloatCastRule rules[] = {
                    floatCastRule(f, overflow, false, 1.0, 1.0),
                    floatCastRule(f, overflow, true, 0.3711, 0.3711),
                    floatCastRule(f, overflow, false, 0.125, 8.0, 1.5),
                };
                const FloatFormat::Codec codec = f.codec();
                for (const FloatCastRule& rule : rules) {
                    const auto n = static_cast<Index>(probes.size());
                    std::vector<double> in = probes;
                    if (rule.divide || rule.factor != 1.0) // the probes as y, not as x
                        for (double& x : in)
                            x = rule.divide ? x * rule.factor : x / rule.factor;
                    std::vector<double> out(in.size()), codes(in.size(), 3.0),
                        inRange(in.size(), 7.0);
                    const std::int64_t changed = castFloatNearest(*k, rule, codec, overflow, n,
                        in.data(), out.data(), codes.data(), inRange.data(), true);
                    std::int64_t differ = 0;
                    for (Index i = 0; i < n; ++i) {
                        const Expected e = expected(f, overflow, rule, in[i]);
                        if (!sameBits(codes[i], e.code) || !sameBits(out[i], e.out)
                            || !sameBits(inRange[i], e.inRange))
                            QFAIL(qPrintable(
                                QString("%1 %2, set %3, x %4, rule %5: code %6 (codec %7), "
                                        "value %8 (%9), mask %10 (%11)")
                                    .arg(QString::fromStdString(f.name()))
                                    .arg(
                                        overflow == FloatOverflow::Saturate ? "saturate" : "format")
                                    .arg(kernelSetName(k->set))
                                    .arg(in[i], 0, 'g', 17)
                                    .arg(rule.factor)
                                    .arg(codes[i], 0, 'g', 17)
                                    .arg(e.code, 0, 'g', 17)
                                    .arg(out[i], 0, 'g', 17)
                                    .arg(e.out, 0, 'g', 17)
                                    .arg(inRange[i])
                                    .arg(e.inRange)));
                        differ += e.code != 3.0 ? 1 : 0;
                    }
                    QCOMPARE(changed, differ);
                    // Runs of every length at every offset: each lane and the tail. The
                    // probes past the first 300 (fp16's and bf16's are many) once per run
                    // length at a stride, and the last 60 (the specials) at every offset.
                    for (Index length = 1; length <= 40; ++length)
                        for (Index first = 0; first + length <= n;
                             first += first < 300 || first + 60 + length >= n ? 5 : 997) {
                            std::vector<double> o(length), c(length, 0.0), m(length);
                            castFloatNearest(*k, rule, codec, overflow, length, in.data() + first,
                                o.data(), c.data(), m.data(), false);
                            for (Index i = 0; i < length; ++i) {
                                const Expected e = expected(f, overflow, rule, in[first + i]);
                                if (!sameBits(c[i], e.code) || !sameBits(o[i], e.out)
                                    || !sameBits(m[i], e.inRange))
                                    QFAIL(qPrintable(QString("%1, set %2, run of %3 at %4, "
                                                             "element %5 (x %6)")
                                                         .arg(QString::fromStdString(f.name()))
                                                         .arg(kernelSetName(k->set))
                                                         .arg(length)
                                                         .arg(first)
                                                         .arg(i)
                                                         .arg(in[first + i], 0, 'g', 17)));
                            }
                        }
                }
            }
}

// The kernel alone leaves a NaN y, and a y past the largest finite value without
// saturation, to its caller: their codes unwritten, not counted, the run's return counts
// them; castFloatNearest() then gives the codec's inf / NaN codes. A format without NaN
// refuses a NaN as the codec does.
void TestQuantizerKernels::rareElementsAreLeftToTheCodec()
{
    const auto tables = optimizedTables();
    if (tables.empty())
        QSKIP("no optimized kernel set on this CPU");
    const FloatFormat& bf16 = *findFloatFormat("bf16");
    const FloatFormat& e4m3 = *findFloatFormat("e4m3");
    const FloatFormat& e2m1 = *findFloatFormat("e2m1");
    for (const Kernels* k : tables) {
        const std::vector<double> in = { 1.0, kNaN, -3e38, 5e38, 2.0, -kInf, 0.5, 1e-3, 3.0 };
        const auto n = static_cast<Index>(in.size());
        const FloatCastRule rule = floatCastRule(bf16, FloatOverflow::Format, false, 1.0, 1.0);
        std::vector<double> out(in.size()), codes(in.size(), 11.0), mask(in.size());
        std::int64_t changed = -1;
        const std::int64_t rare = k->castFloatRun(
            rule, n, in.data(), nullptr, out.data(), codes.data(), mask.data(), &changed);
        QCOMPARE(rare, std::int64_t(3)); // NaN, 5e38 (past bf16's 3.39e38) and -inf
        QCOMPARE(codes[1], 11.0);
        QCOMPARE(codes[3], 11.0);
        QCOMPARE(codes[5], 11.0);
        QCOMPARE(changed, n - 3);
        QCOMPARE(codes[0], static_cast<double>(bf16.encode(1.0).code));
        // The fix-up: the codec's NaN and infinities.
        std::fill(codes.begin(), codes.end(), 11.0);
        QCOMPARE(castFloatNearest(*k, rule, bf16.codec(), FloatOverflow::Format, n, in.data(),
                     out.data(), codes.data(), mask.data(), true),
            n);
        QVERIFY(bf16.isNan(static_cast<std::uint32_t>(codes[1])));
        QVERIFY(std::isnan(out[1]));
        QCOMPARE(codes[3], static_cast<double>(bf16.infCode()));
        QCOMPARE(out[3], kInf);
        QCOMPARE(codes[5], static_cast<double>(bf16.infCode() | bf16.signBit()));
        QCOMPARE(mask[3], 0.0);
        QCOMPARE(mask[2], 1.0); // -3e38 lies within bf16
        // e4m3 has no infinity: past 448 (and past its rounding tie 464) is NaN.
        const std::vector<double> big = { 100.0, 470.0, -1000.0, 464.0, 463.0 };
        std::vector<double> o(big.size()), c(big.size()), m(big.size());
        castFloatNearest(*k, floatCastRule(e4m3, FloatOverflow::Format, false, 1.0, 1.0),
            e4m3.codec(), FloatOverflow::Format, 5, big.data(), o.data(), c.data(), m.data(),
            false);
        QVERIFY(e4m3.isNan(static_cast<std::uint32_t>(c[1])));
        QVERIFY(e4m3.isNan(static_cast<std::uint32_t>(c[2])));
        QCOMPARE(o[3], 448.0); // the tie goes to the even code, 448
        QCOMPARE(o[4], 448.0);
        // A format without NaN: the codec's Error, through the kernel's path too.
        const std::vector<double> withNan = { 1.0, 2.0, kNaN, 4.0, 5.0 };
        QVERIFY_THROWS_EXCEPTION(Error,
            castFloatNearest(*k, floatCastRule(e2m1, FloatOverflow::Saturate, false, 1.0, 1.0),
                e2m1.codec(), FloatOverflow::Saturate, 5, withNan.data(), o.data(), c.data(),
                m.data(), false));
    }
}

// Rounding stochastically: with the draws given (0, 1/2, the largest below 1 and random
// ones, cycling through the probes, so each value meets several), the kernel's codes, values
// and flags are the codec's encodeStochastic, bit for bit; through castFloatStochastic() the
// same with the draws from an Rng, one per element in order, rare elements included.
void TestQuantizerKernels::stochasticCastMatchesTheCodec()
{
    const auto tables = optimizedTables();
    if (tables.empty())
        QSKIP("no optimized kernel set on this CPU");
    for (const FloatFormat& f : testedFormats())
        for (const Kernels* k : tables) {
            std::vector<double> in;
            for (double x : probeValues(f))
                if (!std::isnan(x)) // saturating: NaN is the only rare element, checked below
                    in.push_back(x);
            const auto n = static_cast<Index>(in.size());
            Rng draws(7, 7);
            std::vector<double> u(in.size());
            const double fixed[] = { 0.0, 0.5, std::nextafter(1.0, 0.0), 0.25 };
            for (std::size_t i = 0; i < u.size(); ++i)
                u[i] = i % 7 < 4 ? fixed[i % 7] : draws.uniform();
            const FloatCastRule rule = floatCastRule(f, FloatOverflow::Saturate, true, 0.75, 0.75);
            std::vector<double> out(in.size()), codes(in.size()), mask(in.size());
            QCOMPARE(k->castFloatRun(rule, n, in.data(), u.data(), out.data(), codes.data(),
                         mask.data(), nullptr),
                std::int64_t(0));
            for (Index i = 0; i < n; ++i) {
                const double y = in[i] / 0.75;
                const auto cast = f.encodeStochastic(y, u[i]);
                if (!sameBits(codes[i], static_cast<double>(cast.code))
                    || !sameBits(out[i], cast.value * 0.75)
                    || !sameBits(mask[i], f.roundsInRange(std::abs(y)) ? 1.0 : 0.0))
                    QFAIL(qPrintable(QString("%1, set %2, x %3, u %4: code %5 (codec %6)")
                                         .arg(QString::fromStdString(f.name()))
                                         .arg(kernelSetName(k->set))
                                         .arg(in[i], 0, 'g', 17)
                                         .arg(u[i], 0, 'g', 17)
                                         .arg(codes[i])
                                         .arg(cast.code)));
            }
            // With an Rng and the format's own overflow (inf / NaN codes: rare elements).
            for (const FloatOverflow overflow :
                { FloatOverflow::Saturate, FloatOverflow::Format }) {
                std::vector<double> all = probeValues(f);
                const auto m = static_cast<Index>(all.size());
                const FloatCastRule plain = floatCastRule(f, overflow, false, 1.0, 1.0);
                std::vector<double> o(all.size()), c(all.size()), r(all.size());
                Rng a(3, 3), b(3, 3);
                castFloatStochastic(
                    *k, plain, f.codec(), overflow, m, all.data(), o.data(), c.data(), r.data(), a);
                for (Index i = 0; i < m; ++i) {
                    const auto cast = f.encodeStochastic(all[i], b.uniform(), overflow);
                    QVERIFY2(sameBits(c[i], static_cast<double>(cast.code))
                            && sameBits(o[i], cast.value),
                        qPrintable(QString("%1, set %2, x %3")
                                       .arg(QString::fromStdString(f.name()))
                                       .arg(kernelSetName(k->set))
                                       .arg(all[i], 0, 'g', 17)));
                }
                QCOMPARE(a.uniform(), b.uniform()); // one draw per element, no more
            }
        }
}

void TestQuantizerKernels::schemesMatchTheBaseline_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("amax");
    QTest::addColumn<bool>("perChannel");
    QTest::addColumn<int>("block");
    QTest::addColumn<bool>("stochastic");
    const auto row = [](const char* name, const char* scheme, const char* format, bool amax,
                         bool perChannel, int block, bool stochastic) {
        QTest::newRow(name) << QString(scheme) << QString(format) << amax << perChannel << block
                            << stochastic;
    };
    row("bf16", "float", "bf16", false, false, 0, false);
    row("fp16 amax", "float", "fp16", true, false, 0, false);
    row("e4m3 amax per channel", "float", "e4m3", true, true, 0, false);
    row("e5m2 amax", "float", "e5m2", true, false, 0, false);
    row("e2m1", "float", "e2m1", false, false, 0, false);
    row("mxfp4", "mx", "e2m1", false, false, 32, false);
    row("mxfp8 block 5", "mx", "e4m3", false, false, 5, false);
    row("mxfp6 e3m2 block 3", "mx", "e3m2", false, false, 3, false);
    row("mxint8", "mx", "int8", false, false, 32, false);
    row("nvfp4", "nvfp4", "", false, false, 16, false);
    row("nvfp4 block 6", "nvfp4", "", false, false, 6, false);
    row("bf16 stochastic", "float", "bf16", false, false, 0, true);
    row("e4m3 amax per channel stochastic", "float", "e4m3", true, true, 0, true);
    row("mxfp4 stochastic", "mx", "e2m1", false, false, 32, true);
    row("mxfp6 e2m3 block 5 stochastic", "mx", "e2m3", false, false, 5, true);
    row("nvfp4 stochastic", "nvfp4", "", false, false, 16, true);
}

// A quantizer with a kernel set (setKernels) gives, through quantize() and quantizeTallied(),
// exactly what the same spec gives without one: outputs, codes, masks, scales, block scales
// and tallies, on tensors of every shape from 1 x 1 to rows of 784, with zero rows and
// values from 1e-6 to 1e3.
void TestQuantizerKernels::schemesMatchTheBaseline()
{
    QFETCH(QString, scheme);
    QFETCH(QString, format);
    QFETCH(bool, amax);
    QFETCH(bool, perChannel);
    QFETCH(int, block);
    QFETCH(bool, stochastic);
    const auto tables = optimizedTables();
    if (tables.empty())
        QSKIP("no optimized kernel set on this CPU");
    QuantizerSpec spec;
    spec.scheme = scheme.toStdString();
    if (scheme == "float") {
        spec.format = format.toStdString();
        if (amax)
            spec.scaling = FloatScaling::Amax;
    } else if (scheme == "mx") {
        spec.element = format.toStdString();
    }
    if (block > 0)
        spec.block = block;
    if (perChannel)
        spec.granularity = Granularity::PerChannel;
    if (stochastic)
        spec.rounding = Rounding::Stochastic;
    const std::pair<Index, Index> shapes[]
        = { { 1, 1 }, { 1, 3 }, { 1, 4 }, { 16, 2 }, { 7, 13 }, { 16, 16 }, { 3, 784 } };
    for (const Kernels* k : tables)
        for (const auto& [rows, cols] : shapes) {
            const auto plain = createQuantizer(spec);
            const auto fast = createQuantizer(spec);
            fast->setKernels(k);
            Rng data(static_cast<std::uint64_t>(rows * 1000 + cols), 3);
            Matrix w(rows, cols);
            for (Index i = 0; i < w.size(); ++i) {
                const double magnitude = std::pow(10.0, data.uniform(-6, 3));
                w.data()[i] = data.uniform() < 0.5 ? -magnitude : magnitude;
            }
            if (rows > 2)
                w.row(1).setZero();
            const QString what
                = QString("%1 x %2, set %3").arg(rows).arg(cols).arg(kernelSetName(k->set));
            Matrix outA, outB;
            QuantState a, b;
            Rng ra(1, 1), rb(1, 1);
            plain->quantize(w, outA, a, ra);
            fast->quantize(w, outB, b, rb);
            QVERIFY2(firstDifference(outA, outB).isEmpty(),
                qPrintable(what + ": " + firstDifference(outA, outB)));
            QVERIFY2(firstDifference(a.codes, b.codes).isEmpty(), qPrintable(what + " (codes)"));
            QVERIFY2(firstDifference(a.inRange, b.inRange).isEmpty(), qPrintable(what + " (mask)"));
            QVERIFY2(firstDifference(a.blockScale, b.blockScale).isEmpty(),
                qPrintable(what + " (block scales)"));
            QVERIFY(a.scale == b.scale);
            QCOMPARE(ra.uniform(), rb.uniform()); // the same draws, as many
            // A record's tallied pass, where the scheme has one (float, round to nearest).
            if (plain->talliesRecords()) {
                const Matrix moved = w * 1.03;
                QuantizeTally ta, tb;
                QVERIFY(plain->quantizeTallied(moved, outA, a, ra, ta));
                QVERIFY(fast->quantizeTallied(moved, outB, b, rb, tb));
                QVERIFY2(firstDifference(outA, outB).isEmpty(), qPrintable(what + " (tallied)"));
                QVERIFY2(firstDifference(a.codes, b.codes).isEmpty(), qPrintable(what));
                QCOMPARE(tb.flips, ta.flips);
                QVERIFY(sameBits(tb.errorSum, ta.errorSum));
            }
        }
}

// The integer schemes' rows go through the kernel set at every step: rounding to nearest,
// symmetric's (at every step now, not only at a record's tallied pass), affine's (the
// activations' fake quantization, with codes) and fixed point's (symmetric's row with scale
// 2^-f); rounding stochastically, each scheme's loop with the draws made first
// (stochastic_row_rule.inc). The same bits and the same draws as the baseline code, on
// every shape from 1 x 1 up, -0 included.
void TestQuantizerKernels::integerSchemeRows()
{
    const auto tables = optimizedTables();
    if (tables.empty())
        QSKIP("no optimized kernel set on this CPU");
    std::vector<QuantizerSpec> specs;
    for (const char* scheme : { "symmetric", "affine", "fixed" })
        for (const int bits : { 2, 4, 8 })
            for (const bool perChannel : { false, true })
                for (const Rounding rounding : { Rounding::Nearest, Rounding::Stochastic }) {
                    QuantizerSpec spec;
                    spec.scheme = scheme;
                    spec.bits = bits;
                    spec.rounding = rounding;
                    if (std::string(scheme) == "fixed")
                        spec.fracBits = bits - 1;
                    else if (perChannel)
                        spec.granularity = Granularity::PerChannel;
                    specs.push_back(spec);
                }
    const std::pair<Index, Index> shapes[] = { { 1, 1 }, { 1, 5 }, { 9, 37 }, { 16, 2 } };
    for (const Kernels* k : tables)
        for (const QuantizerSpec& spec : specs)
            for (const auto& [rows, cols] : shapes) {
                const auto plain = createQuantizer(spec);
                const auto fast = createQuantizer(spec);
                fast->setKernels(k);
                Rng data(static_cast<std::uint64_t>(spec.bits * 100 + cols), 5);
                Matrix w(rows, cols);
                for (Index i = 0; i < w.size(); ++i)
                    w.data()[i] = data.uniform(-2, 2);
                if (rows > 3)
                    w.row(3).setZero();
                w(0, 0) = -0.0;
                Matrix outA, outB;
                QuantState a, b;
                Rng ra(1, 1), rb(1, 1);
                plain->quantize(w, outA, a, ra);
                fast->quantize(w, outB, b, rb);
                const QString what
                    = QString("%1 %2 bits, %3 x %4, set %5, %6")
                          .arg(QString::fromStdString(spec.scheme))
                          .arg(spec.bits)
                          .arg(rows)
                          .arg(cols)
                          .arg(kernelSetName(k->set))
                          .arg(spec.rounding == Rounding::Nearest ? "nearest" : "stochastic");
                QVERIFY2(firstDifference(outA, outB).isEmpty(),
                    qPrintable(what + ": " + firstDifference(outA, outB)));
                QVERIFY2(firstDifference(a.codes, b.codes).isEmpty(), qPrintable(what));
                QVERIFY2(firstDifference(a.inRange, b.inRange).isEmpty(), qPrintable(what));
                QVERIFY2(a.scale == b.scale && a.zeroPoint == b.zeroPoint, qPrintable(what));
                QCOMPARE(ra.uniform(), rb.uniform()); // the same draws, as many
            }
}

// LSQ's and PACT's forward passes (weights and activations) on a strided view, with ties,
// values past the range, -0 and zeros: the same values, codes and flags in every set.
void TestQuantizerKernels::learnedStepForwards()
{
    const auto tables = optimizedTables();
    if (tables.empty())
        QSKIP("no optimized kernel set on this CPU");
    Rng data(4, 4);
    Matrix wide(11, 40);
    for (Index i = 0; i < wide.size(); ++i)
        wide.data()[i] = data.uniform(-3, 3);
    wide(0, 0) = -0.0;
    wide(1, 1) = 0.0;
    const double s = 0.25;
    for (Index j = 0; j < 20; ++j)
        wide(2, j) = (static_cast<double>(j) - 10.5) * s; // ties, and past -qn and qp
    const ConstMatrixRef x = wide.leftCols(37);
    for (const LsqRange range : { LsqRange { 8, 7 }, LsqRange { 2, 1 }, LsqRange { 128, 127 } }) {
        Matrix out0(x.rows(), x.cols()), codes0(x.rows(), x.cols()), inside0(x.rows(), x.cols());
        lsqForward(x, s, range, out0, codes0, inside0);
        for (const Kernels* k : tables) {
            Matrix out(x.rows(), x.cols()), codes(x.rows(), x.cols()), inside(x.rows(), x.cols());
            lsqForward(x, s, range, out, codes, inside, k);
            QVERIFY2(firstDifference(out, out0).isEmpty(), qPrintable(firstDifference(out, out0)));
            QVERIFY(firstDifference(codes, codes0).isEmpty());
            QVERIFY(firstDifference(inside, inside0).isEmpty());
        }
    }
    for (const int bits : { 2, 4, 8 }) {
        const double alpha = 1.75;
        Matrix out0(x.rows(), x.cols()), pass0(x.rows(), x.cols());
        pactForward(x, alpha, bits, out0, pass0);
        for (const Kernels* k : tables) {
            Matrix out(x.rows(), x.cols()), pass(x.rows(), x.cols());
            pactForward(x, alpha, bits, out, pass, k);
            QVERIFY2(firstDifference(out, out0).isEmpty(), qPrintable(firstDifference(out, out0)));
            QVERIFY(firstDifference(pass, pass0).isEmpty());
        }
    }
}

QTEST_APPLESS_MAIN(TestQuantizerKernels)
#include "tst_quantizer_kernels.moc"
