#pragma once
// ExperimentSpec: the in-memory form of an experiment (DESIGN §3, "bitlab.experiment").
//
// One dataset, one model, one loss, one optimizer, and a list of runs; a run without a
// quantizer is full precision. The JSON reader (core/io) fills every field, the GUI panel
// edits it, bitlab-cli runs it. Field names mirror the JSON keys (snake_case there,
// camelCase here). Defaults are the ones a JSON file gets when it omits the key; the
// optimizer's per-kind defaults (PyTorch's) come from findOptimizer(kind)->defaults.

#include "core/common/scalar.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bitlab {

enum class Task { Regression, Binary, Multiclass };
enum class Activation { Relu, Tanh, Sigmoid };
enum class Rounding { Nearest, Stochastic };
enum class TrainingMode { PostUpdate, Ste, Ptq };
enum class Granularity { PerTensor, PerChannel };

struct DatasetSpec {
    std::string source = "builtin:seed-linear"; // CSV path (relative to the JSON file) or builtin:NAME
    std::string target;             // CSV target column by name; empty = the last column
    std::string task = "auto";      // auto | regression | binary | multiclass
    bool standardize = false;       // z-score features with the training rows' mean and std
    double testFraction = 0.0;      // [0, 1): share of rows held out, chosen with training.seed
    bool shuffle = true;            // reshuffle the training rows every epoch
    // Generator parameters of builtin:NAME; unset = the generator's default.
    std::optional<std::int64_t> samples;
    std::optional<double> noise;
    std::optional<std::uint64_t> seed;
    std::optional<int> classes;     // blobs, spiral
    std::optional<int> features;    // linear, blobs

    bool isBuiltin() const { return source.rfind("builtin:", 0) == 0; }
    std::string builtinName() const { return isBuiltin() ? source.substr(8) : std::string(); }
};

struct ModelSpec {
    std::string kind = "linear";    // linear | logistic | softmax | svm | mlp (modelRegistry())
    std::vector<int> hidden;        // mlp hidden layer sizes
    Activation activation = Activation::Relu;
    bool bias = true;
};

struct ScheduleSpec {
    std::string kind = "constant";  // constant | step | cosine, stepped once per epoch
    int stepSize = 30;              // step: multiply by gamma every step_size epochs
    double gamma = 0.1;
    int tMax = 0;                   // cosine: period in epochs; 0 = training.epochs
    double etaMin = 0.0;            // cosine: floor of the learning rate
};

struct OptimizerSpec {
    std::string kind = "gd";        // gd | sgd | adam | adamw | rmsprop | adagrad
    double lr = 0.1;
    double momentum = 0.0;
    bool nesterov = false;
    double beta1 = 0.9, beta2 = 0.999;
    double eps = 1e-8;
    double alpha = 0.99;
    double weightDecay = 0.0;
    std::int64_t batchSize = 0;     // 0 = full batch
    ScheduleSpec schedule;
};

struct TrainingSpec {
    std::int64_t epochs = 1000;
    std::uint64_t seed = 42;
    std::optional<std::int64_t> recordEvery; // unset: about 1000 records per run
    std::optional<std::int64_t> evalEvery;   // unset: once per epoch; 0: first and last step only
};

struct InitSpec {
    std::string kind = "default";   // default | zeros | file
    std::string path;               // kind == file: a weights JSON (relative to the experiment)
};

struct QuantizerSpec {
    std::string scheme = "fixed";   // fixed | symmetric | affine | pow2 | binary | ternary
    int bits = 8;                   // word length, sign included
    int fracBits = 0;               // fixed only
    bool narrowRange = true;        // symmetric only
    Rounding rounding = Rounding::Nearest;
    TrainingMode mode = TrainingMode::PostUpdate;
    Granularity granularity = Granularity::PerTensor;
    bool quantizeBias = true;
    bool steClip = false;
    int activationBits = 0;         // mlp hidden activations, affine fake-quant; 0 = off
};

struct RunSpec {
    std::string name;
    std::optional<QuantizerSpec> quantizer; // none = full precision
};

struct ExperimentSpec {
    DatasetSpec dataset;
    ModelSpec model;
    std::string loss = "mse";
    OptimizerSpec optimizer;
    TrainingSpec training;
    InitSpec init;
    std::vector<RunSpec> runs;
    std::string baseDir;            // folder relative paths resolve against (not serialized)
};

// Name <-> enum, for the JSON reader, the CLI and the UI. fromString returns nullopt for
// an unknown name; the allowed names are listed by the *Names() functions.
const char* toString(Task);
const char* toString(Activation);
const char* toString(Rounding);
const char* toString(TrainingMode);
const char* toString(Granularity);
std::optional<Task> taskFromString(const std::string&);
std::optional<Activation> activationFromString(const std::string&);
std::optional<Rounding> roundingFromString(const std::string&);
std::optional<TrainingMode> modeFromString(const std::string&);
std::optional<Granularity> granularityFromString(const std::string&);
std::vector<std::string> activationNames();
std::vector<std::string> roundingNames();
std::vector<std::string> modeNames();
std::vector<std::string> granularityNames();

} // namespace bitlab
