#pragma once
// ExperimentInfo: what the training worker tells the UI once it has built an experiment:
// the resolved spec (every default filled in), the run names, the task and the step counts.

#include "core/engine/experiment_spec.h"

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <vector>

namespace bitlab::ui {

struct ExperimentInfo {
    ExperimentSpec spec;               // resolved
    std::vector<QString> runNames;
    Task task = Task::Regression;
    int features = 0;
    int classes = 0;
    std::int64_t trainRows = 0;
    std::int64_t testRows = 0;
    std::int64_t stepsPerEpoch = 1;
    std::int64_t totalSteps = 0;
    std::vector<QString> warnings;     // dataset warnings
};

} // namespace bitlab::ui

Q_DECLARE_METATYPE(bitlab::ui::ExperimentInfo)
