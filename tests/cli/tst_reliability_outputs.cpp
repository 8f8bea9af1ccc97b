// bitlab-cli's output folder under faults, as real processes: the built binary
// ($BITLAB_BIN_DIR) started by QProcess or fork/exec (for a child with a resource limit
// the CLI itself must cope with). What is checked: a results folder is always all of one
// experiment or left as it was (disk full, file size limit, a second Ctrl-C, SIGKILL while
// writing); a second writer to the same --out is refused; failures that depend only on the
// folder and the names are found before training; paths written through a symbolic link
// resolve; seeds are echoed exactly.

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

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

// A bitlab-cli child started with fork/exec, so that it can get a resource limit, another
// user or default signal dispositions first (QProcess cannot). stdout and stderr go to
// files in `logDir`.
struct Child {
    pid_t pid = -1;
    QString outPath, errPath;
    int status = -1; // raw waitpid status once ended

    bool ended() const { return status != -1; }
    bool exited() const { return ended() && WIFEXITED(status); }
    int exitCode() const { return exited() ? WEXITSTATUS(status) : -1; }
    int signal() const { return ended() && WIFSIGNALED(status) ? WTERMSIG(status) : 0; }
    QByteArray err() const { return readAll(errPath); }
    QByteArray out() const { return readAll(outPath); }

    // Waits up to timeoutMs; kills the child (SIGKILL) when it has not ended by then.
    bool wait(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (!ended()) {
            int st = 0;
            const pid_t r = ::waitpid(pid, &st, WNOHANG);
            if (r == pid) {
                status = st;
                break;
            }
            if (timer.elapsed() > timeoutMs) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, &st, 0);
                status = st;
                return false;
            }
            QThread::msleep(5);
        }
        return true;
    }
};

struct Limits {
    int resource = -1; // RLIMIT_FSIZE, RLIMIT_AS, ... or -1
    rlim_t value = 0;
    uid_t user = 0; // when not 0 and we are root: run as this user (and its group)
};

Child spawnCli(const QStringList& args, const QString& logDir, const Limits& limits = {})
{
    static int serial = 0;
    Child c;
    c.outPath = QDir(logDir).filePath(QStringLiteral("child%1.out").arg(++serial));
    c.errPath = QDir(logDir).filePath(QStringLiteral("child%1.err").arg(serial));
    // Everything the child needs, prepared before fork (only async-signal-safe calls after).
    std::vector<QByteArray> storage;
    storage.push_back(QFile::encodeName(cliPath()));
    for (const QString& a : args)
        storage.push_back(a.toUtf8());
    std::vector<char*> argv;
    for (QByteArray& b : storage)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    const QByteArray out = QFile::encodeName(c.outPath), err = QFile::encodeName(c.errPath);
    c.pid = ::fork();
    if (c.pid == 0) {
        const int o = ::open(out.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        const int e = ::open(err.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0)
            ::_exit(91);
        // Whatever the test process does with signals, the CLI starts with the defaults
        // (SIG_IGN would survive exec): it must handle SIGXFSZ itself.
        for (int s : { SIGXFSZ, SIGINT, SIGTERM, SIGPIPE })
            std::signal(s, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (limits.resource >= 0) {
            const rlimit rl { limits.value, limits.value };
            if (::setrlimit(limits.resource, &rl) != 0)
                ::_exit(92);
        }
        if (limits.user != 0 && ::geteuid() == 0)
            if (::setgid(limits.user) != 0 || ::setuid(limits.user) != 0)
                ::_exit(93);
        ::execv(argv[0], argv.data());
        ::_exit(94);
    }
    return c;
}

// Relative path -> sha256 of every file under dir (hidden ones too).
QMap<QString, QByteArray> snapshot(const QString& dir)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(dir).relativeFilePath(path),
            QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256));
    }
    return files;
}

// Entries of a folder, hidden ones included.
QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

// Waits until `pred` holds (polling every 2 ms) or timeoutMs passed.
bool waitFor(const std::function<bool()>& pred, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!pred()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QThread::msleep(2);
    }
    return true;
}

// The staging folder of `out`'s writer, or empty.
QString stagingOf(const QString& out)
{
    const QFileInfo info(out);
    for (const QString& e : entries(info.absolutePath()))
        if (e.startsWith(QLatin1Char('.') + info.fileName() + QStringLiteral(".staging-")))
            return QDir(info.absolutePath()).filePath(e);
    return {};
}

