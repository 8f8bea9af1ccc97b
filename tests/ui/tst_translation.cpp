// The Chinese UI: the catalogue is embedded and loads, the .ts is complete and consistent
// (placeholders, accelerators), the main window shows Chinese with it installed and English
// without, and no tr() string in ui/ or app/gui/ is missing from the .ts (lupdate is run
// on a copy, exactly as a developer would run it).

#include "core/data/generators.h"
#include "core/engine/presets.h"
#include "core/engine/record.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"
#include "core/quant/conventions.h"
#include "core/quant/quantizer.h"
#include "ui/core_text.h"
#include "ui/language.h"
#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>
#include <memory>
#include <set>

using namespace bitlab;
using namespace bitlab::ui;

namespace {
struct Message {
    QString context;
    QString source;
    QStringList translations; // one per plural form; one for plain messages
    bool unfinished = false;
    bool numerus = false;
};

// Every <message> of a .ts file; *error says why when the file cannot be read.
QList<Message> readTs(const QString& path, QString* error)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1").arg(path);
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            Message m;
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            while (
                !(xml.isEndElement() && xml.name() == QLatin1String("message")) && !xml.atEnd()) {
                xml.readNext();
                if (!xml.isStartElement())
                    continue;
                if (xml.name() == QLatin1String("source")) {
                    m.source = xml.readElementText();
                } else if (xml.name() == QLatin1String("translation")) {
                    const auto type = xml.attributes().value(QLatin1String("type"));
                    m.unfinished = type == QLatin1String("unfinished");
                    if (type == QLatin1String("obsolete") || type == QLatin1String("vanished"))
                        m.unfinished = true; // lupdate -no-obsolete should have dropped it
                    if (!m.numerus)
                        m.translations << xml.readElementText();
                } else if (xml.name() == QLatin1String("numerusform")) {
                    m.translations << xml.readElementText();
                }
            }
            messages << m;
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return messages;
}

QString sourceDir()
{
    return qEnvironmentVariable("BITLAB_SOURCE_DIR"); // set by ctest (tests/CMakeLists.txt)
}

QString tsPath()
{
    return sourceDir() + QStringLiteral("/resources/translations/bitlab_zh_CN.ts");
}

// The set of %1..%99, %L1 and %n placeholders of a text.
std::set<QString> placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("%L?(\\d{1,2}|n)"));
    std::set<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(0));
    return found;
}

bool hasAccelerator(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("&[^&\\s;]"));
    // "&" followed by a letter/digit; entity-like HTML (&lt;) does not occur in our sources.
    return re.match(QString(text).replace(QLatin1String("&&"), QString())).hasMatch();
}

QString menuTitles(QMainWindow& w)
{
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text();
    return titles.join(QLatin1Char('|'));
}
} // namespace

class TestTranslation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void catalogPath_data();
    void catalogPath();
    void catalogueLoadsFromResource();
    void tsIsComplete();
    void translationsKeepPlaceholdersAndAccelerators();
    void mainWindowShowsChinese();
    void englishNeedsNoCatalogue();
    void languageMenuStoresTheChoice();
    void qtStandardButtonsAreTranslated();
    void everyTrStringIsInTheTs();
    void everyEngineTextIsTranslated();
};

void TestTranslation::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translation"));
    QVERIFY2(!sourceDir().isEmpty(), "BITLAB_SOURCE_DIR is not set (run through ctest)");
    QVERIFY2(QFile::exists(tsPath()), qPrintable(tsPath()));
}

