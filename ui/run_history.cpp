#include "ui/run_history.h"

#include "ui/run_palette.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace bitlab::ui {

namespace {

// Halves a full trace: every group of 4 points becomes its lowest and highest point, in step
// order (one point when they are the same); the last n % 4 points stay as they are.
void compact(MetricTrace& trace)
{
    const std::size_t n = trace.size();
    std::size_t out = 0;
    std::size_t i = 0;
    auto keep = [&](std::size_t k) {
        trace.steps[out] = trace.steps[k];
        trace.values[out] = trace.values[k];
        ++out;
    };
    for (; i + 4 <= n; i += 4) {
        std::size_t lo = i, hi = i;
        for (std::size_t k = i + 1; k < i + 4; ++k) {
            if (trace.values[k] < trace.values[lo])
                lo = k;
            if (trace.values[k] > trace.values[hi])
                hi = k;
        }
        keep(std::min(lo, hi));
        if (lo != hi)
            keep(std::max(lo, hi));
    }
    for (; i < n; ++i)
        keep(i);
    trace.steps.resize(out);
    trace.values.resize(out);
    ++trace.compactions;
}

void push(MetricTrace& trace, double step, double value)
{
    if (trace.size() >= RunHistory::kTraceCapacity) {
        compact(trace);
        // What a kept point pair stands for now: 4 values after the first halving, twice
        // as many after each further one.
        trace.groupSize = trace.groupSize == 1 ? 4 : 2 * trace.groupSize;
    }
    trace.steps.push_back(step);
    trace.values.push_back(value);
}

// Adds the open group's lowest and highest value, and with `latest` its newest value too,
// in step order (a value that is two of them goes in once).
void closeGroup(MetricTrace& trace, bool latest)
{
    if (trace.groupCount == 0)
        return;
    trace.groupCount = 0;
    std::array<std::pair<double, double>, 3> points { { { trace.lowStep, trace.low },
        { trace.highStep, trace.high }, { trace.latestStep, trace.latestValue } } };
    const std::size_t n = latest ? 3 : 2;
    std::sort(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(n));
    for (std::size_t i = 0; i < n; ++i)
        if (i == 0 || points[i].first != points[i - 1].first)
            push(trace, points[i].first, points[i].second);
}

// Closes the open mean group (also a partial one, at the end of a run).
void closeMeanGroup(MetricTrace& trace)
{
    if (trace.meanGroupCount == 0)
        return;
    const double n = static_cast<double>(trace.meanGroupCount);
    trace.meanSteps.push_back(trace.meanStepSum / n);
    trace.means.push_back(trace.meanSum / n);
    trace.meanGroupCount = 0;
    trace.meanStepSum = trace.meanSum = 0.0;
    if (trace.means.size() < RunHistory::kMeanCapacity)
        return;
    // Full: neighbouring means are averaged (an odd last one stays), the groups double.
    std::size_t out = 0;
    for (std::size_t i = 0; i < trace.means.size(); i += 2, ++out) {
        const bool pair = i + 1 < trace.means.size();
        trace.meanSteps[out]
            = pair ? 0.5 * (trace.meanSteps[i] + trace.meanSteps[i + 1]) : trace.meanSteps[i];
        trace.means[out] = pair ? 0.5 * (trace.means[i] + trace.means[i + 1]) : trace.means[i];
    }
    trace.meanSteps.resize(out);
    trace.means.resize(out);
    trace.meanGroupSize *= 2;
    ++trace.meanCompactions;
}

void addMean(MetricTrace& trace, double step, double value)
{
    if (trace.means.capacity() == 0) {
        trace.meanSteps.reserve(1024);
        trace.means.reserve(1024);
    }
    trace.meanStepSum += step;
    trace.meanSum += value;
    if (++trace.meanGroupCount == trace.meanGroupSize)
        closeMeanGroup(trace);
}

void add(MetricTrace& trace, std::int64_t step, double value, bool withMeans)
{
    if (!std::isfinite(value))
        return;
    if (trace.steps.capacity() == 0) {
        trace.steps.reserve(1024);
        trace.values.reserve(1024);
    }
    const double s = static_cast<double>(step);
    trace.latestStep = s;
    trace.latestValue = value;
    if (withMeans)
        addMean(trace, s, value);
    if (trace.groupSize == 1) {
        const std::uint32_t before = trace.compactions;
        push(trace, s, value);
        if (trace.compactions == before)
            return;
        // That push halved the trace: the value just added opens the first group.
        trace.steps.pop_back();
        trace.values.pop_back();
    }
    if (trace.groupCount == 0) {
        trace.lowStep = trace.highStep = s;
        trace.low = trace.high = value;
    } else if (value < trace.low) {
        trace.lowStep = s;
        trace.low = value;
    } else if (value > trace.high) {
        trace.highStep = s;
        trace.high = value;
    }
    if (++trace.groupCount == trace.groupSize)
        closeGroup(trace, false);
}

// Keeps every other element (indices 0, 2, 4, ...).
template <typename T> void dropEveryOther(std::vector<T>& v)
{
    std::size_t out = 0;
    for (std::size_t i = 0; i < v.size(); i += 2, ++out)
        if (out != i) // a vector moved onto itself would be left empty
            v[out] = std::move(v[i]);
    v.resize(out);
}

} // namespace

