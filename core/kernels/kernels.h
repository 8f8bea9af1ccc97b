#pragma once
// Kernels: the engine's hot paths compiled once per instruction set, picked at start-up
// (docs/performance.md, "Kernels").
//
// One binary is built for baseline x86-64 (SSE2). The dense products of the models are
// also compiled for AVX2+FMA and for AVX-512, each in its own translation unit (kernels_avx2.cpp,
// kernels_avx512.cpp) whose every template, Eigen's included, lives in a namespace of its own:
// nothing compiled for a wider instruction set can be merged by the linker into the baseline code.
// This header is the only way in: plain pointers and sizes, no Eigen type.
//
//   KernelSet::Portable  the baseline code the engine always had (bit-identical to the
//                        builds before dispatch); kernelsFor() gives nullptr
//   KernelSet::Avx2      AVX2 + FMA
//   KernelSet::Avx512    AVX-512 (F, DQ, VL, BW) + FMA
//
// Same binary, same CPU, same experiment: same bits, in every set. Between sets, results
// agree to about 1e-15 relative per product (FMA and other summation orders), which is
// the 1e-12 the tests hold them to after training.

#include "core/kernels/kernel_table.h"

#include <cstdint>
#include <optional>
#include <string>

namespace bitlab {

// "portable", "avx2", "avx512": the names summary.json and the CLI print.
const char* kernelSetName(KernelSet set);
std::optional<KernelSet> kernelSetFromName(const std::string& name);
// Whether this CPU (and its operating system) can run the set.
bool kernelSetSupported(KernelSet set);
// The widest set this CPU supports (cached after the first call).
KernelSet detectedKernelSet();
// What an experiment uses: Portable when `portable`, else detectedKernelSet().
inline KernelSet chooseKernelSet(bool portable)
{
    return portable ? KernelSet::Portable : detectedKernelSet();
}

// The table of `set`; nullptr for Portable (the engine's own baseline code). The set must
// be supported by this CPU.
const Kernels* kernelsFor(KernelSet set);

} // namespace bitlab
