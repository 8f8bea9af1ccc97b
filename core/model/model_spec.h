#pragma once
// ModelSpec: the "model" object of the experiment file: the kind (modelRegistry()), the
// hidden layers and activation of an mlp, and whether layers have a bias.

#include <optional>
#include <string>
#include <vector>

namespace bitlab {

enum class Activation { Relu, Tanh, Sigmoid };

struct ModelSpec {
    std::string kind = "linear"; // a name of modelRegistry() (core/model/model_registry.h)
    std::vector<int> hidden; // mlp hidden layer sizes
    Activation activation = Activation::Relu;
    bool bias = true;
};

// "relu", "tanh", "sigmoid"; activationFromString returns nullopt for another name.
const char* toString(Activation);
std::optional<Activation> activationFromString(const std::string&);
std::vector<std::string> activationNames();

} // namespace bitlab
