#pragma once
// Quantization conventions: the settings that make a BitLab quantizer behave like the one a
// framework uses by default (docs/conventions.md). The run editor's "Convention" picker, the
// docs and the tests read this registry.
//
// A convention sets what frameworks disagree on: scheme (which fixes the scale rule and
// whether there is a zero-point), narrow or full range, rounding, training mode and the STE
// mask (ste_clip). It keeps what the user chose independently: the bit width (clamped to
// what the scheme allows; 8 when the old scheme had no bit width), granularity,
// quantize_bias and activation_bits, and what the run learns where the convention's grid
// can learn it (lsq: pytorch and brevitas, symmetric ste; pact: the ste conventions; else
// learn becomes none, as the engine would refuse it). The two fixed-point conventions keep
// frac_bits when the spec is already fixed-point, else start at f = bits - 1 (values in [-1, 1),
// QKeras' default integer = 0).
//
//   pytorch         torch.ao.quantization fake_quantize with a qint8 per_tensor_symmetric
//                   observer (PyTorch's default weight fake-quant): full range
//                   [-2^(b-1), 2^(b-1)-1], scale = max|w| / ((2^b - 1)/2), round half to
//                   even, QAT with the gradient masked where round(w/scale) leaves the range.
//   pytorch-affine  fake_quantize_per_tensor_affine with a MinMaxObserver (quint8
//                   activations' default): q in [0, 2^b-1], scale = (hi-lo)/(2^b-1),
//                   zp = clamp(-round(lo/scale), 0, 2^b-1), same mask.
//   brevitas        Int8WeightPerTensorFloat: narrow range [-(2^(b-1)-1), 2^(b-1)-1],
//                   scale = max|w| / (2^(b-1)-1), round half to even, QAT.
//   qkeras          quantized_bits(bits, integer) with alpha=None, symmetric=0: fixed point
//                   with f = bits-1-integer, clip to [-2^(b-1), 2^(b-1)-1], tf.round (half
//                   to even), straight-through gradient with no mask.
//   qpytorch        FixedPoint(wl, fl) weights with stochastic rounding, re-quantized after
//                   every optimizer step (OptimLP): fixed point, stochastic, post_update.
//
// Where BitLab cannot express a framework's exact behaviour the `differences` text says so
// (moving-average observers, gradients through the scale, tie rounding of QPyTorch's
// nearest mode, ...); the picker shows it as the formula label's tooltip.

#include "core/quant/quantizer_spec.h"

#include <string>
#include <vector>

namespace bitlab {

struct QuantConvention {
    std::string name; // "pytorch", "pytorch-affine", "brevitas", "qkeras", "qpytorch"
    std::string title; // "PyTorch fake_quantize (symmetric, full range)"
    std::string framework; // "PyTorch", "Brevitas", "QKeras", "QPyTorch"
    std::string equivalent; // the framework call it mirrors, in the framework's syntax
    std::string differences; // where BitLab differs from the framework (never empty)
};

const std::vector<QuantConvention>& conventionRegistry();
const QuantConvention* findConvention(const std::string& name); // nullptr when unknown

// `base` with the convention's settings (see above). The result always passes
// validateQuantizerSpec. Throws Error for an unknown convention name.
QuantizerSpec applyConvention(const std::string& name, const QuantizerSpec& base);
// The convention whose settings `spec` has (bits, granularity, quantize_bias and
// activation_bits aside; the fixed-point conventions also accept any frac_bits; learn must
// be what applyConvention keeps), or "" when none does. conventionFormula() shows a
// learned LSQ step as learned (not max|w| / ...) and adds PACT's learned clip.
std::string matchConvention(const QuantizerSpec& spec);
// The mapping `spec` amounts to under convention `name`, with its numbers filled in (bits,
// code range, step), as three or four short lines of plain text, e.g. for pytorch at 4 bits
// "s = max|w| / 7.5", "q = clamp(round(w/s), -8, 7), w' = q*s", "QAT: gradient 0 where ...".
std::string conventionFormula(const std::string& name, const QuantizerSpec& spec);

} // namespace bitlab
