#include "core/engine/run_trainer.h"

#include "core/common/error.h"
#include "core/kernels/kernels.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace bitlab {

namespace {

bool allWrittenFinite(const std::vector<Optimizer::WrittenTensor>& written)
{
    bool finite = true;
    for (const auto& t : written)
        finite = finite && t.finite;
    return finite;
}

bool allFinite(const std::vector<Matrix>& tensors, bool& hasNaN)
{
    bool finite = true;
    hasNaN = false;
    for (const auto& t : tensors) {
        if (!t.allFinite()) {
            finite = false;
            if (t.hasNaN())
                hasNaN = true;
        }
    }
    return finite;
}

// Sum of squares over all tensors; finite exactly when every element is finite and the
// sum does not overflow.
Scalar squaredSum(const std::vector<Matrix>& tensors)
{
    Scalar sum = 0;
    for (const auto& t : tensors)
        sum += t.squaredNorm();
    return sum;
}

// L2 norm over all tensors, rescaled when the plain sum of squares overflows (all finite).
Scalar globalNormOverflowed(const std::vector<Matrix>& tensors)
{
    Scalar norm = 0;
    for (const auto& t : tensors)
        norm = std::hypot(norm, t.size() > 0 ? t.stableNorm() : Scalar(0));
    return norm;
}

std::unique_ptr<Model> cloneOnKernels(const Model& initial, KernelSet set)
{
    std::unique_ptr<Model> model = initial.clone();
    model->setKernels(kernelsFor(set));
    return model;
}
} // namespace

RunTrainer::RunTrainer(int index, const ExperimentSpec& spec, const RunSpec& run,
    const Dataset& data, const Model& initial, const RunSchedule& schedule,
    const std::vector<LearnedValue>& initialLearned)
    : m_index(index)
    , m_name(run.name)
    , m_data(data)
    , m_optSpec(spec.optimizer)
    , m_epochs(spec.training.epochs)
    , m_schedule(schedule)
    , m_kernels(chooseKernelSet(spec.training.portable))
    , m_model(cloneOnKernels(initial, m_kernels))
    , m_loss(createLoss(spec.loss))
    , m_optimizer(createOptimizer(spec.optimizer))
    , m_roundRng(spec.training.seed, 100 + static_cast<std::uint64_t>(index))
    , m_policy(makeTrainingPolicy(run.quantizer, *m_model, m_roundRng, run.perTensor))
    , m_perTensor(run.perTensor)
    , m_batcher(data, schedule.batchSize, spec.dataset.shuffle, Rng(spec.training.seed, 1))
    , m_next(m_model->values())
    , m_gradQuantizer(run.gradientQuantizer ? createQuantizer(*run.gradientQuantizer) : nullptr)
    , m_gradRng(spec.training.seed, 300 + static_cast<std::uint64_t>(index))
    , m_gradQ(m_gradQuantizer ? m_model->values().size() : 0)
    , m_gradStates(m_gradQ.size())
    , m_stateQuantizer(run.stateQuantizer ? createQuantizer(*run.stateQuantizer) : nullptr)
    , m_stateRng(spec.training.seed, 400 + static_cast<std::uint64_t>(index))
{
    m_loss->setKernels(m_model->kernels()); // the model's set, for the loss's element loops
    if (m_gradQuantizer) // and the quantizers' passes that have a per-set copy
        m_gradQuantizer->setKernels(m_model->kernels());
    if (m_stateQuantizer)
        m_stateQuantizer->setKernels(m_model->kernels());
    const Index k = m_model->outputs();
    m_dLogits.resize(m_batcher.batchRows(), k);
    m_batchLogits.resize(m_batcher.batchRows(), k);
    if (const Index last = m_batcher.lastBatchRows(); last > 0) {
        m_dLogitsLast.resize(last, k);
        m_batchLogitsLast.resize(last, k);
    }
    m_trainLogits.resize(m_data.xTrain.rows(), k);
    readCalibration(run.quantizer);
    m_testLogits.resize(m_data.xTest.rows(), k);

    m_policy->setInitialLearned(initialLearned);
    // Failure is data: the run ends at step 0 (reported by the first advance()), the
    // others go on.
    snapToGrid();
    // The policy's trainable tensors: the weights, and any learned steps and clips.
    m_next = m_policy->trainable();
    m_written.resize(m_next.size());
    if (m_gradQuantizer) {
        m_gradQ.resize(m_next.size());
        m_gradStates.resize(m_next.size());
    }
    m_optimizer->reset(m_policy->trainable());
    if (m_stateQuantizer) {
        m_stateTensors = m_optimizer->stateTensors();
        m_stateStates.resize(m_stateTensors.size());
        m_stateScratch.resize(m_stateTensors.size());
    }
}

