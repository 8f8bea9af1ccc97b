#include "core/engine/training_policy.h"

#include "core/quant/learned_step.h"
#include "core/quant/ordered_abs_sum.h"

#include <algorithm>
#include <cmath>

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
        m_model.setActivationGrids(std::vector<ActivationGrid>(m_model.activationLayerCount()));
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
        m_lsq.assign(info.size(), std::nullopt);
        for (std::size_t i = 0; i < info.size(); ++i) {
            const QuantizerSpec& own = specForTensor(spec, perTensor, info[i].name);
            if (!info[i].isBias || own.quantizeBias) {
                std::unique_ptr<Quantizer> q = createQuantizer(own);
                q->setKernels(model.kernels()); // the run's set: the same bits
                m_quantizers[i] = std::move(q);
                // LSQ's codes are the symmetric scheme's: -Qn..Qp.
                if (own.learn == LearnMode::Lsq && own.mode == TrainingMode::Ste) {
                    const Scalar half = std::ldexp(1.0, own.bits - 1);
                    m_lsq[i] = LsqRange { own.narrowRange ? half - 1 : half, half - 1 };
                }
            }
        }
        // Decided once, not at every step: which tensors are quantized, and which of them
        // observe() must see (moving_average only; LSQ tensors learn their step instead).
        for (std::size_t i = 0; i < info.size(); ++i) {
            if (!m_quantizers[i])
                continue;
            m_quantized.push_back(i);
            if (!m_lsq[i] && m_quantizers[i]->observesRunning())
                m_observed.push_back(i);
        }
        m_lastCodes.assign(info.size(), Matrix());
        m_codesAtRecord.assign(info.size(), 0);
        m_tallies.assign(info.size(), 0);
        // A tensor of fewer than 32 elements is measured apart: the tallied pass's fixed cost
        // per call is more than the passes it saves there (callgrind, W1F's 1 x 1 tensors:
        // +146 instructions per step with it).
        constexpr Index kTallyMinElements = 32;
        for (const std::size_t i : m_quantized)
            m_tallies[i] = !m_lsq[i] && m_quantizers[i]->talliesRecords()
                    && model.values()[i].size() >= kTallyMinElements
                ? 1
                : 0;
        m_tally.assign(info.size(), TensorTally {});
        m_maskStale.assign(info.size(), 0);
        // Each hidden activation's grid: its per_tensor entry's bits and learning, else the
        // run's activation_bits and learn; learning only in ste (the others take no gradient
        // through the quantizer).
        std::vector<ActivationGrid> grids(m_model.activationLayerCount());
        for (std::size_t h = 0; h < grids.size(); ++h) {
            const QuantizerSpec& own = specForTensor(spec, perTensor, activationTensorName(h));
            grids[h].bits = own.activationBits;
            if (spec.mode == TrainingMode::Ste && own.activationBits > 0)
                grids[h].learn = own.learn;
        }
        m_model.setActivationGrids(grids);
    }

    std::vector<std::string> learnedNames() const override
    {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < m_lsq.size(); ++i) {
            if (!m_lsq[i])
                continue;
            const std::string base = m_model.tensors()[i].name + ".step";
            const Index channels = m_quantizers[i]->spec().granularity == Granularity::PerChannel
                ? m_model.values()[i].rows()
                : 1;
            for (Index c = 0; c < channels; ++c)
                out.push_back(channels == 1 ? base : base + "[" + std::to_string(c) + "]");
        }
        for (auto& name : m_model.activationParameterNames())
            out.push_back(std::move(name));
        return out;
    }

    // quant_error = sum |w - Q(w)| / count over the quantized tensors, and the flips since
    // the last record: taken by the quantizing pass when it could (quantizeStep), else
    // measured here.
    void recordQuantization(Record& record, std::int64_t) override
    {
        const std::vector<Matrix>& from = errorFrom();
        const std::vector<Matrix>& to = errorTo();
        Scalar sum = 0;
        Index count = 0;
        std::int64_t flips = 0;
        for (const std::size_t i : m_quantized) {
            TensorTally& t = m_tally[i];
            if (t.taken) {
                sum += t.errorSum;
                flips += t.flips;
                t.taken = false;
            } else {
                sum += detail::sumAbsDifference(from[i].data(), to[i].data(), from[i].size());
                flips += flipsSinceRecord(i);
            }
            count += from[i].size();
        }
        record.quantError = count > 0 ? sum / static_cast<Scalar>(count) : Scalar(0);
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
    void quantize(const std::vector<Matrix>& source, std::vector<Matrix>& out)
    {
        for (const std::size_t i : m_quantized) {
            keepRecordCodes(i);
            m_quantizers[i]->quantize(source[i], out[i], m_states[i], m_roundRng);
            m_maskStale[i] = 0;
        }
    }
    // Q(source) into out for quantized tensor i after an update (source finite: the
    // trainer checked the update). At a record step, when the last record's codes are
    // still in its state and its quantizer can, the same pass takes the record's error
    // sum and flips (Quantizer::quantizeTallied: on W4 the twin's per-step passes over
    // its 101,770 weights fall from seven to four).
    // `written`: what the optimizer saw of source as it wrote it (its largest magnitude).
    // The tallied pass leaves the saturation mask (QuantState::inRange) unwritten when
    // training does not read it (no ste_clip): the snapshots recompute it (tensors()).
    void quantizeStep(std::size_t i, const Matrix& source, Matrix& out, bool record,
        const Optimizer::WrittenTensor& written)
    {
        TensorTally& t = m_tally[i];
        t.taken = false;
        if (record && m_codesAtRecord[i]) {
            QuantizeTally tally;
            if (m_quantizers[i]->quantizeTallied(source, out, m_states[i], m_roundRng, tally,
                    written.maxAbs, m_maskInTraining)) {
                t = TensorTally { true, tally.errorSum, tally.flips };
                m_maskStale[i] = !m_maskInTraining;
                return;
            }
        }
        keepRecordCodes(i);
        m_quantizers[i]->quantizeChecked(source, out, m_states[i], m_roundRng, written.maxAbs);
        m_maskStale[i] = 0;
    }
    // Before tensor i's codes are overwritten: when they are the last record's, a copy of
    // them is kept for the next record's flips.
    void keepRecordCodes(std::size_t i)
    {
        if (!m_codesAtRecord[i])
            return;
        m_lastCodes[i] = m_states[i].codes;
        m_codesAtRecord[i] = 0;
    }
    // One observation of each quantized tensor (moving_average; once per step). Inline:
    // without a moving average it is an empty loop.
    [[gnu::always_inline]] void observe(const std::vector<Matrix>& source)
    {
        for (const std::size_t i : m_observed)
            m_quantizers[i]->observe(source[i], m_states[i]);
    }
    // Tensor i's codes that differ from the last record's; its codes now become the last
    // record's (a tensor whose quantizer tallies: in place; the others: copied, in the same
    // pass).
    std::int64_t flipsSinceRecord(std::size_t i)
    {
        if (m_codesAtRecord[i])
            return 0; // not quantized since
        const Matrix& codes = m_states[i].codes;
        Matrix& last = m_lastCodes[i];
        const bool copy = !m_tallies[i];
        m_codesAtRecord[i] = m_tallies[i];
        if (last.rows() != codes.rows() || last.cols() != codes.cols()) {
            if (copy)
                last = codes;
            return 0;
        }
        const double* now = codes.data();
        double* before = last.data();
        std::int64_t changed = 0;
        if (copy) {
            for (Index k = 0; k < codes.size(); ++k) {
                changed += now[k] != before[k] ? 1 : 0;
                before[k] = now[k];
            }
        } else {
            for (Index k = 0; k < codes.size(); ++k)
                changed += now[k] != before[k] ? 1 : 0;
        }
        return changed;
    }
    // The codes just computed are those of the last record.
    void keepCodes()
    {
        for (const std::size_t i : m_quantized) {
            if (m_tallies[i])
                m_codesAtRecord[i] = 1;
            else
                m_lastCodes[i] = m_states[i].codes;
        }
    }
    // The record's quant_error is mean |from - to| over the quantized tensors (w and Q(w),
    // in whichever order the mode keeps them).
    virtual const std::vector<Matrix>& errorFrom() const = 0;
    virtual const std::vector<Matrix>& errorTo() const = 0;
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
                if (m_maskStale[i]) {
                    // The last pass left the mask unwritten: the same quantizer on the same
                    // weights (errorFrom(): what it quantized) with a copy of the state gives
                    // it, bit for bit (a tallied pass rounds to nearest; no Rng is drawn).
                    QuantState again = states[i];
                    Matrix scratch;
                    Rng unused(0, 0);
                    m_quantizers[i]->quantizeChecked(errorFrom()[i], scratch, again, unused);
                    t.quant.inRange = std::move(again.inRange);
                }
                t.quantizer = m_quantizers[i];
                if (m_lsq[i])
                    t.learn = LearnMode::Lsq;
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
    std::vector<std::size_t> m_quantized; // the tensors with a quantizer, ascending
    std::vector<std::size_t> m_observed; // those whose observe() keeps a moving average
    std::vector<QuantState> m_states;
    // Per tensor: the code range of its learned LSQ step (ste with learn lsq), else none.
    std::vector<std::optional<LsqRange>> m_lsq;
    // The codes of the last record (flips). A tensor whose quantizer tallies
    // (m_tallies[i]): in m_states[i].codes while m_codesAtRecord[i], else in m_lastCodes[i]
    // (copied there before the first unrecorded quantize). The others: in m_lastCodes[i],
    // copied at each record (m_codesAtRecord[i] stays 0: no copy per step).
    std::vector<Matrix> m_lastCodes;
    std::vector<char> m_codesAtRecord;
    std::vector<char> m_tallies;
    // What quantizeStep() took for the record of this step, per tensor.
    struct TensorTally {
        bool taken = false;
        Scalar errorSum = 0;
        std::int64_t flips = 0;
    };
    std::vector<TensorTally> m_tally;
    // Whether training reads the saturation mask (ste_clip; set by StePolicy), and per tensor
    // whether the last pass left it unwritten (m_states[i].inRange stale).
    bool m_maskInTraining = false;
    std::vector<char> m_maskStale;
    std::vector<Matrix> m_q; // post_update: rounding output; ptq: Q(w) at records
};

