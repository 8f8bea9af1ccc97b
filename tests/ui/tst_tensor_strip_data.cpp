// TensorStripData against hand-computed tables: block-scaled tensors (mx, nvfp4) resolve to
// their blocks, each with its own scale and grid (the spec's E8M0 exponent by hand), and
// float formats keep the number line near the weights with one bin per representable
// value, saying when there are too many to draw.

#include "core/quant/float_format.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"
#include "ui/views/tensor_strip_data.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

// One run's snapshot holding `w` as a ste run snapshots it: latent w, values Q(w), the
// quantizer's state and levels, the quantizer itself.
LiveSnapshot snapshotOf(const QuantizerSpec& q, const Matrix& w)
{
    TensorSnapshot t;
    t.name = "layers.0.weight";
    t.shape = { w.rows(), w.cols() };
    t.latent = w;
    Rng rng(1);
    t.quantizer = createQuantizer(q);
    t.quantizer->quantize(w, t.values, t.quant, rng);
    t.quantized = true;
    for (Index c = 0; c < t.quant.channels(); ++c)
        t.levels.push_back(t.quantizer->levels(t.quant, c));
    WeightSnapshot ws;
    ws.run = 0;
    ws.tensors.push_back(std::move(t));
    LiveSnapshot s;
    s.weights.push_back(std::move(ws));
    return s;
}

Matrix rows(std::initializer_list<std::initializer_list<double>> values)
{
    Matrix m(static_cast<Index>(values.size()), static_cast<Index>(values.begin()->size()));
    Index r = 0;
    for (const auto& row : values) {
        Index c = 0;
        for (double v : row)
            m(r, c++) = v;
        ++r;
    }
    return m;
}

std::vector<double> scaled(const std::vector<double>& values, double s)
{
    std::vector<double> out;
    for (double v : values)
        out.push_back(v * s + 0.0);
    return out;
}

const std::vector<double> kE2m1 = { -6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6 };

} // namespace

class TestTensorStripData : public QObject {
    Q_OBJECT
private slots:
    void mxBlocks_data();
    void mxBlocks();
    void mxWholeTensor();
    void nvfp4BlockScale();
    void floatNumberLine_data();
    void floatNumberLine();
    void integerGridUnchanged();
};

// MXFP4 with blocks of 4 along rows of 10: three blocks per row, the last one short. Block
// scale X = 2^e, e = floor(log2(amax)) - 2 (e2m1's emax), E8M0 code e + 127.
const Matrix kMx = rows({ { 0.1, -0.3, 0.7, 0.2, 3.0, 1.0, -0.5, 0.25, 0.05, 0.0 },
    { 1.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.01, -0.02 } });

void TestTensorStripData::mxBlocks_data()
{
    QTest::addColumn<int>("block");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("exponent");
    // amax 0.7: floor(log2 0.7) = -1, e = -3.
    QTest::newRow("row 0 block 0") << 0 << 0 << 0 << 3 << -3;
    // amax 3: e = 1 - 2 = -1.
    QTest::newRow("row 0 block 1") << 1 << 0 << 4 << 7 << -1;
    // The short last block, amax 0.05: floor(log2 0.05) = -5, e = -7.
    QTest::newRow("row 0 short block 2") << 2 << 0 << 8 << 9 << -7;
    // amax 4: e = 0.
    QTest::newRow("row 1 block 0") << 3 << 1 << 0 << 3 << 0;
    // All zeros: X = 1.
    QTest::newRow("row 1 zero block 1") << 4 << 1 << 4 << 7 << 0;
    // amax 0.02: floor(log2 0.02) = -6, e = -8.
    QTest::newRow("row 1 short block 2") << 5 << 1 << 8 << 9 << -8;
}

