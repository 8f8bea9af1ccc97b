// The element-wise kernels of the wider sets (core/kernels/kernel_table.h) against the
// portable code: the optimizers' rules bit for bit through Optimizer::stepInto; relu and
// the activations' derivatives bit for bit; tanh and the sigmoid (SLEEF) against a long
// double reference within their stated error, the same bits at every position of an
// array; the losses within 1e-14 relative of the portable losses, on strided inputs too,
// with the portable checks of their targets.

#include "common/kernel_support.h"
#include "core/common/error.h"
#include "core/common/rng.h"
#include "core/kernels/kernels.h"
#include "core/loss/loss.h"
#include "core/model/activation_quantizer.h"
#include "core/optim/optimizer.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>

using namespace bitlab;
using bitlab::test::firstDifference;
using bitlab::test::optimizedTables;
using bitlab::test::sameBits;

namespace {

// Random values with a few special ones mixed in: -0, a subnormal, a huge value.
Matrix randomTensor(Rng& rng, Index rows, Index cols, double scale)
{
    Matrix m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.uniform(-scale, scale);
    const double specials[] = { -0.0, 4.9e-324, 1e300 };
    for (Index i = 0; i < m.size() && i < 3; ++i)
        m.data()[(i * 7) % m.size()] = specials[i];
    return m;
}

// The distance from |x| to the next double up: one unit in the last place at x.
double ulp(double x)
{
    const double a = std::fabs(x);
    return std::nextafter(a, std::numeric_limits<double>::infinity()) - a;
}

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

class TestElementwiseKernels : public QObject {
    Q_OBJECT

private slots:
    void updateRules_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("momentum");
        QTest::addColumn<bool>("nesterov");
        QTest::addColumn<double>("weightDecay");
        QTest::addColumn<double>("beta1");
        QTest::newRow("gd") << "gd" << 0.0 << false << 0.0 << 0.9;
        QTest::newRow("sgd momentum") << "sgd" << 0.9 << false << 0.0 << 0.9;
        QTest::newRow("sgd nesterov decay") << "sgd" << 0.8 << true << 1e-3 << 0.9;
        QTest::newRow("sgd decay") << "sgd" << 0.0 << false << 0.01 << 0.9;
        QTest::newRow("adam") << "adam" << 0.0 << false << 0.0 << 0.9;
        QTest::newRow("adam decay, beta1 0.3") << "adam" << 0.0 << false << 0.01 << 0.3;
        QTest::newRow("adamw") << "adamw" << 0.0 << false << 0.05 << 0.9;
        QTest::newRow("rmsprop") << "rmsprop" << 0.0 << false << 0.0 << 0.9;
        QTest::newRow("rmsprop momentum decay") << "rmsprop" << 0.5 << false << 0.01 << 0.9;
        QTest::newRow("adagrad") << "adagrad" << 0.0 << false << 0.0 << 0.9;
        QTest::newRow("adagrad decay") << "adagrad" << 0.0 << false << 0.1 << 0.9;
    }

    // Every rule on every wider set writes the same bits as the portable code: new weights
    // and state, over five steps, on tensors of 1 to 2,500 elements (chunks of 1024 and
    // partial vectors), with -0, subnormals and huge values among them.
    void updateRules()
    {
        if (optimizedTables().empty())
            QSKIP("no optimized kernel set on this CPU");
        QFETCH(QString, kind);
        QFETCH(double, momentum);
        QFETCH(bool, nesterov);
        QFETCH(double, weightDecay);
        QFETCH(double, beta1);
        OptimizerSpec spec;
        spec.kind = kind.toStdString();
        spec.momentum = momentum;
        spec.nesterov = nesterov;
        spec.weightDecay = weightDecay;
        spec.beta1 = beta1;
        for (const Kernels* kernels : optimizedTables()) {
            Rng rng(5, 0);
            std::vector<Matrix> weights;
            for (const auto& [rows, cols] :
                { std::pair<Index, Index> { 1, 1 }, { 3, 5 }, { 7, 9 }, { 50, 50 }, { 1, 2500 } })
                weights.push_back(randomTensor(rng, rows, cols, 2.0));
            const std::unique_ptr<Optimizer> portable = createOptimizer(spec);
            const std::unique_ptr<Optimizer> optimized = createOptimizer(spec);
            portable->reset(weights);
            optimized->reset(weights);
            std::vector<Matrix> wPortable = weights, wOptimized = weights, out;
            std::vector<Optimizer::WrittenTensor> written;
            for (int step = 0; step < 5; ++step) {
                std::vector<Matrix> grads;
                for (const Matrix& w : weights)
                    grads.push_back(randomTensor(rng, w.rows(), w.cols(), 1.0));
                portable->step(wPortable, grads, 0.01);
                optimized->stepInto(wOptimized, grads, 0.01, out, written, kernels);
                std::swap(wOptimized, out);
                for (std::size_t t = 0; t < weights.size(); ++t) {
                    const QString diff = firstDifference(wPortable[t], wOptimized[t]);
                    QVERIFY2(diff.isEmpty(),
                        qPrintable(QString("%1, step %2, tensor %3: %4")
                                       .arg(kernelSetName(kernels->set))
                                       .arg(step)
                                       .arg(t)
                                       .arg(diff)));
                }
                const auto statePortable = portable->stateTensors();
                const auto stateOptimized = optimized->stateTensors();
                QCOMPARE(statePortable.size(), stateOptimized.size());
                for (std::size_t s = 0; s < statePortable.size(); ++s)
                    QVERIFY2(firstDifference(*statePortable[s].values, *stateOptimized[s].values)
                                 .isEmpty(),
                        statePortable[s].name);
            }
        }
    }