class PostUpdatePolicy final : public QuantizedPolicy {
public:
    using QuantizedPolicy::QuantizedPolicy;
    void snapToGrid() override
    {
        observe(m_model.values());
        quantize(m_model.values(), m_q);
        store();
        keepCodes();
    }
    std::vector<Matrix>& trainable() override { return m_model.values(); }
    void afterUpdate(bool record, const std::vector<Optimizer::WrittenTensor>& written) override
    {
        auto& values = m_model.values();
        observe(values);
        // Each tensor stored as soon as it is rounded (store()'s swap, in the same loop).
        for (const std::size_t i : m_quantized) {
            quantizeStep(i, values[i], m_q[i], record, written[i]);
            values[i].swap(m_q[i]);
        }
    }
    void appendPoints(Record& record) const override
    {
        for (const Matrix& v : m_model.values())
            appendValues(record.point, v);
    }

private:
    // The rounded weights stored: a swap, not a copy. m_q keeps the pre-rounding weights
    // (the record's error is that of the rounding just done), which the next quantize()
    // overwrites (same shapes, so nothing allocates).
    void store()
    {
        auto& values = m_model.values();
        for (const std::size_t i : m_quantized)
            values[i].swap(m_q[i]);
    }
    const std::vector<Matrix>& errorFrom() const override { return m_q; }
    const std::vector<Matrix>& errorTo() const override { return m_model.values(); }
};

