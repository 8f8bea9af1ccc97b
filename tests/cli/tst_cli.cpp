// End-to-end tests of bitlab-cli: the built binary (in $BITLAB_BIN_DIR) run by QProcess.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/types.h>

namespace {

struct Result {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out, err;
};

QString cliPath()
{
    const QByteArray dir = qgetenv("BITLAB_BIN_DIR");
    return QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("bitlab-cli"));
}

Result runCli(const QStringList& args, const QString& workDir = {}, int timeoutMs = 120000)
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

QJsonObject readJson(const QString& path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

QStringList lines(const QByteArray& text)
{
    QStringList out = QString::fromUtf8(text).split(QLatin1Char('\n'));
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

// summary.json's run object by name.
QJsonObject summaryRun(const QJsonObject& summary, const QString& name)
{
    for (const QJsonValue& v : summary.value(QStringLiteral("runs")).toArray())
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    return {};
}

double finalValue(const QJsonObject& run, const char* key)
{
    return run.value(QStringLiteral("final")).toObject().value(QLatin1String(key)).toDouble(-1);
}

const QString kMetricsHeader = QStringLiteral(
    "run,step,epoch,batch_loss,train_loss,test_loss,train_accuracy,test_accuracy,grad_norm,"
    "quant_error,flips,lr");

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void runSeedPreset();
    void rerunReproducesMetrics_data();
    void rerunReproducesMetrics();
    void setChangesResults();
    void badInput_data();
    void badInput();
    void badUsage_data();
    void badUsage();
    void helpAndVersion();
    void presetsList();
    void everyPresetRuns_data();
    void everyPresetRuns();
    void inspectJson();
    void inspectUntokenizable();
    void interruptWritesStoppedRuns();
    void sweepMatchesSingleRuns();

private:
    QTemporaryDir m_tmp;
    QString path(const QString& name) const { return m_tmp.filePath(name); }
};

void TestCli::initTestCase()
{
    QVERIFY2(QFile::exists(cliPath()), qPrintable("bitlab-cli not found at " + cliPath()));
    QVERIFY(m_tmp.isValid());
}

void TestCli::runSeedPreset()
{
    const QString out = path(QStringLiteral("seed"));
    const Result r = runCli({ "run", "--preset", "seed", "--out", out });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    // The final table: a header and one row per run.
    const QStringList table = lines(r.out);
    QVERIFY(table.size() >= 5);
    QVERIFY(table[0].startsWith(QLatin1String("run")));
    QVERIFY(table[1].startsWith(QLatin1String("fp64")));
    QVERIFY(table[1].contains(QLatin1String("finished")));

    for (const char* file : { "experiment.json", "metrics.csv", "summary.json", "weights/fp64.json",
             "weights/Q4.3-nearest.json", "weights/Q4.3-stochastic.json", "weights/Q4.3-ste.json" })
        QVERIFY2(QFile::exists(QDir(out).filePath(QLatin1String(file))), file);

    // metrics.csv: the header, 12 columns on every row, steps 0..1000 for every run.
    const QStringList metrics = lines(readAll(QDir(out).filePath(QStringLiteral("metrics.csv"))));
    QVERIFY(metrics.size() > 4);
    QCOMPARE(metrics.first(), kMetricsHeader);
    QSet<QString> firstAndLast;
    for (int i = 1; i < metrics.size(); ++i) {
        const QStringList cells = metrics[i].split(QLatin1Char(','));
        QCOMPARE(cells.size(), 12);
        if (cells[1] == QLatin1String("0") || cells[1] == QLatin1String("1000")) {
            QVERIFY2(!cells[4].isEmpty(), "steps 0 and 1000 carry an exact train_loss");
            firstAndLast.insert(cells[0] + QLatin1Char('@') + cells[1]);
        }
    }
    QCOMPARE(firstAndLast.size(), 8);

    // The classic result: rounding to nearest after every update stalls far above float64;
    // stochastic rounding and STE get close to it.
    const QJsonObject summary = readJson(QDir(out).filePath(QStringLiteral("summary.json")));
    const QJsonObject fp = summaryRun(summary, QStringLiteral("fp64"));
    const QJsonObject nearest = summaryRun(summary, QStringLiteral("Q4.3-nearest"));
    const QJsonObject stochastic = summaryRun(summary, QStringLiteral("Q4.3-stochastic"));
    QCOMPARE(fp.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
    QCOMPARE(nearest.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
    QCOMPARE(fp.value(QStringLiteral("steps")).toInt(), 1000);
    const double fpLoss = finalValue(fp, "train_loss");
    const double nearestLoss = finalValue(nearest, "train_loss");
    const double stochasticLoss = finalValue(stochastic, "train_loss");
    QVERIFY(fpLoss >= 0);
    QVERIFY2(nearestLoss > 2 * fpLoss + 0.01,
        qPrintable(QStringLiteral("nearest %1 vs fp64 %2").arg(nearestLoss).arg(fpLoss)));
    QVERIFY2(stochasticLoss < nearestLoss, qPrintable(QString::number(stochasticLoss)));

    // The saved experiment is the resolved one: every default written.
    const QJsonObject experiment = readJson(QDir(out).filePath(QStringLiteral("experiment.json")));
    QCOMPARE(
        experiment.value(QStringLiteral("format")).toString(), QStringLiteral("bitlab.experiment"));
    QCOMPARE(experiment.value(QStringLiteral("runs")).toArray().size(), 4);
    QVERIFY(experiment.value(QStringLiteral("training"))
                .toObject()
                .contains(QStringLiteral("record_every")));
}

void TestCli::rerunReproducesMetrics_data()
{
    QTest::addColumn<QString>("preset");
    QTest::newRow("seed: full batch, stochastic rounding") << QStringLiteral("seed");
    QTest::newRow("moons: shuffled mini-batches, adam, test split") << QStringLiteral("moons");
    QTest::newRow("digits: a real dataset, no generator keys") << QStringLiteral("digits");
    QTest::newRow("lsq: learned step sizes") << QStringLiteral("lsq");
}

void TestCli::rerunReproducesMetrics()
{
    QFETCH(QString, preset);
    const QString first = path(QStringLiteral("rerun-a-") + preset);
    const QString second = path(QStringLiteral("rerun-b-") + preset);
    QCOMPARE(runCli({ "run", "--preset", preset, "--out", first, "--quiet" }).exitCode, 0);
    const Result r = runCli({ "run", QDir(first).filePath(QStringLiteral("experiment.json")),
        "--out", second, "--quiet", "--threads", "1" });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    QVERIFY(r.err.isEmpty());
    const QByteArray a = readAll(QDir(first).filePath(QStringLiteral("metrics.csv")));
    const QByteArray b = readAll(QDir(second).filePath(QStringLiteral("metrics.csv")));
    QVERIFY(a.size() > 1000);
    QVERIFY2(a == b, "metrics.csv differs between the run and the re-run of its experiment.json");
    QCOMPARE(readAll(QDir(second).filePath(QStringLiteral("experiment.json"))),
        readAll(QDir(first).filePath(QStringLiteral("experiment.json"))));
    if (preset == QLatin1String("lsq")) {
        // The learned steps: in the resolved experiment, the summary and the weights file.
        QVERIFY(readAll(QDir(first).filePath(QStringLiteral("experiment.json")))
                    .contains("\"learn\": \"lsq\""));
        const QJsonObject run
            = summaryRun(readJson(QDir(second).filePath(QStringLiteral("summary.json"))),
                QStringLiteral("sym2-lsq"));
        const QJsonObject learned = run.value(QStringLiteral("learned")).toObject();
        QCOMPARE(learned.size(), 6);
        const QJsonObject weights
            = readJson(QDir(second).filePath(QStringLiteral("weights/sym2-lsq.json")));
        QCOMPARE(weights.value(QStringLiteral("learned")).toObject(), learned);
        QVERIFY(learned.value(QStringLiteral("layers.1.weight.step")).toDouble() > 0);
        // metrics.csv: a column per learned step, headed by its name.
        QVERIFY2(
            a.startsWith(kMetricsHeader.toUtf8() + ",layers.0.weight.step,layers.0.bias.step,"),
            a.left(300).constData());
    }
}

void TestCli::setChangesResults()
{
    const QString base = path(QStringLiteral("set-base"));
    const QString changed = path(QStringLiteral("set-lr"));
    QCOMPARE(runCli({ "run", "--preset", "seed", "--out", base, "--quiet" }).exitCode, 0);
    QCOMPARE(runCli({ "run", "--preset", "seed", "--out", changed, "--quiet", "--set",
                        "optimizer.lr=0.01", "--set", "training.epochs=50" })
                 .exitCode,
        0);
    const QJsonObject experiment
        = readJson(QDir(changed).filePath(QStringLiteral("experiment.json")));
    QCOMPARE(experiment.value(QStringLiteral("optimizer"))
                 .toObject()
                 .value(QStringLiteral("lr"))
                 .toDouble(),
        0.01);
    const QJsonObject a = summaryRun(
        readJson(QDir(base).filePath(QStringLiteral("summary.json"))), QStringLiteral("fp64"));
    const QJsonObject b = summaryRun(
        readJson(QDir(changed).filePath(QStringLiteral("summary.json"))), QStringLiteral("fp64"));
    QCOMPARE(b.value(QStringLiteral("steps")).toInt(), 50);
    // Fewer, smaller steps: the fit is clearly worse.
    QVERIFY(finalValue(b, "train_loss") > finalValue(a, "train_loss") + 0.1);
}

void TestCli::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");

    QFile bad(path(QStringLiteral("broken.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"format\": \"bitlab.experiment\", \"version\": 1,\n  \"model\": {\"kind\": ");
    bad.close();
    QFile unknownKey(path(QStringLiteral("unknown-key.json")));
    QVERIFY(unknownKey.open(QIODevice::WriteOnly));
    unknownKey.write(R"({"format": "bitlab.experiment", "version": 1,
        "dataset": {"source": "builtin:seed-linear"}, "model": {"kind": "linear"},
        "optimizer": {"kind": "gd", "lrr": 0.1, "momentum": -1}})");
    unknownKey.close();

    QTest::newRow("missing file") << QStringList { "run", path(QStringLiteral("nope.json")) }
                                  << QStringLiteral("nope.json");
    QTest::newRow("truncated JSON") << QStringList { "run", path(QStringLiteral("broken.json")) }
                                    << QStringLiteral("broken.json");
    QTest::newRow("two problems, one line")
        << QStringList { "run", path(QStringLiteral("unknown-key.json")) } << QStringLiteral("lrr");
    QTest::newRow("unknown preset")
        << QStringList { "run", "--preset", "nosuch" } << QStringLiteral("nosuch");
    QTest::newRow("unknown --set key") << QStringList { "run", "--preset", "seed", "--set",
        "optimizer.lrr=0.1" } << QStringLiteral("lrr");
    QTest::newRow("invalid --set value") << QStringList { "run", "--preset", "seed", "--set",
        "optimizer.lr=-1" } << QStringLiteral("optimizer.lr");
    QTest::newRow("--out is a file")
        << QStringList { "run", "--preset", "seed", "--out", path(QStringLiteral("broken.json")) }
        << QStringLiteral("broken.json");
    QTest::newRow("inspect a missing file") << QStringList { "inspect",
        path(QStringLiteral("nope.csv")) } << QStringLiteral("nope.csv");
    QTest::newRow("learn in ptq") << QStringList {
        "run", "--preset", "lsq", "--set", "runs.2.quantizer.mode=ptq"
    } << QStringLiteral("runs.2.quantizer.learn \"lsq\" needs mode \"ste\"");
    QTest::newRow("sweep an unknown scheme") << QStringList { "sweep", "--preset", "seed", "--bits",
        "2-3", "--schemes", "fixed,octal" } << QStringLiteral("octal");
}

void TestCli::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Result r = runCli(args, m_tmp.path());
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1);
    const QStringList err = lines(r.err);
    QCOMPARE(err.size(), 1);
    QVERIFY2(err.first().startsWith(QLatin1String("error: ")), qPrintable(err.first()));
    QVERIFY2(err.first().contains(mentions), qPrintable(err.first()));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(path(QStringLiteral("bitlab-out"))));
}

