// Central finite-difference checks of every model's backward() through every loss it
// accepts (the table is read from the model registry, so a new model or loss is checked
// as soon as it is registered): single-layer models and MLPs with each activation, two
// hidden layers, with and without bias, a batch of several samples, K = 3 classes.
//
// For each parameter w: numeric = (L(w + h) - L(w - h)) / 2h, h = 1e-6 * max(1, |w|), with
// L evaluated through predict() and Loss::value(). It must match the analytic gradient
// from forward(training) + Loss::gradient + backward() to a relative error below 1e-6,
// relative to max(|analytic|, |numeric|, 1e-3 * (1 + |L|)): the floor keeps gradients that
// are zero or nearly so from being judged by round-off alone (the round-off of the
// difference quotient is about 1e-16 * |L| / h).
// Random weights and inputs keep ReLU and hinge kinks away from the evaluated points.

#include "core/common/rng.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"

#include <QTest>
#include <algorithm>
#include <cmath>

using namespace bitlab;

Q_DECLARE_METATYPE(bitlab::ModelSpec)
Q_DECLARE_METATYPE(bitlab::Task)

class TestGradients : public QObject {
    Q_OBJECT

private slots:
    void finiteDifferences_data();
    void finiteDifferences();
};

void TestGradients::finiteDifferences_data()
{
    QTest::addColumn<ModelSpec>("spec");
    QTest::addColumn<Task>("task");
    QTest::addColumn<QString>("loss");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<int>("outputs");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("seed");

    std::vector<ModelSpec> specs;
    for (const auto& info : modelRegistry()) {
        for (bool bias : { true, false }) {
            ModelSpec spec;
            spec.kind = info.name;
            spec.bias = bias;
            if (!info.hasHidden) {
                specs.push_back(spec);
                continue;
            }
            for (Activation a : { Activation::Relu, Activation::Tanh, Activation::Sigmoid }) {
                spec.activation = a;
                spec.hidden = { 4, 3 };
                specs.push_back(spec);
            }
            spec.activation = Activation::Tanh;
            spec.hidden = { 5 };
            specs.push_back(spec);
        }
    }

    int rowsAdded = 0;
    for (const auto& spec : specs) {
        for (Task task : findModel(spec.kind)->tasks) {
            for (const auto& loss : validLosses(spec.kind, task)) {
                const int outputs = task == Task::Multiclass ? 3 : 1;
                QString name = QString("%1 %2 %3 %4")
                                   .arg(spec.kind.c_str(), toString(task), loss.c_str(),
                                       spec.bias ? "bias" : "no-bias");
                if (!spec.hidden.empty()) {
                    name += QString(" %1 hidden").arg(toString(spec.activation));
                    for (int h : spec.hidden)
                        name += QString(" %1").arg(h);
                }
                ++rowsAdded;
                QTest::newRow(qPrintable(name))
                    << spec << task << QString(loss.c_str()) << 3 << outputs << 6 << rowsAdded;
            }
        }
    }
    // Regression with two outputs (mse over all elements) and a single sample.
    ModelSpec linear;
    linear.kind = "linear";
    QTest::newRow("linear regression 2 outputs")
        << linear << Task::Regression << "mse" << 3 << 2 << 6 << 1001;
    QTest::newRow("linear regression 1 sample")
        << linear << Task::Regression << "mse" << 2 << 1 << 1 << 1002;
    ModelSpec mlp;
    mlp.kind = "mlp";
    mlp.hidden = { 4, 3 };
    mlp.activation = Activation::Sigmoid;
    QTest::newRow("mlp regression 2 outputs")
        << mlp << Task::Regression << "mse" << 3 << 2 << 6 << 1003;
    // 5 kinds: linear 2 + logistic 2 + softmax 2 + svm 2x2x2 + mlp 2 biases x 4 nets x 7.
    QCOMPARE(rowsAdded, 2 + 2 + 2 + 8 + 56);
}

void TestGradients::finiteDifferences()
{
    QFETCH(ModelSpec, spec);
    QFETCH(Task, task);
    QFETCH(QString, loss);
    QFETCH(int, inputs);
    QFETCH(int, outputs);
    QFETCH(int, samples);
    QFETCH(int, seed);

    Rng rng(1234, static_cast<std::uint64_t>(seed));
    auto model = createModel(spec, inputs, outputs);
    model->initialize(rng);
    // Random weights and biases everywhere (single-layer models start at zero otherwise).
    for (auto& v : model->values())
        for (Index i = 0; i < v.size(); ++i)
            v.data()[i] = 0.8 * rng.normal();
    Matrix x(samples, inputs);
    for (Index i = 0; i < x.size(); ++i)
        x.data()[i] = rng.normal();
    const Index targetCols = task == Task::Regression ? outputs : 1;
    Matrix y(samples, targetCols);
    for (Index i = 0; i < y.size(); ++i) {
        switch (task) {
        case Task::Regression:
            y.data()[i] = rng.normal();
            break;
        case Task::Binary:
            y.data()[i] = static_cast<Scalar>(rng.below(2));
            break;
        case Task::Multiclass:
            y.data()[i] = static_cast<Scalar>(rng.below(static_cast<std::uint64_t>(outputs)));
            break;
        }
    }
    const auto lossFn = createLoss(loss.toStdString());

    Matrix dLogits;
    const Matrix& z = model->forward(x, true);
    const Scalar loss0 = lossFn->gradient(z, y, dLogits);
    model->backward(dLogits);
    const std::vector<Matrix> analytic = model->gradients();

    Matrix logits;
    auto lossAt = [&] {
        model->predict(x, logits);
        return lossFn->value(logits, y);
    };
    QVERIFY(std::abs(lossAt() - loss0) <= 1e-12 * (1 + std::abs(loss0)));

    const Scalar floor = 1e-3 * (1 + std::abs(loss0));
    Scalar worst = 0.0;
    QString worstWhere;
    int nonZero = 0;
    for (std::size_t t = 0; t < model->values().size(); ++t) {
        Matrix& w = model->values()[t];
        QCOMPARE(analytic[t].rows(), w.rows());
        QCOMPARE(analytic[t].cols(), w.cols());
        for (Index i = 0; i < w.size(); ++i) {
            const Scalar w0 = w.data()[i];
            const Scalar h = 1e-6 * std::max(1.0, std::abs(w0));
            w.data()[i] = w0 + h;
            const Scalar plus = lossAt();
            w.data()[i] = w0 - h;
            const Scalar minus = lossAt();
            w.data()[i] = w0;
            const Scalar numeric = (plus - minus) / (2 * h);
            const Scalar a = analytic[t].data()[i];
            if (a != 0.0)
                ++nonZero;
            const Scalar denom = std::max({ std::abs(a), std::abs(numeric), floor });
            const Scalar err = std::abs(a - numeric) / denom;
            if (err > worst) {
                worst = err;
                worstWhere = QString("%1[%2]: analytic %3, numeric %4")
                                 .arg(model->tensors()[t].name.c_str())
                                 .arg(i)
                                 .arg(a, 0, 'g', 12)
                                 .arg(numeric, 0, 'g', 12);
            }
        }
    }
    QVERIFY2(
        worst < 1e-6, qPrintable(QString("relative error %1 at %2").arg(worst).arg(worstWhere)));
    // A check of all-zero gradients would prove nothing.
    QVERIFY(nonZero > 0);
}

QTEST_APPLESS_MAIN(TestGradients)
#include "tst_gradients.moc"
