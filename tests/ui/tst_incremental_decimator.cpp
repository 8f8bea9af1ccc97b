// IncrementalDecimator: growing a history chunk by chunk gives, after every chunk, exactly
// MinMaxDecimator::decimate() of the whole history, while rescanning only the tail.

#include "ui/charts/incremental_decimator.h"
#include "ui/charts/min_max_decimator.h"

#include <QtTest>
#include <cmath>
#include <vector>

using bitlab::ui::IncrementalDecimator;
using bitlab::ui::MinMaxDecimator;

class TestIncrementalDecimator : public QObject {
    Q_OBJECT
private slots:
    void equalsFullDecimation_data();
    void equalsFullDecimation();
    void rescansOnlyTheTail();
    void rangeChangeStartsOver();
    void resetAfterReplacedInput();
};

namespace {
// A noisy decaying loss with occasional non-positive values and spikes; steps spaced by
// `stride` (record_every).
void makeHistory(std::size_t n, double stride, std::vector<double>& x, std::vector<double>& y)
{
    x.resize(n);
    y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i);
        x[i] = t * stride;
        y[i] = 1.0 / (1.0 + 1e-3 * t) + 0.3 * std::sin(0.37 * t) * std::cos(0.011 * t);
        if (i % 97 == 13)
            y[i] = -0.5; // skipped on a log axis
        if (i % 1013 == 500)
            y[i] = 40.0; // a spike that must survive
    }
}
} // namespace

void TestIncrementalDecimator::equalsFullDecimation_data()
{
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<double>("xMin");
    QTest::addColumn<double>("xMax"); // < 0: the whole run (total * stride)
    QTest::addColumn<int>("columns");
    QTest::addColumn<bool>("positiveOnly");
    QTest::addColumn<double>("stride");
    QTest::newRow("live run, 1 point per chunk") << 3000 << 1 << 0.0 << -1.0 << 50 << false << 1.0;
    QTest::newRow("live run, chunks of 37, log axis")
        << 20000 << 37 << 0.0 << -1.0 << 300 << true << 1.0;
    QTest::newRow("chunks of 1000, 800 px") << 60000 << 1000 << 0.0 << -1.0 << 800 << false << 1.0;
    QTest::newRow("zoomed into the middle")
        << 20000 << 113 << 5000.0 << 9000.0 << 120 << false << 1.0;
    QTest::newRow("zoomed, data runs past the right edge")
        << 8000 << 250 << 100.0 << 2000.0 << 40 << true << 1.0;
    QTest::newRow("record_every 7, odd columns")
        << 9000 << 61 << 0.0 << -1.0 << 333 << false << 7.0;
    QTest::newRow("short history kept whole, then decimated")
        << 400 << 9 << 0.0 << -1.0 << 64 << false << 1.0;
    QTest::newRow("one column") << 500 << 17 << 0.0 << -1.0 << 1 << false << 1.0;
}

void TestIncrementalDecimator::equalsFullDecimation()
{
    QFETCH(int, total);
    QFETCH(int, chunk);
    QFETCH(double, xMin);
    QFETCH(double, xMax);
    QFETCH(int, columns);
    QFETCH(bool, positiveOnly);
    QFETCH(double, stride);
    std::vector<double> x, y;
    makeHistory(static_cast<std::size_t>(total), stride, x, y);
    if (xMax < 0)
        xMax = total * stride;
    IncrementalDecimator inc;
    for (int n = 0; n <= total; n = n == total ? total + 1 : std::min(total, n + chunk)) {
        const std::size_t size = static_cast<std::size_t>(n);
        const QList<QPointF> expected = MinMaxDecimator::decimate(
            x.data(), y.data(), size, xMin, xMax, columns, positiveOnly);
        const QList<QPointF>& got
            = inc.update(x.data(), y.data(), size, xMin, xMax, columns, positiveOnly);
        QCOMPARE(got.size(), expected.size());
        QVERIFY2(got == expected, qPrintable(QStringLiteral("differs at n = %1").arg(n)));
    }
}

void TestIncrementalDecimator::rescansOnlyTheTail()
{
    std::vector<double> x, y;
    makeHistory(200'000, 1.0, x, y);
    IncrementalDecimator inc;
    inc.update(x.data(), y.data(), 100'000, 0, 200'000, 1000, true);
    QCOMPARE(inc.lastScanned(), std::size_t(100'000));
    // 1,000 more points: the last bucket (200 points wide) plus the new ones.
    inc.update(x.data(), y.data(), 101'000, 0, 200'000, 1000, true);
    QVERIFY2(inc.lastScanned() <= 1'200, qPrintable(QString::number(inc.lastScanned())));
    QVERIFY(inc.lastScanned() >= 1'000);
    // Nothing new: nothing scanned, same points.
    const QList<QPointF> before = inc.points();
    inc.update(x.data(), y.data(), 101'000, 0, 200'000, 1000, true);
    QCOMPARE(inc.lastScanned(), std::size_t(0));
    QCOMPARE(inc.points(), before);
}

void TestIncrementalDecimator::rangeChangeStartsOver()
{
    std::vector<double> x, y;
    makeHistory(50'000, 1.0, x, y);
    IncrementalDecimator inc;
    inc.update(x.data(), y.data(), 50'000, 0, 50'000, 500, false);
    // A zoom, a resize and a switch to the log axis each decimate from scratch.
    const QList<QPointF>& zoomed = inc.update(x.data(), y.data(), 50'000, 1000, 3000, 500, false);
    QCOMPARE(inc.lastScanned(), std::size_t(50'000));
    QCOMPARE(zoomed, MinMaxDecimator::decimate(x.data(), y.data(), 50'000, 1000, 3000, 500));
    const QList<QPointF>& resized = inc.update(x.data(), y.data(), 50'000, 1000, 3000, 499, false);
    QCOMPARE(resized, MinMaxDecimator::decimate(x.data(), y.data(), 50'000, 1000, 3000, 499));
    const QList<QPointF>& log = inc.update(x.data(), y.data(), 50'000, 1000, 3000, 499, true);
    QCOMPARE(log, MinMaxDecimator::decimate(x.data(), y.data(), 50'000, 1000, 3000, 499, true));
}

void TestIncrementalDecimator::resetAfterReplacedInput()
{
    // A new smoothing weight changes every value: after reset() the points are those of the
    // new values, not a mix. Shrinking input (a new run) is detected without reset().
    std::vector<double> x, y;
    makeHistory(30'000, 1.0, x, y);
    IncrementalDecimator inc;
    inc.update(x.data(), y.data(), 30'000, 0, 40'000, 200, false);
    for (double& v : y)
        v = v * 0.5 + 1.0;
    makeHistory(30'000, 1.0, x, y); // restore x; y changed below again
    for (std::size_t i = 0; i < y.size(); ++i)
        y[i] = std::cos(static_cast<double>(i) * 0.01);
    inc.reset();
    QCOMPARE(inc.update(x.data(), y.data(), 30'000, 0, 40'000, 200, false),
        MinMaxDecimator::decimate(x.data(), y.data(), 30'000, 0, 40'000, 200));
    QCOMPARE(inc.update(x.data(), y.data(), 20'000, 0, 40'000, 200, false),
        MinMaxDecimator::decimate(x.data(), y.data(), 20'000, 0, 40'000, 200));
    QCOMPARE(inc.lastScanned(), std::size_t(20'000));
}

QTEST_APPLESS_MAIN(TestIncrementalDecimator)
#include "tst_incremental_decimator.moc"
