#include "app/cli/progress_observer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bitlab::cli {

ProgressObserver::ProgressObserver(Observer& next, int runs, std::int64_t stepsPerRun)
    : m_next(next), m_runs(runs), m_stepsPerRun(stepsPerRun),
      m_progress(std::make_unique<RunProgress[]>(static_cast<std::size_t>(runs))),
      m_start(std::chrono::steady_clock::now())
{
}

void ProgressObserver::onRecord(const Record& record)
{
    if (record.run >= 0 && record.run < m_runs) {
        RunProgress& p = m_progress[static_cast<std::size_t>(record.run)];
        p.step.store(record.step, std::memory_order_relaxed);
        const double loss = std::isfinite(record.batchLoss) ? record.batchLoss : record.trainLoss;
        if (std::isfinite(loss)) {
            p.loss.store(loss, std::memory_order_relaxed);
            p.hasLoss.store(true, std::memory_order_release);
        }
    }
    m_next.onRecord(record);
}

void ProgressObserver::onRunFinished(const RunSummary& summary)
{
    if (summary.run >= 0 && summary.run < m_runs) {
        RunProgress& p = m_progress[static_cast<std::size_t>(summary.run)];
        if (!p.done.exchange(true))
            m_runsDone.fetch_add(1);
        // A finished run counts as complete; a diverged or stopped one at the step it reached.
        p.step.store(summary.status == RunStatus::Finished ? m_stepsPerRun : summary.steps);
    }
    m_next.onRunFinished(summary);
}

std::string ProgressObserver::render() const
{
    std::int64_t steps = 0;
    double loss = NAN;
    for (int r = 0; r < m_runs; ++r) {
        const RunProgress& p = m_progress[static_cast<std::size_t>(r)];
        steps += p.step.load(std::memory_order_relaxed);
        if (std::isnan(loss) && !p.done.load() && p.hasLoss.load(std::memory_order_acquire))
            loss = p.loss.load(std::memory_order_relaxed);
    }
    const std::int64_t total = m_stepsPerRun * m_runs;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const double rate = elapsed > 0 ? static_cast<double>(steps) / elapsed : 0.0;

    char line[256];
    int n = std::snprintf(line, sizeof line, "runs %d/%d done  step %lld/%lld", m_runsDone.load(),
                          m_runs, static_cast<long long>(m_runs > 0 ? steps / m_runs : 0),
                          static_cast<long long>(m_stepsPerRun));
    std::string out(line, static_cast<std::size_t>(n));
    if (!std::isnan(loss)) {
        n = std::snprintf(line, sizeof line, "  loss %.4g", loss);
        out.append(line, static_cast<std::size_t>(n));
    }
    n = std::snprintf(line, sizeof line, "  %.0f steps/s", rate);
    out.append(line, static_cast<std::size_t>(n));
    if (rate > 0 && steps > 0)
        out += "  ETA " + formatDuration(static_cast<double>(total - steps) / rate);
    return out;
}

std::string formatDuration(double seconds)
{
    const long long s = std::llround(std::max(0.0, seconds));
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
    return text;
}

} // namespace bitlab::cli
