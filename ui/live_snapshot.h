#pragma once
// LiveSnapshot: what the training worker sends the views besides records, at most ~10 times
// a second while training and once whenever training stops, pauses, steps or a run's grid
// changes: every run's tensors (for the weight strips) and, for a two-feature
// classification dataset, every run's decision regions on a fixed grid. LossSurface: the
// full-precision training loss over a rectangle of the weight plane (two-parameter models),
// computed by the worker on request. Both are plain values that cross threads by copy.

#include "core/engine/experiment.h"

#include <QMetaType>
#include <cstdint>
#include <vector>

namespace bitlab::ui {

// Decision regions of every run over a size x size grid of the RAW feature space (the
// units of the file or generator; the worker standardizes each cell centre the way the
// dataset was). Cell (row i, column j) is centred at
//   x = xMin + (j + 0.5) * (xMax - xMin) / size,   y = yMax - (i + 0.5) * (yMax - yMin) / size
// so row 0 is the top of an image. Class index per cell and the model's probability of
// that class (binary: sigmoid of the logit, for svm too, as a display shade; multiclass:
// softmax), row-major.
struct BoundaryGrid {
    int size = 0; // 0: not applicable (not two features, or regression)
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    std::vector<std::vector<std::uint8_t>> classes; // per run
    std::vector<std::vector<float>> confidence; // per run
    bool empty() const { return size == 0; }
};

struct LiveSnapshot {
    std::int64_t step = 0; // the largest step of any run
    // One per run, in run order (Experiment::snapshot). TensorSnapshot::levels is cleared
    // for a tensor whose levels over all channels would exceed kMaxSnapshotLevels.
    std::vector<WeightSnapshot> weights;
    BoundaryGrid boundary;
};
inline constexpr std::size_t kMaxSnapshotLevels = 1u << 18;

// Full-precision training loss at each point of a size x size grid of the weight plane:
// the first parameter (w) along x from x0 to x1, the second (b) along y from y0 to y1.
// values[i * size + j] is the loss at x = x0 + j (x1 - x0)/(size - 1), y = y0 + i (y1 - y0)/(size - 1)
// (row 0 at y0). Non-finite losses are stored as NaN.
struct LossSurface {
    int size = 0; // 0: none
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    std::vector<double> values;
    bool empty() const { return size == 0; }
};

} // namespace bitlab::ui

Q_DECLARE_METATYPE(bitlab::ui::LiveSnapshot)
Q_DECLARE_METATYPE(bitlab::ui::LossSurface)
