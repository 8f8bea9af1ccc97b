#include "core/data/batcher.h"

#include <cstring>
#include <numeric>

namespace bitlab {

namespace {

// Rng::below(n) drawing the same numbers with one division instead of two: x is rejected
// when x >= limit = M - M % n (M = 2^64 - 1), a multiple of n, i.e. when x / n reaches
// M / n, i.e. when x - x % n > M - n.
std::uint64_t uniformBelow(Rng& rng, std::uint64_t n)
{
    constexpr std::uint64_t M = ~std::uint64_t { 0 };
    for (;;) {
        const std::uint64_t x = rng.next();
        const std::uint64_t r = x % n;
        if (x - r <= M - n)
            return r;
    }
}

} // namespace

Batcher::Batcher(const Dataset& data, std::int64_t batchSize, bool shuffle, Rng rng)
    : m_data(data)
    , m_batchSize(batchSize)
    , m_shuffle(shuffle)
    , m_rng(rng)
{
    const Index nTrain = m_data.xTrain.rows();
    m_fullBatch = batchSize <= 0 || batchSize >= nTrain;
    if (!m_fullBatch) {
        m_x.resize(batchSize, m_data.xTrain.cols());
        m_y.resize(batchSize, m_data.yTrain.cols());
    }
    m_order.resize(static_cast<std::size_t>(nTrain));
    std::iota(m_order.begin(), m_order.end(), std::int64_t { 0 });
}

Index Batcher::batchRows() const
{
    return m_fullBatch ? m_data.xTrain.rows() : m_batchSize;
}

Index Batcher::lastBatchRows() const
{
    return m_fullBatch ? 0 : m_data.xTrain.rows() % m_batchSize;
}

Index Batcher::gather(std::int64_t pos)
{
    const Matrix& xTrain = m_data.xTrain;
    const Matrix& yTrain = m_data.yTrain;
    const Index n = xTrain.rows();
    if (m_fullBatch)
        return n;
    if (pos == 0 && m_shuffle) {
        // Same Fisher-Yates as Rng::permutation, in place (no allocation per epoch).
        std::iota(m_order.begin(), m_order.end(), std::int64_t { 0 });
        for (Index i = n - 1; i > 0; --i) {
            const auto j
                = static_cast<Index>(uniformBelow(m_rng, static_cast<std::uint64_t>(i + 1)));
            std::swap(m_order[static_cast<std::size_t>(i)], m_order[static_cast<std::size_t>(j)]);
        }
    }
    const Index start = pos * m_batchSize;
    const Index rows = std::min<Index>(m_batchSize, n - start);
    // Row-major and contiguous on both sides: one memcpy per row.
    const Index d = xTrain.cols();
    const Index k = yTrain.cols();
    const auto xBytes = static_cast<std::size_t>(d) * sizeof(Scalar);
    const auto yBytes = static_cast<std::size_t>(k) * sizeof(Scalar);
    const std::int64_t* order = m_order.data() + start;
    Scalar* xDst = m_x.data();
    Scalar* yDst = m_y.data();
    for (Index r = 0; r < rows; ++r) {
        const auto src = static_cast<Index>(order[r]);
        std::memcpy(xDst + r * d, xTrain.data() + src * d, xBytes);
        std::memcpy(yDst + r * k, yTrain.data() + src * k, yBytes);
    }
    return rows;
}

} // namespace bitlab
