// The Weights tab end to end on the offscreen platform: the seed preset through MainWindow
// draws the Q4.3 lattice at k/8, the rounding-after-update path on lattice points, a
// tooltip that explains a weight, one histogram bin per level; exports read back. The
// moons MLP shows strips with one bin per 4-bit level. Set TST_WEIGHTS_OUT to keep the
// exported files.

#include "ui/main_window.h"
#include "ui/text_format.h"
#include "ui/views/tensor_strip_widget.h"
#include "ui/views/weight_explainer.h"
#include "ui/views/weight_plane_widget.h"
#include "ui/views/weights_view.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QImageReader>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

WeightsView* openWeightsTab(MainWindow& w)
{
    WeightsView* view = w.findChild<WeightsView*>();
    auto* tabs = w.findChild<QTabWidget*>();
    if (view && tabs)
        tabs->setCurrentWidget(view);
    return view;
}

bool runToEnd(MainWindow& w)
{
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    if (!ended.wait(120000) && ended.isEmpty())
        return false;
    w.refreshViews(true);
    return true;
}

QString outDir(const QTemporaryDir& tmp)
{
    const QString keep = qEnvironmentVariable("TST_WEIGHTS_OUT");
    return keep.isEmpty() ? tmp.path() : keep;
}

const WeightSnapshot* snapshotOf(const RunHistory& h, int run)
{
    for (const WeightSnapshot& s : h.snapshot().weights)
        if (s.run == run)
            return &s;
    return nullptr;
}

// The index of the tensor named `name` in snap, -1 when it has none.
int tensorNamed(const WeightSnapshot& snap, const std::string& name)
{
    for (std::size_t t = 0; t < snap.tensors.size(); ++t)
        if (snap.tensors[t].name == name)
            return int(t);
    return -1;
}

// Shows w, opens `preset` with `epochs` and these hidden layers, opens the Weights tab and
// trains to the end; the tab, or nullptr when a step failed.
WeightsView* trainPreset(
    MainWindow& w, const QString& preset, std::int64_t epochs, const std::vector<int>& hidden)
{
    w.resize(1400, 900);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w) || !w.openPreset(preset))
        return nullptr;
    ExperimentSpec spec = w.panel()->spec();
    spec.training.epochs = epochs;
    spec.model.hidden = hidden;
    w.panel()->setSpec(spec);
    WeightsView* view = openWeightsTab(w);
    return view && runToEnd(w) ? view : nullptr;
}

bool onGrid(double v, double step)
{
    return std::abs(v / step - std::round(v / step)) < 1e-9;
}

// Writes both formats of chart `index` and reads them back; returns the SVG text.
QString exportAndRead(WeightsView* view, int index, const QString& dir)
{
    const QString stem = dir + QLatin1Char('/') + view->chartNames().at(index);
    QString error;
    if (!view->exportChart(index, stem + QStringLiteral(".png"), &error))
        return QStringLiteral("png failed: ") + error;
    if (!view->exportChart(index, stem + QStringLiteral(".svg"), &error))
        return QStringLiteral("svg failed: ") + error;
    QImageReader reader(stem + QStringLiteral(".png"));
    const QImage image = reader.read();
    if (image.isNull() || image.width() < 1200)
        return QStringLiteral("png unreadable or not at 2x");
    QSvgRenderer svg(stem + QStringLiteral(".svg"));
    if (!svg.isValid())
        return QStringLiteral("svg invalid");
    QFile f(stem + QStringLiteral(".svg"));
    f.open(QIODevice::ReadOnly);
    return QString::fromUtf8(f.readAll());
}

} // namespace

class TestWeightsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void seedPlane();
    void moonsStrips();
    void perChannelStrips();
    void blockFormatStrips();
    void largeTensorDrawsEveryNthDot();
    void bf16Strips();
    void nvfp4Strips();
};

void TestWeightsView::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_weights_view"));
}

