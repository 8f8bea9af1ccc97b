// Quantization conventions (core/quant/conventions.h): each one gives a valid spec with the
// documented settings, and the grid docs/conventions.md documents, on a small tensor at
// 4 bits, computed here by hand from the framework's formula.

#include "core/common/error.h"
#include "core/common/rng.h"
#include "core/quant/conventions.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;

namespace {

QuantizerSpec fourBitSymmetric()
{
    QuantizerSpec q = findQuantizer("symmetric")->defaults;
    q.scheme = "symmetric";
    q.bits = 4;
    return q;
}

// max|w| = 7.5 makes PyTorch's full-range scale exactly 1 (7.5 / 7.5), so its
// round-half-to-even tie at the top code is exact too.
Matrix sample()
{
    Matrix w(1, 5);
    w << -5.6, -2.3, 0.7, 4.3, 7.5;
    return w;
}

// Inside QPyTorch's [-1, 0.875] at FixedPoint(4, 3), but for the last element.
Matrix smallSample()
{
    Matrix w(1, 5);
    w << -0.9, -0.33, 0.1, 0.62, 1.2;
    return w;
}

std::vector<Scalar> arange(Scalar from, Scalar to, Scalar step)
{
    std::vector<Scalar> out;
    for (Scalar k = from; k <= to; k += 1.0)
        out.push_back(k * step);
    return out;
}

// The same with each level rounded to float32, as PyTorch's kernel writes its output.
std::vector<Scalar> arangeFloat32(Scalar from, Scalar to, float step)
{
    std::vector<Scalar> out;
    for (Scalar k = from; k <= to; k += 1.0)
        out.push_back(static_cast<float>(k * static_cast<Scalar>(step)));
    return out;
}

void compareLevels(const std::vector<Scalar>& got, const std::vector<Scalar>& want)
{
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        QVERIFY2(std::abs(got[i] - want[i]) < 1e-12,
            qPrintable(QString("level %1: %2 vs %3").arg(i).arg(got[i]).arg(want[i])));
}

} // namespace

class TestConventions : public QObject {
    Q_OBJECT

private slots:
    void registry()
    {
        QCOMPARE(conventionRegistry().size(), std::size_t(5));
        for (const QuantConvention& c : conventionRegistry()) {
            QVERIFY(findConvention(c.name) == &c);
            QVERIFY(!c.title.empty() && !c.framework.empty());
            QVERIFY(!c.equivalent.empty());
            QVERIFY2(c.differences.size() > 40, c.name.c_str()); // honest about the gaps
        }
        QVERIFY(!findConvention("tflite"));
        QVERIFY_THROWS_EXCEPTION(Error, applyConvention("tflite", fourBitSymmetric()));
    }