// ste: latent weights w; values() hold Q(w). With learn lsq, trainable() also holds the
// learned steps (one 1 x channels tensor per learned weight tensor, in tensor order) and
// the hidden activations' steps or clips (1 x 1 each): the optimizer updates them with
// the weights.
class StePolicy final : public QuantizedPolicy {
public:
    StePolicy(const QuantizerSpec& spec, Model& model, Rng& roundRng,
        const std::vector<TensorQuantizer>& perTensor)
        : QuantizedPolicy(spec, model, roundRng, perTensor)
        , m_clip(spec.steClip)
        , m_count(model.values().size())
    {
        m_stepIndex.assign(m_count, 0);
        m_maskInTraining = m_clip;
        bool learned = !m_model.activationParameters().empty();
        for (const auto& r : m_lsq)
            learned = learned || r.has_value();
        m_learned = learned;
        if (m_clip || m_learned)
            m_clipped = model.values();
    }
    void setInitialLearned(const std::vector<LearnedValue>& values) override { m_given = values; }
    void snapToGrid() override
    {
        m_latent = m_model.values();
        // The learned steps start where the paper starts them: 2 mean|w| / sqrt(Qp) per
        // channel of the initial weights.
        for (std::size_t i = 0; i < m_count; ++i) {
            if (!m_lsq[i])
                continue;
            const Matrix& w = m_latent[i];
            const Index channels = perChannel(i) ? w.rows() : 1;
            Matrix steps(1, channels);
            for (Index c = 0; c < channels; ++c)
                steps(0, c) = lsqInitialStep(channelBlock(w, i, c), m_lsq[i]->qp);
            // A zero-initialised bias has no mean|b| to start from (its step would sit at
            // the floor, every later bias clipped): it starts at its layer's weight step.
            const bool zero = w.size() > 0 && w.cwiseAbs().maxCoeff() == 0;
            if (zero && m_model.tensors()[i].isBias && i > 0 && m_lsq[i - 1])
                steps.setConstant(m_latent[m_stepIndex[i - 1]].mean());
            m_stepIndex[i] = m_latent.size();
            m_latent.push_back(std::move(steps));
        }
        m_activationFirst = m_latent.size();
        for (const Matrix& p : m_model.activationParameters())
            m_latent.push_back(p);
        giveLearned();
        if (m_clipped.size() != m_latent.size())
            m_clipped = m_latent;
        observe(m_latent);
        quantizeLatent(nullptr, false);
        keepCodes();
    }
    std::vector<Matrix>& trainable() override { return m_latent; }
    const std::vector<Matrix>& updateGradients(const std::vector<Matrix>& grads) override
    {
        if (!m_clip && !m_learned)
            return grads;
        for (std::size_t i = 0; i < m_count; ++i) {
            if (m_lsq[i]) {
                // LSQ: the STE inside the range, 0 outside; the step's gradient per channel.
                m_clipped[i] = grads[i].cwiseProduct(m_states[i].inRange);
                Matrix& steps = m_latent[m_stepIndex[i]];
                Matrix& g = m_clipped[m_stepIndex[i]];
                for (Index c = 0; c < steps.cols(); ++c)
                    g(0, c) = lsqStepGradient(channelBlock(m_latent[i], i, c), steps(0, c),
                        *m_lsq[i], channelBlock(grads[i], i, c));
            } else if (m_quantizers[i] && m_clip) {
                // Straight-through estimator with clipping: no gradient where the code saturated.
                m_clipped[i] = grads[i].cwiseProduct(m_states[i].inRange);
            } else {
                m_clipped[i] = grads[i];
            }
        }
        // The first training forward pass initialised the activations' parameters in the
        // model: the optimizer's copy takes them before its first update.
        const auto& act = m_model.activationParameters();
        const auto& actGrads = m_model.activationParameterGradients();
        for (std::size_t h = 0; h < act.size(); ++h) {
            m_latent[m_activationFirst + h] = act[h];
            m_clipped[m_activationFirst + h] = actGrads[h];
        }
        return m_clipped;
    }
    void afterUpdate(bool record, const std::vector<Optimizer::WrittenTensor>& written) override
    {
        auto& values = m_model.values();
        // A step or clip stays at least float32 epsilon (PyTorch's clamp of its scale).
        for (std::size_t k = m_count; k < m_latent.size(); ++k)
            m_latent[k] = m_latent[k].cwiseMax(kLearnedMinimum);
        auto& act = m_model.activationParameters();
        for (std::size_t h = 0; h < act.size(); ++h)
            act[h] = m_latent[m_activationFirst + h];
        observe(m_latent);
        quantizeLatent(&written, record);
        for (std::size_t i = 0; i < m_count; ++i)
            if (!m_quantizers[i])
                values[i] = m_latent[i];
    }
    void appendPoints(Record& record) const override
    {
        for (const Matrix& v : m_model.values())
            appendValues(record.point, v);
        for (std::size_t i = 0; i < m_count; ++i)
            appendValues(record.latentPoint, m_latent[i]);
    }
    std::vector<TensorSnapshot> tensors() const override
    {
        return quantizedTensors(m_model.values(), m_states, &m_latent);
    }
    void restoreFullPrecision() override
    {
        for (std::size_t i = 0; i < m_count; ++i)
            m_model.values()[i] = m_latent[i];
    }
    std::vector<Scalar> learnedValues() const override
    {
        std::vector<Scalar> out;
        for (std::size_t k = m_count; k < m_latent.size(); ++k)
            out.insert(out.end(), m_latent[k].data(), m_latent[k].data() + m_latent[k].size());
        return out;
    }

private:
    bool perChannel(std::size_t i) const
    {
        return m_quantizers[i]->spec().granularity == Granularity::PerChannel;
    }
    // Channel c's rows of tensor i (the whole tensor when per tensor).
    ConstMatrixRef channelBlock(const Matrix& m, std::size_t i, Index c) const
    {
        return perChannel(i) ? ConstMatrixRef(m.middleRows(c, 1)) : ConstMatrixRef(m);
    }
    // Q of the latent weights into the model's values(): the learned steps for LSQ tensors,
    // the quantizers for the others. `written`: after an update (the latent weights are
    // checked finite), what the optimizer saw of them, and `record` whether the step is
    // recorded; nullptr at snapToGrid().
    void quantizeLatent(const std::vector<Optimizer::WrittenTensor>* written, bool record)
    {
        auto& values = m_model.values();
        for (std::size_t i = 0; i < m_count; ++i) {
            if (!m_quantizers[i])
                continue;
            if (!m_lsq[i]) {
                if (written) {
                    quantizeStep(i, m_latent[i], values[i], record, (*written)[i]);
                } else {
                    keepRecordCodes(i);
                    m_quantizers[i]->quantize(m_latent[i], values[i], m_states[i], m_roundRng);
                    m_maskStale[i] = 0;
                }
                continue;
            }
            keepRecordCodes(i);
            const Matrix& w = m_latent[i];
            const Matrix& steps = m_latent[m_stepIndex[i]];
            QuantState& st = m_states[i];
            const auto channels = static_cast<std::size_t>(steps.cols());
            values[i].resize(w.rows(), w.cols());
            st.codes.resize(w.rows(), w.cols());
            st.inRange.resize(w.rows(), w.cols());
            st.scale.resize(channels);
            st.zeroPoint.assign(channels, 0);
            st.rangeLo.resize(channels);
            st.rangeHi.resize(channels);
            st.qmin = -m_lsq[i]->qn;
            st.qmax = m_lsq[i]->qp;
            for (std::size_t c = 0; c < channels; ++c) {
                const Scalar s = steps(0, static_cast<Index>(c));
                const Index first = perChannel(i) ? static_cast<Index>(c) : 0;
                const Index rows = perChannel(i) ? 1 : w.rows();
                lsqForward(w.middleRows(first, rows), s, *m_lsq[i],
                    values[i].middleRows(first, rows), st.codes.middleRows(first, rows),
                    st.inRange.middleRows(first, rows), m_model.kernels());
                st.scale[c] = s;
                st.rangeLo[c] = -m_lsq[i]->qn * s;
                st.rangeHi[c] = m_lsq[i]->qp * s;
            }
        }
    }
    const std::vector<Matrix>& errorFrom() const override { return m_latent; }
    const std::vector<Matrix>& errorTo() const override { return m_model.values(); }
    // The values of m_given over the rule's: the weights' steps in m_latent, the
    // activations' in the model too (its first forward then keeps them).
    void giveLearned()
    {
        if (m_given.empty())
            return;
        const std::vector<std::string> names = learnedNames();
        std::size_t k = 0; // index into names, in m_latent's order after the weights
        for (std::size_t t = m_count; t < m_latent.size(); ++t) {
            Matrix& p = m_latent[t];
            for (Index c = 0; c < p.size(); ++c, ++k) {
                const auto it = std::find_if(m_given.begin(), m_given.end(),
                    [&](const LearnedValue& v) { return v.name == names[k]; });
                if (it == m_given.end())
                    continue;
                p.data()[c] = std::max(it->value, kLearnedMinimum);
                if (t >= m_activationFirst)
                    m_model.giveActivationParameter(t - m_activationFirst, p.data()[c]);
            }
        }
    }
    bool m_clip;
    std::vector<LearnedValue> m_given; // setInitialLearned()
    std::size_t m_count; // the model's tensors: the first m_count of m_latent
    bool m_learned = false; // some step or clip is learned
    std::vector<Matrix> m_latent; // latent weights, then learned steps, then activation params
    std::vector<std::size_t> m_stepIndex; // per LSQ tensor: its steps' index in m_latent
    std::size_t m_activationFirst = 0; // the activation parameters' first index in m_latent
    std::vector<Matrix> m_clipped; // ste_clip / learning: the gradients the update uses
};

class PtqPolicy final : public QuantizedPolicy {
public:
    using QuantizedPolicy::QuantizedPolicy;
    void snapToGrid() override
    {
        observe(m_model.values());
        quantize(m_model.values(), m_q);
        keepCodes();
    }
    std::vector<Matrix>& trainable() override { return m_model.values(); }
    // The observers follow the weights at every step, like the other modes' (only
    // moving_average keeps anything).
    void afterUpdate(bool, const std::vector<Optimizer::WrittenTensor>&) override
    {
        observe(m_model.values());
    }
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
        quantize(m_model.values(), m_q);
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
            quantize(m_model.values(), m_q);
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
        for (const std::size_t i : m_quantized)
            m_quantizers[i]->quantize(m_model.values()[i], q[i], states[i], rng);
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
    const std::vector<Matrix>& errorFrom() const override { return m_model.values(); }
    const std::vector<Matrix>& errorTo() const override { return m_q; }
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
