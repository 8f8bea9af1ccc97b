// isoLines: the marching squares shared by the weight plane's contours and the Boundary
// view's decision line, against crossings computed by hand.

#include "ui/views/marching_squares.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <vector>

using bitlab::ui::isoLines;

namespace {
// A segment as a sorted pair of end points, so that the direction does not matter.
QString text(const QLineF& l)
{
    QPointF a = l.p1(), b = l.p2();
    if (std::make_pair(b.x(), b.y()) < std::make_pair(a.x(), a.y()))
        std::swap(a, b);
    auto num = [](double v) { return QString::number(v, 'g', 6); };
    return QStringLiteral("(%1,%2)-(%3,%4)").arg(num(a.x()), num(a.y()), num(b.x()), num(b.y()));
}
QStringList texts(const std::vector<QLineF>& lines)
{
    QStringList out;
    for (const QLineF& l : lines)
        out << text(l);
    out.sort();
    return out;
}
} // namespace

class TestMarchingSquares : public QObject {
    Q_OBJECT
private slots:
    void oneCell_data();
    void oneCell();
    void circleCrossingsLieOnTheCircle();
    void badInputGivesNothing();
};

void TestMarchingSquares::oneCell_data()
{
    // One cell: samples (row, col) (0,0), (0,1), (1,1), (1,0) = v0..v3, at grid points
    // (x = col, y = row). Level 0.5.
    QTest::addColumn<std::vector<double>>("values"); // row-major 2 x 2
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("all below") << std::vector<double> { 0, 0, 0, 0 } << QStringList {};
    QTest::newRow("all above") << std::vector<double> { 1, 1, 1, 1 } << QStringList {};
    // Only (0,0) above: crossings at x = 0.5 on the top edge, y = 0.5 on the left edge.
    QTest::newRow("one corner") << std::vector<double> { 1, 0, 0, 0 }
                                << QStringList { QStringLiteral("(0,0.5)-(0.5,0)") };
    // Left column 1, right column 0.25: x = (0.5 - 1) / (0.25 - 1) = 2/3 on both rows.
    QTest::newRow("vertical line") << std::vector<double> { 1, 0.25, 1, 0.25 }
                                   << QStringList { QStringLiteral("(0.666667,0)-(0.666667,1)") };
    // A saddle: (0,0) and (1,1) above. Mean 0.6 > 0.5: the high corners join through the
    // centre, the lines cut off the low corners (0,1) and (1,0).
    QTest::newRow("saddle, centre high")
        << std::vector<double> { 1, 0.2, 0.2, 1 } // row 0: (0,0)=1 (0,1)=0.2; row 1: 0.2 1
        << QStringList { QStringLiteral("(0,0.625)-(0.375,1)"),
               QStringLiteral("(0.625,0)-(1,0.375)") };
    // The same saddle with the mean below the level: the lines cut off the high corners.
    QTest::newRow("saddle, centre low")
        << std::vector<double> { 0.6, 0, 0, 0.6 }
        << QStringList { QStringLiteral("(0,0.166667)-(0.166667,0)"),
               QStringLiteral("(0.833333,1)-(1,0.833333)") };
    QTest::newRow("a NaN corner skips the cell")
        << std::vector<double> { 1, 0, std::numeric_limits<double>::quiet_NaN(), 0 }
        << QStringList {};
}

void TestMarchingSquares::oneCell()
{
    QFETCH(std::vector<double>, values);
    QFETCH(QStringList, expected);
    expected.sort();
    QCOMPARE(texts(isoLines(values, 2, 2, 0.5)), expected);
}

void TestMarchingSquares::circleCrossingsLieOnTheCircle()
{
    // f = x² + y² on a 41 x 41 grid over [-2, 2]²; the level 1 line is the unit circle.
    const int n = 41;
    const double h = 4.0 / (n - 1);
    std::vector<double> f(static_cast<std::size_t>(n) * n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const double x = -2 + j * h, y = -2 + i * h;
            f[static_cast<std::size_t>(i) * n + j] = x * x + y * y;
        }
    const std::vector<QLineF> lines = isoLines(f, n, n, 1.0);
    QVERIFY(lines.size() > 30);
    double length = 0;
    for (const QLineF& l : lines) {
        for (const QPointF& g : { l.p1(), l.p2() }) {
            const double r = std::hypot(-2 + g.x() * h, -2 + g.y() * h);
            // Linear interpolation of x² across one cell errs by at most h²/4 in f.
            QVERIFY2(std::abs(r - 1.0) < h * h, qPrintable(QString::number(r)));
        }
        length += l.length() * h;
    }
    QVERIFY2(std::abs(length - 2 * M_PI) < 0.01, qPrintable(QString::number(length)));
}

void TestMarchingSquares::badInputGivesNothing()
{
    QVERIFY(isoLines({ 1, 0, 0 }, 2, 2, 0.5).empty()); // size does not match
    QVERIFY(isoLines({ 1, 0 }, 1, 2, 0.5).empty()); // one row: no cell
}

QTEST_GUILESS_MAIN(TestMarchingSquares)
#include "tst_marching_squares.moc"
