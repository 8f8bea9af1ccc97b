// state_quantizer (DESIGN §6): every optimizer state tensor is stored rounded after each
// update, from the run's own stream. With momentum the second step uses Q(b1) where the
// full-precision twin uses b1 = g0 (checked from the twin's own numbers); Adam's m and v
// are both rounded; stochastic rounding is reproducible across thread counts; an optimizer
// that keeps no state refuses a state quantizer under its key; the default name says it.

#include "common/seed_runs.h"
#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/optim/optimizer.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;
using bitlab::test::fixedGrid;
using bitlab::test::seedSpec;
using bitlab::test::weightsOf;

namespace {

QuantizerSpec floatFormat(const std::string& format)
{
    QuantizerSpec q = findQuantizer("float")->defaults;
    q.format = format;
    return q;
}

RunSpec withState(const std::string& name, const QuantizerSpec& s)
{
    RunSpec r { name, std::nullopt };
    r.stateQuantizer = s;
    return r;
}

} // namespace

class TestStateQuantizer : public QObject {
    Q_OBJECT
private slots:
    // GD with momentum mu, full batch: step 1 seeds b1 = g0 and both runs take the same
    // step; the rounded run then keeps Q(b1). Step 2 computes the same g1 (same weights),
    // so w2_q - w2_fp = -lr * mu * (Q(g0) - g0), with g0 = (w0 - w1) / lr from the twin.
    void momentumBufferStoredRounded()
    {
        ExperimentSpec spec = seedSpec(2, "gd");
        spec.optimizer.momentum = 0.9;
        spec.runs = { RunSpec { "fp64", std::nullopt }, withState("s", fixedGrid(16, 4)) };
        Experiment exp(spec, loadDataset(spec.dataset, ""));
        const auto w0 = weightsOf(exp, 0);
        RecordLog log;
        exp.advance(1, log);
        const auto w1 = weightsOf(exp, 0);
        QCOMPARE(weightsOf(exp, 1), w1); // rounding comes after the update
        exp.advance(1, log);
        const auto fp = weightsOf(exp, 0), q = weightsOf(exp, 1);
        int moved = 0;
        for (std::size_t t = 0; t < w0.size(); ++t)
            for (Index i = 0; i < w0[t].size(); ++i) {
                const double g0 = (w0[t].data()[i] - w1[t].data()[i]) / 0.1;
                const double qb = std::nearbyint(g0 * 16) / 16;
                const double expected = fp[t].data()[i] - 0.1 * 0.9 * (qb - g0);
                QVERIFY2(std::abs(q[t].data()[i] - expected) <= 1e-12 * (1 + std::abs(expected)),
                    qPrintable(QString("tensor %1 element %2: %3, expected %4")
                                   .arg(t)
                                   .arg(i)
                                   .arg(q[t].data()[i], 0, 'g', 17)
                                   .arg(expected, 0, 'g', 17)));
                moved += q[t].data()[i] != fp[t].data()[i];
            }
        QVERIFY(moved > 0);
    }

