// The CSV reader, tokenizer rules and inspector (core/data/csv_*): RFC 4180, line endings,
// header and task detection, every error message, limits, locale independence.

#include "core/data/csv_inspect.h"
#include "core/data/csv_reader.h"
#include "core/data/csv_rules.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sys/stat.h>

using namespace bitlab;

namespace {

// "delimiter=;|target=z|task=binary|header=absent|maxColumns=3|maxLine=10|maxField=5|maxCells=4"
CsvOptions optionsFrom(const QString& spec)
{
    CsvOptions o;
    for (const QString& part : spec.split('|', Qt::SkipEmptyParts)) {
        const QString key = part.section('=', 0, 0);
        const QString value = part.section('=', 1);
        if (key == "delimiter")
            o.delimiter = value == "tab" ? '\t' : value.toLatin1().at(0);
        else if (key == "target")
            o.target = value.toStdString();
        else if (key == "task")
            o.task = value.toStdString();
        else if (key == "header")
            o.header = value == "present" ? CsvHeader::Present : CsvHeader::Absent;
        else if (key == "maxColumns")
            o.limits.maxColumns = value.toULongLong();
        else if (key == "maxLine")
            o.limits.maxLineBytes = value.toULongLong();
        else if (key == "maxField")
            o.limits.maxFieldBytes = value.toULongLong();
        else if (key == "maxCells")
            o.limits.maxCells = value.toULongLong();
        else
            qFatal("unknown option %s", qPrintable(key));
    }
    return o;
}

// A literal's bytes, NUL bytes included.
template <std::size_t N> QByteArray withNul(const char (&literal)[N])
{
    return QByteArray(literal, N - 1);
}

std::string text(const QByteArray& bytes)
{
    return std::string(bytes.constData(), bytes.size());
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT

private slots:
    void errors_data();
    void errors();
    void fileErrors_data();
    void fileErrors();
    void rfc4180();
    void utf8Labels();
    void lineEndings_data();
    void lineEndings();
    void emptyLines();
    void spacesAndSigns();
    void header_data();
    void header();
    void targetByName();
    void taskInference_data();
    void taskInference();
    void classMapping_data();
    void classMapping();
    void delimiters_data();
    void delimiters();
    void progressAndCancel();
    void largeRoundTrip();
    void plainAndQuotedAgree();
    void inspect();
    void inspectError();
    void mostlyNumericTarget_data();
    void mostlyNumericTarget();
    void inspectControlCharacters();
    void locale();
};

void TestCsv::errors_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("options");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("ragged row") << QByteArray("a,b,c\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3,4\n")
                                << "" << 7 << 4
                                << QStringList { "data.csv, line 7", "expected 3 fields, found 4" };
    QTest::newRow("short row") << QByteArray("a,b,c\n1,2\n") << "" << 2 << 3
                               << QStringList { "line 2", "expected 3 fields, found 2" };
    QTest::newRow("non-numeric feature")
        << QByteArray("x,y\n1,2\nabc,3\n") << "" << 3 << 1
        << QStringList { "line 3", "column \"x\"", "\"abc\" is not a number" };
    QTest::newRow("missing feature value")
        << QByteArray("x1,x2,y\n1,,3\n") << "" << 2 << 2
        << QStringList { "line 2", "column \"x2\"", "empty (a missing value)" };
    QTest::newRow("missing target value")
        << QByteArray("x,y\n1,2\n3,\n") << "" << 3 << 2
        << QStringList { "line 3", "column \"y\"", "empty (a missing value)" };
    QTest::newRow("unterminated quote") << QByteArray("x,y\n1,2\n\"3,4\n5,6\n7,8\n") << "" << 3 << 1
                                        << QStringList { "line 3", "never closed" };
    QTest::newRow("unterminated quote in second column")
        << QByteArray("x,y\n1,2\n\n3,\"4\n5,6\n") << "" << 4 << 2
        << QStringList { "line 4", "column 2", "never closed" };
    QTest::newRow("nan") << QByteArray("x,y\n1,2\nnan,3\n") << "" << 3 << 1
                         << QStringList { "line 3", "column \"x\"", "\"nan\"", "non-finite value" };
    QTest::newRow("inf") << QByteArray("x,y\n1,2\n-inf,3\n") << "" << 3 << 1
                         << QStringList { "line 3", "column \"x\"", "\"-inf\"",
                                "non-finite value" };
    QTest::newRow("infinite target")
        << QByteArray("x,y\n1,2.5\n2,Infinity\n3,4.5\n") << "" << 3 << 2
        << QStringList { "line 3", "column \"y\"", "\"Infinity\"", "non-finite value" };
    QTest::newRow("out of range") << QByteArray("x,y\n1,2\n1e309,3\n") << "" << 3 << 1
                                  << QStringList { "line 3", "column \"x\"", "\"1e309\"",
                                         "out of range" };
    QTest::newRow("thousands separator")
        << QByteArray("x,y\n1,2\n\"1,234\",3\n") << "" << 3 << 1
        << QStringList { "line 3", "column \"x\"", "\"1,234\"", "thousands separator", "(1234)" };
    QTest::newRow("decimal comma, ';' detected")
        << QByteArray("a;b;y\n1,5;2,5;3\n") << "" << 2 << 1
        << QStringList { "line 2", "column \"a\"", "\"1,5\"", "decimal comma", "(1.5)" };
    QTest::newRow("';' file read with ','")
        << QByteArray("1,5;2,5;3\n1,5;2,5;4\n") << "delimiter=," << 1 << 2
        << QStringList { "line 1", "column \"col2\"", "\"5;2\"", "';'-separated" };
    QTest::newRow("invalid UTF-8") << QByteArray("x,y\n1,2\n3,\xff\n") << "" << 3 << 0
                                   << QStringList { "line 3", "0xFF", "not valid UTF-8" };
    QTest::newRow("truncated UTF-8 deep in the file")
        << QByteArray("x,y\n") + QByteArray("1,2\n").repeated(20) + QByteArray("3,\xe2\x82\n") << ""
        << 22 << 0 << QStringList { "line 22", "0xE2", "not valid UTF-8" };
    QTest::newRow("UTF-16 surrogate in UTF-8")
        << QByteArray("x,y\n1,\xed\xa0\x80\n") << "" << 2 << 0 << QStringList { "line 2", "0xED" };
    QTest::newRow("overlong UTF-8") << QByteArray("x,y\n\xc0\xafz,2\n") << "" << 2 << 0
                                    << QStringList { "line 2", "0xC0", "not valid UTF-8" };
    QTest::newRow("UTF-16 BOM") << QByteArray("\xff\xfex\0,\0y\0\n\0", 10) << "" << 1 << 0
                                << QStringList { "data.csv", "UTF-16" };
    QTest::newRow("empty file") << QByteArray("") << "" << 0 << 0
                                << QStringList { "data.csv is empty" };
    QTest::newRow("only line breaks")
        << QByteArray("\n\r\n\n") << "" << 0 << 0 << QStringList { "data.csv is empty" };
    QTest::newRow("BOM only") << QByteArray("\xef\xbb\xbf") << "" << 0 << 0
                              << QStringList { "data.csv is empty" };
    QTest::newRow("header only") << QByteArray("x,y\n") << "" << 1 << 0
                                 << QStringList { "data.csv", "header line but no data rows" };
    QTest::newRow("duplicate column names")
        << QByteArray("x,y,x\n1,2,3\n") << "" << 1 << 3
        << QStringList { "line 1", "columns 1 and 3", "both named \"x\"" };
    QTest::newRow("one column") << QByteArray("y\n1\n2\n") << "" << 1 << 1
                                << QStringList { "only one column", "\"y\"" };
    QTest::newRow("text after closing quote")
        << QByteArray("x,y\n\"1\"a,2\n") << "" << 2 << 1
        << QStringList { "line 2", "unexpected text 'a'", "column 1" };
    QTest::newRow("target not found")
        << QByteArray("x,y\n1,2\n") << "target=z" << 1 << 0
        << QStringList { "no column named \"z\"", "columns are: x, y" };
    QTest::newRow("regression on text target")
        << QByteArray("x,y\n1,a\n2,b\n") << "task=regression" << 2 << 2
        << QStringList { "line 2", "column \"y\"", "\"a\"", "cannot be a regression target" };
    QTest::newRow("binary with three classes")
        << QByteArray("x,y\n1,a\n2,b\n3,c\n") << "task=binary" << 0 << 2
        << QStringList { "column \"y\"", "3 distinct values", "binary" };
    QTest::newRow("unknown task") << QByteArray("x,y\n1,a\n2,b\n") << "task=classes" << 0 << 0
                                  << QStringList { "dataset.task", "'classes'" };
    QTest::newRow("error line counts empty lines")
        << QByteArray("x,y\n\n1,2\n\r\nabc,3\n") << "" << 5 << 1
        << QStringList { "line 5", "column \"x\"", "\"abc\"" };
    QTest::newRow("error line counts quoted line breaks")
        << QByteArray("x,y\n1,\"a\nb\"\nabc,3\n") << "" << 4 << 1
        << QStringList { "line 4", "column \"x\"", "\"abc\"" };
    QTest::newRow("column limit") << QByteArray("a,b,c,d\n1,2,3,4\n") << "maxColumns=3" << 1 << 4
                                  << QStringList { "line 1", "limit of 3 columns" };
    QTest::newRow("line limit") << QByteArray("x,y\n1,2\n12345678901234,2\n") << "maxLine=10" << 3
                                << 1 << QStringList { "line 3", "limit of 10 bytes" };
    QTest::newRow("field limit") << QByteArray("x,y\n1,2\n\"123456789\",2\n") << "maxField=5" << 3
                                 << 1 << QStringList { "line 3", "limit of 5 bytes" };
    QTest::newRow("cell limit") << QByteArray("x,y\n1,2\n3,4\n5,6\n") << "maxCells=4" << 0 << 0
                                << QStringList { "limit of 4 cells" };
    // NUL bytes and control characters: never a silent extra class, never a
    // message cut at the NUL or holding raw control characters.
    QTest::newRow("NUL in a class label")
        << withNul("x,y\n1,a\n2,b\0\n3,a\n4,b\n") << "" << 3 << 2
        << QStringList { "data.csv, line 3", "column 2 holds a NUL byte (U+0000) after \"b\"",
               "never holds NUL bytes" };
    QTest::newRow("NUL in a feature")
        << withNul("x,y\n1,2\n3\0 4,5\n") << "" << 3 << 1
        << QStringList { "line 3", "column 1 holds a NUL byte", "after \"3\"", "binary file" };
    QTest::newRow("NUL in a quoted field")
        << withNul("x,y\n1,\"a\0b\"\n") << "" << 2 << 2
        << QStringList { "line 2", "column 2 holds a NUL byte", "after \"a\"" };
    QTest::newRow("NUL in the header") << withNul("x\0,y\n1,2\n") << "" << 1 << 1
                                       << QStringList { "line 1", "column 1 holds a NUL byte" };
    QTest::newRow("escape sequence in a class label")
        << QByteArray("x,y\n1,a\n2,\x1b[31mred\n3,a\n") << "" << 3 << 2
        << QStringList { "line 3", "column \"y\" (the target)", "class label \"\\x1B[31mred\"",
               "an escape character (U+001B)", "class labels must be plain text" };
    QTest::newRow("C1 control in a class label")
        << QByteArray("x,y\n1,a\n2,b\xc2\x85\n") << "" << 3 << 2
        << QStringList { "line 3", "\"b\\u0085\"", "control character U+0085" };
    QTest::newRow("line break in a class label")
        << QByteArray("x,y\n1,a\n2,b\n3,\"two\nlines\"\n") << "" << 4 << 2
        << QStringList { "line 4", "\"two\\nlines\"", "a line break (U+000A)" };
    QTest::newRow("tab in a class label")
        << QByteArray("x,y\n1,a\n2,b\tc\n") << "" << 3 << 2
        << QStringList { "line 3", "\"b\\tc\"", "a tab (U+0009)" };
    QTest::newRow("escape sequence in a column name")
        << QByteArray("x\x1b[2J,y\n1,a\n2,b\n") << "" << 1 << 1
        << QStringList { "data.csv, line 1, column 1", "the column name \"x\\x1B[2J\"",
               "an escape character", "column names must be plain text" };
    QTest::newRow("control character in a feature is escaped")
        << QByteArray("x,y\n1,2\n\x1b[2J,3\n") << "" << 3 << 1
        << QStringList { "line 3", "column \"x\"", "\"\\x1B[2J\" is not a number" };
}

