#pragma once
// What the tensor strips show, computed from snapshots without painting.
// LevelChangeCounter: per run, tensor and weight, how often its code changed between the
// snapshots it was given. TensorStripData: one run's tensor (one channel of a per-channel
// grid) resolved for drawing: its levels, one histogram bin per level, every drawn weight's
// latent and snapped value and level changes, and the number line's range.

#include "ui/live_snapshot.h"

#include <QString>
#include <algorithm>
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

// Above this many levels inside the number line's range the strips draw no bar per level
// and no tick per level (they would be sub-pixel: bf16 has ~32,500 values in [-1, 1]); the
// histogram then draws bars only at the levels that hold weights, and says so.
inline constexpr std::size_t kMaxDrawnLevels = 2048;

struct TensorStripData {
    std::vector<double>
        levels; // of the selected channel or block (empty: not quantized, or too many)
    std::vector<int> counts; // one bin per level
    std::size_t levelsInView = 0; // levels inside [x0, x1]
    bool tooDense = false; // levelsInView > kMaxDrawnLevels
    std::vector<double> values, snapped; // per drawn weight: latent (or used) and snapped value
    std::vector<Index> rows, cols;
    std::vector<int> changes;
    // Per drawn weight: 1 where it lies outside the quantizer's range (clipped to the outer
    // code: QuantState::inRange is 0); clippedCount of them.
    std::vector<char> clipped;
    int clippedCount = 0;
    int quantizedCount = 0; // quantized scalars of the run (the flips denominator)
    double x0 = 0, x1 = 1; // number line range

    // Block-scaled tensors (mx, nvfp4): `blockSize` consecutive elements of a row share one
    // scale; blocksPerRow blocks per row, the last one possibly short. blockSize 0: no blocks.
    Index blockSize = 0;
    Index blocksPerRow = 0;
    Index rowCount = 0;
    // The selected block, numbered row by row (row * blocksPerRow + block); -1: the whole
    // tensor, whose `levels` are then the union of every block's grid.
    int block = -1;
    // The row the block band shows (the selected block's, else row 0): every element's
    // latent and snapped value by column, and per block of the row its scale and the
    // quantizer's words for it ("2^-4 (E8M0 code 123)").
    Index bandRow = 0;
    std::vector<double> bandValues, bandSnapped;
    std::vector<double> bandScales;
    std::vector<QString> bandScaleTexts;
    std::vector<QString> bandShortScales; // "2^-4", or the value (nvfp4's e4m3 scales)
    int blockCount() const { return static_cast<int>(blocksPerRow * rowCount); }
    // Columns [first, last] of block b of a row of `columns` columns.
    Index blockFirstColumn(Index b) const { return b * blockSize; }
    Index blockLastColumn(Index b, Index columns) const
    {
        return std::min(columns, (b + 1) * blockSize) - 1;
    }

    // The selected run's tensor and channel in `snapshot` (nullptr: none).
    static const TensorSnapshot* find(const LiveSnapshot& snapshot, int run, int tensor);
    // `block`: the selected block of a block-scaled tensor (-1: all; ignored otherwise).
    static TensorStripData build(const LiveSnapshot& snapshot, const LevelChangeCounter& counter,
        int run, int tensor, int channel, int block = -1);
};

} // namespace bitlab::ui
