// The Boundary view on the offscreen platform: the moons preset trained through the main
// window, then what the view drew is read back: region pixels under the data points have
// the colour of the class the snapshot predicts there, train points are filled and test
// points hollow, the printed disagreement is the share of grid cells whose classes differ,
// exports read back; the seed preset (regression) gets the not-applicable note.

#include "core/engine/presets.h"
#include "ui/charts/loss_chart.h"
#include "ui/experiment_info.h"
#include "ui/live_snapshot.h"
#include "ui/main_window.h"
#include "ui/run_history.h"
#include "ui/views/boundary_canvas.h"
#include "ui/views/boundary_render.h"
#include "ui/views/boundary_view.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QImageReader>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {
QAction* action(QWidget& w, const char* name)
{
    return w.findChild<QAction*>(QString::fromLatin1(name));
}

BoundaryView* boundaryView(MainWindow& w)
{
    for (ExperimentView* v : w.views())
        if (auto* b = qobject_cast<BoundaryView*>(v))
            return b;
    return nullptr;
}

// Which class colour explains pixel p as white blended with it (the region shading).
int nearestClass(QRgb p, const std::vector<QColor>& colors)
{
    int best = -1;
    double bestResidual = 1e30;
    for (std::size_t c = 0; c < colors.size(); ++c) {
        const double d[3]
            = { 255.0 - colors[c].red(), 255.0 - colors[c].green(), 255.0 - colors[c].blue() };
        const double v[3] = { 255.0 - qRed(p), 255.0 - qGreen(p), 255.0 - qBlue(p) };
        const double a = (d[0] * v[0] + d[1] * v[1] + d[2] * v[2])
            / std::max(1.0, d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        double residual = 0;
        for (int k = 0; k < 3; ++k)
            residual += (v[k] - a * d[k]) * (v[k] - a * d[k]);
        if (a > 0.05 && residual < bestResidual) {
            bestResidual = residual;
            best = static_cast<int>(c);
        }
    }
    return best;
}

int predictedClass(const BoundaryGrid& g, int run, double x, double y)
{
    const int j = static_cast<int>(std::floor((x - g.xMin) / (g.xMax - g.xMin) * g.size));
    const int i = static_cast<int>(std::floor((g.yMax - y) / (g.yMax - g.yMin) * g.size));
    if (i < 0 || j < 0 || i >= g.size || j >= g.size)
        return -1;
    return g.classes[static_cast<std::size_t>(run)][static_cast<std::size_t>(i) * g.size + j];
}

// Every legend text of `canvas` at `size` drawn whole: its box holds the text's advance, lies
// inside the canvas and below the panels' axes, and overlaps no other entry.
void checkLegendWhole(const BoundaryCanvas& canvas, const QSizeF& size)
{
    const auto items = canvas.legendLayout(size);
    QVERIFY(!items.empty());
    const QRectF whole(QPointF(0, 0), size);
    const std::vector<QRectF> panels = canvas.panelRects(size);
    const QFontMetricsF fm(canvas.font());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& e = items[i];
        const QString where = QStringLiteral("\"%1\" at %2,%3 %4x%5 in %6x%7")
                                  .arg(e.text)
                                  .arg(e.textRect.x())
                                  .arg(e.textRect.y())
                                  .arg(e.textRect.width())
                                  .arg(e.textRect.height())
                                  .arg(size.width())
                                  .arg(size.height());
        QVERIFY2(e.textRect.width() >= fm.horizontalAdvance(e.text), qPrintable(where));
        QVERIFY2(whole.contains(e.textRect), qPrintable(where));
        QVERIFY2(e.textRect.top() >= panels[0].bottom(), qPrintable(where));
        for (std::size_t j = 0; j < i; ++j)
            QVERIFY2(!items[j].textRect.intersects(e.textRect)
                    && !items[j].textRect.intersects(e.symbol),
                qPrintable(where + QStringLiteral(" overlaps \"%1\"").arg(items[j].text)));
    }
}