    // Every state tensor the rule reads, in torch.optim's names.
    void stateTensorsNamed_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("momentum");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("sgd") << "sgd" << 0.0 << QStringList {};
        QTest::newRow("sgd momentum") << "sgd" << 0.9 << QStringList { "momentum_buffer" };
        QTest::newRow("adam") << "adam" << 0.0 << QStringList { "exp_avg", "exp_avg_sq" };
        QTest::newRow("adamw") << "adamw" << 0.0 << QStringList { "exp_avg", "exp_avg_sq" };
        QTest::newRow("rmsprop") << "rmsprop" << 0.0 << QStringList { "square_avg" };
        QTest::newRow("rmsprop momentum")
            << "rmsprop" << 0.5 << QStringList { "square_avg", "momentum_buffer" };
        QTest::newRow("adagrad") << "adagrad" << 0.0 << QStringList { "sum" };
    }
    void stateTensorsNamed()
    {
        QFETCH(QString, kind);
        QFETCH(double, momentum);
        QFETCH(QStringList, names);
        OptimizerSpec spec = findOptimizer(kind.toStdString())->defaults;
        spec.momentum = momentum;
        auto opt = createOptimizer(spec);
        const std::vector<Matrix> values { Matrix::Zero(2, 3), Matrix::Zero(1, 3) };
        opt->reset(values);
        const auto state = opt->stateTensors();
        QCOMPARE(state.size(), names.size() * values.size());
        for (std::size_t i = 0; i < state.size(); ++i) {
            QCOMPARE(QString(state[i].name), names[qsizetype(i % std::size_t(names.size()))]);
            QCOMPARE(state[i].tensor, i / std::size_t(names.size()));
            QCOMPARE(state[i].values->rows(), values[state[i].tensor].rows());
        }
        QCOMPARE(optimizerKeepsState(spec), !names.isEmpty());
    }

    // Adam with both moments in bf16: the run leaves the float64 twin but trains as well.
    void adamMomentsRounded()
    {
        ExperimentSpec spec = seedSpec(50, "adam");
        spec.runs = { RunSpec { "fp64", std::nullopt }, withState("bf16", floatFormat("bf16")) };
        Experiment exp(spec, loadDataset(spec.dataset, ""));
        RecordLog log;
        exp.run(log, {}, 1);
        QVERIFY(weightsOf(exp, 0) != weightsOf(exp, 1));
        const double fp = exp.summary(0).last.trainLoss, q = exp.summary(1).last.trainLoss;
        QVERIFY2(std::abs(q - fp) < 0.05 * fp, qPrintable(QString("%1 vs %2").arg(q).arg(fp)));
    }

    void stochasticIsReproducible()
    {
        ExperimentSpec spec = seedSpec(30, "sgd");
        spec.optimizer.momentum = 0.9;
        spec.optimizer.batchSize = 10;
        QuantizerSpec s = floatFormat("e2m1");
        s.rounding = Rounding::Stochastic;
        spec.runs = { withState("a", s), withState("b", s) };
        Experiment one(spec, loadDataset(spec.dataset, ""));
        Experiment two(spec, loadDataset(spec.dataset, ""));
        RecordLog l1, l2;
        one.run(l1, {}, 1);
        two.run(l2, {}, 2);
        QCOMPARE(weightsOf(one, 0), weightsOf(two, 0));
        QCOMPARE(weightsOf(one, 1), weightsOf(two, 1));
        QVERIFY(weightsOf(one, 0) != weightsOf(one, 1)); // each run rounds from its own stream
    }

    void validatedAndNamed()
    {
        RunSpec r = withState("", floatFormat("bf16"));
        QCOMPARE(defaultRunName(r), std::string("fp64-sbf16"));
        r.gradientQuantizer = fixedGrid(8, 0);
        QCOMPARE(defaultRunName(r), std::string("fp64-gfixed8.0-sbf16"));

        ExperimentSpec spec = seedSpec(1, "gd"); // momentum 0: no state
        spec.runs = { withState("s", fixedGrid(8, 4)) };
        const auto refused = [&](const char* key) {
            try {
                Experiment exp(spec, loadDataset(spec.dataset, ""));
            } catch (const Error& e) {
                return QString(e.what()).contains(key);
            }
            return false;
        };
        QVERIFY(refused("runs.0.state_quantizer: optimizer gd with momentum 0 keeps no state"));
        spec.optimizer.momentum = 0.5;
        QVERIFY(!refused("runs.0.state_quantizer"));
        spec.runs[0].stateQuantizer->bits = 40;
        QVERIFY(refused("runs.0.state_quantizer.bits"));
    }
};

QTEST_APPLESS_MAIN(TestStateQuantizer)
#include "tst_state_quantizer.moc"
