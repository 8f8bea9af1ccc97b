#include "ui/training_worker.h"

#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/engine/observer.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/exports.h"
#include "core/io/run_outputs.h"
#include "core/io/weights_json.h"

#include <QDir>
#include <QFileInfo>

#include <QTimer>

#include <algorithm>
#include <exception>
#include <mutex>

namespace bitlab::ui {

std::atomic<int> TrainingWorker::s_instances{0};

// Runs report from the engine's threads: collect under a lock, hand over after each chunk.
class TrainingWorker::Collector : public Observer {
public:
    void onRecord(const Record& record) override
    {
        std::lock_guard lock(m_mutex);
        m_records.push_back(record);
    }
    void onRunFinished(const RunSummary& summary) override
    {
        std::lock_guard lock(m_mutex);
        m_ended.push_back(summary);
    }
    void take(std::vector<Record>& records, std::vector<RunSummary>& ended)
    {
        std::lock_guard lock(m_mutex);
        records.swap(m_records);
        ended.swap(m_ended);
    }

private:
    std::mutex m_mutex;
    std::vector<Record> m_records;
    std::vector<RunSummary> m_ended;
};

TrainingWorker::TrainingWorker(quint64 session, std::stop_token stop)
    : m_session(session), m_stop(std::move(stop)), m_collector(std::make_unique<Collector>())
{
    ++s_instances;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &TrainingWorker::tick);
}

TrainingWorker::~TrainingWorker() { --s_instances; }

int TrainingWorker::instances() { return s_instances.load(); }

void TrainingWorker::prepare(const ExperimentSpec& spec)
{
    try {
        m_experiment = io::makeExperiment(spec);
        const Experiment& e = *m_experiment;
        ExperimentInfo info;
        info.spec = e.spec();
        for (const RunSpec& r : info.spec.runs)
            info.runNames.push_back(QString::fromStdString(r.name));
        info.task = e.dataset().task;
        info.features = static_cast<int>(e.dataset().features());
        info.classes = e.dataset().classes();
        info.trainRows = e.dataset().xTrain.rows();
        info.testRows = e.dataset().xTest.rows();
        info.stepsPerEpoch = e.stepsPerEpoch();
        info.totalSteps = e.totalSteps();
        for (const std::string& w : e.dataset().warnings)
            info.warnings.push_back(QString::fromStdString(w));
        emit prepared(m_session, info);
    } catch (const std::exception& ex) {
        m_experiment.reset();
        emit failed(m_session, QString::fromUtf8(ex.what()));
    }
}

void TrainingWorker::run()
{
    if (!m_experiment || m_experiment->finished())
        return;
    m_running = true;
    m_speedClock.start();
    m_speedDone = 0;
    scheduleTick();
}

void TrainingWorker::pause()
{
    const bool was = m_running;
    m_running = false;
    m_timer->stop();
    if (was)
        emit paused(m_session);
}

void TrainingWorker::stepBatch()
{
    pause();
    advanceBy(1);
}

void TrainingWorker::stepEpoch()
{
    pause();
    if (!m_experiment)
        return;
    const std::int64_t per = std::max<std::int64_t>(1, m_experiment->stepsPerEpoch());
    advanceBy(per - currentStep() % per);
}

void TrainingWorker::stop()
{
    m_running = false;
    m_timer->stop();
    if (!m_experiment)
        return;
    try {
        m_experiment->stopAll(*m_collector);
    } catch (const std::exception& ex) {
        emit failed(m_session, QString::fromUtf8(ex.what()));
    }
    flush();
    if (!m_finishedSent) {
        m_finishedSent = true;
        emit finished(m_session);
    }
}

void TrainingWorker::setSpeed(double stepsPerSecond)
{
    m_speed = std::max(0.0, stepsPerSecond);
    m_speedClock.start();
    m_speedDone = 0;
    if (m_running)
        scheduleTick();
}

void TrainingWorker::scheduleTick()
{
    if (m_speed <= 0.0) {
        m_timer->start(0);
        return;
    }
    const int interval = std::clamp(static_cast<int>(1000.0 / m_speed), 10, 50);
    m_timer->start(interval);
}

void TrainingWorker::tick()
{
    if (!m_running || !m_experiment || m_stop.stop_requested())
        return;
    if (m_speed <= 0.0) {
        advanceBy(m_chunk);
    } else {
        const double seconds = m_speedClock.nsecsElapsed() * 1e-9;
        const auto due = static_cast<std::int64_t>(m_speed * seconds) - m_speedDone;
        if (due > 0) {
            const std::int64_t n = std::min(due, std::max<std::int64_t>(m_chunk, 1));
            m_speedDone += n;
            advanceBy(n);
        }
    }
    if (m_running)
        scheduleTick();
}

std::int64_t TrainingWorker::currentStep() const
{
    std::int64_t step = 0;
    for (int i = 0; i < m_experiment->runCount(); ++i)
        step = std::max(step, m_experiment->summary(i).steps);
    return step;
}

