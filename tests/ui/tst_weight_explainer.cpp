// WeightExplainer against hand-computed tables: the code, scale, zero-point, snapped value
// and residual of one element, for fixed point, affine and clamped values, and the text
// the tooltip shows.

#include "core/data/generators.h"
#include "core/engine/presets.h"
#include "core/engine/record_log.h"
#include "core/quant/quantizer.h"
#include "ui/text_format.h"
#include "ui/views/weight_explainer.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

Q_DECLARE_METATYPE(bitlab::QuantizerSpec)

namespace {
QuantizerSpec spec(const char* scheme, int bits, int fracBits = 0)
{
    QuantizerSpec q;
    q.scheme = scheme;
    q.bits = bits;
    q.fracBits = fracBits;
    return q;
}

// A 1 x n tensor of `values` as a ste run would snapshot it: latent = values.
TensorSnapshot snapshotOf(const QuantizerSpec& q, const std::vector<double>& values)
{
    TensorSnapshot t;
    t.name = "weight";
    t.latent = Matrix(1, static_cast<Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
        t.latent(0, static_cast<Index>(i)) = values[i];
    Rng rng(1);
    t.quantizer = createQuantizer(q);
    t.quantizer->quantize(t.latent, t.values, t.quant, rng);
    t.quantized = true;
    return t;
}
} // namespace

class TestWeightExplainer : public QObject {
    Q_OBJECT
private slots:
    void explain_data();
    void explain();
    void notQuantized();
    void numbersInTheUiFormat();
    void formatCodes();
    void learnedStep();
};

void TestWeightExplainer::explain_data()
{
    QTest::addColumn<QuantizerSpec>("quantizer");
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<int>("element");
    QTest::addColumn<double>("code");
    QTest::addColumn<double>("scale");
    QTest::addColumn<double>("zeroPoint");
    QTest::addColumn<double>("snapped");
    QTest::addColumn<bool>("inRange");

    // Q4.3: s = 1/8; 2.93 * 8 = 23.44 -> 23 -> 2.875, residual 0.055.
    QTest::newRow("fixed Q4.3 rounds down") << spec("fixed", 8, 3) << std::vector<double> { 2.93 }
                                            << 0 << 23.0 << 0.125 << 0.0 << 2.875 << true;
    // 20 * 8 = 160 > 127: clamped to 15.875.
    QTest::newRow("fixed Q4.3 clamps") << spec("fixed", 8, 3) << std::vector<double> { 20.0 } << 0
                                       << 127.0 << 0.125 << 0.0 << 15.875 << false;
    // Symmetric 4-bit narrow: s = max|w| / 7 = 0.7 / 7 = 0.1; 0.26 / 0.1 = 2.6 -> 3.
    QTest::newRow("symmetric 4-bit") << spec("symmetric", 4) << std::vector<double> { 0.26, -0.7 }
                                     << 0 << 3.0 << 0.1 << 0.0 << 0.3 << true;
}

void TestWeightExplainer::explain()
{
    QFETCH(QuantizerSpec, quantizer);
    QFETCH(std::vector<double>, values);
    QFETCH(int, element);
    QFETCH(double, code);
    QFETCH(double, scale);
    QFETCH(double, zeroPoint);
    QFETCH(double, snapped);
    QFETCH(bool, inRange);
    const TensorSnapshot t = snapshotOf(quantizer, values);
    const WeightExplanation e = WeightExplainer::explain(t, 0, element);
    QVERIFY(e.valid && e.quantized);
    QCOMPARE(e.code, code);
    QVERIFY(qFuzzyCompare(e.scale, scale));
    QCOMPARE(e.zeroPoint, zeroPoint);
    QVERIFY(qFuzzyCompare(e.snapped, snapped));
    QCOMPARE(e.value, values[std::size_t(element)]);
    // The residual from the table's numbers (2.93 - 2.875 = 0.055, ...).
    QVERIFY(std::abs(e.residual - (values[std::size_t(element)] - snapped)) < 1e-12);
    QCOMPARE(e.inRange, inRange);
    QVERIFY(e.uniform);
    const QString text = WeightExplainer::text(e, QStringLiteral("run — w"));
    QVERIFY2(text.contains(QStringLiteral("= %1").arg(code)), qPrintable(text));
    QVERIFY2(text.contains(formatNumber(e.residual, 10)), qPrintable(text));
    QCOMPARE(text.contains(QStringLiteral("clamped")), !inRange);
    // Out of range elements explain nothing.
    QVERIFY(!WeightExplainer::explain(t, 1, 0).valid);
    QVERIFY(WeightExplainer::text(WeightExplainer::explain(t, 0, 99), QString()).isEmpty());
}

void TestWeightExplainer::notQuantized()
{
    TensorSnapshot t;
    t.values = Matrix::Constant(1, 1, 1.25);
    const WeightExplanation e = WeightExplainer::explain(t, 0, 0);
    QVERIFY(e.valid && !e.quantized);
    QCOMPARE(e.value, 1.25);
    QCOMPARE(e.residual, 0.0);
    const QString text = WeightExplainer::text(e, QStringLiteral("fp64 — w"));
    QVERIFY(text.contains(QStringLiteral("not quantized")));
    QVERIFY(!text.contains(QStringLiteral("code")));
}

// The explainer writes its numbers as the rest of the UI does (formatNumber): scientific
// below 1e-3, so a tiny weight reads the same in the tooltip as in the legends.
void TestWeightExplainer::numbersInTheUiFormat()
{
    TensorSnapshot t;
    t.values = Matrix::Constant(1, 1, 0.0003125);
    const QString text = WeightExplainer::text(WeightExplainer::explain(t, 0, 0), QString());
    QVERIFY2(text.contains(QStringLiteral("w = 3.125e-04")), qPrintable(text));
    // Q4.3 of 2.93: 0.055 from the grid point 2.875, 0.44 grid steps of 1/8.
    const TensorSnapshot q = snapshotOf(spec("fixed", 8, 3), { 2.93 });
    const QString steps = WeightExplainer::text(WeightExplainer::explain(q, 0, 0), QString());
    QVERIFY2(steps.contains(QStringLiteral("(0.44 grid steps)")), qPrintable(steps));
}

// Float and block formats say what the code's bits mean (the spec's decoding, by hand), and
// the block's scale; the integer grids need no such line.
void TestWeightExplainer::formatCodes()
{
    QuantizerSpec e4m3 = findQuantizer("float")->defaults;
    e4m3.format = "e4m3";
    // 1.25 = 1.010b x 2^0: exponent field 0 + bias 7 = 0111, mantissa 010.
    const QString f = WeightExplainer::text(
        WeightExplainer::explain(snapshotOf(e4m3, { 1.25, -0.1 }), 0, 0), QString());
    QVERIFY2(f.contains(QStringLiteral("E4M3: sign 0, exponent 0111, mantissa 010 → 1.25 × 2^0")),
        qPrintable(f));
    QuantizerSpec mx = findQuantizer("mx")->defaults;
    mx.element = "e2m1";
    // amax 3: e = floor(log2 3) - emax(e2m1) = 1 - 2 = -1, X = 1/2; 0.75 / X = 1.5 =
    // 1.1b x 2^0 (E2M1 bias 1: exponent field 01, mantissa 1).
    const WeightExplanation b = WeightExplainer::explain(snapshotOf(mx, { 0.75, 3.0 }), 0, 0);
    QCOMPARE(b.snapped, 0.75);
    QCOMPARE(b.codeMeaning,
        QStringLiteral("E2M1: sign 0, exponent 01, mantissa 1 -> 1.5 x 2^0; block 0 scale 2^-1"));
    const WeightExplanation i
        = WeightExplainer::explain(snapshotOf(spec("symmetric", 4), { 0.26, -0.7 }), 0, 0);
    QVERIFY(i.codeMeaning.isEmpty());
}

// A step learned by LSQ is named so, with its value (from a real ste run's snapshot); a
// min/max scale keeps the plain line.
void TestWeightExplainer::learnedStep()
{
    ExperimentSpec spec = findPreset("lsq")->spec;
    spec.training.epochs = 2;
    Experiment e(spec, loadDataset(spec.dataset, ""));
    RecordLog log;
    e.run(log, {}, 1);
    // Keep the snapshots alive: snapshot() returns by value, and a reference into a
    // temporary's tensors dangles (AddressSanitizer caught it in CI).
    const WeightSnapshot learned = e.snapshot(4); // sym2-lsq
    const TensorSnapshot& lsq = learned.tensors.at(0); // layers.0.weight
    QCOMPARE(int(lsq.learn), int(LearnMode::Lsq));
    const WeightExplanation x = WeightExplainer::explain(lsq, 0, 0);
    QVERIFY(x.learned);
    const QString text = WeightExplainer::text(x, QString());
    QVERIFY2(text.contains(QStringLiteral("step s = %1, learned (LSQ)")
                               .arg(formatNumber(lsq.quant.scale.at(0), 10))),
        qPrintable(text));
    const WeightSnapshot minmax = e.snapshot(3); // sym2-minmax
    const QString plain
        = WeightExplainer::text(WeightExplainer::explain(minmax.tensors.at(0), 0, 0), QString());
    QVERIFY2(plain.contains(QStringLiteral("scale s = ")) && !plain.contains("learned"),
        qPrintable(plain));
}

QTEST_APPLESS_MAIN(TestWeightExplainer)
#include "tst_weight_explainer.moc"
