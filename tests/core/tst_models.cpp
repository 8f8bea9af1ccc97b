// Models: tensor names and shapes, default initialisation, predict() against forward(),
// buffer reuse, activation fake-quantization (grid, moving average, straight-through
// mask), clone(), and the model registry with its errors.

#include "core/common/error.h"
#include "core/common/rng.h"
#include "core/model/activation_quantizer.h"
#include "core/model/mlp.h"
#include "core/model/model_registry.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

using namespace bitlab;

Q_DECLARE_METATYPE(bitlab::ModelSpec)
Q_DECLARE_METATYPE(bitlab::Task)

namespace {
ModelSpec makeSpec(const std::string& kind, std::vector<int> hidden = {},
    Activation activation = Activation::Relu, bool bias = true)
{
    ModelSpec spec;
    spec.kind = kind;
    spec.hidden = std::move(hidden);
    spec.activation = activation;
    spec.bias = bias;
    return spec;
}

Matrix randomMatrix(Rng& rng, Index rows, Index cols)
{
    Matrix m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.normal();
    return m;
}

void randomize(Model& model, Rng& rng)
{
    for (auto& v : model.values())
        for (Index i = 0; i < v.size(); ++i)
            v.data()[i] = 0.7 * rng.normal();
}

Scalar maxAbsDiff(const Matrix& a, const Matrix& b)
{
    return (a - b).cwiseAbs().maxCoeff();
}

QString messageOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return QString(e.what());
    }
    return QString();
}
} // namespace

class TestModels : public QObject {
    Q_OBJECT

private slots:
    void shapes_data();
    void shapes();
    void initialisation_data();
    void initialisation();
    void initialisationIsSeeded();
    void predictEqualsForward_data();
    void predictEqualsForward();
    void predictLeavesTrainingCaches_data();
    void predictLeavesTrainingCaches();
    void buffersReused();
    void cloneIsIndependent();
    void activationBitsOnGrid_data();
    void activationBitsOnGrid();
    void activationBitsMovingAverageAndMask();
    void activationBitsBeforeTraining();
    void activationBitsRange();
    void registryLosses_data();
    void registryLosses();
    void registryErrors_data();
    void registryErrors();
    void lossErrors();
    void wrongInputWidth();
};

void TestModels::shapes_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<int>("outputs");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("shapes");
    QTest::addColumn<int>("count");

    QTest::newRow("linear") << makeSpec("linear") << 3 << 1 << QStringList { "weight", "bias" }
                            << QStringList { "1x3", "1" } << 4;
    QTest::newRow("linear no bias") << makeSpec("linear", {}, Activation::Relu, false) << 1 << 1
                                    << QStringList { "weight" } << QStringList { "1x1" } << 1;
    QTest::newRow("logistic") << makeSpec("logistic") << 2 << 1 << QStringList { "weight", "bias" }
                              << QStringList { "1x2", "1" } << 3;
    QTest::newRow("softmax") << makeSpec("softmax") << 2 << 3 << QStringList { "weight", "bias" }
                             << QStringList { "3x2", "3" } << 9;
    QTest::newRow("svm multiclass") << makeSpec("svm") << 4 << 3 << QStringList { "weight", "bias" }
                                    << QStringList { "3x4", "3" } << 15;
    QTest::newRow("mlp 2-4-3-3") << makeSpec("mlp", { 4, 3 }) << 2 << 3
                                 << QStringList { "layers.0.weight", "layers.0.bias",
                                        "layers.1.weight", "layers.1.bias", "layers.2.weight",
                                        "layers.2.bias" }
                                 << QStringList { "4x2", "4", "3x4", "3", "3x3", "3" }
                                 << 12 + 15 + 12;
    QTest::newRow("mlp no bias") << makeSpec("mlp", { 5 }, Activation::Tanh, false) << 2 << 1
                                 << QStringList { "layers.0.weight", "layers.1.weight" }
                                 << QStringList { "5x2", "1x5" } << 15;
    QTest::newRow("mlp without hidden layers")
        << makeSpec("mlp") << 2 << 1 << QStringList { "layers.0.weight", "layers.0.bias" }
        << QStringList { "1x2", "1" } << 3;
}

