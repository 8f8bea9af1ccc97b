#include "core/model/affine_model.h"

#include "core/common/error.h"

namespace bitlab {

AffineModel::AffineModel(std::string kind, Index inputs, Index outputs, bool bias)
    : Model(inputs, outputs)
    , m_kind(std::move(kind))
    , m_hasBias(bias)
{
    addTensor("weight", false, outputs, inputs);
    if (m_hasBias)
        addTensor("bias", true, 1, outputs);
}

std::unique_ptr<Model> AffineModel::clone() const
{
    return std::make_unique<AffineModel>(*this);
}

void AffineModel::initialize(Rng& /*rng*/)
{
    setZero();
}

void AffineModel::checkInput(const ConstMatrixRef& x) const
{
    if (x.cols() != m_inputs)
        throw Error("The " + m_kind + " model expects " + std::to_string(m_inputs)
            + " input features, but the batch has " + std::to_string(x.cols()) + ".");
}

void AffineModel::logitsInto(const ConstMatrixRef& x, Matrix& logits) const
{
    logits.resize(x.rows(), m_outputs);
    if (m_inputs == 1 && m_outputs == 1) {
        // One feature, one output: z = x w. Eigen's product would zero z and add 1 * (x w)
        // through its matrix-vector kernel; 0 + x w is that same value (-0 becomes +0).
        const Scalar w = m_values[0](0, 0);
        const Scalar* xp = x.data();
        const Index stride = x.outerStride();
        Scalar* z = logits.data();
        for (Index i = 0; i < x.rows(); ++i)
            z[i] = 0.0 + xp[i * stride] * w;
    } else if (m_products && x.rows() > 0) {
        const Matrix& w = m_values[0];
        m_products.productABt(x.rows(), w.rows(), w.cols(), x.data(), x.outerStride(), w.data(),
            w.cols(), logits.data(), logits.cols());
    } else {
        logits.noalias() = x * m_values[0].transpose();
    }
    if (!m_hasBias)
        return;
    if (m_outputs == 1) {
        // One logit per row: one contiguous loop instead of n row-wise adds of length 1.
        Eigen::Map<Vector>(logits.data(), logits.rows()).array() += m_values[1](0, 0);
    } else {
        logits.rowwise() += m_values[1].row(0);
    }
}

const Matrix& AffineModel::forward(const ConstMatrixRef& x, bool /*training*/)
{
    checkInput(x);
    Buffers& buf = m_pool.get(x.rows());
    buf.x = x;
    buf.input.own(buf.x);
    logitsInto(buf.x, buf.logits);
    return buf.logits;
}

const Matrix& AffineModel::forwardView(const ConstMatrixRef& x, bool /*training*/)
{
    checkInput(x);
    Buffers& buf = m_pool.get(x.rows());
    buf.input.borrow(x);
    logitsInto(x, buf.logits);
    return buf.logits;
}

void AffineModel::backward(const ConstMatrixRef& dLogits)
{
    if (!m_pool.hasCurrent() || dLogits.rows() != m_pool.currentRows()
        || dLogits.cols() != m_outputs)
        throw Error("The " + m_kind
            + " model's backward() needs the gradient of the logits of "
              "the last forward() batch.");
    const Buffers& buf = m_pool.current();
    if (m_products && dLogits.rows() > 0) {
        const BatchView::Map x = buf.input.map(buf.x);
        Matrix& grad = m_grads[0];
        m_products.productAtB(dLogits.rows(), dLogits.cols(), x.cols(), dLogits.data(),
            dLogits.outerStride(), x.data(), x.outerStride(), grad.data(), grad.cols());
    } else {
        m_grads[0].noalias() = dLogits.transpose() * buf.input.map(buf.x);
    }
    if (!m_hasBias)
        return;
    if (m_outputs == 1) {
        // The same left-to-right sum Eigen's column sum of a strided column does.
        const Scalar* g = dLogits.data();
        const Index stride = dLogits.outerStride();
        Scalar sum = dLogits.rows() > 0 ? g[0] : Scalar(0);
        for (Index i = 1; i < dLogits.rows(); ++i)
            sum += g[i * stride];
        m_grads[1](0, 0) = sum;
    } else {
        m_grads[1].noalias() = dLogits.colwise().sum();
    }
}

void AffineModel::predict(const ConstMatrixRef& x, Matrix& logits) const
{
    checkInput(x);
    logitsInto(x, logits);
}

} // namespace bitlab
