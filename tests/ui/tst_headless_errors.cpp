// The GUI program `bitlab FILE --run --screenshot x.png`
// (headless, offscreen) with a file it cannot open must print the reason on stderr and exit 1
// at once, never wait on a modal dialog or a FIFO. The real `bitlab` binary
// ($BITLAB_BIN_DIR) runs in a child process with a time-out.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

namespace {

struct Result {
    int exitCode = -1;
    bool timedOut = false;
    bool crashed = false;
    QString err;
};

Result runGui(const QStringList& args, const QString& workDir, const QString& configHome)
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome); // no settings of the user's
    p.setProcessEnvironment(env);
    const QByteArray dir = qgetenv("BITLAB_BIN_DIR");
    p.start(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("bitlab")), args);
    Result r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        r.timedOut = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray experiment(const QByteArray& source, const QByteArray& extra = {})
{
    return "{\"format\": \"bitlab.experiment\", \"version\": 1,\n \"dataset\": {\"source\": \""
        + source + "\"},\n \"model\": {\"kind\": \"linear\"},\n" + " \"training\": {\"epochs\": 3}"
        + extra + "}\n";
}

} // namespace

class TestHeadlessErrors : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QDir(m_tmp.path()).mkpath("config"));
        QVERIFY(QDir(m_tmp.path()).mkpath("folder.json"));
        QVERIFY(writeBytes(path("d.csv"), "x,y\n0,2\n1,5\n2,8\n3,11\n"));
        QVERIFY(
            writeBytes(path("broken.json"), "{\"format\": \"bitlab.experiment\", \"version\": 1,"));
        QVERIFY(writeBytes(path("no-csv.json"), experiment("gone.csv")));
        QVERIFY(writeBytes(path("init-fifo.json"),
            experiment("d.csv", ",\n \"init\": {\"kind\": \"file\", \"path\": \"pipe-w.json\"}")));
        QVERIFY(::mkfifo(QFile::encodeName(path("pipe.json")).constData(), 0600) == 0);
        QVERIFY(::mkfifo(QFile::encodeName(path("pipe-w.json")).constData(), 0600) == 0);
        QVERIFY(::mkfifo(QFile::encodeName(path("pipe.csv")).constData(), 0600) == 0);
    }

    void badFileExitsWithTheReason_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("fragments");
        // The files are refused before anything runs, so no screenshot is written; an
        // experiment that fails when it starts (its init file) is shot as it stands.
        QTest::newRow("broken JSON") << "broken.json" << QStringList { "broken.json" };
        QTest::newRow("missing JSON")
            << "missing.json" << QStringList { "missing.json", "no such file" };
        QTest::newRow("folder") << "folder.json"
                                << QStringList { "folder.json", "it is a folder, not a file" };
        QTest::newRow("JSON whose CSV is missing")
            << "no-csv.json" << QStringList { "gone.csv", "no such file" };
        QTest::newRow("FIFO experiment")
            << "pipe.json" << QStringList { "pipe.json", "it is a named pipe (FIFO)" };
        QTest::newRow("FIFO CSV") << "pipe.csv"
                                  << QStringList { "pipe.csv", "it is a named pipe (FIFO)" };
        QTest::newRow("FIFO init file")
            << "init-fifo.json" << QStringList { "pipe-w.json", "it is a named pipe (FIFO)" };
    }
    void badFileExitsWithTheReason()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, fragments);
        const QString shot = path(QStringLiteral("shot-%1.png").arg(QTest::currentDataTag()));
        const Result r
            = runGui({ file, "--run", "--screenshot", shot }, m_tmp.path(), path("config"));
        QVERIFY2(!r.timedOut, "bitlab did not exit within 30 s (a modal dialog, or a FIFO?)");
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("error: "), qPrintable(r.err));
        for (const QString& f : fragments)
            QVERIFY2(r.err.contains(f), qPrintable(r.err + "  (missing: " + f + ")"));
        QVERIFY2(!r.err.contains("see above"), qPrintable(r.err));
        if (!QByteArray(QTest::currentDataTag()).contains("init"))
            QVERIFY(!QFile::exists(shot));
    }

    // Point 9: an empty screenshot name is a usage error, not a silent exit 0.
    void emptyScreenshotNameIsAUsageError()
    {
        const Result r = runGui(
            { "--preset", "seed", "--run", "--screenshot", "" }, m_tmp.path(), path("config"));
        QVERIFY(!r.timedOut && !r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("--screenshot"), qPrintable(r.err));
    }

private:
    QTemporaryDir m_tmp;
    QString path(const QString& name) const { return m_tmp.filePath(name); }
};

QTEST_GUILESS_MAIN(TestHeadlessErrors)
#include "tst_headless_errors.moc"
