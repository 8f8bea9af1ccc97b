// Every quantizer against hand-made tables (DESIGN §2, docs/quantizers.md): ties, clamping,
// all-zero / constant / one-signed tensors, per-channel, 1..8 and 16 bits, codes, scales,
// zero-points, the STE mask, levels(), dequantize(); stochastic rounding's bias and seeds;
// refusal of NaN/inf; spec validation; the registry.

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/quant/affine_quantizer.h"
#include "core/quant/fixed_quantizer.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <limits>

using namespace bitlab;

namespace {

Matrix mat(Index rows, Index cols, std::initializer_list<double> values)
{
    Matrix m(rows, cols);
    auto it = values.begin();
    for (Index r = 0; r < rows; ++r)
        for (Index c = 0; c < cols; ++c)
            m(r, c) = *it++;
    return m;
}

Matrix row(std::initializer_list<double> values)
{
    return mat(1, static_cast<Index>(values.size()), values);
}

QuantizerSpec spec(const char* scheme, int bits, int fracBits = 0)
{
    QuantizerSpec s;
    s.scheme = scheme;
    s.bits = bits;
    s.fracBits = fracBits;
    return s;
}

QuantizerSpec perChannel(QuantizerSpec s)
{
    s.granularity = Granularity::PerChannel;
    return s;
}

QuantizerSpec fullRange(QuantizerSpec s)
{
    s.narrowRange = false;
    return s;
}

QuantizerSpec stochastic(QuantizerSpec s)
{
    s.rounding = Rounding::Stochastic;
    return s;
}

// Equal, or within 1e-12 relative (never absolute: 0 and a subnormal differ).
bool close(double a, double b)
{
    if (a == b)
        return true;
    return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

QString mismatch(const char* what, const Matrix& got, const Matrix& want)
{
    if (got.rows() != want.rows() || got.cols() != want.cols())
        return QString("%1: shape %2x%3, want %4x%5")
            .arg(what)
            .arg(got.rows())
            .arg(got.cols())
            .arg(want.rows())
            .arg(want.cols());
    for (Index r = 0; r < got.rows(); ++r)
        for (Index c = 0; c < got.cols(); ++c)
            if (!close(got(r, c), want(r, c)))
                return QString("%1[%2, %3] = %4, want %5")
                    .arg(what)
                    .arg(r)
                    .arg(c)
                    .arg(got(r, c), 0, 'g', 17)
                    .arg(want(r, c), 0, 'g', 17);
    return {};
}

QString mismatch(const char* what, const std::vector<double>& got, const std::vector<double>& want)
{
    if (got.size() != want.size())
        return QString("%1: %2 values, want %3").arg(what).arg(got.size()).arg(want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        if (!close(got[i], want[i]))
            return QString("%1[%2] = %3, want %4")
                .arg(what)
                .arg(i)
                .arg(got[i], 0, 'g', 17)
                .arg(want[i], 0, 'g', 17);
    return {};
}

#define CHECK_SAME(what, got, want)                                                                \
    do {                                                                                           \
        const QString m_ = mismatch(what, got, want);                                              \
        QVERIFY2(m_.isEmpty(), qPrintable(m_));                                                    \
    } while (0)

struct Case {
    Case() = default;
    Case(QuantizerSpec s, Matrix input)
        : spec(std::move(s))
        , w(std::move(input))
    {
    }
    QuantizerSpec spec;
    Matrix w, out, codes, inRange;
    std::vector<double> scale, zeroPoint;
    double qmin = 0, qmax = 0;
};

Matrix ones(const Matrix& like)
{
    return Matrix::Ones(like.rows(), like.cols());
}

// The schemes as an unknown scheme's message lists them: every name of the registry (the
// registry() test checks the names themselves).
QString schemeList()
{
    return QString::fromStdString(joinNames(quantizerNames()));
}

} // namespace

Q_DECLARE_METATYPE(Case)
Q_DECLARE_METATYPE(QuantizerSpec)
Q_DECLARE_METATYPE(bitlab::Matrix)

class TestQuantizers : public QObject {
    Q_OBJECT

private slots:
    void quantize_data();
    void quantize();
    void levels_data();
    void levels();
    void levelCounts_data();
    void levelCounts();
    void stochasticUnbiased_data();
    void stochasticUnbiased();
    void stochasticReproducible_data();
    void stochasticReproducible();
    void rngUseContract_data();
    void rngUseContract();
    void nonFiniteRefused_data();
    void nonFiniteRefused();
    void extremeMagnitudes();
    void emptyTensor_data();
    void emptyTensor();
    void noReallocationForSameShape();
    void denseRunMatchesRows_data();
    void denseRunMatchesRows();
    void validation_data();
    void validation();
    void createRefusesBadSpecs();
    void registry();
};

void TestQuantizers::quantize_data()
{
    QTest::addColumn<Case>("c");
    auto add = [](const char* name, Case c) { QTest::newRow(name) << c; };

    // ---- fixed: q = clamp(round(w*2^f), -2^(bits-1), 2^(bits-1)-1), w' = q/2^f
    {
        Case c { spec("fixed", 8), row({ 0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5 }) };
        c.codes = row({ 0, 2, 2, 4, 0, -2, -2, -4 });
        c.out = c.codes;
        c.inRange = ones(c.w);
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = -128;
        c.qmax = 127;
        add("fixed ties round half to even", c);
    }
    {
        Case c { spec("fixed", 8, 3), row({ 0.0625, 0.1875, 0.3125, 0.4375 }) };
        c.codes = row({ 0, 2, 2, 4 });
        c.out = row({ 0, 0.25, 0.25, 0.5 });
        c.inRange = ones(c.w);
        c.scale = { 0.125 };
        c.zeroPoint = { 0 };
        c.qmin = -128;
        c.qmax = 127;
        add("fixed Q4.3 ties at half a step", c);
    }
    {
        // -8.5 rounds (to even) to -8, which is inside: the mask looks at the rounded code.
        Case c { spec("fixed", 4, 1), row({ 3.5, 3.75, 100, -4, -4.25, -100 }) };
        c.codes = row({ 7, 7, 7, -8, -8, -8 });
        c.out = row({ 3.5, 3.5, 3.5, -4, -4, -4 });
        c.inRange = row({ 1, 0, 0, 1, 1, 0 });
        c.scale = { 0.5 };
        c.zeroPoint = { 0 };
        c.qmin = -8;
        c.qmax = 7;
        add("fixed saturates out-of-range values", c);
    }
    {
        Case c { spec("fixed", 1), row({ 0.4, 0.6, -0.6, -3 }) };
        c.codes = row({ 0, 0, -1, -1 });
        c.out = row({ 0, 0, -1, -1 });
        c.inRange = row({ 1, 0, 1, 0 });
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 0;
        add("fixed 1 bit is {-1, 0}", c);
    }
    {
        Case c { spec("fixed", 16, 8), row({ 127.99609375, 128, -128, 0.001953125, 0.005859375 }) };
        c.codes = row({ 32767, 32767, -32768, 0, 2 });
        c.out = row({ 127.99609375, 127.99609375, -128, 0, 0.0078125 });
        c.inRange = row({ 1, 0, 1, 1, 1 });
        c.scale = { 1.0 / 256 };
        c.zeroPoint = { 0 };
        c.qmin = -32768;
        c.qmax = 32767;
        add("fixed 16 bits edges", c);
    }
    {
        Case c { spec("fixed", 8, -2), row({ 5, 6, 10, -14 }) };
        c.codes = row({ 1, 2, 2, -4 });
        c.out = row({ 4, 8, 8, -16 });
        c.inRange = ones(c.w);
        c.scale = { 4 };
        c.zeroPoint = { 0 };
        c.qmin = -128;
        c.qmax = 127;
        add("fixed negative frac_bits is a coarse grid", c);
    }
    {
        Case c { perChannel(spec("fixed", 8, 1)), mat(2, 2, { 0.3, -0.8, 1.2, 0.0 }) };
        c.codes = mat(2, 2, { 1, -2, 2, 0 });
        c.out = mat(2, 2, { 0.5, -1, 1, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0.5, 0.5 };
        c.zeroPoint = { 0, 0 };
        c.qmin = -128;
        c.qmax = 127;
        add("fixed per channel: one equal scale per row", c);
    }
    {
        Case c { spec("fixed", 8, 2), row({ -0.25, -1.5, -31 }) };
        c.codes = row({ -1, -6, -124 });
        c.out = row({ -0.25, -1.5, -31 });
        c.inRange = ones(c.w);
        c.scale = { 0.25 };
        c.zeroPoint = { 0 };
        c.qmin = -128;
        c.qmax = 127;
        add("fixed negative-only on the grid stays", c);
    }

    // ---- symmetric: scale = amax/(2^(bits-1)-1) narrow, amax/((2^bits-1)/2) full
    {
        Case c { spec("symmetric", 4), row({ 1.75, -0.875, 0.625, 0.125 }) };
        c.codes = row({ 7, -4, 2, 0 });
        c.out = row({ 1.75, -1, 0.5, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0.25 };
        c.zeroPoint = { 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("symmetric narrow 4 bits with ties", c);
    }
    {
        // +amax/scale = 127.5 rounds to 128 and is clamped; -127.5 rounds to -128, inside.
        Case c { fullRange(spec("symmetric", 8)), row({ 127.5, -127.5, 2.5, -0.5 }) };
        c.codes = row({ 127, -128, 2, 0 });
        c.out = row({ 127, -128, 2, 0 });
        c.inRange = row({ 0, 1, 1, 1 });
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = -128;
        c.qmax = 127;
        add("symmetric full range 8 bits clamps +amax", c);
    }
    {
        Case c { fullRange(spec("symmetric", 1)), row({ 1, -1, 0.3 }) };
        c.codes = row({ 0, 0, 0 });
        c.out = row({ 0, 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { 2 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 0;
        add("symmetric full range 1 bit rounds all to 0", c);
    }
    {
        Case c { spec("symmetric", 8), row({ 0, 0, 0 }) };
        c.codes = row({ 0, 0, 0 });
        c.out = row({ 0, 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0 };
        c.zeroPoint = { 0 };
        c.qmin = -127;
        c.qmax = 127;
        add("symmetric all zero", c);
    }
    {
        Case c { spec("symmetric", 4), row({ 0.875, 0.875, 0.875 }) };
        c.codes = row({ 7, 7, 7 });
        c.out = c.w;
        c.inRange = ones(c.w);
        c.scale = { 0.125 };
        c.zeroPoint = { 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("symmetric constant positive", c);
    }
    {
        Case c { spec("symmetric", 4), row({ -0.875, -0.4375, -0.875 }) };
        c.codes = row({ -7, -4, -7 }); // -3.5 -> -4
        c.out = row({ -0.875, -0.5, -0.875 });
        c.inRange = ones(c.w);
        c.scale = { 0.125 };
        c.zeroPoint = { 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("symmetric negative only", c);
    }
    {
        Case c { perChannel(spec("symmetric", 4)), mat(2, 3, { 1.75, -0.375, 0.0625, -14, 5, 1 }) };
        c.codes = mat(2, 3, { 7, -2, 0, -7, 2, 0 });
        c.out = mat(2, 3, { 1.75, -0.5, 0, -14, 4, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0.25, 2 };
        c.zeroPoint = { 0, 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("symmetric per channel", c);
    }
    {
        Case c { spec("symmetric", 4), mat(2, 3, { 1.75, -0.375, 0.0625, -14, 5, 1 }) };
        c.codes = mat(2, 3, { 1, 0, 0, -7, 2, 0 });
        c.out = mat(2, 3, { 2, 0, 0, -14, 4, 0 });
        c.inRange = ones(c.w);
        c.scale = { 2 };
        c.zeroPoint = { 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("symmetric per tensor, same tensor", c);
    }
    {
        Case c { perChannel(spec("symmetric", 4)), mat(2, 2, { 0, 0, 1.75, -0.25 }) };
        c.codes = mat(2, 2, { 0, 0, 7, -1 });
        c.out = mat(2, 2, { 0, 0, 1.75, -0.25 });
        c.inRange = ones(c.w);
        c.scale = { 0, 0.25 };
        c.zeroPoint = { 0, 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("symmetric per channel with an all-zero row", c);
    }
    {
        Case c { spec("symmetric", 16), row({ 32767, -2.5, 1000.5 }) };
        c.codes = row({ 32767, -2, 1000 });
        c.out = c.codes;
        c.inRange = ones(c.w);
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = -32767;
        c.qmax = 32767;
        add("symmetric 16 bits", c);
    }
    {
        Case c { spec("symmetric", 2), row({ 3, -1.5, 1.4 }) };
        c.codes = row({ 1, -0, 0 }); // scale 3: -0.5 -> -0, 0.467 -> 0
        c.out = row({ 3, 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { 3 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("symmetric narrow 2 bits is ternary-like", c);
    }

    // ---- affine: PyTorch MinMaxObserver + fake_quantize_per_tensor_affine
    {
        Case c { spec("affine", 2), row({ -1, 2, 0.5, 1.25 }) };
        c.codes = row({ 0, 3, 1, 2 });
        c.out = row({ -1, 2, 0, 1 });
        c.inRange = ones(c.w);
        c.scale = { 1 };
        c.zeroPoint = { 1 };
        c.qmin = 0;
        c.qmax = 3;
        add("affine mixed signs", c);
    }
    {
        Case c { spec("affine", 3), row({ 0.25, 0.5, 1.75, 0.0625 }) };
        c.codes = row({ 1, 2, 7, 0 });
        c.out = row({ 0.25, 0.5, 1.75, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0.25 };
        c.zeroPoint = { 0 };
        c.qmin = 0;
        c.qmax = 7;
        add("affine positive only: lo = 0", c);
    }
    {
        Case c { spec("affine", 3), row({ -1.75, -0.375, -0.875 }) };
        c.codes = row({ 0, 5, 3 });
        c.out = row({ -1.75, -0.5, -1 });
        c.inRange = ones(c.w);
        c.scale = { 0.25 };
        c.zeroPoint = { 7 };
        c.qmin = 0;
        c.qmax = 7;
        add("affine negative only: hi = 0", c);
    }
    {
        Case c { spec("affine", 8), row({ 0, 0, 0, 0 }) };
        c.codes = row({ 0, 0, 0, 0 });
        c.out = row({ 0, 0, 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0 };
        c.zeroPoint = { 0 };
        c.qmin = 0;
        c.qmax = 255;
        add("affine all zero", c);
    }
    {
        // zp = -round(-1.5) = 2 (half to even); 1.5 -> 2 + 2 = 4 is clamped to 3.
        Case c { spec("affine", 2), row({ -1.5, 1.5, 0.5 }) };
        c.codes = row({ 0, 3, 2 });
        c.out = row({ -2, 1, 0 });
        c.inRange = row({ 1, 0, 1 });
        c.scale = { 1 };
        c.zeroPoint = { 2 };
        c.qmin = 0;
        c.qmax = 3;
        add("affine zero-point tie and clamp", c);
    }
    {
        Case c { spec("affine", 1), row({ -1, 3, 1 }) };
        c.codes = row({ 0, 1, 0 });
        c.out = row({ 0, 4, 0 });
        c.inRange = ones(c.w);
        c.scale = { 4 };
        c.zeroPoint = { 0 };
        c.qmin = 0;
        c.qmax = 1;
        add("affine 1 bit", c);
    }
    {
        Case c { perChannel(spec("affine", 2)), mat(2, 3, { -1, 2, 0.5, 1.5, 3, 6 }) };
        c.codes = mat(2, 3, { 0, 3, 1, 1, 2, 3 });
        c.out = mat(2, 3, { -1, 2, 0, 2, 4, 6 });
        c.inRange = ones(c.w);
        c.scale = { 1, 2 };
        c.zeroPoint = { 1, 0 };
        c.qmin = 0;
        c.qmax = 3;
        add("affine per channel", c);
    }
    {
        Case c { spec("affine", 16), row({ 65535, 2.5, 0 }) };
        c.codes = row({ 65535, 2, 0 });
        c.out = c.codes;
        c.inRange = ones(c.w);
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = 0;
        c.qmax = 65535;
        add("affine 16 bits", c);
    }
    {
        Case c { spec("affine", 2), row({ 3, 3 }) };
        c.codes = row({ 3, 3 });
        c.out = row({ 3, 3 });
        c.inRange = ones(c.w);
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = 0;
        c.qmax = 3;
        add("affine constant", c);
    }

    // ---- pow2: w' = sign(w) 2^clamp(round(log2|w|), emin, emax)
    {
        const double l = 0.015625; // 2^-6 = the smallest level for amax 1, 4 bits
        Case c { spec("pow2", 4), row({ 1, -0.3, 0.1, 0.75, 0.01, -0.0078125, 0.007, 0 }) };
        c.codes = row({ 7, -5, 4, 7, 1, -1, 0, 0 });
        c.out = row({ 1, -0.25, 0.125, 1, l, -l, 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { l };
        c.zeroPoint = { 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("pow2 4 bits: log rounding, half the smallest level", c);
    }
    {
        Case c { spec("pow2", 2), row({ 3, -2.5, 1.9, 2.1 }) };
        c.codes = row({ 1, -1, 0, 1 });
        c.out = row({ 4, -4, 0, 4 });
        c.inRange = ones(c.w);
        c.scale = { 4 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("pow2 2 bits: one exponent", c);
    }
    {
        Case c { spec("pow2", 4), row({ 0, 0 }) };
        c.codes = row({ 0, 0 });
        c.out = row({ 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0 };
        c.zeroPoint = { 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("pow2 all zero", c);
    }
    {
        Case c { perChannel(spec("pow2", 3)), mat(2, 2, { 1, 0.25, 8, -0.5 }) };
        c.codes = mat(2, 2, { 3, 1, 3, 0 });
        c.out = mat(2, 2, { 1, 0.25, 8, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0.25, 2 };
        c.zeroPoint = { 0, 0 };
        c.qmin = -3;
        c.qmax = 3;
        add("pow2 per channel", c);
    }
    {
        Case c { spec("pow2", 3), row({ -4, -1, -3 }) };
        c.codes = row({ -3, -1, -3 });
        c.out = row({ -4, -1, -4 });
        c.inRange = ones(c.w);
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = -3;
        c.qmax = 3;
        add("pow2 negative only", c);
    }
    {
        const double tiny = std::numeric_limits<double>::denorm_min(); // 2^-1074
        Case c { spec("pow2", 16), row({ 1, tiny, 0.75 }) };
        c.codes = row({ 1075, 1, 1075 });
        c.out = row({ 1, tiny, 1 });
        c.inRange = ones(c.w);
        c.scale = { tiny };
        c.zeroPoint = { 0 };
        c.qmin = -32767;
        c.qmax = 32767;
        add("pow2 16 bits spans every double exponent", c);
    }
    {
        const double top = std::ldexp(1.0, 1023);
        Case c { spec("pow2", 4), row({ 1.7e308, 1 }) };
        c.codes = row({ 7, 0 });
        c.out = row({ top, 0 });
        c.inRange = row({ 0, 1 }); // log2 rounds to 1024, clamped to 1023
        c.scale = { std::ldexp(1.0, 1017) };
        c.zeroPoint = { 0 };
        c.qmin = -7;
        c.qmax = 7;
        add("pow2 exponent capped at 1023", c);
    }

    // ---- binary: alpha * sign(w), sign(0) = +1, alpha = mean|w|
    {
        Case c { spec("binary", 1), row({ 0.5, -1.5, 0, 2 }) };
        c.codes = row({ 1, -1, 1, 1 });
        c.out = row({ 1, -1, 1, 1 });
        c.inRange = ones(c.w);
        c.scale = { 1 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("binary sign(0) = +1", c);
    }
    {
        Case c { perChannel(spec("binary", 1)), mat(2, 2, { 1, -3, 0.5, 0.25 }) };
        c.codes = mat(2, 2, { 1, -1, 1, 1 });
        c.out = mat(2, 2, { 2, -2, 0.375, 0.375 });
        c.inRange = ones(c.w);
        c.scale = { 2, 0.375 };
        c.zeroPoint = { 0, 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("binary per channel", c);
    }
    {
        Case c { spec("binary", 1), row({ 0, 0 }) };
        c.codes = row({ 1, 1 });
        c.out = row({ 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("binary all zero", c);
    }
    {
        Case c { spec("binary", 1), row({ -1, -3 }) };
        c.codes = row({ -1, -1 });
        c.out = row({ -2, -2 });
        c.inRange = ones(c.w);
        c.scale = { 2 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("binary negative only", c);
    }

    // ---- ternary: delta = 0.7 mean|w|, alpha = mean|w| over |w| > delta
    {
        const double a = 2.5 / 3; // mean of 1, 1, 0.5 (delta = 0.42)
        Case c { spec("ternary", 2), row({ 1, -1, 0.2, -0.3, 0.5 }) };
        c.codes = row({ 1, -1, 0, 0, 1 });
        c.out = row({ a, -a, 0, 0, a });
        c.inRange = ones(c.w);
        c.scale = { a };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("ternary", c);
    }
    {
        Case c { spec("ternary", 2), row({ 0, 0, 0 }) };
        c.codes = row({ 0, 0, 0 });
        c.out = row({ 0, 0, 0 });
        c.inRange = ones(c.w);
        c.scale = { 0 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("ternary all zero", c);
    }
    {
        Case c { spec("ternary", 2), row({ -0.5, -0.5 }) };
        c.codes = row({ -1, -1 });
        c.out = row({ -0.5, -0.5 });
        c.inRange = ones(c.w);
        c.scale = { 0.5 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("ternary constant negative", c);
    }
    {
        // mean|w| = 1, delta = 0.7 exactly: |w| = 0.7 is not above it.
        Case c { spec("ternary", 2), row({ 0.7, 1.3 }) };
        c.codes = row({ 0, 1 });
        c.out = row({ 0, 1.3 });
        c.inRange = ones(c.w);
        c.scale = { 1.3 };
        c.zeroPoint = { 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("ternary threshold is strict", c);
    }
    {
        Case c { perChannel(spec("ternary", 2)), mat(2, 2, { 1, 0.1, -4, 4 }) };
        c.codes = mat(2, 2, { 1, 0, -1, 1 });
        c.out = mat(2, 2, { 1, 0, -4, 4 });
        c.inRange = ones(c.w);
        c.scale = { 1, 4 };
        c.zeroPoint = { 0, 0 };
        c.qmin = -1;
        c.qmax = 1;
        add("ternary per channel", c);
    }
}

void TestQuantizers::quantize()
{
    QFETCH(Case, c);
    const auto q = createQuantizer(c.spec);
    Matrix out;
    QuantState state;
    Rng rng(1);
    q->quantize(c.w, out, state, rng);

    CHECK_SAME("out", out, c.out);
    CHECK_SAME("codes", state.codes, c.codes);
    CHECK_SAME("inRange", state.inRange, c.inRange);
    CHECK_SAME("scale", state.scale, c.scale);
    CHECK_SAME("zeroPoint", state.zeroPoint, c.zeroPoint);
    QCOMPARE(state.qmin, c.qmin);
    QCOMPARE(state.qmax, c.qmax);

    // Every value is the dequantized code and one of its channel's levels; codes in range.
    for (Index r = 0; r < c.w.rows(); ++r) {
        const Index ch = state.channelOfRow(r);
        const auto levels = q->levels(state, ch);
        for (std::size_t i = 1; i < levels.size(); ++i)
            QVERIFY2(levels[i - 1] < levels[i], "levels must be strictly ascending");
        for (Index col = 0; col < c.w.cols(); ++col) {
            const double code = state.codes(r, col);
            QVERIFY(code >= state.qmin && code <= state.qmax);
            QVERIFY(code == std::nearbyint(code));
            QVERIFY2(close(q->dequantize(state, ch, code), out(r, col)),
                qPrintable(QString("dequantize(%1) at [%2, %3]").arg(code).arg(r).arg(col)));
            bool found = false;
            for (double level : levels)
                found = found || close(level, out(r, col));
            QVERIFY2(found,
                qPrintable(QString("w'[%1, %2] = %3 is not a level")
                               .arg(r)
                               .arg(col)
                               .arg(out(r, col), 0, 'g', 17)));
        }
    }
}

void TestQuantizers::levels_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    QTest::addColumn<Matrix>("w");
    QTest::addColumn<std::vector<double>>("want");
    QTest::newRow("fixed 3 bits, 1 frac bit") << spec("fixed", 3,
        1) << row({ 0.3 }) << std::vector<double> { -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5 };
    QTest::newRow("symmetric narrow 3 bits")
        << spec("symmetric", 3) << row({ -3, 1 }) << std::vector<double> { -3, -2, -1, 0, 1, 2, 3 };
    QTest::newRow("symmetric full 2 bits") << fullRange(spec("symmetric", 2)) << row({ 1.5, -1 })
                                           << std::vector<double> { -2, -1, 0, 1 };
    QTest::newRow("symmetric all zero")
        << spec("symmetric", 8) << row({ 0, 0 }) << std::vector<double> { 0 };
    QTest::newRow("affine 2 bits, zero-point 1")
        << spec("affine", 2) << row({ -1, 2 }) << std::vector<double> { -1, 0, 1, 2 };
    QTest::newRow("affine all zero")
        << spec("affine", 4) << row({ 0 }) << std::vector<double> { 0 };
    QTest::newRow("pow2 3 bits") << spec("pow2", 3) << row({ 1, -0.3 })
                                 << std::vector<double> { -1, -0.5, -0.25, 0, 0.25, 0.5, 1 };
    QTest::newRow("pow2 all zero") << spec("pow2", 3) << row({ 0 }) << std::vector<double> { 0 };
    QTest::newRow("binary") << spec("binary", 1) << row({ 1, -3 }) << std::vector<double> { -2, 2 };
    QTest::newRow("binary all zero")
        << spec("binary", 1) << row({ 0 }) << std::vector<double> { 0 };
    QTest::newRow("ternary") << spec("ternary", 2) << row({ -4, 4 })
                             << std::vector<double> { -4, 0, 4 };
    QTest::newRow("ternary all zero")
        << spec("ternary", 2) << row({ 0, 0 }) << std::vector<double> { 0 };
}

void TestQuantizers::levels()
{
    QFETCH(QuantizerSpec, spec);
    QFETCH(Matrix, w);
    QFETCH(std::vector<double>, want);
    const auto q = createQuantizer(spec);
    Matrix out;
    QuantState state;
    Rng rng;
    q->quantize(w, out, state, rng);
    CHECK_SAME("levels", q->levels(state, 0), want);
}

void TestQuantizers::levelCounts_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    QTest::addColumn<double>("qmin");
    QTest::addColumn<double>("qmax");
    QTest::addColumn<int>("count");
    for (int bits : { 1, 2, 3, 4, 5, 6, 7, 8, 16 }) {
        const double half = std::ldexp(1.0, bits - 1);
        const int all = 1 << bits;
        QTest::addRow("fixed %d bits", bits) << spec("fixed", bits, 2) << -half << half - 1 << all;
        QTest::addRow("affine %d bits", bits) << spec("affine", bits) << 0.0 << 2 * half - 1 << all;
        QTest::addRow("symmetric full %d bits", bits)
            << fullRange(spec("symmetric", bits)) << -half << half - 1 << all;
        if (bits >= 2) {
            QTest::addRow("symmetric narrow %d bits", bits)
                << spec("symmetric", bits) << -(half - 1) << half - 1 << all - 1;
            // amax = 1: 2^(bits-1)-1 exponents a side while they fit in a double.
            const int exponents = bits <= 8 ? int(half) - 1 : 1074 + 1023 + 1;
            QTest::addRow("pow2 %d bits", bits)
                << spec("pow2", bits) << -(half - 1) << half - 1 << 2 * exponents + 1;
        }
    }
}

void TestQuantizers::levelCounts()
{
    QFETCH(QuantizerSpec, spec);
    QFETCH(double, qmin);
    QFETCH(double, qmax);
    QFETCH(int, count);
    const auto q = createQuantizer(spec);
    Matrix out;
    QuantState state;
    Rng rng;
    q->quantize(row({ 1, -0.3, 0.2 }), out, state, rng);
    QCOMPARE(state.qmin, qmin);
    QCOMPARE(state.qmax, qmax);
    const auto levels = q->levels(state, 0);
    QCOMPARE(int(levels.size()), count);
    for (std::size_t i = 1; i < levels.size(); ++i)
        QVERIFY(levels[i - 1] < levels[i]);
    for (double level : levels)
        QVERIFY(std::isfinite(level));
}

void TestQuantizers::stochasticUnbiased_data()
{
    // A tensor whose first `lead` elements fix the scale, then 10k copies of x; the copies
    // may round only to the two levels around x, `step` apart.
    QTest::addColumn<QuantizerSpec>("spec");
    QTest::addColumn<Matrix>("lead");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("below");
    QTest::addColumn<double>("step");
    QTest::newRow("fixed 2.3") << spec("fixed", 8) << Matrix(1, 0) << 2.3 << 2.0 << 1.0;
    QTest::newRow("fixed -2.3") << spec("fixed", 8) << Matrix(1, 0) << -2.3 << -3.0 << 1.0;
    QTest::newRow("fixed tie 2.5") << spec("fixed", 8) << Matrix(1, 0) << 2.5 << 2.0 << 1.0;
    QTest::newRow("fixed Q.3 0.3") << spec("fixed", 8, 3) << Matrix(1, 0) << 0.3 << 0.25 << 0.125;
    QTest::newRow("symmetric 0.3") << spec("symmetric", 4) << row({ 1.75 }) << 0.3 << 0.25 << 0.25;
    QTest::newRow("affine 0.3") << spec("affine", 2) << row({ -1, 2 }) << 0.3 << 0.0 << 1.0;
    QTest::newRow("pow2 0.3 (value domain)")
        << spec("pow2", 4) << row({ 1 }) << 0.3 << 0.25 << 0.25;
    QTest::newRow("pow2 below smallest level")
        << spec("pow2", 4) << row({ 1 }) << 0.005 << 0.0 << 0.015625;
}

void TestQuantizers::stochasticUnbiased()
{
    QFETCH(QuantizerSpec, spec);
    QFETCH(Matrix, lead);
    QFETCH(double, x);
    QFETCH(double, below);
    QFETCH(double, step);
    const Index n = 10000;
    Matrix w(1, lead.cols() + n);
    w.leftCols(lead.cols()) = lead;
    w.rightCols(n).setConstant(x);
    const auto q = createQuantizer(stochastic(spec));
    Matrix out;
    QuantState state;
    Rng rng(2024, 7);
    q->quantize(w, out, state, rng);
    double sum = 0;
    int ups = 0;
    for (Index i = lead.cols(); i < w.cols(); ++i) {
        const double v = out(0, i);
        QVERIFY2(close(v, below) || close(v, below + step),
            qPrintable(QString("%1 rounded to %2").arg(x).arg(v)));
        sum += v;
        ups += close(v, below + step) ? 1 : 0;
    }
    const double p = (x - below) / step;
    const double sigma = step * std::sqrt(p * (1 - p) / double(n));
    const double mean = sum / double(n);
    QVERIFY2(std::abs(mean - x) <= 3 * sigma,
        qPrintable(
            QString("mean %1 of %2, 3 sigma = %3").arg(mean, 0, 'g', 10).arg(x).arg(3 * sigma)));
    QVERIFY(ups > 0 && ups < n); // both neighbours occur
}

void TestQuantizers::stochasticReproducible_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    QTest::newRow("fixed") << spec("fixed", 8, 3);
    QTest::newRow("symmetric") << spec("symmetric", 4);
    QTest::newRow("affine") << spec("affine", 4);
    QTest::newRow("pow2") << spec("pow2", 4);
}

void TestQuantizers::stochasticReproducible()
{
    QFETCH(QuantizerSpec, spec);
    const auto q = createQuantizer(stochastic(spec));
    Matrix w(8, 16);
    Rng data(99);
    for (Index i = 0; i < w.size(); ++i)
        w.data()[i] = data.uniform(-1.0, 1.0);
    auto run = [&](std::uint64_t seed) {
        Matrix out;
        QuantState state;
        Rng rng(seed, 3);
        q->quantize(w, out, state, rng);
        return out;
    };
    const Matrix a = run(5), b = run(5), c = run(6);
    QVERIFY(a == b);
    QVERIFY(a != c);
}

void TestQuantizers::rngUseContract_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    QTest::addColumn<int>("draws"); // uniforms drawn for a 3x4 tensor
    for (const char* scheme : { "fixed", "symmetric", "affine", "pow2" }) {
        QTest::addRow("%s nearest", scheme) << spec(scheme, 4) << 0;
        QTest::addRow("%s stochastic", scheme) << stochastic(spec(scheme, 4)) << 12;
    }
    QTest::newRow("binary stochastic never rounds") << stochastic(spec("binary", 1)) << 0;
    QTest::newRow("ternary stochastic never rounds") << stochastic(spec("ternary", 2)) << 0;
    QTest::newRow("symmetric all-zero stochastic") << stochastic(spec("symmetric", 4)) << -12;
}

void TestQuantizers::rngUseContract()
{
    QFETCH(QuantizerSpec, spec);
    QFETCH(int, draws);
    // Negative draws: an all-zero tensor, |draws| uniforms still drawn.
    Matrix w = draws < 0 ? Matrix(Matrix::Zero(3, 4))
                         : mat(3, 4, { 0.1, -0.7, 0, 0.3, 1.2, -2, 0.05, 0.9, -0.4, 0, 0.6, 2 });
    const auto q = createQuantizer(spec);
    Matrix out;
    QuantState state;
    Rng used(11), reference(11);
    q->quantize(w, out, state, used);
    for (int i = 0; i < std::abs(draws); ++i)
        reference.uniform();
    QCOMPARE(used.next(), reference.next());
}

void TestQuantizers::nonFiniteRefused_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    QTest::addColumn<int>("r");
    QTest::addColumn<int>("c");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("name");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    for (const char* scheme : { "fixed", "symmetric", "affine", "pow2", "binary", "ternary" }) {
        const int bits = std::string(scheme) == "binary" ? 1 : 4;
        QTest::addRow("%s NaN", scheme) << spec(scheme, bits) << 1 << 2 << nan << "NaN";
        QTest::addRow("%s inf", scheme) << spec(scheme, bits) << 0 << 0 << inf << "inf";
        QTest::addRow("%s -inf", scheme)
            << perChannel(spec(scheme, bits)) << 1 << 0 << -inf << "-inf";
    }
}

void TestQuantizers::nonFiniteRefused()
{
    QFETCH(QuantizerSpec, spec);
    QFETCH(int, r);
    QFETCH(int, c);
    QFETCH(double, value);
    QFETCH(QString, name);
    Matrix w = mat(2, 3, { 0.1, 0.2, 0.3, -0.1, -0.2, -0.3 });
    w(r, c) = value;
    const auto q = createQuantizer(spec);
    Matrix out = Matrix::Constant(2, 3, 7.0);
    QuantState state;
    Rng rng;
    try {
        q->quantize(w, out, state, rng);
        QFAIL("a non-finite tensor was quantized");
    } catch (const Error& e) {
        const QString want
            = QString("cannot quantize tensor: it contains %1 at [%2, %3]").arg(name).arg(r).arg(c);
        QVERIFY2(QString(e.what()).startsWith(want), e.what());
    }
    QVERIFY(out == Matrix::Constant(2, 3, 7.0)); // untouched
    QCOMPARE(state.codes.size(), Index(0));
}

void TestQuantizers::extremeMagnitudes()
{
    Matrix out;
    QuantState state;
    Rng rng;
    // A range whose scale overflows is refused with a sentence, never a NaN.
    QVERIFY_THROWS_EXCEPTION(Error,
        createQuantizer(spec("affine", 1))->quantize(row({ -1e308, 1e308 }), out, state, rng));
    QVERIFY_THROWS_EXCEPTION(Error,
        createQuantizer(fullRange(spec("symmetric", 1)))
            ->quantize(row({ 1.7e308 }), out, state, rng));
    // Near DBL_MAX but representable: finite results.
    for (const char* scheme : { "symmetric", "affine", "binary", "ternary", "pow2" }) {
        const auto q = createQuantizer(spec(scheme, 8));
        q->quantize(row({ 1.7e308, 1.6e308, -1e308 }), out, state, rng);
        QVERIFY2(out.allFinite(), scheme);
    }
    // Fixed saturates instead: w * 2^f overflows to inf and is clamped.
    createQuantizer(spec("fixed", 8, 32))->quantize(row({ 1e308, -1e308 }), out, state, rng);
    QVERIFY(out == row({ 127 * std::ldexp(1.0, -32), -128 * std::ldexp(1.0, -32) }));
    QVERIFY(state.inRange == row({ 0, 0 }));
    // A scale that underflows to 0 is the all-zero case.
    const double tiny = std::numeric_limits<double>::denorm_min();
    createQuantizer(spec("symmetric", 8))->quantize(row({ tiny, -tiny }), out, state, rng);
    QVERIFY(out == row({ 0, 0 }));
    QVERIFY(state.codes == row({ 0, 0 }));
    QCOMPARE(state.scale[0], 0.0);
}

void TestQuantizers::emptyTensor_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    for (const auto& info : quantizerRegistry()) {
        QTest::addRow("%s per tensor", info.name.c_str()) << info.defaults;
        QTest::addRow("%s per channel", info.name.c_str()) << perChannel(info.defaults);
    }
}

void TestQuantizers::emptyTensor()
{
    QFETCH(QuantizerSpec, spec);
    const auto q = createQuantizer(spec);
    Matrix out;
    QuantState state;
    Rng rng;
    q->quantize(Matrix(0, 3), out, state, rng);
    QCOMPARE(out.rows(), Index(0));
    QCOMPARE(out.cols(), Index(3));
    QCOMPARE(state.channels(), Index(1));
    QVERIFY(std::isfinite(state.scale[0]));
    QVERIFY(!q->levels(state, 0).empty());
}

void TestQuantizers::noReallocationForSameShape()
{
    for (const auto& info : quantizerRegistry()) {
        const auto q = createQuantizer(perChannel(info.defaults));
        Matrix out;
        QuantState state;
        Rng rng;
        q->quantize(mat(2, 3, { 0.1, -0.2, 0.3, 1, 2, -3 }), out, state, rng);
        const double* outData = out.data();
        const double* codes = state.codes.data();
        const double* mask = state.inRange.data();
        const double* scale = state.scale.data();
        const double* zp = state.zeroPoint.data();
        q->quantize(mat(2, 3, { 0.4, 0.2, -0.3, 0.5, 0.25, 3 }), out, state, rng);
        QVERIFY2(out.data() == outData && state.codes.data() == codes
                && state.inRange.data() == mask && state.scale.data() == scale
                && state.zeroPoint.data() == zp,
            info.name.c_str());
        // A new shape is followed.
        q->quantize(mat(3, 1, { 1, 2, 3 }), out, state, rng);
        QCOMPARE(out.rows(), Index(3));
        QCOMPARE(state.codes.rows(), Index(3));
        QCOMPARE(state.channels(), Index(3));
    }
}

void TestQuantizers::denseRunMatchesRows_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    auto floatSpec = [](const char* format, Rounding rounding, Granularity granularity) {
        QuantizerSpec s = findQuantizer("float")->defaults;
        s.format = format;
        s.rounding = rounding;
        s.granularity = granularity;
        return s;
    };
    const Rounding nearest = Rounding::Nearest, sr = Rounding::Stochastic;
    const Granularity tensor = Granularity::PerTensor, channel = Granularity::PerChannel;
    QTest::newRow("fixed Q4.3") << spec("fixed", 8, 3);
    QTest::newRow("fixed Q4.3 stochastic") << stochastic(spec("fixed", 8, 3));
    QTest::newRow("fixed per channel stochastic") << perChannel(stochastic(spec("fixed", 6, 2)));
    QTest::newRow("bf16") << floatSpec("bf16", nearest, tensor);
    QTest::newRow("bf16 stochastic") << floatSpec("bf16", sr, tensor);
    QTest::newRow("e4m3 per channel stochastic") << floatSpec("e4m3", sr, channel);
    QuantizerSpec overflow = floatSpec("e5m2", sr, tensor);
    overflow.overflow = FloatOverflow::Format;
    QTest::newRow("e5m2 stochastic, format overflow") << overflow;
    QuantizerSpec amax = floatSpec("e4m3", sr, channel);
    amax.scaling = FloatScaling::Amax; // channel by channel either way
    QTest::newRow("e4m3 amax per channel stochastic") << amax;
    QTest::newRow("symmetric (an observer)") << stochastic(spec("symmetric", 4));
}

void TestQuantizers::denseRunMatchesRows()
{
    // A dense tensor is quantized in one run of elements (fixed, and float without scaling),
    // a strided view of the same values row by row: the same values, codes, mask and scales,
    // to the bit, and the same draws. quantizeChecked() at the shapes of its last call takes
    // a shorter path than quantize() (one channel, no observer): the same results again.
    QFETCH(QuantizerSpec, spec);
    Matrix wide(3, 7);
    Rng data(3);
    for (Index i = 0; i < wide.size(); ++i)
        wide.data()[i] = data.normal() * std::exp2(data.uniform(-20, 12));
    wide(1, 2) = 1e6; // past every grid and format here
    wide(2, 0) = -0.0;
    const Matrix dense = wide.leftCols(5);
    const ConstMatrixRef strided(wide.leftCols(5));
    QCOMPARE(strided.outerStride(), Index(7));
    const auto sameBits = [](const Matrix& x, const Matrix& y) {
        return x.rows() == y.rows() && x.cols() == y.cols()
            && std::memcmp(x.data(), y.data(), sizeof(double) * std::size_t(x.size())) == 0;
    };
    const auto q = createQuantizer(spec);
    Matrix a, b;
    QuantState sa, sb;
    Rng ra(9, 1), rb(9, 1);
    q->quantize(dense, a, sa, ra);
    q->quantize(strided, b, sb, rb);
    QVERIFY(sameBits(a, b));
    QVERIFY(sameBits(sa.codes, sb.codes));
    QVERIFY(sameBits(sa.inRange, sb.inRange));
    QVERIFY(sa.scale == sb.scale);
    QVERIFY(sa.zeroPoint == sb.zeroPoint);
    const Rng after = ra;
    QCOMPARE(ra.next(), rb.next());
    Matrix c;
    QuantState sc;
    for (int call = 0; call < 2; ++call) { // the first call sizes c and sc, the second reuses them
        Rng rc(9, 1);
        q->quantizeChecked(dense, c, sc, rc);
        QVERIFY(sameBits(c, a));
        QVERIFY(sameBits(sc.codes, sa.codes));
        QVERIFY(sameBits(sc.inRange, sa.inRange));
        QVERIFY(sc.scale == sa.scale);
        QVERIFY(sc.zeroPoint == sa.zeroPoint);
        QVERIFY(sc.rangeHi == sa.rangeHi);
        QCOMPARE(rc.next(), Rng(after).next());
    }
}

void TestQuantizers::validation_data()
{
    QTest::addColumn<QuantizerSpec>("spec");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("want");
    const QString p = "runs.1.quantizer";
    QTest::newRow("valid defaults") << spec("fixed", 8, 3) << p << QStringList {};
    QTest::newRow("symmetric narrow 1 bit")
        << spec("symmetric", 1) << p
        << QStringList { "runs.1.quantizer.bits must be in [2, 16], got 1 (symmetric with "
                         "narrow_range: true needs 2 bits at least, since 1 bit leaves only the "
                         "code 0; set narrow_range: false for 1 bit)" };
    QTest::newRow("symmetric full range 1 bit")
        << fullRange(spec("symmetric", 1)) << p << QStringList {};
    QTest::newRow("pow2 1 bit")
        << spec("pow2", 1) << p
        << QStringList { "runs.1.quantizer.bits must be in [2, 16], got 1 (pow2 needs 2 bits "
                         "at least: 1 bit leaves no exponent)" };
    {
        QuantizerSpec s = spec("fixed", 17, 40);
        s.activationBits = 20;
        QTest::newRow("fixed: every problem listed")
            << s << p
            << QStringList { "runs.1.quantizer.bits must be in [1, 16], got 17",
                   "runs.1.quantizer.frac_bits must be in [-32, 32], got 40",
                   "runs.1.quantizer.activation_bits must be in [0, 16], got 20" };
    }
    QTest::newRow("fixed frac_bits -33") << spec("fixed", 8,
        -33) << p << QStringList { "runs.1.quantizer.frac_bits must be in [-32, 32], got -33" };
    QTest::newRow("frac_bits ignored outside fixed")
        << spec("affine", 8, 99) << p << QStringList {};
    QTest::newRow("bits ignored by binary") << spec("binary", 99) << p << QStringList {};
    QTest::newRow("affine 0 bits, no prefix")
        << spec("affine", 0) << QString() << QStringList { "bits must be in [1, 16], got 0" };
    QTest::newRow("unknown scheme")
        << spec("fp8", 0) << p
        << QStringList { "runs.1.quantizer.scheme must be one of " + schemeList() + ", got \"fp8\"",
               "runs.1.quantizer.bits must be in [1, 16], got 0" };
}

void TestQuantizers::validation()
{
    QFETCH(QuantizerSpec, spec);
    QFETCH(QString, prefix);
    QFETCH(QStringList, want);
    QStringList got;
    for (const auto& problem : validateQuantizerSpec(spec, prefix.toStdString()))
        got << QString::fromStdString(problem);
    QCOMPARE(got, want);
}

void TestQuantizers::createRefusesBadSpecs()
{
    try {
        createQuantizer(spec("fp8", 8));
        QFAIL("unknown scheme accepted");
    } catch (const Error& e) {
        QCOMPARE(QString(e.what()),
            "quantizer.scheme must be one of " + schemeList() + ", got \"fp8\".");
    }
    try {
        QuantizerSpec s = spec("fixed", 0, 50);
        createQuantizer(s);
        QFAIL("invalid spec accepted");
    } catch (const Error& e) {
        QCOMPARE(QString(e.what()),
            QString("quantizer.bits must be in [1, 16], got 0; quantizer.frac_bits must "
                    "be in [-32, 32], got 50."));
    }
    QVERIFY_THROWS_EXCEPTION(Error, FixedQuantizer(spec("affine", 8)));
    QVERIFY_THROWS_EXCEPTION(Error, AffineQuantizer(spec("affine", 17)));
}

void TestQuantizers::registry()
{
    QCOMPARE(quantizerNames(),
        (std::vector<std::string> {
            "fixed", "symmetric", "affine", "pow2", "binary", "ternary", "float", "mx", "nvfp4" }));
    QVERIFY(findQuantizer("nope") == nullptr);
    for (const auto& info : quantizerRegistry()) {
        QCOMPARE(findQuantizer(info.name), &info);
        QCOMPARE(info.defaults.scheme, info.name);
        QVERIFY2(validateQuantizerSpec(info.defaults, "").empty(), info.name.c_str());
        QVERIFY(!info.description.empty() && !info.formula.empty());
        QVERIFY(info.minBits >= 1 && info.minBits <= info.maxBits && info.maxBits <= 16);
        const auto q = info.create(info.defaults);
        QCOMPARE(q->spec().scheme, info.name);
    }
    QVERIFY(findQuantizer("fixed")->usesFracBits);
    QVERIFY(!findQuantizer("fixed")->usesGranularity);
    QVERIFY(findQuantizer("symmetric")->usesNarrowRange);
    QVERIFY(findQuantizer("affine")->hasZeroPoint);
    QVERIFY(!findQuantizer("symmetric")->hasZeroPoint);
    QVERIFY(!findQuantizer("binary")->hasBits && !findQuantizer("binary")->usesRounding);
    QVERIFY(!findQuantizer("ternary")->hasBits && !findQuantizer("ternary")->usesRounding);
    QCOMPARE(findQuantizer("symmetric")->minBits, 2);
    QCOMPARE(findQuantizer("pow2")->minBits, 2);
    QCOMPARE(findQuantizer("fixed")->minBits, 1);
    QCOMPARE(findQuantizer("affine")->maxBits, 16);
}

QTEST_APPLESS_MAIN(TestQuantizers)
#include "tst_quantizers.moc"