void TestTranslation::cleanup()
{
    Language::install(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestTranslation::catalogPath_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("path");
    const QString zh = QStringLiteral(":/translations/bitlab_zh_CN.qm");
    QTest::newRow("zh_CN") << "zh_CN" << zh;
    QTest::newRow("zh_SG (simplified)") << "zh_SG" << zh;
    QTest::newRow("zh_Hans") << "zh_Hans" << zh;
    QTest::newRow("zh_TW (traditional: not shipped)") << "zh_TW" << QString();
    QTest::newRow("zh_HK (traditional: not shipped)") << "zh_HK" << QString();
    QTest::newRow("en_US (source language)") << "en_US" << QString();
    QTest::newRow("de_DE (not shipped)") << "de_DE" << QString();
}

void TestTranslation::catalogPath()
{
    QFETCH(QString, locale);
    QFETCH(QString, path);
    QCOMPARE(Language::catalogPath(QLocale(locale)), path);
}

void TestTranslation::catalogueLoadsFromResource()
{
    QTranslator t;
    QVERIFY(QFile::exists(QStringLiteral(":/translations/bitlab_zh_CN.qm")));
    QVERIFY(t.load(QStringLiteral(":/translations/bitlab_zh_CN.qm")));
    QVERIFY(!t.isEmpty());
    QCOMPARE(t.language(), QStringLiteral("zh_CN"));
    QCOMPARE(t.translate("bitlab::ui::MainActions", "&Run"), QStringLiteral("运行(&R)"));
}

void TestTranslation::tsIsComplete()
{
    QString error;
    const QList<Message> messages = readTs(tsPath(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 100);
    QStringList bad;
    for (const Message& m : messages) {
        bool empty = m.translations.isEmpty();
        for (const QString& t : m.translations)
            empty = empty || t.trimmed().isEmpty();
        if (m.unfinished || empty)
            bad << m.context + QStringLiteral(": ") + m.source;
    }
    QVERIFY2(bad.isEmpty(),
        qPrintable(QStringLiteral("%1 unfinished or empty translations in %2 (docs/gui.md, "
                                  "Translations):\n%3")
                       .arg(bad.size())
                       .arg(tsPath(), bad.join(QLatin1Char('\n')))));
}

void TestTranslation::translationsKeepPlaceholdersAndAccelerators()
{
    QString error;
    const QList<Message> messages = readTs(tsPath(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList bad;
    for (const Message& m : messages) {
        for (const QString& t : m.translations) {
            if (t.isEmpty())
                continue; // reported by tsIsComplete
            if (placeholders(t) != placeholders(m.source))
                bad << QStringLiteral("placeholders differ: %1 → %2").arg(m.source, t);
            if (hasAccelerator(m.source) != hasAccelerator(t))
                bad << QStringLiteral("accelerator (&) lost or added: %1 → %2").arg(m.source, t);
        }
    }
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
}

void TestTranslation::mainWindowShowsChinese()
{
    QVERIFY(Language::install(QLocale(QStringLiteral("zh_CN"))));
    MainWindow w;
    auto* run = w.findChild<QAction*>(QStringLiteral("actionRun"));
    QVERIFY(run);
    const QString expected = QCoreApplication::translate("bitlab::ui::MainActions", "&Run");
    QCOMPARE(expected, QStringLiteral("运行(&R)"));
    QCOMPARE(run->text(), expected);
    QCOMPARE(w.menuBar()->actions().constFirst()->text(), QStringLiteral("文件(&F)"));
    // The View ▸ Language menu offers the languages in their own names.
    QStringList languages;
    for (QAction* a : w.menuBar()->actions())
        if (a->menu())
            for (QAction* sub : a->menu()->actions())
                if (sub->menu() && sub->text() == QStringLiteral("语言(&L)"))
                    for (QAction* l : sub->menu()->actions())
                        languages << l->text();
    QCOMPARE(languages,
        QStringList(
            { QStringLiteral("跟随系统"), QStringLiteral("English"), QStringLiteral("简体中文") }));
    QVERIFY2(!menuTitles(w).contains(QLatin1String("&File")), qPrintable(menuTitles(w)));
}

void TestTranslation::englishNeedsNoCatalogue()
{
    QVERIFY(Language::install(QLocale(QStringLiteral("zh_CN"))));
    QVERIFY(Language::install(QLocale(QStringLiteral("en_GB")))); // replaces the Chinese one
    MainWindow w;
    auto* run = w.findChild<QAction*>(QStringLiteral("actionRun"));
    QVERIFY(run);
    QCOMPARE(run->text(), QStringLiteral("&Run"));
    QVERIFY(!Language::install(QLocale(QStringLiteral("de_DE")))); // not shipped: English
    QCOMPARE(
        QCoreApplication::translate("bitlab::ui::MainActions", "&Run"), QStringLiteral("&Run"));
}

void TestTranslation::languageMenuStoresTheChoice()
{
    Language::storeChoice(QString());
    MainWindow w;
    auto* zh = w.findChild<QAction*>(QStringLiteral("actionLanguage_zh_CN"));
    auto* system = w.findChild<QAction*>(QStringLiteral("actionLanguage_system"));
    QVERIFY(zh && system);
    QVERIFY(system->isChecked());
    QVERIFY(!zh->isChecked());
    // Choosing a language says it applies at the next start; the test closes that message.
    QString message;
    const auto closeNextMessage = [&w, &message] {
        message.clear();
        QTimer::singleShot(0, &w, [&message] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                message = box->text();
                box->accept();
            }
        });
    };
    closeNextMessage();
    zh->trigger();
    QCOMPARE(message, QStringLiteral("The new language applies the next time BitLab starts."));
    QVERIFY(zh->isChecked());
    QVERIFY(!system->isChecked());
    QCOMPARE(Language::storedChoice(), QStringLiteral("zh_CN"));
    QCOMPARE(Language::localeFor(Language::storedChoice()).name(), QStringLiteral("zh_CN"));

    closeNextMessage();
    system->trigger();
    QVERIFY(!message.isEmpty());
    QCOMPARE(Language::storedChoice(), QString());
    QCOMPARE(Language::localeFor(QString()), QLocale::system());
}

void TestTranslation::qtStandardButtonsAreTranslated()
{
    const QString qtCatalogue
        = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm");
    if (!QFile::exists(qtCatalogue))
        QSKIP("qtbase_zh_CN.qm is not installed (Debian: qt6-translations-l10n)");
    QVERIFY(Language::install(QLocale(QStringLiteral("zh_CN"))));
    const QString cancel = QCoreApplication::translate("QPlatformTheme", "Cancel");
    QVERIFY2(cancel != QLatin1String("Cancel"), qPrintable(cancel));
}

void TestTranslation::everyTrStringIsInTheTs()
{
    const QString lupdate
        = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
    if (!QFileInfo(lupdate).isExecutable())
        QSKIP("lupdate is not installed (Debian: qt6-l10n-tools)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("bitlab_zh_CN.ts"));
    QVERIFY(QFile::copy(tsPath(), copy));
    // The same command as docs/gui.md (Translations), on a copy of the .ts.
    QProcess p;
    p.setWorkingDirectory(sourceDir());
    p.start(lupdate,
        { QStringLiteral("-I"), QStringLiteral("."), QStringLiteral("ui"),
            QStringLiteral("app/gui"), QStringLiteral("-ts"), copy, QStringLiteral("-no-obsolete"),
            QStringLiteral("-locations"), QStringLiteral("none") });
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QString error;
    const QList<Message> messages = readTs(copy, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList missing;
    for (const Message& m : messages)
        if (m.unfinished)
            missing << m.context + QStringLiteral(": ") + m.source;
    QVERIFY2(missing.isEmpty(),
        qPrintable(QStringLiteral("%1 tr() strings are not translated yet; run lupdate and "
                                  "translate them (docs/gui.md, Translations):\n%2")
                       .arg(missing.size())
                       .arg(missing.join(QLatin1Char('\n')))));
}

namespace {
// Every engine text the UI shows, in English, read from the registries at run time.
QStringList shownEngineTexts()
{
    QStringList texts;
    const auto add = [&texts](const std::string& s) {
        if (!s.empty())
            texts << QString::fromStdString(s);
    };
    auto addFields = [&add](const auto& fields) {
        for (const auto& f : fields) {
            add(f.label);
            add(f.help);
        }
    };
    for (const DatasetInfo& d : datasetRegistry())
        add(d.description);
    for (const ModelInfo& m : modelRegistry())
        add(m.description);
    for (const LossInfo& l : lossRegistry())
        add(l.description);
    for (const OptimizerInfo& o : optimizerRegistry())
        add(o.description);
    for (const QuantizerInfo& q : quantizerRegistry())
        add(q.description);
    for (const Preset& p : presetRegistry()) {
        add(p.title);
        add(p.description);
    }
    for (const QuantConvention& c : conventionRegistry()) {
        add(c.title);
        add(c.differences);
    }
    addFields(optimizerFields());
    addFields(scheduleFields());
    addFields(quantizerFields());
    addFields(trainingFields());
    addFields(datasetFields());
    addFields(generatorFields());
    for (Task t : allTasks())
        add(toString(t));
    for (RunStatus s : { RunStatus::Pending, RunStatus::Running, RunStatus::Finished,
             RunStatus::Diverged, RunStatus::Stopped, RunStatus::Failed })
        add(toString(s));
    return texts;
}
} // namespace

void TestTranslation::everyEngineTextIsTranslated()
{
    // The registries' descriptions, field labels and help, preset titles, task and status
    // names: core/ marks them with BITLAB_TR_NOOP("bitlab::core", ...) for lupdate. A new
    // registry text must be marked and translated.
    QTranslator zh;
    QVERIFY(zh.load(QStringLiteral(":/translations/bitlab_zh_CN.qm")));
    const QStringList texts = shownEngineTexts();
    QVERIFY(texts.size() > 30);
    QStringList missing;
    for (const QString& text : texts)
        if (zh.translate("bitlab::core", text.toUtf8().constData()).isEmpty())
            missing << text;
    QVERIFY2(missing.isEmpty(),
        qPrintable(QStringLiteral("%1 engine texts have no translation. Mark them with "
                                  "BITLAB_TR_NOOP(\"bitlab::core\", ...) in core/, run "
                                  "lupdate and translate them (docs/gui.md, Translations):\n%2")
                       .arg(missing.size())
                       .arg(missing.join(QLatin1Char('\n')))));
    // And the UI uses them: a task name in Chinese.
    QVERIFY(Language::install(QLocale(QStringLiteral("zh_CN"))));
    QCOMPARE(CoreText::text("regression"), QStringLiteral("回归"));
}

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
