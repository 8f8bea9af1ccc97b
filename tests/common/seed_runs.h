#pragma once
// The seed's regression as the gradient- and state-quantizer suites train it (header-only;
// tests/ is on every test's include path): the experiment, a fixed-point grid, and the
// weights a run uses now.

#include "core/engine/experiment.h"
#include "core/optim/optimizer.h"
#include "core/quant/quantizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bitlab::test {

// y = 3x + 2 (100 samples), linear, mse, `optimizer` with its defaults and lr 0.1, seed 42,
// a record every step.
inline ExperimentSpec seedSpec(std::int64_t epochs, const std::string& optimizer = "gd")
{
    ExperimentSpec spec;
    spec.dataset.source = "builtin:seed-linear";
    spec.dataset.samples = 100;
    spec.model.kind = "linear";
    spec.loss = "mse";
    spec.optimizer = findOptimizer(optimizer)->defaults;
    spec.optimizer.lr = 0.1;
    spec.training.epochs = epochs;
    spec.training.seed = 42;
    spec.training.recordEvery = 1;
    return spec;
}

inline QuantizerSpec fixedGrid(int bits, int fracBits)
{
    QuantizerSpec q = findQuantizer("fixed")->defaults;
    q.bits = bits;
    q.fracBits = fracBits;
    return q;
}

// The values run `run` uses now, tensor by tensor.
inline std::vector<Matrix> weightsOf(const Experiment& exp, int run)
{
    std::vector<Matrix> out;
    for (const auto& t : exp.snapshot(run).tensors)
        out.push_back(t.values);
    return out;
}

} // namespace bitlab::test
