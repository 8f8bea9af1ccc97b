// CurveLayer: the Loss chart's curves drawn over a QChart's plot area. Mapping to pixels
// and back, when a curve becomes a column band, that the band covers what a 1 px polyline
// covers (on a raster image, at 2x, and as an SVG polygon), clipping to the plot, and hover.

#include "ui/charts/curve_layer.h"

#include <QBuffer>
#include <QGraphicsView>
#include <QPainter>
#include <QSignalSpy>
#include <QSvgGenerator>
#include <QSvgRenderer>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtTest>
#include <cmath>

using namespace bitlab::ui;

namespace {

const QRectF kPlot(40, 20, 400, 300);

// A curve of two points per pixel column of the plot, x in [0, 400): a slow decay, plus
// `amplitude` (data units; the range below is 1 unit = 1 px) up and down alternately.
QList<QPointF> zigzag(double amplitude)
{
    QList<QPointF> pts;
    for (int i = 0; i < 800; ++i) {
        const double x = i * 0.5;
        pts.append({ x, 150.0 + 60.0 * std::exp(-x / 100.0) + (i % 2 ? amplitude : -amplitude) });
    }
    return pts;
}

// The topmost and bottommost row of column x whose pixel is darker than mid-grey (-1, -1:
// none).
std::pair<int, int> inkRows(const QImage& image, int x)
{
    int top = -1, bottom = -1;
    for (int y = 0; y < image.height(); ++y)
        if (qGray(image.pixel(x, y)) < 128) {
            if (top < 0)
                top = y;
            bottom = y;
        }
    return { top, bottom };
}

QImage blank(QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}

// The layer painted alone into an image of the plot's size times `scale`.
QImage paintLayer(CurveLayer& layer, double scale)
{
    QImage image = blank((kPlot.size() * scale).toSize());
    QPainter painter(&image);
    painter.scale(scale, scale);
    layer.paint(&painter, nullptr, nullptr);
    return image;
}

// Where columns [2, width - 2) of two images of one size differ in their topmost or
// bottommost ink by more than 1 px (empty: nowhere). Columns without ink in `reference`
// are skipped; *compared counts the others.
QString inkDifference(
    const QImage& image, const QImage& reference, const QString& what, int* compared = nullptr)
{
    int n = 0;
    for (int x = 2; x < image.width() - 2; ++x) {
        const auto [top, bottom] = inkRows(image, x);
        const auto [refTop, refBottom] = inkRows(reference, x);
        if (refTop < 0)
            continue;
        ++n;
        if (std::abs(top - refTop) > 1 || std::abs(bottom - refBottom) > 1)
            return QStringLiteral("column %1: %2 %3-%4 against %5-%6")
                .arg(x)
                .arg(what)
                .arg(top)
                .arg(bottom)
                .arg(refTop)
                .arg(refBottom);
    }
    if (compared)
        *compared = n;
    return {};
}

// A layer over kPlot showing data x in [0, 400], y in [0, 300] (1 unit = 1 px), with one
// black 1 px curve: zigzag(amplitude).
struct OneCurve {
    QChart chart;
    CurveLayer layer { &chart };
    int curve = 0;
    explicit OneCurve(double amplitude)
    {
        chart.setPlotArea(kPlot);
        layer.setRange(0, 400, 0, 300, false);
        curve = layer.addCurve(QPen(Qt::black, 1.0), false);
        layer.setPoints(curve, zigzag(amplitude));
    }
};

} // namespace

class TestCurveLayer : public QObject {
    Q_OBJECT
private slots:
    void mapping_data()
    {
        QTest::addColumn<bool>("log");
        QTest::newRow("linear") << false;
        QTest::newRow("log") << true;
    }

    void mapping()
    {
        QFETCH(bool, log);
        QChart chart;
        chart.setPlotArea(kPlot);
        CurveLayer layer(&chart);
        QCOMPARE(layer.pos(), kPlot.topLeft());
        QCOMPARE(layer.boundingRect(), QRectF(QPointF(0, 0), kPlot.size()));
        const double yMin = log ? 0.01 : -2.0, yMax = log ? 100.0 : 6.0;
        layer.setRange(0, 1000, yMin, yMax, log);
        QCOMPARE(layer.toPixel({ 0, yMax }), QPointF(0, 0));
        QCOMPARE(layer.toPixel({ 1000, yMin }), QPointF(400, 300));
        const QPointF middle = layer.toPixel({ 500, log ? 1.0 : 2.0 });
        QCOMPARE(middle, QPointF(200, 150)); // a log axis puts 1 halfway from 0.01 to 100
        for (const QPointF p : { QPointF(123, log ? 0.37 : -1.5), QPointF(999, log ? 42 : 5.5) }) {
            const QPointF back = layer.toData(layer.toPixel(p));
            QVERIFY(std::abs(back.x() - p.x()) < 1e-9);
            QVERIFY(std::abs(back.y() - p.y()) < 1e-9 * std::abs(p.y()));
        }
        // The layer follows the plot area.
        chart.setPlotArea(QRectF(10, 10, 200, 100));
        QCOMPARE(layer.pos(), QPointF(10, 10));
        QCOMPARE(layer.toPixel({ 1000, yMin }), QPointF(200, 100));
    }

