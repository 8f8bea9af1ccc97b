#include "core/engine/record_log.h"

#include <algorithm>

namespace bitlab {

void RecordLog::onRecord(const Record& record)
{
    std::lock_guard lock(m_mutex);
    m_records[record.run].push_back(record);
}

void RecordLog::onRunFinished(const RunSummary& summary)
{
    std::lock_guard lock(m_mutex);
    m_summaries[summary.run] = summary;
}

int RecordLog::runCount() const
{
    std::lock_guard lock(m_mutex);
    int n = 0;
    if (!m_records.empty())
        n = std::max(n, m_records.rbegin()->first + 1);
    if (!m_summaries.empty())
        n = std::max(n, m_summaries.rbegin()->first + 1);
    return n;
}

std::size_t RecordLog::recordCount() const
{
    std::lock_guard lock(m_mutex);
    std::size_t n = 0;
    for (const auto& [run, records] : m_records)
        n += records.size();
    return n;
}

std::vector<Record> RecordLog::records(int run) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_records.find(run);
    return it == m_records.end() ? std::vector<Record> {} : it->second;
}

std::vector<Record> RecordLog::evaluatedRecords(int run) const
{
    std::lock_guard lock(m_mutex);
    std::vector<Record> out;
    if (const auto it = m_records.find(run); it != m_records.end())
        std::copy_if(it->second.begin(), it->second.end(), std::back_inserter(out),
            [](const Record& r) { return r.evaluated; });
    return out;
}

std::vector<Record> RecordLog::allRecords() const
{
    std::lock_guard lock(m_mutex);
    std::vector<Record> out;
    for (const auto& [run, records] : m_records)
        out.insert(out.end(), records.begin(), records.end());
    return out;
}

std::optional<Record> RecordLog::lastRecord(int run) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_records.find(run);
    if (it == m_records.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::optional<RunSummary> RecordLog::summary(int run) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_summaries.find(run);
    if (it == m_summaries.end())
        return std::nullopt;
    return it->second;
}

std::vector<RunSummary> RecordLog::summaries() const
{
    std::lock_guard lock(m_mutex);
    std::vector<RunSummary> out;
    for (const auto& [run, summary] : m_summaries)
        out.push_back(summary);
    return out;
}

void RecordLog::clear()
{
    std::lock_guard lock(m_mutex);
    m_records.clear();
    m_summaries.clear();
}

} // namespace bitlab