void saveScreenshot(MainWindow& w, BoundaryView* view, const QString& name)
{
    const QString dir = qEnvironmentVariable("BITLAB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral("-window.png"));
    view->exportChart(0, dir + QLatin1Char('/') + name + QStringLiteral(".png"), nullptr);
}
// Counts the paint events a widget receives.
class PaintCount : public QObject {
public:
    int paints = 0;

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        paints += event->type() == QEvent::Paint;
        return false;
    }
};

} // namespace

class TestBoundaryView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void renderCountsDisagreement_data();
    void renderCountsDisagreement();
    void promptsBeforeRunning();
    void seedIsNotApplicable();
    void moonsDrawsWhatTheRunsPredict();
    void legendWraps_data();
    void legendWraps();
    void liveFramePaintsOnce();
};

void TestBoundaryView::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_boundary_view"));
}

void TestBoundaryView::renderCountsDisagreement_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("classCount");
    QTest::addColumn<int>("differing");
    QTest::newRow("binary, none differ") << 10 << 2 << 0;
    QTest::newRow("binary, 7 differ") << 10 << 2 << 7;
    QTest::newRow("three classes, 13 differ") << 12 << 3 << 13;
}

void TestBoundaryView::renderCountsDisagreement()
{
    QFETCH(int, size);
    QFETCH(int, classCount);
    QFETCH(int, differing);
    BoundaryRenderInput in;
    in.size = size;
    in.classCount = classCount;
    in.classColors = { 0xff0000ff, 0xffff0000, 0xff00ff00 };
    const std::size_t cells = static_cast<std::size_t>(size) * size;
    in.classesA.resize(cells);
    for (std::size_t c = 0; c < cells; ++c) // left half class 0, right half class 1
        in.classesA[c] = static_cast<std::uint8_t>((c % size) >= std::size_t(size / 2));
    in.confidenceA.assign(cells, 0.9f);
    in.classesB = in.classesA;
    in.confidenceB = in.confidenceA;
    for (int k = 0; k < differing; ++k) {
        const std::size_t c = static_cast<std::size_t>(k) * 7 % cells;
        in.classesB[c] = static_cast<std::uint8_t>((in.classesB[c] + 1) % classCount);
    }
    in.token = 42;
    const BoundaryRender r = renderBoundary(in);
    QCOMPARE(r.token, quint64(42));
    QVERIFY(r.hasB);
    QCOMPARE(r.disagreeCells, std::int64_t(differing));
    QCOMPARE(r.disagreementFraction(), double(differing) / double(cells));
    QCOMPARE(r.regionsA.size(), QSize(size, size));
    // The boundary of run A is the vertical line between the halves, x = size / 2.
    QVERIFY(!r.contourA.isEmpty());
    const QRectF box = r.contourA.boundingRect();
    QVERIFY2(std::abs(box.center().x() - size / 2.0) < 0.51,
        qPrintable(QString::number(box.center().x())));
    QVERIFY(box.width() < 1.01);
    // Hatched pixels only inside disagreeing cells.
    int hatched = 0;
    for (int y = 0; y < r.disagreement.height(); ++y)
        for (int x = 0; x < r.disagreement.width(); ++x)
            hatched += qAlpha(r.disagreement.pixel(x, y)) > 0;
    const int s = BoundaryRender::kHatchScale;
    QCOMPARE(hatched, differing * s * s);
}

