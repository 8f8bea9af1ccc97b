#pragma once
// Probes: what an Experiment's runs look like over a region rather than at the training
// rows, for the views (decision regions, the loss landscape), the CLI and tests. A probe
// reads an Experiment and never changes the numbers of later training.
//
// DecisionGrid: every run's decision regions over a size x size grid of the RAW feature
// space (the units of the file or generator) of a two-feature classification dataset,
// spanning the data with an 8% margin on each side. Cell (row i, column j) is centred at
//   x = xMin + (j + 0.5) * (xMax - xMin) / size,   y = yMax - (i + 0.5) * (yMax - yMin) / size
// so row 0 is the top of an image. Each cell centre goes through Dataset::toModelSpace and
// Experiment::predict; per cell, row-major:
//   class       Loss::predictClass of the logits (binary: z > 0; multiclass: argmax)
//   confidence  the model's probability of that class: binary sigmoid(z) or 1 - sigmoid(z)
//               (for svm too, as a display shade), multiclass softmax(z)_class; 0.5 where
//               it is not finite
//
// LossSurface: the full-precision training loss (Experiment::trainLossAt) at each point of
// a size x size grid of a two-parameter model's weight plane: the first parameter (w)
// along x from x0 to x1, the second (b) along y from y0 to y1. values[i * size + j] is the
// loss at x = x0 + j (x1 - x0)/(size - 1), y = y0 + i (y1 - y0)/(size - 1) (row 0 at y0);
// non-finite losses are stored as NaN.
//
// FitFrame: where the Fit view probes a regression's runs. The probed rows are the first
// kMaxFitRows rows of the dataset in file order (train and test), with their raw target.
//   one feature     a curve: kFitCurvePoints abscissae evenly spaced over the feature's raw
//                   range with an 8% margin on each side (ends included); the rows' raw x
//   more features   predicted against actual: the probed rows themselves
// `inputs` holds the probed points in the model's input space (Dataset::toModelSpace).
// fitPredictions: per run, Experiment::predict at every probed point (output 0), the weights
// each run uses now; non-finite predictions are stored as NaN. Its cost is bounded by the
// frame (at most kMaxFitRows points per run), whatever the dataset's size.

#include "core/engine/experiment.h"

#include <cstdint>
#include <vector>

namespace bitlab {

inline constexpr int kDecisionGridCells = 200;

struct DecisionGrid {
    int size = 0; // 0: not applicable (not two features, or regression)
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    std::vector<std::vector<std::uint8_t>> classes; // per run (class indices above 255: 255)
    std::vector<std::vector<float>> confidence; // per run
    bool empty() const { return size == 0; }
};

inline constexpr int kFitCurvePoints = 256;
inline constexpr Index kMaxFitRows = 2000;

struct FitFrame {
    int features = 0; // 0: not applicable (not a regression, or no rows)
    std::vector<double> rowX; // one feature: each probed row's raw feature
    std::vector<double> rowY; // each probed row's raw target
    std::vector<bool> rowIsTest;
    std::vector<double> curveX; // one feature: the curve's abscissae, ascending
    Matrix inputs; // curveX (one feature) or the probed rows (more), in the model's space
    bool curve() const { return features == 1; }
    bool empty() const { return features == 0; }
};

struct LossSurface {
    int size = 0; // 0: none
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    std::vector<double> values;
    bool empty() const { return size == 0; }
};

// The grid's extent for `data` (prepared), without classes; size 0 when a decision grid
// does not apply (not two features, a regression task or no rows).
DecisionGrid decisionGridFrame(const Dataset& data, int size = kDecisionGridCells);
// Every cell centre of `frame` in raw feature units, row-major (size * size rows, 2 columns).
Matrix decisionGridPoints(const DecisionGrid& frame);
// `frame` with every run's classes and confidences filled in (unchanged when empty).
// `modelInputs` may hold Dataset::toModelSpace(decisionGridPoints(frame)) computed once
// (a caller that probes often); empty: computed here. The runs are probed on up to
// `threads` threads (each run on one thread, as Experiment::advance trains them), so the
// grid is the same whatever the thread count; call it from the thread that owns the
// Experiment, never while it trains. `runs`: the runs to probe (empty: every run); the
// others' classes and confidences stay empty (a view that draws two runs of three).
DecisionGrid decisionGrid(const Experiment& experiment, DecisionGrid frame,
    const Matrix& modelInputs = {}, int threads = 1, const std::vector<int>& runs = {});
// decisionGrid() over decisionGridFrame(experiment.dataset(), size).
DecisionGrid decisionGrid(const Experiment& experiment, int size = kDecisionGridCells);

// The Fit view's frame for `data` (prepared); empty unless a regression with rows.
FitFrame fitFrame(const Dataset& data);
// Per run, the prediction at each of frame.inputs' rows (empty when the frame is).
std::vector<std::vector<double>> fitPredictions(
    const Experiment& experiment, const FitFrame& frame);

// The loss surface over [x0, x1] x [y0, y1]. Throws Error unless the model has two
// parameters, size is in [2, 1000] and x1 > x0, y1 > y0.
LossSurface lossSurface(
    const Experiment& experiment, double x0, double x1, double y0, double y1, int size);

} // namespace bitlab