void TestCsv::errors()
{
    QFETCH(QByteArray, csv);
    QFETCH(QString, options);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QStringList, fragments);
    try {
        parseCsv(text(csv), "data.csv", optionsFrom(options));
        QFAIL("no error");
    } catch (const CsvError& e) {
        const QString message = QString::fromStdString(e.what());
        for (const QString& f : fragments)
            QVERIFY2(message.contains(f), qPrintable(message + "  (missing: " + f + ")"));
        QCOMPARE(e.line(), line);
        QCOMPARE(e.column(), column);
        QVERIFY2(message.endsWith('.'), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
        // Never a raw control character (a NUL would cut the message when printed).
        QVERIFY2(std::none_of(message.begin(), message.end(),
                     [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7F; }),
            qPrintable(message));
    } catch (const Error& e) {
        // Errors that are not about a place in the file (only the task choice).
        QCOMPARE(line, 0);
        const QString message = QString::fromStdString(e.what());
        for (const QString& f : fragments)
            QVERIFY2(message.contains(f), qPrintable(message + "  (missing: " + f + ")"));
    }
}

void TestCsv::fileErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("missing path") << "missing"
                                  << "no such file";
    QTest::newRow("directory") << "directory"
                               << "it is a folder, not a file";
    QTest::newRow("named pipe") << "fifo"
                                << "it is a named pipe (FIFO), not a regular file";
    QTest::newRow("device") << "device"
                            << "it is a device, not a regular file";
    QTest::newRow("symbolic link loop") << "loop"
                                        << "a symbolic link loop";
    QTest::newRow("dangling symbolic link") << "dangling"
                                            << "symbolic link to a missing file";
    QTest::newRow("file size limit") << "big"
                                     << "more than the limit of 8";
}