void TestModels::shapes()
{
    QFETCH(ModelSpec, spec);
    QFETCH(int, inputs);
    QFETCH(int, outputs);
    QFETCH(QStringList, names);
    QFETCH(QStringList, shapes);
    QFETCH(int, count);

    auto model = createModel(spec, inputs, outputs);
    QCOMPARE(model->inputs(), Index(inputs));
    QCOMPARE(model->outputs(), Index(outputs));
    QCOMPARE(model->parameterCount(), Index(count));
    QCOMPARE(int(model->tensors().size()), names.size());
    QCOMPARE(model->values().size(), model->tensors().size());
    QCOMPARE(model->gradients().size(), model->tensors().size());
    for (std::size_t t = 0; t < model->tensors().size(); ++t) {
        const TensorInfo& info = model->tensors()[t];
        const int i = int(t);
        QCOMPARE(QString(info.name.c_str()), names[i]);
        QStringList shape;
        for (Index s : info.shape)
            shape << QString::number(s);
        QCOMPARE(shape.join("x"), shapes[i]);
        QCOMPARE(info.isBias, info.name.ends_with("bias"));
        // Storage: [out, in] for a weight, a 1 x out row for a bias.
        const Matrix& v = model->values()[t];
        QCOMPARE(v.rows(), info.isBias ? Index(1) : info.shape[0]);
        QCOMPARE(v.cols(), info.isBias ? info.shape[0] : info.shape[1]);
        QCOMPARE(model->gradients()[t].rows(), v.rows());
        QCOMPARE(model->gradients()[t].cols(), v.cols());
    }
    Rng rng(7);
    model->initialize(rng);
    const Matrix& z = model->forward(randomMatrix(rng, 5, inputs), true);
    QCOMPARE(z.rows(), Index(5));
    QCOMPARE(z.cols(), Index(outputs));
}

void TestModels::initialisation_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<bool>("zeros");

    for (const char* kind : { "linear", "logistic", "softmax", "svm" })
        QTest::newRow(kind) << makeSpec(kind) << true;
    QTest::newRow("mlp relu (He)") << makeSpec("mlp", { 64, 48 }, Activation::Relu) << false;
    QTest::newRow("mlp tanh (Xavier)") << makeSpec("mlp", { 64, 48 }, Activation::Tanh) << false;
    QTest::newRow("mlp sigmoid (Xavier)")
        << makeSpec("mlp", { 64, 48 }, Activation::Sigmoid) << false;
}

void TestModels::initialisation()
{
    QFETCH(ModelSpec, spec);
    QFETCH(bool, zeros);

    const int inputs = 40, outputs = zeros && spec.kind == "logistic" ? 1 : 3;
    auto model = createModel(spec, inputs, outputs);
    Rng rng(99);
    randomize(*model, rng); // initialize() must overwrite whatever was there
    model->initialize(rng);
    for (std::size_t t = 0; t < model->tensors().size(); ++t) {
        const Matrix& w = model->values()[t];
        if (zeros || model->tensors()[t].isBias) {
            QCOMPARE(w.cwiseAbs().maxCoeff(), 0.0);
            continue;
        }
        const Scalar fanOut = Scalar(w.rows()), fanIn = Scalar(w.cols());
        const Scalar bound = spec.activation == Activation::Relu
            ? std::sqrt(6.0 / fanIn)
            : std::sqrt(6.0 / (fanIn + fanOut));
        QVERIFY(w.cwiseAbs().maxCoeff() <= bound);
        if (w.size() < 1000)
            continue; // too few draws for statistics (the small output layer)
        // U(-b, b): mean 0, variance b^2 / 3; 1000+ draws put both well inside these bands.
        const Scalar n = Scalar(w.size());
        const Scalar mean = w.mean();
        const Scalar var = (w.array() - mean).square().sum() / n;
        QVERIFY2(std::abs(mean) < 4 * bound / std::sqrt(3 * n),
            qPrintable(QString("mean %1").arg(mean)));
        QVERIFY2(std::abs(var / (bound * bound / 3) - 1) < 0.15,
            qPrintable(QString("variance %1, expected %2").arg(var).arg(bound * bound / 3)));
        QVERIFY(w.cwiseAbs().maxCoeff() > 0.9 * bound);
    }
}

