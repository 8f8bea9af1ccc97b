#include "core/model/mlp.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace bitlab {

namespace {
KernelActivation kernelActivation(Activation activation)
{
    switch (activation) {
    case Activation::Relu:
        return KernelActivation::Relu;
    case Activation::Tanh:
        return KernelActivation::Tanh;
    case Activation::Sigmoid:
        return KernelActivation::Sigmoid;
    }
    return KernelActivation::Relu;
}

// On an optimized kernel set (`kernels`), its loops (Kernels::activate; tanh and exp from
// SLEEF); else the portable code below.
void activate(Matrix& a, Activation activation, const Kernels* kernels)
{
    if (kernels) {
        kernels->activate(kernelActivation(activation), a.size(), a.data());
        return;
    }
    switch (activation) {
    case Activation::Relu:
        a = a.cwiseMax(0.0);
        break;
    case Activation::Tanh:
        a = a.array().tanh().matrix();
        break;
    case Activation::Sigmoid:
        // exp(-a) may overflow to inf for very negative a; 1 / inf is the right 0.
        a = (1.0 + (-a.array()).exp()).inverse().matrix();
        break;
    }
}

// delta *= act'(pre-activation), written in terms of the activation's output h (same shape).
void multiplyDerivative(
    Matrix& delta, const Matrix& h, Activation activation, const Kernels* kernels)
{
    if (kernels) {
        kernels->multiplyDerivative(
            kernelActivation(activation), delta.size(), delta.data(), h.data());
        return;
    }
    switch (activation) {
    case Activation::Relu:
        delta.array() *= (h.array() > 0.0).cast<Scalar>();
        break;
    case Activation::Tanh:
        delta.array() *= 1.0 - h.array().square();
        break;
    case Activation::Sigmoid:
        delta.array() *= h.array() * (1.0 - h.array());
        break;
    }
}
} // namespace

Mlp::Mlp(Index inputs, Index outputs, std::vector<int> hidden, Activation activation, bool bias)
    : Model(inputs, outputs)
    , m_hidden(std::move(hidden))
    , m_activation(activation)
    , m_hasBias(bias)
    , m_grids(m_hidden.size())
    , m_quant(m_hidden.size())
    , m_paramIndex(m_hidden.size(), kNoParameter)
{
    Index in = inputs;
    for (std::size_t l = 0; l < layerCount(); ++l) {
        const Index out = l < m_hidden.size() ? m_hidden[l] : outputs;
        if (out < 1)
            throw Error("model.hidden[" + std::to_string(l) + "] is " + std::to_string(out)
                + "; every hidden layer needs at least one unit.");
        const std::string prefix = "layers." + std::to_string(l) + ".";
        addTensor(prefix + "weight", false, out, in);
        if (m_hasBias)
            addTensor(prefix + "bias", true, 1, out);
        in = out;
    }
}

std::unique_ptr<Model> Mlp::clone() const
{
    return std::make_unique<Mlp>(*this);
}

void Mlp::initialize(Rng& rng)
{
    for (std::size_t l = 0; l < layerCount(); ++l) {
        Matrix& w = m_values[weightIndex(l)];
        const auto fanOut = static_cast<Scalar>(w.rows());
        const auto fanIn = static_cast<Scalar>(w.cols());
        const Scalar bound = m_activation == Activation::Relu ? std::sqrt(6.0 / fanIn)
                                                              : std::sqrt(6.0 / (fanIn + fanOut));
        for (Index i = 0; i < w.rows(); ++i)
            for (Index j = 0; j < w.cols(); ++j)
                w(i, j) = rng.uniform(-bound, bound);
        if (m_hasBias)
            m_values[biasIndex(l)].setZero();
    }
}

void Mlp::setActivationBits(int bits)
{
    const bool same = std::all_of(
        m_grids.begin(), m_grids.end(), [bits](const ActivationGrid& g) { return g.bits == bits; });
    if (same)
        return;
    const ActivationQuantizer fresh(bits); // validates bits
    for (std::size_t h = 0; h < m_grids.size(); ++h) {
        m_grids[h].bits = bits;
        m_quant[h] = fresh;
    }
    layOutParameters();
}

void Mlp::setActivationGrids(const std::vector<ActivationGrid>& grids)
{
    if (grids.size() != m_hidden.size())
        throw Error("The mlp model has " + std::to_string(m_hidden.size())
            + " hidden activations, not " + std::to_string(grids.size()) + ".");
    for (const ActivationGrid& g : grids)
        (void)ActivationQuantizer(g.bits); // validates bits before anything changes
    for (std::size_t h = 0; h < grids.size(); ++h) {
        // A layer whose bits stay keeps its moving average (a grid change while paused).
        if (grids[h].bits != m_grids[h].bits)
            m_quant[h] = ActivationQuantizer(grids[h].bits);
        m_grids[h] = grids[h];
    }
    layOutParameters();
}

