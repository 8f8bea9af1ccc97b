#pragma once
// Optimizer: updates a list of tensors from their gradients with PyTorch's update rules
// (torch.optim), so the numbers match. Each concrete optimizer documents its rule.
//
// step() updates `values` in place from `grads` (same shapes); for quantization-aware
// training the trainer passes the latent weights with gradients computed at Q(w).
// State is allocated in reset(), never per step.
//
// The loop lives here, the rule in the leaf (as torch.optim's step() walks the parameters
// and calls one update function): reset(), step() and stepInto() check shapes and walk the
// tensors; a concrete optimizer writes only
//   resetState()  its zeroed state for tensors shaped like the weights (zerosLike());
//   beginStep()   what one step computes once (step count, bias corrections); optional;
//   update()      its rule over one tensor's elements.
// docs/optimizers.md, "Adding an optimizer", lists the files a new one touches.
//
// Kinds (registry below; one class each in core/optim/):
//   gd, sgd   Sgd      torch.optim.SGD (momentum, nesterov, weight_decay; dampening 0)
//   adam      Adam     torch.optim.Adam (L2 weight_decay added to the gradient)
//   adamw     AdamW    torch.optim.AdamW (decoupled weight decay)
//   rmsprop   RmsProp  torch.optim.RMSprop (not centered)
//   adagrad   Adagrad  torch.optim.Adagrad (lr_decay 0, initial accumulator 0)
// Exactness: each step performs the same floating-point operations in the same order as
// PyTorch's single-tensor (foreach=False) CPU path for float64 tensors, element by
// element. PyTorch's vectorized kernels may fuse a multiply-add (one rounding instead of
// two), so results agree with torch to about one ulp per step (relative 1e-15), not
// always bit for bit.

#include "core/common/field.h"
#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"
#include "core/optim/optimizer_spec.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bitlab {

class Optimizer {
public:
    virtual ~Optimizer() = default;
    // Sizes and zeroes the state for tensors shaped like `values`; step count back to 0.
    void reset(const std::vector<Matrix>& values);
    // One update with learning rate lr (the schedule's value for this step).
    // Throws Error when values/grads do not have the shapes given to reset().
    void step(std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr);
    // The same update written into `out` (resized to the shapes of `values` when they
    // differ), leaving `values` unchanged; the state advances exactly as in step(). Lets
    // a caller keep the old weights without copying them (it swaps `out` in when the
    // update is acceptable).
    void stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr,
        std::vector<Matrix>& out);
    // What stepInto() saw of one tensor it wrote: whether every element is finite, and its
    // largest magnitude max |x| (meaningful only when finite; exact, since a maximum does
    // not depend on the order in which it is taken).
    struct WrittenTensor {
        bool finite = true;
        Scalar maxAbs = 0;
    };
    // stepInto() that also fills `written` (one per tensor) in the same pass, from each
    // chunk of the update while it is still in the L1 cache: the trainer's check of an
    // update and a per-tensor quantizer's range, without reading the new weights twice
    // more (W4's 101,770 weights at every step). The results are those of stepInto().
    // `kernels`: the run's kernel set (nullptr: the baseline code), whose maxMagnitudeBits
    // checks each chunk (the same result in every set: a maximum is exact).
    void stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr,
        std::vector<Matrix>& out, std::vector<WrittenTensor>& written,
        const Kernels* kernels = nullptr);
    // The last update's step (values after minus before, per tensor) is not kept; callers
    // that need it diff the values.

    // One tensor of the optimizer's state, named as torch.optim's state dict names it
    // (momentum_buffer, exp_avg, exp_avg_sq, square_avg, sum).
    struct StateTensor {
        const char* name;
        std::size_t tensor; // the weight tensor it belongs to (index into reset()'s list)
        Matrix* values;
    };
    // Every state tensor the next step will read, for a run's state_quantizer to store
    // rounded after each update (DESIGN §6). Empty when the rule keeps no state (SGD
    // without momentum). Valid until the next reset().
    virtual std::vector<StateTensor> stateTensors() { return {}; }

protected:
    // `kind` names the optimizer in error messages ("adam").
    explicit Optimizer(const char* kind)
        : m_kind(kind)
    {
    }

    // A run of `size` consecutive elements of one tensor (row-major), starting at element
    // `offset`: the whole tensor, or one chunk of it (stepInto() with `written`). `out` may
    // be `w` itself (step()): the rule reads w[i] before it writes out[i]. The rule's state
    // for these elements is at state(tensorOfTheState)[i].
    struct TensorStep {
        std::size_t tensor; // index into the lists given to reset()
        Index offset;
        Index size;
        const Scalar* w;
        const Scalar* g;
        Scalar* out;
        // The run's kernel set (nullptr: the portable code): its table has each rule's
        // loop compiled for a wider instruction set (core/kernels/update_rules.inc).
        const Kernels* kernels;
        Scalar* state(Matrix& m) const { return m.data() + offset; }
    };
    // Zeroes the state for tensors shaped like `values` (and the step count).
    virtual void resetState(const std::vector<Matrix>& values) = 0;
    // Once per step, before the tensors: per-step scalars and the step count.
    virtual void beginStep(Scalar lr) { (void)lr; }
    // The rule over a run of one tensor's elements (update() must not assume the run is the
    // whole tensor: it reads and writes its state through t.state()). The built-in rules fill
    // in their kernel_table.h rule and run core/kernels/update_rules.inc's loop, the
    // portable copy or t.kernels' one. A new rule's own loop: copy the hyper-parameters
    // into locals first (stores through the Scalar pointers could alias a member, which
    // would make the compiler reload it every element and not vectorize).
    virtual void update(const TensorStep& t, Scalar lr) = 0;
    // Zero tensors shaped like `values`, for resetState().
    static std::vector<Matrix> zerosLike(const std::vector<Matrix>& values);

