#include "core/engine/training_policy.h"

namespace bitlab {

namespace {

void appendValues(std::vector<Scalar>& out, const Matrix& m)
{
    // Row-major storage: data() is the tensor's row-major order.
    out.insert(out.end(), m.data(), m.data() + m.size());
}

TensorSnapshot plainTensor(const TensorInfo& info, const Matrix& values)
{
    TensorSnapshot t;
    t.name = info.name;
    t.shape = info.shape;
    t.isBias = info.isBias;
    t.values = values;
    return t;
}

class FullPrecisionPolicy final : public TrainingPolicy {
public:
    explicit FullPrecisionPolicy(Model& model)
        : m_model(model)
    {
        m_model.setActivationBits(0);
    }
    std::vector<Matrix>& trainable() override { return m_model.values(); }
    void recordQuantization(Record& record, std::int64_t) override { record.quantError = 0; }
    void appendPoints(Record& record) const override
    {
        for (const Matrix& v : m_model.values())
            appendValues(record.point, v);
    }
    std::vector<TensorSnapshot> tensors() const override
    {
        std::vector<TensorSnapshot> out;
        for (std::size_t i = 0; i < m_model.values().size(); ++i)
            out.push_back(plainTensor(m_model.tensors()[i], m_model.values()[i]));
        return out;
    }
    void predict(const ConstMatrixRef& x, Matrix& logits) const override
    {
        m_model.predict(x, logits);
    }

private:
    Model& m_model;
};

// What the three quantized modes share: a quantizer per quantized tensor, their states,
// the codes at the last record (flips), and Q of the full-precision weights.
class QuantizedPolicy : public TrainingPolicy {
public:
    QuantizedPolicy(const QuantizerSpec& spec, Model& model, Rng& roundRng,
        const std::vector<TensorQuantizer>& perTensor)
        : m_model(model)
        , m_roundRng(roundRng)
        , m_q(model.values())
    {
        const auto& info = model.tensors();
        m_quantizers.resize(info.size());
        m_states.assign(info.size(), QuantState {});
        for (std::size_t i = 0; i < info.size(); ++i) {
            const QuantizerSpec& own = specForTensor(spec, perTensor, info[i].name);
            if (!info[i].isBias || own.quantizeBias)
                m_quantizers[i] = createQuantizer(own);
        }
        m_lastCodes.assign(info.size(), Matrix());
        m_model.setActivationBits(spec.activationBits);
    }

    void recordQuantization(Record& record, std::int64_t) override
    {
        record.quantError = quantError();
        std::int64_t flips = 0;
        for (std::size_t i = 0; i < m_quantizers.size(); ++i) {
            if (!m_quantizers[i])
                continue;
            const Matrix& codes = m_states[i].codes;
            if (m_lastCodes[i].rows() == codes.rows() && m_lastCodes[i].cols() == codes.cols())
                flips += (codes.array() != m_lastCodes[i].array()).count();
            m_lastCodes[i] = codes;
        }
        record.flips = flips;
    }

    std::vector<TensorSnapshot> tensors() const override
    {
        return quantizedTensors(m_model.values(), m_states, {});
    }