RunTrainer::~RunTrainer() = default;

bool RunTrainer::active() const
{
    return m_status == RunStatus::Pending || m_status == RunStatus::Running;
}

bool RunTrainer::hasWork() const
{
    return active() || (m_status == RunStatus::Failed && !m_reported);
}

Scalar RunTrainer::scheduledLr(std::int64_t epoch) const
{
    return scheduledLearningRate(m_optSpec, epoch, m_epochs);
}

void RunTrainer::snapToGrid()
{
    try {
        m_policy->snapToGrid();
    } catch (const std::exception& e) {
        if (active()) {
            m_failedStep = m_step;
            fail(e.what());
        }
    }
}

bool RunTrainer::isRecordStep(std::int64_t step) const
{
    return step == 0 || step == m_schedule.totalSteps || step % m_schedule.recordEvery == 0;
}

bool RunTrainer::isEvalStep(std::int64_t step) const
{
    return step == 0 || step == m_schedule.totalSteps
        || (m_schedule.evalEvery > 0 && step % m_schedule.evalEvery == 0);
}

void RunTrainer::advance(std::int64_t maxSteps, Observer& observer, const std::stop_token& stop)
{
    if (m_status == RunStatus::Failed && !m_reported)
        finish(observer); // failed outside advance(): at construction or in setQuantizer()
    if (!active())
        return;
    std::int64_t phaseStep = m_step;
    try {
        if (m_status == RunStatus::Pending) {
            if (stop.stop_requested())
                return;
            m_status = RunStatus::Running;
            m_stepLr = scheduledLr(0);
            if (!emitRecord(observer)) {
                finish(observer);
                return;
            }
        }
        // The clock is read around stretches of steps, not around each step: train_seconds
        // is the training loop without the records and evaluations.
        using Clock = std::chrono::steady_clock;
        auto t0 = Clock::now();
        const auto addTime
            = [&] { m_trainSeconds += std::chrono::duration<double>(Clock::now() - t0).count(); };
        for (std::int64_t done = 0; done < maxSteps && m_step < m_schedule.totalSteps; ++done) {
            if (stop.stop_requested()) {
                addTime();
                return;
            }
            phaseStep = m_step + 1;
            bool ok = false;
            try {
                ok = trainStep();
            } catch (...) {
                addTime();
                throw;
            }
            if (!ok) {
                addTime();
                finish(observer);
                return;
            }
            if (m_recordDue) {
                addTime();
                if (!emitRecord(observer)) {
                    finish(observer);
                    return;
                }
                t0 = Clock::now();
            }
        }
        addTime();
        if (m_step >= m_schedule.totalSteps) {
            m_status = RunStatus::Finished;
            finish(observer);
        }
    } catch (const std::exception& e) {
        m_failedStep = phaseStep;
        fail(e.what());
        finish(observer);
    } catch (...) {
        m_failedStep = phaseStep;
        fail("unknown error");
        finish(observer);
    }
}