void Mlp::resetActivationRanges()
{
    for (std::size_t h = 0; h < m_grids.size(); ++h)
        m_quant[h] = ActivationQuantizer(m_grids[h].bits);
}

void Mlp::setActivationLearning(LearnMode mode)
{
    for (auto& g : m_grids)
        g.learn = mode;
    layOutParameters();
}

void Mlp::layOutParameters()
{
    m_actParams.clear();
    m_actParamGrads.clear();
    m_actParamGiven.clear();
    for (std::size_t h = 0; h < m_grids.size(); ++h) {
        m_paramIndex[h] = learns(h) ? m_actParams.size() : kNoParameter;
        if (learns(h)) {
            m_actParams.push_back(Matrix::Constant(1, 1, kLearnedMinimum));
            m_actParamGrads.push_back(Matrix::Zero(1, 1));
        }
    }
    m_actParamsReady = false;
}

std::vector<std::string> Mlp::activationParameterNames() const
{
    std::vector<std::string> out;
    for (std::size_t h = 0; h < m_grids.size(); ++h)
        if (learns(h))
            out.push_back("layers." + std::to_string(h) + ".activation."
                + (m_grids[h].learn == LearnMode::Lsq ? "step" : "clip"));
    return out;
}

LsqRange Mlp::activationRange(std::size_t l) const
{
    const int bits = m_grids[l].bits;
    if (m_activation == Activation::Tanh) {
        const Scalar half = std::ldexp(1.0, bits - 1);
        return { half, half - 1 };
    }
    return { 0, std::ldexp(1.0, bits) - 1 };
}

Scalar Mlp::initialParameter(std::size_t l, const Matrix& a) const
{
    if (m_grids[l].learn == LearnMode::Lsq)
        return lsqInitialStep(a, activationRange(l).qp);
    // PACT: the clip starts at the batch's largest activation (the paper starts at 10,
    // which leaves a 2-bit grid of this lab's small activations almost empty).
    return std::max(a.size() > 0 ? a.maxCoeff() : Scalar(0), kLearnedMinimum);
}

void Mlp::applyLearned(std::size_t l, const Matrix& a, Scalar param, Buffers& buf) const
{
    buf.quant[l].resize(a.rows(), a.cols());
    buf.mask[l].resize(a.rows(), a.cols());
    if (m_grids[l].learn == LearnMode::Lsq) {
        buf.codes.resize(m_hidden.size());
        buf.codes[l].resize(a.rows(), a.cols());
        lsqForward(
            a, param, activationRange(l), buf.quant[l], buf.codes[l], buf.mask[l], kernels());
    } else {
        pactForward(a, param, m_grids[l].bits, buf.quant[l], buf.mask[l], kernels());
    }
}

std::vector<Matrix>* Mlp::parametersToInitialise()
{
    if (m_actParams.empty() || m_actParamsReady)
        return nullptr;
    m_actParamsReady = true; // set by the forward pass about to run
    return &m_actParams;
}

void Mlp::checkInput(const ConstMatrixRef& x) const
{
    if (x.cols() != m_inputs)
        throw Error("The mlp model expects " + std::to_string(m_inputs)
            + " input features, but the batch has " + std::to_string(x.cols()) + ".");
}

BatchView::Map Mlp::layerInput(const Buffers& buf, std::size_t layer) const
{
    if (layer == 0)
        return buf.input.map(buf.x);
    const Matrix& h = quantizes(layer - 1) ? buf.quant[layer - 1] : buf.act[layer - 1];
    return BatchView::Map(h.data(), h.rows(), h.cols(), Eigen::OuterStride<>(h.cols()));
}

void Mlp::productForward(const ConstMatrixRef& input, std::size_t layer, Matrix& out) const
{
    const Matrix& w = m_values[weightIndex(layer)];
    m_products.productABt(input.rows(), w.rows(), w.cols(), input.data(), input.outerStride(),
        w.data(), w.cols(), out.data(), out.cols());
}

