// MinMaxDecimator: keeps every extreme, thins to ~2 points per pixel column, keeps order.

#include "ui/charts/min_max_decimator.h"

#include <QtTest>
#include <cmath>
#include <vector>

using bitlab::ui::MinMaxDecimator;

class TestMinMaxDecimator : public QObject {
    Q_OBJECT
private slots:
    void shortInputIsKept_data();
    void shortInputIsKept();
    void extremesSurvive();
    void boundedSizeAndOrder_data();
    void boundedSizeAndOrder();
    void neighboursOutsideRangeKept();
    void positiveOnlySkipsNonPositive();
    void emptyInput();
};

void TestMinMaxDecimator::shortInputIsKept_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("columns");
    QTest::newRow("one point") << 1 << 10;
    QTest::newRow("exactly 2*columns+2") << 22 << 10;
    QTest::newRow("fewer than columns") << 5 << 100;
}

void TestMinMaxDecimator::shortInputIsKept()
{
    QFETCH(int, n);
    QFETCH(int, columns);
    std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        x[static_cast<std::size_t>(i)] = i;
        y[static_cast<std::size_t>(i)] = std::sin(i);
    }
    const QList<QPointF> out
        = MinMaxDecimator::decimate(x.data(), y.data(), x.size(), 0, n - 1, columns);
    QCOMPARE(out.size(), n);
    for (int i = 0; i < n; ++i)
        QCOMPARE(out[i], QPointF(i, std::sin(i)));
}

void TestMinMaxDecimator::extremesSurvive()
{
    // 100,000 points of a gentle curve with two spikes: both must survive at 100 columns.
    const std::size_t n = 100'000;
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<double>(i);
        y[i] = 1.0 + 0.1 * std::sin(static_cast<double>(i) * 1e-3);
    }
    y[12'345] = 50.0;
    y[77'777] = -40.0;
    const QList<QPointF> out = MinMaxDecimator::decimate(x.data(), y.data(), n, 0, n - 1, 100);
    bool high = false, low = false;
    for (const QPointF& p : out) {
        high |= p == QPointF(12'345, 50.0);
        low |= p == QPointF(77'777, -40.0);
    }
    QVERIFY(high);
    QVERIFY(low);
    QCOMPARE(out.first(), QPointF(0, y[0]));
}

void TestMinMaxDecimator::boundedSizeAndOrder_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("columns");
    QTest::newRow("1M points, 800 px") << 1'000'000 << 800;
    QTest::newRow("10k points, 37 px") << 10'000 << 37;
    QTest::newRow("odd spacing") << 5'001 << 3;
}

void TestMinMaxDecimator::boundedSizeAndOrder()
{
    QFETCH(int, n);
    QFETCH(int, columns);
    std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        x[static_cast<std::size_t>(i)] = i * 0.5;
        y[static_cast<std::size_t>(i)] = std::cos(i * 0.01) * (i % 7);
    }
    const double xMax = (n - 1) * 0.5;
    const QList<QPointF> out
        = MinMaxDecimator::decimate(x.data(), y.data(), x.size(), 0, xMax, columns);
    QVERIFY(out.size() <= 2 * columns + 4);
    QVERIFY(out.size() >= columns);
    for (int i = 1; i < out.size(); ++i)
        QVERIFY(out[i].x() > out[i - 1].x());
    // The overall min and max are preserved exactly.
    const auto [mn, mx] = std::minmax_element(y.begin(), y.end());
    double outMin = out[0].y(), outMax = out[0].y();
    for (const QPointF& p : out) {
        outMin = std::min(outMin, p.y());
        outMax = std::max(outMax, p.y());
    }
    QCOMPARE(outMin, *mn);
    QCOMPARE(outMax, *mx);
}

void TestMinMaxDecimator::neighboursOutsideRangeKept()
{
    std::vector<double> x { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    std::vector<double> y { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
    const QList<QPointF> out
        = MinMaxDecimator::decimate(x.data(), y.data(), x.size(), 3.5, 6.5, 100);
    QCOMPARE(out.size(), 5); // 3 (left neighbour), 4, 5, 6, 7 (right neighbour)
    QCOMPARE(out.first(), QPointF(3, 6));
    QCOMPARE(out.last(), QPointF(7, 2));
}

void TestMinMaxDecimator::positiveOnlySkipsNonPositive()
{
    std::vector<double> x { 0, 1, 2, 3 };
    std::vector<double> y { 1, 0, -1, 2 };
    const QList<QPointF> out
        = MinMaxDecimator::decimate(x.data(), y.data(), x.size(), 0, 3, 10, true);
    QCOMPARE(out.size(), 2);
    QCOMPARE(out[0], QPointF(0, 1));
    QCOMPARE(out[1], QPointF(3, 2));
}

void TestMinMaxDecimator::emptyInput()
{
    QVERIFY(MinMaxDecimator::decimate(nullptr, nullptr, 0, 0, 1, 10).isEmpty());
}

QTEST_APPLESS_MAIN(TestMinMaxDecimator)
#include "tst_min_max_decimator.moc"
