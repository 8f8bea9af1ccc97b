// Block-scaled formats (core/quant/mx_block.h, DESIGN §6): MX (OCP Microscaling v1.0) with
// every element format and NVFP4, against a reference written here from the definitions:
// the shared exponent from frexp (not ilogb), the element cast by a plain nearest search
// over the element's values (ties to the even code, saturating), the NVFP4 scales as the
// formulas state them. Hand-worked blocks, the short last block, the E8M0 clamps, all-zero
// blocks and tensors, the stochastic stream (one u per element) and its mean.

#include "core/common/error.h"
#include "core/common/rng.h"
#include "core/quant/mx_block.h"

#include <QtTest>
#include <algorithm>
#include <cmath>

using namespace bitlab;

namespace {

Matrix rowOf(std::initializer_list<double> values)
{
    Matrix m(1, static_cast<Index>(values.size()));
    Index c = 0;
    for (double v : values)
        m(0, c++) = v;
    return m;
}

// floor(log2(a)) for a > 0 via frexp: a = f * 2^k, f in [0.5, 1).
int floorLog2(double a)
{
    int k;
    std::frexp(a, &k);
    return k - 1;
}

// Nearest element value to y by a plain scan (saturating: y is clamped to the largest
// value first); a tie goes to the even code, i.e. for minifloats the value whose position
// among the positive values is even, for int8 the even k.
double nearestElement(const MxElement& el, double y)
{
    std::vector<double> positive;
    for (double v : el.finiteValues())
        if (v >= 0)
            positive.push_back(v);
    const double a = std::min(std::abs(y), positive.back());
    std::size_t best = 0;
    for (std::size_t i = 1; i < positive.size(); ++i) {
        const double d = std::abs(positive[i] - a), db = std::abs(positive[best] - a);
        if (d < db || (d == db && i % 2 == 0))
            best = i;
    }
    return std::copysign(positive[best], y);
}

struct Reference {
    Matrix out, scales;
};

Reference referenceMx(const MxElement& el, Index block, const Matrix& w)
{
    const Index nb = (w.cols() + block - 1) / block;
    Reference r { Matrix(w.rows(), w.cols()), Matrix(w.rows(), nb) };
    for (Index i = 0; i < w.rows(); ++i)
        for (Index b = 0; b < nb; ++b) {
            const Index first = b * block, last = std::min(w.cols(), first + block);
            double amax = 0;
            for (Index c = first; c < last; ++c)
                amax = std::max(amax, std::abs(w(i, c)));
            const int e = amax == 0 ? 0 : std::clamp(floorLog2(amax) - el.emax(), -127, 127);
            const double x = std::pow(2.0, e);
            r.scales(i, b) = x;
            for (Index c = first; c < last; ++c)
                r.out(i, c) = nearestElement(el, w(i, c) / x) * x;
        }
    return r;
}

Matrix randomMatrix(Index rows, Index cols, std::uint64_t seed, double spread)
{
    Rng rng(seed);
    Matrix m(rows, cols);
    for (Index r = 0; r < rows; ++r)
        for (Index c = 0; c < cols; ++c)
            m(r, c) = rng.normal() * std::exp2(rng.uniform(-spread, spread));
    return m;
}

bool sameValues(const Matrix& a, const Matrix& b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return false;
    for (Index i = 0; i < a.size(); ++i)
        if (!(a.data()[i] == b.data()[i]))
            return false;
    return true;
}

} // namespace

class TestMxBlock : public QObject {
    Q_OBJECT
private slots:
    void elements()
    {
        QCOMPARE(mxElementNames(),
            (std::vector<std::string> { "e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8" }));
        const int emax[] = { 8, 15, 4, 2, 2, 0 };
        for (std::size_t i = 0; i < mxElements().size(); ++i)
            QCOMPARE(mxElements()[i].emax(), emax[i]);
        QVERIFY(findMxElement("fp16") == nullptr);
        const MxElement& int8 = *findMxElement("int8");
        QCOMPARE(int8.finiteValues().size(), std::size_t(255));
        QCOMPARE(int8.cast(1.5 / 64, false, 0).value, 2.0 / 64); // tie to even k
        QCOMPARE(int8.cast(0.5 / 64, false, 0).value, 0.0);
        QCOMPARE(int8.cast(-0.5 / 64, false, 0).code, 0u); // no negative zero
        QVERIFY(!std::signbit(int8.cast(-0.5 / 64, false, 0).value));
        QCOMPARE(int8.cast(-1.0, false, 0).code, 0xC0u); // k = -64
        QCOMPARE(int8.cast(5.0, false, 0).value, 127.0 / 64); // saturates
        QCOMPARE(int8.cast(-5.0, false, 0).code, 0x81u); // k = -127
        QCOMPARE(int8.decode(0x81), -127.0 / 64);
    }

