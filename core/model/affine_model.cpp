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

const Matrix& AffineModel::forward(const ConstMatrixRef& x, bool /*training*/)
{
    checkInput(x);
    Buffers& buf = m_pool.get(x.rows());
    buf.x = x;
    buf.logits.resize(x.rows(), m_outputs);
    buf.logits.noalias() = x * m_values[0].transpose();
    if (m_hasBias)
        buf.logits.rowwise() += m_values[1].row(0);
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
    m_grads[0].noalias() = dLogits.transpose() * buf.x;
    if (m_hasBias)
        m_grads[1].noalias() = dLogits.colwise().sum();
}

void AffineModel::predict(const ConstMatrixRef& x, Matrix& logits) const
{
    checkInput(x);
    logits.resize(x.rows(), m_outputs);
    logits.noalias() = x * m_values[0].transpose();
    if (m_hasBias)
        logits.rowwise() += m_values[1].row(0);
}

} // namespace bitlab