void TestModels::initialisationIsSeeded()
{
    auto a = createModel(makeSpec("mlp", { 8, 8 }, Activation::Tanh), 3, 2);
    auto b = a->clone();
    auto c = a->clone();
    Rng ra(5), rb(5), rc(6);
    a->initialize(ra);
    b->initialize(rb);
    c->initialize(rc);
    for (std::size_t t = 0; t < a->values().size(); t += 2) {
        QCOMPARE(maxAbsDiff(a->values()[t], b->values()[t]), 0.0);
        QVERIFY(maxAbsDiff(a->values()[t], c->values()[t]) > 0.0);
    }
}

void TestModels::predictEqualsForward_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<int>("outputs");
    QTest::addColumn<int>("bits");

    QTest::newRow("linear") << makeSpec("linear") << 2 << 0;
    QTest::newRow("logistic") << makeSpec("logistic") << 1 << 0;
    QTest::newRow("softmax no bias") << makeSpec("softmax", {}, Activation::Relu, false) << 3 << 0;
    QTest::newRow("svm") << makeSpec("svm") << 1 << 0;
    QTest::newRow("mlp relu") << makeSpec("mlp", { 6, 4 }, Activation::Relu) << 3 << 0;
    QTest::newRow("mlp tanh") << makeSpec("mlp", { 6, 4 }, Activation::Tanh) << 1 << 0;
    QTest::newRow("mlp sigmoid no bias")
        << makeSpec("mlp", { 6 }, Activation::Sigmoid, false) << 2 << 0;
    QTest::newRow("mlp relu 4-bit activations") << makeSpec("mlp", { 6, 4 }) << 3 << 4;
}

void TestModels::predictEqualsForward()
{
    QFETCH(ModelSpec, spec);
    QFETCH(int, outputs);
    QFETCH(int, bits);

    Rng rng(11);
    auto model = createModel(spec, 3, outputs);
    model->initialize(rng);
    randomize(*model, rng);
    model->setActivationBits(bits);
    const Matrix x = randomMatrix(rng, 7, 3);
    const Matrix z = model->forward(x, true); // training pass: sets the activation range
    Matrix p;
    model->predict(x, p);
    QCOMPARE(p.rows(), z.rows());
    QCOMPARE(p.cols(), z.cols());
    QVERIFY(maxAbsDiff(p, z) <= 1e-12 * (1 + z.cwiseAbs().maxCoeff()));
    const Matrix zEval = model->forward(x, false);
    QVERIFY(maxAbsDiff(p, zEval) <= 1e-12 * (1 + z.cwiseAbs().maxCoeff()));
    // And by hand for the single-layer models: z = x W^T + b.
    if (findModel(spec.kind)->affine) {
        Matrix expected = x * model->values()[0].transpose();
        if (spec.bias)
            expected.rowwise() += model->values()[1].row(0);
        QVERIFY(maxAbsDiff(p, expected) <= 1e-12);
    }
}

void TestModels::predictLeavesTrainingCaches_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<int>("bits");
    QTest::newRow("softmax") << makeSpec("softmax") << 0;
    QTest::newRow("mlp tanh") << makeSpec("mlp", { 5, 4 }, Activation::Tanh) << 0;
    QTest::newRow("mlp relu 3-bit activations") << makeSpec("mlp", { 5, 4 }) << 3;
}

