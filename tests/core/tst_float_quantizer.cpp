// The float, mx and nvfp4 schemes as quantizers (core/quant/float_quantizer.h,
// block_quantizer.h; DESIGN §6): registry entries and validation, codes as bit patterns,
// amax scaling per tensor and per channel, overflow modes, the in-range mask, one u per
// element, levels() and dequantize()/dequantizeAt() agreeing with w' for every element.

#include "core/common/error.h"
#include "core/common/rng.h"
#include "core/quant/block_quantizer.h"
#include "core/quant/float_quantizer.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <algorithm>
#include <cmath>

using namespace bitlab;

namespace {

QuantizerSpec floatSpec(const char* format, FloatScaling scaling = FloatScaling::None)
{
    QuantizerSpec q = findQuantizer("float")->defaults;
    q.format = format;
    q.scaling = scaling;
    return q;
}

QuantizerSpec mxSpec(const char* element, int block = 32)
{
    QuantizerSpec q = findQuantizer("mx")->defaults;
    q.element = element;
    q.block = block;
    return q;
}

Matrix randomMatrix(Index rows, Index cols, std::uint64_t seed)
{
    Rng rng(seed);
    Matrix m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.normal() * std::exp2(rng.uniform(-6, 6));
    return m;
}

QString joined(const std::vector<std::string>& v)
{
    QStringList l;
    for (const auto& s : v)
        l << QString::fromStdString(s);
    return l.join(" | ");
}

// Every element's code dequantizes to its w', and w' is one of its channel's levels.
void checkConsistent(const Quantizer& q, const Matrix& out, const QuantState& st)
{
    for (Index r = 0; r < out.rows(); ++r) {
        const auto levels = q.levels(st, st.channelOfRow(r));
        QVERIFY(std::adjacent_find(levels.begin(), levels.end(), std::greater_equal<>())
            == levels.end());
        for (Index c = 0; c < out.cols(); ++c) {
            QCOMPARE(q.dequantizeAt(st, r, c, st.codes(r, c)), out(r, c));
            QVERIFY(st.codes(r, c) >= st.qmin && st.codes(r, c) <= st.qmax);
            QVERIFY2(std::binary_search(levels.begin(), levels.end(), out(r, c)),
                qPrintable(QString("%1 not a level").arg(out(r, c))));
        }
    }
}

} // namespace

class TestFloatQuantizer : public QObject {
    Q_OBJECT
private slots:
    void registry()
    {
        for (const char* name : { "float", "mx", "nvfp4" }) {
            const QuantizerInfo* info = findQuantizer(name);
            QVERIFY(info);
            QVERIFY(info->bitPatternCodes);
            QVERIFY(!info->hasBits);
            QVERIFY(validateQuantizerSpec(info->defaults, "q").empty());
        }
        const QuantizerInfo& f = *findQuantizer("float");
        QCOMPARE(f.codeBitsFor(floatSpec("fp16")), 16);
        QCOMPARE(f.codeBitsFor(floatSpec("e2m1")), 4);
        QuantizerSpec custom = floatSpec("custom");
        custom.expBits = 3;
        custom.manBits = 4;
        QCOMPARE(f.codeBitsFor(custom), 8);
        QCOMPARE(f.tag(custom), std::string("e3m4"));
        QCOMPARE(f.tag(floatSpec("bf16", FloatScaling::Amax)), std::string("bf16-amax"));
        const QuantizerInfo& mx = *findQuantizer("mx");
        QCOMPARE(mx.bitWidth(mxSpec("e2m1")), 4.25); // 4 + 8/32, the E8M0 scale included
        QCOMPARE(mx.bitWidth(mxSpec("int8")), 8.25);
        QCOMPARE(mx.tag(mxSpec("e2m1")), std::string("mxfp4"));
        QCOMPARE(mx.tag(mxSpec("e4m3", 16)), std::string("mxfp8-e4m3-b16"));
        QCOMPARE(findQuantizer("nvfp4")->bitWidth(findQuantizer("nvfp4")->defaults), 4.5);
        QCOMPARE(findQuantizer("nvfp4")->defaults.block, 16);
    }

