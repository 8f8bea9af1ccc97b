#pragma once
// The kernel table (see kernels.h): plain pointers and sizes only. The per-instruction-set
// translation units include this header and nothing else of the project's, so no inline
// function or template of another header is compiled for a wider instruction set.

#include <cstdint>

namespace bitlab {

enum class KernelSet { Portable, Avx2, Avx512 };

// An MLP's hidden activation (core/model/model_spec.h's Activation, in its order).
enum class KernelActivation { Relu, Tanh, Sigmoid };

// The optimizers' update rules as plain data (core/kernels/update_rules.inc holds the loops,
// core/optim/*.cpp the formulas and fill these in once per step). `step` is -lr (SGD,
// RMSprop, Adagrad) or -lr / (1 - beta1^t) (Adam).
struct SgdRule {
    double momentum;
    double weightDecay;
    double step;
    bool nesterov;
    bool first; // the first step since reset(): the buffer takes the gradient
};
struct AdamRule {
    double lerpWeight; // 1 - beta1
    bool smallWeight; // |lerpWeight| < 0.5: which of ATen's two lerp formulas
    double beta2;
    double oneMinusBeta2;
    double eps;
    double weightDecay;
    bool decoupled; // AdamW: w * decay instead of g + weightDecay * w
    double decay; // 1 - lr * weightDecay
    double biasCorrection2Sqrt;
    double step;
};
struct RmspropRule {
    double alpha;
    double oneMinusAlpha;
    double eps;
    double momentum; // 0: no buffer
    double weightDecay;
    double step;
};
struct AdagradRule {
    double eps;
    double weightDecay;
    double step;
};

// A run of casts to a minifloat format, rounding to nearest (core/kernels/float_cast_rule.inc
// holds the loop, core/quant/float_cast_kernel.cpp fills this in from a FloatFormat):
// y = in * factor, or in / factor with `divide`; out = (value * outScale) * outScale2.
struct FloatCastRule {
    bool divide;
    double factor;
    double outScale;
    double outScale2;
    bool saturate; // clamp |y| to maxFinite first (else rounding past it is a rare element)
    double maxFinite;
    double minNormal; // 2^minExponent
    std::uint64_t minNormalBits; // its bits
    std::uint64_t upBits; // (M + 2046) << 52: minus 2^e's bits, the bits of 2^(M - e)
    std::uint64_t downBits; // M << 52: 2^e's bits minus this, the bits of 2^(e - M)
    int codeShift; // 52 - M: (e - minExponent) << 52 shifted down to (e - minExponent) << M
    double signCode; // the sign bit's weight in a code, 2^(E + M)
    double rangeTie; // the in-range mask's bound (FloatFormat::roundsInRange)
    bool tieInRange; // whether |y| == rangeTie is in range (the largest finite code even)
};

// The integer schemes' stochastic rounding of one run (core/kernels/stochastic_row_rule.inc):
// x = in / factor (divide) or in * factor, rounded = floor(x + u) (+ zeroPoint when
// hasZeroPoint), q = clamp(rounded, qmin, qmax), out = (q - zeroPoint) * scale.
struct StochasticRowRule {
    bool divide;
    double factor;
    bool hasZeroPoint; // affine
    double zeroPoint;
    double qmin, qmax;
    double scale;
};

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
    // (core/kernels/nearest_row_rule.inc's loop, the portable code's too, so the same bits
    // in every set): code = clamp(round-half-even(in / scale), qmin, qmax), out = code *
    // scale, inRange 1 where the rounded value lay in [qmin, qmax] (else 0; inRange
    // nullptr: not written). Returns how many codes differ from those `codes` held before.
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
    // The symmetric, affine and fixed-point schemes' stochastic rounding of n elements with
    // the n draws u (core/kernels/stochastic_row_rule.inc; the schemes' own loops on the
    // portable set): codes, out and inRange, the same bits in every set.
    void (*stochasticRow)(const StochasticRowRule& rule, std::int64_t n, const double* in,
        const double* u, double* out, double* codes, double* inRange);
    // n casts to a minifloat format (the float, mx and nvfp4 schemes;
    // core/kernels/float_cast_rule.inc), rounding to nearest, ties to even (u nullptr), or
    // stochastically with the n draws u: codes, out and inRange (nullptr: not written) as
    // FloatFormat::Codec::encode / encodeStochastic give them, the same bits. `changed`
    // (nullptr: not counted): how many codes differ from those `codes` held. Returns how
    // many elements were rare (a NaN y, or one that rounds past the largest finite value
    // without saturation): their codes are left as they were and not counted, their out and
    // inRange are anything; the caller casts them with the codec
    // (core/quant/float_cast_kernel.h).
    std::int64_t (*castFloatRun)(const FloatCastRule& rule, std::int64_t n, const double* in,
        const double* u, double* out, double* codes, double* inRange, std::int64_t* changed);

