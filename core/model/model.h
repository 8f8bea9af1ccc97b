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
#include "core/model/model_spec.h"
#include "core/quant/quantizer_spec.h"

#include <memory>
#include <string>
#include <vector>

namespace bitlab {

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

    // MLP hidden activations fake-quantized with an affine `bits`-bit grid whose min/max
    // track an exponential moving average (0 = off). Other models ignore it.
    virtual void setActivationBits(int /*bits*/) { }

    // Learned activation quantization (learn lsq or pact with activation bits, MLP only;
    // core/quant/learned_step.h): per hidden layer a 1 x 1 tensor, its step size (lsq) or
    // clip (pact), and its gradient (backward() fills it). The first training forward()
    // initialises them from its batch (activationParametersReady() then turns true); until
    // then an evaluation uses the value the rule gives for the batch evaluated, without
    // keeping it. Empty without learning; models without hidden layers ignore it.
    virtual void setActivationLearning(LearnMode /*mode*/) { }
    virtual LearnMode activationLearning() const { return LearnMode::None; }
    std::vector<Matrix>& activationParameters() { return m_actParams; }
    const std::vector<Matrix>& activationParameters() const { return m_actParams; }
    const std::vector<Matrix>& activationParameterGradients() const { return m_actParamGrads; }
    bool activationParametersReady() const { return m_actParamsReady; }

    // The kernels the products run on (core/kernels/kernels.h): nullptr, the default, is
    // the portable code. clone() keeps them.
    void setKernels(const Kernels* kernels) { m_kernels = kernels; }
    const Kernels* kernels() const { return m_kernels; }

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
    const Kernels* m_kernels = nullptr;
    std::vector<Matrix> m_actParams, m_actParamGrads;
    bool m_actParamsReady = false;
};

} // namespace bitlab
