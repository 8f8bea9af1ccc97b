#pragma once
// RecordLog: an Observer that keeps every record and every run's final summary in memory.
//
// Use it wherever all of an experiment's numbers are wanted at the end (bitlab-cli writes
// metrics.csv and summary.json from it; tests compare runs record by record). It is
// thread-safe: runs report from their worker threads, and the accessors return copies
// taken under the same lock. Records of one run are kept in the order they arrived, which
// is step order.

#include "core/engine/observer.h"

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace bitlab {

class RecordLog : public Observer {
public:
    void onRecord(const Record& record) override;
    void onRunFinished(const RunSummary& summary) override;

    // Runs seen so far (highest run index + 1).
    int runCount() const;
    std::size_t recordCount() const;
    // The records of one run, in step order (empty for a run that reported nothing).
    std::vector<Record> records(int run) const;
    // Only the evaluated records of one run.
    std::vector<Record> evaluatedRecords(int run) const;
    // Every record, run by run, each run in step order.
    std::vector<Record> allRecords() const;
    // The last record of a run, if any.
    std::optional<Record> lastRecord(int run) const;
    // The summary a run reported when it ended; nullopt while it has not ended.
    std::optional<RunSummary> summary(int run) const;
    // Every reported summary, ordered by run.
    std::vector<RunSummary> summaries() const;
    void clear();

private:
    mutable std::mutex m_mutex;
    std::map<int, std::vector<Record>> m_records;
    std::map<int, RunSummary> m_summaries;
};

} // namespace bitlab
