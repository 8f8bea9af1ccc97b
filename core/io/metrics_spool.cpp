#include "core/io/metrics_spool.h"

#include "core/common/error.h"

#include <algorithm>
#include <cerrno>
#include <system_error>

#if !defined(_WIN32)
#include <sys/types.h>
#endif

namespace bitlab::io {

namespace {

std::string systemReason(int error)
{
    return error ? std::generic_category().message(error) : std::string("unknown error");
}

// fseek takes a long, which is 32 bits on Windows: a run's file may pass 2 GiB.
bool seekTo(std::FILE* file, std::int64_t byte)
{
#if defined(_WIN32)
    return _fseeki64(file, byte, SEEK_SET) == 0;
#else
    return fseeko(file, static_cast<off_t>(byte), SEEK_SET) == 0;
#endif
}

constexpr auto kRowBytes = static_cast<std::int64_t>(sizeof(MetricsRow));
constexpr auto kValueBytes = static_cast<std::int64_t>(sizeof(Scalar));

// The learned values of rows[0 .. count).
std::size_t learnedOf(const MetricsRow* rows, std::size_t count)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < count; ++i)
        n += rows[i].learned;
    return n;
}

} // namespace

MetricsRow MetricsRow::of(const Record& record)
{
    MetricsRow row;
    row.step = record.step;
    row.epoch = record.epoch;
    row.flips = record.flips;
    row.batchLoss = record.batchLoss;
    row.trainLoss = record.trainLoss;
    row.testLoss = record.testLoss;
    row.trainAccuracy = record.trainAccuracy;
    row.testAccuracy = record.testAccuracy;
    row.gradNorm = record.gradNorm;
    row.quantError = record.quantError;
    row.lr = record.lr;
    row.evaluated = record.evaluated ? 1 : 0;
    row.learned = static_cast<std::uint32_t>(record.learned.size());
    return row;
}

void MetricsSpool::FileCloser::operator()(std::FILE* file) const
{
    std::fclose(file); // a tmpfile() is deleted when closed
}

MetricsSpool::MetricsSpool(std::size_t bufferRows)
    : m_bufferRows(std::max<std::size_t>(1, bufferRows))
{
}

MetricsSpool::~MetricsSpool() = default;

MetricsSpool::Run& MetricsSpool::run(int index)
{
    if (m_last && index == m_lastIndex)
        return *m_last;
    m_last = &m_runs[index]; // map nodes never move
    m_lastIndex = index;
    return *m_last;
}

void MetricsSpool::append(const Record& record)
{
    if (!m_failure.empty())
        throw Error(m_failure);
    Run& r = run(record.run);
    if (r.buffer.capacity() < m_bufferRows)
        r.buffer.reserve(m_bufferRows);
    if (record.step < r.lastStep)
        r.ordered = false;
    r.lastStep = record.step;
    r.buffer.push_back(MetricsRow::of(record));
    r.learned.insert(r.learned.end(), record.learned.begin(), record.learned.end());
    ++m_size;
    if (r.buffer.size() >= m_bufferRows)
        spill(r);
}

void MetricsSpool::append(const std::vector<Record>& records)
{
    for (const Record& record : records)
        append(record);
}

void MetricsSpool::openFile(std::unique_ptr<std::FILE, FileCloser>& file)
{
    if (file)
        return;
    errno = 0;
    file.reset(std::tmpfile());
    if (!file) {
        m_failure = "cannot keep the metrics log: no temporary file could be created in the "
                    "system's temporary folder ("
            + systemReason(errno) + ")";
        throw Error(m_failure);
    }
    // Rows go out a whole buffer at a time: a stdio buffer would only add a copy.
    std::setvbuf(file.get(), nullptr, _IONBF, 0);
}

void MetricsSpool::spill(Run& r)
{
    openFile(r.file);
    const std::size_t n = r.buffer.size();
    errno = 0;
    // Seeking (rather than relying on the position) also separates a read from this write,
    // as C requires of an update stream.
    const bool ok = seekTo(r.file.get(), r.spilled * kRowBytes)
        && std::fwrite(r.buffer.data(), sizeof(MetricsRow), n, r.file.get()) == n;
    if (!ok) {
        m_failure = "cannot keep the metrics log: writing " + std::to_string(n)
            + " rows to its temporary file failed (" + systemReason(errno)
            + "); free space in the system's temporary folder and run the experiment again";
        throw Error(m_failure);
    }
    r.spilled += static_cast<std::int64_t>(n);
    r.buffer.clear(); // keeps the capacity
    if (r.learned.empty())
        return;
    openFile(r.learnedFile);
    const std::size_t values = r.learned.size();
    errno = 0;
    const bool learnedOk = seekTo(r.learnedFile.get(), r.learnedSpilled * kValueBytes)
        && std::fwrite(r.learned.data(), sizeof(Scalar), values, r.learnedFile.get()) == values;
    if (!learnedOk) {
        m_failure = "cannot keep the metrics log: writing " + std::to_string(values)
            + " learned values to its temporary file failed (" + systemReason(errno)
            + "); free space in the system's temporary folder and run the experiment again";
        throw Error(m_failure);
    }
    r.learnedSpilled += static_cast<std::int64_t>(values);
    r.learned.clear();
}

