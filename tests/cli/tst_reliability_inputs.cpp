// bitlab-cli and odd files and odd bytes, through the built
// binary ($BITLAB_BIN_DIR) in a child process with a time-out. A named pipe (FIFO) or a
// symbolic link loop as the experiment, the init weights or the CSV is refused at once with
// the reason; NUL bytes and control characters in run names, column names and class labels
// are refused or escaped, never printed raw, never cutting a message short.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <sys/stat.h>

namespace {

struct Result {
    int exitCode = -1;
    bool timedOut = false;
    bool crashed = false;
    QByteArray out, err;
};

// Old code blocked for ever on a FIFO: a child that does not finish in 20 s is a failure
// (and is killed), never a hung test.
Result runCli(const QStringList& args, const QString& workDir)
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    const QByteArray dir = qgetenv("BITLAB_BIN_DIR");
    p.start(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("bitlab-cli")), args);
    Result r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
        r.timedOut = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

template <std::size_t N> QByteArray withNul(const char (&literal)[N])
{
    return QByteArray(literal, N - 1);
}

QByteArray csvText()
{
    QByteArray text = "x,y\n";
    for (int i = 0; i < 20; ++i)
        text += QByteArray::number(0.1 * i) + ',' + QByteArray::number(3 * 0.1 * i + 2) + '\n';
    return text;
}

QByteArray experiment(const QByteArray& source, const QByteArray& extra = {})
{
    return "{\"format\": \"bitlab.experiment\", \"version\": 1,\n \"dataset\": {\"source\": \""
        + source + "\"},\n \"model\": {\"kind\": \"linear\"},\n" + " \"training\": {\"epochs\": 5}"
        + extra + "}\n";
}

// Bytes below 0x20 other than the line breaks that end stderr/stdout lines, and DEL.
bool hasRawControl(const QByteArray& text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\n') || u == 0x7F;
    });
}

bool makeFifo(const QString& path)
{
    return ::mkfifo(QFile::encodeName(path).constData(), 0600) == 0;
}

} // namespace

