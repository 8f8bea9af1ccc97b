// Chart export: PNG at 2x scale and SVG with legend and axis titles, read back.

#include "ui/charts/loss_chart.h"
#include "ui/main_window.h"

#include <QImageReader>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab::ui;

class TestChartExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void exportReadsBack();
    void unwritablePathIsAnError();
};

void TestChartExport::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_chart_export"));
}

void TestChartExport::exportReadsBack()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 60000);

    QTemporaryDir dir;
    QString error;
    const QStringList files = w.exportAllCharts(dir.path(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(files.contains(dir.filePath(QStringLiteral("loss.png"))));
    QVERIFY(files.contains(dir.filePath(QStringLiteral("loss.svg"))));

    auto* chart = w.findChild<LossChart*>();
    QImageReader png(dir.filePath(QStringLiteral("loss.png")));
    QCOMPARE(png.format(), QByteArray("png"));
    const QImage image = png.read();
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 2 * 640);
    // Not blank: the curve's colour appears.
    bool coloured = false;
    for (int y = 0; y < image.height() && !coloured; y += 3)
        for (int x = 0; x < image.width() && !coloured; x += 3) {
            const QColor c = image.pixelColor(x, y);
            coloured = c.saturation() > 120 && c.value() > 60;
        }
    QVERIFY(coloured);

    QSvgRenderer svg(dir.filePath(QStringLiteral("loss.svg")));
    QVERIFY(svg.isValid());
    QFile text(dir.filePath(QStringLiteral("loss.svg")));
    QVERIFY(text.open(QIODevice::ReadOnly));
    const QByteArray body = text.readAll();
    QVERIFY(body.contains("step"));                                            // axis title
    QVERIFY(body.contains(w.history().run(0).name.toUtf8()));                  // legend
    QVERIFY(chart->legendText(0).startsWith(w.history().run(0).name));
}

void TestChartExport::unwritablePathIsAnError()
{
    MainWindow w;
    w.show();
    auto* chart = w.findChild<LossChart*>();
    QString error;
    QVERIFY(!chart->exportChart(0, QStringLiteral("/nonexistent-dir/x/loss.png"), &error));
    QVERIFY(error.contains(QStringLiteral("/nonexistent-dir/x/loss.png")));
    error.clear();
    QVERIFY(!chart->exportChart(0, QStringLiteral("/nonexistent-dir/x/loss.svg"), &error));
    QVERIFY(!error.isEmpty());
}

QTEST_MAIN(TestChartExport)
#include "tst_chart_export.moc"
