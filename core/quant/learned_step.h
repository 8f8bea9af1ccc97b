#pragma once
// Learned quantizer parameters (docs/quantizers.md "Learned step sizes and clips"):
// LSQ's step size (Esser et al. 2020, "Learned Step Size Quantization") and PACT's
// activation clip (Choi et al. 2018, "PACT: Parameterized Clipping Activation").
// The training policy (weights) and the MLP (hidden activations) call these; the run's
// optimizer updates the parameters like any weight.
//
// LSQ, for a block x (a tensor, or one channel's rows) with step s > 0 and codes in
// [-qn, qp]:
//   v = x / s,  forward  x' = clamp(round(v), -qn, qp) * s          (round half to even)
//   dx'/dx = 1 where -qn < v < qp, else 0                           (STE inside the range)
//   dx'/ds = round(v) - v where -qn < v < qp, -qn where v <= -qn, qp where v >= qp
//   dL/ds  = g * sum over the block of dL/dx' * dx'/ds,  g = 1 / sqrt(n * qp)
// with n the block's element count (the paper's N_W; N_F, the features of one sample, for
// activations). Initial step (the paper's): s0 = 2 * mean|x| / sqrt(qp).
// PACT, for an activation x >= 0 (after relu or sigmoid) with clip alpha > 0 and
// M = 2^bits - 1 steps:
//   y = clamp(x, 0, alpha),  forward  y' = round(y * M / alpha) * alpha / M
//   dy'/dx = 1 where x < alpha, else 0;  dy'/dalpha = 1 where x >= alpha, else 0  (STE)
// Both keep the parameter at least kLearnedMinimum (float32 epsilon, as PyTorch's
// _LearnableFakeQuantize clamps its scale), so a step or clip never reaches 0.

#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"

namespace bitlab {

inline constexpr Scalar kLearnedMinimum = 1.1920928955078125e-07; // float32 epsilon

// The code range of a learned step: codes in [-qn, qp].
struct LsqRange {
    Scalar qn = 0, qp = 0;
};

// max(2 * mean|x| / sqrt(qp), kLearnedMinimum); an empty block gives kLearnedMinimum.
Scalar lsqInitialStep(const ConstMatrixRef& x, Scalar qp);
// g = 1 / sqrt(n * qp).
Scalar lsqGradientScale(Index n, Scalar qp);
// Forward of one block: out = x', codes = clamp(round(v)), inside = 1 where -qn < v < qp,
// else 0 (all shaped like x; none may alias x). kernels: the run's kernel set (nullptr: the
// baseline code), row by row; the same bits.
void lsqForward(const ConstMatrixRef& x, Scalar s, LsqRange range, MatrixRef out, MatrixRef codes,
    MatrixRef inside, const Kernels* kernels = nullptr);
// dx'/ds per element of x (the LSQ estimator above, without g).
Scalar lsqStepDerivative(Scalar x, Scalar s, LsqRange range);
// The LSQ gradient of a block: sum of upstream * dx'/ds over the block, times g (computed
// from the block's size unless gradScale > 0 is given).
Scalar lsqStepGradient(const ConstMatrixRef& x, Scalar s, LsqRange range,
    const ConstMatrixRef& upstream, Scalar gradScale = 0);

// PACT forward: out = y', pass = 1 where x < alpha (the gradient to x), else 0 (shaped
// like x; neither may alias x). kernels as for lsqForward.
void pactForward(const ConstMatrixRef& x, Scalar alpha, int bits, MatrixRef out, MatrixRef pass,
    const Kernels* kernels = nullptr);
// dL/dalpha = sum of upstream where x >= alpha.
Scalar pactClipGradient(const ConstMatrixRef& x, Scalar alpha, const ConstMatrixRef& upstream);

} // namespace bitlab