void TestWeightsView::seedPlane()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    WeightsView* view = openWeightsTab(w);
    QVERIFY(view);
    QCOMPARE(view->title(), QStringLiteral("Weights"));
    QVERIFY(runToEnd(w));
    QVERIFY(view->planeAvailable());
    QCOMPARE(view->chartNames(), QStringList({ "weights-plane", "weights-strips" }));
    view->showPlane(true);
    QCOMPARE(view->currentChart(), 0);
    WeightPlaneWidget* plane = view->plane();
    // The loss surface was asked for by the view and computed by the worker.
    QTRY_VERIFY_WITH_TIMEOUT(plane->hasSurface(), 30000);
    const RunHistory& h = w.history();
    QCOMPARE(h.runCount(), 4);

    // One lattice shared by the three Q4.3 runs: lines at k/8 across the view, clamp range
    // [-16, 15.875].
    QCOMPARE(plane->lattices().size(), std::size_t(1));
    const WeightPlaneWidget::Lattice& lat = plane->lattices().front();
    QCOMPARE(lat.runs, std::vector<int>({ 1, 2, 3 }));
    QCOMPARE(lat.xMin, -16.0);
    QCOMPARE(lat.xMax, 15.875);
    QCOMPARE(lat.xs.size(), std::size_t(256));
    const QRectF range = plane->viewRange();
    std::vector<double> expectX, expectY;
    for (int k = int(std::ceil(range.left() * 8)); k <= int(std::floor(range.right() * 8)); ++k)
        expectX.push_back(k / 8.0);
    for (int k = int(std::ceil(range.top() * 8)); k <= int(std::floor(range.bottom() * 8)); ++k)
        expectY.push_back(k / 8.0);
    QCOMPARE(plane->visibleLevelsX(0), expectX);
    QCOMPARE(plane->visibleLevelsY(0), expectY);
    QVERIFY(expectX.size() >= 8 && expectX.size() < 200); // zoomed to the data, not [-16, 16]

    // Every trajectory lies inside the view; the rounding-after-update path only visits
    // lattice points and ends standing still; the STE run draws its latent path.
    const auto& traces = plane->traces();
    QCOMPARE(traces.size(), std::size_t(4));
    for (const auto& t : traces) {
        QVERIFY(!t.path.empty());
        for (const QPointF& p : t.path)
            QVERIFY(range.contains(p));
    }
    const auto& post = traces[1];
    QVERIFY(post.quantized && !post.latent);
    QCOMPARE(post.path.size(), h.run(1).trajectory.size());
    for (const QPointF& p : post.path)
        QVERIFY2(onGrid(p.x(), 0.125) && onGrid(p.y(), 0.125),
            qPrintable(QStringLiteral("(%1, %2)").arg(p.x()).arg(p.y())));
    QCOMPARE(post.path.back(), post.path[post.path.size() - 2]);
    const auto& ste = traces[3];
    QVERIFY(ste.latent);
    QCOMPARE(ste.path.size(), h.run(3).latentTrajectory.size());
    QVERIFY(onGrid(ste.current.x(), 0.125) && onGrid(ste.current.y(), 0.125));
    QCOMPARE(ste.currentLatent.x(), h.run(3).latentTrajectory.back()[0]);
    QCOMPARE(traces[0].current.x(), h.run(0).trajectory.back()[0]);
    QVERIFY(plane->legendTexts().contains(QStringLiteral("Q4.3-nearest")));

    // The drawing: the STE run's current point is a square in its colour (drawn last).
    const QImage shown = plane->grab().toImage();
    const QPoint at = plane->toPixel(ste.current).toPoint();
    QCOMPARE(shown.pixelColor(at * shown.devicePixelRatio()).rgb(), h.run(3).color.rgb());

    // Hover the STE run's latent point: the tooltip explains w with numbers that satisfy
    // value = scale * (q - zp) and residual = latent - snapped.
    const QString text = plane->hoverText(plane->toPixel(ste.currentLatent));
    QVERIFY2(text.contains(QStringLiteral("Q4.3-ste")), qPrintable(text));
    const WeightSnapshot* snap = snapshotOf(h, 3);
    QVERIFY(snap);
    const WeightExplanation e = WeightExplainer::explain(snap->tensors.front(), 0, 0);
    QVERIFY(e.quantized);
    QCOMPARE(e.scale, 0.125);
    QCOMPARE(e.zeroPoint, 0.0);
    QCOMPARE(e.scale * (e.code - e.zeroPoint), e.snapped);
    // The snapshot's numbers agree with the last record's (latent and used point).
    QCOMPARE(e.value, ste.currentLatent.x());
    QCOMPARE(e.snapped, ste.current.x());
    QCOMPARE(e.residual, ste.currentLatent.x() - ste.current.x());
    QVERIFY(std::abs(e.residual) <= 0.0625);
    QVERIFY2(text.contains(QStringLiteral("code q = round(w / s + z) = %1").arg(e.code)),
        qPrintable(text));
    QVERIFY2(text.contains(formatNumber(e.residual, 10)), qPrintable(text));
    QVERIFY2(text.contains(formatNumber(e.value, 10)), qPrintable(text));
    // The y axis is the bias: its half of the tooltip says b, not w.
    const QString bias = text.section(QStringLiteral("<hr>"), 1);
    QVERIFY2(bias.contains(QStringLiteral("bias b = ")), qPrintable(bias));
    QVERIFY2(bias.contains(QStringLiteral("code q = round(b / s + z) = ")), qPrintable(bias));
    QVERIFY2(bias.contains(QStringLiteral("rounding residual b − Q(b) = ")), qPrintable(bias));
    QVERIFY2(!bias.contains(QLatin1Char('w')), qPrintable(bias));
    QVERIFY2(text.section(QStringLiteral("<hr>"), 0, 0).contains(QStringLiteral("weight w = ")),
        qPrintable(text));
    QVERIFY(plane->hoverText(QPointF(2, 2)).isEmpty());

    // The strips of the seed: 8-bit fixed point has exactly 2^8 bins, one per level.
    view->selectStrip(1, 0);
    QCOMPARE(view->currentChart(), 1);
    TensorStripWidget* strips = view->strips();
    QCOMPARE(strips->levels().size(), std::size_t(256));
    QCOMPARE(strips->histogram().size(), std::size_t(256));
    QCOMPARE(strips->weightCount(), 1);
    QCOMPARE(strips->clampMin(), -16.0);
    QCOMPARE(strips->clampMax(), 15.875);

    QTemporaryDir tmp;
    const QString dir = outDir(tmp);
    if (!qEnvironmentVariable("TST_WEIGHTS_OUT").isEmpty()) {
        view->showPlane(true);
        w.grab().save(dir + QStringLiteral("/window-plane.png"));
        view->selectStrip(1, 0);
        w.grab().save(dir + QStringLiteral("/window-seed-strips.png"));
    }
    const QString svg = exportAndRead(view, 0, dir);
    QVERIFY2(svg.contains(QStringLiteral("Q4.3-stochastic")), qPrintable(svg.left(200)));
    QVERIFY(svg.contains(QStringLiteral("grid of Q4.3-nearest")));
    QVERIFY(svg.contains(QStringLiteral("w (weight)")));
    const QString svg2 = exportAndRead(view, 1, dir);
    QVERIFY2(svg2.contains(QStringLiteral("weights per level")), qPrintable(svg2.left(200)));
}