    // relu and the three derivatives: the same bits as the portable expressions
    // (core/model/mlp.cpp), -0, infinities and NaN included.
    void reluAndDerivativesSameBits()
    {
        if (optimizedTables().empty())
            QSKIP("no optimized kernel set on this CPU");
        Rng rng(6, 0);
        Matrix a = randomTensor(rng, 1, 67, 3.0);
        a(0, 10) = kInf;
        a(0, 11) = -kInf;
        a(0, 12) = kNaN;
        a(0, 13) = -0.0;
        Matrix h = randomTensor(rng, 1, 67, 1.0);
        h(0, 20) = 0.0;
        h(0, 21) = -0.0;
        h(0, 22) = kNaN;
        Matrix delta = randomTensor(rng, 1, 67, 1.0);
        delta(0, 30) = kInf;
        delta(0, 31) = -0.0;
        for (const Kernels* kernels : optimizedTables()) {
            Matrix relu = a;
            kernels->activate(KernelActivation::Relu, relu.size(), relu.data());
            QVERIFY2(firstDifference(relu, Matrix(a.cwiseMax(0.0))).isEmpty(), "relu");
            const std::pair<KernelActivation, Matrix> derivatives[] = {
                { KernelActivation::Relu,
                    (delta.array() * (h.array() > 0.0).cast<Scalar>()).matrix() },
                { KernelActivation::Tanh, (delta.array() * (1.0 - h.array().square())).matrix() },
                { KernelActivation::Sigmoid,
                    (delta.array() * (h.array() * (1.0 - h.array()))).matrix() },
            };
            for (const auto& [act, want] : derivatives) {
                Matrix got = delta;
                kernels->multiplyDerivative(act, got.size(), got.data(), h.data());
                const QString diff = firstDifference(got, want);
                QVERIFY2(diff.isEmpty(), qPrintable(diff));
            }
        }
    }

