#include "core/engine/run_trainer.h"

#include "core/common/error.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>

namespace bitlab {

namespace {

// Every element finite, without a branch per element: x * 0 is 0 for a finite x and NaN
// for inf or NaN, so the (vectorised) sum is 0 exactly when all are finite.
bool allFiniteFast(const std::vector<Matrix>& tensors)
{
    Scalar probe = 0;
    for (const auto& t : tensors)
        probe += (t.array() * Scalar(0)).sum();
    return probe == 0;
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

// Rng::below(n) drawing the same numbers with one division instead of two: x is rejected
// when x >= limit = M - M % n (M = 2^64 - 1), a multiple of n, i.e. when x / n reaches
// M / n, i.e. when x - x % n > M - n.
std::uint64_t uniformBelow(Rng& rng, std::uint64_t n)
{
    constexpr std::uint64_t M = ~std::uint64_t { 0 };
    for (;;) {
        const std::uint64_t x = rng.next();
        const std::uint64_t r = x % n;
        if (x - r <= M - n)
            return r;
    }
}

void appendValues(std::vector<Scalar>& out, const Matrix& m)
{
    // Row-major storage: data() is the tensor's row-major order.
    out.insert(out.end(), m.data(), m.data() + m.size());
}

} // namespace

RunTrainer::RunTrainer(int index, const ExperimentSpec& spec, const RunSpec& run,
    const Dataset& data, const Model& initial, const RunSchedule& schedule)
    : m_index(index)
    , m_name(run.name)
    , m_data(data)
    , m_optSpec(spec.optimizer)
    , m_epochs(spec.training.epochs)
    , m_shuffle(spec.dataset.shuffle)
    , m_schedule(schedule)
    , m_quant(run.quantizer)
    , m_shuffleRng(spec.training.seed, 1)
    , m_roundRng(spec.training.seed, 100 + static_cast<std::uint64_t>(index))
{
    m_model = initial.clone();
    m_loss = createLoss(spec.loss);
    m_optimizer = createOptimizer(spec.optimizer);

    const auto& values = m_model->values();
    m_next = values;
    m_q = values;
    m_clipped = values;

    const Index nTrain = m_data.xTrain.rows();
    const Index k = m_model->outputs();
    m_fullBatch = m_schedule.batchSize <= 0 || m_schedule.batchSize >= nTrain;
    if (m_fullBatch) {
        m_dLogits.resize(nTrain, k);
        m_batchLogits.resize(nTrain, k);
    } else {
        const Index bs = m_schedule.batchSize;
        m_xBatch.resize(bs, m_data.xTrain.cols());
        m_yBatch.resize(bs, m_data.yTrain.cols());
        m_dLogits.resize(bs, k);
        m_batchLogits.resize(bs, k);
        if (const Index last = nTrain % bs; last > 0) {
            m_dLogitsLast.resize(last, k);
            m_batchLogitsLast.resize(last, k);
        }
    }
    m_order.resize(static_cast<std::size_t>(nTrain));
    std::iota(m_order.begin(), m_order.end(), std::int64_t { 0 });
    m_trainLogits.resize(nTrain, k);
    m_testLogits.resize(m_data.xTest.rows(), k);

    buildQuantizers();
    try {
        snapToGrid();
    } catch (const std::exception& e) {
        // Failure is data: the run ends at step 0 (reported by the first advance()), the
        // others go on.
        m_failedStep = 0;
        fail(e.what());
    }
    m_optimizer->reset(trainable());
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

std::vector<Matrix>& RunTrainer::trainable()
{
    return quantized() && mode() == TrainingMode::Ste ? m_latent : m_model->values();
}

Scalar RunTrainer::scheduledLr(std::int64_t epoch) const
{
    return scheduledLearningRate(m_optSpec, epoch, m_epochs);
}

void RunTrainer::buildQuantizers()
{
    const auto& info = m_model->tensors();
    m_quantizers.clear();
    m_quantizers.resize(info.size());
    m_states.assign(info.size(), QuantState {});
    if (quantized()) {
        for (std::size_t i = 0; i < info.size(); ++i)
            if (!info[i].isBias || m_quant->quantizeBias)
                m_quantizers[i] = createQuantizer(*m_quant);
    }
    m_model->setActivationBits(quantized() ? m_quant->activationBits : 0);
}

// Expects the full-precision weights in the model's values() and m_latent empty.
void RunTrainer::snapToGrid()
{
    m_latent.clear();
    m_lastCodes.assign(m_quantizers.size(), Matrix());
    m_roundError = 0;
    if (!quantized())
        return;
    auto& values = m_model->values();
    switch (mode()) {
    case TrainingMode::PostUpdate: {
        quantizeLatent(m_q, m_states, m_roundRng);
        m_roundError = quantErrorNow();
        for (std::size_t i = 0; i < values.size(); ++i)
            if (m_quantizers[i])
                values[i] = m_q[i];
        break;
    }
    case TrainingMode::Ste:
        m_latent = values;
        quantizeLatent(values, m_states, m_roundRng);
        break;
    case TrainingMode::Ptq:
        quantizeLatent(m_q, m_states, m_roundRng);
        break;
    }
    for (std::size_t i = 0; i < m_quantizers.size(); ++i)
        if (m_quantizers[i])
            m_lastCodes[i] = m_states[i].codes;
}

// Q of the full-precision weights (ste: m_latent; otherwise the model's values) into
// `out` for the quantized tensors; `out` entries of other tensors are left alone.
void RunTrainer::quantizeLatent(
    std::vector<Matrix>& out, std::vector<QuantState>& states, Rng& rng) const
{
    const bool ste = mode() == TrainingMode::Ste;
    const auto& source = ste ? m_latent : m_model->values();
    for (std::size_t i = 0; i < source.size(); ++i)
        if (m_quantizers[i])
            m_quantizers[i]->quantize(source[i], out[i], states[i], rng);
}

// mean |w - Q(w)| over every element of the quantized tensors (ste: latent vs the model's
// values; ptq: the model's values vs m_q; post_update: the pre-rounding weights, still in
// the model's values, vs m_q).
Scalar RunTrainer::quantErrorNow() const
{
    if (!quantized())
        return 0;
    const auto& values = m_model->values();
    Scalar sum = 0;
    Index count = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!m_quantizers[i])
            continue;
        const Matrix& q = mode() == TrainingMode::Ste ? values[i] : m_q[i];
        const Matrix& w = mode() == TrainingMode::Ste ? m_latent[i] : values[i];
        sum += (w - q).cwiseAbs().sum();
        count += w.size();
    }
    return count > 0 ? sum / static_cast<Scalar>(count) : Scalar(0);
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
        const auto addTime = [&] {
            m_trainSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
        };
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

