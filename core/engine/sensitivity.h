#pragma once
// Sensitivity: which tensors can take fewer bits (docs/quantizers.md "Sensitivity"), shared
// by `bitlab-cli sensitivity` and the GUI's Sensitivity tab so both give the same numbers.
//
// The experiment's float64 run is trained alone (its runs replaced by one full-precision
// run: the same data, initial weights and batches as `bitlab-cli run` gives that run);
// then, for every tensor the quantizer quantizes and every bit-width asked for, that one
// tensor is quantized post-training (Q of the trained weights, the others kept in float64)
// and the train and test losses are evaluated over the whole sets. The quantizer is the
// experiment's first quantized run's (scheme, observer and every setting; per_tensor and
// activation_bits are not applied: one tensor at a time, activations in float64), with
// its bits replaced; without a quantized run, symmetric with its defaults. A
// moving_average observer sees the tensor once (so its range is the tensor's min/max).
// loss_increase = test loss − the float64 test loss when the experiment holds out a test
// set, else train loss − the float64 train loss.

#include "core/engine/experiment.h"
#include "core/engine/sweep.h"

#include <stop_token>
#include <string>
#include <vector>

namespace bitlab {

struct SensitivityRow {
    std::string tensor;
    int bits = 0;
    std::string scheme;
    Scalar trainLoss = kNaN;
    Scalar testLoss = kNaN; // NaN without a test set
    Scalar lossIncrease = kNaN;
};

struct SensitivityTable {
    QuantizerSpec quantizer; // what each tensor was quantized with (bits: the last row's)
    Scalar baseTrainLoss = kNaN, baseTestLoss = kNaN;
    bool hasTest = false;
    std::vector<std::string> tensors; // in model order, the quantized ones
    std::vector<Index> sizes; // elements per tensor
    std::vector<int> bits; // ascending
    std::vector<SensitivityRow> rows; // tensor-major, then bits ascending
    // The row of (tensor, bits), or nullptr.
    const SensitivityRow* find(const std::string& tensor, int bits) const;
};

// The quantizer the table uses for spec (see above), mode ptq.
QuantizerSpec sensitivityQuantizer(const ExperimentSpec& spec);
// Throws Error when the scheme has no bit-width (float, mx, nvfp4, binary, ternary) or a
// bit-width lies outside the scheme's range, or for an invalid experiment; throws
// Cancelled when stop is requested. `bits` need not be sorted.
SensitivityTable computeSensitivity(const ExperimentSpec& spec, std::vector<int> bits,
    const ExperimentFactory& make, std::stop_token stop = {});

// Per-tensor bits under a budget of `budgetBits` bits in all (sum over tensors of
// elements x bits), by a greedy rule: every tensor starts at the table's largest
// bit-width; while the total exceeds the budget, the one tensor whose step down to the
// next smaller bit-width of the table costs the least loss increase per bit saved,
// (increase(t, lower) - increase(t, now)) / (elements(t) x (now - lower)), steps down (a
// tie: the tensor first in model order). Stops when the budget is met or every tensor is
// at the smallest bit-width (then the total may exceed the budget). Returns the bits per
// tensor of table.tensors, in that order.
std::vector<int> suggestBits(const SensitivityTable& table, double budgetBits);

} // namespace bitlab
