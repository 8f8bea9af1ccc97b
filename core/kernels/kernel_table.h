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
    // [qmin, qmax] (else 0; inRange nullptr: not written). Returns how many codes differ
    // from those `codes` held before.
    // (The baseline build cannot vectorize that count: SSE2 has no 64-bit compare.)
    std::int64_t (*quantizeUniformRow)(std::int64_t n, const double* in, double scale, double qmin,
        double qmax, double* out, double* codes, double* inRange);
    // The largest magnitude of n doubles, as bits: the maximum over k of x[k]'s bit pattern
    // with the sign cleared, as an unsigned integer (for doubles >= +0 integer order is
    // value order, and inf and NaN lie above every finite value). At least
    // kNonFiniteMagnitudeBits exactly when some x[k] is inf or NaN; otherwise the bits of
    // max |x[k]| (those of +0 when n is 0), exact in any order. The optimizer's check of
    // each chunk of an update as it writes it (core/optim/optimizer.cpp holds the portable
    // loop).
    std::uint64_t (*maxMagnitudeBits)(std::int64_t n, const double* x);
};

inline constexpr std::uint64_t kNonFiniteMagnitudeBits = 0x7ff0000000000000ULL;

// The tables compiled for each wider set (kernels_avx2.cpp, kernels_avx512.cpp).
extern const Kernels kAvx2Kernels;
extern const Kernels kAvx512Kernels;

} // namespace bitlab