    // tanh within 1 ulp of the long double value (SLEEF's u10 functions: 1.0 ULP) and the
    // sigmoid 1 / (1 + exp(-a)) within 3 (exp's ulp, then two roundings); special values
    // exactly; each element the same bits whatever its position in an array of 0 to 40.
    void tanhAndSigmoid()
    {
        if (optimizedTables().empty())
            QSKIP("no optimized kernel set on this CPU");
        Rng rng(7, 0);
        std::vector<double> xs;
        for (int i = 0; i < 4000; ++i)
            xs.push_back(i < 2000 ? rng.uniform(-1.0, 1.0) : rng.uniform(-40.0, 40.0));
        for (double x : { 1e-300, -1e-300, 4.9e-324, 1e-9, -1e-9, 0.5493, 19.0, -19.0, 710.0,
                 -710.0, 745.5, -745.5 })
            xs.push_back(x);
        for (const Kernels* kernels : optimizedTables()) {
            const char* name = kernelSetName(kernels->set);
            std::vector<double> t = xs, s = xs;
            kernels->activate(KernelActivation::Tanh, static_cast<Index>(t.size()), t.data());
            kernels->activate(KernelActivation::Sigmoid, static_cast<Index>(s.size()), s.data());
            for (std::size_t i = 0; i < xs.size(); ++i) {
                const long double x = xs[i];
                const auto wantT = static_cast<double>(std::tanh(x));
                // The sigmoid of an exactly rounded exp: 0 where exp(-a) overflows, as in
                // the portable code.
                const auto e = static_cast<double>(std::exp(-x));
                const double wantS = 1.0 / (1.0 + e);
                QVERIFY2(std::fabs(t[i] - wantT) <= ulp(wantT),
                    qPrintable(QString("%1 tanh(%2) = %3, want %4")
                                   .arg(name)
                                   .arg(xs[i], 0, 'g', 17)
                                   .arg(t[i], 0, 'g', 17)
                                   .arg(wantT, 0, 'g', 17)));
                QVERIFY2(std::fabs(s[i] - wantS) <= 3 * ulp(wantS) + 1e-320,
                    qPrintable(QString("%1 sigmoid(%2) = %3, want %4")
                                   .arg(name)
                                   .arg(xs[i], 0, 'g', 17)
                                   .arg(s[i], 0, 'g', 17)
                                   .arg(wantS, 0, 'g', 17)));
            }
            // Special values.
            double special[] = { 0.0, -0.0, kInf, -kInf, kNaN };
            kernels->activate(KernelActivation::Tanh, 5, special);
            QVERIFY(sameBits(special[0], 0.0) && sameBits(special[1], -0.0));
            QCOMPARE(special[2], 1.0);
            QCOMPARE(special[3], -1.0);
            QVERIFY(std::isnan(special[4]));
            double sig[] = { 0.0, kInf, -kInf, -800.0, kNaN };
            kernels->activate(KernelActivation::Sigmoid, 5, sig);
            QCOMPARE(sig[0], 0.5);
            QCOMPARE(sig[1], 1.0);
            QVERIFY(sameBits(sig[2], 0.0) && sameBits(sig[3], 0.0));
            QVERIFY(std::isnan(sig[4]));
            // Position: one value alone, and at every place of arrays of 1 to 40.
            for (const KernelActivation act : { KernelActivation::Tanh, KernelActivation::Sigmoid })
                for (std::size_t i = 0; i < 60; ++i) {
                    double alone = xs[i];
                    kernels->activate(act, 1, &alone);
                    for (Index n = 1; n <= 40; n += 3)
                        for (Index at = 0; at < n; ++at) {
                            std::vector<double> row(static_cast<std::size_t>(n), 0.25);
                            row[static_cast<std::size_t>(at)] = xs[i];
                            kernels->activate(act, n, row.data());
                            QVERIFY(sameBits(row[static_cast<std::size_t>(at)], alone));
                        }
                }
        }
    }

    // An activation's fake quantization (activation_bits): the same bits and mask as the
    // portable code, on a strided view, with ties, values beyond the grid, -0, inf and NaN,
    // at 1, 4 and 8 bits.
    void fakeQuantizeActivationsSameBits()
    {
        if (optimizedTables().empty())
            QSKIP("no optimized kernel set on this CPU");
        Rng rng(9, 0);
        Matrix wide(13, 40);
        for (Index i = 0; i < wide.size(); ++i)
            wide.data()[i] = rng.uniform(-3.0, 3.0);
        wide(0, 0) = kNaN;
        wide(1, 1) = kInf;
        wide(2, 2) = -kInf;
        wide(3, 3) = -0.0;
        for (int bits : { 1, 4, 8 }) {
            const ActivationQuantizer::Params p = ActivationQuantizer::paramsFor(-1.5, 2.0, bits);
            for (Index j = 10; j < 20; ++j)
                wide(4, j) = (static_cast<double>(j - 14) + 0.5) * p.scale; // ties
            const ConstMatrixRef a = wide.leftCols(37);
            Matrix outPortable, maskPortable;
            ActivationQuantizer::apply(a, p, outPortable, &maskPortable);
            for (const Kernels* kernels : optimizedTables()) {
                Matrix out, mask, outNoMask;
                ActivationQuantizer::apply(a, p, out, &mask, kernels);
                ActivationQuantizer::apply(a, p, outNoMask, nullptr, kernels);
                const QString where
                    = QString("%1, %2 bits").arg(kernelSetName(kernels->set)).arg(bits);
                QVERIFY2(firstDifference(out, outPortable).isEmpty(),
                    qPrintable(where + ": " + firstDifference(out, outPortable)));
                QVERIFY2(firstDifference(mask, maskPortable).isEmpty(), qPrintable(where));
                QVERIFY2(firstDifference(outNoMask, outPortable).isEmpty(), qPrintable(where));
            }
        }
    }

    void losses_data()
    {
        QTest::addColumn<QString>("loss");
        QTest::addColumn<int>("classes");
        QTest::addColumn<bool>("strided");
        for (const bool strided : { false, true }) {
            const char* how = strided ? ", strided" : "";
            QTest::newRow(qPrintable(QString("mse%1").arg(how))) << "mse" << 3 << strided;
            QTest::newRow(qPrintable(QString("bce%1").arg(how))) << "bce" << 1 << strided;
            QTest::newRow(qPrintable(QString("cross_entropy 3%1").arg(how)))
                << "cross_entropy" << 3 << strided;
            QTest::newRow(qPrintable(QString("cross_entropy 10%1").arg(how)))
                << "cross_entropy" << 10 << strided;
            QTest::newRow(qPrintable(QString("cross_entropy 17%1").arg(how)))
                << "cross_entropy" << 17 << strided;
        }
    }