void TestCsv::fileErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath("nothing.csv");
    CsvOptions options;
    if (kind == "directory")
        path = dir.path();
    if (kind == "fifo") {
        path = dir.filePath("pipe.csv");
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    }
    if (kind == "device")
        path = "/dev/zero";
    if (kind == "loop") {
        path = dir.filePath("loop.csv");
        QVERIFY(QFile::link(dir.filePath("loop2.csv"), path));
        QVERIFY(QFile::link(path, dir.filePath("loop2.csv")));
    }
    if (kind == "dangling") {
        path = dir.filePath("dangling.csv");
        QVERIFY(QFile::link(dir.filePath("gone.csv"), path));
    }
    if (kind == "big") {
        path = writeFile(dir, "big.csv", "x,y\n1,2\n3,4\n");
        options.limits.maxFileBytes = 8;
    }
    try {
        readCsv(path.toStdString(), options);
        QFAIL("no error");
    } catch (const Error& e) {
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(message.contains(fragment), qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));
    }
    const CsvInspection r = inspectCsv(path.toStdString(), options);
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error).contains(fragment), r.error.c_str());
}

void TestCsv::rfc4180()
{
    const QByteArray csv = "x,\"the, label\"\n"
                           "\"1.5\",\"a,b\"\n"
                           "2,\"say \"\"hi\"\"\"\n"
                           "3,\"two lines\"\n"
                           " 4 , \"a,b\" \n";
    const Dataset ds = parseCsv(text(csv), "rfc.csv");
    QCOMPARE(ds.rows(), Index { 4 });
    QCOMPARE(ds.featureNames, std::vector<std::string> { "x" });
    QCOMPARE(ds.targetName, std::string("the, label"));
    QCOMPARE(ds.x(0, 0), 1.5);
    QCOMPARE(ds.x(3, 0), 4.0);
    // Byte-wise sorted labels: "a,b" < "say \"hi\"" < "two lines". (A line break inside a
    // quoted label is an error: errors() "line break in a class label".)
    const std::vector<std::string> labels { "a,b", "say \"hi\"", "two lines" };
    QCOMPARE(ds.classLabels, labels);
    QCOMPARE(ds.task, Task::Multiclass);
    QCOMPARE(ds.y(0, 0), 0.0);
    QCOMPARE(ds.y(1, 0), 1.0);
    QCOMPARE(ds.y(2, 0), 2.0);
    QCOMPARE(ds.y(3, 0), 0.0);
}

