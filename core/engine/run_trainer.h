#pragma once
// RunTrainer: one run of an Experiment — its own model, loss, optimizer and quantizers —
// trained step by step. Experiment owns one per run and drives them from worker threads;
// a RunTrainer itself is used by one thread at a time.
//
// What the model's values() hold, per mode (DESIGN §2, docs/engine.md):
//   full precision  the weights w
//   post_update     the stored, always-quantized weights: start at Q(w_init), then after
//                   each optimizer step w <- Q(w)
//   ste             Q(w) of the latent weights w (kept here); the gradient computed at Q(w)
//                   updates w unchanged (times QuantState::inRange when ste_clip)
//   ptq             the weights w, trained exactly like full precision; Q(w) is computed
//                   at record points only, for the record's metrics
// Tensors that are not quantized (biases without quantize_bias) are plain weights in
// every mode.
//
// Per-step work allocates nothing of its own: batch, gradient, update and evaluation
// buffers are sized once in the constructor (the last, smaller batch of an epoch uses the
// top rows of the full-size batch buffer and its own dLogits buffer).

#include "core/common/rng.h"
#include "core/data/dataset.h"
#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/observer.h"
#include "core/engine/record.h"
#include "core/loss/loss.h"
#include "core/model/model.h"
#include "core/optim/optimizer.h"
#include "core/quant/quantizer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace bitlab {

// The fixed settings every run of an experiment shares.
struct RunSchedule {
    std::int64_t stepsPerEpoch = 1;
    std::int64_t totalSteps = 0;
    std::int64_t batchSize = 0; // rows per batch (the full training set for full batch)
    std::int64_t recordEvery = 1; // >= 1
    std::int64_t evalEvery = 1; // 0: step 0 and the last step only
};

class RunTrainer {
public:
    // `initial` holds the experiment's initial weights (copied, never kept). `data` must
    // be prepared and outlive the trainer. Throws Error for an invalid quantizer spec; a
    // quantizer that refuses the initial weights leaves the run Failed at step 0.
    RunTrainer(int index, const ExperimentSpec& spec, const RunSpec& run, const Dataset& data,
        const Model& initial, const RunSchedule& schedule);
    ~RunTrainer();
    RunTrainer(const RunTrainer&) = delete;
    RunTrainer& operator=(const RunTrainer&) = delete;

    int index() const { return m_index; }
    RunStatus status() const { return m_status; }
    std::int64_t steps() const { return m_step; }
    // Pending or Running: it has steps left and has not failed.
    bool active() const;
    // Active, or ended outside advance() (a failure at construction or in setQuantizer())
    // and not yet reported: advance() has something to do.
    bool hasWork() const;

    // Trains up to maxSteps updates, checking stop before each. The first call emits the
    // step-0 record. Reaching the last step, diverging or an exception ends the run and
    // reports it through onRunFinished. Never throws.
    void advance(std::int64_t maxSteps, Observer& observer, const std::stop_token& stop);
    // Ends an active run with status Stopped and reports it (and reports a failure that
    // has not been reported yet).
    void markStopped(Observer& observer);

    RunSummary summary() const;
    WeightSnapshot snapshot() const;
    // Logits with the weights the run uses now (see Experiment::predict).
    void predict(const ConstMatrixRef& x, Matrix& logits) const;
    // Swaps in a new quantizer (see Experiment::setQuantizer); throws Error when invalid.
    // A quantizer that refuses the current weights fails the run (reported by the next
    // advance()) instead of throwing.
    void setQuantizer(const QuantizerSpec& quantizer);

private:
    void buildQuantizers();
    void snapToGrid(); // sets up the mode's weights from the current full-precision ones
    void start(Observer& observer);
    // One update. Returns false when the run diverged (status and message set).
    bool trainStep();
    bool isRecordStep(std::int64_t step) const;
    bool isEvalStep(std::int64_t step) const;
    // Emits the record of the current step; false when its evaluation diverged.
    bool emitRecord(Observer& observer);
    void evaluate(Record& record);
    void evaluateSet(
        const Matrix& x, const Matrix& y, Matrix& logits, Scalar& loss, Scalar& accuracy) const;
    void quantizeLatent(std::vector<Matrix>& out, std::vector<QuantState>& states, Rng& rng) const;
    Scalar quantErrorNow() const;
    void diverge(std::int64_t step, const std::string& quantity, bool nan);
    void fail(const std::string& what);
    void finish(Observer& observer);
    std::vector<Matrix>& trainable();
    Scalar scheduledLr(std::int64_t epoch) const;
    bool quantized() const { return m_quant.has_value(); }
    TrainingMode mode() const { return m_quant->mode; }

    int m_index;
    std::string m_name;
    const Dataset& m_data;
    OptimizerSpec m_optSpec;
    std::int64_t m_epochs;
    bool m_shuffle;
    RunSchedule m_schedule;
    std::optional<QuantizerSpec> m_quant;

    std::unique_ptr<Model> m_model;
    std::unique_ptr<Loss> m_loss;
    std::unique_ptr<Optimizer> m_optimizer;
    std::vector<std::unique_ptr<Quantizer>> m_quantizers; // per tensor; null = not quantized
    std::vector<QuantState> m_states;
    std::vector<Matrix> m_latent; // ste: latent weights
    std::vector<Matrix> m_q; // post_update: rounding output; ptq: Q(w) at records
    std::vector<Matrix> m_lastCodes; // codes at the last record (flips)
    std::vector<Matrix> m_next; // the update's output, swapped with the weights when finite
    std::vector<Matrix> m_clipped; // ste_clip: masked gradients
    Rng m_shuffleRng;
    Rng m_roundRng;
    std::vector<std::int64_t> m_order;

    Matrix m_xBatch, m_yBatch;
    Matrix m_dLogits, m_dLogitsLast;
    Matrix m_batchLogits, m_batchLogitsLast;
    mutable Matrix m_trainLogits, m_testLogits;
    bool m_fullBatch = true;

    RunStatus m_status = RunStatus::Pending;
    std::int64_t m_step = 0;
    std::string m_message;
    std::int64_t m_failedStep = -1;
    Scalar m_lastFiniteLoss = kNaN;
    double m_trainSeconds = 0.0;
    Record m_lastEvaluated;
    bool m_reported = false;

    // Values of the step just taken, for its record.
    std::int64_t m_lrEpoch = -1; // the epoch m_epochLr belongs to
    Scalar m_epochLr = kNaN;
    bool m_recordDue = false; // the step just taken is a record or evaluation step
    Scalar m_batchLoss = kNaN;
    Scalar m_gradNorm = kNaN;
    Scalar m_stepLr = kNaN;
    Scalar m_roundError = 0.0; // post_update: mean |w - Q(w)| of the last rounding
};

} // namespace bitlab
