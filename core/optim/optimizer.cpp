#include "core/optim/optimizer.h"

#include "core/common/error.h"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace bitlab {

namespace {

// Kernels::maxMagnitudeBits for the baseline code (SSE2 has no 64-bit integer maximum, so
// this loop stays scalar there; the wider sets' copies are vectorized).
std::uint64_t maxMagnitudeBits(Index n, const Scalar* x)
{
    std::uint64_t most = 0;
    for (Index c = 0; c < n; ++c)
        most = std::max<std::uint64_t>(
            most, std::bit_cast<std::uint64_t>(x[c]) & 0x7fffffffffffffffULL);
    return most;
}

} // namespace

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
    run(values, grads, lr, values, nullptr, nullptr);
}

void Optimizer::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads,
    Scalar lr, std::vector<Matrix>& out)
{
    checkShapes(values, grads);
    prepareOut(values, out);
    run(values, grads, lr, out, nullptr, nullptr);
}

void Optimizer::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads,
    Scalar lr, std::vector<Matrix>& out, std::vector<WrittenTensor>& written,
    const Kernels* kernels)
{
    checkShapes(values, grads);
    prepareOut(values, out);
    written.resize(values.size()); // no allocation when it matches
    run(values, grads, lr, out, &written, kernels);
}

void Optimizer::prepareOut(const std::vector<Matrix>& values, std::vector<Matrix>& out) const
{
    out.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        out[i].resize(values[i].rows(), values[i].cols()); // no allocation when it matches
}

void Optimizer::run(const std::vector<Matrix>& in, const std::vector<Matrix>& grads, Scalar lr,
    std::vector<Matrix>& out, std::vector<WrittenTensor>* written, const Kernels* kernels)
{
    // Chunks of 1024 elements: the rule's arrays for one chunk (w, g, out and up to two
    // state tensors, 8 KB each) stay in the L1 cache while the chunk just written is
    // checked. The rules are element-wise, so chunking changes no result.
    constexpr Index kChunk = 1024;
    beginStep(lr);
    for (std::size_t k = 0; k < in.size(); ++k) {
        const Index n = in[k].size();
        const Scalar* w = in[k].data();
        const Scalar* g = grads[k].data();
        Scalar* o = out[k].data();
        if (!written) {
            update({ k, 0, n, w, g, o, kernels }, lr);
            continue;
        }
        // One pass over the chunk just written: its largest magnitude and whether it holds
        // an inf or NaN, in one integer maximum (Kernels::maxMagnitudeBits).
        std::uint64_t most = 0;
        for (Index first = 0; first < n; first += kChunk) {
            const Index size = std::min(kChunk, n - first);
            update({ k, first, size, w + first, g + first, o + first, kernels }, lr);
            most = std::max(most,
                kernels ? kernels->maxMagnitudeBits(size, o + first)
                        : maxMagnitudeBits(size, o + first));
        }
        const bool finite = most < kNonFiniteMagnitudeBits;
        (*written)[k] = { finite, finite ? std::bit_cast<Scalar>(most) : Scalar(0) };
    }
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
