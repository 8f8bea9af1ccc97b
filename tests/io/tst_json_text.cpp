// The JSON reader/writer under every file format: line:column errors, encodings, limits,
// duplicate keys, and bit-exact number round trips.
#include "core/common/error.h"
#include "core/io/json_text.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>

using namespace bitlab;
using namespace bitlab::io;

class TestJsonText : public QObject {
    Q_OBJECT

private slots:
    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected"); // a fragment of the message

        QTest::newRow("empty") << QByteArray() << "f.json:1:1: the file is empty";
        QTest::newRow("only spaces") << QByteArray(" \n\n ") << "f.json:3:2: the file is empty";
        QTest::newRow("truncated object")
            << QByteArray("{\"a\": 1,\n \"b\": [1, 2") << "f.json:2:12: the file ends early";
        QTest::newRow("truncated string")
            << QByteArray("{\"a\": \"abc") << "f.json:1:7: unterminated string";
        QTest::newRow("missing comma") << QByteArray("{\"a\": 1\n \"b\": 2}")
                                       << "f.json:2:2: unexpected '\"', expected ',' or '}'";
        QTest::newRow("bare word")
            << QByteArray("{\"a\":\n  adam}") << "f.json:2:3: unexpected 'a', expected a value";
        QTest::newRow("single quotes") << QByteArray(
            "{'a': 1}") << "f.json:1:2: unexpected ''', expected a key in double quotes";
        QTest::newRow("trailing comma")
            << QByteArray("{\"a\": [1, 2,]}") << "f.json:1:13: unexpected ']', expected a value";
        QTest::newRow("garbage after") << QByteArray("{} x") << "f.json:1:4: unexpected text after";
        QTest::newRow("leading zero")
            << QByteArray("[01]") << "f.json:1:2: invalid number (no leading zeros";
        QTest::newRow("huge number")
            << QByteArray("{\"lr\": 1e400}") << "f.json:1:8: the number 1e400 is out of range";
        QTest::newRow("tiny number")
            << QByteArray("[1e-400]") << "f.json:1:2: the number 1e-400 is out of range";
        QTest::newRow("nan literal") << QByteArray("[NaN]") << "f.json:1:2: unexpected 'N'";
        QTest::newRow("binary garbage") << QByteArray("\x7f"
                                                      "ELF\x02\x01\x01\x00\x00",
            9) << "binary data";
        QTest::newRow("utf16 le bom") << QByteArray("\xff\xfe{\x00}\x00", 6) << "UTF-16";
        QTest::newRow("utf16 be bom") << QByteArray("\xfe\xff\x00{\x00}", 6) << "UTF-16";
        QTest::newRow("utf16 no bom") << QByteArray("{\x00\"\x00", 4) << "looks like UTF-16";
        QTest::newRow("utf32") << QByteArray("\xff\xfe\x00\x00{\x00\x00\x00", 8) << "UTF-32";
        QTest::newRow("invalid utf8")
            << QByteArray("{\"name\": \"caf\xe9\"}") << "f.json:1:14: invalid UTF-8";
        QTest::newRow("overlong utf8") << QByteArray("[\"\xc0\xaf\"]") << "invalid UTF-8";
        QTest::newRow("raw newline in string") << QByteArray("[\"a\nb\"]") << "a control character";
        QTest::newRow("bad escape") << QByteArray("[\"a\\qb\"]") << "invalid escape '\\q'";
        QTest::newRow("lone surrogate") << QByteArray("[\"\\ud800\"]") << "lone UTF-16 surrogate";
        QTest::newRow("column counts characters")
            << QByteArray("{\"n\": \"\xc3\xa9\xc3\xa9\", x}") << "f.json:1:13: unexpected 'x'";
    }
    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        try {
            parseJson(text, QStringLiteral("f.json"));
            QFAIL("no error");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }

    void depthLimit()
    {
        const QByteArray ok = QByteArray(kMaxJsonDepth, '[') + QByteArray(kMaxJsonDepth, ']');
        QCOMPARE(parseJson(ok, "f").type, JsonNode::Type::Array);
        for (int depth : { kMaxJsonDepth + 1, 100000 }) {
            const QByteArray deep = QByteArray(depth, '[') + QByteArray(depth, ']');
            try {
                parseJson(deep, "f");
                QFAIL("no error");
            } catch (const Error& e) {
                QVERIFY2(
                    QString::fromUtf8(e.what()).contains("nested more than 64 levels"), e.what());
            }
        }
    }

    void valueLimit()
    {
        QCOMPARE(parseJson("[1, 2, 3]", "f", kMaxJsonDepth, 4).array.size(), size_t(3));
        try {
            parseJson("[1, 2, 3, 4]", "f", kMaxJsonDepth, 4);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(
                         "f:1:11: the file holds more than 4 JSON values"),
                e.what());
        }
    }

    void duplicateKeysLastWins()
    {
        const JsonNode node = parseJson(R"({"a": 1, "b": 2, "a": 3})", "f");
        QCOMPARE(node.object.size(), size_t(3));
        QCOMPARE(node.find("a")->integer, 3);
        QCOMPARE(toQJson(node).toObject().value("a").toInteger(), 3);
    }

    void bomAndUnicode()
    {
        const JsonNode node
            = parseJson("\xef\xbb\xbf{\"s\": \"\\u00e9\\ud83d\\ude00 \xc3\xa9\"}", "f");
        QCOMPARE(node.find("s")->string, QString::fromUtf8("\xc3\xa9\xf0\x9f\x98\x80 \xc3\xa9"));
        const QString text = QString::fromUtf8("tab\t\"quote\" \\ \xc3\xa9\n");
        QCOMPARE(parseJson(QByteArray::fromStdString(jsonString(text)), "f").string, text);
    }

    void numbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::newRow("0.1") << 0.1;
        QTest::newRow("1/3") << 1.0 / 3.0;
        QTest::newRow("1e-300") << 1e-300;
        QTest::newRow("smallest denormal") << std::numeric_limits<double>::denorm_min();
        QTest::newRow("denormal") << 1.2345e-310;
        QTest::newRow("smallest normal") << std::numeric_limits<double>::min();
        QTest::newRow("max") << std::numeric_limits<double>::max();
        QTest::newRow("-0.0") << -0.0;
        QTest::newRow("0.0") << 0.0;
        QTest::newRow("integral") << 3.0;
        QTest::newRow("2^53+2") << 9007199254740994.0;
        QTest::newRow("1e21") << 1e21;
        QTest::newRow("-2.5e-7") << -2.5e-7;
    }
    void numbers()
    {
        QFETCH(double, value);
        const std::string text = formatDouble(value);
        const JsonNode node = parseJson(QByteArray::fromStdString("[" + text + "]"), "f");
        const double back = node.array.at(0).number;
        QVERIFY2(std::memcmp(&back, &value, sizeof value) == 0, text.c_str());
        // Shortest: one digit fewer would not read back.
        QVERIFY(text.size() <= 24);
    }

    void shortestText()
    {
        QCOMPARE(formatDouble(0.1), std::string("0.1"));
        QCOMPARE(formatDouble(-0.0), std::string("-0.0"));
        QCOMPARE(formatDouble(1e-300), std::string("1e-300"));
        QCOMPARE(formatDouble(5e-324), std::string("5e-324"));
        QCOMPARE(formatDouble(std::nan("")), std::string("null"));
    }

    void integers()
    {
        const JsonNode node = parseJson("[9007199254740993, -0, 5, 5.0, 1e2]", "f");
        QVERIFY(node.array[0].isInteger);
        QCOMPARE(node.array[0].integer, std::int64_t(9007199254740993LL));
        QVERIFY(!node.array[1].isInteger);
        QVERIFY(std::signbit(node.array[1].number));
        QVERIFY(node.array[2].isInteger);
        QVERIFY(!node.array[3].isInteger);
        QVERIFY(!node.array[4].isInteger);
    }

    void writerLayout()
    {
        const QJsonObject o { { "b", 1 }, { "a", QJsonArray { 1, 2.5, -0.5 } },
            { "c", QJsonObject { { "x", "y" } } }, { "d", QJsonArray {} },
            { "big", qint64(9007199254740993LL) } };
        const QByteArray text = writeJson(o, { "c", "b" });
        QCOMPARE(text,
            QByteArray("{\n    \"c\": {\n        \"x\": \"y\"\n    },\n    \"b\": 1,\n"
                       "    \"a\": [1, 2.5, -0.5],\n    \"big\": 9007199254740993,\n"
                       "    \"d\": []\n}\n"));
        // And it parses back to the same object.
        QCOMPARE(toQJson(parseJson(text, "f")).toObject(), o);
    }
};

QTEST_APPLESS_MAIN(TestJsonText)
#include "tst_json_text.moc"
