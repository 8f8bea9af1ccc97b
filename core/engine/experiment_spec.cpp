#include "core/engine/experiment_spec.h"

#include <array>
#include <utility>

namespace bitlab {

namespace {
template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char*>, N>& table, const std::string& s)
{
    for (const auto& [value, name] : table)
        if (s == name)
            return value;
    return std::nullopt;
}
template <class E, std::size_t N>
const char* name(const std::array<std::pair<E, const char*>, N>& table, E e)
{
    for (const auto& [value, n] : table)
        if (value == e)
            return n;
    return "?";
}
template <class E, std::size_t N>
std::vector<std::string> names(const std::array<std::pair<E, const char*>, N>& table)
{
    std::vector<std::string> out;
    for (const auto& entry : table)
        out.emplace_back(entry.second);
    return out;
}

constexpr std::array<std::pair<Task, const char*>, 3> kTasks{
    {{Task::Regression, "regression"}, {Task::Binary, "binary"}, {Task::Multiclass, "multiclass"}}};
constexpr std::array<std::pair<Activation, const char*>, 3> kActivations{
    {{Activation::Relu, "relu"}, {Activation::Tanh, "tanh"}, {Activation::Sigmoid, "sigmoid"}}};
constexpr std::array<std::pair<Rounding, const char*>, 2> kRoundings{
    {{Rounding::Nearest, "nearest"}, {Rounding::Stochastic, "stochastic"}}};
constexpr std::array<std::pair<TrainingMode, const char*>, 3> kModes{
    {{TrainingMode::PostUpdate, "post_update"}, {TrainingMode::Ste, "ste"}, {TrainingMode::Ptq, "ptq"}}};
constexpr std::array<std::pair<Granularity, const char*>, 2> kGranularities{
    {{Granularity::PerTensor, "per_tensor"}, {Granularity::PerChannel, "per_channel"}}};
} // namespace

const char* toString(Task v) { return name(kTasks, v); }
const char* toString(Activation v) { return name(kActivations, v); }
const char* toString(Rounding v) { return name(kRoundings, v); }
const char* toString(TrainingMode v) { return name(kModes, v); }
const char* toString(Granularity v) { return name(kGranularities, v); }
std::optional<Task> taskFromString(const std::string& s) { return lookup(kTasks, s); }
std::optional<Activation> activationFromString(const std::string& s) { return lookup(kActivations, s); }
std::optional<Rounding> roundingFromString(const std::string& s) { return lookup(kRoundings, s); }
std::optional<TrainingMode> modeFromString(const std::string& s) { return lookup(kModes, s); }
std::optional<Granularity> granularityFromString(const std::string& s) { return lookup(kGranularities, s); }
std::vector<std::string> activationNames() { return names(kActivations); }
std::vector<std::string> roundingNames() { return names(kRoundings); }
std::vector<std::string> modeNames() { return names(kModes); }
std::vector<std::string> granularityNames() { return names(kGranularities); }

} // namespace bitlab