void TestCsv::utf8Labels()
{
    const Dataset ds = parseCsv("x,Größe\n1,\xc3\xa9t\xc3\xa9\n2,\xe2\x82\xac\n3,\xf0\x9f\x8c\xb2\n"
                                "4,\xc3\xa9t\xc3\xa9\n",
        "u.csv");
    QCOMPARE(ds.targetName, std::string("Größe"));
    const std::vector<std::string> labels { "\xc3\xa9t\xc3\xa9", "\xe2\x82\xac",
        "\xf0\x9f\x8c\xb2" };
    QCOMPARE(ds.classLabels, labels);
    QCOMPARE(ds.y(3, 0), 0.0);
}

void TestCsv::lineEndings_data()
{
    QTest::addColumn<QByteArray>("csv");
    const QByteArray lf = "x1,x2,y\n0.1,-2.5e-3,1.25\n3,4,5.5\n-7.75,8e2,9.125\n";
    QByteArray crlf = lf;
    crlf.replace("\n", "\r\n");
    QTest::newRow("LF") << lf;
    QTest::newRow("CRLF") << crlf;
    QTest::newRow("LF, no final newline") << lf.chopped(1);
    QTest::newRow("CRLF, no final newline") << crlf.chopped(2);
    QTest::newRow("UTF-8 BOM") << QByteArray("\xef\xbb\xbf") + lf;
    QTest::newRow("BOM, CRLF") << QByteArray("\xef\xbb\xbf") + crlf;
    QByteArray cr = lf;
    cr.replace("\n", "\r");
    QTest::newRow("CR only (old Mac)") << cr;
    QTest::newRow("CR only, no final CR") << cr.chopped(1);
    QTest::newRow("BOM, CR only") << QByteArray("\xef\xbb\xbf") + cr;
}

void TestCsv::lineEndings()
{
    QFETCH(QByteArray, csv);
    const Dataset ds = parseCsv(text(csv), "e.csv");
    QCOMPARE(ds.featureNames, (std::vector<std::string> { "x1", "x2" }));
    QCOMPARE(ds.targetName, std::string("y"));
    Matrix x(3, 2);
    x << 0.1, -2.5e-3, 3, 4, -7.75, 8e2;
    Matrix y(3, 1);
    y << 1.25, 5.5, 9.125;
    QCOMPARE(ds.task, Task::Regression);
    QVERIFY(ds.x == x); // bit-identical
    QVERIFY(ds.y == y);
    // CR-only files read alike and say how they were read; the others without a word.
    const bool crOnly = !csv.contains('\n');
    QCOMPARE(ds.warnings.size(), std::size_t(crOnly ? 1 : 0));
    if (crOnly)
        QVERIFY2(ds.warnings[0].find("old Mac OS line endings") != std::string::npos,
            ds.warnings[0].c_str());
    const CsvInspection r = inspectCsvText(text(csv), "e.csv");
    QVERIFY2(r.ok(), r.error.c_str());
    QCOMPARE(r.rows, std::int64_t { 3 });
    QCOMPARE(r.task, std::string("regression"));
    QCOMPARE(r.problems.size(), std::size_t(crOnly ? 1 : 0));
}

void TestCsv::emptyLines()
{
    const Dataset ds = parseCsv("x,y\n\n1,2.5\n\r\n3,4.5\n\n", "e.csv");
    QCOMPARE(ds.rows(), Index { 2 });
    QCOMPARE(ds.x(1, 0), 3.0);
    QCOMPARE(ds.warnings.size(), std::size_t { 1 });
    QVERIFY2(
        ds.warnings[0].find("skipped 3 empty lines") != std::string::npos, ds.warnings[0].c_str());
    const CsvInspection r = inspectCsvText("x,y\n\n1,2.5\n\r\n3,4.5\n\n", "e.csv");
    QCOMPARE(r.emptyLines, std::int64_t { 3 });
    QCOMPARE(r.rows, std::int64_t { 2 });
}

