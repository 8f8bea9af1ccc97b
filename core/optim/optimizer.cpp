#include "core/optim/optimizer.h"

#include "core/common/error.h"

namespace bitlab {

void Optimizer::reset(const std::vector<Matrix>& values)
{
    m_shapes.clear();
    for (const Matrix& v : values)
        m_shapes.emplace_back(v.rows(), v.cols());
    resetState(values);
}

void Optimizer::step(std::vector<Matrix>& values, const std::vector<Matrix>& grads, Scalar lr)
{
    checkShapes(values, grads);
    run(values, grads, lr, values);
}

void Optimizer::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads,
    Scalar lr, std::vector<Matrix>& out)
{
    checkShapes(values, grads);
    out.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        out[i].resize(values[i].rows(), values[i].cols()); // no allocation when it matches
    run(values, grads, lr, out);
}

void Optimizer::run(const std::vector<Matrix>& in, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out)
{
    beginStep(lr);
    for (std::size_t k = 0; k < in.size(); ++k)
        update({ k, in[k].size(), in[k].data(), grads[k].data(), out[k].data() }, lr);
}

std::vector<Matrix> Optimizer::zerosLike(const std::vector<Matrix>& values)
{
    std::vector<Matrix> zeros;
    zeros.reserve(values.size());
    for (const Matrix& v : values)
        zeros.push_back(Matrix::Zero(v.rows(), v.cols()));
    return zeros;
}

void Optimizer::checkShapes(
    const std::vector<Matrix>& values, const std::vector<Matrix>& grads) const
{
    // Only the error path builds strings: a matching call allocates nothing.
    if (values.size() != m_shapes.size() || grads.size() != m_shapes.size())
        throw Error(std::string(m_kind) + ": step() got " + std::to_string(values.size())
            + " tensors and " + std::to_string(grads.size()) + " gradients, but reset() saw "
            + std::to_string(m_shapes.size()) + "; call reset() with the model's tensors first.");
    for (std::size_t i = 0; i < m_shapes.size(); ++i) {
        const auto [rows, cols] = m_shapes[i];
        if (values[i].rows() != rows || values[i].cols() != cols || grads[i].rows() != rows
            || grads[i].cols() != cols)
            throw Error(std::string(m_kind) + ": tensor " + std::to_string(i) + " is "
                + std::to_string(values[i].rows()) + "x" + std::to_string(values[i].cols())
                + " with a " + std::to_string(grads[i].rows()) + "x"
                + std::to_string(grads[i].cols()) + " gradient, but reset() saw "
                + std::to_string(rows) + "x" + std::to_string(cols) + ".");
    }
}

} // namespace bitlab
