#include "ui/window/training_session.h"

#include "ui/experiment_info.h"
#include "ui/ui_thread.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/runs_editor.h"
#include "ui/window/status_text.h"

namespace bitlab::ui {

namespace {
using S = TrainingController::State;
} // namespace

TrainingSession::TrainingSession(
    TrainingController* controller, ExperimentPanel* panel, QObject* parent)
    : QObject(parent)
    , m_controller(controller)
    , m_panel(panel)
{
    using C = TrainingController;
    connect(m_controller, &C::stateChanged, this, &TrainingSession::onStateChanged);
    connect(m_controller, &C::prepared, this, &TrainingSession::onPrepared);
    connect(m_controller, &C::recordsArrived, this, [this](const std::vector<Record>& records) {
        BITLAB_ASSERT_UI_THREAD();
        m_history.append(records);
        emit redrawNeeded(false);
    });
    connect(m_controller, &C::runEnded, this, &TrainingSession::onRunEnded);
    connect(m_controller, &C::snapshotArrived, this, [this](const LiveSnapshot& snapshot) {
        BITLAB_ASSERT_UI_THREAD();
        m_history.setSnapshot(snapshot);
        emit redrawNeeded(false);
    });
    connect(m_controller, &C::lossSurfaceArrived, this, [this](const LossSurface& surface) {
        m_history.setLossSurface(surface);
        emit redrawNeeded(true);
    });
    connect(m_controller, &C::quantizerChanged, this, &TrainingSession::onQuantizerChanged);
    connect(m_panel->runsEditor(), &RunsEditor::quantizerChangeRequested, m_controller,
        &TrainingController::changeQuantizer);
    connect(m_controller, &C::quantizerRejected, this, [this](int, const QString& message) {
        emit failed(tr("The grid cannot change"), message);
    });
    connect(m_controller, &C::preparationCancelled, this, [this] {
        emit statusMessage(tr("Stopped before training: the experiment was not built."), 8000);
    });
    connect(m_controller, &C::errorOccurred, this, [this](const QString& message) {
        emit statusMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
        emit failed(tr("The experiment cannot run"), message); // stderr when headless
    });
}

void TrainingSession::run()
{
    switch (m_controller->state()) {
    case S::Ready:
    case S::Paused:
        m_controller->run();
        break;
    case S::Running:
    case S::Preparing:
        break;
    case S::Idle:
    case S::Finished:
    case S::Failed:
        start(true);
        break;
    }
}

void TrainingSession::step(bool epoch)
{
    if (TrainingController::ended(m_controller->state())) {
        m_pending = epoch ? Pending::StepEpoch : Pending::StepBatch;
        start(false);
        return;
    }
    if (epoch)
        m_controller->stepEpoch();
    else
        m_controller->stepBatch();
}

bool TrainingSession::start(bool autoRun)
{
    const QString problem = m_panel->problem();
    if (!problem.isEmpty()) {
        m_pending = Pending::None;
        emit statusMessage(problem, 8000);
        emit failed(tr("The experiment cannot run yet"), problem);
        return false;
    }
    clearRunStatuses();
    m_controller->start(m_panel->spec(), autoRun);
    return true;
}

void TrainingSession::reset()
{
    m_pending = Pending::None;
    m_controller->reset();
    std::vector<QString> names;
    for (int i = 0; i < static_cast<int>(m_panel->spec().runs.size()); ++i)
        names.push_back(m_panel->runsEditor()->displayName(i));
    m_history.reset(names);
    clearRunStatuses();
    emit redrawNeeded(true);
}

void TrainingSession::restore(std::vector<RunTrace> runs)
{
    m_pending = Pending::None;
    m_controller->reset();
    m_history.restore(std::move(runs));
    clearRunStatuses();
    for (int i = 0; i < m_history.runCount(); ++i) {
        const RunTrace& t = m_history.run(i);
        if (!t.ended)
            continue;
        bool bad = false;
        const QString text = StatusText::runEnded(t.summary, &bad);
        m_panel->runsEditor()->setStatus(i, text, bad);
    }
    emit redrawNeeded(true);
}

void TrainingSession::clearRunStatuses()
{
    m_panel->runsEditor()->clearStatuses();
    m_panel->runsEditor()->clearLiveQuantizers();
}

void TrainingSession::onStateChanged(TrainingController::State state)
{
    BITLAB_ASSERT_UI_THREAD();
    m_panel->setEditable(TrainingController::ended(state));
    // Paused (or prepared, not yet running): a quantized run's grid may change.
    m_panel->runsEditor()->setLiveEditing(
        m_controller->hasExperiment() && (state == S::Paused || state == S::Ready));
    if (state == S::Running || state == S::Paused) {
        const QString status = state == S::Running ? tr("running") : tr("paused");
        for (int i = 0; i < m_history.runCount(); ++i)
            if (!m_history.run(i).ended)
                m_panel->runsEditor()->setStatus(i, status, false);
    }
    if (state == S::Failed)
        m_panel->runsEditor()->clearStatuses();
    emit stateChanged(state);
}

void TrainingSession::onPrepared(const ExperimentInfo& info)
{
    BITLAB_ASSERT_UI_THREAD();
    m_history.reset(info.runNames);
    for (int i = 0; i < static_cast<int>(info.runNames.size()); ++i)
        m_panel->runsEditor()->setStatus(i, tr("ready"), false);
    emit prepared(info);
    const Pending pending = m_pending;
    m_pending = Pending::None;
    if (pending == Pending::StepBatch)
        m_controller->stepBatch();
    else if (pending == Pending::StepEpoch)
        m_controller->stepEpoch();
}

void TrainingSession::onRunEnded(const RunSummary& summary)
{
    BITLAB_ASSERT_UI_THREAD();
    m_history.setSummary(summary);
    emit redrawNeeded(false);
    bool bad = false;
    const QString text = StatusText::runEnded(summary, &bad);
    m_panel->runsEditor()->setStatus(summary.run, text, bad);
}

void TrainingSession::onQuantizerChanged(
    int run, qint64 step, const QuantizerSpec& quantizer, const QString& description)
{
    m_history.markGridChange(run, step, description);
    m_panel->runsEditor()->setLiveQuantizer(run, quantizer, step);
    emit redrawNeeded(false);
    emit statusMessage(
        tr("Run %1 now uses %2 from step %3.")
            .arg(run < m_history.runCount() ? m_history.run(run).name : QString::number(run),
                description)
            .arg(step),
        8000);
}

} // namespace bitlab::ui
