// Footprint: the parameter count from layer sizes equals the built model's, for every
// model kind; the memory estimate grows with the model and the runs, and the seed
// example with hidden layers 4096,4096,4096 is past the GUI's budget while the seed is not.

#include "core/engine/footprint.h"
#include "core/engine/presets.h"
#include "core/model/model_registry.h"

#include <QtTest>

using namespace bitlab;

class TestFootprint : public QObject {
    Q_OBJECT
private slots:
    void countMatchesTheBuiltModel_data();
    void countMatchesTheBuiltModel();
    void estimateGrowsWithModelAndRuns();
    void budgetRefusesTheHugeMlp();
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

QTEST_MAIN(TestFootprint)
#include "tst_footprint.moc"
