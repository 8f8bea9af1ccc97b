#pragma once
// What the tensor strips show, computed from snapshots without painting.
// LevelChangeCounter: per run, tensor and weight, how often its code changed between the
// snapshots it was given. TensorStripData: one run's tensor (one channel of a per-channel
// grid) resolved for drawing: its levels, one histogram bin per level, every drawn weight's
// latent and snapped value and level changes, and the number line's range.

#include "ui/live_snapshot.h"

#include <vector>

namespace bitlab::ui {

class LevelChangeCounter {
public:
    // Counts, per weight, the code changes since the previous snapshot of the same shape.
    void add(const LiveSnapshot& snapshot);
    void clear() { m_runs.clear(); }
    // Changes of element k (row-major) of a run's tensor; 0 when never seen.
    int changes(int run, int tensor, std::size_t k) const;

private:
    struct Tracker {
        Matrix codes;
        std::vector<int> changes; // per element, row-major
    };
    std::vector<std::vector<Tracker>> m_runs; // [run][tensor]
};

struct TensorStripData {
    std::vector<double> levels; // of the selected channel (empty: not quantized, or too many)
    std::vector<int> counts; // one bin per level
    std::vector<double> values, snapped; // per drawn weight: latent (or used) and snapped value
    std::vector<Index> rows, cols;
    std::vector<int> changes;
    // Per drawn weight: 1 where it lies outside the quantizer's range (clipped to the outer
    // code: QuantState::inRange is 0); clippedCount of them.
    std::vector<char> clipped;
    int clippedCount = 0;
    int quantizedCount = 0; // quantized scalars of the run (the flips denominator)
    double x0 = 0, x1 = 1; // number line range

    // The selected run's tensor and channel in `snapshot` (nullptr: none).
    static const TensorSnapshot* find(const LiveSnapshot& snapshot, int run, int tensor);
    static TensorStripData build(const LiveSnapshot& snapshot, const LevelChangeCounter& counter,
        int run, int tensor, int channel);
};

} // namespace bitlab::ui
