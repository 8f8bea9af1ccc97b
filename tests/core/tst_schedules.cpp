// Learning-rate schedules: values at chosen epochs, worked out by hand, and validation.

#include "core/common/error.h"
#include "core/optim/optimizer.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;

Q_DECLARE_METATYPE(bitlab::OptimizerSpec)

namespace {

OptimizerSpec withSchedule(const std::string& kind, double lr)
{
    OptimizerSpec spec;
    spec.lr = lr;
    spec.schedule.kind = kind;
    return spec;
}

} // namespace

class TestSchedules : public QObject {
    Q_OBJECT

private slots:
    void learningRate_data();
    void learningRate();
    void names();
    void unknownKindThrows();
    void problemsNameTheKey_data();
    void problemsNameTheKey();
};

void TestSchedules::learningRate_data()
{
    QTest::addColumn<OptimizerSpec>("spec");
    QTest::addColumn<qint64>("epoch");
    QTest::addColumn<qint64>("epochs");
    QTest::addColumn<double>("expected");

    // constant: lr at every epoch.
    OptimizerSpec s = withSchedule("constant", 0.1);
    QTest::newRow("constant epoch 0") << s << qint64(0) << qint64(100) << 0.1;
    QTest::newRow("constant epoch 99") << s << qint64(99) << qint64(100) << 0.1;

    // step (StepLR), lr 0.1, step_size 30, gamma 0.1: lr * 0.1^floor(epoch / 30)
    s = withSchedule("step", 0.1);
    s.schedule.stepSize = 30;
    s.schedule.gamma = 0.1;
    QTest::newRow("step epoch 0") << s << qint64(0) << qint64(100) << 0.1;
    QTest::newRow("step epoch 29") << s << qint64(29) << qint64(100) << 0.1; // floor(29/30) = 0
    QTest::newRow("step epoch 30") << s << qint64(30) << qint64(100) << 0.01; // 0.1 * 0.1
    QTest::newRow("step epoch 59") << s << qint64(59) << qint64(100) << 0.01;
    QTest::newRow("step epoch 60") << s << qint64(60) << qint64(100) << 0.001; // 0.1 * 0.1^2
    QTest::newRow("step epoch 95") << s << qint64(95) << qint64(100) << 1e-4; // 0.1 * 0.1^3
    // step_size 2, gamma 0.5, lr 0.8: epoch 5 -> 0.8 * 0.5^2 = 0.2; epoch 6 -> 0.8 * 0.5^3 = 0.1
    s = withSchedule("step", 0.8);
    s.schedule.stepSize = 2;
    s.schedule.gamma = 0.5;
    QTest::newRow("step halving epoch 5") << s << qint64(5) << qint64(10) << 0.2;
    QTest::newRow("step halving epoch 6") << s << qint64(6) << qint64(10) << 0.1;

    // cosine (CosineAnnealingLR), lr 0.1, eta_min 0, T_max 10: 0.05 * (1 + cos(pi * e / 10))
    s = withSchedule("cosine", 0.1);
    s.schedule.tMax = 10;
    QTest::newRow("cosine epoch 0") << s << qint64(0) << qint64(100) << 0.1; // cos 0 = 1
    // cos(pi/5) = (1 + sqrt 5)/4 = 0.809016994374947424 -> 0.05 * 1.809016994374947424
    QTest::newRow("cosine epoch 2") << s << qint64(2) << qint64(100) << 0.0904508497187473712;
    QTest::newRow("cosine epoch 5") << s << qint64(5) << qint64(100) << 0.05; // cos(pi/2) = 0
    // cos(4 pi/5) = -0.809016994374947424 -> 0.05 * 0.190983005625052576
    QTest::newRow("cosine epoch 8") << s << qint64(8) << qint64(100) << 0.0095491502812526288;
    QTest::newRow("cosine epoch 10") << s << qint64(10) << qint64(100) << 0.0; // cos(pi) = -1
    // Past T_max PyTorch's closed form climbs back along the cosine: cos(3 pi/2) = 0.
    QTest::newRow("cosine epoch 15") << s << qint64(15) << qint64(100) << 0.05;
    QTest::newRow("cosine epoch 20") << s << qint64(20) << qint64(100) << 0.1;
    // eta_min 0.01: 0.01 + 0.09 * (1 + cos(pi/2)) / 2 = 0.01 + 0.045 = 0.055
    s.schedule.etaMin = 0.01;
    QTest::newRow("cosine eta_min epoch 5") << s << qint64(5) << qint64(100) << 0.055;
    QTest::newRow("cosine eta_min epoch 10") << s << qint64(10) << qint64(100) << 0.01;
    // T_max 0 means the run's epochs (here 4): epoch 1 -> 0.05 * (1 + cos(pi/4))
    //   = 0.05 * 1.70710678118654752 = 0.085355339059327376
    s = withSchedule("cosine", 0.1);
    s.schedule.tMax = 0;
    QTest::newRow("cosine t_max 0 epoch 1") << s << qint64(1) << qint64(4) << 0.085355339059327376;
    QTest::newRow("cosine t_max 0 epoch 2") << s << qint64(2) << qint64(4) << 0.05;
}

