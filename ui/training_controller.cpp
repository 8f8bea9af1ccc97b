#include "ui/training_controller.h"

#include <QThread>

namespace bitlab::ui {

TrainingController::TrainingController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ExperimentSpec>();
    qRegisterMetaType<ExperimentInfo>();
    qRegisterMetaType<std::vector<Record>>();
    qRegisterMetaType<RunSummary>();
    qRegisterMetaType<ExportRequest>();
    qRegisterMetaType<LiveSnapshot>();
    qRegisterMetaType<LossSurface>();
    qRegisterMetaType<QuantizerSpec>();
    qRegisterMetaType<Pace>();
}

TrainingController::~TrainingController()
{
    shutdownWorker();
}

QString TrainingController::stateText(State state)
{
    switch (state) {
    case State::Idle:
        return tr("Ready");
    case State::Preparing:
        return tr("Loading…");
    case State::Ready:
        return tr("Ready");
    case State::Running:
        return tr("Running");
    case State::Paused:
        return tr("Paused");
    case State::Finished:
        return tr("Finished");
    case State::Failed:
        return tr("Failed");
    }
    return {};
}

void TrainingController::setState(State state)
{
    if (state == m_state)
        return;
    if (state == State::Running)
        startClock();
    else if (m_state == State::Running)
        stopClock();
    m_state = state;
    emit stateChanged(state);
}

void TrainingController::startClock()
{
    m_clock.start();
    // The rate's first window opens at the first progress report, not here: before it the
    // worker may still be setting the runs up (W4: about half a second), and counting that
    // time as stepping time made the first "time left" 15 times too long.
    m_rateClock.invalidate();
    m_rateStep = m_step;
}

void TrainingController::stopClock()
{
    if (m_clock.isValid())
        m_elapsedBefore += static_cast<double>(m_clock.nsecsElapsed()) * 1e-9;
    m_clock.invalidate();
    m_rate = 0.0;
}

double TrainingController::elapsedSeconds() const
{
    return m_elapsedBefore
        + (m_clock.isValid() ? static_cast<double>(m_clock.nsecsElapsed()) * 1e-9 : 0.0);
}

double TrainingController::stepsPerSecond() const
{
    return m_rate;
}

void TrainingController::shutdownWorker()
{
    if (!m_thread)
        return;
    m_stopSource.request_stop();
    disconnect(m_worker, nullptr, this, nullptr);
    disconnect(this, nullptr, m_worker, nullptr);
    m_thread->quit();
    // A build in progress honours the stop request within about a second (between CSV
    // chunks and between runs; the panel refuses models past the memory budget), so the
    // thread is always joined: never two workers, nothing left running after Reset.
    m_thread->wait();
    delete m_thread; // the worker went with the thread's finished() -> deleteLater
    m_thread = nullptr;
    m_worker = nullptr;
    m_prepared = false;
}

void TrainingController::start(const ExperimentSpec& spec, bool autoRun)
{
    shutdownWorker();
    ++m_session;
    m_stopSource = std::stop_source();
    m_autoRun = autoRun;
    m_step = m_epoch = 0;
    m_elapsedBefore = 0.0;
    m_clock.invalidate();
    m_rate = 0.0;

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("bitlab-training"));
    m_worker = new TrainingWorker(m_session, m_stopSource.get_token());
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(this, &TrainingController::requestPrepare, m_worker, &TrainingWorker::prepare);
    connect(this, &TrainingController::requestRun, m_worker, &TrainingWorker::run);
    connect(this, &TrainingController::requestPause, m_worker, &TrainingWorker::pause);
    connect(this, &TrainingController::requestStepBatch, m_worker, &TrainingWorker::stepBatch);
    connect(this, &TrainingController::requestStepEpoch, m_worker, &TrainingWorker::stepEpoch);
    connect(this, &TrainingController::requestStop, m_worker, &TrainingWorker::stop);
    connect(this, &TrainingController::requestPace, m_worker, &TrainingWorker::setPace);
    connect(this, &TrainingController::requestExport, m_worker, &TrainingWorker::exportFiles);
    connect(this, &TrainingController::requestQuantizer, m_worker, &TrainingWorker::setQuantizer);
    connect(this, &TrainingController::requestLossSurface, m_worker,
        &TrainingWorker::computeLossSurface);
    connect(this, &TrainingController::requestSnapshotParts, m_worker,
        &TrainingWorker::setSnapshotParts);

    connect(m_worker, &TrainingWorker::prepared, this, &TrainingController::onPrepared);
    connect(m_worker, &TrainingWorker::recordsReady, this,
        [this](quint64 session, const std::vector<Record>& records) {
            if (session == m_session)
                emit recordsArrived(records);
        });
    connect(m_worker, &TrainingWorker::runEnded, this,
        [this](quint64 session, const RunSummary& summary) {
            if (session == m_session)
                emit runEnded(summary);
        });
    connect(m_worker, &TrainingWorker::progressed, this, &TrainingController::onProgress);
    connect(m_worker, &TrainingWorker::paused, this, [this](quint64 session) {
        if (session == m_session && m_state == State::Running)
            setState(State::Paused);
    });
    connect(m_worker, &TrainingWorker::finished, this, [this](quint64 session) {
        if (session == m_session)
            setState(State::Finished);
    });
    connect(
        m_worker, &TrainingWorker::failed, this, [this](quint64 session, const QString& message) {
            if (session != m_session)
                return;
            setState(State::Failed);
            emit errorOccurred(message);
        });
    connect(m_worker, &TrainingWorker::exported, this,
        [this](quint64 session, bool ok, const QString& message) {
            if (session == m_session)
                emit exportFinished(ok, message);
        });

    connect(m_worker, &TrainingWorker::snapshotReady, this,
        [this](quint64 session, const LiveSnapshot& snapshot) {
            if (session == m_session)
                emit snapshotArrived(snapshot);
        });
    connect(m_worker, &TrainingWorker::settled, this, [this](quint64 session) {
        if (session == m_session)
            emit snapshotsSettled();
    });
    connect(m_worker, &TrainingWorker::lossSurfaceReady, this,
        [this](quint64 session, const LossSurface& surface) {
            if (session == m_session)
                emit lossSurfaceArrived(surface);
        });
    connect(m_worker, &TrainingWorker::quantizerChanged, this,
        [this](quint64 session, int run, qint64 step, const QuantizerSpec& quantizer,
            const QString& description) {
            if (session == m_session)
                emit quantizerChanged(run, step, quantizer, description);
        });
    connect(m_worker, &TrainingWorker::quantizerRejected, this,
        [this](quint64 session, int run, const QString& message) {
            if (session == m_session)
                emit quantizerRejected(run, message);
        });

    m_thread->start();
    setState(State::Preparing);
    emit requestPace(m_pace); // Watch: the worker paces by the length once it is built
    emit requestSnapshotParts(m_viewParts, m_viewRuns);
    emit requestPrepare(spec, autoRun); // autoRun: the worker trains right after prepared()
}

