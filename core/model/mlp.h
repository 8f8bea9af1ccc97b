#pragma once
// Mlp: a multilayer perceptron, Linear layers with an activation between them, like
// PyTorch's nn.Sequential(Linear, act, Linear, act, ..., Linear). The last Linear layer
// gives the logits (no activation; the loss applies the link).
//
//   h_0 = x,  h_{l+1} = act(h_l W_l^T + b_l)  for the hidden layers,  z = h_H W_H^T + b_H
//   act: relu max(0, a) | tanh | sigmoid 1/(1 + exp(-a))
//
// Tensor names count Linear layers only: "layers.0.weight", "layers.0.bias",
// "layers.1.weight", ... where layers.l is the l-th Linear layer (weight [out, in]). This
// differs from an nn.Sequential state_dict, whose indices also count the activation
// modules (there the second Linear layer would be layers.2); a model of consecutive
// Linear layers keeps the numbering dense, so layers.H is always the output layer.
// ModelSpec.bias = false drops every bias tensor.
//
// Default initialisation (initialize()): every weight uniform in [-bound, bound] drawn
// from the given Rng, layer by layer in row-major order; biases zero.
//   relu:           He uniform,     bound = sqrt(6 / fan_in)
//   tanh, sigmoid:  Xavier uniform, bound = sqrt(6 / (fan_in + fan_out))
// (fan_in = a layer's inputs, fan_out its outputs; the output layer follows the same rule.)
//
// Activation fake-quantization (setActivationGrids(), one grid per hidden layer, or
// setActivationBits(bits) for all; 0 = off): a hidden layer's output h_{l+1} ("layers.l.
// activation") is replaced by its fake-quantized value on an affine bits-bit grid whose
// min/max follow an exponential moving average (see ActivationQuantizer), or on a learned
// grid (lsq, pact). The averages move only in forward(x, training = true); predict() and
// forward(x, false) use their current values. Backward is straight-through with PyTorch's
// fake-quant mask. Changing a layer's bit width restarts its average.
//
// Buffers are kept per batch size (BufferPool): no allocation per step once the batch
// sizes have been seen. predict() has its own buffers and never touches what backward()
// needs. Not safe to call concurrently on one object (each run owns a clone()).

#include "core/model/activation_quantizer.h"
#include "core/model/buffer_pool.h"
#include "core/model/model.h"
#include "core/quant/learned_step.h"

namespace bitlab {

class Mlp : public Model {
public:
    // hidden: sizes of the hidden layers (each >= 1; empty gives a single Linear layer).
    Mlp(Index inputs, Index outputs, std::vector<int> hidden, Activation activation, bool bias);

    const std::vector<int>& hidden() const { return m_hidden; }
    Activation activation() const { return m_activation; }
    bool hasBias() const { return m_hasBias; }
    // Number of Linear layers: hidden().size() + 1.
    std::size_t layerCount() const { return m_hidden.size() + 1; }
    // Index into values()/gradients() of layer l's weight / bias (bias: hasBias() only).
    std::size_t weightIndex(std::size_t layer) const { return m_hasBias ? 2 * layer : layer; }
    std::size_t biasIndex(std::size_t layer) const { return 2 * layer + 1; }

    // Hidden layer h's activation bits (0 = off) and learning (0 .. hidden().size() - 1).
    int activationBits(std::size_t h) const { return m_grids[h].bits; }
    LearnMode activationLearning(std::size_t h) const { return m_grids[h].learn; }
    // The fake-quantizer of hidden layer h (0 .. hidden().size() - 1).
    const ActivationQuantizer& activationQuantizer(std::size_t h) const { return m_quant[h]; }

