#include "ui/sweep_task.h"

#include "core/common/error.h"
#include "core/io/experiment_factory.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stop_token>

namespace bitlab::ui {

struct SweepTask::State : public SweepObserver {
    std::stop_source stop;
    std::atomic<int> configurations { 0 };
    std::atomic<int> ended { 0 };
    std::atomic<qint64> steps { 0 };
    std::atomic<qint64> totalSteps { 0 };
    std::atomic<bool> classification { false };
    std::atomic<bool> hasTest { false };
    // Per unit and run, touched only by the thread training that unit.
    std::vector<std::vector<qint64>> lastStep;
    std::vector<qint64> stepsPerRun; // per unit

    std::mutex mutex; // guards everything below
    std::vector<SweepResult> arrived;
    std::vector<SweepResult> results;
    QString error;
    double seconds = 0.0;

    void onRecord(int unit, const Record& record) override
    {
        qint64& last
            = lastStep[static_cast<std::size_t>(unit)][static_cast<std::size_t>(record.run)];
        if (record.step > last) {
            steps += record.step - last;
            last = record.step;
        }
    }

    void onConfigurationEnded(const SweepResult& result) override
    {
        // Count the steps it will never do (stopped, diverged, invalid) as done.
        qint64& last
            = lastStep[static_cast<std::size_t>(result.unit)][static_cast<std::size_t>(result.run)];
        const qint64 all = stepsPerRun[static_cast<std::size_t>(result.unit)];
        steps += std::max<qint64>(all - last, 0);
        last = all;
        ++ended;
        std::lock_guard lock(mutex);
        arrived.push_back(result);
    }

    void run(ExperimentSpec base, SweepPlan plan, SpecEditor edit, int threads)
    {
        QElapsedTimer clock;
        clock.start();
        try {
            Sweep sweep(
                base, plan, [](const ExperimentSpec& s) { return io::makeExperiment(s); },
                std::move(edit));
            lastStep.assign(static_cast<std::size_t>(sweep.unitCount()), {});
            stepsPerRun.assign(static_cast<std::size_t>(sweep.unitCount()), 0);
            for (int u : sweep.units()) {
                const int runs = sweep.runsOf(u / plan.seeds);
                lastStep[static_cast<std::size_t>(u)].assign(static_cast<std::size_t>(runs), 0);
                stepsPerRun[static_cast<std::size_t>(u)] = runs > 0 ? sweep.stepsOf(u) / runs : 0;
            }
            totalSteps = sweep.totalSteps();
            classification = sweep.classification();
            hasTest = sweep.hasTest();
            int count = 0;
            for (int u : sweep.units())
                count += sweep.runsOf(u / plan.seeds);
            configurations = count;
            std::vector<SweepResult> all = sweep.run(*this, stop.get_token(), threads);
            std::lock_guard lock(mutex);
            results = std::move(all);
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            error = QString::fromUtf8(e.what());
        }
        std::lock_guard lock(mutex);
        seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
    }
};

SweepTask::SweepTask(QObject* parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, &SweepTask::onFinished);
}

SweepTask::~SweepTask()
{
    cancel();
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
    m_pool.waitForDone();
}

void SweepTask::start(const ExperimentSpec& base, const std::vector<std::string>& schemes,
    const std::vector<int>& bits, int threads)
{
    SweepPlan plan;
    plan.schemes = schemes;
    plan.bits = bits;
    start(base, plan, {}, threads);
}

void SweepTask::start(
    const ExperimentSpec& base, const SweepPlan& plan, SpecEditor edit, int threads)
{
    if (m_running)
        return;
    m_running = true;
    m_results.clear();
    m_error.clear();
    m_cancelled = false;
    m_seconds = 0.0;
    m_state = std::make_shared<State>();
    std::shared_ptr<State> state = m_state;
    m_watcher.setFuture(QtConcurrent::run(
        &m_pool, [state, base, plan, edit, threads] { state->run(base, plan, edit, threads); }));
}

void SweepTask::cancel()
{
    if (m_running && m_state) {
        m_cancelled = true;
        m_state->stop.request_stop();
    }
}

SweepTask::Progress SweepTask::progress() const
{
    Progress p;
    if (!m_state)
        return p;
    p.configurations = m_state->configurations.load();
    p.configurationsEnded = m_state->ended.load();
    p.totalSteps = m_state->totalSteps.load();
    p.steps = std::min(m_state->steps.load(), p.totalSteps);
    p.classification = m_state->classification.load();
    p.hasTest = m_state->hasTest.load();
    return p;
}

std::vector<SweepResult> SweepTask::takeEnded()
{
    std::vector<SweepResult> out;
    if (!m_state)
        return out;
    std::lock_guard lock(m_state->mutex);
    out.swap(m_state->arrived);
    return out;
}

void SweepTask::onFinished()
{
    m_running = false;
    {
        std::lock_guard lock(m_state->mutex);
        m_results = m_state->results;
        m_error = m_state->error;
        m_seconds = m_state->seconds;
    }
    m_classification = m_state->classification.load();
    m_hasTest = m_state->hasTest.load();
    // The sweep ran to its end before the request arrived: nothing was cancelled.
    if (m_cancelled && !m_results.empty()) {
        bool stopped = false;
        for (const SweepResult& r : m_results)
            stopped = stopped || r.status() == "stopped";
        m_cancelled = stopped;
    }
    emit finished();
}

} // namespace bitlab::ui
