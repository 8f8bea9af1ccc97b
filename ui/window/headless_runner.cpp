#include "ui/window/headless_runner.h"

#include "core/common/control_chars.h"
#include "ui/main_window.h"
#include "ui/training_pace.h"
#include "ui/views/experiment_view.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/window/training_session.h"

#include <QApplication>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

namespace bitlab::ui {

namespace {
constexpr int kSettleMs = 150; // the last redraw and layout, before grabbing
}

void HeadlessRunner::start(MainWindow* window, TrainingSession* session, bool run,
    const QString& screenshot, const QString& chartsDir)
{
    // The panel shows a dataset error in place ("see above" in the run problem): headless,
    // the reason itself goes to stderr.
    if (run && !window->panel()->datasetError().isEmpty()) {
        printError(window->panel()->datasetError());
        QTimer::singleShot(0, window, [] { QApplication::exit(1); });
        return;
    }
    window->controller()->setPace(Pace::full()); // a screenshot or an export waits for the end
    auto* runner = new HeadlessRunner(window, screenshot, chartsDir);
    runner->finishAfterTraining(run);
    if (!run) // what the window shows now, as when training ends (the archive takes it too)
        QTimer::singleShot(0, window, [window] { emit window->trainingEnded(); });
    else if (!session->start(true))
        QTimer::singleShot(0, window, [] { QApplication::exit(1); });
}

void HeadlessRunner::printError(const QString& message)
{
    for (const QString& line : message.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        std::fprintf(stderr, "error: %s\n", escapeControlCharacters(line.toStdString()).c_str());
}

HeadlessRunner::HeadlessRunner(MainWindow* window, QString screenshot, QString chartsDir)
    : QObject(window)
    , m_window(window)
    , m_screenshot(std::move(screenshot))
    , m_chartsDir(std::move(chartsDir))
{
}

void HeadlessRunner::finishAfterTraining(bool prepareView)
{
    connect(
        m_window, &MainWindow::trainingEnded, this,
        [this, prepareView] {
            QTimer::singleShot(kSettleMs, this, [this, prepareView] {
                // The tab on screen may have work of its own first (the sweep runs).
                ExperimentView* view = m_window->currentView();
                if (prepareView && view)
                    view->prepareScreenshot(
                        [this] { QTimer::singleShot(kSettleMs, this, [this] { finish(); }); });
                else
                    finish();
            });
        },
        Qt::SingleShotConnection);
}

void HeadlessRunner::finish()
{
    TrainingController* controller = m_window->controller();
    int code = controller->state() == TrainingController::State::Failed ? 1 : 0;
    m_window->refreshViews(true);
    if (!m_screenshot.isEmpty()) {
        const QPixmap pixmap = m_window->grab();
        if (!pixmap.save(m_screenshot, "PNG")) {
            std::fprintf(
                stderr, "error: cannot write the screenshot %s\n", qPrintable(m_screenshot));
            code = 1;
        }
    }
    if (!m_chartsDir.isEmpty()) {
        QString error;
        m_window->exportAllCharts(m_chartsDir, &error);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            code = 1;
        }
    }
    controller->reset();
    QApplication::exit(code);
}

} // namespace bitlab::ui
