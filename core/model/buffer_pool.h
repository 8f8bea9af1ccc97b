#pragma once
// BufferPool: a model's scratch matrices, one set per batch size (internal to core/model).
//
// Training alternates between a few batch sizes: the mini-batch, the smaller last batch of
// an epoch, the whole set for an evaluation. Eigen reallocates whenever a matrix changes
// size, so a single set of buffers would allocate twice per epoch; one set per size
// allocates only the first time each size is seen. Up to kMaxSizes sets are kept; a new
// size beyond that reuses the least recently used set. current() is the set of the last
// get(), which is how backward() finds what forward() cached. Copying a pool (clone())
// copies the buffers; it holds indices, not pointers, so a copy stays valid.

#include "core/common/scalar.h"

#include <cstdint>
#include <vector>

namespace bitlab {

// The batch a forward pass saw, for backward(): a view of the caller's rows (forwardView)
// or of the model's own copy (forward). Rows are contiguous, `stride` apart.
struct BatchView {
    using Map = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;
    const Scalar* data = nullptr;
    Index rows = 0, cols = 0, stride = 0;
    bool borrowed = false; // false: the view is of the buffer set's own copy

    void borrow(const ConstMatrixRef& x)
    {
        data = x.data();
        rows = x.rows();
        cols = x.cols();
        stride = x.outerStride();
        borrowed = true;
    }
    void own(const Matrix& copy)
    {
        data = copy.data();
        rows = copy.rows();
        cols = copy.cols();
        stride = copy.cols();
        borrowed = false;
    }
    // `copy`: the buffer set's own matrix, used when the view is not borrowed (a cloned
    // model's buffers point into the clone, not into the original).
    Map map(const Matrix& copy) const
    {
        if (!borrowed)
            return Map(copy.data(), copy.rows(), copy.cols(), Eigen::OuterStride<>(copy.cols()));
        return Map(data, rows, cols, Eigen::OuterStride<>(stride));
    }
};

template <class Buffers> class BufferPool {
public:
    Buffers& get(Index rows)
    {
        ++m_clock;
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            if (m_entries[i].rows == rows)
                return touch(i);
        }
        if (m_entries.size() < kMaxSizes) {
            m_entries.push_back(Entry { rows, 0, Buffers {} });
            return touch(m_entries.size() - 1);
        }
        std::size_t oldest = 0;
        for (std::size_t i = 1; i < m_entries.size(); ++i) {
            if (m_entries[i].used < m_entries[oldest].used)
                oldest = i;
        }
        m_entries[oldest].rows = rows;
        return touch(oldest);
    }

    bool hasCurrent() const { return m_current < m_entries.size(); }
    Index currentRows() const { return m_entries[m_current].rows; }
    Buffers& current() { return m_entries[m_current].buffers; }
    const Buffers& current() const { return m_entries[m_current].buffers; }
    // Forgets every buffer (the model's shape or configuration changed).
    void clear()
    {
        m_entries.clear();
        m_current = static_cast<std::size_t>(-1);
    }

private:
    static constexpr std::size_t kMaxSizes = 4;
    struct Entry {
        Index rows;
        std::uint64_t used;
        Buffers buffers;
    };

    Buffers& touch(std::size_t i)
    {
        m_entries[i].used = m_clock;
        m_current = i;
        return m_entries[i].buffers;
    }

    std::vector<Entry> m_entries;
    std::size_t m_current = static_cast<std::size_t>(-1);
    std::uint64_t m_clock = 0;
};

} // namespace bitlab