    // The batch: the whole training set in file order (full batch: shuffling would only
    // change the summation order), or rows of this epoch's permutation gathered into the
    // top rows of the preallocated batch buffer.
    const Matrix& xTrain = m_data.xTrain;
    const Matrix& yTrain = m_data.yTrain;
    Index rows = xTrain.rows();
    if (!m_fullBatch) {
        const Index n = xTrain.rows();
        if (pos == 0 && m_shuffle) {
            // Same Fisher-Yates as Rng::permutation, in place (no allocation per epoch).
            std::iota(m_order.begin(), m_order.end(), std::int64_t { 0 });
            for (Index i = n - 1; i > 0; --i) {
                const auto j = static_cast<Index>(
                    uniformBelow(m_shuffleRng, static_cast<std::uint64_t>(i + 1)));
                std::swap(
                    m_order[static_cast<std::size_t>(i)], m_order[static_cast<std::size_t>(j)]);
            }
        }
        const Index start = pos * m_schedule.batchSize;
        rows = std::min<Index>(m_schedule.batchSize, n - start);
        // Row-major and contiguous on both sides: one memcpy per row.
        const Index d = xTrain.cols();
        const Index k = yTrain.cols();
        const auto xBytes = static_cast<std::size_t>(d) * sizeof(Scalar);
        const auto yBytes = static_cast<std::size_t>(k) * sizeof(Scalar);
        const std::int64_t* order = m_order.data() + start;
        Scalar* xDst = m_xBatch.data();
        Scalar* yDst = m_yBatch.data();
        for (Index r = 0; r < rows; ++r) {
            const auto src = static_cast<Index>(order[r]);
            std::memcpy(xDst + r * d, xTrain.data() + src * d, xBytes);
            std::memcpy(yDst + r * k, yTrain.data() + src * k, yBytes);
        }
    }
    const bool last = !m_fullBatch && rows < m_schedule.batchSize;
    Matrix& dLogits = last ? m_dLogitsLast : m_dLogits;
    Matrix& batchLogits = last ? m_batchLogitsLast : m_batchLogits;
    const ConstMatrixRef xb
        = m_fullBatch ? ConstMatrixRef(xTrain) : ConstMatrixRef(m_xBatch.topRows(rows));
    const ConstMatrixRef yb
        = m_fullBatch ? ConstMatrixRef(yTrain) : ConstMatrixRef(m_yBatch.topRows(rows));

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

