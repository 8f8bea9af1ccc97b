#include "core/common/task.h"

#include "core/common/enum_names.h"

namespace bitlab {

namespace {
constexpr EnumNames<Task, 3> kTasks { { { { Task::Regression, "regression" },
    { Task::Binary, "binary" }, { Task::Multiclass, "multiclass" } } } };
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
