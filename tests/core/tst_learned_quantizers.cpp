// Learned quantizer parameters (docs/quantizers.md "Learned step sizes and clips"): LSQ's
// step and PACT's clip against hand-computed tables, their gradients through a whole MLP
// against central finite differences, the refusals, and training with them bit-identical
// across reruns and thread counts.
//
// The finite-difference check: LSQ and PACT define their gradients through the
// straight-through estimator (the rounding's derivative taken as 1), which the true,
// piecewise-constant forward does not have: its finite differences are 0 or jumps. So the
// check differentiates the STE surrogate the papers' own code differentiates (LSQ's
// roundpass, x + (round(x) - x).detach()): the rounding residual r = code - clamp(v) of
// every element is frozen at the point, and
//   weights, LSQ:       q~ = s * (clamp(w/s, -Qn, Qp) + r)
//   activations, LSQ:   a~ = s * (clamp(a/s, -Qn, Qp) + r)
//   activations, PACT:  y~ = clamp(a, 0, alpha) + r
// At the point the surrogate equals the engine's quantized forward (asserted, 1e-12), and
// its exact derivatives are the papers' estimators (without LSQ's gradient scale g, which
// the test divides out). The surrogate network is evaluated by this file's own loops, so
// the check covers the engine's backward pass end to end: the chain through the layers and
// the activations, the sums over the batch, the clipped elements (their step derivative
// -Qn or Qp and their zero weight gradient, both asserted to occur) and g. The point is
// chosen away from the surrogate's kinks (clamp bounds, the relu at 0, PACT's alpha; the
// margin is asserted), where the surrogate is smooth and central differences are exact to
// O(h^2).

#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/engine/presets.h"
#include "core/engine/record_log.h"
#include "core/engine/training_policy.h"
#include "core/loss/loss.h"
#include "core/model/mlp.h"
#include "core/quant/learned_step.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

using namespace bitlab;

namespace {

Matrix row(std::initializer_list<double> v)
{
    Matrix m(1, static_cast<Index>(v.size()));
    Index i = 0;
    for (double x : v)
        m(0, i++) = x;
    return m;
}

// The surrogate network of the file comment, written with plain loops. params is laid out
// as the ste policy's trainable(): W0, b0, W1, b1, ..., then (lsq) one 1 x channels step
// tensor per weight tensor, then one 1 x 1 parameter per hidden layer.
struct Surrogate {
    std::vector<int> sizes; // inputs, hidden..., outputs
    Activation activation = Activation::Relu;
    LearnMode learn = LearnMode::Lsq;
    int activationBits = 3;
    LsqRange weightRange; // lsq: the weights' codes
    LsqRange activationRange; // lsq: the activations' codes
    // Per hidden layer (per_tensor "layers.l.activation"): its learning, bits and lsq codes;
    // empty: learn, activationBits and activationRange for every layer.
    std::vector<LearnMode> layerLearn;
    std::vector<int> layerBits;
    std::vector<LsqRange> layerRange;
    LearnMode learnOf(std::size_t l) const { return layerLearn.empty() ? learn : layerLearn[l]; }
    int bitsOf(std::size_t l) const { return layerBits.empty() ? activationBits : layerBits[l]; }
    LsqRange rangeOf(std::size_t l) const
    {
        return layerRange.empty() ? activationRange : layerRange[l];
    }
    Matrix x, y;
    const Loss* loss = nullptr;
    std::vector<Matrix> fixedQ; // pact: the weights' Q(w) at the point (plain STE)
    // Frozen rounding residuals: per weight tensor, per hidden layer.
    std::vector<Matrix> weightResidual, activationResidual;
    // The smallest distance of a clamp argument to a kink seen while freezing.
    double margin = 1e9;
    int clippedWeights = 0, clippedActivations = 0;

    std::size_t tensors() const { return 2 * (sizes.size() - 1); }
    std::size_t firstActivation() const
    {
        return learn == LearnMode::Lsq ? 2 * tensors() : tensors();
    }