    const std::vector<Matrix>* grads = &m_model->gradients();
    const bool ste = quantized() && mode() == TrainingMode::Ste;
    if (ste && m_quant->steClip) {
        // Straight-through estimator with clipping: no gradient where the code saturated.
        for (std::size_t i = 0; i < grads->size(); ++i) {
            if (m_quantizers[i])
                m_clipped[i] = (*grads)[i].cwiseProduct(m_states[i].inRange);
            else
                m_clipped[i] = (*grads)[i];
        }
        grads = &m_clipped;
    }
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

    auto& values = m_model->values();
    if (record && quantized() && mode() == TrainingMode::Ptq) {
        // ptq: the record's batch_loss is that of Q(w) before the update (one extra forward).
        quantizeLatent(m_q, m_states, m_roundRng);
        for (std::size_t i = 0; i < values.size(); ++i)
            if (m_quantizers[i])
                values[i].swap(m_q[i]);
        m_model->predict(xb, batchLogits);
        m_batchLoss = m_loss->value(batchLogits, yb);
        for (std::size_t i = 0; i < values.size(); ++i)
            if (m_quantizers[i])
                values[i].swap(m_q[i]);
    }

    // The update goes into a second set of buffers, swapped in only when it is finite, so
    // that a run that overflows keeps its last finite weights (no copy per step).
    auto& weights = trainable();
    m_optimizer->stepInto(weights, *grads, m_stepLr, m_next);
    if (!allFiniteFast(m_next)) {
        allFinite(m_next, nan);
        diverge(step, "the weights (in the update)", nan);
        return false;
    }
    for (std::size_t i = 0; i < weights.size(); ++i)
        weights[i].swap(m_next[i]);

    if (quantized()) {
        switch (mode()) {
        case TrainingMode::PostUpdate:
            quantizeLatent(m_q, m_states, m_roundRng);
            if (record)
                m_roundError = quantErrorNow();
            for (std::size_t i = 0; i < values.size(); ++i)
                if (m_quantizers[i])
                    values[i] = m_q[i];
            break;
        case TrainingMode::Ste:
            quantizeLatent(values, m_states, m_roundRng);
            for (std::size_t i = 0; i < values.size(); ++i)
                if (!m_quantizers[i])
                    values[i] = m_latent[i];
            break;
        case TrainingMode::Ptq:
            break;
        }
    }
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
    const bool ptq = quantized() && mode() == TrainingMode::Ptq;
    if (quantized()) {
        if (ptq && m_step > 0)
            quantizeLatent(m_q, m_states, m_roundRng);
        r.quantError = mode() == TrainingMode::PostUpdate ? m_roundError : quantErrorNow();
        std::int64_t flips = 0;
        for (std::size_t i = 0; i < m_quantizers.size(); ++i) {
            if (!m_quantizers[i])
                continue;
            const Matrix& codes = m_states[i].codes;
            if (m_lastCodes[i].rows() == codes.rows() && m_lastCodes[i].cols() == codes.cols())
                flips += (codes.array() != m_lastCodes[i].array()).count();
            m_lastCodes[i] = codes;
        }
        r.flips = flips;
    } else {
        r.quantError = 0;
    }
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

