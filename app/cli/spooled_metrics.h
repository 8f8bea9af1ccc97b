#pragma once
// SpooledMetrics: the Observer that keeps bitlab-cli's records for metrics.csv in an
// io::MetricsSpool: memory stays bounded however long the experiment trains
// (about 384 KiB per run; the rows go to anonymous temporary files, 96 bytes a record),
// and metrics.csv is streamed from it byte for byte as from the records themselves.
// Thread-safe: the runs report from their worker threads, one lock around the spool.
// A temporary file that cannot grow (disk full, file size limit) is remembered: failed()
// turns true, the training should stop, and writing metrics.csv throws that reason.

#include "core/engine/observer.h"
#include "core/io/metrics_spool.h"

#include <atomic>
#include <mutex>
#include <string>

namespace bitlab::cli {

class SpooledMetrics : public Observer {
public:
    void onRecord(const Record& record) override;

    bool failed() const { return m_failed.load(); }
    std::string failure() const;
    // Only once training has ended (no more records arrive).
    const io::MetricsSpool& spool() const { return m_spool; }

private:
    mutable std::mutex m_mutex;
    io::MetricsSpool m_spool;
    std::atomic<bool> m_failed { false };
};

} // namespace bitlab::cli
