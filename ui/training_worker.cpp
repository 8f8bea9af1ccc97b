#include "ui/training_worker.h"

#include "core/common/error.h"
#include "core/engine/experiment.h"
#include "core/engine/observer.h"
#include "core/engine/probes.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/exports.h"
#include "core/io/run_outputs.h"
#include "core/loss/loss.h"

#include <QFileInfo>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <exception>
#include <mutex>

namespace bitlab::ui {

std::atomic<int> TrainingWorker::s_instances { 0 };

namespace {

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

// The sample images of an image dataset: the first rows of the test split (else of the
// training rows), raw pixels for drawing; their model inputs are the same rows of
// xTest/xTrain (TrainingWorker::m_sampleInputs).
void fillSamples(ExperimentInfo& info, const Dataset& data)
{
    if (data.imageRows <= 0 || data.imageCols <= 0 || data.task == Task::Regression
        || static_cast<Index>(data.imageRows) * data.imageCols != data.features())
        return;
    info.imageRows = data.imageRows;
    info.imageCols = data.imageCols;
    info.samplesAreTest = !data.testRows.empty();
    const std::vector<Index>& rows = info.samplesAreTest ? data.testRows : data.trainRows;
    const std::size_t n = std::min(rows.size(), kMaxSampleImages);
    for (std::size_t i = 0; i < n; ++i) {
        const Index r = rows[i];
        std::vector<double> pixels(static_cast<std::size_t>(data.features()));
        for (Index c = 0; c < data.features(); ++c)
            pixels[static_cast<std::size_t>(c)] = data.x(r, c);
        info.sampleImages.push_back(std::move(pixels));
        info.sampleClass.push_back(static_cast<int>(data.y(r, 0)));
    }
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
    m_last.parts = 0; // nothing sent yet
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

void TrainingWorker::prepare(const ExperimentSpec& spec, bool autoRun)
{
    m_metrics.clear(); // a new experiment
    try {
        m_experiment = io::makeExperiment(spec, m_stop); // a stop request ends the build early
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
        fillSamples(info, e.dataset());
        const Matrix& sampleSource = info.samplesAreTest ? e.dataset().xTest : e.dataset().xTrain;
        m_sampleInputs = sampleSource.topRows(static_cast<Index>(info.sampleImages.size()));
        m_boundary = decisionGridFrame(e.dataset());
        m_boundaryInputs = m_boundary.empty()
            ? Matrix()
            : e.dataset().toModelSpace(decisionGridPoints(m_boundary));
        m_liveBoundary = decisionGridFrame(e.dataset(), kLiveDecisionGridCells);
        m_liveBoundaryInputs = m_liveBoundary.empty()
            ? Matrix()
            : e.dataset().toModelSpace(decisionGridPoints(m_liveBoundary));
        m_fit = fitFrame(e.dataset());
        info.fit = m_fit;
        info.fit.inputs = Matrix();
        info.targetName = QString::fromStdString(e.dataset().targetName);
        info.rows = e.dataset().rows();
        emit prepared(m_session, info);
        m_speed = m_pace.speedFor(e.totalSteps());
        // Run (F5) trains at once: no round trip through the UI thread first, which may be
        // busy setting the views up for the experiment just announced.
        if (autoRun)
            run();
        emitSnapshot(
            true, m_parts, m_partRuns); // step 0 (the regions' preview when training started)
    } catch (const Cancelled&) {
        m_experiment.reset(); // Stop, Reset or a new start while building: nobody listens
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
        emitSnapshot(true, m_parts, m_partRuns);
        emit paused(m_session);
        completeSnapshot();
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
    advance([this](Observer& observer, int threads) {
        return m_experiment->advanceToEpochEnd(observer, m_stop, threads);
    });
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
    m_stopped = true;
    flush();
    emitSnapshot(true, m_parts, m_partRuns);
    if (!m_finishedSent) {
        m_finishedSent = true;
        emit finished(m_session);
    }
    completeSnapshot();
}

void TrainingWorker::setPace(const Pace& pace)
{
    m_pace = pace;
    m_speed = std::max(0.0, pace.speedFor(m_experiment ? m_experiment->totalSteps() : 0));
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
        const double seconds = static_cast<double>(m_speedClock.nsecsElapsed()) * 1e-9;
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

void TrainingWorker::advanceBy(std::int64_t steps)
{
    if (steps <= 0)
        return;
    advance([this, steps](Observer& observer, int threads) {
        return m_experiment->advance(steps, observer, m_stop, threads);
    });
}

void TrainingWorker::advance(const std::function<bool(Observer&, int)>& train)
{
    if (!m_experiment || m_stop.stop_requested())
        return;
    const std::int64_t before = m_experiment->step();
    bool more = false;
    QElapsedTimer clock;
    clock.start();
    try {
        // Every core, as bitlab-cli: the runs in parallel, a run alone with its products on
        // all of them (Experiment::advance). The UI thread needs little CPU between its
        // ~30 Hz redraws; gui_bench --latency measures how late its timers fire.
        const int threads = std::max(1, QThread::idealThreadCount());
        more = train(*m_collector, threads);
    } catch (const std::exception& ex) {
        m_running = false;
        flush();
        emit failed(m_session, QString::fromUtf8(ex.what()));
        return;
    }
    // Size the next full-speed chunk to take about 20 ms.
    const double ms = std::max(0.05, static_cast<double>(clock.nsecsElapsed()) * 1e-6);
    const double scaled = static_cast<double>(m_experiment->step() - before) * 20.0 / ms;
    m_chunk = std::clamp<std::int64_t>(
        static_cast<std::int64_t>((static_cast<double>(m_chunk) + scaled) / 2), 1, 1'000'000);
    flush();
    // Training stops here when paused, stepped or done: the view on screen gets its parts
    // before the end is announced, the other views theirs after.
    const bool stops = !m_running || !more;
    emitSnapshot(stops, m_parts, m_partRuns);
    if (!more && !m_stop.stop_requested()) {
        m_running = false;
        m_timer->stop();
        if (!m_finishedSent) {
            m_finishedSent = true;
            emit finished(m_session);
        }
    }
    if (stops)
        completeSnapshot();
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
    if (m_experiment)
        emit progressed(m_session, m_experiment->step(), m_experiment->epoch());
}

void TrainingWorker::setSnapshotParts(quint32 parts, const QList<int>& runs)
{
    parts |= kSnapshotWeights;
    if (parts == m_parts && runs == m_partRuns)
        return; // the same view's parts again (a new experiment announced it)
    m_parts = parts;
    m_partRuns = runs;
    emitSnapshot(true, m_parts, m_partRuns);
}

void TrainingWorker::completeSnapshot()
{
    emitSnapshot(true, kSnapshotAll, {});
    emit settled(m_session);
}

bool TrainingWorker::training() const
{
    return m_running && m_experiment && !m_experiment->finished() && !m_stopped;
}

void TrainingWorker::emitSnapshot(bool force, quint32 parts, const QList<int>& runs)
{
    // A stop request interrupts training (Stop) or tears the worker down; after stop() the
    // stopped experiment still shows itself.
    if (!m_experiment || (m_stop.stop_requested() && !m_stopped))
        return;
    const std::int64_t step = m_experiment->step();
    const bool live = training();
    // The regions already computed for this step serve if they are exact, or a preview
    // while training runs (the exact grid replaces the preview when training stops); then
    // only the wanted runs they lack are computed, on the same grid.
    const bool sameStep = step == m_last.step;
    const auto runCount = static_cast<std::size_t>(m_experiment->runCount());
    const bool haveRegions = sameStep && (m_last.parts & kSnapshotBoundary)
        && (!m_last.boundaryPreview || live) && !m_last.boundary.empty()
        && m_last.boundary.classes.size() == runCount;
    const bool exactRegions = !live || (haveRegions && !m_last.boundaryPreview);
    std::vector<int> regionRuns; // none when the dataset has no decision regions
    for (int r = 0; r < m_experiment->runCount() && !m_boundary.empty(); ++r) {
        const bool wanted = runs.empty() || runs.contains(r);
        const bool have
            = haveRegions && !m_last.boundary.classes[static_cast<std::size_t>(r)].empty();
        if (wanted && !have)
            regionRuns.push_back(r);
    }
    if (sameStep)
        parts &= ~(m_last.parts & ~quint32(kSnapshotBoundary)); // already sent for this step
    if (regionRuns.empty())
        parts &= ~quint32(kSnapshotBoundary);
    if (parts == 0)
        return;
    // At most 10 a second, and never more than a fifth of the worker's time: a snapshot of
    // an MLP's decision regions costs tens of milliseconds per run on the exact grid (a
    // sixteenth of that on the preview).
    const double gap = std::max(100.0, 4.0 * m_snapshotCostMs);
    if (!force && m_snapshotClock.isValid() && static_cast<double>(m_snapshotClock.elapsed()) < gap)
        return;
    QElapsedTimer cost;
    cost.start();
    // Training waits while a snapshot is computed: the runs' regions take every core.
    const int threads = std::max(1, QThread::idealThreadCount());
    LiveSnapshot snap;
    try {
        if (parts & kSnapshotWeights) {
            for (int i = 0; i < m_experiment->runCount(); ++i) {
                snap.weights.push_back(m_experiment->snapshot(i));
                limitLevels(snap.weights.back());
            }
        }
        if (parts & kSnapshotBoundary)
            snap.boundary = exactRegions
                ? decisionGrid(*m_experiment, m_boundary, m_boundaryInputs, threads, regionRuns)
                : decisionGrid(
                    *m_experiment, m_liveBoundary, m_liveBoundaryInputs, threads, regionRuns);
        if (parts & kSnapshotConfusion) {
            snap.confusionOnTest = m_experiment->dataset().xTest.rows() > 0;
            snap.confusion = confusionMatrices(
                *m_experiment, snap.confusionOnTest ? Split::Test : Split::Train);
        }
        if (parts & kSnapshotFit)
            snap.fit = fitPredictions(*m_experiment, m_fit); // at most kMaxFitRows per run
        if ((parts & kSnapshotSamples) && m_sampleInputs.rows() > 0) {
            Matrix logits;
            for (int i = 0; i < m_experiment->runCount(); ++i) {
                m_experiment->predict(i, m_sampleInputs, logits);
                std::vector<int> predicted(static_cast<std::size_t>(logits.rows()));
                for (Index r = 0; r < logits.rows(); ++r)
                    predicted[static_cast<std::size_t>(r)]
                        = static_cast<int>(Loss::predictClass(logits.row(r)));
                snap.samplePredictions.push_back(std::move(predicted));
            }
        }
    } catch (const std::exception&) {
        return; // a snapshot is a view aid; a run's own failure reaches the UI as its status
    }
    m_snapshotCostMs = static_cast<double>(cost.nsecsElapsed()) * 1e-6;
    m_snapshotClock.start();
    // The parts just computed replace the last ones; the others go out as they were.
    if (step != m_last.step) {
        m_last.step = step;
        m_last.parts = 0;
    }
    m_last.parts |= parts;
    if (parts & kSnapshotWeights)
        m_last.weights = std::move(snap.weights);
    if ((parts & kSnapshotBoundary) && haveRegions) { // the same grid, one entry per run
        for (int r : regionRuns) {
            const auto k = static_cast<std::size_t>(r);
            m_last.boundary.classes[k] = std::move(snap.boundary.classes[k]);
            m_last.boundary.confidence[k] = std::move(snap.boundary.confidence[k]);
        }
    } else if (parts & kSnapshotBoundary) {
        m_last.boundary = std::move(snap.boundary);
        m_last.boundaryStep = step;
        m_last.boundaryPreview = !exactRegions;
    }
    if (parts & kSnapshotConfusion) {
        m_last.confusion = std::move(snap.confusion);
        m_last.confusionOnTest = snap.confusionOnTest;
    }
    if (parts & kSnapshotSamples)
        m_last.samplePredictions = std::move(snap.samplePredictions);
    if (parts & kSnapshotFit)
        m_last.fit = std::move(snap.fit);
    emit snapshotReady(m_session, m_last);
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
    emit quantizerChanged(m_session, run, m_experiment->step(), quantizer,
        QString::fromStdString(defaultRunName(described)));
    flush(); // a quantizer the weights refuse fails the run; its status follows
    m_last.parts = 0; // the weights re-snapped: every part changed at this step
    emitSnapshot(true, m_parts, m_partRuns);
    completeSnapshot();
}

void TrainingWorker::computeLossSurface(double x0, double x1, double y0, double y1, int size)
{
    if (!m_experiment)
        return;
    try {
        emit lossSurfaceReady(m_session, lossSurface(*m_experiment, x0, x1, y0, y1, size));
    } catch (const std::exception&) {
        // Not a two-parameter model or an empty rectangle: the view asks for none.
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
            io::saveMetricsCsv(request.path, m_metrics, names, io::learnedNamesOf(e));
            written << request.path;
            break;
        }
        case Kind::SummaryJson: {
            std::vector<RunSummary> summaries;
            for (int i = 0; i < e.runCount(); ++i)
                summaries.push_back(e.summary(i));
            io::writeFileAtomically(request.path, io::summaryJson(summaries, io::classResults(e)));
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
