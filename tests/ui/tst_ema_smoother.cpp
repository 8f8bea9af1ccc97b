// EmaSmoother: TensorBoard's debiased EMA, incremental extension equals a full pass.

#include "ui/charts/ema_smoother.h"

#include <QtTest>
#include <cmath>
#include <vector>

using bitlab::ui::EmaSmoother;

class TestEmaSmoother : public QObject {
    Q_OBJECT
private slots:
    void handComputed_data();
    void handComputed();
    void incrementalEqualsFull();
    void constantStaysConstant();
    void longSeriesFollowsTheFormula();
};

void TestEmaSmoother::handComputed_data()
{
    QTest::addColumn<double>("weight");
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<std::vector<double>>("expected");
    QTest::newRow("no smoothing") << 0.0 << std::vector<double> { 3, 1, 2 }
                                  << std::vector<double> { 3, 1, 2 };
    // w = 0.5: last 1.5 -> /0.5 = 3; last 0.75+0.5 = 1.25 -> /0.75 = 5/3;
    // last 0.625 + 1 = 1.625 -> /0.875 = 13/7.
    QTest::newRow("w=0.5") << 0.5 << std::vector<double> { 3, 1, 2 }
                           << std::vector<double> { 3.0, 5.0 / 3.0, 13.0 / 7.0 };
}

void TestEmaSmoother::handComputed()
{
    QFETCH(double, weight);
    QFETCH(std::vector<double>, values);
    QFETCH(std::vector<double>, expected);
    EmaSmoother s;
    s.setWeight(weight);
    std::vector<double> out;
    s.extend(values, out);
    QCOMPARE(out.size(), expected.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        QVERIFY2(
            std::abs(out[i] - expected[i]) < 1e-12, qPrintable(QString::number(out[i], 'g', 17)));
}

void TestEmaSmoother::incrementalEqualsFull()
{
    std::vector<double> values;
    for (int i = 0; i < 1000; ++i)
        values.push_back(std::exp(-i * 0.01) + 0.1 * std::sin(i));
    EmaSmoother full, inc;
    full.setWeight(0.9);
    inc.setWeight(0.9);
    std::vector<double> a, b, prefix;
    full.extend(values, a);
    for (std::size_t end = 0; end < values.size(); end += 77) {
        prefix.assign(
            values.begin(), values.begin() + static_cast<long>(std::min(end, values.size())));
        inc.extend(prefix, b);
    }
    inc.extend(values, b);
    QCOMPARE(b.size(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        QCOMPARE(b[i], a[i]);
}

void TestEmaSmoother::constantStaysConstant()
{
    // The debiasing removes the pull toward 0 that a plain EMA started at 0 would have.
    EmaSmoother s;
    s.setWeight(0.99);
    std::vector<double> out;
    s.extend(std::vector<double>(50, 2.5), out);
    for (double v : out)
        QVERIFY(std::abs(v - 2.5) < 1e-12);
}

void TestEmaSmoother::longSeriesFollowsTheFormula()
{
    // Past ~3,300 steps w^i underflows (w = 0.8); the smoother then divides by exactly 1,
    // as the formula shown = last / (1 - w^i) does in double precision.
    EmaSmoother s;
    s.setWeight(0.8);
    std::vector<double> values, out;
    for (int i = 0; i < 10000; ++i)
        values.push_back(1.0 + 0.5 * std::sin(0.37 * i));
    s.extend(values, out);
    QCOMPARE(out.size(), values.size());
    double last = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        last = 0.8 * last + 0.2 * values[i];
        const double shown = last / (1.0 - std::pow(0.8, static_cast<double>(i + 1)));
        QVERIFY2(std::abs(out[i] - shown) <= 1e-13 * std::abs(shown),
            qPrintable(QStringLiteral("step %1: %2 against %3").arg(i).arg(out[i]).arg(shown)));
    }
    QCOMPARE(out.back(), last); // the debiasing has worn off
}

QTEST_APPLESS_MAIN(TestEmaSmoother)
#include "tst_ema_smoother.moc"