void TestWeightsView::moonsStrips()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openPreset(QStringLiteral("moons")));
    // Fewer epochs keep the test fast; the grid and the histogram do not depend on them.
    ExperimentSpec spec = w.panel()->spec();
    spec.training.epochs = 20;
    w.panel()->setSpec(spec);
    WeightsView* view = openWeightsTab(w);
    QVERIFY(view);
    QVERIFY(runToEnd(w));
    QVERIFY(!view->planeAvailable());
    QCOMPARE(view->chartNames(), QStringList({ "weights-strips" }));
    const RunHistory& h = w.history();
    QCOMPARE(h.run(1).name, QStringLiteral("sym4-ste"));

    view->selectStrip(1, 0);
    TensorStripWidget* strips = view->strips();
    const WeightSnapshot* snap = snapshotOf(h, 1);
    QVERIFY(snap);
    const TensorSnapshot& t = snap->tensors.front();
    // Symmetric 4-bit with the narrow range: codes -7..7, one bin for each of the 15 levels.
    QCOMPARE(strips->levels(), t.levels.front());
    QCOMPARE(strips->levels().size(), std::size_t(15));
    QCOMPARE(strips->histogram().size(), std::size_t(15));
    QCOMPARE(strips->weightCount(), int(t.values.size()));
    int sum = 0;
    for (int c : strips->histogram())
        sum += c;
    QCOMPARE(sum, strips->weightCount());
    // Each bin counts the weights whose code is that level's.
    for (std::size_t b = 0; b < strips->histogram().size(); ++b) {
        int expected = 0;
        for (Index k = 0; k < t.quant.codes.size(); ++k)
            expected += t.quant.codes.data()[k] == t.quant.qmin + double(b);
        QCOMPARE(strips->histogram()[b], expected);
    }
    // Some weights changed level while training, as the flips curve says.
    const auto flips = strips->flipFractions();
    QVERIFY(!flips.empty());
    bool anyFlip = false;
    for (const QPointF& f : flips) {
        QVERIFY(f.y() >= 0 && f.y() <= 1);
        anyFlip = anyFlip || f.y() > 0;
    }
    QVERIFY(anyFlip);
    // ...so the dots' legend does not say "never": it counts changes seen between snapshots
    // (issue 16, point 6).
    QVERIFY(strips->legendTexts().contains(QStringLiteral("level changes seen:")));
    QVERIFY(!strips->legendTexts().contains(QStringLiteral("never")));

    // Hover a weight's dot: the explanation of that weight, titled with the run, the tensor
    // and the element, and how often it changed level; its code and residual consistent with
    // value = s (q - z).
    const QString text = strips->hoverText(strips->weightPixel(0));
    const WeightExplanation e = WeightExplainer::explain(t, 0, 0);
    const QString expected
        = WeightExplainer::text(
              e, QStringLiteral("sym4-ste — %1[0, 0]").arg(QString::fromStdString(t.name)))
        + QStringLiteral("<br>seen at a new level %1 times (between the snapshots received, "
                         "about ten a second; the flips chart counts every step)")
              .arg(strips->levelChanges(0));
    QCOMPARE(text, expected);
    QCOMPARE(e.scale * (e.code - e.zeroPoint), e.snapped);
    QVERIFY(std::abs(e.residual) <= e.scale / 2 + 1e-12 || !e.inRange);
    const QString first = strips->hoverTextFor(0);
    QVERIFY2(first.contains(QStringLiteral("= %1").arg(e.code)), qPrintable(first));
    QVERIFY2(first.contains(formatNumber(e.residual, 10)), qPrintable(first));

    QTemporaryDir tmp;
    const QString svg = exportAndRead(view, 0, outDir(tmp));
    QVERIFY2(svg.contains(QStringLiteral("sym4-ste")), qPrintable(svg.left(200)));
    QVERIFY(svg.contains(QStringLiteral("weights per level")));
}

