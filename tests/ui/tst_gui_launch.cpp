// `bitlab` launched as a program where a newcomer launches it: without a display it says in
// one line what is wrong and how to go on (instead of Qt's plugin list and an abort), --help
// still answers, and --lesson opens a lesson of the Lessons menu (an unknown name is an error
// naming the lessons).

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
};

} // namespace

class TestGuiLaunch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void noDisplay_data();
    void noDisplay();
    void helpWithoutDisplay();
    void lessonOpens();
    void unknownLesson();

private:
    Result bitlab(const QStringList& args, const QProcessEnvironment& env);
    QProcessEnvironment offscreen() const;
    QString m_program;
    QTemporaryDir m_tmp;
};

void TestGuiLaunch::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    const QString dir = qEnvironmentVariable("BITLAB_BIN_DIR");
    QVERIFY2(!dir.isEmpty(), "BITLAB_BIN_DIR is not set (run through ctest)");
    m_program = QDir(dir).filePath(QStringLiteral("bitlab"));
    if (!QFileInfo::exists(m_program))
        QSKIP("the bitlab program is not built (cmake --build build --target bitlab)");
}

QProcessEnvironment TestGuiLaunch::offscreen() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("LC_ALL"));
    env.remove(QStringLiteral("LANGUAGE"));
    return env;
}

Result TestGuiLaunch::bitlab(const QStringList& args, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(m_program, args);
    Result r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestGuiLaunch::noDisplay_data()
{
    QTest::addColumn<QString>("display");
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no display named") << QString() << QStringList();
    QTest::newRow("no display, with a preset") << QString() << QStringList { "--preset", "seed" };
    // An X display that is named but not there: Qt's xcb plugin cannot connect.
    QTest::newRow("a display that is not there") << QStringLiteral(":97") << QStringList();
}

void TestGuiLaunch::noDisplay()
{
    QFETCH(QString, display);
    QFETCH(QStringList, args);
    QProcessEnvironment env = offscreen();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("DISPLAY"));
    if (!display.isEmpty())
        env.insert(QStringLiteral("DISPLAY"), display);
    const Result r = bitlab(args, env);
    QCOMPARE(r.exitCode, 1);
    const QStringList lines = r.err.trimmed().split(QLatin1Char('\n'));
    QVERIFY2(lines.size() == 1, qPrintable(r.err));
    QVERIFY2(lines.front().startsWith(QLatin1String("bitlab: no display")), qPrintable(r.err));
    QVERIFY2(lines.front().contains(QLatin1String("QT_QPA_PLATFORM=offscreen")), qPrintable(r.err));
    QVERIFY2(lines.front().contains(QLatin1String("desktop session")), qPrintable(r.err));
}

void TestGuiLaunch::helpWithoutDisplay()
{
    QProcessEnvironment env = offscreen();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("DISPLAY"));
    const Result r = bitlab({ "--help" }, env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("--lesson")), qPrintable(r.out));
}

void TestGuiLaunch::lessonOpens()
{
    // Lesson 3 opens its preset with the lesson text docked beside the views: its window
    // differs from the same preset opened on its own, and is at least as large.
    const QString lessonPng = m_tmp.filePath(QStringLiteral("lesson.png"));
    const Result r = bitlab({ "--lesson", "per-channel", "--screenshot", lessonPng }, offscreen());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString presetPng = m_tmp.filePath(QStringLiteral("preset.png"));
    const Result plain
        = bitlab({ "--preset", "per-channel", "--screenshot", presetPng }, offscreen());
    QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
    const QImage lesson(lessonPng), preset(presetPng);
    QVERIFY(!lesson.isNull() && !preset.isNull());
    QVERIFY(lesson.width() >= preset.width() && lesson.height() >= preset.height());
    QVERIFY(lesson != preset);
}

void TestGuiLaunch::unknownLesson()
{
    const Result r = bitlab(
        { "--lesson", "no-such-lesson", "--screenshot", m_tmp.filePath(QStringLiteral("x.png")) },
        offscreen());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("no lesson named 'no-such-lesson'")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("rounding-stalls")), qPrintable(r.err));
}

QTEST_MAIN(TestGuiLaunch)
#include "tst_gui_launch.moc"
