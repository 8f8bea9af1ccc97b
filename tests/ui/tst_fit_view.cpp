// The Fit tab on the offscreen platform, through the main window: the seed preset trained,
// float64's curve is the least-squares line of its training rows (about 3x + 2.5: the
// seed's noise is U(0,1)), each quantized twin's curve is the line of the weights it uses
// (on its grid) and is drawn in its colour where it leaves float64's; the curves move while
// training (live snapshots); the tooltip (a real QHelpEvent) reads the curves; a regression
// with three features plots predicted against actual with R²; a classification gets a note
// before and after its run; PNG and SVG exports read back.

#include "ui/live_snapshot.h"
#include "ui/main_window.h"
#include "ui/run_history.h"
#include "ui/run_palette.h"
#include "ui/training_controller.h"
#include "ui/training_pace.h"
#include "ui/views/fit_view.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHelpEvent>
#include <QImageReader>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

FitView* fitView(MainWindow& w)
{
    for (ExperimentView* v : w.views())
        if (auto* view = qobject_cast<FitView*>(v))
            return view;
    return nullptr;
}

void runToEnd(MainWindow& w)
{
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
    w.refreshViews(true);
}

bool near(QRgb a, const QColor& b, int tolerance = 40)
{
    return qAbs(qRed(a) - b.red()) < tolerance && qAbs(qGreen(a) - b.green()) < tolerance
        && qAbs(qBlue(a) - b.blue()) < tolerance;
}

int pixelsOf(const QImage& image, const QColor& color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += near(image.pixel(x, y), color, 6);
    return n;
}

// Whether `color` is drawn within 2 px of `at`.
bool drawnNear(const QImage& image, const QPointF& at, const QColor& color, int tolerance = 40)
{
    for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx) {
            const QPoint p(qRound(at.x()) + dx, qRound(at.y()) + dy);
            if (image.rect().contains(p) && near(image.pixel(p), color, tolerance))
                return true;
        }
    return false;
}

QString tooltipAt(QWidget* canvas, const QPoint& pos)
{
    QHelpEvent help(QEvent::ToolTip, pos, canvas->mapToGlobal(pos));
    QApplication::sendEvent(canvas, &help);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

// The line y = w x + b run `run` uses, from its snapshot (the seed's linear model).
std::pair<double, double> lineOf(const LiveSnapshot& snap, int run)
{
    const WeightSnapshot& w = snap.weights[std::size_t(run)];
    return { w.tensors[0].values(0, 0), w.tensors[1].values(0, 0) };
}

} // namespace

