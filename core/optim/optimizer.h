#pragma once
// Optimizer: updates a list of tensors from their gradients with PyTorch's update rules
// (torch.optim), so the numbers match. Each concrete optimizer documents its rule.
//
// step() updates `values` in place from `grads` (same shapes); for quantization-aware
// training the trainer passes the latent weights with gradients computed at Q(w).
// State is allocated in reset(), never per step.

#include "core/common/scalar.h"
#include "core/engine/experiment_spec.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bitlab {

class Optimizer {
public:
    virtual ~Optimizer() = default;
    // Sizes and zeroes the state for tensors shaped like `values`; step count back to 0.
    virtual void reset(const std::vector<Matrix>& values) = 0;
    // One update with learning rate lr (the schedule's value for this step).
    virtual void step(std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr) = 0;
    // The last update's step (values after minus before, per tensor) is not kept; callers
    // that need it diff the values.
};

// Learning rate at a given epoch (0-based), stepped once per epoch as PyTorch's
// schedulers are when scheduler.step() is called after each epoch:
//   constant  lr
//   step      lr * gamma^floor(epoch / step_size)                       (StepLR)
//   cosine    eta_min + (lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2   (CosineAnnealingLR)
Scalar scheduledLearningRate(const OptimizerSpec& spec, std::int64_t epoch, std::int64_t epochs);

struct OptimizerInfo {
    std::string name;
    std::string description;       // the update rule, one line
    OptimizerSpec defaults;        // PyTorch's defaults (lr where PyTorch has one)
    std::vector<std::string> fields; // JSON keys of optimizer.* that this kind reads
    std::function<std::unique_ptr<Optimizer>(const OptimizerSpec&)> create;
};

const std::vector<OptimizerInfo>& optimizerRegistry();
const OptimizerInfo* findOptimizer(const std::string& name);
std::unique_ptr<Optimizer> createOptimizer(const OptimizerSpec& spec); // throws Error when unknown
std::vector<std::string> scheduleNames();

} // namespace bitlab
