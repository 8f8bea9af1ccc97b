#include "ui/window/status_text.h"

#include "core/engine/record.h"
#include "ui/core_text.h"
#include "ui/text_format.h"
#include "ui/training_controller.h"
#include "ui/training_pace.h"
#include "ui/ui_thread.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <algorithm>

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
    , m_bar(bar)
    , m_controller(controller)
    , m_state(addLabel(bar, 90))
    , m_step(addLabel(bar, 230))
    , m_rate(addLabel(bar, 120))
    , m_elapsed(addLabel(bar, 110))
{
    // Progress and the time left, while an experiment is under way.
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(140);
    m_progress->setMaximumHeight(14);
    bar->insertPermanentWidget(0, m_progress);
    m_left = new QLabel;
    m_left->setObjectName(QStringLiteral("timeLeftLabel"));
    m_left->setMinimumWidth(90);
    bar->insertPermanentWidget(1, m_left);
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
        rate = static_cast<double>(m_controller->step())
            / m_controller->elapsedSeconds(); // the average
    m_rate->setText(Pace::rateText(rate));
    m_elapsed->setText(tr("elapsed %1").arg(duration(m_controller->elapsedSeconds())));

    const qint64 total = m_controller->info().totalSteps;
    const bool underWay
        = m_controller->hasExperiment() && total > 0 && TrainingController::active(state);
    m_progress->setVisible(underWay);
    m_left->setVisible(underWay);
    if (!underWay)
        return;
    const qint64 step = std::clamp<qint64>(m_controller->step(), 0, total);
    m_progress->setValue(static_cast<int>(1000 * step / total));
    m_progress->setToolTip(tr("%1 % of the steps done").arg(100 * step / total));
    const double speed = m_controller->stepsPerSecond();
    if (state == TrainingController::State::Running && speed > 0)
        m_left->setText(tr("%1 left").arg(duration(static_cast<double>(total - step) / speed)));
    else
        m_left->clear();
}

void StatusText::updateWhileRunning()
{
    if (m_controller->state() == TrainingController::State::Running)
        update();
}

void StatusText::showProblem(const QString& problem)
{
    if (!problem.isEmpty() && TrainingController::ended(m_controller->state()))
        m_bar->showMessage(problem);
    else if (m_bar->currentMessage() == m_lastProblem)
        m_bar->clearMessage();
    m_lastProblem = problem;
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