    void validation()
    {
        QuantizerSpec q = floatSpec("fp8");
        QCOMPARE(joined(validateQuantizerSpec(q, "runs.1.quantizer")),
            QString("runs.1.quantizer.format must be one of fp16, bf16, e5m2, e4m3, e3m2, e2m3, "
                    "e2m1 or custom, got \"fp8\""));
        q = floatSpec("custom");
        q.expBits = 9;
        q.manBits = 0;
        QCOMPARE(joined(validateQuantizerSpec(q, "q")),
            QString("q.exp_bits must be in [2, 8], got 9 | q.man_bits must be in [1, 23], got 0"));
        q = floatSpec("e4m3");
        q.expBits = 99; // not read without format custom
        QVERIFY(validateQuantizerSpec(q, "q").empty());
        q = mxSpec("e1m1", 0);
        QCOMPARE(joined(validateQuantizerSpec(q, "q")),
            QString("q.block must be in [1, 1048576], got 0 | q.element must be one of e4m3, "
                    "e5m2, e3m2, e2m3, e2m1, int8, got \"e1m1\""));
        QVERIFY_THROWS_EXCEPTION(Error, createQuantizer(q));
    }

    void floatCast()
    {
        auto q = createQuantizer(floatSpec("e4m3"));
        Matrix w(1, 6);
        w << 1.25, -0.0009765625, 464, 500, -1e9, 0.3;
        Matrix out;
        QuantState st;
        Rng rng(1);
        q->quantize(w, out, st, rng);
        Matrix want(1, 6);
        want << 1.25, -0.0, 448, 448, -448, 0.3125;
        QCOMPARE(out, want);
        QVERIFY(std::signbit(out(0, 1)));
        Matrix codes(1, 6);
        codes << 0x3A, 0x80, 0x7E, 0x7E, 0xFE, 0x2A;
        QCOMPARE(st.codes, codes);
        Matrix mask(1, 6);
        mask << 1, 1, 1, 0, 0, 1; // 464 rounds to 448 unclamped; 500 and -1e9 saturate
        QCOMPARE(st.inRange, mask);
        QCOMPARE(st.qmax, 255.0);
        QCOMPARE(st.scale, std::vector<Scalar> { 1.0 });
        checkConsistent(*q, out, st);
        // overflow "format": e4m3 has no inf, so beyond 464 is NaN.
        QuantizerSpec f = floatSpec("e4m3");
        f.overflow = FloatOverflow::Format;
        createQuantizer(f)->quantize(w, out, st, rng);
        QVERIFY(std::isnan(out(0, 3)) && std::isnan(out(0, 4)));
        QCOMPARE(st.codes(0, 4), double(0xFF));
        QCOMPARE(out(0, 2), 448.0);
    }

    void amaxScaling()
    {
        QuantizerSpec spec = floatSpec("e2m1", FloatScaling::Amax);
        spec.granularity = Granularity::PerChannel;
        auto q = createQuantizer(spec);
        Matrix w(3, 3);
        w << 3, -1.5, 0.2, 0, 0, 0, 0.06, 0.03, -0.01;
        Matrix out;
        QuantState st;
        Rng rng(1);
        q->quantize(w, out, st, rng);
        QCOMPARE(st.scale, (std::vector<Scalar> { 0.5, 0.0, 0.01 }));
        // row 0: /0.5 = 6, -3, 0.4 -> 6, -3, 0.5 -> *0.5; row 2: 6, 3, -1 exactly.
        QCOMPARE(out(0, 0), 3.0);
        QCOMPARE(out(0, 1), -1.5);
        QCOMPARE(out(0, 2), 0.25);
        QVERIFY(out.row(1).isZero(0));
        QCOMPARE(q->levels(st, 1), std::vector<Scalar> { 0.0 });
        QCOMPARE(out(2, 0), 6 * 0.01);
        checkConsistent(*q, out, st);
        // Per tensor: one scale, amax / 6.
        q = createQuantizer(floatSpec("e2m1", FloatScaling::Amax));
        q->quantize(w, out, st, rng);
        QCOMPARE(st.scale, std::vector<Scalar> { 0.5 });
    }