    void predict(const ConstMatrixRef& x, Matrix& logits) const override
    {
        m_model.predict(x, logits);
    }

protected:
    // Q of the full-precision weights `source` into `out` for the quantized tensors;
    // `out` entries of other tensors are left alone.
    void quantize(const std::vector<Matrix>& source, std::vector<Matrix>& out,
        std::vector<QuantState>& states, Rng& rng) const
    {
        for (std::size_t i = 0; i < source.size(); ++i)
            if (m_quantizers[i])
                m_quantizers[i]->quantize(source[i], out[i], states[i], rng);
    }
    // One observation of each quantized tensor (moving_average; once per step).
    void observe(const std::vector<Matrix>& source)
    {
        for (std::size_t i = 0; i < source.size(); ++i)
            if (m_quantizers[i])
                m_quantizers[i]->observe(source[i], m_states[i]);
    }
    // Remembers the codes just computed as those of the last record.
    void keepCodes()
    {
        for (std::size_t i = 0; i < m_quantizers.size(); ++i)
            if (m_quantizers[i])
                m_lastCodes[i] = m_states[i].codes;
    }
    // mean |w - q| over every element of the quantized tensors.
    Scalar meanError(const std::vector<Matrix>& w, const std::vector<Matrix>& q) const
    {
        Scalar sum = 0;
        Index count = 0;
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (!m_quantizers[i])
                continue;
            sum += (w[i] - q[i]).cwiseAbs().sum();
            count += w[i].size();
        }
        return count > 0 ? sum / static_cast<Scalar>(count) : Scalar(0);
    }
    // The record's quant_error now.
    virtual Scalar quantError() const = 0;
    // The snapshot tensors: `values` what the run uses (quantized tensors: `quantized`
    // where given), `latent` the full-precision weights (empty: none), `states` the
    // quantizers' decision.
    std::vector<TensorSnapshot> quantizedTensors(const std::vector<Matrix>& values,
        const std::vector<QuantState>& states, const std::vector<Matrix>* latent) const
    {
        std::vector<TensorSnapshot> out;
        for (std::size_t i = 0; i < values.size(); ++i) {
            TensorSnapshot t = plainTensor(m_model.tensors()[i], values[i]);
            if (latent)
                t.latent = (*latent)[i];
            t.quantized = m_quantizers[i] != nullptr;
            if (t.quantized) {
                t.quant = states[i];
                t.quantizer = m_quantizers[i];
                for (Index c = 0; c < t.quant.channels(); ++c)
                    t.levels.push_back(m_quantizers[i]->levels(t.quant, c));
            }
            out.push_back(std::move(t));
        }
        return out;
    }

