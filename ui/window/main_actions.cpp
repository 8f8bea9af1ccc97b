#include "ui/window/main_actions.h"

#include "core/data/real_datasets.h"
#include "core/engine/presets.h"
#include "core/kernels/kernels.h"
#include "ui/core_text.h"
#include "ui/language.h"
#include "ui/widgets/wheel_guard.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QStyle>
#include <QToolBar>

namespace bitlab::ui {

MainActions::MainActions(QMainWindow* window)
    : QObject(window)
    , m_window(window)
{
    createActions();
    createMenus();
    createToolBar();
}

void MainActions::createActions()
{
    QStyle* style = m_window->style();
    auto make = [this, style](QStyle::StandardPixmap icon, const QString& text,
                    const QKeySequence& shortcut) {
        auto* a = new QAction(style->standardIcon(icon), text, m_window);
        a->setShortcut(shortcut);
        return a;
    };
    auto training
        = [&make](QStyle::StandardPixmap icon, const QString& text, const QKeySequence& shortcut,
              const char* objectName, const QString& toolTip) {
              QAction* a = make(icon, text, shortcut);
              a->setObjectName(QString::fromLatin1(objectName));
              a->setToolTip(toolTip);
              return a;
          };
    run = training(QStyle::SP_MediaPlay, tr("&Run"), Qt::Key_F5, "actionRun",
        tr("Run the experiment, or resume it (F5)"));
    pause = training(
        QStyle::SP_MediaPause, tr("&Pause"), Qt::Key_F6, "actionPause", tr("Pause training (F6)"));
    stepBatch = training(QStyle::SP_MediaSkipForward, tr("Step one &batch"), Qt::Key_F10,
        "actionStepBatch", tr("Train one mini-batch, then pause (F10)"));
    stepEpoch = training(QStyle::SP_MediaSeekForward, tr("Step one &epoch"), Qt::Key_F11,
        "actionStepEpoch", tr("Train to the end of the epoch, then pause (F11)"));
    stop = training(QStyle::SP_MediaStop, tr("&Stop"), Qt::SHIFT | Qt::Key_F5, "actionStop",
        tr("End the experiment here; the results stay for export (Shift+F5)"));
    reset = training(QStyle::SP_BrowserReload, tr("Rese&t"), Qt::CTRL | Qt::Key_R, "actionReset",
        tr("Discard the results and unlock the panel (Ctrl+R)"));

    open = make(QStyle::SP_DialogOpenButton, tr("&Open experiment…"), QKeySequence::Open);
    save = make(QStyle::SP_DialogSaveButton, tr("&Save experiment as…"), QKeySequence::SaveAs);
    loadData = make(QStyle::SP_FileIcon, tr("Load &dataset…"), Qt::CTRL | Qt::Key_D);
    // A session: the experiment with its results, curves, sweep and earlier experiments.
    openSession = make(QStyle::SP_DialogOpenButton, tr("Open sessio&n…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openSession->setObjectName(QStringLiteral("actionOpenSession"));
    saveSession = make(QStyle::SP_DialogSaveButton, tr("Save sess&ion"), QKeySequence::Save);
    saveSession->setObjectName(QStringLiteral("actionSaveSession"));
    saveSession->setToolTip(tr("Save the experiment with its results, curves, sweep and the "
                               "session's earlier experiments in one file (Ctrl+S)"));
    saveSessionAs = make(QStyle::SP_DialogSaveButton, tr("Save session &as…"), QKeySequence());
    saveSessionAs->setObjectName(QStringLiteral("actionSaveSessionAs"));
    quit = new QAction(tr("&Quit"), m_window);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
}

void MainActions::createMenus()
{
    QMenuBar* bar = m_window->menuBar();
    QMenu* file = bar->addMenu(tr("&File"));
    file->addAction(open);
    presetMenu = file->addMenu(tr("Open &built-in experiment"));
    for (const Preset& p : presetRegistry()) {
        QAction* a = presetMenu->addAction(
            QString::fromStdString(p.name) + QStringLiteral(" — ") + CoreText::text(p.title));
        a->setToolTip(CoreText::text(p.description));
        const QString name = QString::fromStdString(p.name);
        connect(a, &QAction::triggered, this, [this, name] { emit presetChosen(name); });
    }
    presetMenu->setToolTipsVisible(true);
    recentMenu = file->addMenu(tr("Open &recent"));
    file->addAction(save);
    file->addSeparator();
    file->addAction(openSession);
    file->addAction(saveSession);
    file->addAction(saveSessionAs);
    file->addSeparator();
    file->addAction(loadData);
    file->addSeparator();
    exportMenu = file->addMenu(tr("&Export"));
    file->addSeparator();
    file->addAction(quit);

    editMenu = bar->addMenu(tr("&Edit"));

    QMenu* trainingMenu = bar->addMenu(tr("&Training"));
    for (QAction* a : { run, pause, stepBatch, stepEpoch, stop, reset })
        trainingMenu->addAction(a);

    lessonsMenu = bar->addMenu(tr("&Lessons"));

    QMenu* view = bar->addMenu(tr("&View"));
    Language::fillMenu(view->addMenu(tr("&Language")), m_window);

    QMenu* help = bar->addMenu(tr("&Help"));
    helpMenu = help;
    help->addAction(tr("&About BitLab"), this, [this] {
        QMessageBox::about(m_window, tr("About BitLab"),
            tr("<b>BitLab %1</b><p>A lab for seeing what low bit-widths do to "
               "training: a full-precision run and its quantized twins, side by "
               "side.</p><p>Every experiment saved here re-runs headless with "
               "<tt>bitlab-cli run FILE.json</tt>, with the same numbers.</p>"
               "<p>Built-in real datasets, from the UCI Machine Learning Repository (CC BY "
               "4.0), as Debian's python3-sklearn ships them:</p><ul>%2</ul>")
                    .arg(QStringLiteral(BITLAB_VERSION), datasetCitations())
                + tr("<p>Kernels: <b>%1</b>, the widest this CPU runs (an experiment's "
                     "Portable kernels setting trains on the baseline ones instead: the same "
                     "bits on every machine).</p>")
                      .arg(QString::fromLatin1(kernelSetName(detectedKernelSet()))));
    });
}

QString MainActions::datasetCitations()
{
    QString items;
    for (const RealDatasetInfo& d : realDatasets())
        items += QStringLiteral("<li><b>%1</b> (builtin:%2): %3</li>")
                     .arg(QString::fromStdString(d.title).toHtmlEscaped(),
                         QString::fromStdString(d.name),
                         QString::fromStdString(d.citation).toHtmlEscaped());
    return items;
}

void MainActions::createToolBar()
{
    QToolBar* bar = m_window->addToolBar(tr("Training"));
    bar->setObjectName(QStringLiteral("trainingToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(18, 18));
    for (QAction* a : { run, pause, stepBatch, stepEpoch, stop, reset })
        bar->addAction(a);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Speed ")));
    speed = new QComboBox;
    speed->setObjectName(QStringLiteral("speedCombo"));
    // Item data: steps per second, 0 for full speed, -1 for watch (the default).
    for (const Pace& pace : Pace::menu())
        speed->addItem(pace.label(), pace.kind == Pace::Kind::Watch ? -1.0 : pace.rate);
    speed->setToolTip(tr("Watch: a short run plays over about %1 s, so you can follow the "
                         "curves; long runs go at full speed.\nFull speed: as fast as possible.\n"
                         "Or a fixed number of steps per second, to follow every step.")
                          .arg(Pace::kWatchSeconds));
    connect(speed, &QComboBox::currentIndexChanged, this, [this] {
        const double data = speed->currentData().toDouble();
        emit paceChosen(data < 0.0 ? Pace::watch() : Pace::stepsPerSecond(data));
    });
    bar->addWidget(speed);
    // A wheel passing over the toolbar never changes the speed (only a focused field takes it).
    WheelGuard::install(bar);
}

void MainActions::update(TrainingController::State state, const QString& problem)
{
    using S = TrainingController::State;
    const bool canStart = problem.isEmpty();
    const bool ended = TrainingController::ended(state);
    const bool active = TrainingController::active(state);
    run->setEnabled(state == S::Ready || state == S::Paused || (ended && canStart));
    run->setText(state == S::Paused ? tr("&Resume") : tr("&Run"));
    run->setToolTip(canStart ? tr("Run the experiment, or resume it (F5)")
                             : tr("Cannot run yet: %1").arg(problem));
    pause->setEnabled(state == S::Running);
    stepBatch->setEnabled(active || (canStart && state != S::Preparing));
    stepEpoch->setEnabled(active || (canStart && state != S::Preparing));
    stop->setEnabled(active || state == S::Preparing); // Stop drops a build in progress
    reset->setEnabled(state != S::Idle);
    open->setEnabled(!active);
    openSession->setEnabled(!active);
    saveSession->setEnabled(!active && state != S::Preparing);
    saveSessionAs->setEnabled(!active && state != S::Preparing);
    loadData->setEnabled(!active);
    presetMenu->setEnabled(!active);
}

} // namespace bitlab::ui
