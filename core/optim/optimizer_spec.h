#pragma once
// OptimizerSpec: the "optimizer" object of the experiment file: the kind, its
// hyper-parameters and the learning-rate schedule. The defaults below are the ones shared
// by every kind (PyTorch's); each kind's own defaults are findOptimizer(kind)->defaults.

#include <cstdint>
#include <string>

namespace bitlab {

struct ScheduleSpec {
    std::string kind = "constant"; // constant | step | cosine, stepped once per epoch
    int stepSize = 30; // step: multiply by gamma every step_size epochs
    double gamma = 0.1;
    int tMax = 0; // cosine: period in epochs; 0 = training.epochs
    double etaMin = 0.0; // cosine: floor of the learning rate
};

struct OptimizerSpec {
    std::string kind = "gd"; // a name of optimizerRegistry() (core/optim/optimizer.h)
    double lr = 0.1;
    double momentum = 0.0;
    bool nesterov = false;
    double beta1 = 0.9, beta2 = 0.999;
    double eps = 1e-8;
    double alpha = 0.99;
    double weightDecay = 0.0;
    std::int64_t batchSize = 0; // 0 = full batch
    ScheduleSpec schedule;
};

} // namespace bitlab
