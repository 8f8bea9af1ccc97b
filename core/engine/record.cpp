#include "core/engine/record.h"

#include "core/common/text.h"

namespace bitlab {

const char* toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Pending:
        return BITLAB_TR_NOOP("bitlab::core", "pending");
    case RunStatus::Running:
        return BITLAB_TR_NOOP("bitlab::core", "running");
    case RunStatus::Finished:
        return BITLAB_TR_NOOP("bitlab::core", "finished");
    case RunStatus::Diverged:
        return BITLAB_TR_NOOP("bitlab::core", "diverged");
    case RunStatus::Stopped:
        return BITLAB_TR_NOOP("bitlab::core", "stopped");
    case RunStatus::Failed:
        return BITLAB_TR_NOOP("bitlab::core", "failed");
    }
    return "?";
}

} // namespace bitlab
