// Paths with spaces and non-ASCII characters work everywhere, for bitlab-cli: the
// built binary ($BITLAB_BIN_DIR) runs an experiment JSON, with a dataset.source relative to
// it, and writes --out into folders whose names have spaces, accents, CJK and emoji; the
// resolved experiment.json it writes runs again from there; inspect reads such a CSV; an
// error names such a path intact (UTF-8).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Result {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out, err;
};

Result runCli(const QStringList& args)
{
    QProcess p;
    const QByteArray dir = qgetenv("BITLAB_BIN_DIR");
    p.start(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("bitlab-cli")), args);
    Result r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(120000)) {
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

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QByteArray csvText()
{
    QByteArray text = "x,y\n";
    for (int i = 0; i < 20; ++i)
        text += QByteArray::number(0.1 * i) + ',' + QByteArray::number(3 * 0.1 * i + 2) + '\n';
    return text;
}

QByteArray experimentText(const QString& source)
{
    return QStringLiteral("{\"format\": \"bitlab.experiment\", \"version\": 1,\n"
                          " \"dataset\": {\"source\": \"%1\"},\n"
                          " \"model\": {\"kind\": \"linear\"},\n"
                          " \"optimizer\": {\"kind\": \"gd\", \"lr\": 0.1},\n"
                          " \"training\": {\"epochs\": 5},\n"
                          " \"runs\": [{\"name\": \"fp64\"}, {\"name\": \"q8\", \"quantizer\": "
                          "{\"scheme\": \"fixed\", \"bits\": 8, \"frac_bits\": 3}}]}\n")
        .arg(source)
        .toUtf8();
}

} // namespace

class TestReliabilityPaths : public QObject {
    Q_OBJECT
private slots:
    void runAndInspect_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("dataDir");
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("experiment");
        QTest::addColumn<QString>("out");
        QTest::newRow("spaces") << "my lab"
                                << "data sets"
                                << "train set.csv"
                                << "my experiment.json"
                                << "results of today";
        QTest::newRow("accents") << QString::fromUtf8("Übungen é") << QString::fromUtf8("données")
                                 << QString::fromUtf8("entraînement ü.csv")
                                 << QString::fromUtf8("expérience ø.json")
                                 << QString::fromUtf8("résultats å");
        QTest::newRow("CJK and emoji")
            << QString::fromUtf8("実験 🙂") << QString::fromUtf8("数据 集")
            << QString::fromUtf8("训练 数据.csv") << QString::fromUtf8("実験 1.json")
            << QString::fromUtf8("結果 🙂");
    }
    void runAndInspect()
    {
        QFETCH(QString, folder);
        QFETCH(QString, dataDir);
        QFETCH(QString, csv);
        QFETCH(QString, experiment);
        QFETCH(QString, out);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QDir root(tmp.filePath(folder));
        QVERIFY(QDir().mkpath(root.filePath(dataDir)));
        const QString csvPath = root.filePath(dataDir + QLatin1Char('/') + csv);
        QVERIFY(writeText(csvPath, csvText()));
        // dataset.source relative to the JSON file.
        const QString expPath = root.filePath(experiment);
        QVERIFY(writeText(expPath, experimentText(dataDir + QLatin1Char('/') + csv)));
        const QString outDir = root.filePath(out);

        const Result r = runCli({ QStringLiteral("run"), expPath, QStringLiteral("--out"), outDir,
            QStringLiteral("--quiet") });
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const char* f : { "experiment.json", "metrics.csv", "summary.json",
                 "weights/fp64.json", "weights/q8.json" })
            QVERIFY2(QFile::exists(QDir(outDir).filePath(QLatin1String(f))), f);
        QCOMPARE(QFile(QDir(outDir).filePath(QStringLiteral("metrics.csv"))).size() > 100, true);

        // The resolved experiment.json points back at the CSV and runs from where it is.
        const QString again = root.filePath(out + QStringLiteral(" again"));
        const Result r2 = runCli(
            { QStringLiteral("run"), QDir(outDir).filePath(QStringLiteral("experiment.json")),
                QStringLiteral("--out"), again, QStringLiteral("--quiet") });
        QVERIFY2(r2.exitCode == 0, r2.err.constData());
        QFile a(QDir(outDir).filePath(QStringLiteral("metrics.csv")));
        QFile b(QDir(again).filePath(QStringLiteral("metrics.csv")));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll()); // same numbers

        // --set dataset.source to an absolute non-ASCII path, from a builtin experiment.
        const QString builtinExp = root.filePath(QStringLiteral("builtin é.json"));
        QVERIFY(writeText(builtinExp, experimentText(QStringLiteral("builtin:seed-linear"))));
        const Result r3 = runCli({ QStringLiteral("run"), builtinExp, QStringLiteral("--set"),
            QStringLiteral("dataset.source=") + csvPath, QStringLiteral("--out"),
            root.filePath(out + QStringLiteral(" set")), QStringLiteral("--quiet") });
        QVERIFY2(r3.exitCode == 0, r3.err.constData());
        QFile c(root.filePath(out + QStringLiteral(" set/metrics.csv")));
        QVERIFY(c.open(QIODevice::ReadOnly));
        a.seek(0);
        QCOMPARE(c.readAll(), a.readAll());

        // inspect reads the file and reports its rows.
        const Result ri = runCli({ QStringLiteral("inspect"), csvPath, QStringLiteral("--json") });
        QVERIFY2(ri.exitCode == 0, ri.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(ri.out).object();
        QCOMPARE(o.value(QStringLiteral("rows")).toInt(), 20);
        QCOMPARE(o.value(QStringLiteral("target")).toString(), QStringLiteral("y"));
    }

    void errorNamesThePathIntact()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.filePath(QString::fromUtf8("dossier é 数据"));
        QVERIFY(QDir().mkpath(dir));
        const QString missing = QString::fromUtf8("absent ü 🙂.csv");
        const QString expPath = QDir(dir).filePath(QStringLiteral("exp.json"));
        QVERIFY(writeText(expPath, experimentText(missing)));
        const Result r = runCli({ QStringLiteral("run"), expPath, QStringLiteral("--quiet") });
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("error: ")), qPrintable(err));
        QVERIFY2(err.contains(missing), qPrintable(err));

        const Result ri = runCli({ QStringLiteral("inspect"), QDir(dir).filePath(missing) });
        QCOMPARE(ri.exitCode, 1);
        QVERIFY2(QString::fromUtf8(ri.err + ri.out).contains(missing), ri.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestReliabilityPaths)
#include "tst_reliability_paths.moc"
