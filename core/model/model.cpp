#include "core/model/model.h"

namespace bitlab {

Index Model::parameterCount() const
{
    Index n = 0;
    for (const auto& v : m_values)
        n += v.size();
    return n;
}

void Model::setZero()
{
    for (auto& v : m_values)
        v.setZero();
}

std::size_t Model::addTensor(std::string name, bool isBias, Index rows, Index cols)
{
    TensorInfo info { std::move(name), isBias, {} };
    info.shape = isBias ? std::vector<Index> { cols } : std::vector<Index> { rows, cols };
    m_info.push_back(std::move(info));
    m_values.push_back(Matrix::Zero(rows, cols));
    m_grads.push_back(Matrix::Zero(rows, cols));
    return m_values.size() - 1;
}

} // namespace bitlab