void TestTensorStripData::mxBlocks()
{
    QFETCH(int, block);
    QFETCH(int, row);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, exponent);
    QuantizerSpec q = findQuantizer("mx")->defaults;
    q.element = "e2m1";
    q.block = 4;
    const LiveSnapshot snap = snapshotOf(q, kMx);
    const TensorStripData d = TensorStripData::build(snap, LevelChangeCounter {}, 0, 0, 0, block);
    QCOMPARE(d.blockSize, Index(4));
    QCOMPARE(d.blocksPerRow, Index(3));
    QCOMPARE(d.blockCount(), 6);
    QCOMPARE(d.block, block);
    QCOMPARE(d.bandRow, Index(row));
    // Only the block's weights are drawn...
    QCOMPARE(int(d.values.size()), last - first + 1);
    for (std::size_t i = 0; i < d.values.size(); ++i) {
        QCOMPARE(d.rows[i], Index(row));
        QCOMPARE(d.cols[i], Index(first) + Index(i));
        QCOMPARE(d.values[i], kMx(row, first + Index(i)));
    }
    // ...over the block's own grid: the e2m1 values times its scale (all zeros: {0} x 1).
    const double scale = std::ldexp(1.0, exponent);
    std::vector<double> grid = scaled(kE2m1, scale);
    QCOMPARE(d.levels, grid);
    QCOMPARE(d.counts.size(), grid.size());
    // One bin per level, each weight at the level it snapped to.
    int sum = 0;
    for (std::size_t i = 0; i < d.counts.size(); ++i) {
        int expected = 0;
        for (double s : d.snapped)
            expected += s == grid[i];
        QCOMPARE(d.counts[i], expected);
        sum += d.counts[i];
    }
    QCOMPARE(sum, last - first + 1);
    // The band: the block's row, every block's scale and its E8M0 code.
    QCOMPARE(d.bandValues.size(), std::size_t(10));
    QCOMPARE(d.bandValues[3], kMx(row, 3));
    QCOMPARE(d.bandScales.size(), std::size_t(3));
    const auto b = static_cast<std::size_t>(block % 3);
    QCOMPARE(d.bandScales[b], scale);
    QCOMPARE(d.bandScaleTexts[b],
        QStringLiteral("2^%1 (E8M0 code %2)").arg(exponent).arg(exponent + 127));
    QCOMPARE(d.bandShortScales[b], QStringLiteral("2^%1").arg(exponent));
    QCOMPARE(d.blockFirstColumn(Index(b)), Index(first));
    QCOMPARE(d.blockLastColumn(Index(b), 10), Index(last));
}

void TestTensorStripData::mxWholeTensor()
{
    QuantizerSpec q = findQuantizer("mx")->defaults;
    q.element = "e2m1";
    q.block = 4;
    const LiveSnapshot snap = snapshotOf(q, kMx);
    // No block chosen (or one out of range): every weight, over the union of the grids.
    for (int block : { -1, 6, 100 }) {
        const TensorStripData d
            = TensorStripData::build(snap, LevelChangeCounter {}, 0, 0, 0, block);
        QCOMPARE(d.block, -1);
        QCOMPARE(d.values.size(), std::size_t(20));
        QCOMPARE(d.levels, snap.weights[0].tensors[0].levels[0]);
        QCOMPARE(d.bandRow, Index(0));
        QCOMPARE(d.bandScales, (std::vector<double> { 0.125, 0.5, std::ldexp(1.0, -7) }));
    }
    // A tensor without blocks has no band.
    const TensorStripData plain = TensorStripData::build(
        snapshotOf(findQuantizer("symmetric")->defaults, kMx), LevelChangeCounter {}, 0, 0, 0, 2);
    QCOMPARE(plain.blockSize, Index(0));
    QCOMPARE(plain.block, -1);
    QVERIFY(plain.bandValues.empty());
    QCOMPARE(plain.values.size(), std::size_t(20));
}

