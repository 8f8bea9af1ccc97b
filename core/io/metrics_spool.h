#pragma once
// MetricsSpool: an append-only store of the metrics.csv fields of every record of an
// experiment, with a bounded memory footprint however long the experiment runs.
//
// Use it where records arrive for as long as the user trains and metrics.csv must still be
// written at the end (the GUI's training worker: up to 10^5 records a second). Each run has
// an in-memory buffer of `bufferRows` MetricsRow (96 bytes each); a full buffer is written
// in one piece to that run's anonymous temporary file (std::tmpfile(): /tmp on glibc, no
// name, removed by the system when the spool closes it or the process ends, even when
// killed). Memory: O(runs x bufferRows x 96 bytes) (memoryBytes()); disk: 96 bytes a
// record (diskBytes()). Appending copies one row into the buffer: no formatting, no
// allocation except the run's buffer on its first record.
//
// A record's learned steps and clips (Record::learned) go beside its row: the row keeps their
// count, the values go to the run's second buffer and temporary file in append order
// (8 bytes a value; none for a run that learns nothing).
//
// forEachChunk() hands the rows back in metrics.csv order: runs by index, each run's rows
// by step, records with equal steps in the order they were appended (a stable sort). A
// run's records normally arrive in step order and are streamed back from its file in
// chunks; a run whose steps ever went backwards is read back whole and stable-sorted in
// memory then (its size x 96 bytes, for the duration of the call).
//
// Not thread-safe: one thread appends and exports (the worker's). Errors of the temporary
// files (disk full, file size limit, I/O error) throw bitlab::Error with the system's
// reason; after a failed spill the spool is incomplete, and every later append and
// forEachChunk() throws the same Error (a metrics.csv written from it would lack rows).

#include "core/engine/record.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace bitlab::io {

// The metrics.csv fields of a Record (everything but run, point and latentPoint), as plain
// bytes with no padding: rows go to the temporary files as they are in memory.
struct MetricsRow {
    std::int64_t step = 0;
    std::int64_t epoch = 0;
    std::int64_t flips = 0;
    Scalar batchLoss = kNaN;
    Scalar trainLoss = kNaN;
    Scalar testLoss = kNaN;
    Scalar trainAccuracy = kNaN;
    Scalar testAccuracy = kNaN;
    Scalar gradNorm = kNaN;
    Scalar quantError = kNaN;
    Scalar lr = kNaN;
    std::uint32_t evaluated = 0; // 1 when Record::evaluated
    std::uint32_t learned = 0; // how many values Record::learned has (kept beside the row)

    static MetricsRow of(const Record& record);
};
static_assert(std::is_trivially_copyable_v<MetricsRow>);
static_assert(sizeof(MetricsRow) == 3 * 8 + 8 * sizeof(Scalar) + 2 * 4, "no padding in MetricsRow");

class MetricsSpool {
public:
    static constexpr std::size_t kDefaultBufferRows = 4096;

    // bufferRows >= 1: rows kept in memory per run before they go to its temporary file.
    explicit MetricsSpool(std::size_t bufferRows = kDefaultBufferRows);
    ~MetricsSpool();
    MetricsSpool(const MetricsSpool&) = delete;
    MetricsSpool& operator=(const MetricsSpool&) = delete;

    // Appends the metrics.csv fields of `record` to run record.run's rows (any int run).
    // Throws Error when a full buffer cannot be written to its temporary file.
    void append(const Record& record);
    void append(const std::vector<Record>& records);

    // Forgets every row, closes (and so deletes) the temporary files, frees the buffers and
    // clears a spill failure: the spool is as new (for a new experiment).
    void clear();

    std::int64_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    std::size_t bufferRows() const { return m_bufferRows; }
    // Why a spill failed (the Error's message); empty while the spool is complete.
    const std::string& failure() const { return m_failure; }
    // Bytes the spool holds in memory (buffers, per-run bookkeeping, the object itself).
    std::size_t memoryBytes() const;
    // Bytes in the temporary files.
    std::size_t diskBytes() const;

    // Calls visit(run, rows, count, learned) with every row in metrics.csv order (see above),
    // in chunks of at most bufferRows rows; count >= 1; `learned` holds the rows' learned
    // values one after the other (rows[i].learned of them for row i). Throws Error when a
    // temporary file cannot be read, or the spool is incomplete after a failed spill;
    // exceptions of `visit` pass through.
    using ChunkVisitor = std::function<void(
        int run, const MetricsRow* rows, std::size_t count, const Scalar* learned)>;
    void forEachChunk(const ChunkVisitor& visit) const;

private:
    struct FileCloser {
        void operator()(std::FILE* file) const;
    };
    struct Run {
        std::unique_ptr<std::FILE, FileCloser> file; // created at the first spill
        std::int64_t spilled = 0; // rows in the file
        std::vector<MetricsRow> buffer; // capacity bufferRows once the run has a row
        // The learned values of the buffered rows, and of the spilled ones in their own file.
        std::vector<Scalar> learned;
        std::unique_ptr<std::FILE, FileCloser> learnedFile;
        std::int64_t learnedSpilled = 0; // values in learnedFile
        std::int64_t lastStep = std::numeric_limits<std::int64_t>::min();
        bool ordered = true; // steps never went backwards
    };
    Run& run(int index);
    void spill(Run& run);
    void openFile(std::unique_ptr<std::FILE, FileCloser>& file);
    void readBack(const Run& run, std::int64_t first, MetricsRow* rows, std::size_t count) const;
    void readLearned(const Run& run, std::int64_t first, Scalar* values, std::size_t count) const;
    void checkComplete() const;

    std::size_t m_bufferRows;
    std::map<int, Run> m_runs;
    int m_lastIndex = 0;
    Run* m_last = nullptr; // m_runs[m_lastIndex], saves the lookup for runs of records
    std::int64_t m_size = 0;
    std::string m_failure; // why a spill failed; empty while the spool is complete
};

} // namespace bitlab::io
