// The kernels compiled for AVX-512 (core/CMakeLists.txt sets the flags); see
// kernels_isa.inc.
#define BITLAB_ISA_EIGEN bitlab_avx512_eigen
#define BITLAB_ISA_NS isa_avx512
#define BITLAB_ISA_TABLE kAvx512Kernels
#define BITLAB_ISA_SET KernelSet::Avx512
#include "core/kernels/kernels_isa.inc"
