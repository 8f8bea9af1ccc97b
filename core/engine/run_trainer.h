#pragma once
// RunTrainer: one run of an Experiment — its own model, loss, optimizer and quantizers —
// trained step by step. Experiment owns one per run and drives them from worker threads;
// a RunTrainer itself is used by one thread at a time.
//
// What the model's values() hold, and every other difference between full precision and
// the quantized modes, is the run's TrainingPolicy (training_policy.h); its mini-batches
// come from a Batcher (core/data/batcher.h).
//
// Per-step work allocates nothing of its own: batch, gradient, update and evaluation
// buffers are sized once in the constructor (the last, smaller batch of an epoch uses the
// top rows of the full-size batch buffer and its own dLogits buffer).

#include "core/common/rng.h"
#include "core/data/batcher.h"
#include "core/data/dataset.h"
#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/observer.h"
#include "core/engine/record.h"
#include "core/engine/training_policy.h"
#include "core/kernels/kernel_table.h"
#include "core/kernels/product_pool.h"
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
    // `initialLearned`: learned steps and clips to start from, by name (init from a weights
    // file; TrainingPolicy::setInitialLearned).
    RunTrainer(int index, const ExperimentSpec& spec, const RunSpec& run, const Dataset& data,
        const Model& initial, const RunSchedule& schedule,
        const std::vector<LearnedValue>& initialLearned = {});
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
    std::vector<std::string> learnedNames() const { return m_policy->learnedNames(); }
    WeightSnapshot snapshot() const;
    // Logits with the weights the run uses now (see Experiment::predict).
    void predict(const ConstMatrixRef& x, Matrix& logits) const;
    // How many threads this run's dense products may use from now on (Experiment::advance
    // lends a run the threads no other run needs). Changes no number: the products are cut
    // into the same panels whatever the count (core/kernels/products.h). The portable
    // kernels compute on the run's own thread.
    void setProductThreads(int threads);
    // Swaps in a new quantizer (see Experiment::setQuantizer); throws Error when invalid.
    // A quantizer that refuses the current weights fails the run (reported by the next
    // advance()) instead of throwing.
    void setQuantizer(const QuantizerSpec& quantizer);

private:
    void start(Observer& observer);
    // One update. Returns false when the run diverged (status and message set).
    bool trainStep();
    bool isRecordStep(std::int64_t step) const;
    bool isEvalStep(std::int64_t step) const;
    // Emits the record of the current step; false when its evaluation diverged.
    bool emitRecord(Observer& observer);
    void evaluate(Record& record);
    void evaluateSet(const Model& model, const Matrix& x, const Matrix& y, Matrix& logits,
        Scalar& loss, Scalar& accuracy) const;
    // ptq calibration_batches and the activation bits it calibrates, from the run's quantizer.
    void readCalibration(const std::optional<QuantizerSpec>& quantizer);
    // Snaps the model's full-precision weights onto the policy's grid; a refusal fails
    // the run at the current step.
    void snapToGrid();
    // Stores each optimizer state tensor rounded by the state_quantizer; false (and the
    // run diverged) when a state element is not finite.
    bool roundOptimizerState(std::int64_t step);
    void diverge(std::int64_t step, const std::string& quantity, bool nan);
    void fail(const std::string& what);
    void finish(Observer& observer);
    Scalar scheduledLr(std::int64_t epoch) const;

    int m_index;
    std::string m_name;
    const Dataset& m_data;
    OptimizerSpec m_optSpec;
    std::int64_t m_epochs;
    RunSchedule m_schedule;

    KernelSet m_kernels; // before m_model, which runs on them
    std::unique_ptr<ProductPool> m_productPool; // before m_model, which may use it
    std::unique_ptr<Model> m_model;
    std::unique_ptr<Loss> m_loss;
    std::unique_ptr<Optimizer> m_optimizer;
    Rng m_roundRng; // before m_policy, which keeps a reference to it
    std::unique_ptr<TrainingPolicy> m_policy;
    std::vector<TensorQuantizer> m_perTensor; // the run's per_tensor (setQuantizer keeps it)
    int m_calibrationBatches = 0; // ptq only
    bool m_quantizesActivations = false; // some hidden activation has bits > 0
    Batcher m_batcher;
    std::vector<Matrix> m_next; // the update's output, swapped with the weights when finite
    std::vector<Optimizer::WrittenTensor> m_written; // what the update saw of m_next
    // gradient_quantizer: its own rounding stream, the quantized gradients and their states.
    std::unique_ptr<Quantizer> m_gradQuantizer;
    Rng m_gradRng;
    std::vector<Matrix> m_gradQ;
    std::vector<QuantState> m_gradStates;
    // state_quantizer: its own rounding stream, the optimizer's state tensors (pointers
    // into the optimizer, taken after reset()), one scratch tensor each (swapped with the
    // state, so no step allocates) and their states.
    std::unique_ptr<Quantizer> m_stateQuantizer;
    Rng m_stateRng;
    std::vector<Optimizer::StateTensor> m_stateTensors;
    std::vector<Matrix> m_stateScratch;
    std::vector<QuantState> m_stateStates;

    Matrix m_dLogits, m_dLogitsLast;
    Matrix m_batchLogits, m_batchLogitsLast;
    mutable Matrix m_trainLogits, m_testLogits;

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
};

} // namespace bitlab