    Matrix weightsUsed(const std::vector<Matrix>& params, std::size_t t, bool freeze)
    {
        const Matrix& w = params[t];
        Matrix& r = weightResidual[t];
        if (freeze)
            r.resize(w.rows(), w.cols());
        Matrix used(w.rows(), w.cols());
        for (Index i = 0; i < w.rows(); ++i)
            for (Index j = 0; j < w.cols(); ++j) {
                if (learn != LearnMode::Lsq) { // plain STE: q~ = w + (Q(w0) - w0)
                    if (freeze)
                        r(i, j) = fixedQ[t](i, j) - w(i, j);
                    used(i, j) = w(i, j) + r(i, j);
                    continue;
                }
                const Matrix& steps = params[tensors() + t];
                const double s = steps(0, steps.cols() == 1 ? 0 : i);
                const double v = w(i, j) / s;
                const double c = std::clamp(v, -weightRange.qn, weightRange.qp);
                if (freeze) {
                    r(i, j) = std::clamp(std::nearbyint(v), -weightRange.qn, weightRange.qp) - c;
                    margin = std::min(
                        { margin, std::abs(v + weightRange.qn), std::abs(v - weightRange.qp) });
                    clippedWeights += c != v;
                }
                used(i, j) = s * (c + r(i, j));
            }
        return used;
    }

    double value(const std::vector<Matrix>& params, bool freeze)
    {
        const std::size_t layers = sizes.size() - 1;
        if (freeze) {
            weightResidual.assign(tensors(), Matrix());
            activationResidual.assign(layers - 1, Matrix());
        }
        Matrix h = x;
        for (std::size_t l = 0; l < layers; ++l) {
            const Matrix w = weightsUsed(params, 2 * l, freeze);
            const Matrix b = weightsUsed(params, 2 * l + 1, freeze);
            Matrix z(h.rows(), w.rows());
            for (Index n = 0; n < h.rows(); ++n)
                for (Index o = 0; o < w.rows(); ++o) {
                    double sum = 0;
                    for (Index i = 0; i < w.cols(); ++i)
                        sum += h(n, i) * w(o, i);
                    z(n, o) = sum + b(0, o);
                }
            if (l + 1 == layers)
                return loss->value(z, y);
            const double p = params[firstActivation() + l](0, 0);
            Matrix& r = activationResidual[l];
            if (freeze)
                r.resize(z.rows(), z.cols());
            const double steps = std::ldexp(1.0, bitsOf(l)) - 1;
            const LsqRange range = rangeOf(l);
            for (Index i = 0; i < z.size(); ++i) {
                const double pre = z.data()[i];
                const double a
                    = activation == Activation::Relu ? std::max(pre, 0.0) : std::tanh(pre);
                if (freeze && activation == Activation::Relu)
                    margin = std::min(margin, std::abs(pre));
                double out = 0;
                if (learnOf(l) == LearnMode::Lsq) {
                    const double v = a / p;
                    const double c = std::clamp(v, -range.qn, range.qp);
                    if (freeze) {
                        r.data()[i] = std::clamp(std::nearbyint(v), -range.qn, range.qp) - c;
                        if (a != 0) // a relu's zeros sit on the bound; their gradient is 0 anyway
                            margin = std::min(
                                { margin, std::abs(v + range.qn), std::abs(v - range.qp) });
                        clippedActivations += c != v && a != 0;
                    }
                    out = p * (c + r.data()[i]);
                } else {
                    const double yv = std::clamp(a, 0.0, p);
                    if (freeze) {
                        r.data()[i] = std::nearbyint(yv * steps / p) * p / steps - yv;
                        margin = std::min(margin, std::abs(a - p));
                        clippedActivations += a > p;
                    }
                    out = yv + r.data()[i];
                }
                z.data()[i] = out;
            }
            h = z;
        }
        return 0;
    }
};

struct Case {
    Activation activation;
    LearnMode learn;
    Granularity granularity;
    bool narrow;
};

} // namespace