// Issue 16, point 4: the tab invites a run only when the run will draw something. The seed
// (a regression) says so before the run as after it; a broken CSV (Run refused) is not
// invited either; the moons are. The Loss tab offers no Accuracy for a regression.
void TestBoundaryView::promptsBeforeRunning()
{
    MainWindow w;
    w.show();
    BoundaryView* view = boundaryView(w);
    QVERIFY(view);
    QCOMPARE(view->chartNames(), QStringList { QStringLiteral("boundary") });
    w.refreshViews(true);
    const QString seed = view->canvas()->scene().message;
    QVERIFY2(seed.contains(QStringLiteral("regression")), qPrintable(seed));
    QVERIFY2(!seed.contains(QStringLiteral("F5")), qPrintable(seed));
    auto* loss = w.findChild<LossChart*>();
    QVERIFY(loss);
    QVERIFY(!loss->offersAccuracy());
    auto* metric = loss->findChild<QComboBox*>(QStringLiteral("lossMode"));
    QVERIFY(metric);
    QTest::mouseClick(metric, Qt::LeftButton);
    metric->hidePopup();
    // Accuracy, the entry above the last (Learned steps and clips), cannot be chosen: the
    // keys skip it.
    QTest::keyClick(metric, Qt::Key_End);
    QTest::keyClick(metric, Qt::Key_Up);
    QVERIFY(loss->mode() != LossChart::Mode::Accuracy);

    QVERIFY(w.openPreset(QStringLiteral("moons")));
    w.refreshViews(true);
    QVERIFY2(view->canvas()->scene().message.contains(QStringLiteral("Run the experiment (F5)")),
        qPrintable(view->canvas()->scene().message));
    QVERIFY(loss->offersAccuracy());
    // The moons learn nothing: Learned steps and clips is greyed out too, and Accuracy is
    // the last entry the keys reach.
    QVERIFY(!loss->offersLearned());
    QTest::keyClick(metric, Qt::Key_End);
    QCOMPARE(loss->mode(), LossChart::Mode::Accuracy);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x,y,label\n1,2,a\n3,oops,b\n");
    f.close();
    QVERIFY(!w.openFile(path));
    QVERIFY(!action(w, "actionRun")->isEnabled());
    w.refreshViews(true);
    const QString broken = view->canvas()->scene().message;
    QVERIFY2(broken.contains(QStringLiteral("cannot be loaded")), qPrintable(broken));
    QVERIFY2(!broken.contains(QStringLiteral("F5")), qPrintable(broken));
}

void TestBoundaryView::seedIsNotApplicable()
{
    MainWindow w;
    w.show();
    BoundaryView* view = boundaryView(w);
    QVERIFY(view);
    QVERIFY(w.openPreset(QStringLiteral("seed")));
    action(w, "actionStepBatch")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->step() >= 1
            && w.controller()->state() != TrainingController::State::Running,
        30000);
    w.refreshViews(true);
    const QString message = view->canvas()->scene().message;
    QVERIFY2(message.contains(QStringLiteral("classification")), qPrintable(message));
    QCOMPARE(message, view->message());
    QVERIFY2(message.contains(QStringLiteral("moons")), qPrintable(message));
    // Drawn centred on an otherwise white canvas: the middle row has ink, the corners none.
    const QImage image = view->renderImage(QSize(900, 500), 1.0);
    QCOMPARE(image.pixel(5, 5), qRgb(255, 255, 255));
    bool ink = false;
    for (int y = 200; y < 300 && !ink; ++y)
        for (int x = 150; x < 750 && !ink; ++x)
            ink = qGray(image.pixel(x, y)) < 160;
    QVERIFY(ink);
    action(w, "actionReset")->trigger();
}