void MetricsSpool::readLearned(
    const Run& r, std::int64_t first, Scalar* values, std::size_t count) const
{
    if (count == 0)
        return;
    std::FILE* file = r.learnedFile.get();
    errno = 0;
    if (!file || !seekTo(file, first * kValueBytes))
        throw Error("cannot read the metrics log back from its temporary file: seeking failed ("
            + systemReason(errno) + ")");
    const std::size_t got = std::fread(values, sizeof(Scalar), count, file);
    if (got != count) {
        const std::string reason = std::ferror(file) ? systemReason(errno) : "it ended early";
        std::clearerr(file);
        throw Error("cannot read the metrics log back from its temporary file: " + reason);
    }
}

void MetricsSpool::readBack(
    const Run& r, std::int64_t first, MetricsRow* rows, std::size_t count) const
{
    std::FILE* file = r.file.get();
    errno = 0;
    if (!file || !seekTo(file, first * kRowBytes))
        throw Error("cannot read the metrics log back from its temporary file: seeking failed ("
            + systemReason(errno) + ")");
    const std::size_t got = std::fread(rows, sizeof(MetricsRow), count, file);
    if (got != count) {
        const std::string reason = std::ferror(file) ? systemReason(errno) : "it ended early";
        std::clearerr(file);
        throw Error("cannot read the metrics log back from its temporary file: " + reason);
    }
}

void MetricsSpool::checkComplete() const
{
    if (!m_failure.empty())
        throw Error(m_failure);
}

void MetricsSpool::clear()
{
    m_runs.clear();
    m_last = nullptr;
    m_lastIndex = 0;
    m_size = 0;
    m_failure.clear();
}

std::size_t MetricsSpool::memoryBytes() const
{
    // A map node: the value plus the tree's three links and colour.
    constexpr std::size_t kNode = sizeof(std::pair<const int, Run>) + 4 * sizeof(void*);
    std::size_t bytes = sizeof(*this) + m_failure.capacity();
    for (const auto& [index, r] : m_runs) {
        bytes += kNode + r.buffer.capacity() * sizeof(MetricsRow)
            + r.learned.capacity() * sizeof(Scalar);
        if (r.file)
            bytes += sizeof(std::FILE); // unbuffered: no stdio buffer
        if (r.learnedFile)
            bytes += sizeof(std::FILE);
    }
    return bytes;
}

std::size_t MetricsSpool::diskBytes() const
{
    std::size_t bytes = 0;
    for (const auto& [index, r] : m_runs)
        bytes += static_cast<std::size_t>(r.spilled) * sizeof(MetricsRow)
            + static_cast<std::size_t>(r.learnedSpilled) * sizeof(Scalar);
    return bytes;
}

void MetricsSpool::forEachChunk(const ChunkVisitor& visit) const
{
    checkComplete();
    std::vector<MetricsRow> chunk;
    std::vector<Scalar> learned;
    for (const auto& [index, r] : m_runs) {
        if (r.ordered) {
            // Stream the file back in buffer-sized chunks, then the rows still in memory.
            chunk.resize(static_cast<std::size_t>(
                std::min<std::int64_t>(r.spilled, static_cast<std::int64_t>(m_bufferRows))));
            std::int64_t value = 0; // the learned values read so far
            for (std::int64_t first = 0; first < r.spilled;) {
                const auto n = static_cast<std::size_t>(std::min<std::int64_t>(
                    r.spilled - first, static_cast<std::int64_t>(m_bufferRows)));
                readBack(r, first, chunk.data(), n);
                learned.resize(learnedOf(chunk.data(), n));
                readLearned(r, value, learned.data(), learned.size());
                visit(index, chunk.data(), n, learned.data());
                first += static_cast<std::int64_t>(n);
                value += static_cast<std::int64_t>(learned.size());
            }
            if (!r.buffer.empty())
                visit(index, r.buffer.data(), r.buffer.size(), r.learned.data());
            continue;
        }
        // Steps went backwards: the whole run, stable-sorted by step as metricsCsv does, each
        // row with its learned values.
        std::vector<MetricsRow> all(static_cast<std::size_t>(r.spilled) + r.buffer.size());
        if (r.spilled > 0)
            readBack(r, 0, all.data(), static_cast<std::size_t>(r.spilled));
        std::copy(r.buffer.begin(), r.buffer.end(), all.begin() + r.spilled);
        std::vector<Scalar> values(static_cast<std::size_t>(r.learnedSpilled) + r.learned.size());
        readLearned(r, 0, values.data(), static_cast<std::size_t>(r.learnedSpilled));
        std::copy(r.learned.begin(), r.learned.end(), values.begin() + r.learnedSpilled);
        std::vector<std::size_t> offset(all.size()), order(all.size());
        for (std::size_t i = 0, at = 0; i < all.size(); at += all[i].learned, ++i) {
            offset[i] = at;
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(),
            [&all](std::size_t a, std::size_t b) { return all[a].step < all[b].step; });
        for (std::size_t first = 0; first < all.size(); first += m_bufferRows) {
            const std::size_t n = std::min(m_bufferRows, all.size() - first);
            chunk.clear();
            learned.clear();
            for (std::size_t i = first; i < first + n; ++i) {
                const MetricsRow& row = all[order[i]];
                chunk.push_back(row);
                const auto from = values.begin() + static_cast<std::ptrdiff_t>(offset[order[i]]);
                learned.insert(learned.end(), from, from + row.learned);
            }
            visit(index, chunk.data(), n, learned.data());
        }
    }
}

} // namespace bitlab::io
