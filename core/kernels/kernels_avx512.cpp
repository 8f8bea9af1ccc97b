// The kernels compiled for AVX-512 (core/CMakeLists.txt sets the flags); see
// kernels_isa.inc.
#define BITLAB_ISA_EIGEN bitlab_avx512_eigen
#define BITLAB_ISA_NS isa_avx512
#define BITLAB_ISA_TABLE kAvx512Kernels
#define BITLAB_ISA_SET KernelSet::Avx512
#define BITLAB_ISA_VEC __m512d
#define BITLAB_ISA_SLEEF(f) Sleef_##f##d8_u10avx512f
#include "core/kernels/kernels_isa.inc"
