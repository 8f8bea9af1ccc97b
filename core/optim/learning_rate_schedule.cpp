// Learning-rate schedules (declared in optimizer.h): PyTorch's StepLR and
// CosineAnnealingLR in their closed forms, evaluated per 0-based epoch.

#include "core/common/error.h"
#include "core/optim/optimizer.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bitlab {

std::vector<std::string> scheduleNames()
{
    return { "constant", "step", "cosine" };
}

Scalar scheduledLearningRate(const OptimizerSpec& spec, std::int64_t epoch, std::int64_t epochs)
{
    const ScheduleSpec& s = spec.schedule;
    if (s.kind == "constant")
        return spec.lr;
    if (s.kind == "step") {
        const std::int64_t stepSize = std::max<std::int64_t>(1, s.stepSize);
        return spec.lr * std::pow(s.gamma, static_cast<Scalar>(epoch / stepSize));
    }
    if (s.kind == "cosine") {
        // T_max 0 means the whole run; a run of 0 epochs still gets a finite period.
        const std::int64_t tMax = s.tMax > 0 ? s.tMax : std::max<std::int64_t>(1, epochs);
        const Scalar phase
            = std::numbers::pi * static_cast<Scalar>(epoch) / static_cast<Scalar>(tMax);
        return s.etaMin + (spec.lr - s.etaMin) * (1 + std::cos(phase)) / 2;
    }
    throw Error(
        "optimizer.schedule.kind must be one of constant, step, cosine, got \"" + s.kind + "\".");
}

} // namespace bitlab