void TestCsv::spacesAndSigns()
{
    const Dataset ds = parseCsv("a , b ,y\n +1.5 ,\t-2 , .5\n1.,1E3,-0\n", "s.csv");
    QCOMPARE(ds.featureNames, (std::vector<std::string> { "a", "b" }));
    QCOMPARE(ds.x(0, 0), 1.5);
    QCOMPARE(ds.x(0, 1), -2.0);
    QCOMPARE(ds.y(0, 0), 0.5);
    QCOMPARE(ds.x(1, 0), 1.0);
    QCOMPARE(ds.x(1, 1), 1000.0);
    double v = 1;
    QCOMPARE(parseCell("1e-400", v), CellKind::Number); // underflow reads as zero
    QCOMPARE(v, 0.0);
    QCOMPARE(parseCell("+-1", v), CellKind::Text);
    QCOMPARE(parseCell("0x10", v), CellKind::Text);
    QCOMPARE(parseCell("1.5.2", v), CellKind::Text);
    QCOMPARE(parseCell("NaN", v), CellKind::NonFinite);
}

void TestCsv::header_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("options");
    QTest::addColumn<bool>("header");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("names over numbers")
        << QByteArray("x,y\n1,2\n") << "" << true << QStringList { "x", "y" };
    QTest::newRow("numbers only") << QByteArray("1,2\n3,4\n") << "" << false
                                  << QStringList { "col1", "col2" };
    QTest::newRow("text target, no header") << QByteArray("1,2,cat\n3,4,dog\n") << "" << false
                                            << QStringList { "col1", "col2", "col3" };
    QTest::newRow("header over text target")
        << QByteArray("a,b,label\n1,2,cat\n") << "" << true << QStringList { "a", "b", "label" };
    QTest::newRow("numeric column name")
        << QByteArray("x,2020\n1,2\n") << "" << true << QStringList { "x", "2020" };
    QTest::newRow("all text") << QByteArray("a,b\nc,d\n") << "" << true << QStringList { "a", "b" };
    QTest::newRow("forced absent")
        << QByteArray("x,y\n1,2\n") << "header=absent" << false << QStringList { "col1", "col2" };
    QTest::newRow("forced present")
        << QByteArray("1,2\n3,4\n") << "header=present" << true << QStringList { "1", "2" };
}

void TestCsv::header()
{
    QFETCH(QByteArray, csv);
    QFETCH(QString, options);
    QFETCH(bool, header);
    QFETCH(QStringList, names);
    const CsvInspection r = inspectCsvText(text(csv), "h.csv", optionsFrom(options));
    QVERIFY2(r.ok(), r.error.c_str());
    QCOMPARE(r.header, header);
    QStringList got;
    for (const auto& c : r.columns)
        got << QString::fromStdString(c.name);
    QCOMPARE(got, names);
}

void TestCsv::targetByName()
{
    CsvOptions o;
    o.target = "y";
    const Dataset ds = parseCsv("a,y,b\n1,2.5,3\n4,5.5,6\n", "t.csv", o);
    QCOMPARE(ds.featureNames, (std::vector<std::string> { "a", "b" }));
    QCOMPARE(ds.targetName, std::string("y"));
    Matrix x(2, 2);
    x << 1, 3, 4, 6;
    QVERIFY(ds.x == x);
    QCOMPARE(ds.y(0, 0), 2.5);
    QCOMPARE(ds.y(1, 0), 5.5);
    o.target = "col2";
    o.header = CsvHeader::Absent;
    const Dataset noHeader = parseCsv("1,2.5,3\n4,5.5,6\n", "t.csv", o);
    QCOMPARE(noHeader.targetName, std::string("col2"));
    QVERIFY(noHeader.x == x);
}

void TestCsv::taskInference_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("expected");
    QTest::newRow("0/1 over 4 rows") << QStringList { "0", "1", "1", "0" } << "auto"
                                     << "binary";
    QTest::newRow("3 classes over 6 rows") << QStringList { "0", "1", "2", "2", "1", "0" } << "auto"
                                           << "multiclass";
    QTest::newRow("integers written as 1.0") << QStringList { "1.0", "0", "1", "0.0" } << "auto"
                                             << "binary";
    QTest::newRow("non-integer") << QStringList { "0", "1", "1.5", "0" } << "auto"
                                 << "regression";
    QTest::newRow("distinct > half the rows") << QStringList { "0", "1", "2", "0", "1" } << "auto"
                                              << "regression";
    QStringList many;
    for (int i = 0; i < 50; ++i)
        many << QString::number(i % 21);
    QTest::newRow("21 distinct integers") << many << "auto"
                                          << "regression";
    QStringList twenty;
    for (int i = 0; i < 50; ++i)
        twenty << QString::number(i % 20);
    QTest::newRow("20 distinct integers") << twenty << "auto"
                                          << "multiclass";
    QTest::newRow("text, two labels") << QStringList { "yes", "no", "yes" } << "auto"
                                      << "binary";
    QTest::newRow("text, three labels") << QStringList { "a", "b", "c" } << "auto"
                                        << "multiclass";
    QTest::newRow("forced regression") << QStringList { "0", "1", "1", "0" } << "regression"
                                       << "regression";
    QTest::newRow("forced multiclass on two") << QStringList { "0", "1", "1", "0" } << "multiclass"
                                              << "multiclass";
    QTest::newRow("forced binary on decimals") << QStringList { "0.5", "1.5", "0.5" } << "binary"
                                               << "binary";
}