class TestLearnedQuantizers : public QObject {
    Q_OBJECT
private slots:
    void lsqTable();
    void pactTable();
    void initialStep();
    void gradientsMatchFiniteDifferences_data();
    void gradientsMatchFiniteDifferences();
    void refusals_data();
    void refusals();
    void trainingLearnsAndIsBitIdentical_data();
    void trainingLearnsAndIsBitIdentical();
};

void TestLearnedQuantizers::lsqTable()
{
    // s = 0.5, 2-bit narrow codes -1..1: v = 0.4, -1.4, 1.8, 0.6.
    const Matrix x = row({ 0.2, -0.7, 0.9, 0.3 });
    const LsqRange range { 1, 1 };
    Matrix out(1, 4), codes(1, 4), inside(1, 4);
    lsqForward(x, 0.5, range, out, codes, inside);
    QCOMPARE(codes, row({ 0, -1, 1, 1 }));
    QCOMPARE(out, row({ 0, -0.5, 0.5, 0.5 }));
    QCOMPARE(inside, row({ 1, 0, 0, 1 }));
    // dx'/ds: round(v) - v inside, -Qn below, Qp above.
    QCOMPARE(lsqStepDerivative(0.2, 0.5, range), -0.4);
    QCOMPARE(lsqStepDerivative(-0.7, 0.5, range), -1.0);
    QCOMPARE(lsqStepDerivative(0.9, 0.5, range), 1.0);
    QVERIFY(std::abs(lsqStepDerivative(0.3, 0.5, range) - 0.4) < 1e-15);
    // g = 1 / sqrt(4 * 1) = 0.5; sum = -0.4*1 - 1*2 + 1*3 + 0.4*4 = 2.2.
    QCOMPARE(lsqGradientScale(4, 1), 0.5);
    QVERIFY(std::abs(lsqStepGradient(x, 0.5, range, row({ 1, 2, 3, 4 })) - 1.1) < 1e-14);
    // Exactly on a bound the paper's rule counts the element as clipped.
    QCOMPARE(lsqStepDerivative(0.5, 0.5, range), 1.0);
}

void TestLearnedQuantizers::pactTable()
{
    // alpha = 2, 2 bits: 3 steps of 2/3.
    const Matrix x = row({ 0.5, 1.0, 2.5, 0.0, 2.0 });
    Matrix out(1, 5), pass(1, 5);
    pactForward(x, 2.0, 2, out, pass);
    const Matrix expected = row({ 2.0 / 3, 4.0 / 3, 2.0, 0.0, 2.0 });
    QVERIFY((out - expected).cwiseAbs().maxCoeff() < 1e-15);
    QCOMPARE(pass, row({ 1, 1, 0, 1, 0 }));
    // dL/dalpha: the upstream gradient where x >= alpha (2.5 and 2.0).
    QCOMPARE(pactClipGradient(x, 2.0, row({ 1, 2, 3, 4, 5 })), 8.0);
}

void TestLearnedQuantizers::initialStep()
{
    // 2 mean|x| / sqrt(Qp): mean|x| = 2, Qp = 4.
    QCOMPARE(lsqInitialStep(row({ 1, -3, 2, -2 }), 4), 2.0);
    // An all-zero tensor (a zero-initialised bias) starts at the floor, never at 0.
    QCOMPARE(lsqInitialStep(Matrix::Zero(1, 3), 3), kLearnedMinimum);
}

