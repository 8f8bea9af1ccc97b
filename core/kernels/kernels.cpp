#include "core/kernels/kernels.h"

namespace bitlab {

const char* kernelSetName(KernelSet set)
{
    switch (set) {
    case KernelSet::Portable:
        return "portable";
    case KernelSet::Avx2:
        return "avx2";
    case KernelSet::Avx512:
        return "avx512";
    }
    return "portable";
}

std::optional<KernelSet> kernelSetFromName(const std::string& name)
{
    for (KernelSet s : { KernelSet::Portable, KernelSet::Avx2, KernelSet::Avx512 })
        if (name == kernelSetName(s))
            return s;
    return std::nullopt;
}

bool kernelSetSupported(KernelSet set)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    // libgcc's CPU model also checks (XGETBV) that the operating system saves the wider
    // registers.
    __builtin_cpu_init();
    switch (set) {
    case KernelSet::Portable:
        return true;
    case KernelSet::Avx2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case KernelSet::Avx512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
            && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("fma");
    }
    return false;
#else
    return set == KernelSet::Portable;
#endif
}

KernelSet detectedKernelSet()
{
    static const KernelSet detected = [] {
        if (kernelSetSupported(KernelSet::Avx512))
            return KernelSet::Avx512;
        if (kernelSetSupported(KernelSet::Avx2))
            return KernelSet::Avx2;
        return KernelSet::Portable;
    }();
    return detected;
}

const Kernels* kernelsFor(KernelSet set)
{
#if defined(BITLAB_HAVE_ISA_KERNELS)
    switch (set) {
    case KernelSet::Portable:
        return nullptr;
    case KernelSet::Avx2:
        return &kAvx2Kernels;
    case KernelSet::Avx512:
        return &kAvx512Kernels;
    }
#endif
    (void)set;
    return nullptr;
}

} // namespace bitlab
