// bitlab: the desktop lab. Opens on the built-in "seed" experiment, ready to run.
//   bitlab [EXPERIMENT.json | DATA.csv]
//   bitlab --preset NAME [--run] [--view KEY] [--screenshot FILE.png] [--export-charts DIR]

#include "core/engine/presets.h"
#include "ui/main_window.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("BitLab"));
    QApplication::setApplicationName(QStringLiteral("BitLab"));
    QApplication::setApplicationVersion(QStringLiteral(BITLAB_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("BitLab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "BitLab: watch a full-precision run and its quantized twins train side by side."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption preset(QStringLiteral("preset"),
        QStringLiteral("Open the built-in experiment NAME."), QStringLiteral("NAME"));
    const QCommandLineOption run(
        QStringLiteral("run"), QStringLiteral("Run the experiment at start."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("When training ends, save the window to FILE.png and quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption charts(QStringLiteral("export-charts"),
        QStringLiteral("When training ends, write every chart as PNG and SVG to DIR and quit."),
        QStringLiteral("DIR"));
    const QCommandLineOption view(QStringLiteral("view"),
        QStringLiteral("Show the view KEY: loss, weights, boundary or sweep. With --run and "
                       "--screenshot, the sweep view runs its sweep (default bits and "
                       "schemes) before the screenshot."),
        QStringLiteral("KEY"));
    parser.addOptions({ preset, run, view, screenshot, charts });
    parser.addPositionalArgument(QStringLiteral("file"),
        QStringLiteral("An experiment JSON or a CSV file to open."), QStringLiteral("[file]"));
    parser.process(app);

    if (parser.isSet(preset) && !bitlab::findPreset(parser.value(preset).toStdString())) {
        std::fprintf(stderr,
            "error: there is no built-in experiment named '%s' (bitlab-cli presets lists them)\n",
            qPrintable(parser.value(preset)));
        return 1;
    }
    bitlab::ui::MainWindow window;
    if (parser.isSet(preset))
        window.openPreset(parser.value(preset));
    const bool headless = parser.isSet(screenshot) || parser.isSet(charts);
    if (!parser.positionalArguments().isEmpty()
        && !window.openFile(parser.positionalArguments().constFirst()) && headless) {
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

    if (headless)
        window.runHeadless(parser.isSet(run), parser.value(screenshot), parser.value(charts));
    else if (parser.isSet(run))
        QTimer::singleShot(0, &window, [&window] {
            if (auto* a = window.findChild<QAction*>(QStringLiteral("actionRun")))
                a->trigger();
        });
    return app.exec();
}