    if (m_model->parameterCount() <= kTrajectoryScalars) {
        const auto& values = m_model->values();
        for (std::size_t i = 0; i < values.size(); ++i)
            appendValues(r.point, ptq && m_quantizers[i] ? m_q[i] : values[i]);
        if (quantized() && mode() == TrainingMode::Ste)
            for (const auto& w : m_latent)
                appendValues(r.latentPoint, w);
        else if (ptq)
            for (const auto& w : values)
                appendValues(r.latentPoint, w);
    }
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
    const bool ptq = quantized() && mode() == TrainingMode::Ptq;
    auto& values = m_model->values();
    if (ptq)
        for (std::size_t i = 0; i < values.size(); ++i)
            if (m_quantizers[i])
                values[i].swap(m_q[i]);
    evaluateSet(m_data.xTrain, m_data.yTrain, m_trainLogits, r.trainLoss, r.trainAccuracy);
    evaluateSet(m_data.xTest, m_data.yTest, m_testLogits, r.testLoss, r.testAccuracy);
    if (ptq)
        for (std::size_t i = 0; i < values.size(); ++i)
            if (m_quantizers[i])
                values[i].swap(m_q[i]);
    r.evaluated = true;
}

void RunTrainer::evaluateSet(
    const Matrix& x, const Matrix& y, Matrix& logits, Scalar& loss, Scalar& accuracy) const
{
    loss = kNaN;
    accuracy = kNaN;
    if (x.rows() == 0)
        return;
    m_model->predict(x, logits);
    loss = m_loss->value(logits, y);
    if (m_data.task == Task::Regression)
        return;
    Index correct = 0;
    for (Index i = 0; i < logits.rows(); ++i)
        if (Loss::predictClass(logits.row(i)) == y(i, 0))
            ++correct;
    accuracy = static_cast<Scalar>(correct) / static_cast<Scalar>(logits.rows());
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
    s.last = m_lastEvaluated;
    return s;
}

WeightSnapshot RunTrainer::snapshot() const
{
    WeightSnapshot snap;
    snap.run = m_index;
    snap.step = m_step;
    const auto& values = m_model->values();
    const auto& info = m_model->tensors();
    const bool ptq = quantized() && mode() == TrainingMode::Ptq;
    std::vector<Matrix> q;
    std::vector<QuantState> states;
    if (ptq) {
        // Q(w) of the current weights with a copy of the rounding stream: a snapshot never
        // changes the numbers the run will produce.
        q = values;
        states = m_states;
        Rng rng = m_roundRng;
        quantizeLatent(q, states, rng);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        TensorSnapshot t;
        t.name = info[i].name;
        t.shape = info[i].shape;
        t.isBias = info[i].isBias;
        t.quantized = m_quantizers[i] != nullptr;
        t.values = ptq && t.quantized ? q[i] : values[i];
        if (quantized() && mode() == TrainingMode::Ste)
            t.latent = m_latent[i];
        else if (ptq)
            t.latent = values[i];
        if (t.quantized) {
            t.quant = ptq ? states[i] : m_states[i];
            for (Index c = 0; c < t.quant.channels(); ++c)
                t.levels.push_back(m_quantizers[i]->levels(t.quant, c));
        }
        snap.tensors.push_back(std::move(t));
    }
    return snap;
}

void RunTrainer::predict(const ConstMatrixRef& x, Matrix& logits) const
{
    if (quantized() && mode() == TrainingMode::Ptq) {
        // The model holds w; the run's predictions are those of Q(w).
        const WeightSnapshot snap = snapshot();
        std::unique_ptr<Model> probe = m_model->clone();
        for (std::size_t i = 0; i < snap.tensors.size(); ++i)
            probe->values()[i] = snap.tensors[i].values;
        probe->predict(x, logits);
        return;
    }
    m_model->predict(x, logits);
}

void RunTrainer::setQuantizer(const QuantizerSpec& quantizer)
{
    createQuantizer(quantizer); // validates before anything changes
    // Back to plain full-precision weights in values(), then snap with the new grid.
    auto& values = m_model->values();
    if (quantized() && mode() == TrainingMode::Ste)
        values = m_latent;
    // The optimizer's state (momentum, moments) is kept: it is shaped like the weights
    // whatever the mode.
    m_quant = quantizer;
    buildQuantizers();
    try {
        snapToGrid();
    } catch (const std::exception& e) {
        if (active()) {
            m_failedStep = m_step;
            fail(e.what());
        }
    }
}

} // namespace bitlab