    void settings_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<bool>("narrow");
        QTest::addColumn<int>("rounding");
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("steClip");
        QTest::newRow("pytorch") << "pytorch"
                                 << "symmetric" << false << int(Rounding::Nearest)
                                 << int(TrainingMode::Ste) << true;
        QTest::newRow("pytorch-affine")
            << "pytorch-affine"
            << "affine" << false << int(Rounding::Nearest) << int(TrainingMode::Ste) << true;
        QTest::newRow("brevitas") << "brevitas"
                                  << "symmetric" << true << int(Rounding::Nearest)
                                  << int(TrainingMode::Ste) << false;
        QTest::newRow("qkeras") << "qkeras"
                                << "fixed" << true << int(Rounding::Nearest)
                                << int(TrainingMode::Ste) << false;
        QTest::newRow("qpytorch") << "qpytorch"
                                  << "fixed" << true << int(Rounding::Stochastic)
                                  << int(TrainingMode::PostUpdate) << false;
    }
    // Each convention sets what it documents, keeps the user's choices, gives a valid spec,
    // and is recognised again by matchConvention.
    void settings()
    {
        QFETCH(QString, name);
        QFETCH(QString, scheme);
        QFETCH(bool, narrow);
        QFETCH(int, rounding);
        QFETCH(int, mode);
        QFETCH(bool, steClip);
        QuantizerSpec base = fourBitSymmetric();
        base.granularity = Granularity::PerChannel;
        base.quantizeBias = false;
        base.activationBits = 6;
        const QuantizerSpec q = applyConvention(name.toStdString(), base);
        QCOMPARE(QString::fromStdString(q.scheme), scheme);
        if (scheme == "symmetric")
            QCOMPARE(q.narrowRange, narrow);
        QCOMPARE(int(q.rounding), rounding);
        QCOMPARE(int(q.mode), mode);
        QCOMPARE(q.steClip, steClip);
        QCOMPARE(q.bits, 4);
        QCOMPARE(q.granularity, Granularity::PerChannel);
        QCOMPARE(q.quantizeBias, false);
        QCOMPARE(q.activationBits, 6);
        if (scheme == "fixed")
            QCOMPARE(q.fracBits, 3); // integer = 0: values in [-1, 1)
        QVERIFY(validateQuantizerSpec(q, "q").empty());
        QCOMPARE(QString::fromStdString(matchConvention(q)), name);
        QVERIFY(!conventionFormula(name.toStdString(), q).empty());

        // From a scheme without a bit width, 8 bits.
        QuantizerSpec binary = findQuantizer("binary")->defaults;
        binary.scheme = "binary";
        const QuantizerSpec fromBinary = applyConvention(name.toStdString(), binary);
        QCOMPARE(fromBinary.bits, 8);
        QVERIFY(validateQuantizerSpec(fromBinary, "q").empty());
        // A fixed-point spec keeps its fraction bits under the fixed-point conventions.
        QuantizerSpec fixed = findQuantizer("fixed")->defaults;
        fixed.scheme = "fixed";
        fixed.bits = 8;
        fixed.fracBits = 3;
        if (scheme == "fixed")
            QCOMPARE(applyConvention(name.toStdString(), fixed).fracBits, 3);
    }

    void noMatch()
    {
        // The seed's Q4.3-nearest (rounding after every update, nearest) is no framework's
        // default: the picker shows "Custom".
        QuantizerSpec q = findQuantizer("fixed")->defaults;
        q.scheme = "fixed";
        q.mode = TrainingMode::PostUpdate;
        q.rounding = Rounding::Nearest;
        QCOMPARE(QString::fromStdString(matchConvention(q)), QString());
        q.scheme = "pow2";
        QCOMPARE(QString::fromStdString(matchConvention(q)), QString());
    }

    // learn and the conventions: kept where the convention's grid can learn it (and then
    // matched and shown as learned), dropped where the engine would refuse it; never a spec
    // the engine refuses, never a "pytorch" that hides a learned step.
    void learnKeptOrDropped_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("learn");
        QTest::addColumn<int>("kept");
        const int lsq = int(LearnMode::Lsq), pact = int(LearnMode::Pact),
                  none = int(LearnMode::None);
        QTest::newRow("lsq, pytorch") << "pytorch" << lsq << lsq;
        QTest::newRow("lsq, brevitas") << "brevitas" << lsq << lsq;
        QTest::newRow("lsq, pytorch-affine") << "pytorch-affine" << lsq << none;
        QTest::newRow("lsq, qkeras") << "qkeras" << lsq << none;
        QTest::newRow("lsq, qpytorch") << "qpytorch" << lsq << none;
        QTest::newRow("pact, qkeras") << "qkeras" << pact << pact;
        QTest::newRow("pact, qpytorch") << "qpytorch" << pact << none;
    }
    void learnKeptOrDropped()
    {
        QFETCH(QString, name);
        QFETCH(int, learn);
        QFETCH(int, kept);
        const int lsq = int(LearnMode::Lsq), pact = int(LearnMode::Pact),
                  none = int(LearnMode::None);
        QuantizerSpec q = fourBitSymmetric();
        q.mode = TrainingMode::Ste;
        q.activationBits = 3;
        q.learn = static_cast<LearnMode>(learn);
        QVERIFY(validateQuantizerSpec(q, "q").empty());
        const QuantizerSpec out = applyConvention(name.toStdString(), q);
        QCOMPARE(int(out.learn), kept);
        const auto problems = validateQuantizerSpec(out, "q");
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        QCOMPARE(QString::fromStdString(matchConvention(out)), name);
        const QString formula = QString::fromStdString(conventionFormula(name.toStdString(), out));
        QCOMPARE(formula.contains("learned (LSQ)"), kept == lsq);
        QCOMPARE(
            formula.contains("max|w|"), kept != lsq && (name == "pytorch" || name == "brevitas"));
        QCOMPARE(formula.contains("clip alpha learned (PACT), 7 steps"), kept == pact);
        // A learned step is no convention's default: the same spec with learn lsq but
        // another convention's settings matches none.
        if (kept == none && learn == lsq) {
            QuantizerSpec stale = out;
            stale.learn = LearnMode::Lsq;
            QCOMPARE(QString::fromStdString(matchConvention(stale)), QString());
        }
    }

    void grids_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<std::vector<Scalar>>("levels");
        QTest::addColumn<std::vector<Scalar>>("values");
        QTest::addColumn<std::vector<Scalar>>("inRange");
        // w = [-5.6, -2.3, 0.7, 4.3, 7.5], 4 bits.
        // PyTorch symmetric full range: s = 7.5 / 7.5 = 1, codes -8..7; w/s rounds to
        // -6, -2, 1, 4 and 8 (7.5, half to even), which is clamped to 7 and masked.
        QTest::newRow("pytorch") << "pytorch" << arange(-8, 7, 1.0)
                                 << std::vector<Scalar> { -6, -2, 1, 4, 7 }
                                 << std::vector<Scalar> { 1, 1, 1, 1, 0 };
        // PyTorch affine: lo = -5.6, hi = 7.5, s = 13.1 / 15, zp = -round(-6.41) = 6;
        // round(w/s) = -6, -3, 1, 5, 9 (8.59), so q = 0, 3, 7, 11, 15. In float32 as torch:
        // s = fl(fl(7.5 - fl(-5.6)) / 15), each value fl(k s).
        const float sa = (7.5f - static_cast<float>(-5.6)) / 15.0f;
        const auto f32 = [sa](Scalar k) {
            return static_cast<Scalar>(static_cast<float>(k * static_cast<Scalar>(sa)));
        };
        QTest::newRow("pytorch-affine")
            << "pytorch-affine" << arangeFloat32(-6, 9, sa)
            << std::vector<Scalar> { f32(-6), f32(-3), f32(1), f32(5), f32(9) }
            << std::vector<Scalar> { 1, 1, 1, 1, 1 };
        // Brevitas narrow: s = 7.5 / 7, codes -7..7; w/s = -5.23, -2.15, 0.65, 4.01, 7.
        const Scalar sb = 7.5 / 7;
        QTest::newRow("brevitas") << "brevitas" << arange(-7, 7, sb)
                                  << std::vector<Scalar> { -5 * sb, -2 * sb, sb, 4 * sb, 7 * sb }
                                  << std::vector<Scalar> { 1, 1, 1, 1, 1 };
        // QKeras quantized_bits(4, 0): step 1/8, codes -8..7, no scale: only 0.7 (5.6 -> 6)
        // fits; the rest clamps to -1 or 0.875 (outside the range: masked codes).
        QTest::newRow("qkeras") << "qkeras" << arange(-8, 7, 0.125)
                                << std::vector<Scalar> { -1, -1, 0.75, 0.875, 0.875 }
                                << std::vector<Scalar> { 0, 0, 1, 0, 0 };
    }
    // The grid (every level) and the values of a small tensor under each convention.
    void grids()
    {
        QFETCH(QString, name);
        QFETCH(std::vector<Scalar>, levels);
        QFETCH(std::vector<Scalar>, values);
        QFETCH(std::vector<Scalar>, inRange);
        const QuantizerSpec q = applyConvention(name.toStdString(), fourBitSymmetric());
        const auto quantizer = createQuantizer(q);
        Matrix out;
        QuantState state;
        Rng rng(1, 0);
        quantizer->quantize(sample(), out, state, rng);
        compareLevels(quantizer->levels(state, 0), levels);
        for (Index i = 0; i < out.cols(); ++i) {
            QVERIFY2(std::abs(out(0, i) - values[std::size_t(i)]) < 1e-12,
                qPrintable(QString("element %1: %2 vs %3")
                               .arg(i)
                               .arg(out(0, i))
                               .arg(values[std::size_t(i)])));
            QCOMPARE(state.inRange(0, i), inRange[std::size_t(i)]);
        }
    }

    // QPyTorch FixedPoint(4, 3) with stochastic rounding: each value is one of its two grid
    // neighbours (clamped to [-1, 0.875]), and over many draws the mean is w (unbiased)
    // where w lies inside the range.
    void qpytorchStochastic()
    {
        const QuantizerSpec q = applyConvention("qpytorch", fourBitSymmetric());
        QCOMPARE(q.fracBits, 3);
        const auto quantizer = createQuantizer(q);
        const Matrix w = smallSample();
        Matrix out;
        QuantState state;
        Rng rng(7, 0);
        Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(w.cols());
        const int draws = 4000;
        for (int d = 0; d < draws; ++d) {
            quantizer->quantize(w, out, state, rng);
            for (Index i = 0; i < w.cols(); ++i) {
                const Scalar lo = std::clamp(std::floor(w(0, i) * 8) / 8, -1.0, 0.875);
                const Scalar hi = std::clamp(std::ceil(w(0, i) * 8) / 8, -1.0, 0.875);
                QVERIFY(out(0, i) == lo || out(0, i) == hi);
            }
            sum += out.row(0);
        }
        compareLevels(quantizer->levels(state, 0), arange(-8, 7, 0.125));
        for (Index i = 0; i < 4; ++i) // 1.2 is out of range: always clamped to 0.875
            QVERIFY2(std::abs(sum(i) / draws - w(0, i)) < 0.01, qPrintable(QString::number(i)));
        QCOMPARE(sum(4) / draws, 0.875);
    }

    void formulas()
    {
        QuantizerSpec q = fourBitSymmetric();
        QVERIFY(QString::fromStdString(conventionFormula("pytorch", q)).contains("7.5"));
        QVERIFY(QString::fromStdString(conventionFormula("pytorch", q)).contains("-8, 7"));
        QVERIFY(QString::fromStdString(conventionFormula("brevitas", q)).contains("-7, 7"));
        QVERIFY(QString::fromStdString(conventionFormula("pytorch-affine", q)).contains("0, 15"));
        QVERIFY(QString::fromStdString(conventionFormula("qkeras", q))
                    .contains("quantized_bits(4, 0)"));
        q.scheme = "fixed";
        q.bits = 8;
        q.fracBits = 3;
        QVERIFY(QString::fromStdString(conventionFormula("qkeras", q))
                    .contains("quantized_bits(8, 4)"));
        QVERIFY(QString::fromStdString(conventionFormula("qpytorch", q))
                    .contains("FixedPoint(wl=8, fl=3)"));
        QVERIFY(QString::fromStdString(conventionFormula("qpytorch", q))
                    .contains("range [-16, 15.875]"));
    }
};

QTEST_APPLESS_MAIN(TestConventions)
#include "tst_conventions.moc"