void TestModels::predictLeavesTrainingCaches()
{
    QFETCH(ModelSpec, spec);
    QFETCH(int, bits);

    Rng rng(3);
    auto model = createModel(spec, 2, 3);
    model->initialize(rng);
    randomize(*model, rng);
    model->setActivationBits(bits);
    const Matrix x = randomMatrix(rng, 6, 2);
    const Matrix g = randomMatrix(rng, 6, 3);
    auto reference = model->clone();
    reference->forward(x, true);
    reference->backward(g);

    model->forward(x, true);
    Matrix p;
    model->predict(3.0 * randomMatrix(rng, 6, 2), p); // same batch size
    model->predict(3.0 * randomMatrix(rng, 10, 2), p); // another size
    model->backward(g);
    for (std::size_t t = 0; t < model->gradients().size(); ++t)
        QCOMPARE(maxAbsDiff(model->gradients()[t], reference->gradients()[t]), 0.0);
}

void TestModels::buffersReused()
{
    // Alternating batch sizes (the last, smaller batch of an epoch) reuse their buffers.
    Rng rng(4);
    for (const ModelSpec& spec : { makeSpec("linear"), makeSpec("mlp", { 4, 4 }) }) {
        auto model = createModel(spec, 2, 1);
        model->initialize(rng);
        const Matrix big = randomMatrix(rng, 8, 2), small = randomMatrix(rng, 3, 2);
        const double* bigData = model->forward(big, true).data();
        const double* smallData = model->forward(small, true).data();
        QVERIFY(bigData != smallData);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(model->forward(big, true).data(), bigData);
            QCOMPARE(model->forward(small, true).data(), smallData);
        }
        // backward() uses the batch of the last forward().
        model->backward(Matrix::Ones(3, 1));
        QVERIFY_THROWS_EXCEPTION(Error, model->backward(Matrix::Ones(8, 1)));
    }
}

void TestModels::cloneIsIndependent()
{
    Rng rng(8);
    auto model = createModel(makeSpec("mlp", { 3 }), 2, 1);
    model->initialize(rng);
    model->setActivationBits(4);
    model->forward(randomMatrix(rng, 5, 2), true);
    auto copy = model->clone();
    const auto& mq = static_cast<const Mlp&>(*model).activationQuantizer(0);
    const auto& cq = static_cast<const Mlp&>(*copy).activationQuantizer(0);
    QCOMPARE(cq.emaMax(), mq.emaMax());
    QCOMPARE(static_cast<const Mlp&>(*copy).activationBits(0), 4);
    const Matrix before = copy->values()[0];
    model->values()[0].setConstant(1.0);
    model->forward(10.0 * randomMatrix(rng, 5, 2), true);
    QCOMPARE(maxAbsDiff(copy->values()[0], before), 0.0);
    QVERIFY(cq.emaMax() != mq.emaMax());
}

void TestModels::activationBitsOnGrid_data()
{
    QTest::addColumn<int>("activation");
    QTest::addColumn<int>("bits");
    QTest::newRow("relu 2 bits") << int(Activation::Relu) << 2;
    QTest::newRow("relu 4 bits") << int(Activation::Relu) << 4;
    QTest::newRow("tanh 3 bits") << int(Activation::Tanh) << 3;
    QTest::newRow("sigmoid 8 bits") << int(Activation::Sigmoid) << 8;
    QTest::newRow("tanh 1 bit") << int(Activation::Tanh) << 1;
}