void TestBoundaryView::moonsDrawsWhatTheRunsPredict()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    BoundaryView* view = boundaryView(w);
    QVERIFY(view);
    auto* tabs = w.findChild<QTabWidget*>();
    QVERIFY(tabs);
    tabs->setCurrentWidget(view);
    QVERIFY(w.openPreset(QStringLiteral("moons")));
    ExperimentSpec spec = w.panel()->spec();
    spec.training.epochs = 40; // enough for a boundary; keeps the suite fast
    w.panel()->setSpec(spec);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    action(w, "actionRun")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
    w.refreshViews(true);
    QTRY_VERIFY_WITH_TIMEOUT(view->isUpToDate(), 20000);

    const RunHistory& h = w.history();
    const BoundaryGrid& grid = h.snapshot().boundary;
    QCOMPARE(grid.size, 200);
    const int a = view->referenceRun();
    const int b = view->comparedRun();
    QCOMPARE(a, 0); // float64
    QCOMPARE(b, 1); // the first quantized run by default
    const ExperimentInfo& info = w.controller()->info();
    QVERIFY(info.pointX.size() >= 300);
    const BoundaryScene& scene = view->canvas()->scene();
    QVERIFY(scene.message.isEmpty());
    QCOMPARE(scene.xName, info.featureNames[0]);

    // 1. Regions: hide the points, grab the canvas, read the colour under every point.
    auto* points = view->findChild<QCheckBox*>(QStringLiteral("boundaryPoints"));
    QVERIFY(points);
    points->setChecked(false);
    QImage image = view->canvas()->grab().toImage();
    const QSizeF canvasSize(view->canvas()->size());
    std::vector<QRectF> rects = view->canvas()->panelRects(canvasSize);
    QVERIFY(!rects[1].isEmpty());
    const double dpr = image.devicePixelRatio();
    for (int panel = 0; panel < 2; ++panel) {
        const int run = panel == 0 ? a : b;
        int agree = 0, total = 0;
        for (std::size_t i = 0; i < info.pointX.size(); ++i) {
            const int expected = predictedClass(grid, run, info.pointX[i], info.pointY[i]);
            QVERIFY(expected >= 0);
            const QPointF at = view->canvas()->map(rects[panel], info.pointX[i], info.pointY[i]);
            const QRgb pixel = image.pixel(QPoint(int(at.x() * dpr), int(at.y() * dpr)));
            agree += nearestClass(pixel, scene.classColors) == expected;
            ++total;
        }
        // Only points within a pixel or two of a boundary line may read otherwise.
        QVERIFY2(agree >= 0.9 * total,
            qPrintable(QStringLiteral("panel %1: %2 of %3").arg(panel).arg(agree).arg(total)));
    }

    // 2. Points: train filled with their class colour, test hollow (the region shows).
    points->setChecked(true);
    image = view->canvas()->grab().toImage();
    int filled = 0, trains = 0, hollow = 0, tests = 0;
    for (std::size_t i = 0; i < info.pointX.size(); ++i) {
        const QPointF at = view->canvas()->map(rects[0], info.pointX[i], info.pointY[i]);
        const QRgb pixel = image.pixel(QPoint(int(at.x() * dpr), int(at.y() * dpr)));
        const QColor cls = scene.classColors[static_cast<std::size_t>(info.pointClass[i])];
        const bool exact = std::abs(qRed(pixel) - cls.red()) + std::abs(qGreen(pixel) - cls.green())
                + std::abs(qBlue(pixel) - cls.blue())
            < 30;
        if (info.pointIsTest[i]) {
            ++tests;
            hollow += !exact;
        } else {
            ++trains;
            filled += exact;
        }
    }
    QVERIFY(trains > 0 && tests > 0);
    QVERIFY2(
        filled >= 0.7 * trains, qPrintable(QStringLiteral("%1 of %2").arg(filled).arg(trains)));
    QVERIFY2(hollow >= 0.6 * tests, qPrintable(QStringLiteral("%1 of %2").arg(hollow).arg(tests)));

    // 3. Disagreement printed = share of cells whose classes differ, for each quantized run.
    auto* mode = view->findChild<QComboBox*>(QStringLiteral("boundaryMode"));
    auto* picker = view->findChild<QComboBox*>(QStringLiteral("boundaryRun"));
    QVERIFY(mode && picker);
    mode->setCurrentIndex(1);
    QCOMPARE(picker->count(), h.runCount() - 1);
    for (int k = 0; k < picker->count(); ++k) {
        picker->setCurrentIndex(k);
        QTRY_VERIFY_WITH_TIMEOUT(view->isUpToDate(), 20000);
        const int run = view->comparedRun();
        std::int64_t differ = 0;
        const std::size_t cells = grid.classes[0].size();
        for (std::size_t c = 0; c < cells; ++c)
            differ += grid.classes[static_cast<std::size_t>(a)][c]
                != grid.classes[static_cast<std::size_t>(run)][c];
        const QString pct = QString::number(100.0 * double(differ) / double(cells), 'f', 1) + '%';
        const QString caption = view->canvas()->scene().caption;
        QVERIFY2(caption.contains(pct) && caption.contains(QString::number(differ) + " of 40000"),
            qPrintable(caption + " expected " + pct));
        QVERIFY(view->canvas()->scene().overlay);
        saveScreenshot(w, view, QStringLiteral("boundary-overlay-%1").arg(k));
    }
    mode->setCurrentIndex(0);
    picker->setCurrentIndex(0);
    QTRY_VERIFY_WITH_TIMEOUT(view->isUpToDate(), 20000);
    saveScreenshot(w, view, QStringLiteral("boundary"));

    // Every legend text is whole in the 1400 x 900 window, side by side and overlaid.
    checkLegendWhole(*view->canvas(), QSizeF(view->canvas()->size()));
    mode->setCurrentIndex(1);
    QTRY_VERIFY_WITH_TIMEOUT(view->isUpToDate(), 20000);
    checkLegendWhole(*view->canvas(), QSizeF(view->canvas()->size()));
    mode->setCurrentIndex(0);
    QTRY_VERIFY_WITH_TIMEOUT(view->isUpToDate(), 20000);

    // 4. Exports read back.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString png = dir.filePath(QStringLiteral("boundary.png"));
    const QString svg = dir.filePath(QStringLiteral("boundary.svg"));
    QVERIFY2(view->exportChart(0, png, &error), qPrintable(error));
    QVERIFY2(view->exportChart(0, svg, &error), qPrintable(error));
    QImageReader reader(png);
    const QImage exported = reader.read();
    QVERIFY2(!exported.isNull(), qPrintable(reader.errorString()));
    QCOMPARE(exported.size(), view->canvas()->size() * 2);
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(QPoint(0, 0), view->canvas()->size()));
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svgText = svgFile.readAll();
    QVERIFY(svgText.contains(info.featureNames[0].toUtf8())); // axis titles are text
    QVERIFY(svgText.contains("<image")); // the regions are embedded
    QVERIFY(view->exportChart(1, png, &error) == false);
    action(w, "actionReset")->trigger();
    w.refreshViews(true);
    QVERIFY(!view->canvas()->scene().message.isEmpty());
}

