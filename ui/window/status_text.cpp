#include "ui/window/status_text.h"

#include "core/engine/record.h"
#include "ui/core_text.h"
#include "ui/text_format.h"
#include "ui/training_controller.h"
#include "ui/ui_thread.h"

#include <QLabel>
#include <QStatusBar>

namespace bitlab::ui {

namespace {
QLabel* addLabel(QStatusBar* bar, int minimumWidth)
{
    auto* label = new QLabel;
    label->setMinimumWidth(minimumWidth);
    bar->addPermanentWidget(label);
    return label;
}
} // namespace

StatusText::StatusText(QStatusBar* bar, const TrainingController* controller)
    : QObject(bar)
    , m_controller(controller)
    , m_state(addLabel(bar, 90))
    , m_step(addLabel(bar, 230))
    , m_rate(addLabel(bar, 120))
    , m_elapsed(addLabel(bar, 110))
{
    update();
}

void StatusText::update()
{
    BITLAB_ASSERT_UI_THREAD();
    const TrainingController::State state = m_controller->state();
    m_state->setText(TrainingController::stateText(state));
    if (m_controller->hasExperiment()) {
        m_step->setText(tr("step %1 / %2 · epoch %3 / %4")
                            .arg(m_controller->step())
                            .arg(m_controller->info().totalSteps)
                            .arg(m_controller->epoch())
                            .arg(m_controller->info().spec.training.epochs));
    } else {
        m_step->setText(tr("step – · epoch –"));
    }
    double rate = m_controller->stepsPerSecond();
    if (state != TrainingController::State::Running && m_controller->elapsedSeconds() > 0)
        rate = m_controller->step() / m_controller->elapsedSeconds(); // the average
    m_rate->setText(rate > 0 ? tr("%L1 steps/s").arg(rate, 0, 'f', 0) : tr("– steps/s"));
    m_elapsed->setText(tr("elapsed %1").arg(duration(m_controller->elapsedSeconds())));
}

QString StatusText::runEnded(const RunSummary& summary, bool* bad)
{
    *bad = false;
    switch (summary.status) {
    case RunStatus::Finished:
        return tr("finished · loss %1").arg(formatNumber(summary.last.trainLoss));
    case RunStatus::Stopped:
        return tr("stopped at step %1").arg(summary.steps);
    case RunStatus::Diverged:
    case RunStatus::Failed:
        *bad = true;
        return summary.message.empty() ? tr("%1 at step %2")
                                             .arg(CoreText::text(toString(summary.status)))
                                             .arg(summary.failedStep)
                                       : QString::fromStdString(summary.message);
    default:
        return CoreText::text(toString(summary.status));
    }
}

QString StatusText::duration(double seconds)
{
    const int total = static_cast<int>(seconds);
    const int tenths = static_cast<int>((seconds - total) * 10);
    return QStringLiteral("%1:%2.%3")
        .arg(total / 60)
        .arg(total % 60, 2, 10, QLatin1Char('0'))
        .arg(tenths);
}

} // namespace bitlab::ui
