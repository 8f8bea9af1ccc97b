// Footprint: the parameter count from layer sizes equals the built model's, for every
// model kind; the memory estimate grows with the model and the runs, and the seed
// example with hidden layers 4096,4096,4096 is past the GUI's budget while the seed is not.

#include "core/engine/footprint.h"
#include "core/engine/presets.h"
#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"

#include <QtTest>

using namespace bitlab;

class TestFootprint : public QObject {
    Q_OBJECT
private slots:
    void countMatchesTheBuiltModel_data();
    void countMatchesTheBuiltModel();
    void estimateGrowsWithModelAndRuns();
    void budgetRefusesTheHugeMlp();
    void stateCopiesPerOptimizer_data();
    void stateCopiesPerOptimizer();
};

void TestFootprint::countMatchesTheBuiltModel_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QVector<int>>("hidden");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<int>("outputs");
    QTest::newRow("linear 1->1") << "linear" << QVector<int> {} << true << 1 << 1;
    QTest::newRow("linear no bias") << "linear" << QVector<int> {} << false << 5 << 1;
    QTest::newRow("logistic") << "logistic" << QVector<int> {} << true << 2 << 1;
    QTest::newRow("softmax") << "softmax" << QVector<int> {} << true << 4 << 3;
    QTest::newRow("svm multiclass") << "svm" << QVector<int> {} << true << 2 << 3;
    QTest::newRow("mlp 16,16") << "mlp" << QVector<int> { 16, 16 } << true << 2 << 1;
    QTest::newRow("mlp 7 no bias") << "mlp" << QVector<int> { 7 } << false << 3 << 4;
    QTest::newRow("mlp 64,32,8") << "mlp" << QVector<int> { 64, 32, 8 } << true << 10 << 5;
}

void TestFootprint::countMatchesTheBuiltModel()
{
    QFETCH(QString, kind);
    QFETCH(QVector<int>, hidden);
    QFETCH(bool, bias);
    QFETCH(int, inputs);
    QFETCH(int, outputs);
    ModelSpec m;
    m.kind = kind.toStdString();
    m.hidden.assign(hidden.begin(), hidden.end());
    m.bias = bias;
    const auto built = createModel(m, inputs, outputs);
    QCOMPARE(
        parameterCount(m, inputs, outputs), static_cast<std::int64_t>(built->parameterCount()));
}

void TestFootprint::estimateGrowsWithModelAndRuns()
{
    const Preset* seed = findPreset("seed");
    QVERIFY(seed);
    ExperimentSpec spec = seed->spec;
    spec.model.kind = "mlp";
    spec.model.hidden = { 100 };
    const Footprint small = estimateFootprint(spec, 100, 1, 1);
    spec.model.hidden = { 1000, 1000 };
    const Footprint big = estimateFootprint(spec, 100, 1, 1);
    QCOMPARE(big.parameters, std::int64_t { 1000 + 1000 + 1000 * 1000 + 1000 + 1000 + 1 });
    QVERIFY(big.bytes > 50 * small.bytes);
    // Of the order measured for bitlab-cli (536 MB with its exports; the header).
    QVERIFY2(big.bytes > 250e6 && big.bytes < 600e6, qPrintable(QString::number(big.bytes)));
    ExperimentSpec oneRun = spec;
    oneRun.runs.resize(1);
    QVERIFY(estimateFootprint(oneRun, 100, 1, 1).bytes < big.bytes / 2);
}

void TestFootprint::budgetRefusesTheHugeMlp()
{
    const Preset* seed = findPreset("seed");
    QVERIFY(seed);
    ExperimentSpec spec = seed->spec;
    QVERIFY(estimateFootprint(spec, 100, 1, 1).bytes < 1e6);
    spec.model.kind = "mlp";
    spec.model.hidden = { 4096, 4096, 4096 };
    const Footprint huge = estimateFootprint(spec, 100, 1, 1);
    QCOMPARE(huge.parameters, std::int64_t { 4096 + 4096 + 2 * (4096 * 4096 + 4096) + 4096 + 1 });
    QVERIFY(huge.bytes > kMemoryBudgetBytes);
}

void TestFootprint::stateCopiesPerOptimizer_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("momentum");
    QTest::addColumn<int>("copies");
    QTest::newRow("gd") << "gd" << 0.0 << 1; // the momentum buffer, allocated at momentum 0
    QTest::newRow("sgd momentum") << "sgd" << 0.9 << 1;
    QTest::newRow("adam") << "adam" << 0.0 << 2; // m and v
    QTest::newRow("adamw") << "adamw" << 0.0 << 2;
    QTest::newRow("rmsprop") << "rmsprop" << 0.0 << 1; // square_avg
    QTest::newRow("rmsprop momentum") << "rmsprop" << 0.9 << 2; // and momentum_buffer
    QTest::newRow("adagrad") << "adagrad" << 0.0 << 1; // sum
    QTest::newRow("unknown kind") << "nadam" << 0.0 << 1;
}

// The optimizer's state is `copies` copies of the parameters per run: the estimate differs
// from the same experiment with no optimizer state by exactly that much.
void TestFootprint::stateCopiesPerOptimizer()
{
    QFETCH(QString, kind);
    QFETCH(double, momentum);
    QFETCH(int, copies);
    const Preset* seed = findPreset("seed");
    QVERIFY(seed);
    ExperimentSpec spec = seed->spec;
    spec.model.kind = "mlp";
    spec.model.hidden = { 10 };
    spec.optimizer.kind = kind.toStdString();
    spec.optimizer.momentum = momentum;
    QCOMPARE(optimizerStateCopies(spec.optimizer), copies);
    const Footprint f = estimateFootprint(spec, 100, 1, 1);
    spec.optimizer.kind = "gd"; // one copy
    spec.optimizer.momentum = 0.0;
    const Footprint gd = estimateFootprint(spec, 100, 1, 1);
    const double runs = static_cast<double>(spec.runs.size());
    QCOMPARE(f.bytes - gd.bytes,
        (copies - 1) * runs * static_cast<double>(f.parameters) * sizeof(Scalar));
}

QTEST_MAIN(TestFootprint)
#include "tst_footprint.moc"