// A legend longer than one line (six classes, long run names, overlaid) wraps onto more
// lines instead of running off the canvas; the panels shrink to make room.
void TestBoundaryView::legendWraps_data()
{
    QTest::addColumn<bool>("overlay");
    QTest::addColumn<int>("width");
    QTest::newRow("side by side, 900") << false << 900;
    QTest::newRow("overlay, 900") << true << 900;
    QTest::newRow("overlay, 520") << true << 520;
}

void TestBoundaryView::legendWraps()
{
    QFETCH(bool, overlay);
    QFETCH(int, width);
    BoundaryScene scene;
    for (int c = 0; c < 6; ++c) {
        scene.classLabels.push_back(QStringLiteral("label-%1").arg(c));
        scene.classColors.push_back(QColor::fromHsv(c * 60, 200, 200));
    }
    scene.overlay = overlay;
    scene.nameA = QStringLiteral("fp64-reference-run");
    scene.nameB = QStringLiteral("symmetric-4bit-per-channel-ste");
    scene.colorA = Qt::blue;
    scene.colorB = Qt::red;
    scene.caption = QStringLiteral("caption");
    BoundaryCanvas canvas;
    const QSizeF size(width, 600);
    canvas.setScene(scene);
    checkLegendWhole(canvas, size);
    const auto items = canvas.legendLayout(size);
    QVERIFY(items.back().textRect.top() > items.front().textRect.top()); // more than one line
    // The panels leave room for every line.
    const std::vector<QRectF> panels = canvas.panelRects(size);
    QVERIFY(panels[0].bottom() < items.front().textRect.top());
}