    Model& m_model;
    Rng& m_roundRng;
    // Per tensor; null = not quantized. Shared with the snapshots, which explain codes.
    std::vector<std::shared_ptr<const Quantizer>> m_quantizers;
    std::vector<QuantState> m_states;
    std::vector<Matrix> m_lastCodes; // codes at the last record (flips)
    std::vector<Matrix> m_q; // post_update: rounding output; ptq: Q(w) at records
};

class PostUpdatePolicy final : public QuantizedPolicy {
public:
    using QuantizedPolicy::QuantizedPolicy;
    void snapToGrid() override
    {
        observe(m_model.values());
        quantize(m_model.values(), m_q, m_states, m_roundRng);
        roundAndStore(true);
        keepCodes();
    }
    std::vector<Matrix>& trainable() override { return m_model.values(); }
    void afterUpdate(bool record) override
    {
        observe(m_model.values());
        quantize(m_model.values(), m_q, m_states, m_roundRng);
        roundAndStore(record);
    }
    void appendPoints(Record& record) const override
    {
        for (const Matrix& v : m_model.values())
            appendValues(record.point, v);
    }

private:
    // The pre-rounding weights are still in the model's values(): the error of the rounding
    // just done, then the rounded weights stored.
    void roundAndStore(bool measure)
    {
        if (measure)
            m_roundError = meanError(m_model.values(), m_q);
        auto& values = m_model.values();
        for (std::size_t i = 0; i < values.size(); ++i)
            if (m_quantizers[i])
                values[i] = m_q[i];
    }
    Scalar quantError() const override { return m_roundError; }
    Scalar m_roundError = 0; // mean |w - Q(w)| of the last rounding measured
};

class StePolicy final : public QuantizedPolicy {
public:
    StePolicy(const QuantizerSpec& spec, Model& model, Rng& roundRng,
        const std::vector<TensorQuantizer>& perTensor)
        : QuantizedPolicy(spec, model, roundRng, perTensor)
        , m_clip(spec.steClip)
    {
        if (m_clip)
            m_clipped = model.values();
    }
    void snapToGrid() override
    {
        m_latent = m_model.values();
        observe(m_latent);
        quantize(m_latent, m_model.values(), m_states, m_roundRng);
        keepCodes();
    }
    std::vector<Matrix>& trainable() override { return m_latent; }
    const std::vector<Matrix>& updateGradients(const std::vector<Matrix>& grads) override
    {
        if (!m_clip)
            return grads;
        // Straight-through estimator with clipping: no gradient where the code saturated.
        for (std::size_t i = 0; i < grads.size(); ++i) {
            if (m_quantizers[i])
                m_clipped[i] = grads[i].cwiseProduct(m_states[i].inRange);
            else
                m_clipped[i] = grads[i];
        }
        return m_clipped;
    }
    void afterUpdate(bool) override
    {
        auto& values = m_model.values();
        observe(m_latent);
        quantize(m_latent, values, m_states, m_roundRng);
        for (std::size_t i = 0; i < values.size(); ++i)
            if (!m_quantizers[i])
                values[i] = m_latent[i];
    }
    void appendPoints(Record& record) const override
    {
        for (const Matrix& v : m_model.values())
            appendValues(record.point, v);
        for (const Matrix& w : m_latent)
            appendValues(record.latentPoint, w);
    }
    std::vector<TensorSnapshot> tensors() const override
    {
        return quantizedTensors(m_model.values(), m_states, &m_latent);
    }
    void restoreFullPrecision() override { m_model.values() = m_latent; }

private:
    Scalar quantError() const override { return meanError(m_latent, m_model.values()); }
    bool m_clip;
    std::vector<Matrix> m_latent; // the latent full-precision weights
    std::vector<Matrix> m_clipped; // ste_clip: masked gradients
};

class PtqPolicy final : public QuantizedPolicy {
public:
    using QuantizedPolicy::QuantizedPolicy;
    void snapToGrid() override
    {
        observe(m_model.values());
        quantize(m_model.values(), m_q, m_states, m_roundRng);
        keepCodes();
    }
    std::vector<Matrix>& trainable() override { return m_model.values(); }
    // The observers follow the weights at every step, like the other modes' (only
    // moving_average keeps anything).
    void afterUpdate(bool) override { observe(m_model.values()); }
    void calibrateWeights(int batches) override
    {
        for (std::size_t i = 0; i < m_quantizers.size(); ++i)
            if (m_quantizers[i]) {
                Quantizer::resetObserver(m_states[i]);
                for (int b = 0; b < batches; ++b)
                    m_quantizers[i]->observe(m_model.values()[i], m_states[i]);
            }
    }
    bool refreshRecordWeights() override
    {
        quantize(m_model.values(), m_q, m_states, m_roundRng);
        return true;
    }
    void swapUsedWeights() override
    {
        auto& values = m_model.values();
        for (std::size_t i = 0; i < values.size(); ++i)
            if (m_quantizers[i])
                values[i].swap(m_q[i]);
    }
    void recordQuantization(Record& record, std::int64_t step) override
    {
        if (step > 0)
            quantize(m_model.values(), m_q, m_states, m_roundRng);
        QuantizedPolicy::recordQuantization(record, step);
    }
    void appendPoints(Record& record) const override
    {
        const auto& values = m_model.values();
        for (std::size_t i = 0; i < values.size(); ++i)
            appendValues(record.point, m_quantizers[i] ? m_q[i] : values[i]);
        for (const Matrix& w : values)
            appendValues(record.latentPoint, w);
    }
    std::vector<TensorSnapshot> tensors() const override
    {
        // Q(w) of the current weights with a copy of the rounding stream: a snapshot never
        // changes the numbers the run will produce.
        std::vector<Matrix> q = m_model.values();
        std::vector<QuantState> states = m_states;
        Rng rng = m_roundRng;
        quantize(m_model.values(), q, states, rng);
        return quantizedTensors(q, states, &m_model.values());
    }
    void predict(const ConstMatrixRef& x, Matrix& logits) const override
    {
        // The model holds w; the run's predictions are those of Q(w).
        const std::vector<TensorSnapshot> snap = tensors();
        std::unique_ptr<Model> probe = m_model.clone();
        for (std::size_t i = 0; i < snap.size(); ++i)
            probe->values()[i] = snap[i].values;
        probe->predict(x, logits);
    }

private:
    Scalar quantError() const override { return meanError(m_model.values(), m_q); }
};

} // namespace

std::unique_ptr<TrainingPolicy> makeTrainingPolicy(const std::optional<QuantizerSpec>& quantizer,
    Model& model, Rng& roundRng, const std::vector<TensorQuantizer>& perTensor)
{
    if (!quantizer)
        return std::make_unique<FullPrecisionPolicy>(model);
    switch (quantizer->mode) {
    case TrainingMode::PostUpdate:
        return std::make_unique<PostUpdatePolicy>(*quantizer, model, roundRng, perTensor);
    case TrainingMode::Ste:
        return std::make_unique<StePolicy>(*quantizer, model, roundRng, perTensor);
    case TrainingMode::Ptq:
        break;
    }
    return std::make_unique<PtqPolicy>(*quantizer, model, roundRng, perTensor);
}

} // namespace bitlab
