// joinNames and shapeText: the lists messages show ("a, b, c", "[2, 3]"), one helper for
// every registry, column and tensor list.

// moc (Qt 6.4) cannot parse <concepts>, which join_names.h includes: it reads this file
// without the headers under test, which only the compiler needs.
#ifndef Q_MOC_RUN
#include "core/common/join_names.h"
#include "core/common/shape_text.h"
#endif
#include "core/loss/loss.h"

#include <QtTest>
#include <string>
#include <vector>

using namespace bitlab;

class TestJoinNames : public QObject {
    Q_OBJECT
private slots:
    void names_data();
    void names();
    void memberAndFunction();
    void shapes();
};

void TestJoinNames::names_data()
{
    QTest::addColumn<QStringList>("items");
    QTest::addColumn<QString>("separator");
    QTest::addColumn<QString>("joined");
    QTest::newRow("none") << QStringList {} << QString() << QString();
    QTest::newRow("one") << QStringList { "mse" } << QString() << QStringLiteral("mse");
    QTest::newRow("three") << QStringList { "a", "b", "c" } << QString()
                           << QStringLiteral("a, b, c");
    QTest::newRow("problems") << QStringList { "lr must be > 0", "epochs must be >= 1" }
                              << QStringLiteral("; ")
                              << QStringLiteral("lr must be > 0; epochs must be >= 1");
}

void TestJoinNames::names()
{
    QFETCH(QStringList, items);
    QFETCH(QString, separator);
    QFETCH(QString, joined);
    std::vector<std::string> names;
    for (const QString& s : items)
        names.push_back(s.toStdString());
    const std::string out
        = separator.isNull() ? joinNames(names) : joinNames(names, separator.toStdString());
    QCOMPARE(QString::fromStdString(out), joined);
}

void TestJoinNames::memberAndFunction()
{
    // A registry's names through a member pointer: the same list lossNames() gives.
    QCOMPARE(joinNames(lossRegistry(), &LossInfo::name), joinNames(lossNames()));
    const std::vector<int> codes { -1, 0, 3 };
    QCOMPARE(joinNames(
                 codes, [](int c) { return std::to_string(c); }, " | "),
        std::string("-1 | 0 | 3"));
}

void TestJoinNames::shapes()
{
    QCOMPARE(shapeText({ 2, 3 }), std::string("[2, 3]"));
    QCOMPARE(shapeText({ 4 }), std::string("[4]"));
    QCOMPARE(shapeText({}), std::string("[]"));
}

QTEST_APPLESS_MAIN(TestJoinNames)
#include "tst_join_names.moc"