void TestLearnedQuantizers::gradientsMatchFiniteDifferences_data()
{
    QTest::addColumn<int>("activation");
    QTest::addColumn<int>("learn");
    QTest::addColumn<int>("granularity");
    QTest::addColumn<bool>("narrow");
    // Per layer (per_tensor "layers.l.activation"): layer 0 PACT at 3 bits, layer 1 LSQ at 4.
    QTest::addColumn<bool>("perLayer");
    QTest::newRow("lsq, relu, narrow, per tensor") << int(Activation::Relu) << int(LearnMode::Lsq)
                                                   << int(Granularity::PerTensor) << true << false;
    QTest::newRow("lsq, tanh (signed activations), full range")
        << int(Activation::Tanh) << int(LearnMode::Lsq) << int(Granularity::PerTensor) << false
        << false;
    QTest::newRow("lsq, relu, per channel") << int(Activation::Relu) << int(LearnMode::Lsq)
                                            << int(Granularity::PerChannel) << true << false;
    QTest::newRow("pact, relu") << int(Activation::Relu) << int(LearnMode::Pact)
                                << int(Granularity::PerTensor) << true << false;
    QTest::newRow("per layer: lsq weights, pact 3 bits, lsq 4 bits")
        << int(Activation::Relu) << int(LearnMode::Lsq) << int(Granularity::PerTensor) << true
        << true;
}

