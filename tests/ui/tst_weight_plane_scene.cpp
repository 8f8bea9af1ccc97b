// WeightPlaneScene and WeightPlaneSurface: what the weight plane draws, computed from a
// hand-made history without painting: traces, the shared lattice with its clamp range and
// label, the view range (a margin around the data, only growing), and the loss surface's
// heat image and contour lines.

#include "core/quant/float_format.h"
#include "ui/run_history.h"
#include "ui/views/weight_plane_scene.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

QuantizerSpec quantizer(TrainingMode mode)
{
    QuantizerSpec q;
    q.scheme = "fixed_point";
    q.bits = 3;
    q.fracBits = 1;
    q.mode = mode;
    return q;
}

Record record(int run, std::int64_t step, double w, double b, std::vector<Scalar> latent = {})
{
    Record r;
    r.run = run;
    r.step = step;
    r.point = { w, b };
    r.latentPoint = std::move(latent);
    return r;
}

// A quantized 1 x 1 tensor with the grid k/2, k = -4..3 (3 bits, 1 fraction bit).
TensorSnapshot scalarTensor(const char* name, double value)
{
    TensorSnapshot t;
    t.name = name;
    t.shape = { 1 };
    t.values = Matrix::Constant(1, 1, value);
    t.quantized = true;
    t.quant.scale = { 0.5 };
    t.quant.zeroPoint = { 0.0 };
    t.quant.codes = Matrix::Constant(1, 1, value * 2);
    t.quant.qmin = -4;
    t.quant.qmax = 3;
    t.levels = { { -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5 } };
    return t;
}

// Three runs: full precision gliding from (0, 0) to (1, 0.5); rounding after the update,
// hopping to (0.5, 0.5) and staying there for 12 records; an STE run whose latent point
// glides while the model uses its rounding.
struct ThreeRuns {
    RunHistory history;
    std::vector<std::optional<QuantizerSpec>> quantizers { std::nullopt,
        quantizer(TrainingMode::PostUpdate), quantizer(TrainingMode::Ste) };

    ThreeRuns()
    {
        history.reset({ QStringLiteral("fp64"), QStringLiteral("post"), QStringLiteral("ste") });
        std::vector<Record> records;
        for (int s = 0; s <= 20; ++s) {
            const double t = s / 20.0;
            records.push_back(record(0, s, t, 0.5 * t));
            records.push_back(record(1, s, s < 8 ? 0.0 : 0.5, s < 8 ? 0.0 : 0.5));
            records.push_back(record(2, s, 0.5, 0.0, { 0.4 + 0.1 * t, 0.1 * t }));
        }
        history.append(records);
        LiveSnapshot snap;
        snap.step = 20;
        for (int run = 1; run <= 2; ++run) {
            WeightSnapshot w;
            w.run = run;
            w.step = 20;
            w.tensors = { scalarTensor("w", 0.5), scalarTensor("b", run == 1 ? 0.5 : 0.0) };
            snap.weights.push_back(w);
        }
        history.setSnapshot(snap);
    }
};

} // namespace

class TestWeightPlaneScene : public QObject {
    Q_OBJECT
private slots:
    void traces();
    void sharedLattice();
    void viewRangeHasAMarginAndOnlyGrows();
    void surfaceContoursFollowTheLevels();
    void emptySurfaceDrawsNothing();
    void floatLatticeDenserNearZero();
    void evenLatticeLinesOrBand();
    void stepRangeInView();
};

void TestWeightPlaneScene::traces()
{
    ThreeRuns f;
    const WeightPlaneScene scene = WeightPlaneScene::build(f.history, f.quantizers, {});
    QCOMPARE(scene.step, std::int64_t(20));
    QCOMPARE(scene.traces.size(), std::size_t(3));
    const auto& fp = scene.traces[0];
    QVERIFY(!fp.quantized && !fp.latent);
    QCOMPARE(fp.path.size(), std::size_t(21));
    QCOMPARE(fp.path.front(), QPointF(0, 0));
    QCOMPARE(fp.current, QPointF(1.0, 0.5));
    QCOMPARE(fp.description, QStringLiteral("full precision: glides downhill"));
    QCOMPARE(fp.color, f.history.run(0).color);

    // Rounding after the update: still at (0.5, 0.5) since step 8 (13 records >= 10).
    const auto& post = scene.traces[1];
    QVERIFY(post.quantized && !post.latent);
    QCOMPARE(post.current, QPointF(0.5, 0.5));
    QCOMPARE(post.description,
        QStringLiteral("rounds after each update: hops, then stalls (still since step 8)"));

    // STE: the latent path is drawn; the current point is the one the model uses.
    const auto& ste = scene.traces[2];
    QVERIFY(ste.quantized && ste.latent);
    QCOMPARE(ste.path.front(), QPointF(0.4, 0.0));
    QCOMPARE(ste.currentLatent, QPointF(0.5, 0.1));
    QCOMPARE(ste.current, QPointF(0.5, 0.0));
    QVERIFY(ste.hasCurrent);
    QCOMPARE(ste.description, QStringLiteral("STE: latent ○ glides, the model uses ■"));
}

