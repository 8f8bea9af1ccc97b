#pragma once
// Experiment: one dataset, one model, one loss, one optimizer and a list of runs (full
// precision and quantized twins) trained side by side.
//
// All runs start from the same initial weights and see the same mini-batch order (the
// training rows reshuffled each epoch from Rng(seed, stream 1), or file order with
// shuffle: false; consecutive slices, a last smaller batch kept). Each run's stochastic
// rounding has its own stream, Rng(seed, 100 + run). Same spec, same numbers: records do
// not depend on thread count or on how advance() calls are chunked.
//
// Threading: advance() trains runs in parallel on up to `threads` std::threads and
// returns when each has done its steps; threads left over (fewer runs than threads) are
// lent to the runs' dense products on the optimized kernels (threads / runs each), which
// computes the same bits. The Experiment itself is not shared between threads (call it
// from one thread: the CLI's main thread or the GUI's worker thread).

#include "core/data/dataset.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/observer.h"
#include "core/engine/record.h"
#include "core/loss/loss.h"
#include "core/model/model.h"
#include "core/quant/quantizer.h"

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace bitlab {

// A named tensor from a weights file, for InitSpec "file".
struct NamedTensor {
    std::string name;
    std::vector<Index> shape;
    Matrix values; // weight [out, in], bias 1 x out
};

// One tensor of a run at a moment: what the model uses, the latent weights (ste/ptq),
// and the quantizer's decision.
struct TensorSnapshot {
    std::string name;
    std::vector<Index> shape;
    bool isBias = false;
    Matrix values; // what the run's model uses (quantized for post_update/ste/ptq)
    Matrix latent; // ste/ptq: full-precision weights; else empty
    bool quantized = false; // this tensor went through the quantizer
    QuantState quant; // valid when quantized
    std::vector<std::vector<Scalar>> levels; // per channel: representable values
    // The tensor's quantizer (shared, immutable: its explainCode() says what a code means
    // in the hover texts); null when not quantized.
    std::shared_ptr<const Quantizer> quantizer;
    // lsq: quant.scale holds the step the optimizer learned (docs/quantizers.md).
    LearnMode learn = LearnMode::None;
};

struct WeightSnapshot {
    int run = 0;
    std::int64_t step = 0;
    std::vector<TensorSnapshot> tensors;
    // Every learned quantizer parameter (learn lsq / pact) now, named as learnedNames().
    std::vector<LearnedValue> learned;
};

class RunTrainer;

class Experiment {
public:
    // Resolves defaults (record_every, eval_every, run names), validates the combination
    // (model x loss x task, quantizer settings), prepares the dataset and builds every
    // run. `init` is used when spec.init.kind == "file" (names and shapes must match).
    // Throws Error with a message naming the key at fault.
    // A stop request on `stop` is honoured between the model and each run (the GUI's Stop
    // while an experiment is being built): the constructor then throws Cancelled.
    // `initLearned` (init "file": the weights file's "learned" block): every run that learns
    // a step or clip of one of these names starts from its value instead of the initial rule.
    Experiment(ExperimentSpec spec, Dataset data, std::vector<NamedTensor> init = {},
        std::stop_token stop = {}, std::vector<LearnedValue> initLearned = {});
    ~Experiment();
    Experiment(const Experiment&) = delete;
    Experiment& operator=(const Experiment&) = delete;

    const ExperimentSpec& spec() const { return m_spec; } // resolved: every default filled in
    const Dataset& dataset() const { return m_data; }
    int runCount() const;
    std::int64_t stepsPerEpoch() const { return m_stepsPerEpoch; }
    std::int64_t totalSteps() const { return m_totalSteps; }

    // Trains every unfinished run by at most maxSteps updates (parallel over runs, at most
    // `threads` at a time; 0 = hardware concurrency). Step 0's record is emitted by the
    // first call. A stop request is honoured between steps; it leaves runs resumable.
    // Returns true while some run has steps left. Never throws for a run's failure: a
    // diverged or failed run ends with that status (docs/engine.md, "Divergence").
    bool advance(
        std::int64_t maxSteps, Observer& observer, std::stop_token stop = {}, int threads = 0);
    // advance() until every run ends or stop is requested; then runs still unfinished are
    // marked Stopped (and reported through onRunFinished).
    void run(Observer& observer, std::stop_token stop = {}, int threads = 0);
    // advance() by the steps left in the current epoch: to the end of the epoch the most
    // advanced run is in (a whole epoch when it stands at an epoch boundary).
    bool advanceToEpochEnd(Observer& observer, std::stop_token stop = {}, int threads = 0);
    // Marks every unfinished run Stopped and reports it.
    void stopAll(Observer& observer);
    bool finished() const;
    // The largest step any run has reached, and the epoch it falls in (step / stepsPerEpoch).
    std::int64_t step() const;
    std::int64_t epoch() const { return step() / m_stepsPerEpoch; }

    // Throw Error for a run index out of range.
    RunSummary summary(int run) const;
    // The names of run `run`'s learned quantizer parameters (learn lsq / pact), in the
    // order of Record::learned: "layers.0.weight.step" (per channel "...step[c]"),
    // "layers.0.activation.step" or "layers.0.activation.clip". Empty when it learns none.
    std::vector<std::string> learnedNames(int run) const;
    // The run's tensors now (ptq: Q(w) is recomputed from the current weights with a copy
    // of the run's rounding stream, so taking a snapshot never changes later numbers).
    WeightSnapshot snapshot(int run) const;
    // Replaces run `run`'s quantizer between advance() calls (GUI: change the grid while
    // paused); its weights re-snap onto the new grid at once (post_update: w <- Q_new(w);
    // ste/ptq: Q_new of the latent weights), the optimizer state is kept, and `flips`
    // count from the new codes. Throws Error (keys runs.N.quantizer.*) for an invalid spec.
    void setQuantizer(int run, const QuantizerSpec& quantizer);

    // Logits of run `run` for the rows of x (in the model's input space: standardized when
    // the dataset is), with the weights the run uses now (ptq: Q(w), as snapshot()). For
    // the GUI's decision boundary; never changes later numbers. Throws Error for a run
    // index out of range or a column count that is not the model's input count.
    void predict(int run, const ConstMatrixRef& x, Matrix& logits) const;
    // Full-precision loss over the training rows with the model's scalars set to `point`
    // (every trainable scalar in tensor order, as Record::point). For the GUI's loss
    // surface of two-parameter models. Throws Error when point has the wrong size.
    Scalar trainLossAt(const std::vector<Scalar>& point) const;
    // Number of trainable scalars of the model (the size of a Record::point).
    Index parameterCount() const;
    // Decision grids and loss surfaces built on predict() and trainLossAt(): probes.h.

private:
    ExperimentSpec m_spec;
    Dataset m_data;
    std::int64_t m_stepsPerEpoch = 1;
    std::int64_t m_totalSteps = 0;
    std::vector<std::unique_ptr<RunTrainer>> m_runs;
    std::unique_ptr<Model> m_probe; // scratch model for trainLossAt()
    std::unique_ptr<Loss> m_probeLoss;
};

// Every problem of spec that can be seen without its data, one sentence each naming its
// key (e.g. "optimizer.lr must be > 0, got -1"); empty when it can run. The fields are
// checked against their registries' tables (optimizerFields(), quantizerFields(),
// trainingFields(), datasetFields()), then what ties them together: the model kind and its
// hidden layers, the loss the model takes, unique run names, activation_bits on a model
// with hidden layers. The Experiment refuses a spec with problems; the JSON reader and the
// GUI panel report the same list, so the GUI and the CLI accept the same experiments.
// Once the data is there, checkModelLoss (model x loss x the dataset's task) follows.
std::vector<std::string> specProblems(const ExperimentSpec& spec);
// The problems spec has with a dataset of `rows` rows, task `task` and `classes` classes:
// the model cannot learn the task or the loss does not fit it there (modelLossProblem), a
// multiclass dataset with fewer than 2 classes, a test_fraction that leaves no training
// rows, a batch_size above the training rows. The Experiment checks them once the data is
// prepared; the GUI panel with its preview of the data.
std::vector<std::string> dataProblems(
    const ExperimentSpec& spec, Index rows, Task task, Index classes);

// Fills every default of spec that depends on nothing but the spec and the dataset's row
// count: run names ("fp64", "fixed8.3-post", "sym4-ste", ..., made unique with -2, -3),
// record_every = max(1, ceil(total steps / 1000)), eval_every = steps per epoch, the cosine
// T_max (0 -> epochs), and one full-precision run when there are none. Used by Experiment
// and by the writers of the resolved experiment.json.
void resolveDefaults(ExperimentSpec& spec, Index trainRows);
// A short default name for a run: "fp64" or derived from its quantizer: scheme tag
// (fixed8.3, sym4, sym4full, affine8, pow2_4, binary, ternary), mode (-post, -ste, -ptq),
// then -sr (stochastic), -pc (per channel), -clip, -fpbias, -aN (activation bits).
std::string defaultRunName(const RunSpec& run);

} // namespace bitlab
