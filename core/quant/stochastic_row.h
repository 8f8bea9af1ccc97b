#pragma once
// The integer schemes' stochastic rounding on a kernel set (Kernels::stochasticRow,
// core/kernels/stochastic_row_rule.inc): the run's draws first, in the order the schemes'
// own loops draw them (one u per element, row-major), then the run a vector at a time; the
// same draws and the same bits as those loops.

#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"

#include <algorithm>

namespace bitlab {

// Shorter runs stay with the schemes' loops: the call costs more than W1's 1 x 1 tensors.
inline constexpr Index kMinStochasticKernelRun = 4;

// n elements of one contiguous run (out, codes and inRange contiguous too), u drawn 256 at
// a time.
inline void roundStochasticRun(const Kernels& kernels, const StochasticRowRule& rule, Index n,
    const double* in, double* out, double* codes, double* inRange, Rng& rng)
{
    constexpr Index kChunk = 256; // 2 KB of draws, in the L1 cache with the chunk's data
    double u[kChunk];
    for (Index first = 0; first < n; first += kChunk) {
        const Index m = std::min(kChunk, n - first);
        for (Index c = 0; c < m; ++c)
            u[c] = rng.uniform();
        kernels.stochasticRow(rule, m, in + first, u, out + first, codes + first, inRange + first);
    }
}

} // namespace bitlab