void TestCsv::taskInference()
{
    QFETCH(QStringList, targets);
    QFETCH(QString, task);
    QFETCH(QString, expected);
    std::string csv = "x,t\n";
    for (int i = 0; i < targets.size(); ++i)
        csv += std::to_string(i) + "," + targets[i].toStdString() + "\n";
    CsvOptions o;
    o.task = task.toStdString();
    const Dataset ds = parseCsv(csv, "t.csv", o);
    QCOMPARE(QString(toString(ds.task)), expected);
    const CsvInspection r = inspectCsvText(csv, "t.csv", o);
    QCOMPARE(QString::fromStdString(r.task), expected);
    QCOMPARE(r.classes, ds.classLabels);
}

void TestCsv::classMapping_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QList<int>>("indices");
    QTest::newRow("numeric sort, not text sort") << QStringList { "10", "2", "1", "10", "2", "1",
        "2" } << QStringList { "1", "2", "10" } << QList<int> { 2, 1, 0, 2, 1, 0, 1 };
    QTest::newRow("negative labels") << QStringList { "1", "-1", "-1", "1" }
                                     << QStringList { "-1", "1" } << QList<int> { 1, 0, 0, 1 };
    QTest::newRow("text sorted") << QStringList { "pear", "apple", "fig", "apple" }
                                 << QStringList { "apple", "fig", "pear" }
                                 << QList<int> { 2, 0, 1, 0 };
    QTest::newRow("mixed number and text, byte-wise") << QStringList { "b", "10",
        "9" } << QStringList { "10", "9", "b" } << QList<int> { 2, 0, 1 };
}

void TestCsv::classMapping()
{
    QFETCH(QStringList, targets);
    QFETCH(QStringList, labels);
    QFETCH(QList<int>, indices);
    std::string csv = "x,t\n";
    for (int i = 0; i < targets.size(); ++i)
        csv += std::to_string(i) + "," + targets[i].toStdString() + "\n";
    const Dataset ds = parseCsv(csv, "c.csv");
    QStringList got;
    for (const auto& l : ds.classLabels)
        got << QString::fromStdString(l);
    QCOMPARE(got, labels);
    QCOMPARE(ds.rows(), Index(indices.size()));
    for (int i = 0; i < indices.size(); ++i)
        QCOMPARE(ds.y(i, 0), double(indices[i]));
}

void TestCsv::delimiters_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("options");
    QTest::newRow("comma") << QByteArray("a,b,y\n1.5,2,3\n") << "";
    QTest::newRow("semicolon, detected") << QByteArray("a;b;y\n1.5;2;3\n") << "";
    QTest::newRow("tab, detected") << QByteArray("a\tb\ty\n1.5\t2\t3\n") << "";
    QTest::newRow("semicolon, chosen") << QByteArray("a;b;y\n1.5;2;3\n") << "delimiter=;";
    QTest::newRow("tab, chosen") << QByteArray("a\tb\ty\n1.5\t2\t3\n") << "delimiter=tab";
    QTest::newRow("quoted ';' does not count") << QByteArray("\"a;\",b,y\n1.5,2,3\n") << "";
}

void TestCsv::delimiters()
{
    QFETCH(QByteArray, csv);
    QFETCH(QString, options);
    const Dataset ds = parseCsv(text(csv), "d.csv", optionsFrom(options));
    QCOMPARE(ds.features(), Index { 2 });
    QCOMPARE(ds.x(0, 0), 1.5);
    QCOMPARE(ds.x(0, 1), 2.0);
    QCOMPARE(ds.y(0, 0), 3.0);
}

void TestCsv::progressAndCancel()
{
    std::string csv = "a,b,y\n";
    while (csv.size() < 3'500'000)
        csv += "0.123456789,9.87654321,1.5\n";
    std::vector<double> seen;
    const Dataset ds = parseCsv(csv, "p.csv", {}, [&](double f) {
        seen.push_back(f);
        return true;
    });
    QVERIFY(ds.rows() > 100'000);
    QVERIFY2(seen.size() >= 4, qPrintable(QString::number(seen.size())));
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(seen.back(), 1.0);
    QVERIFY(seen.front() > 0.0 && seen.front() < 0.5);

    int calls = 0;
    try {
        parseCsv(csv, "p.csv", {}, [&](double) { return ++calls < 2; });
        QFAIL("not cancelled");
    } catch (const CsvCancelled& e) {
        QCOMPARE(calls, 2);
        QVERIFY(QString(e.what()).contains("cancelled"));
    }
}

void TestCsv::largeRoundTrip()
{
    // Shortest round-trip text of random doubles reads back bit-exactly.
    QTemporaryDir dir;
    std::string csv = "a,b,c,y\n";
    std::vector<double> values;
    std::uint64_t s = 12345;
    for (int i = 0; i < 2000; ++i) {
        for (int j = 0; j < 4; ++j) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            const double v = (static_cast<double>(s >> 11) * 0x1.0p-53 - 0.5)
                * std::pow(10.0, (int(s % 40)) - 20);
            values.push_back(v);
            char buf[64];
            auto r = std::to_chars(buf, buf + sizeof buf, v);
            csv.append(buf, r.ptr).push_back(j == 3 ? '\n' : ',');
        }
    }
    const QString path = writeFile(dir, "r.csv", QByteArray::fromStdString(csv));
    const Dataset ds = readCsv(path.toStdString());
    QCOMPARE(ds.rows(), Index { 2000 });
    QCOMPARE(ds.name, std::string("r.csv"));
    for (int i = 0; i < 2000; ++i) {
        for (int j = 0; j < 3; ++j)
            QCOMPARE(ds.x(i, j), values[std::size_t(i * 4 + j)]);
        QCOMPARE(ds.y(i, 0), values[std::size_t(i * 4 + 3)]);
    }
}