class TestReliabilityInputs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(writeBytes(path("d.csv"), csvText()));
        QVERIFY(makeFifo(path("pipe.json")));
        QVERIFY(makeFifo(path("pipe.csv")));
        QVERIFY(QFile::link(path("loop-b.json"), path("loop-a.json")));
        QVERIFY(QFile::link(path("loop-a.json"), path("loop-b.json")));
        QVERIFY(writeBytes(path("init-fifo.json"),
            experiment("d.csv", ",\n \"init\": {\"kind\": \"file\", \"path\": \"pipe.json\"}")));
        QVERIFY(writeBytes(path("init-loop.json"),
            experiment("d.csv", ",\n \"init\": {\"kind\": \"file\", \"path\": \"loop-a.json\"}")));
        QVERIFY(writeBytes(path("csv-fifo.json"), experiment("pipe.csv")));
    }

    // Point 4 (and 9: a symlink loop is not "no such file").
    void oddFilesAreRefusedAtOnce_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        const QString pipe = QStringLiteral("it is a named pipe (FIFO), not a regular file");
        const QString loop = QStringLiteral("a symbolic link loop");
        QTest::newRow("FIFO experiment")
            << QStringList { "run", "pipe.json", "--out", "o1" } << "'pipe.json': " + pipe;
        QTest::newRow("FIFO init file")
            << QStringList { "run", "init-fifo.json", "--out", "o2" } << "pipe.json': " + pipe;
        QTest::newRow("FIFO dataset")
            << QStringList { "run", "csv-fifo.json", "--out", "o3" } << "pipe.csv': " + pipe;
        QTest::newRow("FIFO inspect")
            << QStringList { "inspect", "pipe.csv" } << "'pipe.csv': " + pipe;
        QTest::newRow("FIFO sweep") << QStringList { "sweep", "pipe.json", "--bits", "2-3",
            "--schemes", "fixed", "--out", "o4" }
                                    << "'pipe.json': " + pipe;
        QTest::newRow("symlink loop experiment")
            << QStringList { "run", "loop-a.json", "--out", "o5" } << "'loop-a.json': " + loop;
        QTest::newRow("symlink loop init file")
            << QStringList { "run", "init-loop.json", "--out", "o6" } << "loop-a.json': " + loop;
    }
    void oddFilesAreRefusedAtOnce()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        const Result r = runCli(args, m_tmp.path());
        QVERIFY2(!r.timedOut, "bitlab-cli did not finish within 20 s (blocked on the file?)");
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith("error: ") && err.count('\n') == 1, qPrintable(err));
        QVERIFY2(err.contains(fragment), qPrintable(err));
        QVERIFY2(!err.contains("no such file"), qPrintable(err));
    }

    // Point 5: run names with control characters are refused before training, naming the
    // key; nothing is written; stderr holds no raw control character.
    void controlCharactersInRunNames_data()
    {
        QTest::addColumn<QByteArray>("name"); // as written in the JSON string
        QTest::addColumn<QString>("fragment");
        QTest::newRow("NUL") << QByteArray("a\\u0000b") << "a NUL byte (U+0000)";
        QTest::newRow("ESC sequence")
            << QByteArray("\\u001b[2J\\u001b[31mred") << "an escape character (U+001B)";
        QTest::newRow("line break") << QByteArray("two\\nlines") << "a line break (U+000A)";
        QTest::newRow("C1 control") << QByteArray("a\\u0085") << "control character U+0085";
    }
    void controlCharactersInRunNames()
    {
        QFETCH(QByteArray, name);
        QFETCH(QString, fragment);
        const QString file = QStringLiteral("names-%1.json").arg(QTest::currentDataTag());
        QVERIFY(writeBytes(path(file),
            experiment(
                "d.csv", ",\n \"runs\": [{\"name\": \"" + name + "\"}, {\"name\": \"b\"}]")));
        const QString out = QStringLiteral("out-%1").arg(QTest::currentDataTag());
        const Result r = runCli({ "run", file, "--out", out }, m_tmp.path());
        QVERIFY(!r.timedOut && !r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!hasRawControl(r.err), r.err.toHex().constData());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(file + ": runs.0.name"), qPrintable(err));
        QVERIFY2(err.contains(fragment), qPrintable(err));
        QVERIFY2(err.count('\n') == 1, qPrintable(err));
        QVERIFY(!QFileInfo::exists(path(out)));
        QVERIFY(r.out.isEmpty());
    }

    // Point 5: --set reaches the same check.
    void controlCharacterThroughSet()
    {
        const Result r = runCli({ "run", "--preset", "seed", "--set",
                                    QStringLiteral("runs.0.name=a\x1b[31mb"), "--out", "o-set" },
            m_tmp.path());
        QVERIFY(!r.timedOut && !r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!hasRawControl(r.err), r.err.toHex().constData());
        QVERIFY2(
            r.err.contains("runs.0.name") && r.err.contains("escape character"), r.err.constData());
    }

    // Point 5: inspect of a CSV with an ESC sequence in a column name and a class label
    // prints the whole report (problems included), with the control characters escaped.
    void inspectEscapesControlCharacters()
    {
        QVERIFY(writeBytes(
            path("esc.csv"), "x\x1b[2J,y\n1,cat\n2,\x1b]0;title\x07\n3,cat\n4,dog\n5,dog\n"));
        const Result r = runCli({ "inspect", "esc.csv" }, m_tmp.path());
        QVERIFY(!r.timedOut && !r.crashed);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!hasRawControl(r.out), r.out.toHex().constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains("  x\\x1B[2J "), qPrintable(out));
        QVERIFY2(out.contains("problems:\n"), qPrintable(out));
        QVERIFY2(
            out.contains("column name \"x\\x1B[2J\" holds an escape character"), qPrintable(out));
        QVERIFY2(out.contains("class label \"\\x1B]0;title\\x07\""), qPrintable(out));
    }

    // Point 5: a NUL byte is an error with its place, the whole sentence printed, for a
    // label (inspect and run) and for a feature (run); never a silent third class.
    void nulBytes_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("fragment");
        const QByteArray label = withNul("x,y\n1,a\n2,b\0\n3,a\n4,b\n");
        const QByteArray feature = withNul("x,y\n1,2\n3\0 4,5\n6,7\n");
        const QString end = QStringLiteral(
            "a CSV file is text and never holds NUL bytes (is it a binary file, or saved as "
            "UTF-16?).\n");
        QTest::newRow("label, inspect")
            << label << "inspect"
            << "line 3: column 2 holds a NUL byte (U+0000) after \"b\"; " + end;
        QTest::newRow("label, run")
            << label << "run"
            << "line 3: column 2 holds a NUL byte (U+0000) after \"b\"; " + end;
        QTest::newRow("feature, run")
            << feature << "run"
            << "line 3: column 1 holds a NUL byte (U+0000) after \"3\"; " + end;
    }
    void nulBytes()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, command);
        QFETCH(QString, fragment);
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(", ", "-");
        QVERIFY(writeBytes(path(tag + ".csv"), csv));
        QVERIFY(writeBytes(path(tag + ".json"), experiment((tag + ".csv").toUtf8())));
        const QStringList args = command == "inspect"
            ? QStringList { "inspect", tag + ".csv" }
            : QStringList { "run", tag + ".json", "--out", "out-" + tag };
        const Result r = runCli(args, m_tmp.path());
        QVERIFY(!r.timedOut && !r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!r.err.contains('\0'), r.err.toHex().constData());
        QVERIFY2(QString::fromUtf8(r.err).endsWith(fragment), r.err.constData());
    }

    // Point 9: a typo in a numeric target ("7,5" in a ';' file) turns it into classes;
    // inspect says so instead of "problems: none", and run warns.
    void mostlyNumericTargetIsReported()
    {
        QByteArray csv = "x;y\n";
        for (int i = 1; i <= 40; ++i)
            csv += QByteArray::number(i) + ';' + (i == 7 ? "7,5" : QByteArray::number(i + 0.5))
                + '\n';
        QVERIFY(writeBytes(path("typo.csv"), csv));
        const Result r = runCli({ "inspect", "typo.csv" }, m_tmp.path());
        QVERIFY(!r.timedOut && !r.crashed);
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(!out.contains("problems: none"), qPrintable(out));
        QVERIFY2(out.contains("typo.csv, line 8, column \"y\" (the target): \"7,5\" uses a decimal "
                              "comma"),
            qPrintable(out));
        QVERIFY2(out.contains("was read as 40 classes instead of numbers"), qPrintable(out));

        QVERIFY(writeBytes(path("typo.json"),
            "{\"format\": \"bitlab.experiment\", \"version\": 1, \"dataset\": {\"source\": "
            "\"typo.csv\"}, \"model\": {\"kind\": \"softmax\"}, \"loss\": \"cross_entropy\", "
            "\"training\": {\"epochs\": 2}}"));
        const Result run = runCli({ "run", "typo.json", "--out", "o-typo" }, m_tmp.path());
        QVERIFY(!run.timedOut && !run.crashed);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("warning: ") && run.err.contains("40 classes instead of numbers"),
            run.err.constData());
    }

private:
    QTemporaryDir m_tmp;
    QString path(const QString& name) const { return m_tmp.filePath(name); }
};

QTEST_GUILESS_MAIN(TestReliabilityInputs)
#include "tst_reliability_inputs.moc"
