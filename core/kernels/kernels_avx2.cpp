// The kernels compiled for AVX2 + FMA (core/CMakeLists.txt sets the flags); see
// kernels_isa.inc.
#define BITLAB_ISA_EIGEN bitlab_avx2_eigen
#define BITLAB_ISA_NS isa_avx2
#define BITLAB_ISA_TABLE kAvx2Kernels
#define BITLAB_ISA_SET KernelSet::Avx2
#define BITLAB_ISA_VEC __m256d
#define BITLAB_ISA_SLEEF(f) Sleef_##f##d4_u10avx2
#include "core/kernels/kernels_isa.inc"