class TestFitView : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->controller()->setPace(Pace::full());
    }
    void cleanup() { m_window.reset(); }

    void seedCurvesAreEachRunsLine()
    {
        MainWindow& w = *m_window;
        QVERIFY(w.openPreset(QStringLiteral("seed")));
        QVERIFY(w.selectView(QStringLiteral("fit")));
        FitView* view = fitView(w);
        QVERIFY(view);
        QVERIFY2(view->note().contains(QStringLiteral("F5")), qPrintable(view->note()));
        runToEnd(w);
        QVERIFY2(view->note().isEmpty(), qPrintable(view->note()));
        const ExperimentInfo& info = w.controller()->info();
        QVERIFY(info.fit.curve());
        QCOMPARE(info.fit.rowX.size(), std::size_t(100));
        const LiveSnapshot& snap = w.history().snapshot();
        QCOMPARE(snap.fit.size(), std::size_t(4));
        QCOMPARE(view->drawnRuns(), (std::vector<int> { 0, 1, 2, 3 }));

        // float64: the least-squares line of the training rows (y = 3x + 2 + U(0,1) noise).
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (std::size_t i = 0; i < info.fit.rowX.size(); ++i)
            if (!info.fit.rowIsTest[i]) {
                const double x = info.fit.rowX[i], y = info.fit.rowY[i];
                sx += x, sy += y, sxx += x * x, sxy += x * y, ++n;
            }
        const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        const double intercept = (sy - slope * sx) / n;
        QVERIFY2(std::abs(slope - 3.0) < 0.6, qPrintable(QString::number(slope)));
        QVERIFY2(std::abs(intercept - 2.5) < 0.4, qPrintable(QString::number(intercept)));
        const std::vector<double>& xs = info.fit.curveX;
        for (std::size_t i = 0; i < xs.size(); i += 15)
            QVERIFY2(std::abs(snap.fit[0][i] - (slope * xs[i] + intercept)) < 0.02,
                qPrintable(QStringLiteral("x %1: %2").arg(xs[i]).arg(snap.fit[0][i])));
        // The legend gives the line: y = 2.987·x + 2.516.
        QVERIFY2(view->runDetail(0).contains(
                     QRegularExpression(QStringLiteral("^y = [23]\\.\\d+·x \\+ 2\\.\\d+$"))),
            qPrintable(view->runDetail(0)));

        // Q4.3-nearest: the line of its stored weights, on the 1/8 grid, not float64's.
        const auto [wq, bq] = lineOf(snap, 1);
        QCOMPARE(std::round(wq * 8), wq * 8);
        QCOMPARE(std::round(bq * 8), bq * 8);
        double gap = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            QVERIFY(std::abs(snap.fit[1][i] - (wq * xs[i] + bq)) < 1e-9);
            gap = std::max(gap, std::abs(snap.fit[1][i] - snap.fit[0][i]));
        }
        QVERIFY2(gap > 0.05, qPrintable(QString::number(gap)));
        QVERIFY2(view->runDetail(1).contains(QStringLiteral("·x")), qPrintable(view->runDetail(1)));

        // On screen: each curve in its run's colour where it is apart from float64's.
        const QSize size(1100, 700);
        const QImage image = view->renderImage(size);
        const std::size_t at = xs.size() - 20; // right end: the lines are furthest apart
        const QPointF fp = view->pixelOf(xs[at], snap.fit[0][at], size);
        const QPointF q = view->pixelOf(xs[at], snap.fit[1][at], size);
        QVERIFY2(std::abs(fp.y() - q.y()) > 8, "the curves are too close to tell apart");
        QVERIFY(drawnNear(image, fp, RunPalette::color(0)));
        QVERIFY(drawnNear(image, q, RunPalette::color(1)));
        QVERIFY(!drawnNear(image, q, RunPalette::color(0)));

        // Hiding the data points removes the grey dots, not the curves.
        const QColor data(0x4a, 0x4f, 0x55);
        QVERIFY(drawnNear(image, view->pixelOf(info.fit.rowX[0], info.fit.rowY[0], size), data));
        const int dataPixels = pixelsOf(image, data);
        QVERIFY2(dataPixels > 100 * 20, qPrintable(QString::number(dataPixels)));
        QCheckBox* points = view->findChild<QCheckBox*>(QStringLiteral("fitPoints"));
        QVERIFY(points);
        QTest::mouseClick(points, Qt::LeftButton, {}, QPoint(8, points->height() / 2));
        QVERIFY(!points->isChecked());
        const QImage bare = view->renderImage(size);
        QVERIFY2(pixelsOf(bare, data) < dataPixels / 20,
            qPrintable(QString::number(pixelsOf(bare, data))));
        QVERIFY(drawnNear(bare, fp, RunPalette::color(0)));
        points->setChecked(true);

        // The tooltip reads every curve at the pointer's x.
        auto* canvas = view->findChild<QWidget*>(QStringLiteral("pictureCanvas"));
        QVERIFY(canvas);
        const QPointF pos = view->pixelOf(0.5, snap.fit[0][xs.size() / 2], canvas->size());
        const QString tip = tooltipAt(canvas, pos.toPoint());
        QVERIFY2(tip.contains(QStringLiteral("fp64 predicts 4.")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Q4.3-nearest predicts")), qPrintable(tip));
    }

    void curvesFollowTraining()
    {
        MainWindow& w = *m_window;
        QVERIFY(w.openPreset(QStringLiteral("seed")));
        QVERIFY(w.selectView(QStringLiteral("fit")));
        w.controller()->setPace(Pace::stepsPerSecond(200));
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        // A snapshot mid-way: float64's curve is not yet where it ends.
        QTRY_VERIFY_WITH_TIMEOUT(
            w.history().snapshot().step > 20 && !w.history().snapshot().fit.empty(), 20000);
        const std::vector<double> early = w.history().snapshot().fit[0];
        w.controller()->setPace(Pace::full());
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
        const std::vector<double>& last = w.history().snapshot().fit[0];
        QCOMPARE(last.size(), early.size());
        double moved = 0;
        for (std::size_t i = 0; i < last.size(); ++i)
            moved = std::max(moved, std::abs(last[i] - early[i]));
        QVERIFY2(moved > 0.01, qPrintable(QString::number(moved)));
    }

    void predictedAgainstActual()
    {
        MainWindow& w = *m_window;
        QVERIFY(w.openPreset(QStringLiteral("seed")));
        ExperimentSpec spec = w.panel()->spec();
        spec.dataset.source = "builtin:linear";
        spec.dataset.features = 3;
        spec.dataset.samples = 200;
        spec.dataset.noise = 0.1;
        spec.dataset.testFraction = 0.25;
        spec.training.epochs = 200;
        w.panel()->setSpec(spec);
        QVERIFY(w.selectView(QStringLiteral("fit")));
        FitView* view = fitView(w);
        runToEnd(w);
        QVERIFY2(view->note().isEmpty(), qPrintable(view->note()));
        const ExperimentInfo& info = w.controller()->info();
        QCOMPARE(info.fit.features, 3);
        QVERIFY(!info.fit.curve());
        // float64 and the compared run, picked in the "Compare with" box.
        auto* picker = view->findChild<QComboBox*>(QStringLiteral("comparedRun"));
        QVERIFY(picker && picker->isVisible());
        view->setComparedRun(2);
        QCOMPARE(view->drawnRuns(), (std::vector<int> { 0, 2 }));
        QVERIFY2(view->runDetail(0).startsWith(QStringLiteral("R² 0.9")),
            qPrintable(view->runDetail(0)));
        QVERIFY(view->runDetail(2).contains(QStringLiteral("test rows")));
        // Each prediction is drawn at (actual, predicted) in the run's colour.
        const LiveSnapshot& snap = w.history().snapshot();
        const QSize size(1100, 700);
        const QImage image = view->renderImage(size);
        int found = 0;
        for (std::size_t i = 0; i < info.fit.rowY.size(); i += 10)
            found += drawnNear(image, view->pixelOf(info.fit.rowY[i], snap.fit[0][i], size),
                         RunPalette::color(0), 60)
                || drawnNear(image, view->pixelOf(info.fit.rowY[i], snap.fit[2][i], size),
                    RunPalette::color(2), 60);
        QVERIFY2(found >= 18, qPrintable(QString::number(found)));
        // The tooltip on a point names the row and both predictions.
        auto* canvas = view->findChild<QWidget*>(QStringLiteral("pictureCanvas"));
        const QPointF pos = view->pixelOf(info.fit.rowY[3], snap.fit[0][3], canvas->size());
        const QString tip = tooltipAt(canvas, pos.toPoint());
        QVERIFY2(tip.contains(QStringLiteral("actual y")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("fp64 predicts")), qPrintable(tip));
    }

    void classificationSaysWhere()
    {
        MainWindow& w = *m_window;
        QVERIFY(w.openPreset(QStringLiteral("moons")));
        FitView* view = fitView(w);
        QVERIFY(w.selectView(QStringLiteral("fit")));
        // Before the run: no invitation to run for a picture that cannot come.
        QVERIFY2(view->note().contains(QStringLiteral("classification")), qPrintable(view->note()));
        QVERIFY(!view->note().contains(QStringLiteral("F5")));
        runToEnd(w);
        QVERIFY2(view->note().contains(QStringLiteral("classification (2 classes)")),
            qPrintable(view->note()));
        QVERIFY(w.history().snapshot().fit.empty());
    }

    void exportsReadBack()
    {
        MainWindow& w = *m_window;
        QVERIFY(w.openPreset(QStringLiteral("seed")));
        runToEnd(w);
        FitView* view = fitView(w);
        QCOMPARE(view->chartNames(), QStringList { QStringLiteral("fit") });
        QTemporaryDir dir;
        QString error;
        const QString png = dir.filePath(QStringLiteral("fit.png"));
        const QString svg = dir.filePath(QStringLiteral("fit.svg"));
        QVERIFY2(view->exportChart(0, png, &error), qPrintable(error));
        QVERIFY2(view->exportChart(0, svg, &error), qPrintable(error));
        QImageReader reader(png);
        QVERIFY(reader.size().width() >= 1280);
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        const QStringList all = w.exportAllCharts(dir.filePath(QStringLiteral("all")), &error);
        QVERIFY2(
            all.contains(dir.filePath(QStringLiteral("all/fit.png"))), qPrintable(all.join(' ')));
    }

private:
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestFitView)
#include "tst_fit_view.moc"