// The old results: the seed preset, 100 epochs.
bool writeOldSet(const QString& out)
{
    const Result r = runCli(
        { "run", "--preset", "seed", "--out", out, "--quiet", "--set", "training.epochs=100" });
    return r.exitCode == 0;
}

// An experiment whose outputs take seconds to write (weights of about 10^6 parameters:
// 23 MB of JSON and 59 MB of CSV) after a short training.
const QStringList kSlowWrite { "--preset", "seed", "--set", "model.kind=mlp", "--set",
    "model.hidden=[1024, 1024]", "--set", "training.epochs=2", "--set",
    "runs=[{\"name\": \"fp64\"}]" };

// True when the write phase of a writer of `out` has begun (its experiment.json is
// written: in the staging folder, or, without one, over the old one).
bool writingStarted(const QString& out, const QByteArray& oldExperiment)
{
    const QString staging = stagingOf(out);
    if (!staging.isEmpty() && QFileInfo::exists(QDir(staging).filePath("experiment.json")))
        return true;
    const QByteArray now = readAll(QDir(out).filePath(QStringLiteral("experiment.json")));
    return !now.isEmpty() && now != oldExperiment;
}

} // namespace

class TestReliabilityOutputs : public QObject {
    Q_OBJECT

private slots:
    void fileSizeLimitLeavesOldSet_data();
    void fileSizeLimitLeavesOldSet();
    void secondCtrlCWhileWriting();
    void sigkillWhileWriting();
    void ctrlCAfterTrainingEnded();
    void secondWriterRefused();
    void memoryStaysFlat();
    void readOnlyOutFailsBeforeTraining();
    void longRunNameFailsBeforeTraining();
    void foreignFolderNotReplaced();
    void symlinkedOutReruns();
    void seedsEchoExactly();
};

// A file size limit (ulimit -f) in the CLI's own process, SIGXFSZ left at its default
// (which kills): the CLI ignores it itself, the write fails with EFBIG, it says which file
// (exit 1), and the folder keeps the old set byte for byte, with nothing left beside it.
// "metrics.csv": the limit hits the output; "metrics log": the limit hits the spool's
// temporary file during training (4096-row spills of 96 bytes are over the limit).
void TestReliabilityOutputs::fileSizeLimitLeavesOldSet_data()
{
    QTest::addColumn<QString>("epochs");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("metrics.csv") << "3000"
                                 << "metrics.csv': File too large";
    QTest::newRow("metrics log") << "20000"
                                 << "cannot keep the metrics log";
}

void TestReliabilityOutputs::fileSizeLimitLeavesOldSet()
{
    QFETCH(QString, epochs);
    QFETCH(QString, fragment);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString parent = tmp.filePath(QStringLiteral("results"));
    QVERIFY(QDir().mkpath(parent));
    const QString out = QDir(parent).filePath(QStringLiteral("out"));
    QVERIFY(writeOldSet(out));
    const auto before = snapshot(out);
    QVERIFY(before.size() >= 10);

    Child c = spawnCli({ "run", "--preset", "seed", "--out", out, "--quiet", "--set",
                           "training.epochs=" + epochs },
        tmp.path(), { RLIMIT_FSIZE, 300 * 1024 });
    QVERIFY(c.wait(120000));
    QVERIFY2(c.exited(), qPrintable(QStringLiteral("killed by signal %1").arg(c.signal())));
    QCOMPARE(c.exitCode(), 1);
    const QByteArray err = c.err();
    QVERIFY2(err.startsWith("error: ") && err.count('\n') == 1, err.constData());
    QVERIFY2(err.contains(fragment.toUtf8()), err.constData());
    QCOMPARE(snapshot(out), before);
    QCOMPARE(entries(parent), QStringList { "out" });
}

// A second Ctrl-C while the outputs are written ends the program at once, says so, and
// the folder still holds the old set (the staging folder goes with the next writer).
void TestReliabilityOutputs::secondCtrlCWhileWriting()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    QVERIFY(writeOldSet(out));
    const auto before = snapshot(out);
    const QByteArray oldExperiment = readAll(QDir(out).filePath("experiment.json"));

    Child c = spawnCli(
        QStringList { "run" } + kSlowWrite + QStringList { "--out", out, "--quiet" }, tmp.path());
    QVERIFY2(waitFor([&] { return writingStarted(out, oldExperiment); }, 120000),
        "the write phase never began");
    QCOMPARE(::kill(c.pid, SIGINT), 0);
    QThread::msleep(20);
    QCOMPARE(::kill(c.pid, SIGINT), 0);
    QVERIFY(c.wait(60000));
    QVERIFY2(c.signal() == SIGINT || c.exitCode() == 130, c.err().constData());
    QVERIFY2(c.err().contains("interrupted again"), c.err().constData());
    QVERIFY2(c.err().contains("was left as it was"), c.err().constData());
    QCOMPARE(snapshot(out), before);

    // The next writer removes the staging folder the killed one left.
    QVERIFY(writeOldSet(out));
    QCOMPARE(
        entries(tmp.path()).filter(QRegularExpression(QStringLiteral("^\\.out"))), QStringList {});
}

