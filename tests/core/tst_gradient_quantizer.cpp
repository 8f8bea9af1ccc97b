// gradient_quantizer (DESIGN §6): every gradient tensor is rounded before the optimizer sees
// it, from the run's own stream. The first GD step uses Q(g) exactly; gradients that round
// to zero stop training (the low-precision gradient stall); stochastic rounding is
// reproducible; the spec is validated under its key; the default name says it.

#include "common/seed_runs.h"
#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;
using bitlab::test::fixedGrid;
using bitlab::test::seedSpec;
using bitlab::test::weightsOf;

namespace {

RunSpec withGradients(const std::string& name, const QuantizerSpec& g)
{
    RunSpec r { name, std::nullopt };
    r.gradientQuantizer = g;
    return r;
}

} // namespace

class TestGradientQuantizer : public QObject {
    Q_OBJECT
private slots:
    // w1 = w0 - lr * Q(g0), with g0 from the full-precision twin's first step.
    void firstStepUsesQuantizedGradient()
    {
        ExperimentSpec spec = seedSpec(1);
        spec.runs = { RunSpec { "fp64", std::nullopt }, withGradients("g", fixedGrid(16, 4)) };
        Experiment exp(spec, loadDataset(spec.dataset, ""));
        const auto w0 = weightsOf(exp, 0);
        QCOMPARE(weightsOf(exp, 1), w0);
        RecordLog log;
        exp.advance(1, log);
        const auto fp = weightsOf(exp, 0), q = weightsOf(exp, 1);
        for (std::size_t t = 0; t < w0.size(); ++t)
            for (Index i = 0; i < w0[t].size(); ++i) {
                const double g = (w0[t].data()[i] - fp[t].data()[i]) / 0.1;
                const double qg = std::nearbyint(g * 16) / 16; // on the 1/16 grid
                QVERIFY(std::abs(std::abs(g * 16 - std::floor(g * 16)) - 0.5) > 1e-6); // no tie
                QCOMPARE(q[t].data()[i], w0[t].data()[i] - 0.1 * qg);
                QVERIFY(q[t].data()[i] != fp[t].data()[i]);
            }
    }

    // Integer gradients (8-bit fixed point, no fraction): once every |g| < 0.5 the update
    // is 0 and the run stops moving, while the full-precision twin keeps learning.
    void smallGradientsStall()
    {
        ExperimentSpec spec = seedSpec(400);
        spec.runs = { RunSpec { "fp64", std::nullopt }, withGradients("g", fixedGrid(8, 0)) };
        Experiment exp(spec, loadDataset(spec.dataset, ""));
        RecordLog log;
        exp.advance(200, log);
        const auto fp200 = weightsOf(exp, 0), q200 = weightsOf(exp, 1);
        exp.advance(200, log);
        QCOMPARE(weightsOf(exp, 1), q200);
        QVERIFY(weightsOf(exp, 0) != fp200);
        QVERIFY(exp.summary(1).last.trainLoss > exp.summary(0).last.trainLoss);
    }

    void stochasticIsReproducible()
    {
        ExperimentSpec spec = seedSpec(30);
        QuantizerSpec g = findQuantizer("float")->defaults;
        g.format = "e2m1";
        g.rounding = Rounding::Stochastic; // no scaling: |g| of a few units falls between values
        spec.runs = { withGradients("a", g), withGradients("b", g) };
        Experiment one(spec, loadDataset(spec.dataset, ""));
        Experiment two(spec, loadDataset(spec.dataset, ""));
        RecordLog l1, l2;
        one.run(l1, {}, 1);
        two.run(l2, {}, 2);
        QCOMPARE(weightsOf(one, 0), weightsOf(two, 0));
        // Each run rounds from its own stream: a and b differ.
        QVERIFY(weightsOf(one, 0) != weightsOf(one, 1));
    }

    void validatedAndNamed()
    {
        ExperimentSpec spec = seedSpec(1);
        RunSpec r { "", std::nullopt };
        r.gradientQuantizer = fixedGrid(8, 0);
        QCOMPARE(defaultRunName(r), std::string("fp64-gfixed8.0"));
        r.gradientQuantizer->bits = 40;
        spec.runs = { r };
        try {
            Experiment exp(spec, loadDataset(spec.dataset, ""));
            QFAIL("bits 40 accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("runs.0.gradient_quantizer.bits"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestGradientQuantizer)
#include "tst_gradient_quantizer.moc"
