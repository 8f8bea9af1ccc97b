#pragma once
// PyTorch's fake-quant arithmetic in float32, for the quantizer key "torch_float32"
// (symmetric and affine; docs/quantizers.md "float32 arithmetic"). PyTorch 1.13's
// MinMaxObserver computes the scale from float32 min/max, floors it at float32's epsilon,
// and its CPU kernel multiplies each float32 weight by the float32 inverse of the scale:
//   s = max(fl(amax / den), eps), inv = fl(1 / s), q = nearbyint(fl(fl(w) * inv)) + zp,
//   w' = fl((clamp(q) - zp) * s)
// where fl() rounds to float32. bench/torch_reference.py checked this emulation against
// torch.ao.quantization.FakeQuantize element for element; tests/core/tst_torch_float32.cpp
// checks BitLab's codes, masks and values against torch's own output.

#include "core/common/scalar.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace bitlab::torch32 {

// The symmetric observer's scale: amax / ((qmax - qmin) / 2), in float32, at least eps.
inline float symmetricScale(Scalar amax, Scalar denominator)
{
    const float s = static_cast<float>(amax) / static_cast<float>(denominator);
    return std::max(s, FLT_EPSILON);
}

// The affine observer's scale: (max(x, 0) - min(x, 0)) / (qmax - qmin), in float32, at
// least eps.
inline float affineScale(Scalar lo, Scalar hi, Scalar steps)
{
    const float s = (static_cast<float>(hi) - static_cast<float>(lo)) / static_cast<float>(steps);
    return std::max(s, FLT_EPSILON);
}

// The affine observer's zero-point: qmin - round(fl(lo / s)), clamped to [qmin, qmax].
inline Scalar affineZeroPoint(Scalar lo, float scale, Scalar qmin, Scalar qmax)
{
    const float ratio = static_cast<float>(lo) / scale;
    return std::clamp(qmin - static_cast<Scalar>(std::nearbyint(ratio)), qmin, qmax);
}

// The kernel's product fl(fl(w) * inv) before rounding (exact in a double).
inline Scalar scaled(Scalar w, float inverse)
{
    return static_cast<Scalar>(static_cast<float>(w) * inverse);
}

// The kernel's output: the code's value rounded once to float32.
inline Scalar value(Scalar code, Scalar zeroPoint, float scale)
{
    return static_cast<Scalar>(static_cast<float>((code - zeroPoint) * static_cast<Scalar>(scale)));
}

} // namespace bitlab::torch32
