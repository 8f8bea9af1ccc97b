#pragma once
// TrainingWorker: owns one Experiment and trains it. LIVES ON ITS OWN QThread (created and
// torn down by TrainingController): every slot runs on that thread, every signal reaches
// the UI queued. The UI thread never trains and never touches the Experiment.
//
// Training goes in chunks: at full speed each chunk is sized to take about 20 ms, so
// pause/step/speed requests (queued slots) are served between chunks; stop is also
// requested through a std::stop_token, which the engine checks between steps. After each
// chunk the records collected by the observer are sent in one batch (recordsReady).
// Every signal carries the worker's session number so the controller can drop what a
// torn-down worker had already queued.

#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"
#include "core/io/metrics_spool.h"
#include "ui/experiment_info.h"
#include "ui/live_snapshot.h"
#include "ui/training_pace.h"

#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <stop_token>
#include <vector>

class QTimer;

namespace bitlab {
class Experiment;
class Observer;
} // namespace bitlab

namespace bitlab::ui {

// What the File menu's Export ▸ entries ask the worker to write (through core/io).
struct ExportRequest {
    // WeightsJson/WeightsCsv/CHeader: one file per run in the folder `path`;
    // MetricsCsv/SummaryJson: the file `path`; OutputFolder: what `bitlab-cli run --out`
    // writes (experiment.json, metrics.csv, summary.json, weights/).
    enum class Kind { WeightsJson, WeightsCsv, CHeader, MetricsCsv, SummaryJson, OutputFolder };
    Kind kind = Kind::WeightsJson;
    QString path;
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    TrainingWorker(quint64 session, std::stop_token stop);
    ~TrainingWorker() override;

    // Number of TrainingWorker objects alive in the process (tests: never two).
    static int instances();

public slots:
    // Builds the experiment (loads the dataset); emits prepared() or failed(). With
    // `autoRun` training starts at once after prepared(), without waiting for run().
    void prepare(const bitlab::ExperimentSpec& spec, bool autoRun);
    void run();
    void pause();
    void stepBatch();
    void stepEpoch();
    // Marks unfinished runs Stopped and emits finished(); the experiment stays for export.
    void stop();
    // How fast to train; Watch is paced by the experiment's length once it is built.
    void setPace(const bitlab::ui::Pace& pace);
    void exportFiles(const bitlab::ui::ExportRequest& request);
    // Changes run `run`'s grid (between chunks; the GUI offers it while paused): the
    // weights re-snap at once, quantizerChanged() and a snapshot follow, or
    // quantizerRejected() with the reason.
    void setQuantizer(int run, const bitlab::QuantizerSpec& quantizer);
    // Full-precision training loss over a size x size grid of the weight plane
    // (two-parameter models only); answers with lossSurfaceReady().
    void computeLossSurface(double x0, double x1, double y0, double y1, int size);
    // The snapshot parts (SnapshotPart flags, ui/live_snapshot.h) to compute while training
    // runs: those of the view on screen (the weights always), for its `runs` (the decision
    // regions; empty: every run). Parts the current step has not sent yet are sent at once.
    void setSnapshotParts(quint32 parts, const QList<int>& runs);

signals:
    void prepared(quint64 session, const bitlab::ui::ExperimentInfo& info);
    void recordsReady(quint64 session, const std::vector<bitlab::Record>& records);
    void runEnded(quint64 session, const bitlab::RunSummary& summary);
    void progressed(quint64 session, qint64 step, qint64 epoch);
    void paused(quint64 session);
    void finished(quint64 session);
    void failed(quint64 session, const QString& message);
    void exported(quint64 session, bool ok, const QString& message);
    void snapshotReady(quint64 session, const bitlab::ui::LiveSnapshot& snapshot);
    void lossSurfaceReady(quint64 session, const bitlab::ui::LossSurface& surface);
    void quantizerChanged(quint64 session, int run, qint64 step,
        const bitlab::QuantizerSpec& quantizer, const QString& description);
    void quantizerRejected(quint64 session, int run, const QString& message);
    // After training stopped (end, pause, step, stop, a changed grid): every snapshot part
    // has been sent for where it stopped.
    void settled(quint64 session);

private:
    class Collector;
    void tick();
    void advanceBy(std::int64_t steps);
    // Runs one chunk of training (`train` gets the observer and the thread count), then
    // sizes the next chunk, forwards records and ends the experiment when it is done.
    void advance(const std::function<bool(Observer&, int)>& train);
    void flush();
    void scheduleTick();
    // Sends a LiveSnapshot of `parts` (less those already sent for the current step) if
    // `force`, or if the last one is older than 100 ms and four times its own cost. While
    // training runs the decision regions are the coarse preview (kLiveDecisionGridCells).
    // The regions are computed for `runs` (empty: every run); those of the other runs are
    // kept when they are of the same step and grid, else dropped.
    void emitSnapshot(bool force, quint32 parts, const QList<int>& runs);
    // Training is under way: started and neither paused nor at its end.
    bool training() const;
    // Training stopped (end, pause, step, stop, a changed grid): the parts not sent yet for
    // this step, so that every view and export shows where training stopped.
    void completeSnapshot();

    quint64 m_session;
    std::stop_token m_stop;
    std::unique_ptr<Collector> m_collector;
    std::unique_ptr<Experiment> m_experiment;
    QTimer* m_timer = nullptr;
    bool m_running = false;
    Pace m_pace;
    double m_speed = 0.0; // steps per second for m_pace (0 = full speed)
    std::int64_t m_chunk = 1;
    QElapsedTimer m_speedClock;
    std::int64_t m_speedDone = 0;
    // Every record's metrics.csv fields: a few buffers in memory, the rest in temporary files.
    io::MetricsSpool m_metrics;
    bool m_finishedSent = false;
    bool m_stopped = false; // stop() has run: the experiment is over but still answers
    QElapsedTimer m_snapshotClock; // since the end of the last snapshot
    double m_snapshotCostMs = 0.0; // what the last snapshot took to compute
    quint32 m_parts = kSnapshotWeights; // computed while training runs (setSnapshotParts)
    QList<int> m_partRuns; // the runs whose regions are computed while training (empty: all)
    // Every part as last computed (what each snapshot sends); its `parts` those computed at
    // its `step`, none before the first snapshot or after the weights changed.
    LiveSnapshot m_last;
    BoundaryGrid m_boundary; // the grid's extent (no classes): empty when it does not apply
    Matrix m_boundaryInputs; // the grid's cell centres in the model's input space
    BoundaryGrid m_liveBoundary; // the same extent, kLiveDecisionGridCells per side
    Matrix m_liveBoundaryInputs;
    Matrix m_sampleInputs; // image datasets: the sample images in the model's input space
    FitFrame m_fit; // regression: where the Fit view probes the runs (bounded: kMaxFitRows)
    static std::atomic<int> s_instances;
};

} // namespace bitlab::ui

Q_DECLARE_METATYPE(bitlab::ExperimentSpec)
Q_DECLARE_METATYPE(bitlab::Record)
Q_DECLARE_METATYPE(std::vector<bitlab::Record>)
Q_DECLARE_METATYPE(bitlab::RunSummary)
Q_DECLARE_METATYPE(bitlab::ui::ExportRequest)
Q_DECLARE_METATYPE(bitlab::QuantizerSpec)
Q_DECLARE_METATYPE(bitlab::ui::Pace)