    void bandOrLine_data()
    {
        QTest::addColumn<double>("amplitude");
        QTest::addColumn<bool>("dashed");
        QTest::addColumn<bool>("band");
        QTest::newRow("smooth") << 0.0 << false << false;
        QTest::newRow("gentle noise") << 0.4 << false << false;
        QTest::newRow("zig-zag") << 5.0 << false << true;
        QTest::newRow("dashed zig-zag stays a line") << 5.0 << true << false;
    }

    void bandOrLine()
    {
        QFETCH(double, amplitude);
        QFETCH(bool, dashed);
        QFETCH(bool, band);
        QChart chart;
        chart.setPlotArea(kPlot);
        CurveLayer layer(&chart);
        layer.setRange(0, 400, 0, 300, false);
        const int c
            = layer.addCurve(QPen(Qt::black, 1.0, dashed ? Qt::DashLine : Qt::SolidLine), false);
        layer.setPoints(c, zigzag(amplitude));
        // Two turns per column, each of 2 * amplitude px, plus the decay's own 60 px.
        const double travel = (799 * 2 * amplitude + (amplitude == 0 ? 60.0 : 0.0)) / 400.0;
        QVERIFY2(std::abs(layer.travelPerColumn(c) - travel) < 0.2,
            qPrintable(QString::number(layer.travelPerColumn(c))));
        QCOMPARE(layer.drawnAsBand(c), band);
    }

    void hysteresis()
    {
        QChart chart;
        chart.setPlotArea(kPlot);
        CurveLayer layer(&chart);
        layer.setRange(0, 400, 0, 300, false);
        const int c = layer.addCurve(QPen(Qt::black, 1.0), false);
        layer.setPoints(c, zigzag(0.75)); // 3 px per column: between the two limits
        QVERIFY(!layer.drawnAsBand(c));
        layer.setPoints(c, zigzag(5.0));
        QVERIFY(layer.drawnAsBand(c));
        layer.setPoints(c, zigzag(0.75));
        QVERIFY(layer.drawnAsBand(c)); // stays a band until it calms below 2 px
        layer.setPoints(c, zigzag(0.4));
        QVERIFY(!layer.drawnAsBand(c));
        // Zooming in on the y axis spreads the same points: 3 px become 6 px per column.
        layer.setPoints(c, zigzag(0.75));
        layer.setRange(0, 400, 75, 225, false);
        QVERIFY(layer.drawnAsBand(c));
    }

    // The band covers, column by column, what Qt's 1 px antialiased polyline covers.
    void bandCoversThePolyline_data()
    {
        QTest::addColumn<double>("scale");
        QTest::newRow("screen") << 1.0;
        QTest::newRow("2x export") << 2.0;
    }

    void bandCoversThePolyline()
    {
        QFETCH(double, scale);
        OneCurve one(8.0);
        QVERIFY(one.layer.drawnAsBand(one.curve));
        const QImage band = paintLayer(one.layer, scale);

        QImage line = blank(band.size());
        {
            QPainter painter(&line);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.scale(scale, scale);
            painter.setPen(QPen(Qt::black, 1.0));
            QPolygonF poly;
            for (const QPointF& p : one.layer.points(one.curve))
                poly.append(one.layer.toPixel(p));
            painter.drawPolyline(poly);
        }
        int compared = 0;
        const QString difference = inkDifference(band, line, QStringLiteral("band"), &compared);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QVERIFY(compared > band.width() * 9 / 10);
    }

