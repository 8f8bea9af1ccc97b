#include "core/engine/record.h"

namespace bitlab {

const char* toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Pending:
        return "pending";
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Diverged:
        return "diverged";
    case RunStatus::Stopped:
        return "stopped";
    case RunStatus::Failed:
        return "failed";
    }
    return "?";
}

} // namespace bitlab
