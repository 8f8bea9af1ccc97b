#pragma once
// Confusion matrices of a classification experiment's runs, at the weights each run uses
// now (a quantized run: its quantized weights), over the training or the test rows.
//
//   counts[t * K + p]  rows whose true class is t and predicted class p (Loss::predictClass
//                      of the logits: binary z > 0, multiclass the first argmax), K classes
//   classAccuracy(t)   counts[t, t] / (rows of class t): the share of class t predicted
//                      right (its recall); NaN for a class with no rows in the split
//   accuracy()         the trace over all rows: the same number as the run's accuracy
//
// Empty (classes 0) for regression, or a split without rows.

#include "core/engine/experiment.h"

#include <cstdint>
#include <vector>

namespace bitlab {

struct ConfusionMatrix {
    int classes = 0;
    std::vector<std::int64_t> counts; // classes * classes, row = true class
    bool empty() const { return classes == 0; }
    std::int64_t at(int trueClass, int predicted) const
    {
        return counts[static_cast<std::size_t>(trueClass * classes + predicted)];
    }
    std::int64_t rows() const;
    Scalar accuracy() const;
    Scalar classAccuracy(int trueClass) const;
};

enum class Split { Train, Test };

// One matrix per run (experiment.runCount()), over the prepared dataset's split.
std::vector<ConfusionMatrix> confusionMatrices(const Experiment& experiment, Split split);

} // namespace bitlab