    // Worked by hand.
    void handBlocks()
    {
        Rng rng(1);
        Matrix out, codes, scales;
        // MXFP4: amax 6 -> floor(log2 6) - 2 = 0 -> X = 1; 1.2 -> 1, -0.2 -> -0, 7 is no
        // element here.
        mxQuantize(
            *findMxElement("e2m1"), 32, rowOf({ 6, 3, 1.2, -0.2 }), out, codes, scales, false, rng);
        QCOMPARE(scales(0, 0), 1.0);
        QVERIFY(sameValues(out, rowOf({ 6, 3, 1, -0.0 })));
        QVERIFY(std::signbit(out(0, 3)));
        QVERIFY(sameValues(codes, rowOf({ 0x7, 0x5, 0x2, 0x8 })));
        // Ties go to the even code: 5 -> 4 (0b110), 2.5 -> 2, 0.25 -> 0, 0.75 -> 1.
        mxQuantize(*findMxElement("e2m1"), 32, rowOf({ 6, 5, 2.5, 0.25, -0.75 }), out, codes,
            scales, false, rng);
        QVERIFY(sameValues(out, rowOf({ 6, 4, 2, 0, -1 })));
        // amax 7: X = 1 still (floor(log2 7) = 2), and 7 clips to 6: MX's known clipping.
        mxQuantize(*findMxElement("e2m1"), 32, rowOf({ 7, -0.7 }), out, codes, scales, false, rng);
        QVERIFY(sameValues(out, rowOf({ 6, -0.5 })));
        // MXFP8 e4m3: amax 1000 -> floor(log2) 9 - 8 = 1 -> X = 2; 1000/2 = 500 -> 448.
        mxQuantize(*findMxElement("e4m3"), 2, rowOf({ 1000, 3, 0.01, 0.02, 0.03 }), out, codes,
            scales, false, rng);
        QCOMPARE(scales.cols(), Index(3)); // 2 + 2 + a short block of 1
        QCOMPARE(scales(0, 0), 2.0);
        QCOMPARE(out(0, 0), 896.0);
        QCOMPARE(out(0, 1), 3.0);
        QCOMPARE(scales(0, 1), std::pow(2.0, -6 - 8)); // amax 0.02: floor(log2) = -6
        QCOMPARE(scales(0, 2), std::pow(2.0, -6 - 8)); // the short block: 0.03 alone
        // All-zero block: X = 1, zeros; E8M0 clamps at both ends.
        mxQuantize(*findMxElement("e5m2"), 2, rowOf({ 0, 0, 1e300, -1e300, 1e-300, 0 }), out, codes,
            scales, false, rng);
        QCOMPARE(scales(0, 0), 1.0);
        QCOMPARE(out(0, 0), 0.0);
        QCOMPARE(scales(0, 1), std::pow(2.0, 127)); // 996 - 15 clamped
        QCOMPARE(out(0, 2), 57344.0 * std::pow(2.0, 127)); // saturated
        QCOMPARE(out(0, 3), -57344.0 * std::pow(2.0, 127));
        QCOMPARE(scales(0, 2), std::pow(2.0, -127)); // -997 - 15 clamped
        QCOMPARE(out(0, 4), 0.0); // far below the smallest subnormal even at 2^-127
        QVERIFY_THROWS_EXCEPTION(Error,
            mxQuantize(*findMxElement("e2m1"), 0, rowOf({ 1 }), out, codes, scales, false, rng));
    }

    // Every element format, random tensors with short last blocks, against the reference.
    void matchesReference_data()
    {
        QTest::addColumn<QString>("element");
        QTest::addColumn<int>("block");
        for (const auto& name : mxElementNames())
            for (int block : { 32, 7, 1 })
                QTest::newRow(qPrintable(QString("%1 block %2").arg(name.c_str()).arg(block)))
                    << QString::fromStdString(name) << block;
    }
    void matchesReference()
    {
        QFETCH(QString, element);
        QFETCH(int, block);
        const MxElement& el = *findMxElement(element.toStdString());
        for (double spread : { 1.0, 12.0 }) {
            const Matrix w = randomMatrix(5, 70, 42 + block, spread); // 70 = 2*32 + 6
            Rng rng(1);
            Matrix out, codes, scales;
            mxQuantize(el, block, w, out, codes, scales, false, rng);
            const Reference ref = referenceMx(el, block, w);
            QVERIFY(sameValues(scales, ref.scales));
            for (Index i = 0; i < w.size(); ++i) {
                if (!(out.data()[i] == ref.out.data()[i]))
                    QFAIL(qPrintable(QString("element %1: %2 -> %3, reference %4")
                                         .arg(i)
                                         .arg(w.data()[i], 0, 'g', 17)
                                         .arg(out.data()[i], 0, 'g', 17)
                                         .arg(ref.out.data()[i], 0, 'g', 17)));
                // The code decodes to the element value.
                const Index r = i / w.cols(), c = i % w.cols();
                QCOMPARE(el.decode(static_cast<std::uint32_t>(codes(r, c))) * scales(r, c / block),
                    out(r, c));
            }
        }
    }

