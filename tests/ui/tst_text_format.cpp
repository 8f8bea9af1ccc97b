// formatNumber: the one way the UI prints a number (charts, runs list, weight tips and the
// weight explainer), checked against a table.

#include "ui/text_format.h"

#include <QtTest>
#include <limits>

using namespace bitlab::ui;

class TestTextFormat : public QObject {
    Q_OBJECT
private slots:
    void formatNumber_data();
    void formatNumber();
    void formatPercent_data();
    void formatPercent();
};

void TestTextFormat::formatNumber_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("digits");
    QTest::addColumn<QString>("text");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("zero") << 0.0 << 4 << "0";
    QTest::newRow("a loss") << 0.0763912 << 4 << "0.07639";
    QTest::newRow("trailing zeros dropped") << 0.5 << 4 << "0.5";
    QTest::newRow("negative") << -2.25 << 4 << "-2.25";
    QTest::newRow("just above 1e-3: plain") << 0.00125 << 4 << "0.00125";
    QTest::newRow("below 1e-3: scientific") << 0.000123456 << 4 << "1.235e-04";
    QTest::newRow("scientific without trailing zeros") << 1e-5 << 4 << "1e-05";
    QTest::newRow("scientific, some zeros") << 2.5e-4 << 4 << "2.5e-04";
    QTest::newRow("from 1e5 up: scientific") << 123456.0 << 4 << "1.235e+05";
    QTest::newRow("negative scientific") << -3e6 << 4 << "-3e+06";
    QTest::newRow("six digits (weights)") << 0.123456789 << 6 << "0.123457";
    QTest::newRow("ten digits (explainer)") << 0.1 + 0.2 << 10 << "0.3";
    QTest::newRow("ten digits, small") << 1.0 / 3.0 * 1e-4 << 10 << "3.333333333e-05";
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << 4 << "–";
    QTest::newRow("infinity") << inf << 4 << "–";
    QTest::newRow("minus infinity") << -inf << 6 << "–";
}

void TestTextFormat::formatNumber()
{
    QFETCH(double, value);
    QFETCH(int, digits);
    QFETCH(QString, text);
    QCOMPARE(bitlab::ui::formatNumber(value, digits), text);
}

void TestTextFormat::formatPercent_data()
{
    QTest::addColumn<double>("share");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << 0.0 << "0.0%";
    QTest::newRow("all") << 1.0 << "100.0%";
    QTest::newRow("one decimal") << 0.875 << "87.5%";
    QTest::newRow("rounded") << 2.0 / 3.0 << "66.7%";
    QTest::newRow("no rows (NaN)") << std::numeric_limits<double>::quiet_NaN() << "–";
}

// The accuracies of the Classes view, the per-class strip and the Boundary view's caption.
void TestTextFormat::formatPercent()
{
    QFETCH(double, share);
    QFETCH(QString, text);
    QCOMPARE(bitlab::ui::formatPercent(share), text);
}

QTEST_APPLESS_MAIN(TestTextFormat)
#include "tst_text_format.moc"
