#include "ui/training_worker.h"

#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/engine/observer.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/exports.h"
#include "core/io/run_outputs.h"

#include <QFileInfo>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>

namespace bitlab::ui {

std::atomic<int> TrainingWorker::s_instances { 0 };

namespace {

constexpr int kBoundaryCells = 200;

bool hasBoundary(const Dataset& data)
{
    return data.features() == 2 && data.task != Task::Regression && data.rows() > 0;
}

void fillPoints(ExperimentInfo& info, const Dataset& data)
{
    for (const std::string& n : data.featureNames)
        info.featureNames.push_back(QString::fromStdString(n));
    for (const std::string& c : data.classLabels)
        info.classLabels.push_back(QString::fromStdString(c));
    if (data.features() != 2)
        return;
    std::vector<bool> test(static_cast<std::size_t>(data.rows()), false);
    for (Index r : data.testRows)
        test[static_cast<std::size_t>(r)] = true;
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(data.rows()), kMaxInfoPoints);
    for (std::size_t i = 0; i < n; ++i) {
        const auto r = static_cast<Index>(i);
        info.pointX.push_back(data.x(r, 0));
        info.pointY.push_back(data.x(r, 1));
        info.pointClass.push_back(
            data.task == Task::Regression ? -1 : static_cast<int>(data.y(r, 0)));
        info.pointIsTest.push_back(test[i]);
    }
}

// The cell centres of the boundary grid (raw space, 8% margin around the data) converted to
// the model's input space; fills the grid's extent. Empty when the view does not apply.
Matrix boundaryInputs(const Dataset& data, BoundaryGrid& grid)
{
    grid = BoundaryGrid {};
    if (!hasBoundary(data))
        return {};
    double lo[2], hi[2];
    for (int c = 0; c < 2; ++c) {
        lo[c] = data.x.col(c).minCoeff();
        hi[c] = data.x.col(c).maxCoeff();
        const double span = hi[c] - lo[c];
        const double pad = span > 0 ? 0.08 * span : std::max(1.0, std::abs(lo[c]) * 0.1);
        lo[c] -= pad;
        hi[c] += pad;
    }
    grid.size = kBoundaryCells;
    grid.xMin = lo[0];
    grid.xMax = hi[0];
    grid.yMin = lo[1];
    grid.yMax = hi[1];
    const int n = grid.size;
    Matrix x(static_cast<Index>(n) * n, 2);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const Index r = static_cast<Index>(i) * n + j;
            x(r, 0) = grid.xMin + (j + 0.5) * (grid.xMax - grid.xMin) / n;
            x(r, 1) = grid.yMax - (i + 0.5) * (grid.yMax - grid.yMin) / n;
        }
    if (data.featureMean.size() == 2)
        for (int c = 0; c < 2; ++c)
            x.col(c) = (x.col(c).array() - data.featureMean(c)) / data.featureStd(c);
    return x;
}

void limitLevels(WeightSnapshot& snap)
{
    for (TensorSnapshot& t : snap.tensors) {
        std::size_t total = 0;
        for (const auto& c : t.levels)
            total += c.size();
        if (total > kMaxSnapshotLevels)
            t.levels.clear();
    }
}

} // namespace

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
    : m_session(session)
    , m_stop(std::move(stop))
    , m_collector(std::make_unique<Collector>())
{
    ++s_instances;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &TrainingWorker::tick);
}

TrainingWorker::~TrainingWorker()
{
    --s_instances;
}

int TrainingWorker::instances()
{
    return s_instances.load();
}

void TrainingWorker::prepare(const ExperimentSpec& spec)
{
    m_metrics.clear(); // a new experiment
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
        info.parameterCount = static_cast<int>(e.parameterCount());
        fillPoints(info, e.dataset());
        m_boundaryInputs = boundaryInputs(e.dataset(), m_boundary);
        emit prepared(m_session, info);
        emitSnapshot(true);
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
    if (was) {
        emitSnapshot(true);
        emit paused(m_session);
    }
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
    emitSnapshot(true);
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
        // Leave one core to the UI thread so the window stays responsive at full speed.
        const int threads = std::max(1, QThread::idealThreadCount() - 1);
        more = m_experiment->advance(steps, *m_collector, m_stop, threads);
    } catch (const std::exception& ex) {
        m_running = false;
        flush();
        emit failed(m_session, QString::fromUtf8(ex.what()));
        return;
    }
    // Size the next full-speed chunk to take about 20 ms.
    const double ms = std::max(0.05, clock.nsecsElapsed() * 1e-6);
    const double scaled = static_cast<double>(steps) * 20.0 / ms;
    m_chunk
        = std::clamp<std::int64_t>(static_cast<std::int64_t>((m_chunk + scaled) / 2), 1, 1'000'000);
    flush();
    emitSnapshot(!m_running || !more);
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
        // When a temporary file cannot grow (disk full), training goes on: the spool keeps
        // the reason, and an export of metrics.csv reports it instead of a partial file.
        if (m_metrics.failure().empty()) {
            try {
                m_metrics.append(records);
            } catch (const std::exception& ex) {
                qWarning("%s", ex.what());
            }
        }
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