void TestSchedules::learningRate()
{
    QFETCH(OptimizerSpec, spec);
    QFETCH(qint64, epoch);
    QFETCH(qint64, epochs);
    QFETCH(double, expected);
    const double got = scheduledLearningRate(spec, epoch, epochs);
    QVERIFY2(std::abs(got - expected) <= 1e-15 * std::max(1.0, std::abs(expected)) + 1e-18,
        qPrintable(
            QStringLiteral("got %1, expected %2").arg(got, 0, 'g', 17).arg(expected, 0, 'g', 17)));
}

void TestSchedules::names()
{
    QCOMPARE(scheduleNames(), (std::vector<std::string> { "constant", "step", "cosine" }));
}

void TestSchedules::unknownKindThrows()
{
    const OptimizerSpec s = withSchedule("exponential", 0.1);
    QVERIFY_THROWS_EXCEPTION(Error, scheduledLearningRate(s, 0, 10));
    QCOMPARE(optimizerProblems(s),
        std::vector<std::string> {
            "optimizer.schedule.kind must be one of constant, step, cosine, got \"exponential\"" });
}

void TestSchedules::problemsNameTheKey_data()
{
    QTest::addColumn<OptimizerSpec>("spec");
    QTest::addColumn<QString>("problem");
    OptimizerSpec s = withSchedule("step", 0.1);
    s.schedule.stepSize = 0;
    QTest::newRow("step_size 0")
        << s << "optimizer.schedule.step_size must be in [1, 2147483647], got 0";
    s = withSchedule("step", 0.1);
    s.schedule.gamma = 0;
    QTest::newRow("gamma 0") << s << "optimizer.schedule.gamma must be > 0, got 0";
    s = withSchedule("cosine", 0.1);
    s.schedule.tMax = -3;
    QTest::newRow("t_max negative")
        << s << "optimizer.schedule.t_max must be in [0, 2147483647], got -3";
    s = withSchedule("cosine", 0.1);
    s.schedule.etaMin = -0.5;
    QTest::newRow("eta_min negative") << s << "optimizer.schedule.eta_min must be >= 0, got -0.5";
}

void TestSchedules::problemsNameTheKey()
{
    QFETCH(OptimizerSpec, spec);
    QFETCH(QString, problem);
    QCOMPARE(optimizerProblems(spec), std::vector<std::string> { problem.toStdString() });
    // Fields of other schedules are not read, so not checked.
    OptimizerSpec constant = spec;
    constant.schedule.kind = "constant";
    QVERIFY(optimizerProblems(constant).empty());
}

QTEST_APPLESS_MAIN(TestSchedules)
#include "tst_schedules.moc"