bool RunTrainer::trainStep()
{
    const std::int64_t step = m_step + 1;
    const std::int64_t spe = m_schedule.stepsPerEpoch;
    const std::int64_t epoch = m_step / spe;
    const std::int64_t pos = m_step % spe;
    const bool record = isRecordStep(step) || isEvalStep(step);
    m_recordDue = record;
    if (epoch != m_lrEpoch) { // the schedule changes once per epoch at most
        m_lrEpoch = epoch;
        m_epochLr = scheduledLr(epoch);
    }
    m_stepLr = m_epochLr;

    const Index rows = m_batcher.gather(pos);
    const bool last = !m_batcher.fullBatch() && rows < m_batcher.batchRows();
    Matrix& dLogits = last ? m_dLogitsLast : m_dLogits;
    Matrix& batchLogits = last ? m_batchLogitsLast : m_batchLogits;
    const ConstMatrixRef xb = m_batcher.x(rows);
    const ConstMatrixRef yb = m_batcher.y(rows);

    // Forward and backward at the weights the run uses.
    // The batch stays where it is until backward(): no copy into the model.
    const Matrix& logits = m_model->forwardView(xb, true);
    const Scalar loss = m_loss->gradient(logits, yb, dLogits);
    if (!std::isfinite(loss)) {
        diverge(step, "the loss", std::isnan(loss));
        return false;
    }
    m_batchLoss = loss;
    m_lastFiniteLoss = loss;
    m_model->backward(dLogits);

    const std::vector<Matrix>* grads = &m_policy->updateGradients(m_model->gradients());
    // A finite sum of squares proves every gradient element finite; only otherwise is
    // each tensor scanned (to tell a NaN or inf from an overflow of the sum).
    bool nan = false;
    const Scalar squares = squaredSum(*grads);
    if (std::isfinite(squares)) {
        m_gradNorm = std::sqrt(squares);
    } else {
        if (!allFinite(*grads, nan)) {
            diverge(step, "the gradient", nan);
            return false;
        }
        m_gradNorm = globalNormOverflowed(*grads);
    }

    if (m_gradQuantizer) {
        // gradient_quantizer: the optimizer sees Q(g), rounded from the run's gradient
        // stream (one u per element when stochastic); grad_norm stays that of g.
        for (std::size_t i = 0; i < grads->size(); ++i) {
            m_gradQuantizer->observe((*grads)[i], m_gradStates[i]);
            m_gradQuantizer->quantize((*grads)[i], m_gradQ[i], m_gradStates[i], m_gradRng);
        }
        grads = &m_gradQ;
    }

    if (record && m_policy->refreshRecordWeights()) {
        // ptq: the record's batch_loss is that of Q(w) before the update (one extra forward).
        const UsedWeights used(*m_policy);
        m_model->predict(xb, batchLogits);
        m_batchLoss = m_loss->value(batchLogits, yb);
    }

    // The update goes into a second set of buffers, swapped in only when it is finite, so
    // that a run that overflows keeps its last finite weights (no copy per step).
    auto& weights = m_policy->trainable();
    // The optimizer checks each chunk it writes (and measures its largest magnitude, which a
    // per-tensor quantizer of the weights takes as its range) while the chunk is in the cache.
    m_optimizer->stepInto(weights, *grads, m_stepLr, m_next, m_written, m_model->kernels());
    if (!allWrittenFinite(m_written)) {
        allFinite(m_next, nan);
        diverge(step, "the weights (in the update)", nan);
        return false;
    }
    if (m_stateQuantizer && !roundOptimizerState(step))
        return false;
    for (std::size_t i = 0; i < weights.size(); ++i)
        weights[i].swap(m_next[i]);

    m_policy->afterUpdate(record, m_written);
    m_step = step;
    return true;
}

bool RunTrainer::emitRecord(Observer& observer)
{
    Record r;
    r.run = m_index;
    r.step = m_step;
    r.epoch = m_step / m_schedule.stepsPerEpoch;
    r.lr = m_stepLr;
    if (m_step > 0) {
        r.batchLoss = m_batchLoss;
        r.gradNorm = m_gradNorm;
    }
    if (m_calibrationBatches > 0 && isEvalStep(m_step))
        m_policy->calibrateWeights(m_calibrationBatches);
    m_policy->recordQuantization(r, m_step);
    r.learned = m_policy->learnedValues();
    if (isEvalStep(m_step)) {
        evaluate(r);
        // Finite weights whose loss overflows: the run ends here, and no record carries
        // an inf (its weights are the last finite ones).
        const bool trainBad = !std::isfinite(r.trainLoss);
        const bool testBad = m_data.xTest.rows() > 0 && !std::isfinite(r.testLoss);
        if (trainBad || testBad) {
            const Scalar bad = trainBad ? r.trainLoss : r.testLoss;
            diverge(m_step, trainBad ? "the training loss" : "the test loss", std::isnan(bad));
            return false;
        }
    }

    if (m_model->parameterCount() <= kTrajectoryScalars)
        m_policy->appendPoints(r);
    if (r.evaluated) {
        m_lastEvaluated = r;
        if (std::isfinite(r.trainLoss))
            m_lastFiniteLoss = r.trainLoss;
    }
    observer.onRecord(r);
    return true;
}