void TestWeightsView::perChannelStrips()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openPreset(QStringLiteral("softmax")));
    ExperimentSpec spec = w.panel()->spec();
    spec.training.epochs = 10;
    w.panel()->setSpec(spec);
    WeightsView* view = openWeightsTab(w);
    QVERIFY(view);
    QVERIFY(runToEnd(w));
    const RunHistory& h = w.history();
    QCOMPARE(h.run(2).name, QStringLiteral("sym2-ste-channel"));
    const WeightSnapshot* snap = snapshotOf(h, 2);
    QVERIFY(snap);
    const TensorSnapshot& t = snap->tensors.front();
    QCOMPARE(t.quant.channels(), Index(3));
    auto* channel = view->findChild<QComboBox*>(QStringLiteral("weightsChannel"));
    QVERIFY(channel);
    for (int c = 0; c < 3; ++c) {
        view->selectStrip(2, 0, c);
        QCOMPARE(channel->count(), 3);
        QCOMPARE(channel->currentIndex(), c);
        QVERIFY(channel->isVisible());
        // Each channel's own three levels {-s, 0, s} and only that row's weights.
        QCOMPARE(view->strips()->levels(), t.levels[std::size_t(c)]);
        QCOMPARE(view->strips()->histogram().size(), std::size_t(3));
        QCOMPARE(view->strips()->weightCount(), int(t.values.cols()));
        QCOMPARE(view->strips()->levels().back(), t.quant.scale[std::size_t(c)]);
    }
    // Switching run and channel in one go (the pickers refill in order).
    view->selectStrip(1, 0, 0);
    view->selectStrip(2, 0, 2);
    QCOMPARE(channel->currentIndex(), 2);
    QCOMPARE(view->strips()->levels(), t.levels[2]);
    // Per tensor: one grid, no channel picker.
    view->selectStrip(1, 0, 0);
    QVERIFY(!channel->isVisible());
    QCOMPARE(view->strips()->weightCount(), int(t.values.size()));
    if (!qEnvironmentVariable("TST_WEIGHTS_OUT").isEmpty()) {
        view->selectStrip(2, 0, 1);
        w.grab().save(
            qEnvironmentVariable("TST_WEIGHTS_OUT") + QStringLiteral("/window-softmax.png"));
    }
}

