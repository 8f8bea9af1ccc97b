#include "core/common/task.h"

#include "core/common/enum_names.h"
#include "core/common/text.h"

namespace bitlab {

namespace {
constexpr EnumNames<Task, 3> kTasks {
    { { { Task::Regression, BITLAB_TR_NOOP("bitlab::core", "regression") },
        { Task::Binary, BITLAB_TR_NOOP("bitlab::core", "binary") },
        { Task::Multiclass, BITLAB_TR_NOOP("bitlab::core", "multiclass") } } }
};
} // namespace

const char* toString(Task v)
{
    return kTasks.name(v);
}
std::optional<Task> taskFromString(const std::string& s)
{
    return kTasks.value(s);
}
std::vector<Task> allTasks()
{
    return { Task::Regression, Task::Binary, Task::Multiclass };
}

} // namespace bitlab
