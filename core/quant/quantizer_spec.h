#pragma once
// QuantizerSpec: the "quantizer" object of a run in the experiment file: the scheme
// (quantizerRegistry()), its bit-width and settings, and how the run trains with it.

#include "core/quant/float_format.h"

#include <optional>
#include <string>
#include <vector>

namespace bitlab {

enum class Rounding { Nearest, Stochastic };
enum class TrainingMode { PostUpdate, Ste, Ptq };
enum class Granularity { PerTensor, PerChannel };
// float: cast the values as they are, or divide by s = amax / max_finite first (per tensor or
// per channel) and multiply back after.
enum class FloatScaling { None, Amax };
// How a scale-based scheme (symmetric, affine, float with amax scaling) chooses its range
// (docs/quantizers.md "Observers"): the tensor's min/max (default), PyTorch's
// MovingAverageMinMaxObserver, a percentile, or the clip minimising the quantization MSE.
enum class RangeObserver { MinMax, MovingAverage, Percentile, Mse };
// Quantizer parameters the run's optimizer learns (docs/quantizers.md "Learned step sizes
// and clips", core/quant/learned_step.h): none; LSQ's step size of every quantized weight
// tensor (symmetric, ste) and, with activation_bits, of every hidden activation; PACT's
// clip of every hidden activation (activation_bits, ste; the weights keep their quantizer).
enum class LearnMode { None, Lsq, Pact };

struct QuantizerSpec {
    std::string scheme = "fixed"; // a name of quantizerRegistry()
    int bits = 8; // word length, sign included (float, mx, nvfp4: the format's, derived)
    int fracBits = 0; // fixed only
    bool narrowRange = true; // symmetric only
    Rounding rounding = Rounding::Nearest;
    TrainingMode mode = TrainingMode::PostUpdate;
    Granularity granularity = Granularity::PerTensor;
    bool quantizeBias = true;
    bool steClip = false;
    // symmetric, affine: PyTorch's float32 arithmetic (scale, inverse, product, w') instead
    // of float64, so codes match torch's FakeQuantize bit for bit (core/quant/torch_float32.h).
    bool torchFloat32 = false;
    int activationBits = 0; // mlp hidden activations, affine fake-quant; 0 = off
    // float: a name of floatFormatRegistry() or "custom" (exp_bits/man_bits, IEEE-like).
    std::string format = "e4m3";
    int expBits = 4, manBits = 3; // float with format "custom"
    FloatOverflow overflow = FloatOverflow::Saturate; // float: saturate, or the format's inf/NaN
    FloatScaling scaling = FloatScaling::None; // float
    std::string element = "e4m3"; // mx: a name of mxElements()
    int block = 32; // mx (32) and nvfp4 (16): elements per block along a row
    RangeObserver observer = RangeObserver::MinMax; // symmetric, affine, float with amax
    double averaging = 0.01; // moving_average: c in min += c * (xmin - min)
    double percentile = 99.9; // percentile: p of |x| (symmetric, float) or of x per side
    int calibrationBatches = 0; // ptq: training batches observed before each evaluation
    LearnMode learn = LearnMode::None; // ste only
};

// Name <-> enum for the JSON reader, the CLI and the UI; fromString returns nullopt for
// an unknown name, the *Names() functions list the allowed ones.
const char* toString(Rounding);
const char* toString(TrainingMode);
const char* toString(Granularity);
const char* toString(FloatScaling);
const char* toString(FloatOverflow);
const char* toString(RangeObserver);
std::optional<RangeObserver> observerFromString(const std::string&);
std::vector<std::string> observerNames();
const char* toString(LearnMode);
std::optional<LearnMode> learnFromString(const std::string&);
std::vector<std::string> learnNames();
std::optional<Rounding> roundingFromString(const std::string&);
std::optional<TrainingMode> modeFromString(const std::string&);
std::optional<Granularity> granularityFromString(const std::string&);
std::optional<FloatScaling> scalingFromString(const std::string&);
std::optional<FloatOverflow> overflowFromString(const std::string&);
std::vector<std::string> roundingNames();
std::vector<std::string> modeNames();
std::vector<std::string> granularityNames();
std::vector<std::string> scalingNames();
std::vector<std::string> overflowNames();

} // namespace bitlab