void TestWeightPlaneScene::sharedLattice()
{
    ThreeRuns f;
    const WeightPlaneScene scene = WeightPlaneScene::build(f.history, f.quantizers, {});
    // Both quantized runs use the same grid: one lattice, named after both.
    QCOMPARE(scene.lattices.size(), std::size_t(1));
    const auto& l = scene.lattices.front();
    QCOMPARE(l.runs, std::vector<int>({ 1, 2 }));
    QCOMPARE(l.label, QStringLiteral("grid of post, ste"));
    QCOMPARE(l.xs.size(), std::size_t(8));
    QCOMPARE(l.xMin, -2.0);
    QCOMPARE(l.xMax, 1.5);
    QCOMPARE(l.yMin, -2.0);
    QCOMPARE(l.yMax, 1.5);
    // The view (see the next test) is [-0.12, 1.12] x [-0.06, 0.56]: levels 0, 0.5, 1 in w and
    // 0, 0.5 in b; the clamp range [-2, 1.5] lies beyond it.
    QCOMPARE(scene.visibleLevelsX(0), std::vector<double>({ 0.0, 0.5, 1.0 }));
    QCOMPARE(scene.visibleLevelsY(0), std::vector<double>({ 0.0, 0.5 }));
    QVERIFY(!scene.clampVisible(0));
    QVERIFY(scene.visibleLevelsX(1).empty());

    // One run alone keeps its own colour.
    f.quantizers[2].reset();
    LiveSnapshot snap = f.history.snapshot();
    snap.weights.pop_back();
    f.history.setSnapshot(snap);
    const WeightPlaneScene one = WeightPlaneScene::build(f.history, f.quantizers, {});
    QCOMPARE(one.lattices.size(), std::size_t(1));
    QCOMPARE(one.lattices.front().color, f.history.run(1).color);
    QCOMPARE(one.lattices.front().label, QStringLiteral("grid of post"));
}

void TestWeightPlaneScene::viewRangeHasAMarginAndOnlyGrows()
{
    ThreeRuns f;
    const WeightPlaneScene scene = WeightPlaneScene::build(f.history, f.quantizers, {});
    // Data: w in [0, 1], b in [0, 0.5] (every path point and current point); neither side
    // is shorter than max(0.4 * 1, 0.25) = 0.4. Then 12 % either side: w [-0.12, 1.12],
    // b [-0.06, 0.56].
    const QRectF r = scene.range;
    QVERIFY2(std::abs(r.left() + 0.12) < 1e-12, qPrintable(QString::number(r.left())));
    QVERIFY(std::abs(r.right() - 1.12) < 1e-12);
    QVERIFY(std::abs(r.top() + 0.06) < 1e-12);
    QVERIFY(std::abs(r.bottom() - 0.56) < 1e-12);

    // A larger previous view that still holds the data is kept.
    const QRectF wide(-3, -3, 6, 6);
    QCOMPARE(WeightPlaneScene::build(f.history, f.quantizers, wide).range, wide);
    // One that does not hold it is replaced.
    const QRectF small(0, 0, 0.5, 0.5);
    QCOMPARE(WeightPlaneScene::build(f.history, f.quantizers, small).range, r);

    // No record yet: no view.
    RunHistory empty;
    empty.reset({ QStringLiteral("fp64") });
    QVERIFY(WeightPlaneScene::build(empty, { std::nullopt }, {}).range.isEmpty());
}

void TestWeightPlaneScene::surfaceContoursFollowTheLevels()
{
    // loss = 10^x over x in [0, 1]: log10(loss) = x, so the 13 contour levels k/14 are
    // vertical lines at w = k/14.
    LossSurface s;
    s.size = 15;
    s.x0 = 0;
    s.x1 = 1;
    s.y0 = -1;
    s.y1 = 1;
    for (int i = 0; i < s.size; ++i)
        for (int j = 0; j < s.size; ++j)
            s.values.push_back(std::pow(10.0, j / 14.0));
    const WeightPlaneSurface out = WeightPlaneSurface::build(s);
    QCOMPARE(out.heat.size(), QSize(15, 15));
    QVERIFY(std::abs(out.lossMin - 1.0) < 1e-9);
    QVERIFY(std::abs(out.lossMax - 10.0) < 1e-6);
    // Low loss on the left (cream), high on the right (slate blue).
    QCOMPARE(out.heat.pixelColor(0, 7).rgb(), WeightPlaneSurface::heatColor(0.0).rgb());
    QCOMPARE(out.heat.pixelColor(14, 7).rgb(), WeightPlaneSurface::heatColor(1.0).rgb());
    QCOMPARE(out.contours.size(), std::size_t(13 * 14)); // 13 levels x 14 cell rows
    for (const QLineF& c : out.contours) {
        QVERIFY(std::abs(c.x1() - c.x2()) < 1e-6);
        const double k = c.x1() * 14;
        QVERIFY2(std::abs(k - std::round(k)) < 1e-6, qPrintable(QString::number(c.x1())));
        QVERIFY(std::abs(std::abs(c.y2() - c.y1()) - 2.0 / 14) < 1e-9);
    }
}