void RunHistory::reset(const std::vector<QString>& names)
{
    m_runs.clear();
    m_runs.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        m_runs[i].name = names[i];
        m_runs[i].color = RunPalette::color(static_cast<int>(i));
        m_runs[i].summary.run = static_cast<int>(i);
        m_runs[i].summary.name = names[i].toStdString();
    }
    m_lastStep = 0;
    m_snapshot = LiveSnapshot {};
    m_lossSurface = LossSurface {};
    ++m_snapshotRevision;
    ++m_revision;
    ++m_generation;
}

void RunHistory::restore(std::vector<RunTrace> runs)
{
    reset({});
    m_runs = std::move(runs);
    for (const RunTrace& t : m_runs)
        for (const MetricTrace& m : t.metrics)
            if (!m.empty())
                m_lastStep = std::max(m_lastStep, static_cast<std::int64_t>(m.latestStep));
}

void RunHistory::append(const std::vector<Record>& records)
{
    for (const Record& r : records) {
        if (r.run < 0 || r.run >= runCount())
            continue;
        RunTrace& t = m_runs[static_cast<std::size_t>(r.run)];
        auto& m = t.metrics;
        auto put = [&](Metric metric, double value) {
            add(m[static_cast<std::size_t>(metric)], r.step, value, keepsMeans(metric));
        };
        put(Metric::BatchLoss, r.batchLoss);
        put(Metric::TrainLoss, r.trainLoss);
        put(Metric::TestLoss, r.testLoss);
        put(Metric::TrainAccuracy, r.trainAccuracy);
        put(Metric::TestAccuracy, r.testAccuracy);
        put(Metric::GradNorm, r.gradNorm);
        put(Metric::QuantError, r.quantError);
        put(Metric::Flips, static_cast<double>(r.flips));
        put(Metric::LearningRate, r.lr);
        if (t.learned.size() < r.learned.size())
            t.learned.resize(r.learned.size());
        for (std::size_t k = 0; k < r.learned.size(); ++k)
            add(t.learned[k], r.step, r.learned[k], false);
        if (!r.point.empty() || !r.latentPoint.empty()) {
            // The previous newest point goes if it fell between kept points.
            if (t.trajectoryTailProvisional) {
                t.trajectory.pop_back();
                t.trajectorySteps.pop_back();
            }
            if (t.latentTailProvisional)
                t.latentTrajectory.pop_back();
            if (t.trajectory.size() >= kTrajectoryCapacity) {
                dropEveryOther(t.trajectory);
                dropEveryOther(t.trajectorySteps);
                dropEveryOther(t.latentTrajectory);
                t.trajectoryStride *= 2;
            }
            // Kept points are the 1st, (1 + stride)th, ... received: the ones every halving keeps.
            const bool kept = t.trajectoryReceived++ % t.trajectoryStride == 0;
            t.trajectoryTailProvisional = !r.point.empty() && !kept;
            t.latentTailProvisional = !r.latentPoint.empty() && !kept;
            if (!r.point.empty()) {
                t.trajectory.push_back(r.point);
                t.trajectorySteps.push_back(r.step);
            }
            if (!r.latentPoint.empty())
                t.latentTrajectory.push_back(r.latentPoint);
        }
        t.last = r;
        t.last.point.clear();
        t.last.latentPoint.clear();
        t.last.learned.clear();
        if (r.evaluated) {
            t.lastEvaluated = t.last;
            t.hasEvaluated = true;
        }
        if (r.step > m_lastStep)
            m_lastStep = r.step;
    }
    if (!records.empty())
        ++m_revision;
}

void RunHistory::setSummary(const RunSummary& summary)
{
    if (summary.run < 0 || summary.run >= runCount())
        return;
    RunTrace& t = m_runs[static_cast<std::size_t>(summary.run)];
    t.summary = summary;
    t.ended = true;
    for (MetricTrace& m : t.metrics) {
        closeGroup(m, true); // the curves end on the run's final values
        closeMeanGroup(m);
    }
    ++m_revision;
}

void RunHistory::setSnapshot(LiveSnapshot snapshot)
{
    m_snapshot = std::move(snapshot);
    // The learned parameters' names, kept with their traces (a saved session reopens them
    // without a snapshot).
    for (std::size_t r = 0; r < m_runs.size() && r < m_snapshot.weights.size(); ++r) {
        const auto& learned = m_snapshot.weights[r].learned;
        if (learned.empty())
            continue;
        auto& names = m_runs[r].learnedNames;
        names.clear();
        for (const LearnedValue& v : learned)
            names.push_back(QString::fromStdString(v.name));
    }
    ++m_snapshotRevision;
    ++m_revision;
}

void RunHistory::setLossSurface(LossSurface surface)
{
    m_lossSurface = std::move(surface);
    ++m_revision;
}

void RunHistory::markGridChange(int run, std::int64_t step, const QString& description)
{
    if (run < 0 || run >= runCount())
        return;
    m_runs[static_cast<std::size_t>(run)].gridChanges.push_back({ step, description });
    ++m_revision;
}

const char* RunHistory::metricName(Metric m)
{
    switch (m) {
    case Metric::BatchLoss:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "batch loss");
    case Metric::TrainLoss:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "train loss");
    case Metric::TestLoss:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "test loss");
    case Metric::TrainAccuracy:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "train accuracy");
    case Metric::TestAccuracy:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "test accuracy");
    case Metric::GradNorm:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "gradient norm");
    case Metric::QuantError:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "quantization error");
    case Metric::Flips:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "level flips");
    case Metric::LearningRate:
        return QT_TRANSLATE_NOOP("bitlab::ui::RunHistory", "learning rate");
    case Metric::Count:
        break;
    }
    return "?";
}

} // namespace bitlab::ui
