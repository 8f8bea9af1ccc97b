#include "core/engine/experiment.h"

#include "core/common/control_chars.h"
#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/shape_text.h"
#include "core/engine/run_trainer.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>
#include <sstream>
#include <thread>

namespace bitlab {

namespace {

std::int64_t stepsPerEpochFor(std::int64_t batchSize, Index trainRows)
{
    if (batchSize <= 0 || batchSize >= trainRows || trainRows <= 0)
        return 1;
    return (trainRows + batchSize - 1) / batchSize;
}

// The quantizer's own problems, and the one it has with the model: activation_bits needs
// hidden activations.
std::vector<std::string> quantizerProblems(
    const QuantizerSpec& q, const std::string& key, const ModelSpec& model)
{
    std::vector<std::string> out = validateQuantizerSpec(q, key);
    const ModelInfo* info = findModel(model.kind);
    if (q.activationBits > 0 && info && !info->hasHidden)
        out.push_back(key + ".activation_bits applies only to models with hidden layers (mlp); "
            + "model.kind \"" + model.kind + "\" has none (use 0)");
    // PACT's clamp(x, 0, alpha) stands for the relu (Choi et al.): it would cut tanh's
    // negative half.
    if (q.learn == LearnMode::Pact && q.activationBits > 0 && info && info->hasHidden
        && model.activation == Activation::Tanh)
        out.push_back(key
            + ".learn \"pact\" clips the hidden activations to [0, alpha]; it needs "
              "model.activation relu or sigmoid (activation is tanh, whose negative half it "
              "would cut)");
    return out;
}

void throwIfAny(const std::vector<std::string>& problems)
{
    if (!problems.empty())
        throw Error(joinNames(problems, "; ") + ".");
}

void applyInit(Model& model, const ExperimentSpec& spec, const std::vector<NamedTensor>& init)
{
    if (spec.init.kind == "zeros") {
        model.setZero();
        return;
    }
    if (spec.init.kind == "default") {
        Rng rng(spec.training.seed, 3);
        model.initialize(rng);
        return;
    }
    const auto& info = model.tensors();
    auto& values = model.values();
    const std::string wanted
        = joinNames(info, [](const TensorInfo& t) { return t.name + " " + shapeText(t.shape); });
    const std::string where
        = spec.init.path.empty() ? std::string("init") : "init '" + spec.init.path + "'";
    std::vector<bool> seen(info.size(), false);
    for (const auto& t : init) {
        const auto it = std::find_if(
            info.begin(), info.end(), [&](const TensorInfo& i) { return i.name == t.name; });
        if (it == info.end())
            throw Error(where + ": tensor '" + t.name + "' is not a parameter of model '"
                + spec.model.kind + "' (its tensors: " + wanted + ").");
        const auto i = static_cast<std::size_t>(it - info.begin());
        if (seen[i])
            throw Error(where + ": tensor '" + t.name + "' appears twice.");
        seen[i] = true;
        if (t.shape != it->shape || t.values.rows() != values[i].rows()
            || t.values.cols() != values[i].cols())
            throw Error(where + ": tensor '" + t.name + "' has shape " + shapeText(t.shape)
                + " but model '" + spec.model.kind + "' needs " + shapeText(it->shape) + ".");
        if (!t.values.allFinite())
            throw Error(
                where + ": tensor '" + t.name + "' holds a value that is not a finite number.");
        values[i] = t.values;
    }
    for (std::size_t i = 0; i < info.size(); ++i)
        if (!seen[i])
            throw Error(where + ": tensor '" + info[i].name + "' " + shapeText(info[i].shape)
                + " is missing (model '" + spec.model.kind + "' needs " + wanted + ").");
}

// A hidden activation's per_tensor entry: its bits (activation_bits of the entry) and
// learn; a learn of its own needs mode ste and bits > 0 (pact: relu or sigmoid).
std::vector<std::string> activationEntryProblems(const QuantizerSpec& own, const QuantizerSpec& run,
    const std::string& at, const ModelSpec& model)
{
    std::vector<std::string> out;
    if (own.activationBits < 0 || own.activationBits > 16)
        out.push_back(at + ".bits must be 0 (full precision) or in [1, 16], got "
            + std::to_string(own.activationBits));
    // A learn the entry inherits is the run's, checked there (with bits 0 it learns nothing).
    if (own.learn == LearnMode::None || own.learn == run.learn)
        return out;
    const std::string learn = std::string(".learn \"") + toString(own.learn) + "\"";
    if (run.mode != TrainingMode::Ste)
        out.push_back(at + learn + " needs mode \"ste\" (the run's mode is \"" + toString(run.mode)
            + "\": no gradient reaches the quantizer)");
    else if (own.activationBits == 0)
        out.push_back(at + learn + " needs bits > 0 (bits 0 leaves this activation in float64)");
    if (own.learn == LearnMode::Pact && model.activation == Activation::Tanh)
        out.push_back(at + learn
            + " clips the activation to [0, alpha]; it needs model.activation relu or "
              "sigmoid (activation is tanh, whose negative half it would cut)");
    return out;
}

// per_tensor: only beside a quantizer, known tensor names (each once), valid specs with the
// run's mode and activation bits.
std::vector<std::string> perTensorProblems(
    const RunSpec& run, const std::string& key, const ModelSpec& model)
{
    std::vector<std::string> out;
    if (run.perTensor.empty())
        return out;
    if (!run.quantizer) {
        out.push_back(key
            + ".per_tensor needs a quantizer: a full-precision run has no "
              "quantizer to override; add \"quantizer\" or remove per_tensor");
        return out;
    }
    const std::vector<std::string> names = perTensorNames(model);
    std::set<std::string> seen;
    for (const auto& t : run.perTensor) {
        const std::string at = key + ".per_tensor." + t.tensor;
        if (std::find(names.begin(), names.end(), t.tensor) == names.end()) {
            const auto activations = modelActivationNames(model);
            out.push_back(key + ".per_tensor: \"" + t.tensor + "\" is not a tensor of model '"
                + model.kind + "' (its tensors: " + joinNames(modelTensorNames(model))
                + (activations.empty() ? std::string()
                                       : "; its activations: " + joinNames(activations))
                + ")");
            continue;
        }
        if (!seen.insert(t.tensor).second) {
            out.push_back(at + " appears twice");
            continue;
        }
        if (isActivationTensorName(t.tensor)) {
            for (auto& p : activationEntryProblems(t.spec, *run.quantizer, at, model))
                out.push_back(std::move(p));
            continue;
        }
        for (auto& p : quantizerProblems(t.spec, at, model))
            out.push_back(std::move(p));
        if (t.spec.mode != run.quantizer->mode)
            out.push_back(at + ".mode must be the run's (\"" + toString(run.quantizer->mode)
                + "\"): a run trains in one mode");
        if (t.spec.activationBits != run.quantizer->activationBits)
            out.push_back(at
                + ".activation_bits is the run's (a setting of the model's "
                  "activations, not of a tensor)");
        if ((t.spec.learn == LearnMode::Pact) != (run.quantizer->learn == LearnMode::Pact))
            out.push_back(at
                + ".learn \"pact\" is the run's (it learns the activations' clip, a setting "
                  "of the model's activations, not of a tensor)");
        if (t.spec.calibrationBatches != run.quantizer->calibrationBatches)
            out.push_back(at
                + ".calibration_batches is the run's (one calibration pass per "
                  "evaluation)");
    }
    return out;
}

} // namespace

std::vector<std::string> specProblems(const ExperimentSpec& spec)
{
    std::vector<std::string> out;
    auto add = [&out](std::vector<std::string> more) {
        for (auto& p : more)
            out.push_back(std::move(p));
    };
    const ModelInfo* model = findModel(spec.model.kind);
    if (!model)
        out.push_back("model.kind must be one of " + joinNames(modelNames()) + ", got \""
            + spec.model.kind + "\"");
    if (model && !model->hasHidden && !spec.model.hidden.empty())
        out.push_back("model.hidden applies only to models with hidden layers (mlp), not to "
                      "model.kind \""
            + spec.model.kind + "\"; remove it or use \"kind\": \"mlp\"");
    for (std::size_t i = 0; i < spec.model.hidden.size(); ++i)
        if (spec.model.hidden[i] < 1 || spec.model.hidden[i] > kMaxHiddenUnits)
            out.push_back("model.hidden." + std::to_string(i) + " must be in [1, "
                + std::to_string(kMaxHiddenUnits) + "], got "
                + std::to_string(spec.model.hidden[i]));
    if (!findLoss(spec.loss))
        out.push_back(
            "loss must be one of " + joinNames(lossNames()) + ", got \"" + spec.loss + "\"");
    else if (model
        && std::find(model->losses.begin(), model->losses.end(), spec.loss) == model->losses.end())
        out.push_back("loss: '" + spec.loss + "' does not fit model '" + model->name
            + "' (valid: " + joinNames(model->losses) + ")");
    add(optimizerProblems(spec.optimizer));
    add(fieldProblems(trainingFields(), spec.training, "training"));
    add(fieldProblems(datasetFields(), spec.dataset, "dataset"));
    const auto inits = initKinds();
    if (std::find(inits.begin(), inits.end(), spec.init.kind) == inits.end())
        out.push_back(
            "init.kind must be one of " + joinNames(inits) + ", got \"" + spec.init.kind + "\"");

    std::set<std::string> names;
    for (std::size_t i = 0; i < spec.runs.size(); ++i) {
        const auto& run = spec.runs[i];
        const std::string key = "runs." + std::to_string(i);
        if (const std::size_t at = findControlCharacter(run.name); at != std::string::npos)
            out.push_back(key + ".name: '" + escapeControlCharacters(run.name) + "' holds "
                + describeControlCharacter(run.name, at)
                + "; names must be plain text without control characters");
        else if (!run.name.empty() && !names.insert(run.name).second)
            out.push_back(key + ".name: '" + run.name
                + "' is already the name of another run; run names must be unique");
        if (run.quantizer)
            add(quantizerProblems(*run.quantizer, key + ".quantizer", spec.model));
        add(perTensorProblems(run, key, spec.model));
        if (run.gradientQuantizer)
            add(validateQuantizerSpec(*run.gradientQuantizer, key + ".gradient_quantizer"));
        if (run.stateQuantizer) {
            add(validateQuantizerSpec(*run.stateQuantizer, key + ".state_quantizer"));
            if (findOptimizer(spec.optimizer.kind) && !optimizerKeepsState(spec.optimizer))
                out.push_back(key + ".state_quantizer: optimizer " + spec.optimizer.kind
                    + " with momentum 0 keeps no state to round; set optimizer.momentum > 0 "
                      "or remove the state quantizer");
        }
    }
    return out;
}

std::vector<std::string> dataProblems(
    const ExperimentSpec& spec, Index rows, Task task, Index classes)
{
    std::vector<std::string> out;
    if (std::string p = modelLossProblem(spec.model.kind, task, spec.loss); !p.empty())
        out.push_back(std::move(p));
    if (task == Task::Multiclass && classes < 2)
        out.push_back("dataset: fewer than 2 classes; a classifier needs at least two");
    // The split of Dataset::prepare: round(test_fraction * rows) rows are held out.
    const double fraction = spec.dataset.testFraction;
    const Index test = fraction >= 0.0 && fraction < 1.0
        ? static_cast<Index>(std::llround(fraction * static_cast<double>(rows)))
        : 0;
    const Index trainRows = rows - test;
    if (trainRows < 1)
        out.push_back("dataset.test_fraction leaves no training rows out of " + std::to_string(rows)
            + "; choose a smaller test fraction");
    else if (spec.optimizer.batchSize > trainRows)
        out.push_back("optimizer.batch_size: " + std::to_string(spec.optimizer.batchSize)
            + " is larger than the " + std::to_string(trainRows)
            + " training rows (use 0 for full batch)");
    return out;
}

namespace {
// "-g<tag>" for a gradient quantizer, "-s<tag>" for a state quantizer (e.g. fp64-gbf16-sr).
std::string roundedTag(const char* prefix, const std::optional<QuantizerSpec>& q)
{
    if (!q)
        return {};
    const QuantizerInfo* info = findQuantizer(q->scheme);
    return prefix + (info ? info->tag(*q) : q->scheme)
        + (q->rounding == Rounding::Stochastic ? "-sr" : "");
}

std::string roundingTags(const RunSpec& run)
{
    return roundedTag("-g", run.gradientQuantizer) + roundedTag("-s", run.stateQuantizer);
}
} // namespace

std::string defaultRunName(const RunSpec& run)
{
    if (!run.quantizer)
        return "fp64" + roundingTags(run);
    const QuantizerSpec& q = *run.quantizer;
    const QuantizerInfo* info = findQuantizer(q.scheme);
    std::string name = info ? info->tag(q) : q.scheme + std::to_string(q.bits);
    switch (q.mode) {
    case TrainingMode::PostUpdate:
        name += "-post";
        break;
    case TrainingMode::Ste:
        name += "-ste";
        break;
    case TrainingMode::Ptq:
        name += "-ptq";
        break;
    }
    if (q.rounding == Rounding::Stochastic)
        name += "-sr";
    if (q.granularity == Granularity::PerChannel)
        name += "-pc";
    if (q.mode == TrainingMode::Ste && q.steClip)
        name += "-clip";
    if (!q.quantizeBias)
        name += "-fpbias";
    if (q.activationBits > 0)
        name += "-a" + std::to_string(q.activationBits);
    if (q.learn != LearnMode::None)
        name += std::string("-") + toString(q.learn);
    return name + roundingTags(run);
}

void resolveDefaults(ExperimentSpec& spec, Index trainRows)
{
    if (spec.runs.empty())
        spec.runs.push_back(RunSpec { "", std::nullopt });
    const std::int64_t spe = stepsPerEpochFor(spec.optimizer.batchSize, trainRows);
    const std::int64_t total = std::max<std::int64_t>(spec.training.epochs, 0) * spe;
    if (!spec.training.recordEvery)
        spec.training.recordEvery = std::max<std::int64_t>(1, (total + 999) / 1000);
    if (!spec.training.evalEvery)
        spec.training.evalEvery = spe;
    if (spec.optimizer.schedule.kind == "cosine" && spec.optimizer.schedule.tMax == 0)
        spec.optimizer.schedule.tMax = static_cast<int>(spec.training.epochs);

    std::set<std::string> taken;
    for (const auto& run : spec.runs)
        if (!run.name.empty())
            taken.insert(run.name);
    for (auto& run : spec.runs) {
        if (!run.name.empty())
            continue;
        const std::string base = defaultRunName(run);
        std::string name = base;
        for (int k = 2; taken.count(name); ++k)
            name = base + "-" + std::to_string(k);
        taken.insert(name);
        run.name = name;
    }
}

Experiment::Experiment(ExperimentSpec spec, Dataset data, std::vector<NamedTensor> init,
    std::stop_token stop, std::vector<LearnedValue> initLearned)
    : m_spec(std::move(spec))
    , m_data(std::move(data))
{
    throwIfAny(specProblems(m_spec));
    m_data.prepare(m_spec.dataset.testFraction, m_spec.dataset.standardize, m_spec.training.seed);
    throwIfAny(dataProblems(m_spec, m_data.rows(), m_data.task, m_data.classes()));
    const Index trainRows = m_data.xTrain.rows();
    resolveDefaults(m_spec, trainRows);

    m_stepsPerEpoch = stepsPerEpochFor(m_spec.optimizer.batchSize, trainRows);
    m_totalSteps = m_spec.training.epochs * m_stepsPerEpoch;

    // The initial weights are built once and copied into every run.
    std::unique_ptr<Model> initial;
    try {
        initial = createModel(m_spec.model, m_data.features(), m_data.outputs());
    } catch (const Error& e) {
        throw Error(std::string("model: ") + e.what());
    }
    applyInit(*initial, m_spec, init);
    // Building a run copies (and for a quantized run snaps) every weight: up to a second
    // each for the largest models the GUI builds.
    const auto honourStop = [&stop] {
        if (stop.stop_requested())
            throw Cancelled("The experiment was not built: stopped while it was being built.");
    };
    honourStop();

    RunSchedule schedule;
    schedule.stepsPerEpoch = m_stepsPerEpoch;
    schedule.totalSteps = m_totalSteps;
    schedule.batchSize = m_spec.optimizer.batchSize > 0 ? m_spec.optimizer.batchSize : trainRows;
    schedule.recordEvery = *m_spec.training.recordEvery;
    schedule.evalEvery = *m_spec.training.evalEvery;
    for (std::size_t i = 0; i < m_spec.runs.size(); ++i) {
        m_runs.push_back(std::make_unique<RunTrainer>(
            static_cast<int>(i), m_spec, m_spec.runs[i], m_data, *initial, schedule, initLearned));
        honourStop();
    }
    m_probe = std::move(initial);
    m_probeLoss = createLoss(m_spec.loss);
}

Experiment::~Experiment() = default;

int Experiment::runCount() const
{
    return static_cast<int>(m_runs.size());
}

bool Experiment::advance(
    std::int64_t maxSteps, Observer& observer, std::stop_token stop, int threads)
{
    std::vector<RunTrainer*> active;
    for (auto& run : m_runs)
        if (run->hasWork())
            active.push_back(run.get());
    if (threads <= 0)
        threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const auto workers = std::min<std::size_t>(static_cast<std::size_t>(threads), active.size());
    // Threads no run needs go to the runs' products (W4 alone on 2 cores: both cores for
    // its products). The numbers do not depend on it (core/kernels/products.h).
    if (!active.empty()) {
        const int perRun = std::max(1, threads / static_cast<int>(active.size()));
        for (RunTrainer* run : active)
            run->setProductThreads(perRun);
    }

    // Each worker takes the next untrained run; a run is trained by one thread only and
    // depends on nothing shared, so the numbers do not depend on the scheduling.
    std::atomic<std::size_t> next { 0 };
    auto work = [&]() {
        for (std::size_t i = next++; i < active.size(); i = next++)
            active[i]->advance(maxSteps, observer, stop);
    };
    if (workers <= 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        pool.reserve(workers - 1);
        for (std::size_t t = 1; t < workers; ++t)
            pool.emplace_back(work);
        work();
    }
    return !finished();
}

void Experiment::run(Observer& observer, std::stop_token stop, int threads)
{
    while (!stop.stop_requested() && advance(m_totalSteps, observer, stop, threads)) { }
    stopAll(observer);
}

bool Experiment::advanceToEpochEnd(Observer& observer, std::stop_token stop, int threads)
{
    return advance(m_stepsPerEpoch - step() % m_stepsPerEpoch, observer, stop, threads);
}

std::int64_t Experiment::step() const
{
    std::int64_t step = 0;
    for (const auto& run : m_runs)
        step = std::max(step, run->steps());
    return step;
}

void Experiment::stopAll(Observer& observer)
{
    for (auto& run : m_runs)
        run->markStopped(observer);
}

bool Experiment::finished() const
{
    return std::none_of(m_runs.begin(), m_runs.end(), [](const auto& r) { return r->active(); });
}

namespace {
void checkRun(int run, int count)
{
    if (run < 0 || run >= count)
        throw Error("run " + std::to_string(run) + " does not exist (the experiment has "
            + std::to_string(count) + " runs).");
}
} // namespace

RunSummary Experiment::summary(int run) const
{
    checkRun(run, runCount());
    return m_runs[static_cast<std::size_t>(run)]->summary();
}

std::vector<std::string> Experiment::learnedNames(int run) const
{
    checkRun(run, runCount());
    return m_runs[static_cast<std::size_t>(run)]->learnedNames();
}

WeightSnapshot Experiment::snapshot(int run) const
{
    checkRun(run, runCount());
    return m_runs[static_cast<std::size_t>(run)]->snapshot();
}

void Experiment::setQuantizer(int run, const QuantizerSpec& quantizer)
{
    checkRun(run, runCount());
    throwIfAny(
        quantizerProblems(quantizer, "runs." + std::to_string(run) + ".quantizer", m_spec.model));
    m_runs[static_cast<std::size_t>(run)]->setQuantizer(quantizer);
    m_spec.runs[static_cast<std::size_t>(run)].quantizer = quantizer;
}

} // namespace bitlab

