#pragma once
// AffineModel: one fully connected layer, logits z = x W^T + b (PyTorch's nn.Linear).
//
// It is the whole of the four single-layer kinds; only their outputs and losses differ:
//   linear    regression, `outputs` regression targets (usually 1), loss mse
//   logistic  binary, 1 logit, p(y=1) = sigmoid(z), loss bce
//   softmax   multiclass, K logits, p(y=k) = softmax(z)_k, loss cross_entropy
//   svm       binary with 1 logit or multiclass with K logits, loss hinge / squared_hinge
// Tensors: "weight" [outputs, inputs] and, unless the spec says bias = false, "bias"
// [outputs]. Default initialisation: all zeros (the classic convex models start there).
//
// Gradients for dL/dz = G (n x outputs):  dW = G^T x,  db = sum over rows of G.
// forward() copies the batch for backward() (forwardView() keeps a view of it instead);
// buffers are kept per batch size (BufferPool), so a run allocates nothing per step once
// its batch sizes have been seen. predict() uses only the caller's matrix. Not safe to
// call concurrently on one object (each run owns its own model, see clone()).

#include "core/model/buffer_pool.h"
#include "core/model/model.h"

namespace bitlab {

class AffineModel : public Model {
public:
    // kind: the registry name ("linear", "logistic", "softmax", "svm"), kept for messages.
    AffineModel(std::string kind, Index inputs, Index outputs, bool bias);

    const std::string& kind() const { return m_kind; }
    bool hasBias() const { return m_hasBias; }

    std::unique_ptr<Model> clone() const override;
    void initialize(Rng& rng) override;
    const Matrix& forward(const ConstMatrixRef& x, bool training) override;
    const Matrix& forwardView(const ConstMatrixRef& x, bool training) override;
    void backward(const ConstMatrixRef& dLogits) override;
    void predict(const ConstMatrixRef& x, Matrix& logits) const override;

private:
    struct Buffers {
        Matrix x; // forward(): the copy of the batch
        BatchView input; // what backward() reads
        Matrix logits;
    };

    void checkInput(const ConstMatrixRef& x) const;
    void logitsInto(const ConstMatrixRef& x, Matrix& logits) const;

    std::string m_kind;
    bool m_hasBias;
    BufferPool<Buffers> m_pool;
};

} // namespace bitlab