    void nvfp4()
    {
        // 1..16 in one block: amax 16, s_t = 16/2688, s_b = e4m3(16/6/s_t) = e4m3(448) = 448,
        // scale 16/6; x/scale = 0.375 x: 1 -> 0.375 -> 0.5, 16 -> 6.
        Matrix w(1, 16);
        for (int c = 0; c < 16; ++c)
            w(0, c) = c + 1;
        Matrix out, codes, scales;
        double st = 0;
        Rng rng(1);
        nvfp4Quantize(16, w, out, codes, scales, st, false, rng);
        QCOMPARE(st, 16.0 / 2688.0);
        QCOMPARE(scales(0, 0), 448.0);
        QCOMPARE(out(0, 15), 6.0 * 448.0 * st);
        QCOMPARE(out(0, 0), 0.5 * 448.0 * st);
        QCOMPARE(codes(0, 0), 1.0);
        // Random tensors against the formulas with the reference e2m1/e4m3 searches.
        const MxElement e2m1(*findFloatFormat("e2m1"));
        const MxElement e4m3(*findFloatFormat("e4m3"));
        const Matrix v = randomMatrix(4, 40, 3, 6.0);
        nvfp4Quantize(16, v, out, codes, scales, st, false, rng);
        const double amaxT = v.cwiseAbs().maxCoeff();
        QCOMPARE(st, amaxT / (6 * 448));
        QCOMPARE(scales.cols(), Index(3));
        for (Index r = 0; r < v.rows(); ++r)
            for (Index b = 0; b < 3; ++b) {
                const Index first = b * 16, last = std::min<Index>(40, first + 16);
                const double amax = v.row(r).segment(first, last - first).cwiseAbs().maxCoeff();
                const double sb = nearestElement(e4m3, amax / 6 / st);
                QCOMPARE(scales(r, b), sb);
                for (Index c = first; c < last; ++c) {
                    const double want = nearestElement(e2m1, v(r, c) / (sb * st)) * sb * st;
                    QCOMPARE(out(r, c), want);
                    QCOMPARE(
                        e2m1.decode(static_cast<std::uint32_t>(codes(r, c))) * sb * st, out(r, c));
                }
            }
        // All-zero tensor: zeros, s_t = 0.
        nvfp4Quantize(16, Matrix::Zero(2, 5), out, codes, scales, st, false, rng);
        QCOMPARE(st, 0.0);
        QVERIFY(out.isZero(0));
        QVERIFY(scales.isZero(0));
    }

    // One u per element, row-major, whatever its value: the stream depends on the shape
    // only; the same seed gives the same codes; the mean is the input.
    void stochastic()
    {
        const MxElement& el = *findMxElement("e2m1");
        Matrix w(2, 40);
        w.setZero();
        w(0, 0) = 6;
        w(0, 1) = 1.2;
        Matrix out, codes, scales;
        Rng a(9), b(9);
        mxQuantize(el, 32, w, out, codes, scales, true, a);
        for (int i = 0; i < 80; ++i)
            b.uniform();
        QCOMPARE(a.next(), b.next());
        Rng c(9);
        Matrix out2, codes2, scales2;
        mxQuantize(el, 32, w, out2, codes2, scales2, true, c);
        QVERIFY(sameValues(codes, codes2));
        double sum = 0;
        const int n = 20000;
        for (int i = 0; i < n; ++i) {
            mxQuantize(el, 32, w, out, codes, scales, true, a);
            sum += out(0, 1);
            QVERIFY(out(0, 1) == 1.0 || out(0, 1) == 1.5);
        }
        QVERIFY2(std::abs(sum / n - 1.2) < 5 * 0.25 / std::sqrt(double(n)),
            qPrintable(QString::number(sum / n, 'g', 17)));
        Rng d(4), e(4);
        Matrix st = Matrix::Zero(1, 20);
        double s = 0;
        nvfp4Quantize(16, st, out, codes, scales, s, true, d);
        for (int i = 0; i < 20; ++i)
            e.uniform();
        QCOMPARE(d.next(), e.next());
    }
};

QTEST_APPLESS_MAIN(TestMxBlock)
#include "tst_mx_block.moc"
