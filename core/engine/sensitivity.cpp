#include "core/engine/sensitivity.h"

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/engine/record_log.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/quant/quantizer.h"

#include <algorithm>
#include <limits>

namespace bitlab {

const SensitivityRow* SensitivityTable::find(const std::string& tensor, int b) const
{
    for (const auto& r : rows)
        if (r.tensor == tensor && r.bits == b)
            return &r;
    return nullptr;
}

QuantizerSpec sensitivityQuantizer(const ExperimentSpec& spec)
{
    QuantizerSpec q;
    const auto quantized = std::find_if(spec.runs.begin(), spec.runs.end(),
        [](const RunSpec& r) { return r.quantizer.has_value(); });
    if (quantized != spec.runs.end()) {
        q = *quantized->quantizer;
    } else {
        q = findQuantizer("symmetric")->defaults;
        q.scheme = "symmetric";
    }
    q.mode = TrainingMode::Ptq;
    q.activationBits = 0;
    q.learn = LearnMode::None; // ptq learns nothing: the min/max step of the same scheme
    q.calibrationBatches = 0;
    return q;
}

namespace {

// Mean loss of `model` over (x, y); NaN for no rows.
Scalar lossOver(const Model& model, const Loss& loss, const Matrix& x, const Matrix& y)
{
    if (x.rows() == 0)
        return kNaN;
    Matrix logits;
    model.predict(x, logits);
    return loss.value(logits, y);
}

} // namespace

SensitivityTable computeSensitivity(const ExperimentSpec& spec, std::vector<int> bits,
    const ExperimentFactory& make, std::stop_token stop)
{
    SensitivityTable table;
    table.quantizer = sensitivityQuantizer(spec);
    const QuantizerInfo* info = findQuantizer(table.quantizer.scheme);
    const auto takesBits = [](const QuantizerInfo& i) { return i.hasBits && !i.bitPatternCodes; };
    if (!info || !takesBits(*info)) {
        std::vector<std::string> names;
        for (const QuantizerInfo& i : quantizerRegistry())
            if (takesBits(i))
                names.push_back(i.name);
        throw Error("sensitivity needs a scheme with a bit-width (" + joinNames(names)
            + "); the experiment's first quantized run uses \"" + table.quantizer.scheme + "\"");
    }
    std::sort(bits.begin(), bits.end());
    bits.erase(std::unique(bits.begin(), bits.end()), bits.end());
    if (bits.empty())
        throw Error("sensitivity needs at least one bit-width");
    for (int b : bits) {
        QuantizerSpec q = table.quantizer;
        q.bits = b;
        const auto problems = validateQuantizerSpec(q, "--bits " + std::to_string(b) + ":");
        if (!problems.empty())
            throw Error(problems.front());
    }
    table.bits = bits;

    // The float64 run, alone.
    ExperimentSpec fp = spec;
    RunSpec run;
    run.name = "fp64";
    fp.runs = { run };
    const std::unique_ptr<Experiment> experiment = make(fp);
    RecordLog log;
    experiment->run(log, stop, 1);
    if (stop.stop_requested())
        throw Cancelled("sensitivity stopped");
    const RunSummary summary = experiment->summary(0);
    if (summary.status != RunStatus::Finished)
        throw Error("the float64 run did not finish: " + summary.message);
    const WeightSnapshot trained = experiment->snapshot(0);
    const Dataset& data = experiment->dataset();
    const std::unique_ptr<Model> model = createModel(spec.model, data.features(), data.outputs());
    const std::unique_ptr<Loss> loss = createLoss(spec.loss);
    for (std::size_t i = 0; i < trained.tensors.size(); ++i)
        model->values()[i] = trained.tensors[i].values;
    table.hasTest = data.xTest.rows() > 0;
    table.baseTrainLoss = lossOver(*model, *loss, data.xTrain, data.yTrain);
    table.baseTestLoss = lossOver(*model, *loss, data.xTest, data.yTest);
    const Scalar base = table.hasTest ? table.baseTestLoss : table.baseTrainLoss;

    for (std::size_t i = 0; i < trained.tensors.size(); ++i) {
        const TensorSnapshot& t = trained.tensors[i];
        if (t.isBias && !table.quantizer.quantizeBias)
            continue;
        table.tensors.push_back(t.name);
        table.sizes.push_back(t.values.size());
        for (int b : bits) {
            if (stop.stop_requested())
                throw Cancelled("sensitivity stopped");
            QuantizerSpec q = table.quantizer;
            q.bits = b;
            const std::unique_ptr<Quantizer> quantizer = createQuantizer(q);
            QuantState state;
            Matrix out;
            // Each (tensor, bits) draws its stochastic rounding from its own stream.
            Rng rng(spec.training.seed, 700 + 64 * i + static_cast<std::uint64_t>(b));
            quantizer->observe(t.values, state);
            quantizer->quantize(t.values, out, state, rng);
            model->values()[i] = out;
            SensitivityRow row;
            row.tensor = t.name;
            row.bits = b;
            row.scheme = q.scheme;
            row.trainLoss = lossOver(*model, *loss, data.xTrain, data.yTrain);
            row.testLoss = lossOver(*model, *loss, data.xTest, data.yTest);
            row.lossIncrease = (table.hasTest ? row.testLoss : row.trainLoss) - base;
            table.rows.push_back(row);
            model->values()[i] = t.values;
        }
    }
    return table;
}

std::vector<int> suggestBits(const SensitivityTable& table, double budgetBits)
{
    const std::size_t n = table.tensors.size();
    std::vector<std::size_t> level(n, table.bits.empty() ? 0 : table.bits.size() - 1);
    std::vector<int> out(n, 0);
    if (table.bits.empty())
        return out;
    auto total = [&] {
        double sum = 0;
        for (std::size_t t = 0; t < n; ++t)
            sum += static_cast<double>(table.sizes[t]) * table.bits[level[t]];
        return sum;
    };
    auto increase = [&](std::size_t t, std::size_t l) {
        const SensitivityRow* r = table.find(table.tensors[t], table.bits[l]);
        return r && std::isfinite(r->lossIncrease) ? r->lossIncrease
                                                   : std::numeric_limits<double>::infinity();
    };
    while (total() > budgetBits) {
        std::size_t best = n;
        double bestCost = std::numeric_limits<double>::infinity();
        for (std::size_t t = 0; t < n; ++t) {
            if (level[t] == 0)
                continue;
            const double saved = static_cast<double>(table.sizes[t])
                * (table.bits[level[t]] - table.bits[level[t] - 1]);
            const double cost = (increase(t, level[t] - 1) - increase(t, level[t])) / saved;
            if (best == n || cost < bestCost) {
                best = t;
                bestCost = cost;
            }
        }
        if (best == n)
            break;
        --level[best];
    }
    for (std::size_t t = 0; t < n; ++t)
        out[t] = table.bits[level[t]];
    return out;
}

} // namespace bitlab