void TestCsv::plainAndQuotedAgree()
{
    // Plain records take the reader's fast path, quoted or spaced ones the tokenizer:
    // both must give bit-identical numbers.
    std::string plain = "a,b,y\n", quoted = "a,b,y\n", spaced = "a,b,y\r\n";
    std::uint64_t s = 99;
    for (int i = 0; i < 500; ++i) {
        for (int j = 0; j < 3; ++j) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            char buf[64];
            const double v = (static_cast<double>(s >> 11) * 0x1.0p-53 - 0.5) * 1e3;
            const auto r = std::to_chars(
                buf, buf + sizeof buf, v, std::chars_format::scientific, int(s % 17));
            const std::string cell(buf, r.ptr);
            const char sep = j == 2 ? '\n' : ',';
            plain += cell + sep;
            quoted += "\"" + cell + "\"" + sep;
            spaced += " " + cell + (j == 2 ? " \r\n" : " ,");
        }
    }
    const Dataset a = parseCsv(plain, "p.csv");
    const Dataset b = parseCsv(quoted, "q.csv");
    const Dataset c = parseCsv(spaced, "s.csv");
    QCOMPARE(a.rows(), Index { 500 });
    QVERIFY(a.x == b.x && a.y == b.y);
    QVERIFY(a.x == c.x && a.y == c.y);
}

void TestCsv::inspect()
{
    const std::string csv = "a,b,c,label\n"
                            "1,x,3,cat\n"
                            "2,,4,dog\n"
                            "3,5,nan,cat\n"
                            "4,6,5,dog,extra\n"
                            "5,7,,cat\n";
    const CsvInspection r = inspectCsvText(csv, "i.csv");
    QVERIFY2(r.ok(), r.error.c_str());
    QCOMPARE(r.rows, std::int64_t { 5 });
    QVERIFY(r.header);
    QCOMPARE(r.columns.size(), std::size_t { 4 });
    QCOMPARE(r.columns[0].type, std::string("number"));
    QCOMPARE(r.columns[1].type, std::string("mixed"));
    QCOMPARE(r.columns[1].missing, std::int64_t { 1 });
    QCOMPARE(r.columns[2].type, std::string("number"));
    QCOMPARE(r.columns[2].missing, std::int64_t { 1 });
    QCOMPARE(r.columns[3].type, std::string("text"));
    QCOMPARE(r.target, std::string("label"));
    QCOMPARE(r.task, std::string("binary"));
    QCOMPARE(r.classes, (std::vector<std::string> { "cat", "dog" }));
    auto has = [&](const QStringList& parts) {
        for (const auto& p : r.problems) {
            const QString s = QString::fromStdString(p);
            if (std::all_of(
                    parts.begin(), parts.end(), [&](const QString& f) { return s.contains(f); }))
                return true;
        }
        return false;
    };
    QVERIFY(has({ "Line 5", "expected 4 fields, found 5" }));
    QVERIFY(has({ "Column \"b\"", "1 text cell", "line 2", "\"x\"" }));
    QVERIFY(has({ "Column \"b\"", "1 missing cell", "line 3" }));
    QVERIFY(has({ "Column \"c\"", "1 missing cell", "line 6" }));
    QVERIFY(has({ "Column \"c\"", "non-finite", "line 4", "\"nan\"" }));
    QCOMPARE(r.problems.size(), std::size_t { 5 });

    // A clean file has no problems.
    const CsvInspection clean = inspectCsvText("x,y\n1,2.5\n2,3.5\n", "c.csv");
    QVERIFY(clean.problems.empty());
    QCOMPARE(clean.task, std::string("regression"));
    QCOMPARE(clean.columns[1].type, std::string("number"));
}

void TestCsv::inspectError()
{
    const CsvInspection r = inspectCsvText("x,y\n1,2\n3,\"4\n", "q.csv");
    QVERIFY(!r.ok());
    QCOMPARE(r.errorLine, std::int64_t { 3 });
    QCOMPARE(r.errorColumn, 2);
    QVERIFY(QString::fromStdString(r.error).contains("never closed"));
}

// A typo in a column of numbers turns the target into classes: the reader and
// inspect say so, naming the column, the line and the cell.
void TestCsv::mostlyNumericTarget_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<int>("classes"); // 0: regression, no warning expected
    QTest::addColumn<QStringList>("fragments");
    auto column = [](char delimiter, int typoRow, const QByteArray& typo) {
        QByteArray csv = QByteArray("x") + delimiter + "y\n";
        for (int i = 1; i <= 40; ++i)
            csv += QByteArray::number(i) + delimiter
                + (i == typoRow ? typo : QByteArray::number(i + 0.5)) + "\n";
        return csv;
    };
    QTest::newRow("decimal comma")
        << column(';', 7, "7,5") << 40
        << QStringList { "data.csv, line 8", "column \"y\" (the target)",
               "\"7,5\" uses a decimal comma", "numbers in 39 of its 40 cells", "40 classes",
               "correct the 1 text cell" };
    QTest::newRow("hex float") << column(',', 3,
        "0x1p3") << 40 << QStringList { "line 4", "\"0x1p3\" is not a number", "40 classes" };
    QTest::newRow("all numbers") << column(',', 0, "") << 0 << QStringList {};
    QTest::newRow("text labels") << QByteArray("x,y\n1,cat\n2,dog\n3,cat\n4,1\n") << 3
                                 << QStringList {};
}

