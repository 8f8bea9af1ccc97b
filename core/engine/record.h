#pragma once
// Record: what a run reports at a step (DESIGN §2, "Observer").
//
// step s is the state after s updates; step 0 is before any update. Fields that were not
// computed at this record are NaN (they become empty cells in metrics.csv):
//   batchLoss     mean loss of the batch just trained, from its forward pass (NaN at step 0)
//   trainLoss ... exact full-set loss/accuracy at the weights the run uses after this step
//                 (a quantized run: the quantized weights); only on evaluated records
//   gradNorm      L2 norm over all tensors of the gradient of the batch just trained
//   quantError    mean |w - Q(w)| over the quantized tensors (0 for full precision)
//   flips         number of elements whose quantized value changed since the last record
//   lr            learning rate used by this step

#include "core/common/scalar.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bitlab {

inline constexpr Scalar kNaN = std::numeric_limits<Scalar>::quiet_NaN();

struct Record {
    int run = 0;
    std::int64_t step = 0;
    std::int64_t epoch = 0; // epochs completed when this step ends (fractional epochs round down)
    bool evaluated = false;
    Scalar batchLoss = kNaN;
    Scalar trainLoss = kNaN, testLoss = kNaN;
    Scalar trainAccuracy = kNaN, testAccuracy = kNaN;
    Scalar gradNorm = kNaN;
    Scalar quantError = kNaN;
    std::int64_t flips = 0;
    Scalar lr = kNaN;
    // The run's learned quantizer parameters (learn lsq / pact) after this step, in the
    // order of Experiment::learnedNames(); empty when it learns none.
    std::vector<Scalar> learned;
    // Models with at most kTrajectoryScalars parameters: every scalar in tensor order
    // (the values the run uses), and for ste/ptq runs the latent full-precision ones.
    std::vector<Scalar> point, latentPoint;
};

inline constexpr Index kTrajectoryScalars = 16;

// A learned quantizer parameter by name (docs/quantizers.md "Learned step sizes and clips").
struct LearnedValue {
    std::string name;
    Scalar value = 0;
};

enum class RunStatus { Pending, Running, Finished, Diverged, Stopped, Failed };
const char* toString(RunStatus);

struct RunSummary {
    int run = 0;
    std::string name;
    RunStatus status = RunStatus::Pending;
    std::int64_t steps = 0; // updates done
    std::int64_t totalSteps = 0;
    std::string message; // diverged/failed: a full sentence with the step and a hint
    std::int64_t failedStep = -1; // step at which it diverged/failed
    Scalar lastFiniteLoss = kNaN;
    double trainSeconds = 0.0; // the training loop alone
    std::string kernels; // the kernel set it trained on (core/kernels/kernels.h)
    Record last; // the last evaluated record
    std::vector<LearnedValue> learned; // learned steps and clips now (learn lsq / pact)
};

} // namespace bitlab