namespace bitlab {

void Experiment::predict(int run, const ConstMatrixRef& x, Matrix& logits) const
{
    if (run < 0 || run >= runCount())
        throw Error("run " + std::to_string(run) + " does not exist (the experiment has "
            + std::to_string(runCount()) + " runs).");
    if (x.cols() != m_data.features())
        throw Error("predict: " + std::to_string(x.cols()) + " columns given; the model takes "
            + std::to_string(m_data.features()) + ".");
    m_runs[static_cast<std::size_t>(run)]->predict(x, logits);
}

Index Experiment::parameterCount() const
{
    return m_probe->parameterCount();
}

Scalar Experiment::trainLossAt(const std::vector<Scalar>& point) const
{
    if (static_cast<Index>(point.size()) != m_probe->parameterCount())
        throw Error("trainLossAt: " + std::to_string(point.size()) + " values given; the model has "
            + std::to_string(m_probe->parameterCount()) + " parameters.");
    std::size_t k = 0;
    for (Matrix& t : m_probe->values())
        for (Index r = 0; r < t.rows(); ++r)
            for (Index c = 0; c < t.cols(); ++c)
                t(r, c) = point[k++];
    if (m_data.xTrain.rows() == 0)
        return kNaN;
    Matrix logits;
    m_probe->predict(m_data.xTrain, logits);
    return m_probeLoss->value(logits, m_data.yTrain);
}

} // namespace bitlab