void TestCli::badUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no command") << QStringList {};
    QTest::newRow("unknown command") << QStringList { "train" };
    QTest::newRow("unknown top-level option") << QStringList { "--frobnicate" };
    QTest::newRow("unknown run option") << QStringList { "run", "--preset", "seed", "--fast" };
    QTest::newRow("run without experiment") << QStringList { "run" };
    QTest::newRow("file and preset") << QStringList { "run", "x.json", "--preset", "seed" };
    QTest::newRow("--out without value") << QStringList { "run", "--preset", "seed", "--out" };
    QTest::newRow("--set without =") << QStringList { "run", "--preset", "seed", "--set", "lr" };
    QTest::newRow("--threads not a number")
        << QStringList { "run", "--preset", "seed", "--threads", "many" };
    QTest::newRow("inspect without file") << QStringList { "inspect" };
    QTest::newRow("inspect --json on run") << QStringList { "run", "--preset", "seed", "--json" };
    QTest::newRow("presets with argument") << QStringList { "presets", "seed" };
    QTest::newRow("sweep without --bits")
        << QStringList { "sweep", "--preset", "seed", "--schemes", "fixed" };
    QTest::newRow("sweep with bad --bits")
        << QStringList { "sweep", "--preset", "seed", "--bits", "8-1", "--schemes", "fixed" };
}