    // On a vector device (SVG export) the band is a polygon covering the same columns.
    void svgBandMatchesRaster()
    {
        OneCurve one(8.0);
        const QImage raster = paintLayer(one.layer, 1.0);

        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        {
            QSvgGenerator svg;
            svg.setOutputDevice(&buffer);
            svg.setSize(kPlot.size().toSize());
            svg.setViewBox(QRect(QPoint(0, 0), kPlot.size().toSize()));
            QPainter painter(&svg);
            one.layer.paint(&painter, nullptr, nullptr);
        }
        QVERIFY(buffer.data().contains("<path")); // a polygon, not 400 rectangles
        QSvgRenderer renderer(buffer.data());
        QVERIFY(renderer.isValid());
        QImage vector = blank(raster.size());
        {
            QPainter painter(&vector);
            renderer.render(&painter);
        }
        const QString difference = inkDifference(vector, raster, QStringLiteral("svg"));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // Nothing is drawn outside the plot, whether the curve is a line or a band.
    void clipsToThePlot_data()
    {
        QTest::addColumn<double>("amplitude");
        QTest::newRow("line") << 0.0;
        QTest::newRow("band") << 8.0;
    }

    void clipsToThePlot()
    {
        QFETCH(double, amplitude);
        QChart chart;
        chart.setPlotArea(kPlot);
        CurveLayer layer(&chart);
        // Zoomed in: the curve runs far beyond every edge.
        layer.setRange(100, 300, 150, 250, false);
        const int c = layer.addCurve(QPen(Qt::black, 2.2), false);
        layer.setPoints(c, zigzag(amplitude));
        QCOMPARE(layer.drawnAsBand(c), amplitude > 0);
        const int margin = 30;
        QImage image = blank((kPlot.size() + QSizeF(2 * margin, 2 * margin)).toSize());
        {
            QPainter painter(&image);
            painter.translate(margin, margin);
            layer.paint(&painter, nullptr, nullptr);
        }
        const QRect inside(
            margin, margin, static_cast<int>(kPlot.width()), static_cast<int>(kPlot.height()));
        int inkInside = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const bool ink = image.pixel(x, y) != qRgb(255, 255, 255);
                if (inside.contains(x, y))
                    inkInside += ink ? 1 : 0;
                else
                    QVERIFY2(!ink, qPrintable(QStringLiteral("ink at %1,%2").arg(x).arg(y)));
            }
        QVERIFY(inkInside > 200);
    }

    // Non-finite points and, on a log axis, y <= 0 are left out; the rest is still drawn.
    void skipsPointsItCannotPlace()
    {
        QChart chart;
        chart.setPlotArea(kPlot);
        CurveLayer layer(&chart);
        layer.setRange(0, 400, 0.01, 100, true);
        const int c = layer.addCurve(QPen(Qt::black, 2.2), false);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        layer.setPoints(
            c, { { 0, 1 }, { 100, nan }, { 150, 0 }, { 200, -1 }, { 250, inf }, { 400, 1 } });
        const QImage image = paintLayer(layer, 1.0);
        // The line from (0, 1) to (400, 1) across the middle of the plot.
        QCOMPARE(inkRows(image, 200), std::make_pair(149, 150));
        QCOMPARE(inkRows(image, 10).first, 149);
    }

    void hover()
    {
        QChart* chart = new QChart;
        QChartView view(chart);
        view.resize(700, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(chart->plotArea().width() > 100);
        auto* layer = new CurveLayer(chart);
        layer->setRange(0, 100, 0, 10, false);
        const int flat = layer->addCurve(QPen(Qt::red, 2.2), true);
        const int silent = layer->addCurve(QPen(Qt::blue, 2.2), false);
        layer->setPoints(flat, { { 0, 5 }, { 100, 5 } });
        layer->setPoints(silent, { { 0, 2 }, { 100, 2 } });
        QSignalSpy spy(layer, &CurveLayer::hovered);
        auto toView = [&](const QPointF& data) {
            return view.mapFromScene(layer->mapToScene(layer->toPixel(data)));
        };
        // 3 px above the red line: within reach (pen half-width 1.1 + 4 px).
        QTest::mouseMove(view.viewport(), toView({ 40, 5 }) - QPoint(0, 3));
        QTRY_VERIFY(!spy.isEmpty());
        QList<QVariant> args = spy.takeLast();
        QCOMPARE(args.at(0).toInt(), flat);
        QVERIFY(args.at(2).toBool());
        const QPointF at = args.at(1).toPointF();
        QVERIFY2(std::abs(at.x() - 40) < 1.0 && std::abs(at.y() - 5) < 0.05,
            qPrintable(QStringLiteral("%1, %2").arg(at.x()).arg(at.y())));
        // The blue line is not hoverable: leaving the red one for it reports the leave.
        QTest::mouseMove(view.viewport(), toView({ 60, 2 }));
        QTRY_VERIFY(!spy.isEmpty());
        args = spy.takeLast();
        QCOMPARE(args.at(0).toInt(), flat);
        QVERIFY(!args.at(2).toBool());
    }
};

QTEST_MAIN(TestCurveLayer)
#include "tst_curve_layer.moc"