void TestLearnedQuantizers::gradientsMatchFiniteDifferences()
{
    QFETCH(int, activation);
    QFETCH(int, learn);
    QFETCH(int, granularity);
    QFETCH(bool, narrow);
    QFETCH(bool, perLayer);
    const auto act = static_cast<Activation>(activation);
    const auto mode = static_cast<LearnMode>(learn);
    const bool perChannel = static_cast<Granularity>(granularity) == Granularity::PerChannel;

    Mlp model(3, 2, { 5, 4 }, act, true);
    Rng init(11, 3);
    model.initialize(init);
    // Biases of 0.2 to 0.3 in magnitude: their steps start away from the floor, and no
    // 3-bit min/max grid rounds one to 0 (which could put a relu exactly at its kink).
    for (std::size_t l = 0; l < model.layerCount(); ++l)
        for (Index i = 0; i < model.values()[model.biasIndex(l)].size(); ++i)
            model.values()[model.biasIndex(l)].data()[i]
                = (i % 2 ? -1 : 1) * init.uniform(0.2, 0.3);
    QuantizerSpec q;
    q.scheme = "symmetric";
    q.bits = 3;
    q.narrowRange = narrow;
    q.mode = TrainingMode::Ste;
    q.granularity = perChannel ? Granularity::PerChannel : Granularity::PerTensor;
    q.activationBits = 3;
    q.learn = mode;
    QVERIFY(validateQuantizerSpec(q, "quantizer").empty());
    std::vector<TensorQuantizer> perTensor;
    if (perLayer) {
        QuantizerSpec a0 = q, a1 = q;
        a0.learn = LearnMode::Pact;
        a1.activationBits = 4;
        perTensor = { { "layers.0.activation", a0 }, { "layers.1.activation", a1 } };
    }
    Rng roundRng(1, 2);
    auto policy = makeTrainingPolicy(q, model, roundRng, perTensor);
    policy->snapToGrid();

    Matrix x(8, 3), y(8, 2);
    Rng data(5, 9);
    for (Index i = 0; i < x.size(); ++i)
        x.data()[i] = data.uniform(-2, 2);
    for (Index i = 0; i < y.size(); ++i)
        y.data()[i] = data.uniform(-1, 1);
    const auto loss = createLoss("mse");
    Matrix dLogits(8, 2);
    auto gradients = [&] {
        const Matrix& logits = model.forward(x, true);
        const Scalar value = loss->gradient(logits, y, dLogits);
        model.backward(dLogits);
        return std::make_pair(value, policy->updateGradients(model.gradients()));
    };
    // The first forward initialises the activation parameters; then the steps and clips
    // shrink so that some weights and activations are clipped.
    gradients();
    auto& params = policy->trainable();
    const std::size_t tensors = model.values().size();
    const std::size_t steps = mode == LearnMode::Lsq ? tensors : 0;
    QCOMPARE(params.size(), tensors + steps + 2);
    if (perChannel)
        QCOMPARE(params[tensors].cols(), Index(5)); // layers.0.weight: one step per row
    for (std::size_t k = tensors; k < tensors + steps; ++k)
        params[k] *= 0.45;
    for (std::size_t k = tensors + steps; k < params.size(); ++k)
        params[k] *= mode == LearnMode::Pact || (perLayer && k == tensors + steps) ? 0.6 : 0.4;
    // What the optimizer would have measured of the tensors it wrote.
    std::vector<Optimizer::WrittenTensor> written;
    for (const Matrix& t : params)
        written.push_back({ true, t.size() > 0 ? t.cwiseAbs().maxCoeff() : 0.0 });
    policy->afterUpdate(false, written);
    const auto [engineLoss, grads] = gradients();
    QCOMPARE(grads.size(), params.size());

    Surrogate sur;
    sur.sizes = { 3, 5, 4, 2 };
    sur.activation = act;
    sur.learn = mode;
    sur.activationBits = 3;
    sur.weightRange = LsqRange { narrow ? 3.0 : 4.0, 3.0 };
    sur.activationRange = act == Activation::Tanh ? LsqRange { 4, 3 } : LsqRange { 0, 7 };
    if (perLayer) {
        sur.layerLearn = { LearnMode::Pact, LearnMode::Lsq };
        sur.layerBits = { 3, 4 };
        sur.layerRange = { LsqRange { 0, 7 }, LsqRange { 0, 15 } };
        QVERIFY(policy->learnedNames().back() == "layers.1.activation.step");
        QVERIFY(policy->learnedNames()[policy->learnedNames().size() - 2]
            == "layers.0.activation.clip");
    }
    sur.x = x;
    sur.y = y;
    sur.loss = loss.get();
    sur.fixedQ = model.values(); // pact: Q(w) by the run's min/max quantizer
    const std::vector<Matrix> base = params;
    const double at = sur.value(base, true);
    // The surrogate is the engine's forward at the point.
    QVERIFY2(std::abs(at - engineLoss) < 1e-12 * std::max(1.0, std::abs(at)),
        qPrintable(QStringLiteral("surrogate %1, engine %2").arg(at).arg(engineLoss)));
    QVERIFY2(sur.margin > 1e-4, qPrintable(QStringLiteral("margin %1").arg(sur.margin)));
    if (mode == LearnMode::Lsq)
        QVERIFY(sur.clippedWeights > 0);
    QVERIFY(sur.clippedActivations > 0);

    const double h = 1e-6;
    int checked = 0;
    for (std::size_t k = 0; k < params.size(); ++k) {
        for (Index i = 0; i < params[k].size(); ++i) {
            std::vector<Matrix> plus = base, minus = base;
            plus[k].data()[i] += h;
            minus[k].data()[i] -= h;
            const double fd = (sur.value(plus, false) - sur.value(minus, false)) / (2 * h);
            double engine = grads[k].data()[i];
            // LSQ's gradient scale g, divided out: the surrogate has none.
            if (mode == LearnMode::Lsq && k >= tensors && k < 2 * tensors) {
                const Matrix& w = base[k - tensors];
                const Index n = params[k].cols() == 1 ? w.size() : w.cols();
                engine *= std::sqrt(static_cast<double>(n) * sur.weightRange.qp); // 1 / g
            }
            if (k >= sur.firstActivation()
                && sur.learnOf(k - sur.firstActivation()) == LearnMode::Lsq) {
                const std::size_t l = k - sur.firstActivation();
                const Index units = sur.sizes[1 + l];
                engine *= std::sqrt(static_cast<double>(units) * sur.rangeOf(l).qp);
            }
            QVERIFY2(std::abs(fd - engine) <= 1e-6 * std::max(1.0, std::abs(fd)),
                qPrintable(QStringLiteral("parameter %1[%2]: finite difference %3, engine %4")
                               .arg(k)
                               .arg(i)
                               .arg(fd, 0, 'g', 12)
                               .arg(engine, 0, 'g', 12)));
            ++checked;
        }
    }
    QVERIFY(checked >= 56); // every scalar of the smallest layout (pact: 54 weights, 2 clips)
}

