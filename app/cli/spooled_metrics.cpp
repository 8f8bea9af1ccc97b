#include "app/cli/spooled_metrics.h"

#include "core/common/error.h"

namespace bitlab::cli {

void SpooledMetrics::onRecord(const Record& record)
{
    std::lock_guard lock(m_mutex);
    if (m_failed.load())
        return;
    try {
        m_spool.append(record);
    } catch (const Error&) {
        m_failed = true; // the spool keeps the reason
    }
}

std::string SpooledMetrics::failure() const
{
    std::lock_guard lock(m_mutex);
    return m_spool.failure();
}

} // namespace bitlab::cli