// SIGKILL while the outputs are written: the old set, byte for byte.
void TestReliabilityOutputs::sigkillWhileWriting()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    QVERIFY(writeOldSet(out));
    const auto before = snapshot(out);
    const QByteArray oldExperiment = readAll(QDir(out).filePath("experiment.json"));

    Child c = spawnCli(
        QStringList { "run" } + kSlowWrite + QStringList { "--out", out, "--quiet" }, tmp.path());
    QVERIFY2(waitFor([&] { return writingStarted(out, oldExperiment); }, 120000),
        "the write phase never began");
    QThread::msleep(50); // into metrics.csv, summary.json, the weights
    QCOMPARE(::kill(c.pid, SIGKILL), 0);
    QVERIFY(c.wait(60000));
    QCOMPARE(c.signal(), SIGKILL);
    QCOMPARE(snapshot(out), before);
}

// One Ctrl-C after the training ended (while writing): every run finished, so none is
// reported stopped; the results are complete; the exit status still says "interrupted".
void TestReliabilityOutputs::ctrlCAfterTrainingEnded()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    QVERIFY(writeOldSet(out));
    const QByteArray oldExperiment = readAll(QDir(out).filePath("experiment.json"));

    Child c
        = spawnCli(QStringList { "run" } + kSlowWrite + QStringList { "--out", out }, tmp.path());
    QVERIFY2(waitFor([&] { return writingStarted(out, oldExperiment); }, 120000),
        "the write phase never began");
    QCOMPARE(::kill(c.pid, SIGINT), 0);
    QVERIFY(c.wait(120000));
    QCOMPARE(c.exitCode(), 130);
    const QByteArray err = c.err();
    QVERIFY2(!err.contains("stopped"), err.constData());
    QVERIFY2(err.contains("every run had finished"), err.constData());
    QVERIFY2(!c.out().contains("stopped"), c.out().constData());
    const QJsonArray runs = readJson(QDir(out).filePath("summary.json")).value("runs").toArray();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs[0].toObject().value("status").toString(), QStringLiteral("finished"));
    QVERIFY(QFileInfo(QDir(out).filePath("weights/fp64.csv")).size() > 50'000'000);
    QVERIFY(readAll(QDir(out).filePath("experiment.json")).contains("\"hidden\": [1024, 1024]"));
}

// Two writers of one --out: the second (run or sweep) is refused before it trains, and the
// folder ends up all of the first one's experiment.
void TestReliabilityOutputs::secondWriterRefused()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    Child first = spawnCli({ "run", "--preset", "seed", "--out", out, "--quiet", "--set",
                               "training.epochs=100000000" },
        tmp.path());
    QVERIFY2(waitFor([&] { return QFileInfo::exists(tmp.filePath(".out.lock")); }, 60000),
        "the first writer never locked the folder");
    for (const QStringList& second :
        { QStringList { "run", "--preset", "moons", "--out", out, "--quiet" },
            QStringList { "sweep", "--preset", "moons", "--bits", "2-3", "--schemes", "fixed",
                "--out", out, "--quiet" } }) {
        const Result r = runCli(second, {}, 60000);
        QVERIFY2(!r.crashed, "the second writer did not end (it trained?)");
        QVERIFY2(r.exitCode == 1, r.err.constData());
        QVERIFY2(
            r.err.contains("another BitLab process is writing results there"), r.err.constData());
    }
    QCOMPARE(::kill(first.pid, SIGINT), 0);
    QVERIFY(first.wait(120000));
    QCOMPARE(first.exitCode(), 130);
    // All of the first experiment: the seed preset's four runs, stopped, and its file.
    const QJsonArray runs = readJson(QDir(out).filePath("summary.json")).value("runs").toArray();
    QCOMPARE(runs.size(), 4);
    for (const QJsonValue& run : runs)
        QCOMPARE(run.toObject().value("status").toString(), QStringLiteral("stopped"));
    QVERIFY(readAll(QDir(out).filePath("experiment.json")).contains("100000000"));
    QCOMPARE(
        entries(tmp.path()).filter(QRegularExpression(QStringLiteral("^\\.out"))), QStringList {});
    // Once it is done the folder is free again.
    QCOMPARE(runCli({ "run", "--preset", "moons", "--out", out, "--quiet" }).exitCode, 0);
}

