#pragma once
// RunHistory: the UI thread's copy of what every run has reported so far, kept as one
// (step, value) column pair per metric so views can draw without touching the engine.
// Fed by TrainingController with record batches; views read it when the redraw timer
// fires and use revision() to skip work when nothing changed.

#include "core/engine/record.h"
#include "ui/live_snapshot.h"

#include <QColor>
#include <QString>
#include <array>
#include <cstdint>
#include <vector>

namespace bitlab::ui {

enum class Metric {
    BatchLoss,
    TrainLoss,
    TestLoss,
    TrainAccuracy,
    TestAccuracy,
    GradNorm,
    QuantError,
    Flips,
    LearningRate,
    Count
};

// Points of one metric in step order; only finite values are kept. A trace holds at most
// RunHistory::kTraceCapacity points: when it is full it halves, each group of 4 consecutive
// points becoming the lowest and the highest of them (in step order). After k halvings,
// new values are gathered the same way before they go in: each group of 2^(k+1) values
// adds its lowest and highest, so every part of the run, old or new, is kept at the same
// resolution. Every kept point is a real one and every group's extremes survive, so a
// min/max decimated chart looks the same as long as a pixel column spans more steps than
// a group (a minute at 25,000 steps/s leaves groups of about 32, against ~750 steps per
// column of a 2,000 px chart). The open group's values reach `steps`/`values` when it is
// full or the run ends; `latestStep`/`latestValue` always hold the newest value. Memory
// stays flat however long a run trains; every record still reaches metrics.csv through
// the worker's log.
struct MetricTrace {
    std::vector<double> steps;
    std::vector<double> values;
    std::uint32_t compactions = 0; // how many times the trace halved (views start over)
    double latestStep = 0.0, latestValue = 0.0; // the newest value (when !empty())
    // The open group (after a halving): how many values it has seen, out of groupSize, and
    // its lowest and highest so far.
    std::size_t groupSize = 1, groupCount = 0;
    double lowStep = 0.0, low = 0.0, highStep = 0.0, high = 0.0;
    // Only for the metrics a chart smooths (RunHistory::keepsMeans): the same history as
    // means, what a smoothed curve smooths. One point per group of meanGroupSize values
    // (its mean step and mean value; 1 until the first halving), at most
    // RunHistory::kMeanCapacity points: when full, neighbouring pairs are averaged and the
    // groups double. An EMA over the kept lowest and highest values would ripple with
    // their alternation; over the means it is what an EMA over the groups would give.
    std::vector<double> meanSteps, means;
    std::uint32_t meanCompactions = 0;
    std::size_t meanGroupSize = 1, meanGroupCount = 0;
    double meanStepSum = 0.0, meanSum = 0.0;
    std::size_t size() const { return steps.size(); }
    bool empty() const { return steps.empty() && groupCount == 0; }
};

struct RunTrace {
    QString name;
    QColor color;
    std::array<MetricTrace, static_cast<std::size_t>(Metric::Count)> metrics;
    Record last; // the last record received
    Record lastEvaluated; // the last evaluated record (final values once finished)
    bool hasEvaluated = false;
    // The learned steps and clips (Record::learned), one trace each, in the order of
    // Experiment::learnedNames() (the live snapshot's WeightSnapshot::learned names them).
    std::vector<MetricTrace> learned;
    // Their names, from the last live snapshot that had them (or a saved session).
    std::vector<QString> learnedNames;
    RunSummary summary; // status; filled when the run ends
    bool ended = false;
    std::vector<std::vector<Scalar>> trajectory; // Record::point per record (small models)
    std::vector<std::vector<Scalar>> latentTrajectory; // Record::latentPoint (ste/ptq)
    std::vector<std::int64_t> trajectorySteps; // the step of each trajectory point
    // A full trajectory drops every other point and from then on keeps every 2nd point
    // received (every 2^k-th after k halvings), so old and new parts are equally dense. The
    // newest point is always there: until the next one arrives, even one between kept points.
    std::size_t trajectoryStride = 1;
    std::size_t trajectoryReceived = 0;
    bool trajectoryTailProvisional = false, latentTailProvisional = false;
    // Grid changes made while paused: the step and the new grid's short name.
    struct GridChange {
        std::int64_t step = 0;
        QString description;
    };
    std::vector<GridChange> gridChanges;

    const MetricTrace& metric(Metric m) const { return metrics[static_cast<std::size_t>(m)]; }
};

class RunHistory {
public:
    // Points a metric trace holds before it halves (see MetricTrace): at least 32 points per
    // pixel column of a 2,000 px wide chart, 2 MB per trace.
    static constexpr std::size_t kTraceCapacity = std::size_t(1) << 17;
    // Points of a smoothed metric's means (MetricTrace::means): 1 MB per trace.
    static constexpr std::size_t kMeanCapacity = kTraceCapacity / 2;
    // Whether a metric keeps its means: the ones the Loss view smooths.
    static bool keepsMeans(Metric m)
    {
        return m == Metric::BatchLoss || m == Metric::TrainLoss || m == Metric::TrainAccuracy;
    }
    // Trajectory points (small models) a run holds before every other one is dropped.
    static constexpr std::size_t kTrajectoryCapacity = std::size_t(1) << 14;

    // Forgets everything and starts over with these runs (names in run order).
    void reset(const std::vector<QString>& names);
    // Forgets everything and shows these runs as they were kept (a saved session): a new
    // generation, no snapshot.
    void restore(std::vector<RunTrace> runs);
    void append(const std::vector<Record>& records);
    void setSummary(const RunSummary& summary);
    // The latest tensors/decision regions from the worker (replaces the previous one).
    void setSnapshot(LiveSnapshot snapshot);
    void setLossSurface(LossSurface surface);
    void markGridChange(int run, std::int64_t step, const QString& description);
    const LiveSnapshot& snapshot() const { return m_snapshot; }
    const LossSurface& lossSurface() const { return m_lossSurface; }
    // Increases whenever a new snapshot arrives (views that draw only snapshots use it).
    std::uint64_t snapshotRevision() const { return m_snapshotRevision; }

    int runCount() const { return static_cast<int>(m_runs.size()); }
    const RunTrace& run(int index) const { return m_runs[static_cast<std::size_t>(index)]; }
    // Increases with every change; views compare it with the revision they last drew.
    std::uint64_t revision() const { return m_revision; }
    // Increases with every reset(): a view rebuilds its series when it changes.
    std::uint64_t generation() const { return m_generation; }
    // The largest step any run has reported.
    std::int64_t lastStep() const { return m_lastStep; }

    static const char* metricName(Metric m);

private:
    std::vector<RunTrace> m_runs;
    std::uint64_t m_revision = 0;
    std::uint64_t m_generation = 0;
    std::int64_t m_lastStep = 0;
    LiveSnapshot m_snapshot;
    LossSurface m_lossSurface;
    std::uint64_t m_snapshotRevision = 0;
};

} // namespace bitlab::ui