private:
    // Throws Error unless `values` and `grads` have exactly the shapes reset() saw.
    // Allocates nothing when they match.
    void checkShapes(const std::vector<Matrix>& values, const std::vector<Matrix>& grads) const;
    void run(const std::vector<Matrix>& in, const std::vector<Matrix>& grads, Scalar lr,
        std::vector<Matrix>& out, std::vector<WrittenTensor>* written, const Kernels* kernels);
    void prepareOut(const std::vector<Matrix>& values, std::vector<Matrix>& out) const;

    const char* m_kind;
    std::vector<std::pair<Index, Index>> m_shapes; // rows, cols of each tensor at reset()
};
// Learning rate at a given epoch (0-based), stepped once per epoch as PyTorch's
// schedulers are when scheduler.step() is called after each epoch:
//   constant  lr
//   step      lr * gamma^floor(epoch / step_size)                       (StepLR)
//   cosine    eta_min + (lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2   (CosineAnnealingLR)
// Cosine uses T_max = `epochs` when schedule.t_max is 0, and PyTorch's closed form past
// T_max too (the rate climbs back up along the cosine; it does not restart).
// An unknown schedule kind throws Error (optimizerProblems() reports it beforehand).
Scalar scheduledLearningRate(const OptimizerSpec& spec, std::int64_t epoch, std::int64_t epochs);

struct OptimizerInfo {
    std::string name;
    std::string description; // the update rule, one line
    OptimizerSpec defaults; // PyTorch's defaults (lr where PyTorch has one)
    std::vector<std::string> fields; // JSON keys of optimizer.* that this kind reads
    std::function<std::unique_ptr<Optimizer>(const OptimizerSpec&)> create;
    bool fullBatch = false; // batch_size must be 0: the kind is full-batch descent (gd)
    // True when a rule with these settings keeps state between steps (what a run's
    // state_quantizer rounds); unset means always.
    std::function<bool(const OptimizerSpec&)> keepsState {};
    // Copies of the parameters the rule keeps as state with these settings (Adam: m and v,
    // 2; SGD: its momentum buffer, 1, allocated even at momentum 0), for the memory estimate
    // of core/engine/footprint.h; unset means 1.
    std::function<int(const OptimizerSpec&)> stateCopies {};
};

const std::vector<OptimizerInfo>& optimizerRegistry();
const OptimizerInfo* findOptimizer(const std::string& name); // nullptr when unknown
std::vector<std::string> optimizerNames(); // registry order
// Throws Error when the kind is unknown (naming the allowed kinds) or a value is out of
// range (all of optimizerProblems(spec), joined).
std::unique_ptr<Optimizer> createOptimizer(const OptimizerSpec& spec);
std::vector<std::string> scheduleNames(); // constant, step, cosine

// The settings of optimizer.* (lr, momentum, nesterov, betas.0/1, eps, alpha,
// weight_decay, batch_size), each with its range, label and help; a field applies to the
// kinds whose OptimizerInfo::fields name its key. And the settings of
// optimizer.schedule.* (step_size, gamma for step; t_max, eta_min for cosine).
// Valid ranges: lr > 0; momentum, betas, alpha in [0, 1); eps > 0; weight_decay >= 0;
// batch_size >= 0 (gd: exactly 0); step_size >= 1; gamma > 0; t_max >= 0 (0 = epochs);
// eta_min >= 0. Every number must be finite.
const std::vector<Field<OptimizerSpec>>& optimizerFields();
const std::vector<Field<ScheduleSpec>>& scheduleFields();
// True when kind `kind` reads the JSON key `key` of optimizer.* (unknown kinds read all).
bool optimizerReads(const std::string& kind, const std::string& key);
// True when `spec`'s rule keeps state between steps: every kind but gd and sgd without
// momentum (unknown kinds: false).
bool optimizerKeepsState(const OptimizerSpec& spec);
// OptimizerInfo::stateCopies of `spec`'s kind (1 when unset, and for unknown kinds).
int optimizerStateCopies(const OptimizerSpec& spec);

// Every problem of `spec`, one message per problem naming its JSON key, e.g.
// "optimizer.lr must be > 0, got -1"; empty when the spec is valid: the kind, each field
// of the tables above that the kind reads, nesterov (needs momentum > 0), gd's full batch
// and the schedule kind.
std::vector<std::string> optimizerProblems(const OptimizerSpec& spec);

} // namespace bitlab