// A tensor of more than kMaxDrawnDots weights: the number line draws every n-th as a dot
// (a paint of W4's 100,352 took 0.6 s), says so, and hover finds only dots drawn; the
// histogram still counts every weight.
void TestWeightsView::largeTensorDrawsEveryNthDot()
{
    MainWindow w;
    WeightsView* view = trainPreset(w, QStringLiteral("moons"), 2, { 96, 96 });
    QVERIFY(view);
    const WeightSnapshot* snap = snapshotOf(w.history(), 1);
    QVERIFY(snap);
    const int tensor = tensorNamed(*snap, "layers.1.weight");
    QVERIFY(tensor >= 0);
    view->selectStrip(1, tensor);
    TensorStripWidget* strips = view->strips();
    QCOMPARE(strips->weightCount(), 96 * 96);
    QCOMPARE(strips->drawStride(), 3);
    QCOMPARE(strips->drawnCount(), 3072);
    int sum = 0;
    for (int c : strips->histogram())
        sum += c;
    QCOMPARE(sum, 96 * 96);
    QVERIFY2(strips->subtitle().contains(QStringLiteral("3072 weights drawn"))
            && strips->subtitle().contains(
                QStringLiteral("One weight in every 3 of its 9216 is drawn as a dot; the histogram "
                               "counts them all.")),
        qPrintable(strips->subtitle()));
    // Hover over a drawn dot explains it; the dot of a weight not drawn finds a drawn one
    // (or none), never itself.
    const QPointF drawn = strips->weightPixel(300);
    QVERIFY(strips->hoverText(drawn).contains(
        QStringLiteral("[%1, %2]").arg(strips->data().rows[300]).arg(strips->data().cols[300])));
    const QPointF skipped = strips->weightPixel(301);
    const QString text = strips->hoverText(skipped);
    QVERIFY(!text.contains(
        QStringLiteral("[%1, %2]").arg(strips->data().rows[301]).arg(strips->data().cols[301])));
    // And a paint draws it (the widget grabbed at its size).
    QVERIFY(!strips->grab().isNull());
}