// Exact loss and accuracy over the full train and test sets at the weights the run uses
// (ptq: Q(w), swapped in for the evaluation and back out).
void RunTrainer::evaluate(Record& r)
{
    const UsedWeights used(*m_policy);
    const Model* model = m_model.get();
    std::unique_ptr<Model> calibrated;
    if (m_calibrationBatches > 0 && m_quantizesActivations) {
        // ptq calibration of the activation ranges: a copy of the model at Q(w), its
        // observers afresh, sees the first calibration_batches training batches in file
        // order (consecutive slices of batch_size rows); the run's own ranges stay as they are.
        calibrated = m_model->clone();
        calibrated->resetActivationRanges();
        const Index n = m_data.xTrain.rows();
        const Index rows = std::max<Index>(1, static_cast<Index>(m_schedule.batchSize));
        for (Index b = 0; b < m_calibrationBatches && b * rows < n; ++b)
            calibrated->forward(
                m_data.xTrain.middleRows(b * rows, std::min(rows, n - b * rows)), true);
        model = calibrated.get();
    }
    evaluateSet(*model, m_data.xTrain, m_data.yTrain, m_trainLogits, r.trainLoss, r.trainAccuracy);
    evaluateSet(*model, m_data.xTest, m_data.yTest, m_testLogits, r.testLoss, r.testAccuracy);
    r.evaluated = true;
}

void RunTrainer::readCalibration(const std::optional<QuantizerSpec>& quantizer)
{
    const bool ptq = quantizer && quantizer->mode == TrainingMode::Ptq;
    m_calibrationBatches = ptq ? quantizer->calibrationBatches : 0;
    m_quantizesActivations = false;
    for (std::size_t h = 0; quantizer && h < m_model->activationLayerCount(); ++h)
        if (specForTensor(*quantizer, m_perTensor, activationTensorName(h)).activationBits > 0)
            m_quantizesActivations = true;
}

void RunTrainer::evaluateSet(const Model& model, const Matrix& x, const Matrix& y, Matrix& logits,
    Scalar& loss, Scalar& accuracy) const
{
    loss = kNaN;
    accuracy = kNaN;
    if (x.rows() == 0)
        return;
    model.predict(x, logits);
    loss = m_loss->value(logits, y);
    if (m_data.task == Task::Regression)
        return;
    Index correct = 0;
    for (Index i = 0; i < logits.rows(); ++i)
        if (Loss::predictClass(logits.row(i)) == y(i, 0))
            ++correct;
    accuracy = static_cast<Scalar>(correct) / static_cast<Scalar>(logits.rows());
}

bool RunTrainer::roundOptimizerState(std::int64_t step)
{
    // state_quantizer: each state tensor is stored rounded, in the optimizer's order (one u
    // per element from the run's state stream when stochastic).
    for (std::size_t i = 0; i < m_stateTensors.size(); ++i) {
        Matrix& s = *m_stateTensors[i].values;
        if (!s.allFinite()) {
            diverge(step,
                std::string("the optimizer state (") + m_stateTensors[i].name + " of tensor "
                    + std::to_string(m_stateTensors[i].tensor) + ")",
                s.hasNaN());
            return false;
        }
        m_stateQuantizer->quantize(s, m_stateScratch[i], m_stateStates[i], m_stateRng);
        s.swap(m_stateScratch[i]);
    }
    return true;
}

