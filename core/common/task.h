#pragma once
// Task: what a dataset asks a model to learn. The data layer detects it, the models and
// losses say which tasks they fit (their registries), the experiment checks the match.

#include <optional>
#include <string>
#include <vector>

namespace bitlab {

enum class Task { Regression, Binary, Multiclass };

// "regression", "binary", "multiclass"; taskFromString returns nullopt for another name.
const char* toString(Task);
std::optional<Task> taskFromString(const std::string&);
std::vector<Task> allTasks();

} // namespace bitlab