// The formats preset's MXFP4 run with 64 hidden units: every row of layers.1.weight is two
// blocks of 32, each with its own power-of-two scale. The Block picker lists them; picking
// one (or clicking it in the band) shows that block's 32 weights over its own 15 levels,
// and the line under the title names its scale and E8M0 code.
void TestWeightsView::blockFormatStrips()
{
    MainWindow w;
    WeightsView* view = trainPreset(w, QStringLiteral("formats"), 20, { 64, 64 });
    QVERIFY(view);
    const RunHistory& h = w.history();
    int mx = -1;
    for (int r = 0; r < h.runCount(); ++r)
        if (h.run(r).name == QStringLiteral("mxfp4-ptq"))
            mx = r;
    QVERIFY(mx > 0);
    const WeightSnapshot* snap = snapshotOf(h, mx);
    QVERIFY(snap);
    const int tensor = tensorNamed(*snap, "layers.1.weight");
    QVERIFY(tensor >= 0);
    const TensorSnapshot& t = snap->tensors[std::size_t(tensor)];
    QCOMPARE(t.quant.block, Index(32));
    QCOMPARE(t.quant.blockScale.cols(), Index(2));

    auto* block = view->findChild<QComboBox*>(QStringLiteral("weightsBlock"));
    QVERIFY(block);
    view->selectStrip(mx, tensor);
    QVERIFY(block->isVisible());
    QCOMPARE(block->count(), 1 + 64 * 2);
    QCOMPARE(block->itemText(0), QStringLiteral("whole tensor"));
    QCOMPARE(block->itemText(4), QStringLiteral("row 1, block 1 (columns 32–63)"));
    TensorStripWidget* strips = view->strips();
    // The whole tensor: every weight over the union of the blocks' grids.
    QCOMPARE(strips->weightCount(), 64 * 64);
    QCOMPARE(strips->levels(), t.levels.front());
    QVERIFY2(strips->subtitle().startsWith(
                 QStringLiteral("128 blocks of 32, each with its own scale; ticks: what any "
                                "block can store (%1 levels).")
                     .arg(t.levels.front().size())),
        qPrintable(strips->subtitle()));

    // Block 1 of row 1 from the picker: its 32 weights over its own grid.
    block->setCurrentIndex(4);
    QCOMPARE(strips->data().block, 3);
    QCOMPARE(strips->weightCount(), 32);
    QCOMPARE(strips->levels(), t.quantizer->blockLevels(t.quant, 1, 1));
    QCOMPARE(strips->levels().size(), std::size_t(15));
    const double scale = t.quant.blockScale(1, 1);
    int e = 0;
    std::frexp(scale, &e);
    QVERIFY2(strips->subtitle().startsWith(
                 QStringLiteral("Block 1 of row 1 (columns 32–63): scale 2^%1 (E8M0 code %2); "
                                "its 15 levels, 32 weights drawn.")
                     .arg(e - 1)
                     .arg(e - 1 + 127)),
        qPrintable(strips->subtitle()));
    for (int i = 0; i < strips->weightCount(); ++i) {
        QCOMPARE(strips->data().rows[std::size_t(i)], Index(1));
        QCOMPARE(strips->data().cols[std::size_t(i)], Index(32 + i));
    }
    int sum = 0;
    for (int c : strips->histogram())
        sum += c;
    QCOMPARE(sum, 32);

    // A click on block 0 in the band selects it in the picker; a second click goes back to
    // the whole tensor.
    const QPoint b0 = strips->blockPixel(0).toPoint();
    QCOMPARE(strips->blockAt(b0), 2);
    QTest::mouseClick(strips, Qt::LeftButton, {}, b0);
    QCOMPARE(block->currentIndex(), 3);
    QCOMPARE(strips->data().block, 2);
    QCOMPARE(strips->levels(), t.quantizer->blockLevels(t.quant, 1, 0));
    if (!qEnvironmentVariable("TST_WEIGHTS_OUT").isEmpty())
        w.grab().save(
            qEnvironmentVariable("TST_WEIGHTS_OUT") + QStringLiteral("/window-mxfp4-block.png"));
    QTest::mouseClick(strips, Qt::LeftButton, {}, b0);
    QCOMPARE(block->currentIndex(), 0);
    QCOMPARE(strips->weightCount(), 64 * 64);
    if (!qEnvironmentVariable("TST_WEIGHTS_OUT").isEmpty())
        w.grab().save(
            qEnvironmentVariable("TST_WEIGHTS_OUT") + QStringLiteral("/window-mxfp4-whole.png"));

    // A float format without blocks: no Block picker.
    view->selectStrip(2, tensor);
    QCOMPARE(h.run(2).name, QStringLiteral("e4m3-ptq"));
    QVERIFY(!block->isVisible());
    if (!qEnvironmentVariable("TST_WEIGHTS_OUT").isEmpty())
        w.grab().save(qEnvironmentVariable("TST_WEIGHTS_OUT") + QStringLiteral("/window-e4m3.png"));
}

