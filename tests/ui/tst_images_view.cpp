// The Images and Classes tabs on the offscreen platform: the digits preset trained through
// the main window, then what the views drew is checked against the snapshot they drew from:
// the sample frames are orange exactly where float64 and the compared run disagree, the
// tooltips (real QHelpEvents on the canvas) name the pixel's number and the cell's count,
// the confusion cells outlined are exactly those that differ, exports read back; a
// regression experiment gets the notes that say what to load instead; a CSV in MNIST's
// layout, its 28 x 28 shape confirmed in the panel, gets the same views.

#include "core/io/experiment_json.h"
#include "ui/live_snapshot.h"
#include "ui/main_window.h"
#include "ui/run_history.h"
#include "ui/training_controller.h"
#include "ui/views/classes_view.h"
#include "ui/views/images_view.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QHelpEvent>
#include <QImageReader>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

template <typename View> View* findView(MainWindow& w)
{
    for (ExperimentView* v : w.views())
        if (auto* view = qobject_cast<View*>(v))
            return view;
    return nullptr;
}

bool isOrange(QRgb p)
{
    return qAbs(qRed(p) - 0xE6) < 30 && qAbs(qGreen(p) - 0x9F) < 30 && qBlue(p) < 60;
}

QString tooltipAt(QWidget* canvas, const QPoint& pos)
{
    QHelpEvent help(QEvent::ToolTip, pos, canvas->mapToGlobal(pos));
    QApplication::sendEvent(canvas, &help);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

} // namespace

