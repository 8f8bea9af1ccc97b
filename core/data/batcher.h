#pragma once
// Batcher: the mini-batches of one run over a prepared dataset's training rows.
//
// Full batch (batch size 0 or at least the training row count): every step sees the whole
// training set in file order (shuffling would only change the summation order). Otherwise
// each epoch's rows are a permutation of the training rows (Fisher-Yates with `rng`, the
// same permutation as Rng::permutation; file order with shuffle off), cut into consecutive
// slices of the batch size, a last smaller slice kept. A step's rows are gathered into a
// buffer sized once, so a step allocates nothing.

#include "core/common/rng.h"
#include "core/data/dataset.h"

#include <cstdint>
#include <vector>

namespace bitlab {

class Batcher {
public:
    // `data` must be prepared and outlive the batcher.
    Batcher(const Dataset& data, std::int64_t batchSize, bool shuffle, Rng rng);

    bool fullBatch() const { return m_fullBatch; }
    // Gathers the batch at position `pos` of its epoch (0-based; pos 0 reshuffles) and
    // returns its row count; x() and y() then view it.
    Index gather(std::int64_t pos);
    ConstMatrixRef x(Index rows) const
    {
        return m_fullBatch ? ConstMatrixRef(m_data.xTrain) : ConstMatrixRef(m_x.topRows(rows));
    }
    ConstMatrixRef y(Index rows) const
    {
        return m_fullBatch ? ConstMatrixRef(m_data.yTrain) : ConstMatrixRef(m_y.topRows(rows));
    }
    // The rows of a full mini-batch (the training row count for full batch).
    Index batchRows() const;
    // Rows of the epoch's last, smaller batch; 0 when the batch size divides the rows.
    Index lastBatchRows() const;

private:
    const Dataset& m_data;
    std::int64_t m_batchSize;
    bool m_shuffle;
    bool m_fullBatch;
    Rng m_rng;
    std::vector<std::int64_t> m_order;
    Matrix m_x, m_y;
};

} // namespace bitlab