void TrainingWorker::emitSnapshot(bool force)
{
    if (!m_experiment || m_stop.stop_requested())
        return;
    // At most 10 a second, and never more than a fifth of the worker's time: a snapshot of
    // an MLP's decision regions (200 x 200 cells per run) costs tens of milliseconds.
    const double gap = std::max(100.0, 4.0 * m_snapshotCostMs);
    if (!force && m_snapshotClock.isValid() && m_snapshotClock.elapsed() < gap)
        return;
    QElapsedTimer cost;
    cost.start();
    LiveSnapshot snap;
    try {
        snap.step = currentStep();
        for (int i = 0; i < m_experiment->runCount(); ++i) {
            snap.weights.push_back(m_experiment->snapshot(i));
            limitLevels(snap.weights.back());
        }
        computeBoundary(snap.boundary);
    } catch (const std::exception&) {
        return; // a snapshot is a view aid; a run's own failure reaches the UI as its status
    }
    m_snapshotCostMs = cost.nsecsElapsed() * 1e-6;
    m_snapshotClock.start();
    emit snapshotReady(m_session, snap);
}

void TrainingWorker::computeBoundary(BoundaryGrid& grid) const
{
    grid = m_boundary;
    if (grid.empty() || m_boundaryInputs.rows() == 0)
        return;
    const std::size_t cells = static_cast<std::size_t>(m_boundaryInputs.rows());
    Matrix logits;
    for (int run = 0; run < m_experiment->runCount(); ++run) {
        m_experiment->predict(run, m_boundaryInputs, logits);
        std::vector<std::uint8_t> cls(cells);
        std::vector<float> conf(cells);
        for (std::size_t r = 0; r < cells; ++r) {
            const auto row = logits.row(static_cast<Index>(r));
            if (logits.cols() == 1) {
                const double z = row(0);
                const double p
                    = z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
                cls[r] = z > 0 ? 1 : 0; // as Loss::predictClass
                conf[r] = static_cast<float>(cls[r] ? p : 1.0 - p);
            } else {
                Index best = 0;
                const double m = row.maxCoeff(&best);
                const double sum = (row.array() - m).exp().sum();
                cls[r] = static_cast<std::uint8_t>(std::min<Index>(best, 255));
                conf[r] = static_cast<float>(1.0 / sum);
            }
            if (!std::isfinite(conf[r]))
                conf[r] = 0.5f;
        }
        grid.classes.push_back(std::move(cls));
        grid.confidence.push_back(std::move(conf));
    }
}

void TrainingWorker::setQuantizer(int run, const QuantizerSpec& quantizer)
{
    if (!m_experiment)
        return;
    try {
        m_experiment->setQuantizer(run, quantizer);
    } catch (const std::exception& ex) {
        emit quantizerRejected(m_session, run, QString::fromUtf8(ex.what()));
        return;
    }
    RunSpec described;
    described.quantizer = quantizer;
    emit quantizerChanged(m_session, run, currentStep(), quantizer,
        QString::fromStdString(defaultRunName(described)));
    flush(); // a quantizer the weights refuse fails the run; its status follows
    emitSnapshot(true);
}

void TrainingWorker::computeLossSurface(double x0, double x1, double y0, double y1, int size)
{
    if (!m_experiment || m_experiment->parameterCount() != 2 || size < 2 || size > 1000
        || !(x1 > x0) || !(y1 > y0))
        return;
    LossSurface surface;
    surface.size = size;
    surface.x0 = x0;
    surface.x1 = x1;
    surface.y0 = y0;
    surface.y1 = y1;
    surface.values.resize(static_cast<std::size_t>(size) * size);
    std::vector<Scalar> point(2);
    for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j) {
            point[0] = x0 + j * (x1 - x0) / (size - 1);
            point[1] = y0 + i * (y1 - y0) / (size - 1);
            double v = m_experiment->trainLossAt(point);
            surface.values[static_cast<std::size_t>(i) * size + j]
                = std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
        }
    emit lossSurfaceReady(m_session, surface);
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
            io::saveMetricsCsv(request.path, m_metrics, names);
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
            const io::RunOutputs out = io::writeRunOutputs(request.path, e, m_metrics);
            written = out.files;
            skipped = out.warnings;
            break;
        }
        case Kind::WeightsJson:
        case Kind::WeightsCsv:
        case Kind::CHeader: {
            io::WeightsFormats formats;
            formats.json = request.kind == Kind::WeightsJson;
            formats.csv = request.kind == Kind::WeightsCsv;
            formats.cHeader = request.kind == Kind::CHeader;
            const io::RunOutputs out = io::writeWeightsFiles(request.path, e, formats);
            written = out.files;
            skipped = out.warnings;
            if (formats.cHeader)
                for (const RunSpec& run : e.spec().runs)
                    if (!run.quantizer)
                        skipped << tr("%1: full precision, no C header.")
                                       .arg(QString::fromStdString(run.name));
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
