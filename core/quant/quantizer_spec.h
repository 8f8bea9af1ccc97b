#pragma once
// QuantizerSpec: the "quantizer" object of a run in the experiment file: the scheme
// (quantizerRegistry()), its bit-width and settings, and how the run trains with it.

#include <optional>
#include <string>
#include <vector>

namespace bitlab {

enum class Rounding { Nearest, Stochastic };
enum class TrainingMode { PostUpdate, Ste, Ptq };
enum class Granularity { PerTensor, PerChannel };

struct QuantizerSpec {
    std::string scheme = "fixed"; // fixed | symmetric | affine | pow2 | binary | ternary
    int bits = 8; // word length, sign included
    int fracBits = 0; // fixed only
    bool narrowRange = true; // symmetric only
    Rounding rounding = Rounding::Nearest;
    TrainingMode mode = TrainingMode::PostUpdate;
    Granularity granularity = Granularity::PerTensor;
    bool quantizeBias = true;
    bool steClip = false;
    int activationBits = 0; // mlp hidden activations, affine fake-quant; 0 = off
};

// Name <-> enum for the JSON reader, the CLI and the UI; fromString returns nullopt for
// an unknown name, the *Names() functions list the allowed ones.
const char* toString(Rounding);
const char* toString(TrainingMode);
const char* toString(Granularity);
std::optional<Rounding> roundingFromString(const std::string&);
std::optional<TrainingMode> modeFromString(const std::string&);
std::optional<Granularity> granularityFromString(const std::string&);
std::vector<std::string> roundingNames();
std::vector<std::string> modeNames();
std::vector<std::string> granularityNames();

} // namespace bitlab
