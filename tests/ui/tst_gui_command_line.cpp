// `bitlab --view KEY` launched as a program on the offscreen platform: --view sweep with
// --run sweeps before the screenshot (its exported chart holds the sweep), --view loss
// shows the Loss tab, an unknown view is an error naming the valid ones, and --help says so.

#include "common/image_support.h"
#include "ui/views/view_registry.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using bitlab::test::countColor;

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
};

} // namespace

class TestGuiCommandLine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sweepViewSweepsBeforeTheScreenshot();
    void lossView();
    void unknownView_data();
    void unknownView();
    void helpListsView();

private:
    Result bitlab(const QStringList& args);
    QString m_program;
    QTemporaryDir m_tmp;
};

void TestGuiCommandLine::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    const QString dir = qEnvironmentVariable("BITLAB_BIN_DIR");
    QVERIFY2(!dir.isEmpty(), "BITLAB_BIN_DIR is not set (run through ctest)");
    m_program = QDir(dir).filePath(QStringLiteral("bitlab"));
    if (!QFileInfo::exists(m_program))
        QSKIP("the bitlab program is not built (cmake --build build --target bitlab)");
}

Result TestGuiCommandLine::bitlab(const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("LC_ALL"));
    env.remove(QStringLiteral("LANGUAGE"));
    p.setProcessEnvironment(env);
    p.start(m_program, args);
    Result r;
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestGuiCommandLine::sweepViewSweepsBeforeTheScreenshot()
{
    const QString png = m_tmp.filePath(QStringLiteral("sweep-window.png"));
    const QString charts = m_tmp.filePath(QStringLiteral("sweep-charts"));
    const Result r = bitlab({ "--preset", "seed", "--run", "--view", "sweep", "--screenshot", png,
        "--export-charts", charts });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QImage window(png);
    QVERIFY(!window.isNull());
    // The sweep's defaults (bits 1-8, every scheme) include configurations that cannot be
    // built (symmetric and pow2 at 1 bit): their red diamonds are on screen.
    QVERIFY(countColor(window, 0xC00000, 10) > 20);
    // The exported sweep chart holds the finished sweep: a line per scheme, the baseline.
    QFile svg(QDir(charts).filePath(QStringLiteral("sweep.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(svg.readAll());
    for (const char* words :
        { "fixed", "symmetric", "pow2", "fp64 (full precision)", "diverged / failed / invalid" })
        QVERIFY2(text.contains(QLatin1String(words)), words);
    QVERIFY(!text.contains(QLatin1String("No sweep yet")));
}

void TestGuiCommandLine::lossView()
{
    const QString png = m_tmp.filePath(QStringLiteral("loss-window.png"));
    const Result r = bitlab({ "--preset", "seed", "--run", "--view", "loss", "--screenshot", png });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QImage window(png);
    QVERIFY(!window.isNull());
    QCOMPARE(countColor(window, 0xC00000, 10), 0); // no sweep on screen
}

void TestGuiCommandLine::unknownView_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("alone") << QStringList { "--view", "nope" };
    QTest::newRow("with a screenshot") << QStringList { "--preset", "seed", "--run", "--view",
        "nope", "--screenshot", m_tmp.filePath(QStringLiteral("never.png")) };
}

void TestGuiCommandLine::unknownView()
{
    QFETCH(QStringList, args);
    const Result r = bitlab(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("'nope'")), qPrintable(r.err));
    for (const char* key : { "loss", "sweep" })
        QVERIFY2(r.err.contains(QLatin1String(key)), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_tmp.filePath(QStringLiteral("never.png"))));
}

void TestGuiCommandLine::helpListsView()
{
    const Result r = bitlab({ "--help" });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("--view <KEY>")), qPrintable(r.out));
    // Every view's key, from the one table the window builds its tabs from (the help once
    // named only four of eight).
    const QStringList keys = bitlab::ui::viewRegistryKeys();
    QVERIFY(keys.contains(QLatin1String("sensitivity")) && keys.contains(QLatin1String("fit")));
    QString text = r.out.mid(r.out.indexOf(QLatin1String("--view <KEY>")));
    text = text.left(text.indexOf(QLatin1String("\n  -"), 1)).simplified().remove(QLatin1Char(' '));
    QVERIFY2(text.contains(keys.join(QLatin1Char(','))), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_gui_command_line.moc"