// NVFP4: s_t = amax_tensor / (6 * 448), s_b = e4m3(amax_b / 6 / s_t).
void TestTensorStripData::nvfp4BlockScale()
{
    QuantizerSpec q = findQuantizer("nvfp4")->defaults;
    q.block = 2;
    const Matrix w = rows({ { 6.0, -1.0, 0.3, 0.1 } });
    const LiveSnapshot snap = snapshotOf(q, w);
    const TensorStripData d = TensorStripData::build(snap, LevelChangeCounter {}, 0, 0, 0, 1);
    const double st = 6.0 / (6 * 448);
    const FloatFormat& e4m3 = *findFloatFormat("e4m3");
    const double sb = e4m3.encode(0.3 / 6 / st).value;
    QCOMPARE(d.bandScales[1], sb);
    QCOMPARE(d.levels, scaled(kE2m1, sb * st));
    QVERIFY2(d.bandScaleTexts[1].contains(QStringLiteral("E4M3: sign 0")),
        qPrintable(d.bandScaleTexts[1]));
    QVERIFY2(d.bandScaleTexts[1].contains(QStringLiteral("→")), qPrintable(d.bandScaleTexts[1]));
    QVERIFY2(d.bandScaleTexts[1].contains(QStringLiteral("× tensor scale")),
        qPrintable(d.bandScaleTexts[1]));
}

void TestTensorStripData::floatNumberLine_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("amplitude");
    QTest::addColumn<bool>("tooDense");
    // bf16 holds ~32,500 values in [-1, 1]: the line stays near the weights, no bar each.
    QTest::newRow("bf16") << "bf16" << 0.5 << true;
    // e4m3 without scaling: 253 values over [-448, 448], the line near the weights' [-1, 1].
    QTest::newRow("e4m3") << "e4m3" << 1.0 << false;
    QTest::newRow("e2m1") << "e2m1" << 1.0 << false;
}

void TestTensorStripData::floatNumberLine()
{
    QFETCH(QString, format);
    QFETCH(double, amplitude);
    QFETCH(bool, tooDense);
    QuantizerSpec q = findQuantizer("float")->defaults;
    q.format = format.toStdString();
    Matrix w(4, 16);
    for (Index k = 0; k < w.size(); ++k)
        w.data()[k] = amplitude * std::sin(0.7 * double(k) + 0.3);
    const LiveSnapshot snap = snapshotOf(q, w);
    const TensorStripData d = TensorStripData::build(snap, LevelChangeCounter {}, 0, 0, 0);
    // One bin per representable value, whatever the count.
    const std::vector<double> all = findFloatFormat(format.toStdString())->finiteValues();
    QCOMPARE(d.levels, all);
    QCOMPARE(d.counts.size(), all.size());
    // The line covers the weights and at most a few levels beyond them, never the format's
    // whole range stepped by its average gap (bf16's is ~1e34).
    QVERIFY2(
        d.x0 >= -2.5 * amplitude && d.x0 < -amplitude * 0.9, qPrintable(QString::number(d.x0)));
    QVERIFY2(d.x1 <= 2.5 * amplitude && d.x1 > amplitude * 0.9, qPrintable(QString::number(d.x1)));
    std::size_t inView = 0;
    for (double v : all)
        inView += v >= d.x0 && v <= d.x1;
    QCOMPARE(d.levelsInView, inView);
    QCOMPARE(d.tooDense, tooDense);
    QCOMPARE(d.tooDense, inView > kMaxDrawnLevels);
}

// The integer grids keep their whole clamp range in view and every level drawn.
void TestTensorStripData::integerGridUnchanged()
{
    QuantizerSpec q = findQuantizer("symmetric")->defaults;
    q.bits = 4;
    const Matrix w = rows({ { -0.7, -0.2, 0.0, 0.35, 0.7 } });
    const TensorStripData d
        = TensorStripData::build(snapshotOf(q, w), LevelChangeCounter {}, 0, 0, 0);
    QCOMPARE(d.levels.size(), std::size_t(15));
    QVERIFY(d.x0 < -0.7 && d.x1 > 0.7);
    QCOMPARE(d.levelsInView, std::size_t(15));
    QVERIFY(!d.tooDense);
}

QTEST_MAIN(TestTensorStripData)
#include "tst_tensor_strip_data.moc"