void TestWeightPlaneScene::emptySurfaceDrawsNothing()
{
    QVERIFY(WeightPlaneSurface::build(LossSurface {}).heat.isNull());
    LossSurface nan;
    nan.size = 2;
    nan.values.assign(4, std::nan(""));
    const WeightPlaneSurface out = WeightPlaneSurface::build(nan);
    QVERIFY(out.heat.isNull());
    QVERIFY(out.contours.empty());
}

namespace {
std::vector<double> within(const std::vector<double>& levels, double lo, double hi)
{
    std::vector<double> out;
    for (double v : levels)
        if (v >= lo && v <= hi)
            out.push_back(v);
    return out;
}
} // namespace

// FP8 E4M3's levels halve their step with every binade towards zero. At 100 px per unit the
// steps are 25 px in [2, 4), 12.5 in [1, 2), 6.25, 3.125 down to 0.25, then 1.56 px: lines
// everywhere outside [-0.25, 0.25], one shaded band inside (not the whole lattice dropped
// because some levels crowd, as before).
void TestWeightPlaneScene::floatLatticeDenserNearZero()
{
    const std::vector<double> levels = within(findFloatFormat("e4m3")->finiteValues(), -1.0, 3.5);
    const auto drawn = WeightPlaneScene::levelLines(levels, 100.0);
    QCOMPARE(drawn.dense.size(), std::size_t(1));
    QCOMPARE(drawn.dense.front().first, -0.25);
    QCOMPARE(drawn.dense.front().second, 0.25);
    std::vector<double> outside;
    for (double v : levels)
        if (std::abs(v) > 0.25)
            outside.push_back(v);
    QCOMPARE(drawn.lines, outside);
    // Denser near zero: the gap between drawn lines never shrinks going outwards.
    double previous = 0;
    for (std::size_t i = 1; i < drawn.lines.size(); ++i) {
        if (drawn.lines[i - 1] < 0.25)
            continue;
        const double gap = drawn.lines[i] - drawn.lines[i - 1];
        QVERIFY(gap >= previous);
        previous = gap;
    }
    QCOMPARE(previous, 0.25); // [2, 4)
    // bf16 near w = 3 (the bf16-master lesson's seed): its 2^-6 steps are lines at 200 px
    // per unit, everything from 2 down through 0 is one band.
    const auto bf16 = WeightPlaneScene::levelLines(
        within(findFloatFormat("bf16")->finiteValues(), -0.5, 3.5), 200.0);
    QCOMPARE(bf16.dense.size(), std::size_t(1));
    QCOMPARE(bf16.dense.front().first, -0.5);
    QCOMPARE(bf16.dense.front().second, 2.0);
    QCOMPARE(bf16.lines.front(), 2.015625);
    QCOMPARE(bf16.lines.back(), 3.5);
    QCOMPARE(bf16.lines.size(), std::size_t(96));
}

// An even grid (Q4.3: k/8) is all lines when its step is at least 3 px, one band otherwise.
void TestWeightPlaneScene::evenLatticeLinesOrBand()
{
    std::vector<double> levels;
    for (int k = -16; k <= 16; ++k)
        levels.push_back(k / 8.0);
    const auto wide = WeightPlaneScene::levelLines(levels, 40.0); // 5 px apart
    QCOMPARE(wide.lines, levels);
    QVERIFY(wide.dense.empty());
    const auto narrow = WeightPlaneScene::levelLines(levels, 16.0); // 2 px apart
    QVERIFY(narrow.lines.empty());
    QCOMPARE(narrow.dense.size(), std::size_t(1));
    QCOMPARE(narrow.dense.front(), std::make_pair(-2.0, 2.0));
}

void TestWeightPlaneScene::stepRangeInView()
{
    const std::vector<double> e4m3 = findFloatFormat("e4m3")->finiteValues();
    QCOMPARE(WeightPlaneScene::stepRange(e4m3, 1.0, 3.5), std::make_pair(0.125, 0.25));
    QCOMPARE(WeightPlaneScene::stepRange(e4m3, 0.5, 0.9), std::make_pair(0.0625, 0.0625));
    std::vector<double> q43;
    for (int k = -64; k <= 63; ++k)
        q43.push_back(k / 8.0);
    QCOMPARE(WeightPlaneScene::stepRange(q43, -1.0, 1.0), std::make_pair(0.125, 0.125));
    QCOMPARE(WeightPlaneScene::stepRange(q43, 0.01, 0.1), std::make_pair(0.0, 0.0));
}

QTEST_MAIN(TestWeightPlaneScene)
#include "tst_weight_plane_scene.moc"