void TrainingWorker::advanceBy(std::int64_t steps)
{
    if (!m_experiment || steps <= 0 || m_stop.stop_requested())
        return;
    bool more = false;
    QElapsedTimer clock;
    clock.start();
    try {
        more = m_experiment->advance(steps, *m_collector, m_stop);
    } catch (const std::exception& ex) {
        m_running = false;
        flush();
        emit failed(m_session, QString::fromUtf8(ex.what()));
        return;
    }
    // Size the next full-speed chunk to take about 20 ms.
    const double ms = std::max(0.05, clock.nsecsElapsed() * 1e-6);
    const double scaled = static_cast<double>(steps) * 20.0 / ms;
    m_chunk = std::clamp<std::int64_t>(static_cast<std::int64_t>((m_chunk + scaled) / 2), 1,
                                       1'000'000);
    flush();
    if (!more && !m_stop.stop_requested()) {
        m_running = false;
        m_timer->stop();
        if (!m_finishedSent) {
            m_finishedSent = true;
            emit finished(m_session);
        }
    }
}

void TrainingWorker::flush()
{
    std::vector<Record> records;
    std::vector<RunSummary> ended;
    m_collector->take(records, ended);
    if (!records.empty()) {
        m_log.insert(m_log.end(), records.begin(), records.end());
        emit recordsReady(m_session, records);
    }
    for (const RunSummary& s : ended)
        emit runEnded(m_session, s);
    if (m_experiment) {
        const std::int64_t step = currentStep();
        const std::int64_t per = std::max<std::int64_t>(1, m_experiment->stepsPerEpoch());
        emit progressed(m_session, step, step / per);
    }
}

void TrainingWorker::exportFiles(const ExportRequest& request)
{
    if (!m_experiment) {
        emit exported(m_session, false, tr("There is no experiment to export."));
        return;
    }
    using Kind = ExportRequest::Kind;
    const Experiment& e = *m_experiment;
    QStringList written, skipped;
    try {
        switch (request.kind) {
        case Kind::MetricsCsv: {
            std::vector<QString> names;
            for (const RunSpec& r : e.spec().runs)
                names.push_back(QString::fromStdString(r.name));
            io::writeFileAtomically(request.path, io::metricsCsv(m_log, names));
            written << request.path;
            break;
        }
        case Kind::SummaryJson: {
            std::vector<RunSummary> summaries;
            for (int i = 0; i < e.runCount(); ++i)
                summaries.push_back(e.summary(i));
            io::writeFileAtomically(request.path, io::summaryJson(summaries));
            written << request.path;
            break;
        }
        case Kind::OutputFolder: {
            const io::RunOutputs out = io::writeRunOutputs(request.path, e, m_log);
            written = out.files;
            skipped = out.warnings;
            break;
        }
        case Kind::WeightsJson:
        case Kind::WeightsCsv:
        case Kind::CHeader: {
            io::ensureDirectory(request.path);
            const QDir dir(request.path);
            for (int i = 0; i < e.runCount(); ++i) {
                const RunSpec& run = e.spec().runs[static_cast<std::size_t>(i)];
                const QString stem = io::runFileStem(QString::fromStdString(run.name));
                try {
                    const WeightSnapshot snap = e.snapshot(i);
                    QString file;
                    if (request.kind == Kind::WeightsJson) {
                        file = dir.filePath(stem + QStringLiteral(".json"));
                        io::writeWeights(file, snap, run, e.spec().model);
                    } else if (request.kind == Kind::WeightsCsv) {
                        file = dir.filePath(stem + QStringLiteral(".csv"));
                        io::writeFileAtomically(file, io::weightsCsv(snap));
                    } else {
                        if (!run.quantizer) {
                            skipped << tr("%1: full precision, no C header.").arg(QString::fromStdString(run.name));
                            continue;
                        }
                        file = dir.filePath(stem + QStringLiteral(".h"));
                        io::writeFileAtomically(file, io::cHeader(snap, run, e.spec().model));
                    }
                    written << file;
                } catch (const std::exception& ex) {
                    skipped << QString::fromUtf8(ex.what());
                }
            }
            break;
        }
        }
    } catch (const std::exception& ex) {
        emit exported(m_session, false, QString::fromUtf8(ex.what()));
        return;
    }
    QString message = tr("Wrote %n file(s)", nullptr, static_cast<int>(written.size()));
    if (!written.isEmpty())
        message += tr(" to %1").arg(QFileInfo(written.first()).absolutePath());
    message += QLatin1Char('.');
    if (!skipped.isEmpty())
        message += QLatin1Char('\n') + skipped.join(QLatin1Char('\n'));
    emit exported(m_session, !written.isEmpty() || skipped.isEmpty(), message);
}

} // namespace bitlab::ui