void TrainingController::onPrepared(quint64 session, const ExperimentInfo& info)
{
    if (session != m_session)
        return;
    m_prepared = true;
    m_info = info;
    // Ready before prepared(): a step queued while preparing (Step from Idle) is taken then.
    setState(State::Ready);
    emit prepared(info);
    emit progressed(0, 0, info.totalSteps);
    if (m_autoRun && m_state == State::Ready)
        setState(State::Running); // the worker started on its own (prepare with autoRun)
}

void TrainingController::onProgress(quint64 session, qint64 step, qint64 epoch)
{
    if (session != m_session)
        return;
    m_step = step;
    m_epoch = epoch;
    if (m_state == State::Running && !m_rateClock.isValid()) {
        m_rateClock.start(); // the first report: the rate's first window opens here
        m_rateStep = m_step;
    } else if (m_state == State::Running) {
        const double dt = static_cast<double>(m_rateClock.nsecsElapsed()) * 1e-9;
        if (dt >= 0.5) {
            m_rate = static_cast<double>(m_step - m_rateStep) / dt;
            m_rateClock.restart();
            m_rateStep = m_step;
        }
    }
    emit progressed(step, epoch, m_info.totalSteps);
}

void TrainingController::run()
{
    if (!m_worker || !m_prepared)
        return;
    if (m_state == State::Ready || m_state == State::Paused) {
        setState(State::Running);
        emit requestRun();
    }
}

void TrainingController::pause()
{
    if (m_state == State::Running) {
        emit requestPause();
        setState(State::Paused);
    }
}

void TrainingController::stepBatch()
{
    if (m_state == State::Ready || m_state == State::Paused || m_state == State::Running) {
        setState(State::Paused);
        emit requestStepBatch();
    }
}

void TrainingController::stepEpoch()
{
    if (m_state == State::Ready || m_state == State::Paused || m_state == State::Running) {
        setState(State::Paused);
        emit requestStepEpoch();
    }
}

void TrainingController::stop()
{
    if (m_state == State::Preparing) {
        // Nothing trained yet: drop the build at once (back to Idle, the panel unlocked).
        shutdownWorker();
        ++m_session;
        setState(State::Idle);
        emit preparationCancelled();
        return;
    }
    if (m_state == State::Running || m_state == State::Paused || m_state == State::Ready) {
        // Interrupt a chunk in flight, then let the worker mark the runs stopped.
        m_stopSource.request_stop();
        emit requestStop();
    }
}

void TrainingController::reset()
{
    shutdownWorker();
    ++m_session;
    m_step = m_epoch = 0;
    m_elapsedBefore = 0.0;
    m_clock.invalidate();
    m_rate = 0.0;
    setState(State::Idle);
}

void TrainingController::setPace(const Pace& pace)
{
    m_pace = pace;
    if (m_worker)
        emit requestPace(m_pace);
}

void TrainingController::setSpeed(double stepsPerSecond)
{
    setPace(Pace::stepsPerSecond(stepsPerSecond));
}

double TrainingController::pacedSpeed() const
{
    return m_pace.speedFor(m_prepared ? m_info.totalSteps : 0);
}

void TrainingController::exportFiles(const ExportRequest& request)
{
    if (!m_worker || !m_prepared) {
        emit exportFinished(false, tr("Run the experiment first: there is nothing to export yet."));
        return;
    }
    emit requestExport(request);
}

void TrainingController::changeQuantizer(int run, const QuantizerSpec& quantizer)
{
    if (!m_worker || !m_prepared) {
        emit quantizerRejected(run, tr("There is no experiment to change."));
        return;
    }
    emit requestQuantizer(run, quantizer);
}

void TrainingController::computeLossSurface(double x0, double x1, double y0, double y1, int size)
{
    if (m_worker && m_prepared)
        emit requestLossSurface(x0, x1, y0, y1, size);
}

void TrainingController::setViewSnapshotParts(quint32 parts, const QList<int>& runs)
{
    m_viewParts = parts;
    m_viewRuns = runs;
    if (m_worker)
        emit requestSnapshotParts(m_viewParts, m_viewRuns);
}

} // namespace bitlab::ui