void TestCsv::mostlyNumericTarget()
{
    QFETCH(QByteArray, csv);
    QFETCH(int, classes);
    QFETCH(QStringList, fragments);
    const Dataset ds = parseCsv(text(csv), "data.csv");
    QCOMPARE(ds.classLabels.size(), std::size_t(classes));
    const CsvInspection r = inspectCsvText(text(csv), "data.csv");
    QVERIFY2(r.ok(), r.error.c_str());
    if (fragments.isEmpty()) {
        QVERIFY(ds.warnings.empty());
        QVERIFY(r.problems.empty());
        return;
    }
    QCOMPARE(ds.warnings.size(), std::size_t { 1 });
    QCOMPARE(r.problems.size(), std::size_t { 1 });
    QCOMPARE(r.problems[0], ds.warnings[0]);
    const QString warning = QString::fromStdString(ds.warnings[0]);
    for (const QString& f : fragments)
        QVERIFY2(warning.contains(f), qPrintable(warning + "  (missing: " + f + ")"));
}

// inspect never stops at a NUL and never hands out raw control characters in its
// problems; names and labels with control characters are problems, not silent classes.
void TestCsv::inspectControlCharacters()
{
    const CsvInspection nul = inspectCsvText(text(withNul("x,y\n1,a\n2,b\0\n")), "n.csv");
    QVERIFY(!nul.ok());
    QCOMPARE(nul.errorLine, std::int64_t { 3 });
    QCOMPARE(nul.errorColumn, 2);
    QVERIFY2(nul.error.find("NUL byte") != std::string::npos, nul.error.c_str());

    const CsvInspection r
        = inspectCsvText("a\x1b[2J,y\n1,cat\n2,\x1b]0;pwned\x07\n3,cat\n", "e.csv");
    QVERIFY2(r.ok(), r.error.c_str());
    QCOMPARE(r.columns[0].name, std::string("a\x1b[2J")); // the name as it is
    auto has = [&](const QStringList& parts) {
        for (const auto& p : r.problems) {
            const QString s = QString::fromStdString(p);
            if (std::all_of(
                    parts.begin(), parts.end(), [&](const QString& f) { return s.contains(f); }))
                return true;
        }
        return false;
    };
    QVERIFY(has({ "Line 1, column 1", "column name \"a\\x1B[2J\"", "an escape character" }));
    QVERIFY(has({ "line 3", "class label \"\\x1B]0;pwned\\x07\"" }));
    for (const auto& p : r.problems)
        QVERIFY2(std::none_of(p.begin(), p.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
            p.c_str());
}

void TestCsv::locale()
{
    // The parser must not depend on the C locale: under de_DE strtod reads "1.5" as 1.
    const std::string csv = "x1,x2,y\n1.5,-2.25e-1,3.75\n1000.125,0.5,7\n";
    const Dataset before = parseCsv(csv, "l.csv");

    // Generated locales go to the build tree when ctest runs us (localedef takes seconds,
    // so later runs reuse it), else to a temporary folder.
    QTemporaryDir tmp;
    const QByteArray binDir = qgetenv("BITLAB_BIN_DIR");
    const QString locDir
        = binDir.isEmpty() ? tmp.path() : QString::fromLocal8Bit(binDir) + "/../test-locales";
    if (!std::setlocale(LC_ALL, "de_DE.UTF-8")) {
        const QString target = locDir + "/de_DE.UTF-8";
        if (!QFileInfo::exists(target + "/LC_NUMERIC")) {
            if (QStandardPaths::findExecutable("localedef").isEmpty())
                QSKIP("de_DE.UTF-8 is not installed and localedef is unavailable");
            QDir().mkpath(locDir);
            QProcess p;
            p.start("localedef", { "-i", "de_DE", "-f", "UTF-8", target });
            QVERIFY(p.waitForFinished(120000));
            QVERIFY2(
                QFileInfo::exists(target + "/LC_NUMERIC"), p.readAllStandardError().constData());
        }
        qputenv("LOCPATH", locDir.toLocal8Bit());
        QVERIFY2(std::setlocale(LC_ALL, "de_DE.UTF-8"), "setlocale failed with LOCPATH");
    }
    const double strtodValue = std::strtod("1.5", nullptr);
    Dataset under;
    try {
        under = parseCsv(csv, "l.csv");
    } catch (...) {
        std::setlocale(LC_ALL, "C");
        throw;
    }
    std::setlocale(LC_ALL, "C");
    qunsetenv("LOCPATH");
    QCOMPARE(strtodValue, 1.0); // the locale really was active
    QVERIFY(under.x == before.x);
    QVERIFY(under.y == before.y);
    QCOMPARE(under.x(1, 0), 1000.125);
}

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
