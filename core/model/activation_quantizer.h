#pragma once
// ActivationQuantizer: fake-quantization of one MLP hidden layer's output on an affine
// `bits`-bit grid whose range follows an exponential moving average of the batch min/max.
// It is PyTorch's FakeQuantize with a MovingAverageMinMaxObserver (averaging_constant 0.01,
// per tensor, quant_min 0, quant_max 2^bits - 1).
//
// Range (observe(), training forward passes only, before the batch is quantized):
//   first batch:  ema_min = min(a), ema_max = max(a)
//   later:        ema_min += 0.01 * (min(a) - ema_min), the same for ema_max
// Grid (params()):
//   lo = min(ema_min, 0), hi = max(ema_max, 0), qmax = 2^bits - 1
//   scale = max((hi - lo) / qmax, eps), eps = float32 epsilon (as PyTorch), so an all-zero
//   layer still has a valid grid
//   zp = clamp(-round(lo / scale), 0, qmax)
// Fake quantization (apply()):
//   q = clamp(round(a / scale) + zp, 0, qmax),  a' = (q - zp) * scale
//   round is half to even (std::nearbyint), like torch.round.
// Backward (straight-through): the gradient passes unchanged where round(a/scale) + zp
// lies in [0, qmax] (bounds inclusive, PyTorch's fake-quant mask) and is 0 elsewhere.
//
// bits: 0 (off) or 1..16.

#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"

namespace bitlab {

class ActivationQuantizer {
public:
    static constexpr Scalar kAveragingConstant = 0.01;

    struct Params {
        Scalar scale = 1.0;
        Scalar zeroPoint = 0.0;
        Scalar qmax = 0.0;
    };

    // Throws Error unless bits is 0 or in 1..16.
    explicit ActivationQuantizer(int bits = 0);

    int bits() const { return m_bits; }
    bool enabled() const { return m_bits > 0; }
    // True once a training batch has been observed.
    bool initialized() const { return m_initialized; }
    Scalar emaMin() const { return m_min; }
    Scalar emaMax() const { return m_max; }

    // Updates the moving-average range with a training batch.
    void observe(const ConstMatrixRef& a);
    // The grid of the current range. Before any observed batch, the grid of `a` itself
    // (so an evaluation before the first training step is still quantized, without
    // changing any state).
    Params params(const ConstMatrixRef& a) const;
    static Params paramsFor(Scalar lo, Scalar hi, int bits);

    // out = fake-quantized a; when mask is given, mask = 1 where the gradient passes, else 0.
    // out and mask are resized only when their shape differs; out may not alias a.
    // `kernels`: the model's set (nullptr: the portable code); the same bits either way.
    static void apply(const ConstMatrixRef& a, const Params& p, Matrix& out, Matrix* mask,
        const Kernels* kernels = nullptr);

private:
    int m_bits = 0;
    bool m_initialized = false;
    Scalar m_min = 0.0;
    Scalar m_max = 0.0;
};

} // namespace bitlab