void TestCli::badUsage()
{
    QFETCH(QStringList, args);
    const Result r = runCli(args, m_tmp.path());
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("usage: bitlab-cli"), r.err.constData());
    QVERIFY(r.err.startsWith("error: "));
}

void TestCli::helpAndVersion()
{
    Result r = runCli({ "--help" });
    QCOMPARE(r.exitCode, 0);
    for (const char* command : { "run", "sweep", "presets", "inspect" })
        QVERIFY(r.out.contains(QByteArray("bitlab-cli ") + command));
    r = runCli({ "run", "--help" });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--preset"));
    r = runCli({ "--version" });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("bitlab-cli "));
}

void TestCli::presetsList()
{
    const Result r = runCli({ "presets" });
    QCOMPARE(r.exitCode, 0);
    QStringList names;
    for (const QString& line : lines(r.out)) {
        const QStringList parts = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(parts.size() >= 2, qPrintable("name and title: " + line));
        names << parts.first();
    }
    for (const char* name : { "seed", "moons", "logistic", "softmax", "svm" })
        QVERIFY2(names.contains(QLatin1String(name)), name);
}

void TestCli::everyPresetRuns_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("classification");
    QTest::newRow("logistic") << QStringLiteral("logistic") << true;
    QTest::newRow("softmax") << QStringLiteral("softmax") << true;
    QTest::newRow("svm") << QStringLiteral("svm") << true;
    QTest::newRow("digits (real data)") << QStringLiteral("digits") << true;
    QTest::newRow("seed (regression)") << QStringLiteral("seed") << false;
}

