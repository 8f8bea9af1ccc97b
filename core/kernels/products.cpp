#include "core/kernels/products.h"

#include "core/kernels/product_pool.h"

#include <algorithm>

namespace bitlab {
namespace {

using Index = std::int64_t;

// Panel widths (columns of the result), measured on W4's first layer (docs/performance.md):
// the forward product 64 x 128 x 784 runs about twice as fast on one thread in two panels
// of 64 columns as in one call (Eigen's blocking for that shape), and the weight gradient
// (128 x 784, depth 64) as fast in four panels of about 200 columns as in one.
constexpr Index kForwardWidth = 64;
constexpr Index kGradientWidth = 208;

using Kernel
    = void (*)(Index, Index, Index, const double*, Index, const double*, Index, double*, Index);

// One product cut into panels: panel p is the kernel on columns [p * width, ...) of C.
struct PanelJob {
    Kernel kernel;
    PanelCut cut;
    Index n, m, k; // the whole product's sizes, in the kernel's own convention
    const double* a;
    Index lda;
    const double* b;
    Index ldb;
    double* c;
    Index ldc;
    Index cols; // the cut dimension's size
    Index bStep; // how far B's pointer moves per column of C
    bool cutsM; // the cut dimension is m (productABt), else k
};

void runPanel(void* context, int p)
{
    const PanelJob& job = *static_cast<const PanelJob*>(context);
    const Index first = static_cast<Index>(p) * job.cut.width;
    const Index width = std::min(job.cut.width, job.cols - first);
    const double* b = job.b + first * job.bStep;
    double* c = job.c + first;
    if (job.cutsM)
        job.kernel(job.n, width, job.k, job.a, job.lda, b, job.ldb, c, job.ldc);
    else
        job.kernel(job.n, job.m, width, job.a, job.lda, b, job.ldb, c, job.ldc);
}

void runJob(PanelJob& job, ProductPool* pool)
{
    if (job.cut.count <= 1) {
        job.kernel(job.n, job.m, job.k, job.a, job.lda, job.b, job.ldb, job.c, job.ldc);
        return;
    }
    if (pool) {
        pool->run(job.cut.count, runPanel, &job);
        return;
    }
    for (int p = 0; p < job.cut.count; ++p)
        runPanel(&job, p);
}

} // namespace

PanelCut cutPanels(Index cols, Index work, Index target)
{
    if (work < kMinPanelWork || cols < 2 * target)
        return { cols, 1 };
    // As many panels as `target` wide ones would give, made equal and rounded up to 8
    // columns (the kernels' widest register tile).
    const Index count = (cols + target - 1) / target;
    const Index width = ((cols + count - 1) / count + 7) / 8 * 8;
    return { width, static_cast<int>((cols + width - 1) / width) };
}

void Products::productABt(Index n, Index m, Index k, const double* a, Index lda, const double* b,
    Index ldb, double* c, Index ldc) const
{
    PanelJob job { kernels->productABt, cutPanels(m, n * m * k, kForwardWidth), n, m, k, a, lda, b,
        ldb, c, ldc, m, ldb, true };
    runJob(job, pool);
}

void Products::productAtB(Index n, Index m, Index k, const double* a, Index lda, const double* b,
    Index ldb, double* c, Index ldc) const
{
    PanelJob job { kernels->productAtB, cutPanels(k, n * m * k, kGradientWidth), n, m, k, a, lda, b,
        ldb, c, ldc, k, 1, false };
    runJob(job, pool);
}

void Products::productAB(Index n, Index m, Index k, const double* a, Index lda, const double* b,
    Index ldb, double* c, Index ldc) const
{
    PanelJob job { kernels->productAB, cutPanels(k, n * m * k, kGradientWidth), n, m, k, a, lda, b,
        ldb, c, ldc, k, 1, false };
    runJob(job, pool);
}

} // namespace bitlab
