#pragma once
// roundHalfEven(x): std::nearbyint(x) in the default rounding mode (to nearest, ties to
// even), without the library call that nearbyint costs when the build has no SSE4.1
// `roundsd`. Adding and subtracting 2^52 rounds |x| < 2^52 to an integer in the current
// mode; larger magnitudes (and inf) are integers already; NaN stays NaN. copysign keeps
// nearbyint's sign of zero (-0.3 -> -0). Bit-identical to std::nearbyint for every input
// as long as the rounding mode is the default one (the engine never changes it).
// Internal to core/quant (and core/model's activation fake-quant).

#include "core/common/scalar.h"

#include <cmath>

namespace bitlab::detail {

inline Scalar roundHalfEven(Scalar x)
{
    constexpr Scalar kTwo52 = 4503599627370496.0; // 2^52: the spacing of doubles there is 1
    const Scalar a = std::abs(x);
    const Scalar r = a < kTwo52 ? (a + kTwo52) - kTwo52 : a;
    return std::copysign(r, x);
}

} // namespace bitlab::detail
