// The kernels compiled for AVX2 + FMA (core/CMakeLists.txt sets the flags); see
// kernels_isa.inc.
#define BITLAB_ISA_EIGEN bitlab_avx2_eigen
#define BITLAB_ISA_NS isa_avx2
#define BITLAB_ISA_TABLE kAvx2Kernels
#define BITLAB_ISA_SET KernelSet::Avx2
#include "core/kernels/kernels_isa.inc"