void Mlp::propagate(const ConstMatrixRef& x, Buffers& buf, Matrix& logits,
    std::vector<ActivationQuantizer>* observe, bool keepMask, std::vector<Matrix>* initialise) const
{
    const std::size_t hiddenCount = m_hidden.size();
    buf.act.resize(hiddenCount);
    buf.quant.resize(hiddenCount);
    buf.mask.resize(hiddenCount);
    const Index n = x.rows();
    for (std::size_t l = 0; l < layerCount(); ++l) {
        const Matrix& w = m_values[weightIndex(l)];
        Matrix& out = l < hiddenCount ? buf.act[l] : logits;
        out.resize(n, w.rows());
        if (m_products && n > 0)
            productForward(
                l == 0 ? x : ConstMatrixRef(quantizes(l - 1) ? buf.quant[l - 1] : buf.act[l - 1]),
                l, out);
        else if (l == 0)
            out.noalias() = x * w.transpose();
        else
            out.noalias() = (quantizes(l - 1) ? buf.quant[l - 1] : buf.act[l - 1]) * w.transpose();
        if (m_hasBias)
            out.rowwise() += m_values[biasIndex(l)].row(0);
        if (l == hiddenCount)
            break;
        activate(out, m_activation, kernels());
        if (learns(l)) {
            // Before the first training batch an evaluation quantizes with the initial
            // rule applied to its own activations, keeping nothing.
            const std::size_t k = m_paramIndex[l];
            Scalar param = m_actParams[k](0, 0);
            const bool given = k < m_actParamGiven.size() && m_actParamGiven[k];
            if (initialise && !given) {
                param = initialParameter(l, out);
                (*initialise)[k](0, 0) = param;
            } else if (!m_actParamsReady && !given) {
                param = initialParameter(l, out);
            }
            applyLearned(l, out, param, buf);
        } else if (quantizes(l)) {
            if (observe)
                (*observe)[l].observe(out);
            ActivationQuantizer::apply(out, m_quant[l].params(out), buf.quant[l],
                keepMask ? &buf.mask[l] : nullptr, kernels());
        }
    }
}

const Matrix& Mlp::forward(const ConstMatrixRef& x, bool training)
{
    checkInput(x);
    Buffers& buf = m_pool.get(x.rows());
    buf.x = x;
    buf.input.own(buf.x);
    propagate(buf.x, buf, buf.logits, training ? &m_quant : nullptr, true,
        training ? parametersToInitialise() : nullptr);
    return buf.logits;
}

const Matrix& Mlp::forwardView(const ConstMatrixRef& x, bool training)
{
    checkInput(x);
    Buffers& buf = m_pool.get(x.rows());
    buf.input.borrow(x);
    propagate(x, buf, buf.logits, training ? &m_quant : nullptr, true,
        training ? parametersToInitialise() : nullptr);
    return buf.logits;
}

void Mlp::backward(const ConstMatrixRef& dLogits)
{
    if (!m_pool.hasCurrent() || dLogits.rows() != m_pool.currentRows()
        || dLogits.cols() != m_outputs)
        throw Error("The mlp model's backward() needs the gradient of the logits of the last "
                    "forward() batch.");
    Buffers& buf = m_pool.current();
    const std::size_t hiddenCount = m_hidden.size();
    buf.delta.resize(hiddenCount);
    for (std::size_t l = layerCount(); l-- > 0;) {
        // dL/d(pre-activation) of this layer: the loss gradient on top, else from above.
        const ConstMatrixRef dz = l == hiddenCount ? dLogits : ConstMatrixRef(buf.delta[l]);
        Matrix& grad = m_grads[weightIndex(l)];
        const Matrix& w = m_values[weightIndex(l)];
        const bool optimized = m_products && dz.rows() > 0;
        if (optimized) {
            const BatchView::Map input = layerInput(buf, l);
            m_products.productAtB(dz.rows(), dz.cols(), input.cols(), dz.data(), dz.outerStride(),
                input.data(), input.outerStride(), grad.data(), grad.cols());
        } else {
            grad.noalias() = dz.transpose() * layerInput(buf, l);
        }
        if (m_hasBias)
            m_grads[biasIndex(l)].noalias() = dz.colwise().sum();
        if (l == 0)
            break;
        Matrix& below = buf.delta[l - 1];
        below.resize(dz.rows(), w.cols());
        if (optimized)
            m_products.productAB(dz.rows(), dz.cols(), w.cols(), dz.data(), dz.outerStride(),
                w.data(), w.cols(), below.data(), below.cols());
        else
            below.noalias() = dz * w;
        if (quantizes(l - 1)) {
            // The learned parameter's gradient from dL/d(quantized activation), before the
            // mask cuts it.
            if (learns(l - 1)) {
                const std::size_t k = m_paramIndex[l - 1];
                const Matrix& a = buf.act[l - 1];
                const Scalar p = m_actParams[k](0, 0);
                const LsqRange range = activationRange(l - 1);
                m_actParamGrads[k](0, 0) = m_grids[l - 1].learn == LearnMode::Lsq
                    ? lsqStepGradient(a, p, range, below, lsqGradientScale(a.cols(), range.qp))
                    : pactClipGradient(a, p, below);
            }
            below.array() *= buf.mask[l - 1].array();
        }
        multiplyDerivative(below, buf.act[l - 1], m_activation, kernels());
    }
}

void Mlp::predict(const ConstMatrixRef& x, Matrix& logits) const
{
    checkInput(x);
    Buffers& buf = m_predictPool.get(x.rows());
    propagate(x, buf, logits, nullptr, false);
}

} // namespace bitlab