void TestModels::activationBitsOnGrid()
{
    QFETCH(int, activation);
    QFETCH(int, bits);

    // A hidden layer of 4 read out through an identity output layer: the logits are the
    // fake-quantized hidden activations themselves.
    Rng rng(21);
    auto model = createModel(makeSpec("mlp", { 4 }, Activation(activation)), 3, 4);
    model->initialize(rng);
    model->values()[2] = Matrix::Identity(4, 4);
    model->values()[3].setZero();
    model->setActivationBits(bits);
    const auto& mlp = static_cast<const Mlp&>(*model);

    auto hidden = [&](const Matrix& x) {
        Matrix a = x * model->values()[0].transpose();
        a.rowwise() += model->values()[1].row(0);
        switch (Activation(activation)) {
        case Activation::Relu:
            return Matrix(a.cwiseMax(0.0));
        case Activation::Tanh:
            return Matrix(a.array().tanh().matrix());
        case Activation::Sigmoid:
            return Matrix((1.0 + (-a.array()).exp()).inverse().matrix());
        }
        return a;
    };

    const Matrix x1 = randomMatrix(rng, 20, 3), x2 = 2.0 * randomMatrix(rng, 20, 3);
    const Matrix h1 = hidden(x1), h2 = hidden(x2);
    model->forward(x1, true);
    QVERIFY(mlp.activationQuantizer(0).initialized());
    QCOMPARE(mlp.activationQuantizer(0).emaMin(), h1.minCoeff());
    QCOMPARE(mlp.activationQuantizer(0).emaMax(), h1.maxCoeff());
    const Matrix z = model->forward(x2, true);
    const Scalar lo = h1.minCoeff() + 0.01 * (h2.minCoeff() - h1.minCoeff());
    const Scalar hi = h1.maxCoeff() + 0.01 * (h2.maxCoeff() - h1.maxCoeff());
    QVERIFY(std::abs(mlp.activationQuantizer(0).emaMin() - lo) <= 1e-15);
    QVERIFY(std::abs(mlp.activationQuantizer(0).emaMax() - hi) <= 1e-15);

    const auto p = ActivationQuantizer::paramsFor(lo, hi, bits);
    const Scalar qmax = std::ldexp(1.0, bits) - 1;
    QCOMPARE(p.qmax, qmax);
    QVERIFY(std::abs(p.scale - (std::max(hi, 0.0) - std::min(lo, 0.0)) / qmax) <= 1e-15);
    std::set<long> levels;
    for (Index i = 0; i < z.size(); ++i) {
        const Scalar code = z.data()[i] / p.scale + p.zeroPoint;
        QVERIFY2(std::abs(code - std::nearbyint(code)) < 1e-9,
            qPrintable(QString("%1 is off the grid (code %2)").arg(z.data()[i]).arg(code)));
        QVERIFY(code > -1e-9 && code < qmax + 1e-9);
        // And it is the nearest grid point of the unquantized activation (clamped).
        const Scalar expected
            = (std::clamp(std::nearbyint(h2.data()[i] / p.scale) + p.zeroPoint, 0.0, qmax)
                  - p.zeroPoint)
            * p.scale;
        QVERIFY(std::abs(z.data()[i] - expected) <= 1e-12);
        levels.insert(std::lround(code));
    }
    QVERIFY(levels.size() >= 2);
    // Turning it off gives the plain activations.
    model->setActivationBits(0);
    QVERIFY(maxAbsDiff(model->forward(x2, true), h2) <= 1e-12);
}

void TestModels::activationBitsMovingAverageAndMask()
{
    // 1 -> 1 -> 1 relu network, both weights 1, no bias, 2-bit activations.
    auto model = createModel(makeSpec("mlp", { 1 }, Activation::Relu, false), 1, 1);
    model->values()[0].setConstant(1.0);
    model->values()[1].setConstant(1.0);
    model->setActivationBits(2);
    const auto& q = static_cast<const Mlp&>(*model).activationQuantizer(0);

    Matrix x(2, 1);
    x << 0.0, 1.0;
    // First training batch initialises the range to [0, 1]: scale 1/3, zero point 0.
    Matrix z = model->forward(x, true);
    QCOMPARE(q.emaMin(), 0.0);
    QCOMPARE(q.emaMax(), 1.0);
    QVERIFY(std::abs(z(0, 0)) < 1e-15 && std::abs(z(1, 0) - 1.0) < 1e-15);

    // Evaluation pass: 0.5 -> code 1.5 -> 2 (half to even) -> 2/3; 2 -> code 6, clamped
    // to 3 -> 1, outside the range so its gradient is masked. The range stays [0, 1].
    x << 0.5, 2.0;
    z = model->forward(x, false);
    QVERIFY(std::abs(z(0, 0) - 2.0 / 3) < 1e-15);
    QVERIFY(std::abs(z(1, 0) - 1.0) < 1e-15);
    QCOMPARE(q.emaMax(), 1.0);
    model->backward(Matrix::Ones(2, 1));
    // dW1 = sum of quantized hidden outputs = 2/3 + 1; dW0 = 1*0.5 + 0*2 (masked).
    QVERIFY(std::abs(model->gradients()[1](0, 0) - 5.0 / 3) < 1e-15);
    QVERIFY(std::abs(model->gradients()[0](0, 0) - 0.5) < 1e-15);

    // Next training batch moves the average 1% of the way: max 1 + 0.01 * (2 - 1).
    Matrix p;
    model->predict(x, p); // predict never moves it
    QCOMPARE(q.emaMax(), 1.0);
    model->forward(x, true);
    QVERIFY(std::abs(q.emaMax() - 1.01) < 1e-15);
    QVERIFY(std::abs(q.emaMin() - 0.005) < 1e-15); // the batch min 0.5 pulls it up
}