// bf16 (lesson 7's preset): 65,279 levels, one bin each; the number line stays near the
// weight and the levels either side of it (not bf16's whole range stepped by its average
// gap, ~1e34, as before).
void TestWeightsView::bf16Strips()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openPreset(QStringLiteral("bf16-master")));
    ExperimentSpec spec = w.panel()->spec();
    spec.training.epochs = 300;
    w.panel()->setSpec(spec);
    WeightsView* view = openWeightsTab(w);
    QVERIFY(view);
    QVERIFY(runToEnd(w));
    QCOMPARE(w.history().run(1).name, QStringLiteral("bf16-nearest"));
    view->selectStrip(1, 0);
    TensorStripWidget* strips = view->strips();
    QCOMPARE(strips->levels().size(), std::size_t(65279));
    QCOMPARE(strips->histogram().size(), std::size_t(65279));
    QCOMPARE(strips->weightCount(), 1);
    const double wv = strips->data().values.front();
    QVERIFY2(strips->data().x0 > wv - 1 && strips->data().x1 < wv + 1,
        qPrintable(QStringLiteral("%1 .. %2").arg(strips->data().x0).arg(strips->data().x1)));
    QVERIFY(!strips->data().tooDense); // one weight: a few levels either side
    if (!qEnvironmentVariable("TST_WEIGHTS_OUT").isEmpty())
        w.grab().save(qEnvironmentVariable("TST_WEIGHTS_OUT") + QStringLiteral("/window-bf16.png"));
}

// NVFP4: a block's scale is an E4M3 value times the tensor scale; the line under the title
// says so in the format's bits (long enough to wrap onto a second line).
void TestWeightsView::nvfp4Strips()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openPreset(QStringLiteral("formats")));
    ExperimentSpec spec = w.panel()->spec();
    spec.training.epochs = 5;
    spec.model.hidden = { 40, 40 };
    QCOMPARE(spec.runs.back().name, std::string("mxfp4-ptq"));
    spec.runs.back().quantizer->scheme = "nvfp4";
    spec.runs.back().quantizer->block = 16;
    w.panel()->setSpec(spec);
    WeightsView* view = openWeightsTab(w);
    QVERIFY(view);
    QVERIFY(runToEnd(w));
    const int run = w.history().runCount() - 1;
    const WeightSnapshot* snap = snapshotOf(w.history(), run);
    QVERIFY(snap);
    const int tensor = tensorNamed(*snap, "layers.1.weight");
    QVERIFY(tensor >= 0);
    view->selectStrip(run, tensor); // layers.1.weight [40x40]: blocks of 16, 16 and 8
    auto* block = view->findChild<QComboBox*>(QStringLiteral("weightsBlock"));
    QVERIFY(block);
    QCOMPARE(block->count(), 1 + 40 * 3);
    QCOMPARE(block->itemText(3), QStringLiteral("row 0, block 2 (columns 32–39)"));
    view->selectBlock(2);
    TensorStripWidget* strips = view->strips();
    QCOMPARE(strips->weightCount(), 8);
    const QString sub = strips->subtitle();
    QVERIFY2(sub.startsWith(QStringLiteral("Block 2 of row 0 (columns 32–39): scale ")),
        qPrintable(sub));
    QVERIFY2(sub.contains(QStringLiteral("(E4M3: sign 0, exponent ")), qPrintable(sub));
    QVERIFY2(sub.contains(QStringLiteral(" × tensor scale ")), qPrintable(sub));
    QCOMPARE(strips->levels().size(), std::size_t(15));
    if (!qEnvironmentVariable("TST_WEIGHTS_OUT").isEmpty())
        w.grab().save(
            qEnvironmentVariable("TST_WEIGHTS_OUT") + QStringLiteral("/window-nvfp4.png"));
}

QTEST_MAIN(TestWeightsView)
#include "tst_weights_view.moc"
