#include "core/engine/presets.h"

#include "core/common/text.h"

#include <string>
#include <utility>

namespace bitlab {

namespace {

// Every preset trains in well under a second on one core: small built-in datasets and
// modest epoch counts. Run names are file names too (weights/<run>.json), so no spaces.

RunSpec fullPrecision()
{
    return RunSpec { "fp64", std::nullopt };
}

RunSpec quantized(std::string name, QuantizerSpec q)
{
    return RunSpec { std::move(name), q };
}

QuantizerSpec fixedPoint(int bits, int fracBits, Rounding rounding, TrainingMode mode)
{
    QuantizerSpec q;
    q.scheme = "fixed";
    q.bits = bits;
    q.fracBits = fracBits;
    q.rounding = rounding;
    q.mode = mode;
    return q;
}

QuantizerSpec scheme(
    const char* name, int bits, TrainingMode mode, Granularity granularity = Granularity::PerTensor)
{
    QuantizerSpec q;
    q.scheme = name;
    q.bits = bits;
    q.mode = mode;
    q.granularity = granularity;
    return q;
}

// The classic example: y = 3x + 2 by full-batch gradient descent, and the same training
// with the weights stored in 8-bit fixed point with 3 fractional bits (Q4.3, grid step
// 1/8). Rounding to nearest after every update stalls as soon as every update is smaller
// than half a grid step (1/16); stochastic rounding and STE keep learning.
Preset seedPreset()
{
    ExperimentSpec s;
    s.dataset.source = "builtin:seed-linear";
    s.dataset.samples = 100;
    s.model.kind = "linear";
    s.loss = "mse";
    s.optimizer.kind = "gd";
    s.optimizer.lr = 0.1;
    s.optimizer.batchSize = 0;
    s.training.epochs = 1000;
    s.runs = {
        fullPrecision(),
        quantized("Q4.3-nearest", fixedPoint(8, 3, Rounding::Nearest, TrainingMode::PostUpdate)),
        quantized(
            "Q4.3-stochastic", fixedPoint(8, 3, Rounding::Stochastic, TrainingMode::PostUpdate)),
        quantized("Q4.3-ste", fixedPoint(8, 3, Rounding::Nearest, TrainingMode::Ste)),
    };
    return { "seed",
        BITLAB_TR_NOOP("bitlab::core", "The classic example: y = 3x + 2 in 8-bit fixed point"),
        BITLAB_TR_NOOP("bitlab::core",
            "Linear regression by full-batch gradient descent, in float64 and with the weights "
            "stored in Q4.3 fixed point. Rounding to nearest after every update stalls short "
            "of the solution; stochastic rounding and the straight-through estimator do not."),
        std::move(s) };
}

// An MLP on two moons, trained with Adam on mini-batches: 4-bit weights (quantization-aware)
// barely differ from float64, 2-bit weights fall off the cliff.
Preset moonsPreset()
{
    ExperimentSpec s;
    s.dataset.source = "builtin:moons";
    s.dataset.samples = 400;
    s.dataset.noise = 0.15;
    s.dataset.testFraction = 0.25;
    s.model.kind = "mlp";
    s.model.hidden = { 16, 16 };
    s.model.activation = Activation::Tanh;
    s.loss = "bce";
    s.optimizer.kind = "adam";
    s.optimizer.lr = 0.01;
    s.optimizer.batchSize = 32;
    s.training.epochs = 150;
    s.runs = {
        fullPrecision(),
        quantized("sym4-ste", scheme("symmetric", 4, TrainingMode::Ste)),
        quantized("sym2-ste", scheme("symmetric", 2, TrainingMode::Ste)),
    };
    return { "moons",
        BITLAB_TR_NOOP("bitlab::core", "Two moons: a 2-16-16-1 MLP with 4 and 2-bit weights"),
        BITLAB_TR_NOOP("bitlab::core",
            "A tanh MLP learns the two-moons boundary with Adam. Quantization-aware training "
            "with 4-bit symmetric weights stays close to float64; with 2 bits the boundary "
            "coarsens and the test loss rises."),
        std::move(s) };
}

// Logistic regression on two (standardized) Gaussian blobs: a linear boundary suffices, so
// even 2-bit weights classify well, while rounding after every update stalls at a high loss.
Preset logisticPreset()
{
    ExperimentSpec s;
    s.dataset.source = "builtin:blobs";
    s.dataset.samples = 200;
    s.dataset.classes = 2;
    s.dataset.standardize = true;
    s.dataset.testFraction = 0.25;
    s.model.kind = "logistic";
    s.loss = "bce";
    s.optimizer.kind = "gd";
    s.optimizer.lr = 0.5;
    s.training.epochs = 300;
    s.runs = {
        fullPrecision(),
        quantized("Q2.2-nearest", fixedPoint(5, 2, Rounding::Nearest, TrainingMode::PostUpdate)),
        quantized("sym2-ste", scheme("symmetric", 2, TrainingMode::Ste)),
    };
    return { "logistic", BITLAB_TR_NOOP("bitlab::core", "Logistic regression on two blobs"),
        BITLAB_TR_NOOP("bitlab::core",
            "A single logistic unit separates two Gaussian blobs by full-batch gradient "
            "descent. Even coarse weights classify well here; the loss shows what they cost."),
        std::move(s) };
}

// Softmax regression on three blobs: per-channel scales (one per class row) against one
// scale for the whole weight matrix at 2 bits (weights in {-s, 0, s}).
Preset softmaxPreset()
{
    ExperimentSpec s;
    s.dataset.source = "builtin:blobs";
    s.dataset.samples = 300;
    s.dataset.classes = 3;
    s.dataset.standardize = true;
    s.dataset.testFraction = 0.25;
    s.model.kind = "softmax";
    s.loss = "cross_entropy";
    s.optimizer.kind = "sgd";
    s.optimizer.lr = 0.1;
    s.optimizer.momentum = 0.9;
    s.optimizer.batchSize = 32;
    s.training.epochs = 60;
    s.runs = {
        fullPrecision(),
        quantized("sym2-ste-tensor", scheme("symmetric", 2, TrainingMode::Ste)),
        quantized(
            "sym2-ste-channel", scheme("symmetric", 2, TrainingMode::Ste, Granularity::PerChannel)),
    };
    return { "softmax", BITLAB_TR_NOOP("bitlab::core", "Softmax regression on three blobs"),
        BITLAB_TR_NOOP("bitlab::core",
            "Multiclass logistic regression with SGD and momentum, in float64 and with 2-bit "
            "symmetric weights: one scale for the whole matrix loses more than one per class."),
        std::move(s) };
}

// A linear SVM (hinge loss) on two blobs, with binary and ternary weights.
Preset svmPreset()
{
    ExperimentSpec s;
    s.dataset.source = "builtin:blobs";
    s.dataset.samples = 200;
    s.dataset.classes = 2;
    s.dataset.standardize = true;
    s.dataset.testFraction = 0.25;
    s.model.kind = "svm";
    s.loss = "hinge";
    s.optimizer.kind = "sgd";
    s.optimizer.lr = 0.05;
    s.optimizer.batchSize = 16;
    s.training.epochs = 60;
    s.runs = {
        fullPrecision(),
        quantized("binary-ste", scheme("binary", 1, TrainingMode::Ste)),
        quantized("ternary-ste", scheme("ternary", 2, TrainingMode::Ste)),
    };
    return { "svm",
        BITLAB_TR_NOOP(
            "bitlab::core", "A linear SVM on two blobs, with binary and ternary weights"),
        BITLAB_TR_NOOP("bitlab::core",
            "Hinge loss on two Gaussian blobs by mini-batch SGD, in float64 and with binary "
            "(XNOR-Net) and ternary (TWN) weights trained through the straight-through "
            "estimator."),
        std::move(s) };
}

// The lessons' network (core/engine/lessons.h): the moons preset's 2-16-16-1 tanh MLP with
// Adam on mini-batches, so lessons 2 to 5 change one thing at a time on the same problem.
ExperimentSpec lessonMoons()
{
    ExperimentSpec s = moonsPreset().spec;
    s.runs = { fullPrecision() };
    return s;
}

QuantizerSpec perChannel(QuantizerSpec q)
{
    q.granularity = Granularity::PerChannel;
    return q;
}

// Lesson 2: the same MLP with 8, 4, 3 and 2-bit symmetric weights (quantization-aware).
Preset cliffPreset()
{
    ExperimentSpec s = lessonMoons();
    for (int bits : { 8, 4, 3, 2 })
        s.runs.push_back(quantized(
            "sym" + std::to_string(bits) + "-ste", scheme("symmetric", bits, TrainingMode::Ste)));
    return { "cliff",
        BITLAB_TR_NOOP(
            "bitlab::core", "The bit-width cliff: 8, 4, 3 and 2-bit weights on two moons"),
        BITLAB_TR_NOOP("bitlab::core",
            "The moons MLP with quantization-aware symmetric weights of 8, 4, 3 and 2 bits: 8 and "
            "4 bits match float64, below 4 bits the test loss jumps."),
        std::move(s) };
}

// Lesson 3: per-tensor against per-channel scales at 3 and 2 bits. After training, a couple
// of hidden neurons have weights several times larger than the rest; one scale for the
// whole matrix (set by them) rounds the small rows to a few levels or to zero.
Preset perChannelPreset()
{
    ExperimentSpec s = lessonMoons();
    for (int bits : { 3, 2 }) {
        const QuantizerSpec q = scheme("symmetric", bits, TrainingMode::Ste);
        const std::string tag = "sym" + std::to_string(bits);
        s.runs.push_back(quantized(tag + "-tensor", q));
        s.runs.push_back(quantized(tag + "-channel", perChannel(q)));
    }
    return { "per-channel", BITLAB_TR_NOOP("bitlab::core", "Per-channel against per-tensor scales"),
        BITLAB_TR_NOOP("bitlab::core",
            "The moons MLP at 3 and 2 bits with one scale per weight matrix and with one scale per "
            "neuron (row): the few large neurons set the per-tensor scale and the others lose "
            "their weights; per-channel scales keep them."),
        std::move(s) };
}

// Lesson 4: post-training quantization (train in float, round at the end) against
// quantization-aware training (STE) at 3 and 2 bits.
Preset ptqQatPreset()
{
    ExperimentSpec s = lessonMoons();
    for (int bits : { 3, 2 }) {
        const std::string tag = "sym" + std::to_string(bits);
        s.runs.push_back(quantized(tag + "-ptq", scheme("symmetric", bits, TrainingMode::Ptq)));
        s.runs.push_back(quantized(tag + "-ste", scheme("symmetric", bits, TrainingMode::Ste)));
    }
    return { "ptq-qat",
        BITLAB_TR_NOOP(
            "bitlab::core", "Post-training quantization against quantization-aware training"),
        BITLAB_TR_NOOP("bitlab::core",
            "The moons MLP rounded to 3 and 2-bit weights after float training (ptq) and trained "
            "through the rounding with the straight-through estimator (ste): ptq falls to chance, "
            "ste stays close to float64."),
        std::move(s) };
}

// Lesson 5: binary (alpha*sign(w)) and ternary ({-alpha, 0, alpha}) weights, trained through
// the STE and applied after float training.
Preset binaryTernaryPreset()
{
    ExperimentSpec s = lessonMoons();
    s.runs.push_back(quantized("binary-ste", scheme("binary", 1, TrainingMode::Ste)));
    s.runs.push_back(quantized("ternary-ste", scheme("ternary", 2, TrainingMode::Ste)));
    s.runs.push_back(quantized("binary-ptq", scheme("binary", 1, TrainingMode::Ptq)));
    s.runs.push_back(quantized("ternary-ptq", scheme("ternary", 2, TrainingMode::Ptq)));
    return { "binary-ternary", BITLAB_TR_NOOP("bitlab::core", "Binary and ternary weights"),
        BITLAB_TR_NOOP("bitlab::core",
            "The moons MLP with 1-bit (binary) and ternary weights: trained through the STE both "
            "learn the moons; applied after float training both fail, ternary less."),
        std::move(s) };
}

// Lesson 6: the seed experiment with Adam instead of gradient descent (same data, grid and
// learning rate). Adam's step tends to lr while the stored weights are stuck, so rounding
// after every update does not stall for good as it does with GD (compare with "seed").
Preset adamRoundingPreset()
{
    ExperimentSpec s = seedPreset().spec;
    s.optimizer.kind = "adam";
    s.runs = {
        fullPrecision(),
        quantized("Q4.3-nearest", fixedPoint(8, 3, Rounding::Nearest, TrainingMode::PostUpdate)),
    };
    return { "adam-rounding",
        BITLAB_TR_NOOP("bitlab::core", "Adam under rounding after every update"),
        BITLAB_TR_NOOP("bitlab::core",
            "The classic example with Adam (lr 0.1) instead of gradient descent: rounding to "
            "nearest after every update stalls for a while, then moves on and ends near float64."),
        std::move(s) };
}

QuantizerSpec floatFormat(const char* format, TrainingMode mode, FloatScaling scaling,
    Rounding rounding = Rounding::Nearest)
{
    QuantizerSpec q;
    q.scheme = "float";
    q.format = format;
    q.bits = 8;
    q.scaling = scaling;
    q.rounding = rounding;
    q.mode = mode;
    return q;
}

// Lesson 7: the seed's regression (learning rate 0.01) with the weights stored in bfloat16
// and no master copy: an update smaller than half a bf16 step of the weight (2^-7 near
// w = 3) is lost, so rounding to nearest stalls within a few hundred steps, as Q4.3 does
// (earlier and higher, beside it); stochastic rounding and a float64 master copy (ste) end
// at float64's loss.
Preset bf16MasterPreset()
{
    ExperimentSpec s = seedPreset().spec;
    s.optimizer.lr = 0.01;
    s.training.epochs = 2000;
    s.runs = {
        fullPrecision(),
        quantized(
            "bf16-nearest", floatFormat("bf16", TrainingMode::PostUpdate, FloatScaling::None)),
        quantized("bf16-stochastic",
            floatFormat(
                "bf16", TrainingMode::PostUpdate, FloatScaling::None, Rounding::Stochastic)),
        quantized("bf16-master", floatFormat("bf16", TrainingMode::Ste, FloatScaling::None)),
        quantized("Q4.3-nearest", fixedPoint(8, 3, Rounding::Nearest, TrainingMode::PostUpdate)),
    };
    return { "bf16-master", BITLAB_TR_NOOP("bitlab::core", "BF16 weights without a master copy"),
        BITLAB_TR_NOOP("bitlab::core",
            "The classic example (lr 0.01) with the weights stored in bfloat16 and rounded to "
            "nearest after every update: it stalls like the Q4.3 grid, later and lower. "
            "Stochastic rounding, or a float64 master copy, reaches float64's loss."),
        std::move(s) };
}

// Lesson 8: the moons MLP cast after float training (ptq) to INT8, FP8 E4M3, INT4, FP4
// E2M1 (both with one scale for the tensor) and MXFP4 (E2M1 elements, a power-of-two
// scale per block of 32). At 8 bits the format does not matter; at 4 bits the integer grid
// loses the small weights to the few large ones, E2M1 (denser near zero) loses fewer, and
// MXFP4's per-block scales keep nearly all.
Preset formatsPreset()
{
    ExperimentSpec s = lessonMoons();
    QuantizerSpec mx;
    mx.scheme = "mx";
    mx.element = "e2m1";
    mx.bits = 4;
    mx.block = 32;
    mx.mode = TrainingMode::Ptq;
    s.runs.push_back(quantized("int8-ptq", scheme("symmetric", 8, TrainingMode::Ptq)));
    s.runs.push_back(
        quantized("e4m3-ptq", floatFormat("e4m3", TrainingMode::Ptq, FloatScaling::Amax)));
    s.runs.push_back(quantized("int4-ptq", scheme("symmetric", 4, TrainingMode::Ptq)));
    s.runs.push_back(
        quantized("e2m1-ptq", floatFormat("e2m1", TrainingMode::Ptq, FloatScaling::Amax)));
    s.runs.push_back(quantized("mxfp4-ptq", mx));
    return { "formats", BITLAB_TR_NOOP("bitlab::core", "INT8, FP8 and MXFP4 on the same MLP"),
        BITLAB_TR_NOOP("bitlab::core",
            "The moons MLP trained in float64 and cast afterwards to INT8 and FP8 E4M3, to INT4 "
            "and FP4 E2M1 with one scale per tensor, and to MXFP4 with a scale per block of 32: "
            "at 8 bits the format does not matter, at 4 bits the scale and the grid's shape do."),
        std::move(s) };
}

// Real data: handwritten 8x8 digits (1,797 images, a quarter held out) and a 64-32-10 MLP,
// in float64 and with 8-, 4- and 2-bit symmetric weights trained with the STE. 8 and 4 bits
// match float64 (test accuracy about 97%); at 2 bits (weights in {-s, 0, s}) the training
// loss stays about 70 times float64's and the test accuracy drops a few points, and the
// Images tab shows the first layer's weights on three levels.
Preset digitsPreset()
{
    ExperimentSpec s;
    s.dataset.source = "builtin:digits";
    s.dataset.standardize = true;
    s.dataset.testFraction = 0.25;
    s.model.kind = "mlp";
    s.model.hidden = { 32 };
    s.model.activation = Activation::Relu;
    s.loss = "cross_entropy";
    s.optimizer.kind = "adam";
    s.optimizer.lr = 0.01;
    s.optimizer.batchSize = 64;
    s.training.epochs = 20;
    s.runs = {
        fullPrecision(),
        quantized("sym8-ste", scheme("symmetric", 8, TrainingMode::Ste)),
        quantized("sym4-ste", scheme("symmetric", 4, TrainingMode::Ste)),
        quantized("sym2-ste", scheme("symmetric", 2, TrainingMode::Ste)),
    };
    return { "digits",
        BITLAB_TR_NOOP("bitlab::core", "Handwritten digits: a 64-32-10 MLP at 8, 4 and 2 bits"),
        BITLAB_TR_NOOP("bitlab::core",
            "Real data: 1,797 handwritten 8x8 digits (UCI), a 64-32-10 MLP with Adam, in float64 "
            "and with 8-, 4- and 2-bit symmetric weights (STE). The Images tab shows the samples "
            "each run gets wrong and the first layer's weights as images."),
        std::move(s) };
}

// Lesson 7: a few weights far out. The digits MLP trained on the raw pixel values (0..16,
// not standardized): the first layer's largest |w| ends about 1.6 times its 99th percentile
// and 5 times its median. Post-training symmetric grids of 3 and 4 bits per tensor: min/max
// spends its levels on those few weights; a percentile or the MSE-optimal clip gives the
// many small weights finer levels and clips the few.
Preset outliersPreset()
{
    ExperimentSpec s = digitsPreset().spec;
    s.dataset.standardize = false;
    s.runs = { fullPrecision() };
    for (int bits : { 3, 4 }) {
        const std::string tag = "sym" + std::to_string(bits);
        QuantizerSpec q = scheme("symmetric", bits, TrainingMode::Ptq);
        s.runs.push_back(quantized(tag + "-minmax", q));
        q.observer = RangeObserver::Percentile;
        q.percentile = 99.0;
        s.runs.push_back(quantized(tag + "-p99", q));
        q.observer = RangeObserver::Mse;
        s.runs.push_back(quantized(tag + "-mse", q));
    }
    return { "outliers",
        BITLAB_TR_NOOP(
            "bitlab::core", "Outlier weights: min/max against percentile and MSE clipping"),
        BITLAB_TR_NOOP("bitlab::core",
            "The digits MLP on raw pixels, where a few weights lie far out, rounded after "
            "training to 3 and 4 bits with the range from min/max, from the 99th percentile of "
            "|w| and from the MSE-optimal clip."),
        std::move(s) };
}

// Lesson 10: learned step sizes. The moons MLP of the cliff at 3 and 2 bits, each with the
// step from min/max (as the cliff) and with LSQ's learned step (Esser et al. 2020). At 2 bits
// the narrow min/max grid is amax * {-1, 0, 1}: most weights round to 0.
Preset lsqPreset()
{
    ExperimentSpec s = lessonMoons();
    for (int bits : { 3, 2 }) {
        QuantizerSpec q = scheme("symmetric", bits, TrainingMode::Ste);
        const std::string tag = "sym" + std::to_string(bits);
        s.runs.push_back(quantized(tag + "-minmax", q));
        q.learn = LearnMode::Lsq;
        s.runs.push_back(quantized(tag + "-lsq", q));
    }
    return { "lsq",
        BITLAB_TR_NOOP("bitlab::core", "Learned step sizes (LSQ) against min/max at 3 and 2 bits"),
        BITLAB_TR_NOOP("bitlab::core",
            "The moons MLP trained through 3 and 2-bit symmetric weights, once with the step from "
            "max|w| and once with the step learned by the optimizer (LSQ)."),
        std::move(s) };
}

} // namespace

const std::vector<Preset>& presetRegistry()
{
    static const std::vector<Preset> presets { seedPreset(), moonsPreset(), logisticPreset(),
        softmaxPreset(), svmPreset(), cliffPreset(), perChannelPreset(), ptqQatPreset(),
        binaryTernaryPreset(), adamRoundingPreset(), bf16MasterPreset(), formatsPreset(),
        digitsPreset(), outliersPreset(), lsqPreset() };
    return presets;
}

const Preset* findPreset(const std::string& name)
{
    for (const Preset& preset : presetRegistry())
        if (preset.name == name)
            return &preset;
    return nullptr;
}

} // namespace bitlab
