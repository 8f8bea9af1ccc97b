#pragma once
// The per-set cast of the float, mx and nvfp4 schemes (Kernels::castFloatRun,
// core/kernels/float_cast_rule.inc), with the codec taking the elements the kernel leaves to
// it: the same codes, values and in-range flags as FloatFormat::Codec::encode (round to
// nearest) and encodeStochastic (the same draws), bit for bit, in every kernel set.

#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/kernels/kernel_table.h"
#include "core/quant/float_format.h"
#include "core/quant/kernel_runs.h"

#include <cstdint>

namespace bitlab {

// The rule of `format` for y = in / factor (divide) or in * factor, and
// out = (value * outScale) * outScale2, with `overflow` (formats without specials saturate
// whatever it says).
FloatCastRule floatCastRule(const FloatFormat& format, FloatOverflow overflow, bool divide,
    double factor, double outScale, double outScale2 = 1.0);

// kernels.castFloatRun() over n elements, then the codec (codec.encode(y, overflow), the
// rule's format) for the rare ones: codes, out and inRange (nullptr: not written) as the
// codec gives them. Returns how many codes differ from those `codes` held when `count`,
// else 0.
std::int64_t castFloatNearest(const Kernels& kernels, const FloatCastRule& rule,
    const FloatFormat::Codec& codec, FloatOverflow overflow, Index n, const double* in, double* out,
    double* codes, double* inRange, bool count);

// The same, rounding stochastically: one u = rng.uniform() per element in order, as the
// codec's callers draw them (drawn a chunk at a time, then cast a vector at a time).
void castFloatStochastic(const Kernels& kernels, const FloatCastRule& rule,
    const FloatFormat::Codec& codec, FloatOverflow overflow, Index n, const double* in, double* out,
    double* codes, double* inRange, Rng& rng);

} // namespace bitlab
