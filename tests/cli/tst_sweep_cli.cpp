// `bitlab-cli sweep` with --vary, --seeds and --shard, and `bitlab-cli merge`,
// end to end through the built binary: sharded + merged = unsharded byte for byte, every
// row = a single `bitlab-cli run`, located refusals, and the two recipes of docs/cli.md
// (GNU parallel on local cores, the Slurm array script with SLURM_ARRAY_TASK_ID set).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>

namespace {

struct Result {
    int exitCode = -1;
    QByteArray out, err;
};

QString binDir()
{
    return QString::fromLocal8Bit(qgetenv("BITLAB_BIN_DIR"));
}

Result runProgram(const QString& program, const QStringList& args, const QString& workDir,
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.setProcessEnvironment(env);
    p.start(program, args);
    Result r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not finish";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList lines(const QByteArray& text)
{
    QStringList out = QString::fromUtf8(text).split(QLatin1Char('\n'));
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

// The environment with bitlab-cli first on PATH (the recipes call it by name).
QProcessEnvironment pathEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(
        QStringLiteral("PATH"), binDir() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    return env;
}

// A fenced block of docs/cli.md, found by its "<!-- recipe: NAME -->" marker.
QString recipe(const QString& name)
{
    const QString docs = QString::fromUtf8(
        readAll(QString::fromLocal8Bit(qgetenv("BITLAB_SOURCE_DIR")) + "/docs/cli.md"));
    const qsizetype marker = docs.indexOf(QStringLiteral("<!-- recipe: %1 -->").arg(name));
    if (marker < 0)
        return {};
    const qsizetype open = docs.indexOf(QStringLiteral("```sh\n"), marker);
    const qsizetype close = docs.indexOf(QStringLiteral("\n```"), open + 6);
    return open < 0 || close < 0 ? QString() : docs.mid(open + 6, close - open - 6) + "\n";
}

// The recipe's `bitlab-cli sweep` command without its shard: the unsharded sweep into
// `out` (continuation lines joined).
QString unshardedCommand(const QString& script, const QString& out)
{
    QString joined = script;
    joined.replace(QStringLiteral("\\\n"), QStringLiteral(" "));
    for (QString line : joined.split(QLatin1Char('\n'))) {
        const qsizetype at = line.indexOf(QStringLiteral("bitlab-cli sweep"));
        if (at < 0)
            continue;
        line = line.mid(at);
        line.remove(QRegularExpression(QStringLiteral(" :::.*$")));
        line.remove(QRegularExpression(QStringLiteral("--shard \\S+")));
        line.replace(
            QRegularExpression(QStringLiteral("--out \\S+")), QStringLiteral("--out ") + out);
        return line;
    }
    return {};
}

} // namespace

class TestSweepCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void shardsMergeToTheUnshardedSweep_data();
    void shardsMergeToTheUnshardedSweep();
    void everyRowIsASingleRun();
    void bitWidthRowIsASingleRun();
    void summaryRowsHoldTheSpread();
    void refusals_data();
    void refusals();
    void mergeRefuses_data();
    void mergeRefuses();
    void gnuParallelRecipe();
    void slurmRecipe();

private:
    Result cli(const QStringList& args, const QString& workDir = {})
    {
        return runProgram(
            binDir() + "/bitlab-cli", args, workDir.isEmpty() ? m_dir.path() : workDir);
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    void checkSharded(const QStringList& sweepArgs, int shards, const QString& name);

    QTemporaryDir m_dir;
    QString m_experiment; // a short moons MLP: a test split, random init and order
};

void TestSweepCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Result r = cli({ "run", "--preset", "moons", "--set", "training.epochs=3", "--out",
        path("base"), "--quiet" });
    QCOMPARE(r.exitCode, 0);
    m_experiment = path("experiment.json");
    QVERIFY(QFile::copy(path("base/experiment.json"), m_experiment));
}

void TestSweepCli::checkSharded(const QStringList& sweepArgs, int shards, const QString& name)
{
    const QString full = path(name + "-full");
    Result r = cli(QStringList { "sweep", m_experiment } + sweepArgs
        + QStringList { "--out", full, "--quiet" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QStringList parts;
    for (int k = 1; k <= shards; ++k) {
        const QString part = path(QStringLiteral("%1-shard-%2").arg(name).arg(k));
        r = cli(QStringList { "sweep", m_experiment } + sweepArgs
            + QStringList { "--shard", QStringLiteral("%1/%2").arg(k).arg(shards), "--threads",
                QString::number(k % 3), "--out", part, "--quiet" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        parts.prepend(part); // merge takes them in any order
    }
    const QString merged = path(name + "-merged");
    r = cli(QStringList { "merge" } + parts + QStringList { "--out", merged });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray expected = readAll(full + "/sweep.csv");
    QVERIFY(lines(expected).size() > 2);
    QCOMPARE(readAll(merged + "/sweep.csv"), expected);
    QCOMPARE(readAll(merged + "/sweep.json"), readAll(full + "/sweep.json"));
    // A shard's own sweep.csv holds its rows only.
    QVERIFY(lines(readAll(parts.last() + "/sweep.csv")).size() < lines(expected).size());
}

void TestSweepCli::shardsMergeToTheUnshardedSweep_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("shards");
    QTest::newRow("two keys x 3 seeds, 3 shards") << QStringList { "--vary",
        "optimizer.lr=0.01,0.05", "--vary", "runs.1.quantizer.bits=2-3", "--seeds", "3" }
                                                  << 3;
    QTest::newRow("bit-width form x key x 2 seeds, 4 shards") << QStringList { "--vary",
        "optimizer.batch_size=16,64", "--bits", "2-3", "--schemes", "symmetric,binary", "--seeds",
        "2" } << 4;
    QTest::newRow("bit-width form alone, more shards than units")
        << QStringList { "--bits", "1-2", "--schemes", "symmetric" } << 5;
}

void TestSweepCli::shardsMergeToTheUnshardedSweep()
{
    QFETCH(QStringList, args);
    QFETCH(int, shards);
    checkSharded(args, shards,
        QString::fromLatin1(QTest::currentDataTag()).section(' ', 0, 1).replace(' ', '-'));
}

// Every seed row of a --vary --seeds sweep is what `bitlab-cli run` gives with the point's
// values and that seed, for every run of the experiment.
void TestSweepCli::everyRowIsASingleRun()
{
    const QString out = path("rows");
    Result r = cli({ "sweep", m_experiment, "--vary", "optimizer.lr=0.01,0.05", "--seeds", "2",
        "--out", out, "--quiet" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList rows = lines(readAll(out + "/sweep.csv"));
    QVERIFY(rows.first().startsWith(QLatin1String(
        "optimizer.lr,run,seed,status,final_train_loss,final_test_loss,final_accuracy,")));
    int checked = 0;
    for (const QString& row : rows.mid(1)) {
        const QStringList c = row.split(QLatin1Char(','));
        if (c[2] == QLatin1String("mean"))
            continue;
        const QString single = path(QStringLiteral("single-%1-%2").arg(c[0], c[2]));
        if (!QFile::exists(single + "/summary.json")) {
            r = cli({ "run", m_experiment, "--set", "optimizer.lr=" + c[0], "--set",
                "training.seed=" + c[2], "--out", single, "--quiet" });
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        const QJsonArray runs
            = QJsonDocument::fromJson(readAll(single + "/summary.json")).object()["runs"].toArray();
        bool found = false;
        for (const QJsonValue& v : runs) {
            const QJsonObject run = v.toObject();
            if (run["name"].toString() != c[1])
                continue;
            found = true;
            const QJsonObject last = run["final"].toObject();
            QCOMPARE(c[3], run["status"].toString());
            QVERIFY2(c[4].toDouble() == last["train_loss"].toDouble(), qPrintable(row));
            QVERIFY2(c[5].toDouble() == last["test_loss"].toDouble(), qPrintable(row));
            QVERIFY2(c[6].toDouble() == last["test_accuracy"].toDouble(), qPrintable(row));
            ++checked;
        }
        QVERIFY2(found, qPrintable(row));
    }
    QCOMPARE(checked, 2 * 2 * 3); // lr x seeds x the experiment's three runs
}

// A bit-width configuration with a later seed is the one-run experiment with that seed.
void TestSweepCli::bitWidthRowIsASingleRun()
{
    const QString out = path("bw-rows");
    Result r = cli({ "sweep", m_experiment, "--bits", "3", "--schemes", "symmetric", "--seeds", "2",
        "--out", out, "--quiet" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList rows = lines(readAll(out + "/sweep.csv"));
    QCOMPARE(rows.size(), 1 + 2 * (2 + 1)); // header; fp64 and symmetric 3: 2 seeds + mean
    const QStringList c = rows[5].split(QLatin1Char(','));
    QCOMPARE(c.mid(0, 3), (QStringList { "symmetric", "3", "43" }));
    // The experiment's first quantized run, with 3 bits, alone, seed 43.
    const QJsonObject exp = QJsonDocument::fromJson(readAll(m_experiment)).object();
    QJsonObject run;
    for (const QJsonValue& v : exp["runs"].toArray())
        if (v.toObject().contains("quantizer") && run.isEmpty())
            run = v.toObject();
    QJsonObject q = run["quantizer"].toObject();
    QCOMPARE(q["scheme"].toString(), QStringLiteral("symmetric"));
    q["bits"] = 3;
    run["quantizer"] = q;
    run["name"] = QStringLiteral("one");
    const QString single = path("bw-single");
    r = cli({ "run", m_experiment, "--set",
        "runs="
            + QString::fromUtf8(QJsonDocument(QJsonArray { run }).toJson(QJsonDocument::Compact)),
        "--set", "training.seed=43", "--out", single, "--quiet" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject last = QJsonDocument::fromJson(readAll(single + "/summary.json"))
                                 .object()["runs"]
                                 .toArray()[0]
                                 .toObject()["final"]
                                 .toObject();
    QVERIFY2(c[4].toDouble() == last["train_loss"].toDouble(), qPrintable(rows[5]));
    QVERIFY2(c[5].toDouble() == last["test_loss"].toDouble(), qPrintable(rows[5]));
}

// The summary row: mean, sample sd, min and max of the seed rows above it.
void TestSweepCli::summaryRowsHoldTheSpread()
{
    const QString out = path("spread");
    const Result r = cli({ "sweep", m_experiment, "--seeds", "4", "--out", out, "--quiet" });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList rows = lines(readAll(out + "/sweep.csv"));
    QCOMPARE(rows.first(),
        QStringLiteral("run,seed,status,final_train_loss,final_test_loss,final_accuracy,"
                       "seeds_finished,sd_train_loss,sd_test_loss,sd_accuracy,min_train_loss,"
                       "min_test_loss,min_accuracy,max_train_loss,max_test_loss,max_accuracy"));
    QCOMPARE(rows.size(), 1 + 3 * 5);
    for (int group = 0; group < 3; ++group) {
        std::vector<double> v;
        for (int s = 0; s < 4; ++s) {
            const QStringList c = rows[1 + group * 5 + s].split(QLatin1Char(','));
            QCOMPARE(c[1].toULongLong(), 42ULL + static_cast<unsigned long long>(s));
            QVERIFY(c[6].isEmpty());
            v.push_back(c[4].toDouble()); // test loss
        }
        const QStringList m = rows[1 + group * 5 + 4].split(QLatin1Char(','));
        QCOMPARE(m[1], QStringLiteral("mean"));
        QCOMPARE(m[2], QStringLiteral("finished"));
        QCOMPARE(m[6], QStringLiteral("4"));
        double mean = 0;
        for (double x : v)
            mean += x / 4;
        double ss = 0;
        for (double x : v)
            ss += (x - mean) * (x - mean);
        QVERIFY(std::abs(m[4].toDouble() - mean) < 1e-12);
        QVERIFY(std::abs(m[8].toDouble() - std::sqrt(ss / 3)) < 1e-12);
        QVERIFY(m[8].toDouble() > 0); // the seeds differ
        QCOMPARE(m[11].toDouble(), *std::min_element(v.begin(), v.end()));
        QCOMPARE(m[14].toDouble(), *std::max_element(v.begin(), v.end()));
    }
}

void TestSweepCli::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown key") << QStringList { "--vary", "optimizer.lrr=0.1,0.2" } << 1
                                 << "optimizer.lrr";
    QTest::newRow("refused value") << QStringList { "--vary", "optimizer.lr=0.1,-1" } << 1
                                   << "the sweep point optimizer.lr=-1 is not a valid experiment";
    QTest::newRow("range going down")
        << QStringList { "--vary", "runs.1.quantizer.bits=8-2" } << 2 << "goes down";
    QTest::newRow("empty value") << QStringList { "--vary", "optimizer.lr=0.1,,0.2" } << 2
                                 << "an empty value";
    QTest::newRow("key twice") << QStringList { "--vary", "optimizer.lr=0.1", "--vary",
        "optimizer.lr=0.2" } << 1
                               << "swept twice";
    QTest::newRow("bad shard") << QStringList { "--seeds", "2", "--shard", "3/2" } << 2
                               << "--shard expects K/N";
    QTest::newRow("bad seeds") << QStringList { "--seeds", "0" } << 2 << "--seeds expects";
    QTest::newRow("nothing to sweep") << QStringList {} << 2 << "'sweep' needs --vary";
}

void TestSweepCli::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString out = path("refused");
    const Result r
        = cli(QStringList { "sweep", m_experiment } + args + QStringList { "--out", out });
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(!QFile::exists(out + "/sweep.csv"));
}

void TestSweepCli::mergeRefuses_data()
{
    QTest::addColumn<QStringList>("folders");
    QTest::addColumn<QString>("message");
    QTest::newRow("a shard missing") << QStringList { "m-1", "m-3" }
                                     << "units are missing (1, 4, 7): give the output of shard 2/3";
    QTest::newRow("a shard twice") << QStringList { "m-1", "m-2", "m-3", "m-2" } << "is in both";
    QTest::newRow("another sweep") << QStringList { "m-1", "m-2", "other-3" }
                                   << "are not from the same sweep: their axes differ";
    QTest::newRow("no sweep.json") << QStringList { "m-1", "base" } << "sweep.json does not exist";
}

void TestSweepCli::mergeRefuses()
{
    QFETCH(QStringList, folders);
    QFETCH(QString, message);
    if (!QFile::exists(path("m-3/sweep.json"))) {
        for (int k = 1; k <= 3; ++k)
            QCOMPARE(
                cli({ "sweep", m_experiment, "--vary", "optimizer.lr=0.01,0.05,0.1", "--seeds", "3",
                        "--set", "training.epochs=1", "--shard", QStringLiteral("%1/3").arg(k),
                        "--out", path(QStringLiteral("m-%1").arg(k)), "--quiet" })
                    .exitCode,
                0);
        QCOMPARE(cli({ "sweep", m_experiment, "--vary", "optimizer.lr=0.01,0.05,0.2", "--seeds",
                         "3", "--set", "training.epochs=1", "--shard", "3/3", "--out",
                         path("other-3"), "--quiet" })
                     .exitCode,
            0);
    }
    QStringList args { "merge" };
    for (const QString& f : folders)
        args << path(f);
    const QString out = path("merge-refused");
    const Result r = cli(args + QStringList { "--out", out });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QCOMPARE(lines(r.err).size(), 1);
    QVERIFY(!QFile::exists(out + "/sweep.csv"));
}

// docs/cli.md's GNU parallel recipe, run as written on this machine's cores.
void TestSweepCli::gnuParallelRecipe()
{
    if (QStandardPaths::findExecutable(QStringLiteral("parallel")).isEmpty())
        QSKIP("GNU parallel is not installed (apt-get install parallel; scripts/install-deps.sh "
              "installs it): the recipe is not run");
    const QString script = recipe(QStringLiteral("parallel"));
    QVERIFY2(script.contains(QLatin1String("parallel ")), "no parallel recipe in docs/cli.md");
    QTemporaryDir work;
    QVERIFY(QFile::copy(m_experiment, work.filePath("experiment.json")));
    const QProcessEnvironment env = pathEnvironment();
    Result r = runProgram(QStringLiteral("bash"), { "-euc", script }, work.path(), env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runProgram(
        QStringLiteral("bash"), { "-euc", unshardedCommand(script, "full") }, work.path(), env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray expected = readAll(work.filePath("full/sweep.csv"));
    QVERIFY(lines(expected).size() > 100);
    QCOMPARE(readAll(work.filePath("sweep/sweep.csv")), expected);
}

// docs/cli.md's Slurm array script, run once per array task with SLURM_ARRAY_TASK_ID set
// (what sbatch --array=1-N does), then merged.
void TestSweepCli::slurmRecipe()
{
    const QString script = recipe(QStringLiteral("slurm"));
    const QRegularExpressionMatch array
        = QRegularExpression(QStringLiteral("#SBATCH --array=1-(\\d+)")).match(script);
    QVERIFY2(array.hasMatch(), "no Slurm recipe with --array=1-N in docs/cli.md");
    const int tasks = array.captured(1).toInt();
    QVERIFY(script.contains(QStringLiteral("--shard \"$SLURM_ARRAY_TASK_ID/%1\"").arg(tasks)));
    QTemporaryDir work;
    QVERIFY(QFile::copy(m_experiment, work.filePath("experiment.json")));
    QFile file(work.filePath("sweep.sh"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(script.toUtf8());
    file.close();
    QProcessEnvironment env = pathEnvironment();
    env.insert(QStringLiteral("SLURM_CPUS_PER_TASK"), QStringLiteral("2"));
    for (int task = 1; task <= tasks; ++task) {
        env.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QString::number(task));
        const Result r = runProgram(QStringLiteral("bash"), { "sweep.sh" }, work.path(), env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    // The merge docs/cli.md gives for after the array.
    Result r = runProgram(QStringLiteral("bash"),
        { "-euc", "bitlab-cli merge shards/* --out sweep" }, work.path(), env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runProgram(
        QStringLiteral("bash"), { "-euc", unshardedCommand(script, "full") }, work.path(), env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray expected = readAll(work.filePath("full/sweep.csv"));
    QVERIFY(lines(expected).size() > 100);
    QCOMPARE(readAll(work.filePath("sweep/sweep.csv")), expected);
}

QTEST_GUILESS_MAIN(TestSweepCli)
#include "tst_sweep_cli.moc"
