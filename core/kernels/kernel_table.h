#pragma once
// The kernel table (see kernels.h): plain pointers and sizes only. The per-instruction-set
// translation units include this header and nothing else of the project's, so no inline
// function or template of another header is compiled for a wider instruction set.

#include <cstdint>

namespace bitlab {

enum class KernelSet { Portable, Avx2, Avx512 };

// Every matrix row-major with rows `ld*` apart; products overwrite their destination.
struct Kernels {
    KernelSet set;
    // C (n x m) = A (n x k) * B^T, B m x k: a layer's forward pass (B its weight).
    void (*productABt)(std::int64_t n, std::int64_t m, std::int64_t k, const double* a,
        std::int64_t lda, const double* b, std::int64_t ldb, double* c, std::int64_t ldc);
    // C (m x k) = A^T * B, A n x m, B n x k: a weight's gradient (A the output gradient).
    void (*productAtB)(std::int64_t n, std::int64_t m, std::int64_t k, const double* a,
        std::int64_t lda, const double* b, std::int64_t ldb, double* c, std::int64_t ldc);
    // C (n x k) = A (n x m) * B (m x k): the gradient passed to the layer below.
    void (*productAB)(std::int64_t n, std::int64_t m, std::int64_t k, const double* a,
        std::int64_t lda, const double* b, std::int64_t ldb, double* c, std::int64_t ldc);
    // n elements of the symmetric quantizer's round-to-nearest pass at a record step
    // (core/quant/symmetric_quantizer.cpp holds the portable loop; the same operations in
    // the same order, so the same bits in every set): code = clamp(round-half-even(in /
    // scale), qmin, qmax), out = code * scale, inRange 1 where the rounded value lay in
    // [qmin, qmax] (else 0). Returns how many codes differ from those `codes` held before.
    // (The baseline build cannot vectorize that count: SSE2 has no 64-bit compare.)
    std::int64_t (*quantizeUniformRow)(std::int64_t n, const double* in, double scale, double qmin,
        double qmax, double* out, double* codes, double* inRange);
};

// The tables compiled for each wider set (kernels_avx2.cpp, kernels_avx512.cpp).
extern const Kernels kAvx2Kernels;
extern const Kernels kAvx512Kernels;

} // namespace bitlab
