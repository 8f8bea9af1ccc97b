#pragma once
// Model: named parameter tensors, a forward pass to logits, and the backward pass that
// fills the gradient of every tensor.
//
// Tensors follow PyTorch's state_dict names: "weight", "bias" for single-layer models,
// "layers.0.weight", "layers.0.bias", ... for MLPs. A weight is [out, in]; a bias is
// stored as a 1 x out row (its reported shape is [out]). Outputs are logits: the loss
// applies the link (sigmoid, softmax) itself.
//
// The trainer owns what the values are: for a quantized run it writes Q(w) into values()
// before forward(); the model only computes.

#include "core/common/rng.h"
#include "core/common/scalar.h"
#include "core/common/task.h"
#include "core/kernels/kernel_table.h"
#include "core/kernels/products.h"
#include "core/model/model_spec.h"
#include "core/quant/quantizer_spec.h"

#include <memory>
#include <string>
#include <vector>

namespace bitlab {

// One hidden layer's activation grid (per_tensor "layers.l.activation", docs/quantizers.md
// "Per-tensor quantizers"): its bits (0 = full precision) and what is learned (lsq: the
// step, pact: the clip; none: the moving-average min/max grid).
struct ActivationGrid {
    int bits = 0;
    LearnMode learn = LearnMode::None;
};

struct TensorInfo {
    std::string name;
    bool isBias = false;
    std::vector<Index> shape; // [out, in] or [out]
};

class Model {
public:
    virtual ~Model() = default;
    virtual std::unique_ptr<Model> clone() const = 0;

    Index inputs() const { return m_inputs; }
    Index outputs() const { return m_outputs; }

    const std::vector<TensorInfo>& tensors() const { return m_info; }
    std::vector<Matrix>& values() { return m_values; }
    const std::vector<Matrix>& values() const { return m_values; }
    const std::vector<Matrix>& gradients() const { return m_grads; }
    Index parameterCount() const;

    // Default initialisation (DESIGN §2): zeros for single-layer models; for MLPs Xavier
    // uniform (tanh, sigmoid) or He uniform (relu) weights and zero biases.
    virtual void initialize(Rng& rng) = 0;
    void setZero();

    // Logits of a batch (rows of x); keeps what backward() needs. `training` lets layers
    // with state (activation fake-quant) update it.
    virtual const Matrix& forward(const ConstMatrixRef& x, bool training) = 0;
    // forward() without copying the batch: backward() reads x where it lies, so x's
    // storage must stay alive and unchanged until backward() (the trainer's batch buffer
    // or training set). Same numbers as forward(). The default copies (calls forward()).
    virtual const Matrix& forwardView(const ConstMatrixRef& x, bool training)
    {
        return forward(x, training);
    }
    // Given dLoss/dLogits of the last forward(), overwrites gradients().
    virtual void backward(const ConstMatrixRef& dLogits) = 0;
    // Logits without touching the training caches or state (evaluation).
    virtual void predict(const ConstMatrixRef& x, Matrix& logits) const = 0;

    // Number of hidden activations (MLP hidden layers) that may be fake-quantized; 0 for
    // models without hidden layers.
    virtual std::size_t activationLayerCount() const { return 0; }
    // Every hidden activation fake-quantized with an affine `bits`-bit grid whose min/max
    // track an exponential moving average (0 = off), learning unchanged. Other models ignore it.
    virtual void setActivationBits(int /*bits*/) { }
    // Each hidden layer's own grid (one entry per activationLayerCount(); throws Error for
    // another count or bits outside 0..16). Learning applies only where bits > 0.
    virtual void setActivationGrids(const std::vector<ActivationGrid>& /*grids*/) { }
    // The moving-average ranges start afresh (bits and learned parameters kept): ptq
    // calibration.
    virtual void resetActivationRanges() { }

    // Learned activation quantization (learn lsq or pact with activation bits, MLP only;
    // core/quant/learned_step.h): per learning hidden layer a 1 x 1 tensor, its step size
    // (lsq) or clip (pact), and its gradient (backward() fills it), in layer order. The first
    // training forward() initialises them from its batch (activationParametersReady() then
    // turns true); until then an evaluation uses the value the rule gives for the batch
    // evaluated, without keeping it. Empty without learning; models without hidden layers
    // ignore it.
    virtual void setActivationLearning(LearnMode /*mode*/) { }
    // The names of activationParameters(), in their order: "layers.0.activation.step" (lsq)
    // or "layers.0.activation.clip" (pact).
    virtual std::vector<std::string> activationParameterNames() const { return {}; }
    std::vector<Matrix>& activationParameters() { return m_actParams; }
    const std::vector<Matrix>& activationParameters() const { return m_actParams; }
    const std::vector<Matrix>& activationParameterGradients() const { return m_actParamGrads; }
    bool activationParametersReady() const { return m_actParamsReady; }
    // Parameter k starts at `value` instead of the rule's value (init from a weights file
    // with learned values); until the grids change again.
    void giveActivationParameter(std::size_t k, Scalar value)
    {
        m_actParams[k](0, 0) = value;
        m_actParamGiven.resize(m_actParams.size(), false);
        m_actParamGiven[k] = true;
    }

    // The kernels the products run on (core/kernels/kernels.h): nullptr, the default, is
    // the portable code. clone() keeps them.
    void setKernels(const Kernels* kernels) { m_products.kernels = kernels; }
    const Kernels* kernels() const { return m_products.kernels; }
    // The threads the optimized products may share (core/kernels/product_pool.h; nullptr,
    // the default: the calling thread alone). Never changes a number: the products are cut
    // the same way whatever the pool (core/kernels/products.h). The portable code does
    // not use it. clone() keeps it; the pool serves one call at a time and a concurrent
    // caller computes alone.
    void setProductPool(ProductPool* pool) { m_products.pool = pool; }

protected:
    Model(Index inputs, Index outputs)
        : m_inputs(inputs)
        , m_outputs(outputs)
    {
    }
    // Registers a tensor (zero-filled value and gradient); returns its index.
    std::size_t addTensor(std::string name, bool isBias, Index rows, Index cols);

    Index m_inputs, m_outputs;
    std::vector<TensorInfo> m_info;
    std::vector<Matrix> m_values;
    std::vector<Matrix> m_grads;
    Products m_products; // the optimized kernels and their threads; empty: portable
    std::vector<Matrix> m_actParams, m_actParamGrads;
    std::vector<bool> m_actParamGiven; // per parameter: given, not initialised by the rule
    bool m_actParamsReady = false;
};

} // namespace bitlab
