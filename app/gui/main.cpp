// bitlab: the desktop lab. Opens on the built-in "seed" experiment, ready to run.
//   bitlab [EXPERIMENT.json | DATA.csv]
//   bitlab --preset NAME [--run] [--view KEY] [--screenshot FILE.png] [--export-charts DIR]
//   bitlab --lesson NAME ...     (opens a lesson of the Lessons menu with its experiment)
//   bitlab --lang zh_CN|en ...   (overrides View ▸ Language and the system locale)

#include "core/engine/lessons.h"
#include "core/engine/presets.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/views/view_registry.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
// The --lang value, read before the parser exists so that its help text is translated too.
QString languageArgument(const QStringList& args)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--lang") && i + 1 < args.size())
            return args[i + 1];
        if (args[i].startsWith(QLatin1String("--lang=")))
            return args[i].mid(7);
    }
    return {};
}
constexpr const char* kNoDisplayHint
    = "bitlab: no display to open a window on. Start it in a desktop session, or set "
      "QT_QPA_PLATFORM=offscreen to run headless (e.g. with --screenshot FILE.png); "
      "bitlab-cli trains without a window.\n";

bool isSet(const char* name)
{
    const char* value = std::getenv(name);
    return value && *value;
}

// Without a display Qt prints its whole plugin list and aborts. Say in one line what is
// wrong and how to go on instead: before QApplication when no display is named at all,
// and from the message handler when the named one cannot be opened.
bool hasDisplayOrPlatform(int argc, char* argv[])
{
    if (isSet("QT_QPA_PLATFORM") || isSet("DISPLAY") || isSet("WAYLAND_DISPLAY"))
        return true;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "-platform") == 0 || std::strcmp(argv[i], "--platform") == 0)
            return true;
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return false;
#else
    return true;
#endif
}

// --help and --version need no window: they are answered without a display too.
bool onlyAsksForText(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i)
        for (const char* flag : { "-h", "--help", "--help-all", "-v", "--version" })
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    return false;
}

QtMessageHandler previousHandler = nullptr;
bool displayRefused = false;

void platformFailureHandler(QtMsgType type, const QMessageLogContext& context, const QString& text)
{
    if (text.contains(QLatin1String("could not connect to display"))) {
        displayRefused = true;
        return; // the one-line hint follows
    }
    if (displayRefused && text.contains(QLatin1String("platform plugin"), Qt::CaseInsensitive)) {
        if (type != QtFatalMsg)
            return; // "Could not load the Qt platform plugin": the display was the reason
        std::fputs(kNoDisplayHint, stderr);
        std::_Exit(1);
    }
    if (previousHandler)
        previousHandler(type, context, text);
    else
        std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, text)));
}
} // namespace