// A live frame (new records, whose accuracy the panel notes show, and new regions) paints
// the canvas once, when the regions are rendered: updating the scene for the records as
// well painted the old regions with the new notes first, every frame.
void TestBoundaryView::liveFramePaintsOnce()
{
    ExperimentInfo info;
    info.spec = findPreset("moons")->spec;
    info.runNames
        = { QStringLiteral("fp64"), QStringLiteral("sym4-ste"), QStringLiteral("sym2-ste") };
    info.task = Task::Binary;
    info.features = 2;
    info.classes = 2;
    info.featureNames = { QStringLiteral("x1"), QStringLiteral("x2") };
    info.classLabels = { QStringLiteral("0"), QStringLiteral("1") };
    for (int i = 0; i < 40; ++i) {
        info.pointX.push_back(std::cos(0.3 * i));
        info.pointY.push_back(std::sin(0.5 * i));
        info.pointClass.push_back(i % 2);
        info.pointIsTest.push_back(i % 4 == 0);
    }
    RunHistory history;
    BoundaryView view;
    view.resize(1000, 650);
    view.setExperiment(info);
    history.reset(info.runNames);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // One frame: each run's test accuracy at `step` and regions split at x = `split`.
    auto frame = [&](std::int64_t step, double split) {
        std::vector<Record> records;
        for (int run = 0; run < 3; ++run) {
            Record r;
            r.run = run;
            r.step = step;
            r.evaluated = true;
            r.trainLoss = 1.0 / static_cast<double>(step + 1);
            r.testAccuracy = 0.5 + 0.4 * static_cast<double>(step) / 1000.0 - 0.05 * run;
            records.push_back(r);
        }
        history.append(records);
        LiveSnapshot snapshot;
        snapshot.step = step;
        snapshot.parts = kSnapshotWeights | kSnapshotBoundary;
        BoundaryGrid& grid = snapshot.boundary;
        grid.size = kLiveDecisionGridCells;
        grid.xMin = -1.2;
        grid.xMax = 1.2;
        grid.yMin = -1.2;
        grid.yMax = 1.2;
        snapshot.boundaryStep = step;
        snapshot.boundaryPreview = true;
        const auto cells = static_cast<std::size_t>(grid.size * grid.size);
        for (int run = 0; run < 3; ++run) {
            grid.classes.emplace_back(cells);
            grid.confidence.emplace_back(cells, 0.8f);
            for (std::size_t c = 0; c < cells; ++c) {
                const double x = grid.xMin
                    + (static_cast<double>(c % static_cast<std::size_t>(grid.size)) + 0.5)
                        * (grid.xMax - grid.xMin) / grid.size;
                grid.classes.back()[c] = x > split + 0.1 * run ? 1 : 0;
            }
        }
        history.setSnapshot(std::move(snapshot));
        view.refresh(history, false);
    };
    frame(0, 0.0);
    QTRY_VERIFY(view.isUpToDate());
    QTest::qWait(30);
    PaintCount count;
    view.canvas()->installEventFilter(&count);
    for (int k = 1; k <= 3; ++k) {
        const QString noteBefore = view.canvas()->scene().noteA;
        count.paints = 0;
        frame(100 * k, -0.2 * k);
        QTRY_VERIFY(view.isUpToDate());
        QTest::qWait(30); // every update the frame left
        QCOMPARE(count.paints, 1);
        // The painted scene has the new regions and the new records' notes.
        QVERIFY(view.canvas()->scene().noteA != noteBefore);
        QCOMPARE(view.canvas()->scene().render.size, kLiveDecisionGridCells);
    }
}

QTEST_MAIN(TestBoundaryView)
#include "tst_boundary_view.moc"