class TestImagesView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_window.resize(1400, 900);
        m_window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_window));
        QVERIFY(m_window.openPreset(QStringLiteral("digits")));
        ExperimentSpec spec = m_window.panel()->spec();
        spec.training.epochs = 4; // enough for mistakes to differ; keeps the suite fast
        m_window.panel()->setSpec(spec);
        QSignalSpy ended(&m_window, &MainWindow::trainingEnded);
        m_window.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
        m_window.refreshViews(true);
    }

    void samplesAndTheirPredictions()
    {
        ImagesView* view = findView<ImagesView>(m_window);
        QVERIFY(view);
        m_window.selectView(QStringLiteral("images"));
        const ExperimentInfo& info = m_window.controller()->info();
        QCOMPARE(info.imageRows, 8);
        QCOMPARE(info.sampleImages.size(), kMaxSampleImages);
        QVERIFY(info.samplesAreTest);
        QVERIFY(view->note().isEmpty());
        const LiveSnapshot& snap = m_window.history().snapshot();
        QCOMPARE(snap.samplePredictions.size(), std::size_t(4));
        // Compare float64 with the 2-bit run: the frames mark where the two disagree.
        view->setComparedRun(3);
        QCOMPARE(view->comparedRun(), 3);
        const auto& a = snap.samplePredictions[0];
        const auto& b = snap.samplePredictions[3];
        QCOMPARE(a.size(), kMaxSampleImages);
        int disagree = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            disagree += a[i] != b[i];
        QVERIFY2(disagree > 0, "the 2-bit run agrees with float64 on every sample");
        const QSize size(1100, 760);
        const QImage image = view->renderImage(size);
        // Sample i's frame: find its top-left corner by the tooltip, then look for orange.
        int framed = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            // The sample images sit in a grid from (12, 34); find sample i by its tooltip.
            bool found = false;
            for (int y = 30; y < size.height() / 2 && !found; y += 3)
                for (int x = 10; x < size.width() && !found; x += 3) {
                    const QString text = view->explainAt(QPointF(x, y), size);
                    if (!text.startsWith(QStringLiteral("Sample %1,").arg(i + 1)))
                        continue;
                    found = true;
                    // (x, y) is at most 3 px inside the image's top-left corner; the orange
                    // frame is drawn 2 px outside the image, so look up to 6 px above.
                    bool edge = false;
                    for (int dy = 0; dy <= 6 && !edge; ++dy)
                        edge = isOrange(image.pixel(x + 4, y - dy));
                    QCOMPARE(edge, a[i] != b[i]);
                    framed += edge;
                }
            QVERIFY2(found, qPrintable(QStringLiteral("no tooltip names sample %1").arg(i + 1)));
        }
        QCOMPARE(framed, disagree);
    }

    // The weights' titles count the levels of the grid the run has: sym2-ste per tensor
    // has one grid of 3 (it said "3 levels a channel"); float64 has none.
    void weightTitlesCountTheLevels()
    {
        ImagesView* view = findView<ImagesView>(m_window);
        QCOMPARE(
            view->weightsHeading(3), QStringLiteral("sym2-ste: first-layer weights (3 levels)"));
        QCOMPARE(
            view->weightsHeading(2), QStringLiteral("sym4-ste: first-layer weights (15 levels)"));
        QCOMPARE(view->weightsHeading(0), QStringLiteral("fp64: first-layer weights"));
    }

    void tooltipsExplainPixels()
    {
        ImagesView* view = findView<ImagesView>(m_window);
        m_window.selectView(QStringLiteral("images"));
        auto* canvas = view->findChild<QWidget*>(QStringLiteral("pictureCanvas"));
        QVERIFY(canvas);
        // Through a real tooltip event: the first sample's top-left pixel.
        QString text;
        for (int y = 30; y < 120 && text.isEmpty(); y += 2)
            text = tooltipAt(canvas, QPoint(20, y));
        QVERIFY2(text.startsWith(QStringLiteral("Sample 1, class ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("pixel (row 0, column ")), qPrintable(text));
        // A first-layer weight of the compared run names its weight and code.
        const QSize size = canvas->size();
        QString weight;
        for (int y = size.height() / 2; y < size.height() && weight.isEmpty(); y += 3)
            for (int x = size.width() / 2 + 20; x < size.width() && weight.isEmpty(); x += 3) {
                const QString t = view->explainAt(QPointF(x, y), size);
                if (t.contains(QStringLiteral("weight")))
                    weight = t;
            }
        QVERIFY2(weight.contains(QStringLiteral("layers.0.weight")), qPrintable(weight));
        QVERIFY2(weight.contains(QStringLiteral("integer code")), qPrintable(weight));
    }

    void confusionCellsOutlinedWhereTheyDiffer()
    {
        ClassesView* view = findView<ClassesView>(m_window);
        QVERIFY(view);
        m_window.selectView(QStringLiteral("classes"));
        view->setComparedRun(3);
        const LiveSnapshot& snap = m_window.history().snapshot();
        QVERIFY(snap.confusionOnTest);
        QCOMPARE(snap.confusion.size(), std::size_t(4));
        const ConfusionMatrix& a = snap.confusion[0];
        const ConfusionMatrix& b = snap.confusion[3];
        QCOMPARE(a.classes, 10);
        QVERIFY(a.counts != b.counts);
        const QSize size(1100, 700);
        const QImage image = view->renderImage(size);
        // Find each cell of the right-hand matrix by its tooltip; its outline is orange
        // exactly when its count differs from float64's.
        int checked = 0;
        for (int y = 60; y < size.height(); y += 4)
            for (int x = size.width() / 2; x < size.width(); x += 4) {
                const QString t = view->explainAt(QPointF(x, y), size);
                if (!t.startsWith(QStringLiteral("sym2-ste: ")))
                    continue;
                // "... of the N rows of class T predicted as P ..."
                const QRegularExpression re(QStringLiteral(
                    "sym2-ste: (\\d+) of the (\\d+) rows of class (\\d) predicted as (\\d)"));
                const auto m = re.match(t);
                QVERIFY2(m.hasMatch(), qPrintable(t));
                const int tc = m.captured(3).toInt(), pc = m.captured(4).toInt();
                QCOMPARE(m.captured(1).toLongLong(), b.at(tc, pc));
                QVERIFY2(
                    t.contains(QStringLiteral("fp64: %1 rows").arg(a.at(tc, pc))), qPrintable(t));
                ++checked;
            }
        QVERIFY(checked > 100); // every cell, several probes each
        // Orange appears in the picture iff some cell differs (it does here).
        bool orange = false;
        for (int y = 0; y < image.height() && !orange; ++y)
            for (int x = image.width() / 2; x < image.width() && !orange; ++x)
                orange = isOrange(image.pixel(x, y));
        QVERIFY(orange);
        // Compared with itself nothing differs: no orange anywhere.
        view->setComparedRun(1);
        const ConfusionMatrix& c = snap.confusion[1];
        const QImage same = view->renderImage(size);
        bool any = false;
        for (int y = 0; y < same.height() && !any; ++y)
            for (int x = 0; x < same.width() && !any; ++x)
                any = isOrange(same.pixel(x, y));
        QCOMPARE(any, a.counts != c.counts);
    }

    void exportsReadBack()
    {
        QTemporaryDir dir;
        for (ExperimentView* v : { static_cast<ExperimentView*>(findView<ImagesView>(m_window)),
                 static_cast<ExperimentView*>(findView<ClassesView>(m_window)) }) {
            const QString png = dir.filePath(v->key() + ".png");
            const QString svg = dir.filePath(v->key() + ".svg");
            QString error;
            QVERIFY2(v->exportChart(0, png, &error), qPrintable(error));
            QVERIFY2(v->exportChart(0, svg, &error), qPrintable(error));
            QImageReader reader(png);
            QVERIFY(reader.size().width() >= 1280);
            QVERIFY(QSvgRenderer(svg).isValid());
            QVERIFY(!v->exportChart(1, png, &error));
        }
    }

    void regressionGetsANote()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openPreset(QStringLiteral("seed")));
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
        w.refreshViews(true);
        QVERIFY(findView<ImagesView>(w)->note().contains(QStringLiteral("digits")));
        QVERIFY(findView<ClassesView>(w)->note().contains(QStringLiteral("regression")));
    }

    // Issue 18: "a user's 28x28 CSV gets the same views". The file is MNIST's layout (the
    // class first, named label; 784 pixel columns), generated here.
    void imageCsvGetsTheSameViews()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mnist.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray text = "label";
        for (int r = 1; r <= 28; ++r)
            for (int c = 1; c <= 28; ++c)
                text += "," + QByteArray::number(r) + "x" + QByteArray::number(c);
        text += "\n";
        for (int i = 0; i < 100; ++i) {
            const int k = i % 10;
            text += QByteArray::number(k);
            for (int p = 0; p < 784; ++p) // class k: a bright column 2k + 4, faint noise
                text += "," + QByteArray::number(p % 28 == 2 * k + 4 ? 255 : (p * 31 + i) % 40);
            text += "\n";
        }
        f.write(text);
        f.close();

        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(path));
        ExperimentPanel* panel = w.panel();
        QCOMPARE(panel->spec().dataset.target, std::string("label")); // MNIST's first column
        auto* images = panel->findChild<QCheckBox*>(QStringLiteral("imageShape"));
        auto* rows = panel->findChild<QSpinBox*>(QStringLiteral("imageRows"));
        auto* cols = panel->findChild<QSpinBox*>(QStringLiteral("imageCols"));
        QVERIFY(images && rows && cols);
        QVERIFY(images->isVisible());
        // Suggested, not yet taken: 784 = 28 x 28.
        QVERIFY(!images->isChecked());
        QCOMPARE(rows->value(), 28);
        QCOMPARE(cols->value(), 28);
        QVERIFY(!cols->isEnabled());
        QCOMPARE(panel->spec().dataset.imageRows, 0);
        QTest::mouseClick(images, Qt::LeftButton, {}, QPoint(8, images->height() / 2));
        QVERIFY(images->isChecked());
        QCOMPARE(panel->spec().dataset.imageRows, 28);
        QCOMPARE(panel->spec().dataset.imageCols, 28);
        QVERIFY(cols->isEnabled());
        // A shape that does not fit is refused in the panel, with the key named.
        auto* run = w.findChild<QAction*>(QStringLiteral("actionRun"));
        cols->setFocus();
        cols->selectAll();
        QTest::keyClicks(cols, QStringLiteral("27"));
        QCOMPARE(panel->spec().dataset.imageCols, 27);
        QVERIFY2(panel->problem().contains(QStringLiteral("dataset.image_shape [28, 27] is 756 "
                                                          "pixels")),
            qPrintable(panel->problem()));
        QVERIFY(!run->isEnabled());
        cols->selectAll();
        QTest::keyClicks(cols, QStringLiteral("28"));
        QVERIFY2(panel->problem().isEmpty(), qPrintable(panel->problem()));
        // Saved, the experiment carries the shape.
        const QString saved = dir.filePath(QStringLiteral("exp.json"));
        QVERIFY(w.saveExperiment(saved));
        const ExperimentSpec back = io::readExperiment(saved);
        QCOMPARE(back.dataset.imageRows, 28);
        QCOMPARE(back.dataset.imageCols, 28);

        ExperimentSpec spec = panel->spec();
        spec.training.epochs = 20;
        panel->setSpec(spec);
        QSignalSpy ended(&w, &MainWindow::trainingEnded);
        run->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 120000);
        w.refreshViews(true);
        const ExperimentInfo& info = w.controller()->info();
        QCOMPARE(info.imageRows, 28);
        QCOMPARE(info.imageCols, 28);
        QVERIFY(!info.sampleImages.empty());
        ImagesView* view = findView<ImagesView>(w);
        QVERIFY2(view->note().isEmpty(), qPrintable(view->note()));
        QVERIFY2(findView<ClassesView>(w)->note().isEmpty(),
            qPrintable(findView<ClassesView>(w)->note()));
        w.selectView(QStringLiteral("images"));
        const QSize size(1100, 760);
        QString pixel;
        for (int y = 30; y < 200 && pixel.isEmpty(); y += 2)
            pixel = view->explainAt(QPointF(20, y), size);
        QVERIFY2(pixel.contains(QStringLiteral("pixel (row 0, column ")), qPrintable(pixel));
    }

private:
    MainWindow m_window;
};

QTEST_MAIN(TestImagesView)
#include "tst_images_view.moc"