void TestModels::activationBitsBeforeTraining()
{
    // Before any training batch, an evaluation uses the batch's own range and keeps no state.
    auto model = createModel(makeSpec("mlp", { 1 }, Activation::Relu, false), 1, 1);
    model->values()[0].setConstant(1.0);
    model->values()[1].setConstant(1.0);
    model->setActivationBits(2);
    Matrix x(3, 1);
    x << 0.0, 1.0, 0.4;
    Matrix p;
    model->predict(x, p);
    QVERIFY(std::abs(p(2, 0) - 1.0 / 3) < 1e-15); // 0.4 * 3 = 1.2 -> 1 -> 1/3
    QVERIFY(!static_cast<const Mlp&>(*model).activationQuantizer(0).initialized());
}

void TestModels::activationBitsRange()
{
    auto model = createModel(makeSpec("mlp", { 2 }), 2, 1);
    QVERIFY_THROWS_EXCEPTION(Error, model->setActivationBits(-1));
    QVERIFY_THROWS_EXCEPTION(Error, model->setActivationBits(17));
    model->setActivationBits(16);
    QCOMPARE(static_cast<const Mlp&>(*model).activationBits(0), 16);
    // Single-layer models ignore it.
    auto linear = createModel(makeSpec("linear"), 2, 1);
    linear->setActivationBits(4);
    // An all-zero layer still gets a valid grid (scale clamped at float epsilon).
    const auto p = ActivationQuantizer::paramsFor(0.0, 0.0, 8);
    QVERIFY(p.scale > 0.0);
    QCOMPARE(p.zeroPoint, 0.0);
    // Negative-only range: zero point at the top of the codes.
    const auto n = ActivationQuantizer::paramsFor(-3.0, -1.0, 2);
    QCOMPARE(n.scale, 1.0);
    QCOMPARE(n.zeroPoint, 3.0);
}

void TestModels::registryLosses_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<Task>("task");
    QTest::addColumn<QStringList>("losses");

    QTest::newRow("linear regression") << "linear" << Task::Regression << QStringList { "mse" };
    QTest::newRow("linear binary") << "linear" << Task::Binary << QStringList {};
    QTest::newRow("logistic binary") << "logistic" << Task::Binary << QStringList { "bce" };
    QTest::newRow("logistic multiclass") << "logistic" << Task::Multiclass << QStringList {};
    QTest::newRow("softmax multiclass")
        << "softmax" << Task::Multiclass << QStringList { "cross_entropy" };
    QTest::newRow("svm binary") << "svm" << Task::Binary
                                << QStringList { "hinge", "squared_hinge" };
    QTest::newRow("svm multiclass")
        << "svm" << Task::Multiclass << QStringList { "hinge", "squared_hinge" };
    QTest::newRow("svm regression") << "svm" << Task::Regression << QStringList {};
    QTest::newRow("mlp regression") << "mlp" << Task::Regression << QStringList { "mse" };
    QTest::newRow("mlp binary") << "mlp" << Task::Binary
                                << QStringList { "bce", "hinge", "squared_hinge" };
    QTest::newRow("mlp multiclass")
        << "mlp" << Task::Multiclass << QStringList { "cross_entropy", "hinge", "squared_hinge" };
    QTest::newRow("unknown model") << "tree" << Task::Binary << QStringList {};
}