int main(int argc, char* argv[])
{
    if (!hasDisplayOrPlatform(argc, argv)) {
        if (!onlyAsksForText(argc, argv)) {
            std::fputs(kNoDisplayHint, stderr);
            return 1;
        }
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    previousHandler = qInstallMessageHandler(platformFailureHandler);
    QApplication app(argc, argv);
    qInstallMessageHandler(previousHandler);
    QApplication::setOrganizationName(QStringLiteral("BitLab"));
    QApplication::setApplicationName(QStringLiteral("BitLab"));
    QApplication::setApplicationVersion(QStringLiteral(BITLAB_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("BitLab"));

    const QString lang = languageArgument(QApplication::arguments());
    const QString code = lang.isEmpty() ? bitlab::ui::Language::storedChoice() : lang;
    if (!bitlab::ui::Language::install(bitlab::ui::Language::localeFor(code)) && !lang.isEmpty())
        std::fprintf(stderr,
            "warning: BitLab has no '%s' translation; the window stays in English\n",
            qPrintable(lang));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "BitLab: watch a full-precision run and its quantized twins train side by side."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption preset(QStringLiteral("preset"),
        QCoreApplication::translate("main", "Open the built-in experiment NAME."),
        QStringLiteral("NAME"));
    const QCommandLineOption run(
        QStringLiteral("run"), QCoreApplication::translate("main", "Run the experiment at start."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QCoreApplication::translate(
            "main", "When training ends, save the window to FILE.png and quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption charts(QStringLiteral("export-charts"),
        QCoreApplication::translate(
            "main", "When training ends, write every chart as PNG and SVG to DIR and quit."),
        QStringLiteral("DIR"));
    const QCommandLineOption view(QStringLiteral("view"),
        QCoreApplication::translate("main",
            "Show the view KEY: %1. With --run and --screenshot, the sweep view runs its sweep "
            "(default bits and schemes) before the screenshot.")
            .arg(bitlab::ui::viewRegistryKeys().join(QStringLiteral(", "))),
        QStringLiteral("KEY"));
    const QCommandLineOption language(QStringLiteral("lang"),
        QCoreApplication::translate("main",
            "Show the window in language CODE (en, zh_CN) instead of the chosen or system one."),
        QStringLiteral("CODE"));
    const QCommandLineOption lesson(QStringLiteral("lesson"),
        QCoreApplication::translate("main",
            "Open lesson NAME (rounding-stalls, bit-width-cliff, ...) with its experiment."),
        QStringLiteral("NAME"));
    parser.addOptions({ preset, lesson, run, view, screenshot, charts, language });
    parser.addPositionalArgument(QStringLiteral("file"),
        QCoreApplication::translate("main", "An experiment JSON or a CSV file to open."),
        QStringLiteral("[file]"));
    parser.process(app);

    if (parser.isSet(preset) && !bitlab::findPreset(parser.value(preset).toStdString())) {
        std::fprintf(stderr,
            "error: there is no built-in experiment named '%s' (bitlab-cli presets lists them)\n",
            qPrintable(parser.value(preset)));
        return 1;
    }
    for (const QCommandLineOption& option : { screenshot, charts })
        if (parser.isSet(option) && parser.value(option).isEmpty()) {
            std::fprintf(stderr, "error: --%s needs a %s name (see bitlab --help)\n",
                qPrintable(option.names().constFirst()),
                option.names().constFirst() == QLatin1String("screenshot") ? "file" : "folder");
            return 1; // as QCommandLineParser's own usage errors
        }
    bitlab::ui::MainWindow window;
    const bool headless = parser.isSet(screenshot) || parser.isSet(charts);
    if (headless)
        window.setHeadless(); // a bad file prints its reason instead of opening a dialog
    if (parser.isSet(preset))
        window.openPreset(parser.value(preset));
    if (parser.isSet(lesson)) {
        auto* action
            = window.findChild<QAction*>(QStringLiteral("lessonAction-") + parser.value(lesson));
        if (!action) {
            QStringList names;
            for (const auto& l : bitlab::lessonRegistry())
                names << QString::fromStdString(l.name);
            std::fprintf(stderr, "error: there is no lesson named '%s'; the lessons are %s\n",
                qPrintable(parser.value(lesson)), qPrintable(names.join(QStringLiteral(", "))));
            return 1;
        }
        action->trigger();
    }
    if (!parser.positionalArguments().isEmpty()
        && !window.openFile(parser.positionalArguments().constFirst()) && headless) {
        // An experiment's error is printed already; a CSV's stays in the panel.
        if (!window.panel()->datasetError().isEmpty())
            std::fprintf(stderr, "error: %s\n", qPrintable(window.panel()->datasetError()));
        return 1;
    }
    if (parser.isSet(view) && !window.selectView(parser.value(view))) {
        std::fprintf(stderr, "error: there is no view named '%s'; the views are %s\n",
            qPrintable(parser.value(view)),
            qPrintable(window.viewKeys().join(QStringLiteral(", "))));
        return 1;
    }
    window.show();
    // The real window asks before Run, a preset, a lesson or a file replaces unsaved results.
    window.setAskBeforeReplacing(true);
    // Nothing named on the command line: the session saved or opened last comes back.
    if (!headless && !parser.isSet(preset) && !parser.isSet(lesson)
        && parser.positionalArguments().isEmpty())
        QTimer::singleShot(0, &window, [&window] { window.restoreLastSession(); });

    if (headless)
        window.runHeadless(parser.isSet(run), parser.value(screenshot), parser.value(charts));
    else if (parser.isSet(run))
        QTimer::singleShot(0, &window, [&window] {
            if (auto* a = window.findChild<QAction*>(QStringLiteral("actionRun")))
                a->trigger();
        });
    return app.exec();
}