void TestLearnedQuantizers::refusals_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("learn");
    QTest::addColumn<int>("activationBits");
    QTest::addColumn<QString>("change"); // one more setting: "", "stochastic", "percentile", "tanh"
    QTest::addColumn<QString>("expected");
    const int ste = int(TrainingMode::Ste), lsq = int(LearnMode::Lsq), pact = int(LearnMode::Pact);
    QTest::newRow("lsq in ptq") << "symmetric" << int(TrainingMode::Ptq) << lsq << 0 << ""
                                << "runs.1.quantizer.learn \"lsq\" needs mode \"ste\"";
    QTest::newRow("pact in post_update")
        << "symmetric" << int(TrainingMode::PostUpdate) << pact << 2 << ""
        << "runs.1.quantizer.learn \"pact\" needs mode \"ste\"";
    QTest::newRow("lsq on affine") << "affine" << ste << lsq << 0 << ""
                                   << "learn \"lsq\" applies only to scheme \"symmetric\"";
    QTest::newRow("lsq on binary") << "binary" << ste << lsq << 0 << ""
                                   << "scheme is \"binary\"";
    QTest::newRow("lsq on fixed") << "fixed" << ste << lsq << 0 << ""
                                  << "scheme is \"fixed\"";
    QTest::newRow("lsq on pow2") << "pow2" << ste << lsq << 0 << ""
                                 << "scheme is \"pow2\"";
    QTest::newRow("lsq with stochastic rounding") << "symmetric" << ste << lsq << 0 << "stochastic"
                                                  << "needs rounding \"nearest\"";
    QTest::newRow("lsq with an observer")
        << "symmetric" << ste << lsq << 0 << "percentile"
        << "learns the range, so observer \"percentile\" has nothing to do";
    QTest::newRow("pact without activation bits") << "symmetric" << ste << pact << 0 << ""
                                                  << "it needs activation_bits > 0";
    QTest::newRow("pact after tanh") << "symmetric" << ste << pact << 2 << "tanh"
                                     << "needs model.activation relu or sigmoid";
}

void TestLearnedQuantizers::refusals()
{
    QFETCH(QString, scheme);
    QFETCH(int, mode);
    QFETCH(int, learn);
    QFETCH(int, activationBits);
    QFETCH(QString, change);
    QFETCH(QString, expected);
    ExperimentSpec spec = findPreset("moons")->spec;
    spec.model.activation = change == "tanh" ? Activation::Tanh : Activation::Relu;
    QuantizerSpec q;
    q.scheme = scheme.toStdString();
    q.bits = 3;
    q.mode = static_cast<TrainingMode>(mode);
    q.learn = static_cast<LearnMode>(learn);
    q.activationBits = activationBits;
    if (change == "stochastic")
        q.rounding = Rounding::Stochastic;
    if (change == "percentile")
        q.observer = RangeObserver::Percentile;
    RunSpec fp;
    fp.name = "fp64";
    RunSpec run;
    run.name = "learned";
    run.quantizer = q;
    spec.runs = { fp, run };
    const std::vector<std::string> problems = specProblems(spec);
    QString all;
    for (const auto& p : problems)
        all += QString::fromStdString(p) + "\n";
    QVERIFY2(all.contains(expected), qPrintable(all));
    QVERIFY_THROWS_EXCEPTION(Error, Experiment(spec, loadDataset(spec.dataset, "")));

    // The same run with learn none is valid: the refusal is learn's.
    spec.runs[1].quantizer->learn = LearnMode::None;
    if (spec.runs[1].quantizer->scheme == "binary")
        spec.runs[1].quantizer->bits = 8; // (binary reads no bits)
    const std::vector<std::string> rest = specProblems(spec);
    QVERIFY2(rest.empty(), rest.empty() ? "" : rest.front().c_str());
}