void RunTrainer::diverge(std::int64_t step, const std::string& quantity, bool nan)
{
    m_status = RunStatus::Diverged;
    m_failedStep = step;
    m_message = "diverged at step " + std::to_string(step) + ": " + quantity + " became "
        + (nan ? "nan" : "inf") + "; try a smaller learning rate. The run keeps its last finite "
        + "weights (after step " + std::to_string(m_step) + ").";
}

void RunTrainer::fail(const std::string& what)
{
    m_status = RunStatus::Failed;
    m_message = "failed at step " + std::to_string(m_failedStep) + ": " + what;
}

void RunTrainer::finish(Observer& observer)
{
    if (m_reported)
        return;
    m_reported = true;
    observer.onRunFinished(summary());
}

void RunTrainer::markStopped(Observer& observer)
{
    if (m_status == RunStatus::Failed)
        finish(observer);
    if (!active())
        return;
    m_status = RunStatus::Stopped;
    m_message = "stopped at step " + std::to_string(m_step) + " of "
        + std::to_string(m_schedule.totalSteps) + " by request.";
    finish(observer);
}

RunSummary RunTrainer::summary() const
{
    RunSummary s;
    s.run = m_index;
    s.name = m_name;
    s.status = m_status;
    s.steps = m_step;
    s.totalSteps = m_schedule.totalSteps;
    s.message = m_message;
    s.failedStep = m_failedStep;
    s.lastFiniteLoss = m_lastFiniteLoss;
    s.trainSeconds = m_trainSeconds;
    s.kernels = kernelSetName(m_kernels);
    s.last = m_lastEvaluated;
    const std::vector<std::string> names = m_policy->learnedNames();
    const std::vector<Scalar> values = m_policy->learnedValues();
    for (std::size_t k = 0; k < names.size() && k < values.size(); ++k)
        s.learned.push_back({ names[k], values[k] });
    return s;
}

WeightSnapshot RunTrainer::snapshot() const
{
    WeightSnapshot snap;
    snap.run = m_index;
    snap.step = m_step;
    snap.tensors = m_policy->tensors();
    const std::vector<std::string> names = m_policy->learnedNames();
    const std::vector<Scalar> values = m_policy->learnedValues();
    for (std::size_t k = 0; k < names.size() && k < values.size(); ++k)
        snap.learned.push_back({ names[k], values[k] });
    return snap;
}

void RunTrainer::predict(const ConstMatrixRef& x, Matrix& logits) const
{
    m_policy->predict(x, logits);
}

void RunTrainer::setProductThreads(int threads)
{
    if (!m_model->kernels() || threads <= 1) {
        m_model->setProductPool(nullptr);
        m_productPool.reset();
        return;
    }
    if (!m_productPool || m_productPool->threads() != threads) {
        m_model->setProductPool(nullptr);
        m_productPool = std::make_unique<ProductPool>(threads);
    }
    m_model->setProductPool(m_productPool.get());
}

void RunTrainer::setQuantizer(const QuantizerSpec& quantizer)
{
    createQuantizer(quantizer); // validates before anything changes
    // Back to plain full-precision weights in values(), then snap with the new grid.
    m_policy->restoreFullPrecision();
    // The optimizer's state (momentum, moments) is kept: it is shaped like the weights
    // whatever the mode.
    const std::size_t before = m_policy->trainable().size();
    m_policy = makeTrainingPolicy(quantizer, *m_model, m_roundRng, m_perTensor);
    readCalibration(quantizer);
    snapToGrid();
    // Learned steps or clips that come or go change what the optimizer updates: its
    // state starts afresh then (the weights' state cannot be told apart from the rest).
    if (m_policy->trainable().size() != before) {
        m_next = m_policy->trainable();
        m_written.resize(m_next.size());
        m_optimizer->reset(m_policy->trainable());
        if (m_stateQuantizer) {
            m_stateTensors = m_optimizer->stateTensors();
            m_stateStates.assign(m_stateTensors.size(), QuantState {});
            m_stateScratch.assign(m_stateTensors.size(), Matrix());
        }
        if (m_gradQuantizer) {
            m_gradQ.assign(m_policy->trainable().size(), Matrix());
            m_gradStates.assign(m_gradQ.size(), QuantState {});
        }
    }
}

} // namespace bitlab
