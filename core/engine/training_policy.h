#pragma once
// TrainingPolicy: what one training mode does to a run's weights (DESIGN §2,
// docs/engine.md). RunTrainer owns one, made by makeTrainingPolicy() from the run's
// quantizer spec, and calls it at fixed points of each step; the policy owns everything
// the mode needs (quantizers, their states, latent or quantized copies of the weights).
// What the model's values() hold, per policy:
//   FullPrecisionPolicy  the weights w
//   PostUpdatePolicy     the stored, always-quantized weights: start at Q(w_init), then
//                        after each optimizer step w <- Q(w)
//   StePolicy            Q(w) of the latent weights w (kept here); the gradient computed
//                        at Q(w) updates w unchanged (times QuantState::inRange when ste_clip)
//   PtqPolicy            the weights w, trained exactly like full precision; Q(w) is
//                        computed at record points only, for the record's metrics
// Tensors that are not quantized (biases without quantize_bias) are plain weights in
// every mode. Every rounding draws from the run's rounding stream, in step order.

#include "core/common/rng.h"
#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/quant/quantizer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bitlab {

class TrainingPolicy {
public:
    virtual ~TrainingPolicy() = default;

    // Sets up the mode's weights from the full-precision weights in the model's values().
    // Throws when a quantizer refuses them (the run then fails at that step).
    virtual void snapToGrid() { }
    // The weights the optimizer updates: the model's values(), or the latent weights (ste).
    virtual std::vector<Matrix>& trainable() = 0;
    // The gradients the update uses, from the model's (ste_clip: masked where the code
    // saturated).
    virtual const std::vector<Matrix>& updateGradients(const std::vector<Matrix>& grads)
    {
        return grads;
    }
    // At a record step, before the update: true when the record's batch loss must be
    // recomputed at the weights swapped in by swapUsedWeights() (ptq: Q(w), rounded now).
    virtual bool refreshRecordWeights() { return false; }
    // Swaps the weights the run uses (ptq: Q(w)) into the model's values() and back on the
    // next call; nothing for the modes whose values() are already those weights.
    virtual void swapUsedWeights() { }
    // After a finite update has been swapped into trainable(); `record`: this step is
    // recorded; `written`: what the optimizer saw of each trainable tensor as it wrote it
    // (its largest magnitude, the range a per-tensor quantizer takes).
    virtual void afterUpdate(bool record, const std::vector<Optimizer::WrittenTensor>& written)
    {
        (void)record;
        (void)written;
    }
    // quant_error and flips of the record at `step` (flips since the previous record).
    virtual void recordQuantization(Record& record, std::int64_t step) = 0;
    // The record's trajectory: the values the run uses, and the latent ones (ste, ptq).
    virtual void appendPoints(Record& record) const = 0;
    // The run's tensors now (values, latent, quantizer decision, levels); never changes
    // later numbers.
    virtual std::vector<TensorSnapshot> tensors() const = 0;
    // Logits at the weights the run uses now.
    virtual void predict(const ConstMatrixRef& x, Matrix& logits) const = 0;
    // Puts the plain full-precision weights back into the model's values() (ste: the
    // latent ones), before another policy takes over the run.
    virtual void restoreFullPrecision() { }
    // ptq calibration (calibration_batches): the weight observers start afresh and see the
    // current weights once per calibration batch.
    virtual void calibrateWeights(int batches) { (void)batches; }
    // Learned quantizer parameters (learn lsq / pact, ste; docs/quantizers.md): their names
    // ("layers.0.weight.step", "layers.0.weight.step[3]" per channel,
    // "layers.0.activation.step" or ".clip") and current values, in the same order (the
    // learned steps of the weight tensors in tensor order, then the hidden activations').
    // Empty for the others.
    virtual std::vector<std::string> learnedNames() const { return {}; }
    virtual std::vector<Scalar> learnedValues() const { return {}; }
    // Before snapToGrid(): learned values to start from (init from a weights file's
    // "learned" block) instead of the initial rule, by name; names this run does not learn
    // are ignored. Only ste learns anything.
    virtual void setInitialLearned(const std::vector<LearnedValue>& values) { (void)values; }
};

// Swaps the weights the run uses into the model for a scope (evaluations, ptq).
class UsedWeights {
public:
    explicit UsedWeights(TrainingPolicy& policy)
        : m_policy(policy)
    {
        m_policy.swapUsedWeights();
    }
    ~UsedWeights() { m_policy.swapUsedWeights(); }
    UsedWeights(const UsedWeights&) = delete;
    UsedWeights& operator=(const UsedWeights&) = delete;

private:
    TrainingPolicy& m_policy;
};

// The policy of `quantizer`'s mode (full precision without one) for `model`, whose
// values() hold full-precision weights. Sets the model's activation bits. `roundRng`
// must outlive the policy. Throws Error for an invalid quantizer spec.
// `perTensor` overrides `quantizer` for the tensors it names (RunSpec::perTensor; the
// run's mode and activation bits stay those of `quantizer`).
std::unique_ptr<TrainingPolicy> makeTrainingPolicy(const std::optional<QuantizerSpec>& quantizer,
    Model& model, Rng& roundRng, const std::vector<TensorQuantizer>& perTensor = {});

} // namespace bitlab