void TestLearnedQuantizers::trainingLearnsAndIsBitIdentical_data()
{
    QTest::addColumn<int>("learn");
    QTest::addColumn<QString>("optimizer");
    QTest::newRow("lsq, adam") << int(LearnMode::Lsq) << "adam";
    QTest::newRow("lsq, sgd with momentum") << int(LearnMode::Lsq) << "sgd";
    QTest::newRow("pact, adam") << int(LearnMode::Pact) << "adam";
}

void TestLearnedQuantizers::trainingLearnsAndIsBitIdentical()
{
    QFETCH(int, learn);
    QFETCH(QString, optimizer);
    ExperimentSpec spec = findPreset("moons")->spec;
    spec.model.activation = Activation::Relu;
    spec.training.epochs = 30;
    spec.optimizer.kind = optimizer.toStdString();
    if (optimizer == "sgd") {
        spec.optimizer.lr = 0.05;
        spec.optimizer.momentum = 0.9;
    }
    QuantizerSpec q;
    q.scheme = "symmetric";
    q.bits = 2;
    q.mode = TrainingMode::Ste;
    q.activationBits = 3;
    q.learn = static_cast<LearnMode>(learn);
    RunSpec fp;
    fp.name = "fp64";
    RunSpec run;
    run.name = "learned";
    run.quantizer = q;
    spec.runs = { fp, run };
    std::vector<std::string> names;
    auto once = [&](int threads) {
        Experiment e(spec, loadDataset(spec.dataset, ""));
        names = e.learnedNames(1);
        auto log = std::make_unique<RecordLog>();
        e.run(*log, {}, threads);
        return log;
    };
    const auto a = once(1), b = once(1), c = once(2);
    // lsq: one step per weight tensor (3 layers: weight and bias) and per hidden layer.
    const std::vector<std::string> lsqNames { "layers.0.weight.step", "layers.0.bias.step",
        "layers.1.weight.step", "layers.1.bias.step", "layers.2.weight.step", "layers.2.bias.step",
        "layers.0.activation.step", "layers.1.activation.step" };
    const std::vector<std::string> pactNames { "layers.0.activation.clip",
        "layers.1.activation.clip" };
    QVERIFY(names == (q.learn == LearnMode::Lsq ? lsqNames : pactNames));
    QVERIFY(a->records(0).front().learned.empty()); // full precision learns nothing
    const auto ra = a->records(1), rb = b->records(1), rc = c->records(1);
    QVERIFY(ra.size() > 10);
    QCOMPARE(ra.size(), rc.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
        QCOMPARE(ra[i].learned.size(), names.size());
        QVERIFY(
            std::memcmp(ra[i].learned.data(), rb[i].learned.data(), names.size() * sizeof(double))
            == 0);
        QVERIFY(
            std::memcmp(ra[i].learned.data(), rc[i].learned.data(), names.size() * sizeof(double))
            == 0);
        QVERIFY(std::memcmp(&ra[i].trainLoss, &rc[i].trainLoss, sizeof(double)) == 0);
    }
    // The parameters moved: every one differs between the second record and the last.
    for (std::size_t k = 0; k < names.size(); ++k) {
        QVERIFY2(ra[1].learned[k] != ra.back().learned[k], names[k].c_str());
        QVERIFY(ra.back().learned[k] >= kLearnedMinimum);
    }
    // The summary names them with their final values.
    const RunSummary s = *a->summary(1);
    QCOMPARE(s.learned.size(), names.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
        QCOMPARE(s.learned[k].name, names[k]);
        QCOMPARE(s.learned[k].value, ra.back().learned[k]);
    }
}

QTEST_APPLESS_MAIN(TestLearnedQuantizers)
#include "tst_learned_quantizers.moc"
