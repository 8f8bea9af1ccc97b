#pragma once
// What the quantizers share around their per-set kernels (core/kernels/kernel_table.h): the
// shortest run worth a call, the stochastic draws made a chunk at a time in the order the
// portable loops draw them, and the integer schemes' stochastic rounding on a set
// (Kernels::stochasticRow, core/kernels/stochastic_row_rule.inc).

#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"

#include <algorithm>

namespace bitlab {

// Shorter runs stay with the schemes' own loops: a call and its set-up cost more than the
// work they would save (W1's and W1F's 1 x 1 tensors, MX blocks of two elements).
inline constexpr Index kMinKernelRun = 4;

// cast(first, m, u) over [0, n) in chunks of m <= 256 elements, u holding one draw of rng
// per element of the chunk, in order: the draws a portable loop makes, one per element.
template <typename Cast> void withDrawsInChunks(Index n, Rng& rng, Cast&& cast)
{
    constexpr Index kChunk = 256; // 2 KB of draws, in the L1 cache with the chunk's data
    double u[kChunk];
    for (Index first = 0; first < n; first += kChunk) {
        const Index m = std::min(kChunk, n - first);
        for (Index c = 0; c < m; ++c)
            u[c] = rng.uniform();
        cast(first, m, static_cast<const double*>(u));
    }
}

// The integer schemes' stochastic rounding of one contiguous run (out, codes and inRange
// contiguous too) on a kernel set: the same draws and bits as the schemes' loops.
inline void roundStochasticRun(const Kernels& kernels, const StochasticRowRule& rule, Index n,
    const double* in, double* out, double* codes, double* inRange, Rng& rng)
{
    withDrawsInChunks(n, rng, [&](Index first, Index m, const double* u) {
        kernels.stochasticRow(rule, m, in + first, u, out + first, codes + first, inRange + first);
    });
}

} // namespace bitlab