    // mse, bce and cross_entropy on the kernels against the portable loss, on batches of 1
    // to 70 rows, logits up to +-40: the value within 1e-13 (|v| + 1), each gradient element
    // within 1e-13 (|g| + 1/n), the scale of a term (a logsumexp of 40 is 7e-15 from its
    // neighbours, and a softmax near its target cancels). A strided view (a block of a
    // wider matrix) goes the portable way for mse and through the strides for the others.
    void losses()
    {
        if (optimizedTables().empty())
            QSKIP("no optimized kernel set on this CPU");
        QFETCH(QString, loss);
        QFETCH(int, classes);
        QFETCH(bool, strided);
        Rng rng(8, 0);
        const std::unique_ptr<Loss> portable = createLoss(loss.toStdString());
        const std::unique_ptr<Loss> optimized = createLoss(loss.toStdString());
        for (const Kernels* kernels : optimizedTables()) {
            optimized->setKernels(kernels);
            for (Index n : { 1, 2, 7, 8, 9, 33, 70 }) {
                const Index k = classes;
                const Index pad = strided ? 2 : 0;
                Matrix zWide(n, k + pad), yWide(n, (loss == "mse" ? k : 1) + pad);
                for (Index i = 0; i < zWide.size(); ++i)
                    zWide.data()[i] = rng.uniform(-40.0, 40.0);
                for (Index i = 0; i < n; ++i)
                    for (Index j = 0; j < yWide.cols(); ++j)
                        yWide(i, j) = loss == "mse" ? rng.uniform(-5.0, 5.0)
                            : loss == "bce"         ? (j == 0 ? rng.uniform(0.0, 1.0) : 0.5)
                                                    : double(rng.below(std::uint64_t(k)));
                const ConstMatrixRef z = zWide.leftCols(k);
                const ConstMatrixRef y = yWide.leftCols(yWide.cols() - pad);
                Matrix gPortable, gOptimized;
                const double vPortable = portable->gradient(z, y, gPortable);
                const double vOptimized = optimized->gradient(z, y, gOptimized);
                const double v2 = optimized->value(z, y);
                const double invN = 1.0 / static_cast<double>(n);
                const auto close = [](double a, double b, double scale) {
                    return std::fabs(a - b) <= 1e-13 * (std::fabs(a) + scale);
                };
                const QString where
                    = QString("%1, %2 rows").arg(kernelSetName(kernels->set)).arg(n);
                QVERIFY2(close(vPortable, vOptimized, 1.0),
                    qPrintable(QString("%1: %2 vs %3")
                                   .arg(where)
                                   .arg(vPortable, 0, 'g', 17)
                                   .arg(vOptimized, 0, 'g', 17)));
                QVERIFY2(close(vPortable, v2, 1.0), qPrintable(where));
                QCOMPARE(gOptimized.rows(), gPortable.rows());
                QCOMPARE(gOptimized.cols(), gPortable.cols());
                for (Index i = 0; i < gPortable.size(); ++i)
                    QVERIFY2(close(gPortable.data()[i], gOptimized.data()[i], invN),
                        qPrintable(QString("%1, gradient element %2: %3 vs %4")
                                       .arg(where)
                                       .arg(i)
                                       .arg(gPortable.data()[i], 0, 'g', 17)
                                       .arg(gOptimized.data()[i], 0, 'g', 17)));
            }
        }
    }

    // The kernels' losses check their targets as the portable ones do, before any loop.
    void lossesCheckTargets()
    {
        if (optimizedTables().empty())
            QSKIP("no optimized kernel set on this CPU");
        const Kernels* kernels = optimizedTables().back();
        Matrix z(2, 3);
        z << 1, 2, 3, 4, 5, 6;
        Matrix y(2, 1);
        y << 0, 3; // class 3 of 3 logits
        const std::unique_ptr<Loss> ce = createLoss("cross_entropy");
        ce->setKernels(kernels);
        Matrix g;
        try {
            ce->gradient(z, y, g);
            QFAIL("no error for class 3 of 3");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("row 1"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, ce->value(z, y));
        const std::unique_ptr<Loss> bce = createLoss("bce");
        bce->setKernels(kernels);
        Matrix z1(2, 1), y1(2, 1);
        z1 << 0.5, -0.5;
        y1 << 1, 1.5;
        QVERIFY_THROWS_EXCEPTION(Error, bce->gradient(z1, y1, g));
    }
};

QTEST_GUILESS_MAIN(TestElementwiseKernels)
#include "tst_elementwise_kernels.moc"