// Every preset trains to the end and its full-precision run learns the task.
void TestCli::everyPresetRuns()
{
    QFETCH(QString, preset);
    QFETCH(bool, classification);
    const QString out = path(QStringLiteral("preset-") + preset);
    const Result r = runCli({ "run", "--preset", preset, "--out", out, "--quiet" });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject summary = readJson(QDir(out).filePath(QStringLiteral("summary.json")));
    const QJsonArray runs = summary.value(QStringLiteral("runs")).toArray();
    QVERIFY(runs.size() >= 2);
    for (const QJsonValue& run : runs)
        QCOMPARE(
            run.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
    if (classification)
        QVERIFY(finalValue(runs.first().toObject(), "test_accuracy") > 0.8);
    // Classification: per-class results, the same as the run's accuracy (trace / rows).
    QCOMPARE(summary.contains(QStringLiteral("class_labels")), classification);
    QCOMPARE(QFile::exists(QDir(out).filePath(QStringLiteral("confusion.csv"))), classification);
    if (classification) {
        const QJsonObject first = runs.first().toObject();
        const QJsonArray matrix = first.value(QStringLiteral("confusion"))
                                      .toObject()
                                      .value(QStringLiteral("test"))
                                      .toArray();
        qint64 trace = 0, all = 0;
        for (int t = 0; t < matrix.size(); ++t)
            for (int p = 0; p < matrix.size(); ++p) {
                const qint64 n = matrix[t].toArray()[p].toInteger();
                all += n;
                trace += t == p ? n : 0;
            }
        QVERIFY(all > 0);
        QCOMPARE(double(trace) / double(all), finalValue(first, "test_accuracy"));
    }
}

void TestCli::inspectJson()
{
    QFile csv(path(QStringLiteral("small.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("x1,x2,label\n1.5,2,a\n2.5,,b\n3.5,4,a\n4.5,5,b\n");
    csv.close();
    const Result r = runCli({ "inspect", csv.fileName(), "--json" });
    QVERIFY2(r.err.isEmpty() || r.exitCode == 0, r.err.constData());
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("rows")).toInt(), 4);
    const QJsonArray columns = o.value(QStringLiteral("columns")).toArray();
    QCOMPARE(columns.size(), 3);
    QCOMPARE(columns[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("x1"));
    QCOMPARE(
        columns[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("number"));
    QCOMPARE(columns[0].toObject().value(QStringLiteral("missing")).toInt(), 0);
    QCOMPARE(columns[1].toObject().value(QStringLiteral("missing")).toInt(), 1);
    QCOMPARE(
        columns[2].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("text"));
    QCOMPARE(o.value(QStringLiteral("target")).toString(), QStringLiteral("label"));
    QCOMPARE(o.value(QStringLiteral("task")).toString(), QStringLiteral("binary"));
    QCOMPARE(o.value(QStringLiteral("classes")).toArray(), (QJsonArray { "a", "b" }));
    // The missing x2 cell is a problem the loader would refuse.
    QVERIFY(!o.value(QStringLiteral("problems")).toArray().isEmpty());

    // --target picks another column.
    const Result t = runCli({ "inspect", csv.fileName(), "--json", "--target", "x1" });
    const QJsonObject ot = QJsonDocument::fromJson(t.out).object();
    QCOMPARE(ot.value(QStringLiteral("target")).toString(), QStringLiteral("x1"));
    QCOMPARE(ot.value(QStringLiteral("task")).toString(), QStringLiteral("regression"));

    // Without --json: a human-readable report naming the columns.
    const Result h = runCli({ "inspect", csv.fileName() });
    QVERIFY(h.out.contains("x2"));
    QVERIFY(h.out.contains("label"));
}

void TestCli::inspectUntokenizable()
{
    QFile csv(path(QStringLiteral("unterminated.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("a,b\n1,2\n3,\"unterminated\n5,6\n");
    csv.close();
    const Result r = runCli({ "inspect", csv.fileName(), "--json" });
    QCOMPARE(r.exitCode, 1);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(!o.value(QStringLiteral("error")).toString().isEmpty());
    QCOMPARE(o.value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(o.value(QStringLiteral("column")).toInt(), 2);
    QCOMPARE(lines(r.err).size(), 1);
    QVERIFY(r.err.startsWith("error: "));
}

// Ctrl-C mid-run: the runs stop between steps, what was recorded is written, marked
// stopped, and the exit status is 130. The experiment is far too long to end on its own.
// The signal is sent once the process has installed its handler (SigCgt in /proc) and
// started training (a second thread), so the outcome does not depend on timing.
void TestCli::interruptWritesStoppedRuns()
{
    const QString out = path(QStringLiteral("interrupted"));
    QProcess p;
    p.start(cliPath(),
        { "run", "--preset", "seed", "--set", "training.epochs=100000000", "--out", out });
    QVERIFY(p.waitForStarted(10000));
    const QString status = QStringLiteral("/proc/%1/status").arg(p.processId());
    bool caught = false;
    int threads = 0;
    for (int i = 0; i < 3000 && !(caught && threads >= 2); ++i) {
        for (const QString& line : lines(readAll(status))) {
            if (line.startsWith(QLatin1String("SigCgt:")))
                caught = (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (SIGINT - 1)) & 1;
            if (line.startsWith(QLatin1String("Threads:")))
                threads = line.mid(8).trimmed().toInt();
        }
        if (!(caught && threads >= 2))
            QTest::qWait(10);
    }
    QVERIFY2(caught, "bitlab-cli never installed its SIGINT handler");
    QVERIFY2(threads >= 2, "bitlab-cli never started training");
    QTest::qWait(300); // let it train a little (not needed for the outcome)
    QCOMPARE(::kill(static_cast<pid_t>(p.processId()), SIGINT), 0);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(!err.contains("error:"), err.constData());
    QVERIFY(p.readAllStandardOutput().contains("stopped"));

    const QStringList metrics = lines(readAll(QDir(out).filePath(QStringLiteral("metrics.csv"))));
    QVERIFY(!metrics.isEmpty());
    QCOMPARE(metrics.first(), kMetricsHeader);
    QMap<QString, qint64> lastStep; // per run, the last step in metrics.csv
    for (int i = 1; i < metrics.size(); ++i) {
        const QStringList cells = metrics[i].split(QLatin1Char(','));
        QCOMPARE(cells.size(), 12);
        lastStep[cells[0]] = cells[1].toLongLong();
    }
    const QJsonObject summary = readJson(QDir(out).filePath(QStringLiteral("summary.json")));
    const QJsonArray runs = summary.value(QStringLiteral("runs")).toArray();
    QCOMPARE(runs.size(), 4);
    for (const QJsonValue& value : runs) {
        const QJsonObject run = value.toObject();
        const QString name = run.value(QStringLiteral("name")).toString();
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        const qint64 steps = run.value(QStringLiteral("steps")).toInteger();
        QVERIFY(steps < 100000000);
        // What a run recorded is in metrics.csv, up to where it stopped.
        if (steps > 0) {
            QVERIFY2(lastStep.contains(name), qPrintable(name));
            QVERIFY(lastStep.value(name) <= steps);
        }
    }
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("weights/fp64.json"))));
}

// Every row of sweep.csv is what a one-run `bitlab-cli run` of that configuration gives.
void TestCli::sweepMatchesSingleRuns()
{
    const QString out = path(QStringLiteral("sweep"));
    const Result r = runCli({ "sweep", "--preset", "seed", "--bits", "2-4", "--schemes",
        "fixed,symmetric,binary", "--out", out, "--quiet" });
    QCOMPARE(r.exitCode, 0);
    const QStringList rows = lines(readAll(QDir(out).filePath(QStringLiteral("sweep.csv"))));
    QCOMPARE(rows.first(),
        QStringLiteral("scheme,bits,status,final_train_loss,final_test_loss,final_accuracy"));
    QCOMPARE(rows.size(), 1 + 1 + 3 + 3 + 1); // header, fp64, fixed x3, symmetric x3, binary
    QVERIFY(rows[1].startsWith(QLatin1String("fp64,,finished,")));
    QVERIFY(rows[2].startsWith(QLatin1String("fixed,2,finished,")));
    QVERIFY(rows.last().startsWith(QLatin1String("binary,,finished,")));

    // fixed at 3 bits keeps the preset's first quantized run (Q4.3 nearest post_update)
    // with bits = 3; run it alone.
    const QString single = path(QStringLiteral("sweep-single"));
    const Result s = runCli({ "run", "--preset", "seed", "--out", single, "--quiet", "--set",
        R"(runs=[{"name": "one", "quantizer": {"scheme": "fixed", "bits": 3, "frac_bits": 3,
             "rounding": "nearest", "mode": "post_update"}}])" });
    QCOMPARE(s.exitCode, 0);
    const QJsonObject run = summaryRun(
        readJson(QDir(single).filePath(QStringLiteral("summary.json"))), QStringLiteral("one"));
    const QStringList cells = rows[3].split(QLatin1Char(','));
    QCOMPARE(cells[1], QStringLiteral("3"));
    QVERIFY2(cells[3].toDouble() == finalValue(run, "train_loss"), qPrintable(rows[3]));

    // And the fp64 row equals the preset's fp64 run.
    const QString fp = path(QStringLiteral("sweep-fp"));
    QCOMPARE(runCli({ "run", "--preset", "seed", "--out", fp, "--quiet" }).exitCode, 0);
    const QJsonObject fpRun = summaryRun(
        readJson(QDir(fp).filePath(QStringLiteral("summary.json"))), QStringLiteral("fp64"));
    QVERIFY2(rows[1].split(QLatin1Char(','))[3].toDouble() == finalValue(fpRun, "train_loss"),
        qPrintable(rows[1]));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