    std::unique_ptr<Model> clone() const override;
    void initialize(Rng& rng) override;
    const Matrix& forward(const ConstMatrixRef& x, bool training) override;
    const Matrix& forwardView(const ConstMatrixRef& x, bool training) override;
    void backward(const ConstMatrixRef& dLogits) override;
    void predict(const ConstMatrixRef& x, Matrix& logits) const override;
    std::size_t activationLayerCount() const override { return m_hidden.size(); }
    // bits: 0 (off) or 1..16; throws Error otherwise.
    void setActivationBits(int bits) override;
    void setActivationGrids(const std::vector<ActivationGrid>& grids) override;
    void resetActivationRanges() override;
    // lsq: the hidden activations' grid is a learned step s, codes clamp(round(a/s), -qn,
    // qp) with qn = 0, qp = 2^bits - 1 after relu or sigmoid (qn = 2^(bits-1), qp =
    // 2^(bits-1) - 1 after tanh), initialised to 2 mean|a| / sqrt(qp) of the first training
    // batch; pact: a learned clip alpha, y = clamp(a, 0, alpha) on 2^bits - 1 steps,
    // initialised to max(a) of the first training batch. Gradients as learned_step.h, the
    // LSQ scale g = 1 / sqrt(units * qp). Every hidden layer; only where its activation
    // bits are > 0; none: the EMA grid.
    void setActivationLearning(LearnMode mode) override;
    std::vector<std::string> activationParameterNames() const override;

private:
    struct Buffers {
        Matrix x; // forward(): the copy of the batch
        BatchView input; // the batch as backward() reads it (a view of x or of the caller's)
        std::vector<Matrix> act; // per hidden layer: act(h W^T + b), before fake-quant
        std::vector<Matrix> quant; // per hidden layer: fake-quantized act (bits > 0)
        std::vector<Matrix> mask; // per hidden layer: straight-through mask (bits > 0)
        std::vector<Matrix> delta; // per hidden layer: dL/d(pre-activation), backward only
        std::vector<Matrix> codes; // per hidden layer: lsq codes (scratch)
        Matrix logits;
    };

    // Runs the layers on x into buf and `logits`. With `observe`, each hidden layer's
    // quantizer first updates its moving average with the batch (training); with
    // `keepMask`, the straight-through masks are stored for backward().
    // With `initialise` (a training forward before the learned parameters are set), each
    // hidden layer's learned step or clip is set from the batch.
    void propagate(const ConstMatrixRef& x, Buffers& buf, Matrix& logits,
        std::vector<ActivationQuantizer>* observe, bool keepMask,
        std::vector<Matrix>* initialise = nullptr) const;
    // Learned fake-quantization of hidden layer l's output `a` into buf.quant[l] (and its
    // mask); `param` is its step or clip.
    void applyLearned(std::size_t l, const Matrix& a, Scalar param, Buffers& buf) const;
    // The learned parameter's initial value for hidden layer l's activations `a`.
    Scalar initialParameter(std::size_t l, const Matrix& a) const;
    LsqRange activationRange(std::size_t l) const;
    // Whether hidden layer l is fake-quantized / learns its grid.
    bool quantizes(std::size_t l) const { return m_grids[l].bits > 0; }
    bool learns(std::size_t l) const
    {
        return m_grids[l].bits > 0 && m_grids[l].learn != LearnMode::None;
    }
    // Sizes m_actParams (one per learning layer) and m_paramIndex after a grid change.
    void layOutParameters();
    // Sets a training forward up: whether it initialises the learned parameters.
    std::vector<Matrix>* parametersToInitialise();
    // out = input * W_l^T on the optimized kernels.
    void productForward(const ConstMatrixRef& input, std::size_t layer, Matrix& out) const;
    // Layer l's input: the batch for l = 0, else the hidden activation below.
    BatchView::Map layerInput(const Buffers& buf, std::size_t layer) const;
    void checkInput(const ConstMatrixRef& x) const;

    std::vector<int> m_hidden;
    Activation m_activation;
    bool m_hasBias;
    std::vector<ActivationGrid> m_grids; // per hidden layer
    std::vector<ActivationQuantizer> m_quant; // per hidden layer
    // Per hidden layer: its index in m_actParams, or kNoParameter.
    static constexpr std::size_t kNoParameter = static_cast<std::size_t>(-1);
    std::vector<std::size_t> m_paramIndex;
    BufferPool<Buffers> m_pool;
    mutable BufferPool<Buffers> m_predictPool;
};

} // namespace bitlab
