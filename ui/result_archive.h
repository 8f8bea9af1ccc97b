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
#include "ui/run_history.h"

#include <QColor>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <array>
#include <cstdint>
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

struct ArchivedResult {
    int number = 0; // #1, #2, ... in the order they finished
    QString title; // the experiment's title when it ran (preset title or file name)
    QDateTime finished;
    ExperimentSpec spec;
    std::vector<ArchivedRun> runs;
    std::uint64_t generation = 0; // RunHistory::generation() it came from
    bool saved = false; // exported (File ▸ Export) since it finished
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
    // An experiment already kept (same generation) is replaced by its newer state.
    void add(const QString& title, const ExperimentSpec& spec, const RunHistory& history);
    const std::vector<ArchivedResult>& entries() const { return m_entries; }
    // The entry numbered `number`, or nullptr.
    const ArchivedResult* find(int number) const;
    // The newest entry counts as saved (an export succeeded).
    void markNewestSaved();
    // Entries not exported.
    int unsavedCount() const;

signals:
    void changed();

private:
    std::vector<ArchivedResult> m_entries;
    int m_next = 1;
};

} // namespace bitlab::ui