void TestModels::registryLosses()
{
    QFETCH(QString, model);
    QFETCH(Task, task);
    QFETCH(QStringList, losses);

    QStringList got;
    for (const auto& l : validLosses(model.toStdString(), task))
        got << QString(l.c_str());
    QCOMPARE(got, losses);
    if (const ModelInfo* info = findModel(model.toStdString())) {
        QVERIFY(!info->description.empty());
        const bool listed
            = std::find(info->tasks.begin(), info->tasks.end(), task) != info->tasks.end();
        QCOMPARE(listed, !losses.isEmpty());
        for (const QString& l : losses) {
            QVERIFY(std::find(info->losses.begin(), info->losses.end(), l.toStdString())
                != info->losses.end());
            checkModelLoss(model.toStdString(), task, l.toStdString()); // must not throw
        }
    }
}

void TestModels::registryErrors_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<int>("outputs");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("unknown kind") << makeSpec(
        "tree") << 2 << 1 << QStringList { "tree", "linear", "logistic", "softmax", "svm", "mlp" };
    QTest::newRow("hidden on linear")
        << makeSpec("linear", { 4 }) << 2 << 1 << QStringList { "model.hidden", "mlp" };
    QTest::newRow("logistic with 3 outputs")
        << makeSpec("logistic") << 2 << 3 << QStringList { "logistic", "softmax" };
    QTest::newRow("softmax with 1 output")
        << makeSpec("softmax") << 2 << 1 << QStringList { "softmax", "logistic" };
    QTest::newRow("mlp hidden 0") << makeSpec("mlp", { 4, 0 }) << 2 << 1
                                  << QStringList { "model.hidden.1" };
    QTest::newRow("no inputs") << makeSpec("linear") << 0 << 1 << QStringList { "input" };
    QTest::newRow("no outputs") << makeSpec("mlp", { 2 }) << 2 << 0 << QStringList { "output" };
}

void TestModels::registryErrors()
{
    QFETCH(ModelSpec, spec);
    QFETCH(int, inputs);
    QFETCH(int, outputs);
    QFETCH(QStringList, mentions);

    const QString message = messageOf([&] { createModel(spec, inputs, outputs); });
    QVERIFY2(!message.isEmpty(), "createModel accepted a bad spec");
    for (const QString& m : mentions)
        QVERIFY2(message.contains(m), qPrintable(message));
}

void TestModels::lossErrors()
{
    QString m = messageOf([] { bitlab::checkModelLoss("linear", Task::Regression, "bce"); });
    QVERIFY2(m.contains("bce") && m.contains("mse"), qPrintable(m));
    m = messageOf([] { bitlab::checkModelLoss("mlp", Task::Multiclass, "bce"); });
    QVERIFY2(m.contains("cross_entropy") && m.contains("squared_hinge"), qPrintable(m));
    m = messageOf([] { bitlab::checkModelLoss("softmax", Task::Regression, "mse"); });
    QVERIFY2(m.contains("regression") && m.contains("multiclass"), qPrintable(m));
    m = messageOf([] { bitlab::checkModelLoss("forest", Task::Binary, "bce"); });
    QVERIFY2(m.contains("forest") && m.contains("svm"), qPrintable(m));
    const std::vector<std::string> names { "linear", "logistic", "softmax", "svm", "mlp" };
    QCOMPARE(modelNames(), names);
}

void TestModels::wrongInputWidth()
{
    Rng rng(1);
    for (const ModelSpec& spec : { makeSpec("svm"), makeSpec("mlp", { 3 }) }) {
        auto model = createModel(spec, 3, 1);
        model->initialize(rng);
        const Matrix x = randomMatrix(rng, 4, 2);
        QVERIFY_THROWS_EXCEPTION(Error, model->forward(x, true));
        Matrix p;
        QVERIFY_THROWS_EXCEPTION(Error, model->predict(x, p));
    }
}

QTEST_APPLESS_MAIN(TestModels)
#include "tst_models.moc"
