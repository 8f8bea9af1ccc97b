#include "ui/window/headless_runner.h"

#include "ui/main_window.h"
#include "ui/views/experiment_view.h"

#include <QApplication>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

namespace bitlab::ui {

namespace {
constexpr int kSettleMs = 150; // the last redraw and layout, before grabbing
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