    // The update rules over n elements of one tensor: weights w, gradients g, the new
    // weights out (may be w), and the rule's state, read and written in place (buffer
    // nullptr when RMSprop has no momentum). The loops of core/kernels/update_rules.inc,
    // which the portable optimizers run too: no transcendental function, no contraction,
    // so every set writes the same bits.
    void (*sgdUpdate)(const SgdRule& rule, std::int64_t n, const double* w, const double* g,
        double* out, double* buffer);
    void (*adamUpdate)(const AdamRule& rule, std::int64_t n, const double* w, const double* g,
        double* out, double* m, double* v);
    void (*rmspropUpdate)(const RmspropRule& rule, std::int64_t n, const double* w, const double* g,
        double* out, double* square, double* buffer);
    void (*adagradUpdate)(const AdagradRule& rule, std::int64_t n, const double* w, const double* g,
        double* out, double* sum);

    // An MLP's activation of n pre-activations in place, and delta *= act'(pre-activation)
    // written in terms of the activation's output h (core/model/mlp.cpp holds the portable
    // code). tanh and the sigmoid's exp come from SLEEF's vector functions (1.0 ULP), so
    // their last bits may differ from the portable set's libm and Eigen; relu and the
    // derivatives are the same operations, the same bits.
    void (*activate)(KernelActivation act, std::int64_t n, double* a);
    void (*multiplyDerivative)(
        KernelActivation act, std::int64_t n, double* delta, const double* h);
    // Affine fake quantization over n contiguous elements: an MLP activation's
    // (activation_bits) and the affine scheme's round to nearest. core/kernels/
    // fake_quantize_rule.inc's loop, the portable code's too; the rounding and the
    // division vectorized, the same bits in every set. mask, codes nullptr: not written.
    void (*fakeQuantizeAffine)(std::int64_t n, const double* a, double scale, double zeroPoint,
        double qmax, double* out, double* mask, double* codes);
    // The learned steps' forward passes over n contiguous elements (LSQ on weights and
    // activations, PACT on activations): core/kernels/learned_step_rule.inc's loops, the
    // portable code's too, the same bits in every set. Their gradients (a sum in the
    // tensor's order) stay on the portable code.
    void (*lsqForward)(std::int64_t n, const double* x, double s, double qn, double qp, double* out,
        double* codes, double* inside);
    void (*pactForward)(
        std::int64_t n, const double* x, double alpha, double scale, double* out, double* pass);

    // Losses (core/loss/*.cpp hold the portable code and check the inputs first). Each
    // returns the sum of the per-sample (mse: per-element) losses, in an order that depends
    // on n alone (bce, cross_entropy: sample by sample; mse: a vector of partial sums, then
    // the tail); gradients are written already divided as the portable code does.
    // mse over n contiguous elements: grad = 2 (z - y) / n; returns sum (z - y)^2.
    double (*mseGradient)(std::int64_t n, const double* z, const double* y, double* grad);
    // bce on n logits z[i * zs] with targets y[i * ys] in [0, 1]: max(z,0) - z y +
    // log1p(exp(-|z|)); grad (n contiguous, nullptr: loss only) = (sigmoid(z) - y) invN.
    double (*bce)(std::int64_t n, const double* z, std::int64_t zs, const double* y,
        std::int64_t ys, double invN, double* grad);
    // Softmax cross-entropy on n rows of k logits (row i at z + i * ldz) with class indices
    // y[i * ys] (already checked): logsumexp(z_i) - z_i[y_i]; grad (ldg apart, nullptr: loss
    // only) = softmax(z_i) invN, minus invN at the class.
    double (*crossEntropy)(std::int64_t n, std::int64_t k, const double* z, std::int64_t ldz,
        const double* y, std::int64_t ys, double invN, double* grad, std::int64_t ldg);
};

inline constexpr std::uint64_t kNonFiniteMagnitudeBits = 0x7ff0000000000000ULL;

// The tables compiled for each wider set (kernels_avx2.cpp, kernels_avx512.cpp).
extern const Kernels kAvx2Kernels;
extern const Kernels kAvx512Kernels;

} // namespace bitlab
