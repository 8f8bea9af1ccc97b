#include "ui/result_archive.h"

#include "core/io/experiment_json.h"
#include "ui/charts/min_max_decimator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

namespace {

// The group means averaged down to at most `limit` points (neighbours merged in equal runs).
QList<QPointF> thinMeans(const std::vector<double>& x, const std::vector<double>& y, int limit)
{
    QList<QPointF> out;
    const std::size_t n = std::min(x.size(), y.size());
    if (n == 0)
        return out;
    const std::size_t group
        = (n + static_cast<std::size_t>(limit) - 1) / static_cast<std::size_t>(limit);
    for (std::size_t i = 0; i < n; i += group) {
        double sx = 0, sy = 0;
        std::size_t k = 0;
        for (std::size_t j = i; j < std::min(n, i + group); ++j, ++k) {
            sx += x[j];
            sy += y[j];
        }
        out.append(QPointF(sx / static_cast<double>(k), sy / static_cast<double>(k)));
    }
    return out;
}

} // namespace

QString ArchivedResult::label() const
{
    QString t = title.isEmpty() ? QObject::tr("experiment") : title;
    if (t.size() > 48)
        t = t.left(47) + QStringLiteral("…");
    return QStringLiteral("#%1 · %2 · %3")
        .arg(number)
        .arg(t, finished.time().toString(QStringLiteral("HH:mm:ss")));
}

bool ResultArchive::kept(Metric m)
{
    return m == Metric::BatchLoss || m == Metric::TrainLoss || m == Metric::TestLoss
        || m == Metric::TrainAccuracy || m == Metric::TestAccuracy;
}

void ResultArchive::add(const QString& title, const ExperimentSpec& spec, const RunHistory& history,
    const QByteArray& asRun)
{
    ArchivedResult entry;
    entry.title = title;
    entry.asRun = asRun;
    entry.finished = QDateTime::currentDateTime();
    entry.spec = spec;
    entry.generation = history.generation();
    bool any = false;
    for (int r = 0; r < history.runCount(); ++r) {
        const RunTrace& t = history.run(r);
        ArchivedRun run;
        run.name = t.name;
        run.color = t.color;
        run.status = t.ended ? t.summary.status : RunStatus::Stopped;
        run.last.fill(std::numeric_limits<double>::quiet_NaN());
        for (int m = 0; m < static_cast<int>(Metric::Count); ++m) {
            const auto metric = static_cast<Metric>(m);
            if (!kept(metric))
                continue;
            const MetricTrace& trace = t.metric(metric);
            if (trace.empty())
                continue;
            any = true;
            const auto i = static_cast<std::size_t>(m);
            run.last[i] = trace.latestValue;
            // The whole run, with its newest value (the open group's is only in latest*).
            std::vector<double> xs = trace.steps, ys = trace.values;
            if (xs.empty() || xs.back() < trace.latestStep) {
                xs.push_back(trace.latestStep);
                ys.push_back(trace.latestValue);
            }
            run.curves[i] = MinMaxDecimator::decimate(xs.data(), ys.data(), xs.size(), xs.front(),
                std::max(xs.back(), xs.front() + 1.0), kCurvePoints / 2);
            if (RunHistory::keepsMeans(metric))
                run.means[i] = thinMeans(trace.meanSteps, trace.means, kCurvePoints);
        }
        entry.runs.push_back(std::move(run));
    }
    if (!any)
        return;
    auto same = std::find_if(m_entries.begin(), m_entries.end(),
        [&](const ArchivedResult& e) { return e.generation == entry.generation; });
    if (same != m_entries.end()) {
        entry.number = same->number; // a stopped experiment resumed and finished later
        entry.sweep = std::move(same->sweep);
        *same = std::move(entry);
    } else {
        entry.number = m_next++;
        m_entries.push_back(std::move(entry));
        if (static_cast<int>(m_entries.size()) > kMaxEntries)
            m_entries.erase(m_entries.begin());
    }
    emit changed();
}

int ResultArchive::addSweep(const QString& title, const ExperimentSpec& spec,
    const SweepRecord& sweep, std::uint64_t generation)
{
    if (!m_entries.empty()) {
        ArchivedResult& newest = m_entries.back();
        if (!newest.sweep && newest.generation == generation && !newest.runs.empty()
            && (newest.asRun == sweep.spec || io::experimentToBytes(newest.spec) == sweep.spec)) {
            newest.sweep = sweep;
            newest.saved = false;
            emit changed();
            return newest.number;
        }
    }
    ArchivedResult entry;
    entry.title = title;
    entry.finished = QDateTime::currentDateTime();
    entry.spec = spec;
    entry.generation = 0; // no runs: never the history on screen
    entry.sweep = sweep;
    entry.number = m_next++;
    m_entries.push_back(std::move(entry));
    if (static_cast<int>(m_entries.size()) > kMaxEntries)
        m_entries.erase(m_entries.begin());
    emit changed();
    return m_entries.back().number;
}

void ResultArchive::restore(std::vector<ArchivedResult> entries)
{
    m_entries = std::move(entries);
    if (static_cast<int>(m_entries.size()) > kMaxEntries)
        m_entries.erase(m_entries.begin(), m_entries.end() - kMaxEntries);
    m_next = 1;
    for (ArchivedResult& e : m_entries) {
        e.saved = true;
        e.generation = 0; // none is on screen until setGeneration() says so
        m_next = std::max(m_next, e.number + 1);
    }
    emit changed();
}

void ResultArchive::setGeneration(int number, std::uint64_t generation)
{
    for (ArchivedResult& e : m_entries)
        if (e.number == number)
            e.generation = generation;
    emit changed();
}

void ResultArchive::markAllSaved()
{
    for (ArchivedResult& e : m_entries)
        e.saved = true;
    emit changed();
}

const ArchivedResult* ResultArchive::find(int number) const
{
    for (const ArchivedResult& e : m_entries)
        if (e.number == number)
            return &e;
    return nullptr;
}

void ResultArchive::markNewestSaved()
{
    if (m_entries.empty())
        return;
    m_entries.back().saved = true;
    emit changed();
}

int ResultArchive::unsavedCount() const
{
    return static_cast<int>(std::count_if(
        m_entries.begin(), m_entries.end(), [](const ArchivedResult& e) { return !e.saved; }));
}

} // namespace bitlab::ui