// 1.6 million records (the seed preset, 400,000 epochs, a record every step) under a
// 300 MiB address-space limit: the CLI keeps them in a MetricsSpool (bounded memory) and
// finishes; it used to keep every Record in memory and die with std::bad_alloc. The
// metrics.csv it streams out is complete.
void TestReliabilityOutputs::memoryStaysFlat()
{
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer reserves terabytes of shadow address space: an address-space limit
    // cannot tell the CLI's memory from the sanitizer's (the plain build runs this test).
    QSKIP("RLIMIT_AS cannot bound a program built with AddressSanitizer");
#endif
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    Child c = spawnCli({ "run", "--preset", "seed", "--out", out, "--quiet", "--threads", "1",
                           "--set", "training.epochs=400000" },
        tmp.path(), { RLIMIT_AS, rlim_t(300) << 20 });
    QVERIFY(c.wait(600000));
    QVERIFY2(c.exitCode() == 0, c.err().constData());
    QFile metrics(QDir(out).filePath("metrics.csv"));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    qint64 rows = 0;
    QByteArray last;
    while (!metrics.atEnd()) {
        const QByteArray line = metrics.readLine();
        ++rows;
        last = line;
    }
    QCOMPARE(rows, 1 + 4 * 400001);
    QVERIFY2(last.startsWith("Q4.3-ste,400000,400000,"), last.constData());
}

// An existing --out folder that is read-only fails before training (the experiment would
// train for hours), naming the folder. Root ignores permissions: the CLI then runs as
// "nobody".
void TestReliabilityOutputs::readOnlyOutFailsBeforeTraining()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    QVERIFY(writeOldSet(out));
    const auto before = snapshot(out);
    ::chmod(QFile::encodeName(tmp.path()).constData(), 01777);
    ::chmod(QFile::encodeName(out).constData(), 0555);
    Limits asNobody;
    asNobody.user = 65534;
    Child c = spawnCli({ "run", "--preset", "seed", "--out", out, "--quiet", "--set",
                           "training.epochs=100000000" },
        tmp.path(), asNobody);
    const bool ended = c.wait(60000);
    ::chmod(QFile::encodeName(out).constData(), 0755);
    QVERIFY2(ended, "bitlab-cli trained instead of refusing the folder");
    QCOMPARE(c.exitCode(), 1);
    const QByteArray err = c.err();
    QVERIFY2(err.contains("is read-only") && err.contains(QFile::encodeName(out)), err.constData());
    QCOMPARE(snapshot(out), before);
}

// A run name of 300 characters cannot be a file name (weights/<run>.json): found before
// training, located as runs.N.name.
void TestReliabilityOutputs::longRunNameFailsBeforeTraining()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out"));
    const QString name(300, QLatin1Char('a'));
    Child c = spawnCli(
        { "run", "--preset", "seed", "--out", out, "--quiet", "--set", "training.epochs=100000000",
            "--set", "runs=[{\"name\": \"fp64\"}, {\"name\": \"" + name + "\"}]" },
        tmp.path());
    QVERIFY2(c.wait(60000), "bitlab-cli trained instead of refusing the run name");
    QCOMPARE(c.exitCode(), 1);
    const QByteArray err = c.err();
    QVERIFY2(err.startsWith("error: runs.1.name \"aaaa"), err.constData());
    QVERIFY2(
        err.contains("(300 characters)") && err.contains("File name too long"), err.constData());
    QVERIFY(!QFileInfo::exists(out));
    QCOMPARE(
        entries(tmp.path()).filter(QRegularExpression(QStringLiteral("^\\.out"))), QStringList {});
}

// A folder holding files BitLab did not write is not replaced (it could be the user's data).
void TestReliabilityOutputs::foreignFolderNotReplaced()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeText(tmp.filePath("thesis.tex"), "mine"));
    const Result r = runCli({ "run", "--preset", "seed", "--out", tmp.path(), "--quiet" });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(
        r.err.contains("it holds 'thesis.tex', which BitLab did not write"), r.err.constData());
    QCOMPARE(entries(tmp.path()), QStringList { "thesis.tex" });
}

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