    // Stochastic rounding: one u per element (zeros and zero channels too), reproducible,
    // unbiased.
    void stochastic()
    {
        QuantizerSpec spec = floatSpec("e4m3", FloatScaling::Amax);
        spec.rounding = Rounding::Stochastic;
        spec.granularity = Granularity::PerChannel;
        auto q = createQuantizer(spec);
        Matrix w = randomMatrix(4, 9, 3);
        w.row(2).setZero();
        Matrix out, out2;
        QuantState st, st2;
        Rng a(11), b(11), c(11);
        q->quantize(w, out, st, a);
        q->quantize(w, out2, st2, b);
        QCOMPARE(st.codes, st2.codes);
        for (int i = 0; i < 36; ++i)
            c.uniform();
        QCOMPARE(a.next(), c.next());
        checkConsistent(*q, out, st);
        Matrix one(1, 2);
        one << 448, 1.1; // amax 448: s = 1
        double sum = 0;
        const int n = 20000;
        for (int i = 0; i < n; ++i) {
            q->quantize(one, out, st, a);
            sum += out(0, 1);
        }
        QVERIFY(std::abs(sum / n - 1.1) < 5 * 0.0625 / std::sqrt(double(n)));
    }

    void blocks_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("element");
        QTest::addColumn<int>("block");
        for (const auto& e : mxElementNames())
            QTest::newRow(("mx " + e).c_str()) << "mx" << QString::fromStdString(e) << 32;
        QTest::newRow("mx e2m1 block 5") << "mx"
                                         << "e2m1" << 5;
        QTest::newRow("nvfp4") << "nvfp4"
                               << "e2m1" << 16;
        QTest::newRow("nvfp4 block 7") << "nvfp4"
                                       << "e2m1" << 7;
    }
    void blocks()
    {
        QFETCH(QString, scheme);
        QFETCH(QString, element);
        QFETCH(int, block);
        QuantizerSpec spec = findQuantizer(scheme.toStdString())->defaults;
        spec.element = element.toStdString();
        spec.block = block;
        for (Granularity g : { Granularity::PerTensor, Granularity::PerChannel }) {
            spec.granularity = g;
            auto q = createQuantizer(spec);
            const Matrix w = randomMatrix(3, 70, 5);
            Matrix out;
            QuantState st;
            Rng rng(2);
            q->quantize(w, out, st, rng);
            QCOMPARE(st.block, Index(block));
            QCOMPARE(st.blockScale.rows(), Index(3));
            QCOMPARE(st.blockScale.cols(), (70 + block - 1) / block);
            // The same numbers as the block functions of core/quant/mx_block.h.
            Matrix refOut, refCodes, refScales;
            double st0 = 1;
            Rng rng2(2);
            if (scheme == "mx")
                mxQuantize(*findMxElement(spec.element), block, w, refOut, refCodes, refScales,
                    false, rng2);
            else
                nvfp4Quantize(block, w, refOut, refCodes, refScales, st0, false, rng2);
            QCOMPARE(out, refOut);
            QCOMPARE(st.codes, refCodes);
            QCOMPARE(st.blockScale, refScales);
            QCOMPARE(st.scale[0], st0);
            checkConsistent(*q, out, st);
        }
    }

    void refusesNonFinite()
    {
        Matrix w(1, 2);
        w << 1, std::nan("");
        Matrix out;
        QuantState st;
        Rng rng(1);
        for (const char* scheme : { "float", "mx", "nvfp4" })
            QVERIFY_THROWS_EXCEPTION(
                Error, createQuantizer(findQuantizer(scheme)->defaults)->quantize(w, out, st, rng));
    }
};

QTEST_APPLESS_MAIN(TestFloatQuantizer)
#include "tst_float_quantizer.moc"
