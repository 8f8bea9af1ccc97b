#include "core/optim/optimizer.h"

#include "core/common/error.h"

namespace bitlab {

void Optimizer::stepInto(const std::vector<Matrix>& values, const std::vector<Matrix>& grads,
    Scalar lr, std::vector<Matrix>& out)
{
    shapeLike(values, out);
    for (std::size_t i = 0; i < values.size(); ++i)
        out[i] = values[i];
    step(out, grads, lr);
}

void Optimizer::shapeLike(const std::vector<Matrix>& values, std::vector<Matrix>& out)
{
    out.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        out[i].resize(values[i].rows(), values[i].cols());
}

void Optimizer::checkShapes(const char* kind, const std::vector<Matrix>& state,
    const std::vector<Matrix>& values, const std::vector<Matrix>& grads)
{
    // Only the error path builds strings: a matching call allocates nothing.
    if (values.size() != state.size() || grads.size() != state.size())
        throw Error(std::string(kind) + ": step() got " + std::to_string(values.size())
            + " tensors and " + std::to_string(grads.size()) + " gradients, but reset() saw "
            + std::to_string(state.size()) + "; call reset() with the model's tensors first.");
    for (std::size_t i = 0; i < state.size(); ++i) {
        const Matrix& s = state[i];
        if (values[i].rows() != s.rows() || values[i].cols() != s.cols()
            || grads[i].rows() != s.rows() || grads[i].cols() != s.cols())
            throw Error(std::string(kind) + ": tensor " + std::to_string(i) + " is "
                + std::to_string(values[i].rows()) + "x" + std::to_string(values[i].cols())
                + " with a " + std::to_string(grads[i].rows()) + "x"
                + std::to_string(grads[i].cols()) + " gradient, but reset() saw "
                + std::to_string(s.rows()) + "x" + std::to_string(s.cols()) + ".");
    }
}

} // namespace bitlab
