#pragma once
// Products: a model's three dense products on an optimized kernel set (kernels.h), cut
// into column panels that a run's product threads share (product_pool.h).
//
// The panels depend only on the product's sizes, never on the thread count: a product
// large enough (n * m * k >= kMinPanelWork) is always computed panel by panel, on one
// thread as on four, so a run's numbers are the same bits whatever threads it gets
// (docs/performance.md, "Threads for one run's products"). Each panel is one call of the
// set's kernel on a block of the result; the blocks do not overlap.

#include "core/kernels/kernel_table.h"

#include <cstdint>

namespace bitlab {

class ProductPool;

// Below this many multiply-adds a product is one call (a panel's set-up would cost more
// than it saves).
inline constexpr std::int64_t kMinPanelWork = std::int64_t { 1 } << 16;

// How a result's `cols` columns are cut for a product of `work` multiply-adds: panels of
// `width` columns (the last may be narrower). `target` is the product's preferred panel
// width (a multiple of 8).
struct PanelCut {
    std::int64_t width = 0;
    int count = 1;
};
PanelCut cutPanels(std::int64_t cols, std::int64_t work, std::int64_t target);

struct Products {
    const Kernels* kernels = nullptr; // nullptr: the portable code (the model's own Eigen)
    ProductPool* pool = nullptr; // nullptr: the calling thread alone

    explicit operator bool() const { return kernels != nullptr; }

    // As Kernels' products (kernel_table.h), row-major with leading dimensions.
    // C (n x m) = A (n x k) * B^T: panels of C's columns (B's rows).
    void productABt(std::int64_t n, std::int64_t m, std::int64_t k, const double* a,
        std::int64_t lda, const double* b, std::int64_t ldb, double* c, std::int64_t ldc) const;
    // C (m x k) = A^T * B, A n x m, B n x k: panels of C's (and B's) columns.
    void productAtB(std::int64_t n, std::int64_t m, std::int64_t k, const double* a,
        std::int64_t lda, const double* b, std::int64_t ldb, double* c, std::int64_t ldc) const;
    // C (n x k) = A (n x m) * B (m x k): panels of C's (and B's) columns.
    void productAB(std::int64_t n, std::int64_t m, std::int64_t k, const double* a,
        std::int64_t lda, const double* b, std::int64_t ldb, double* c, std::int64_t ldc) const;
};

} // namespace bitlab
