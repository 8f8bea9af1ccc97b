#pragma once
// Footprint: how big an experiment is before it is built: the model's parameter count
// (from the layer sizes alone, nothing allocated) and an estimate of the memory training
// all its runs takes. The panel shows both as the user types and refuses a model whose
// estimate passes kMemoryBudgetBytes, so that Run never starts building something that
// fills the machine (a 4096,4096,4096 MLP on the seed's data: 33.6 M parameters, about 12 GB for
// its 4 runs).
//
// The estimate counts copies of the parameters (8-byte scalars): four shared (the
// experiment's probe and initial models, the live snapshot); per run, the weights,
// gradients, three work copies and the optimizer's state, and for a quantized run about
// five more (the quantizer's buffers) plus the latent weights under ste; per run, logits
// for the training rows and hidden activations for a batch; the dataset and its split.
// Calibrated on the peak resident size of `bitlab-cli run --preset seed --set
// model.kind=mlp --set model.hidden=[1000,1000] --set training.epochs=1` with one float
// run (241 MB), two (285 MB: 5.5 copies per float run) and the seed's four runs (536 MB:
// about 12 copies per quantized run; the CLI adds its export buffers on top).

#include "core/common/scalar.h"
#include "core/engine/experiment_spec.h"

#include <cstdint>

namespace bitlab {

struct Footprint {
    std::int64_t parameters = 0; // scalars in all tensors of the model
    double bytes = 0.0; // estimated memory to train every run
};

// The GUI refuses to build experiments estimated above this (2 GiB).
inline constexpr double kMemoryBudgetBytes = 2.0 * 1024 * 1024 * 1024;

// Parameters of spec.model for `inputs` features and `outputs` logits (weights and biases
// of its dense layers, from the sizes alone); 0 when the model kind is unknown. Hidden sizes
// are taken as written (the panel checks they are positive); a count past 2^50 stops there.
std::int64_t parameterCount(const ModelSpec& model, Index inputs, Index outputs);

// The footprint of `spec` on a dataset of `rows` rows (before the test split).
Footprint estimateFootprint(const ExperimentSpec& spec, Index rows, Index inputs, Index outputs);

} // namespace bitlab
