#pragma once
// ExperimentSpec: the in-memory form of an experiment (DESIGN §3, "bitlab.experiment").
//
// One dataset, one model, one loss, one optimizer, and a list of runs; a run without a
// quantizer is full precision. The JSON reader (core/io) fills every field, the GUI panel
// edits it, bitlab-cli runs it. Field names mirror the JSON keys (snake_case there,
// camelCase here). Defaults are the ones a JSON file gets when it omits the key; the
// optimizer's per-kind defaults (PyTorch's) come from findOptimizer(kind)->defaults.
// Each family's part lives in its own layer (DatasetSpec in core/data, ModelSpec in
// core/model, OptimizerSpec in core/optim, QuantizerSpec in core/quant); this header
// composes them with what belongs to the experiment alone.

#include "core/common/field.h"
#include "core/common/scalar.h"
#include "core/common/task.h"
#include "core/data/dataset_spec.h"
#include "core/model/model_spec.h"
#include "core/optim/optimizer_spec.h"
#include "core/quant/quantizer_spec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bitlab {

struct TrainingSpec {
    std::int64_t epochs = 1000;
    std::uint64_t seed = 42;
    std::optional<std::int64_t> recordEvery; // unset: about 1000 records per run
    std::optional<std::int64_t> evalEvery; // unset: once per epoch; 0: first and last step only
    // The baseline kernels instead of the widest this CPU has (core/kernels/kernels.h): the
    // same bits on every x86-64 machine.
    bool portable = false;
};

struct InitSpec {
    std::string kind = "default"; // default | zeros | file
    std::string path; // kind == file: a weights JSON (relative to the experiment)
};

// A tensor's own quantizer (per_tensor, DESIGN §6): the run's quantizer with the keys the
// file gives for this tensor (docs/quantizers.md "Per-tensor quantizers"). A hidden
// activation ("layers.0.activation") reads only spec.activationBits (its bits, 0 = off)
// and spec.learn (none, lsq, pact).
struct TensorQuantizer {
    std::string tensor; // a model tensor ("layers.0.weight", "bias", ...) or activation
    QuantizerSpec spec;
};

struct RunSpec {
    std::string name;
    std::optional<QuantizerSpec> quantizer; // none = full precision
    // Overrides of `quantizer` for named tensors (only with a quantizer); same mode.
    std::vector<TensorQuantizer> perTensor {};
    // Applied to every gradient tensor before the optimizer sees it (DESIGN §6); its mode
    // is not read. None = full-precision gradients.
    std::optional<QuantizerSpec> gradientQuantizer {};
    // Applied to every optimizer state tensor after each update (momentum buffer, Adam's
    // m and v, RMSprop's and Adagrad's accumulators): the state is stored rounded, as
    // QPyTorch's OptimLP does (DESIGN §6); mode is not read. None = full-precision state.
    std::optional<QuantizerSpec> stateQuantizer {};
};

struct ExperimentSpec {
    DatasetSpec dataset;
    ModelSpec model;
    std::string loss = "mse";
    OptimizerSpec optimizer;
    TrainingSpec training;
    InitSpec init;
    std::vector<RunSpec> runs;
    std::string baseDir; // folder relative paths resolve against (not serialized)
};

// The settings of training.* with their ranges, labels and help: epochs in [1, 1e9],
// seed >= 0, record_every >= 1 and eval_every >= 0 (both optional: unset is automatic).
const std::vector<Field<TrainingSpec>>& trainingFields();
// The settings of dataset.* that are numbers or flags: test_fraction in [0, 1),
// standardize, shuffle (the generator parameters are generatorFields()).
const std::vector<Field<DatasetSpec>>& datasetFields();
// init.kind: default, zeros, file.
std::vector<std::string> initKinds();
// The quantizer of tensor `name`: its per_tensor entry, else the run's.
const QuantizerSpec& specForTensor(const QuantizerSpec& run,
    const std::vector<TensorQuantizer>& perTensor, const std::string& name);
// The tensors of a model spec in the order of its state_dict ("weight", "bias";
// "layers.0.weight", "layers.0.bias", ...): the parameter names per_tensor may use.
std::vector<std::string> modelTensorNames(const ModelSpec& model);
// The name of hidden layer h's output, "layers.<h>.activation": the per_tensor name of its
// activation grid (the prefix of its learned "layers.<h>.activation.step" / ".clip").
std::string activationTensorName(std::size_t h);
// True for a name of that form (whatever the model).
bool isActivationTensorName(const std::string& name);
// The hidden activations of a model spec ("layers.0.activation", ...; none without hidden
// layers): the activation names per_tensor may use.
std::vector<std::string> modelActivationNames(const ModelSpec& model);
// Every name per_tensor may use: modelTensorNames(), then modelActivationNames().
std::vector<std::string> perTensorNames(const ModelSpec& model);
// Whether run trains quantizer parameters: mode ste with learn lsq or pact on its quantizer
// or on one of its per_tensor entries (the GUI offers the learned curves only then).
bool runLearns(const RunSpec& run);

} // namespace bitlab
