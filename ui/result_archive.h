#pragma once
// ResultArchive: the experiments finished in this session, kept when another one replaces
// them (issue 16, point 12), so an earlier result can be laid over the current Loss chart.
// Each entry keeps what that needs and no more: per run its name, colour, final values and,
// for the Loss view's metrics, its curve thinned to at most kCurvePoints points (min/max per
// column over the whole run, as the chart draws it) and its group means for smoothing
// (averaged down to kCurvePoints). At most kMaxEntries entries (the oldest go first): a few
// megabytes at most. Lives on the UI thread.

#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"
#include "core/engine/sweep.h"
#include "ui/run_history.h"

#include <QColor>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace bitlab::ui {

struct ArchivedRun {
    QString name;
    QColor color;
    // Indexed by Metric; filled for the Loss view's metrics (ResultArchive::kept()).
    std::array<QList<QPointF>, static_cast<std::size_t>(Metric::Count)> curves;
    std::array<QList<QPointF>, static_cast<std::size_t>(Metric::Count)> means;
    std::array<double, static_cast<std::size_t>(Metric::Count)> last {}; // NaN: none
    RunStatus status = RunStatus::Pending;
};

// A sweep as the Sweep tab shows it: what was swept, every configuration's result, and the
// texts around the chart. The Sweep tab's state, kept in the archive and in saved sessions.
struct SweepRecord {
    SweepPlan plan;
    std::vector<SweepResult> results;
    bool classification = false;
    bool hasTest = false;
    int bitsFrom = 1, bitsTo = 8;
    QString title; // the chart's title
    QString status; // the line under the controls when it ended
    QByteArray spec; // the experiment swept (its JSON)
    bool empty() const { return results.empty(); }
};

struct ArchivedResult {
    int number = 0; // #1, #2, ... in the order they finished
    QString title; // the experiment's title when it ran (preset title or file name)
    QDateTime finished;
    ExperimentSpec spec;
    QByteArray asRun; // the panel's experiment as it ran (ResultArchive::add)
    std::vector<ArchivedRun> runs;
    std::uint64_t generation = 0; // RunHistory::generation() it came from
    bool saved = false; // exported (File ▸ Export) or saved in a session since it finished
    std::optional<SweepRecord> sweep; // a sweep of this experiment (the Sweep tab's overlay)
    // "#2 · The classic example… · 14:32:05"
    QString label() const;
};

class ResultArchive : public QObject {
    Q_OBJECT
public:
    static constexpr int kCurvePoints = 2048;
    static constexpr int kMaxEntries = 50;

    using QObject::QObject;

    // The metrics an entry keeps (the Loss view's).
    static bool kept(Metric m);

    // Keeps the finished experiment in `history` (nothing when no run reported a value).
    // An experiment already kept (same generation) is replaced by its newer state (its
    // sweep stays).
    // `asRun` is the panel's experiment that ran (its JSON, before defaults were resolved):
    // a sweep of it joins this entry.
    void add(const QString& title, const ExperimentSpec& spec, const RunHistory& history,
        const QByteArray& asRun = {});
    // Keeps a finished sweep: with the newest entry when that is the experiment swept
    // (generation `generation` of the history, same experiment) and it has no sweep yet,
    // else as an entry of its own (no runs). Returns the entry's number.
    int addSweep(const QString& title, const ExperimentSpec& spec, const SweepRecord& sweep,
        std::uint64_t generation);
    // Replaces everything with entries read from a saved session; numbers continue after
    // the largest. Each counts as saved.
    void restore(std::vector<ArchivedResult> entries);
    const std::vector<ArchivedResult>& entries() const { return m_entries; }
    // The entry numbered `number`, or nullptr.
    const ArchivedResult* find(int number) const;
    // The newest entry counts as saved (an export succeeded).
    void markNewestSaved();
    // The entry numbered `number` holds the results now on screen (a session reopened).
    void setGeneration(int number, std::uint64_t generation);
    // Every entry counts as saved (the session was saved).
    void markAllSaved();
    // Entries not exported.
    int unsavedCount() const;

signals:
    void changed();

private:
    std::vector<ArchivedResult> m_entries;
    int m_next = 1;
};

} // namespace bitlab::ui
