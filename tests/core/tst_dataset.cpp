// Dataset::prepare (core/data/dataset.h): the seeded train/test split, standardization with
// the training rows' statistics, and its errors and warnings; toModelSpace.

#include "common/test_support.h"
#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/generators.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <limits>

using namespace bitlab;

namespace {

Dataset makeData(Index n, Index d, Task task = Task::Regression)
{
    Dataset ds;
    ds.name = "test";
    ds.task = task;
    ds.x.resize(n, d);
    ds.y.resize(n, 1);
    for (Index j = 0; j < d; ++j)
        ds.featureNames.push_back(std::string(1, 'f').append(std::to_string(j)));
    ds.targetName = std::string(1, 't');
    for (Index i = 0; i < n; ++i) {
        for (Index j = 0; j < d; ++j)
            ds.x(i, j) = double(i * (j + 1)) + 0.25 * double(j);
        ds.y(i, 0) = task == Task::Regression ? double(i) : double(i % 2);
    }
    if (task != Task::Regression)
        ds.classLabels = { "a", "b" };
    return ds;
}

bool hasWarning(const Dataset& ds, const QString& fragment)
{
    for (const auto& w : ds.warnings)
        if (QString::fromStdString(w).contains(fragment))
            return true;
    return false;
}

} // namespace

class TestDataset : public QObject {
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void splitDeterminism();
    void standardize();
    void standardizeTestUsesTrainingStatistics();
    void constantColumn();
    void errors_data();
    void errors();
    void warnings_data();
    void warnings();
    void prepareTwice();
    void toModelSpace_data();
    void toModelSpace();
    void suggestedImageShape_data();
    void suggestedImageShape();
    void imageShape_data();
    void imageShape();
    void imageCsv();
};

void TestDataset::split_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("testRows");
    QTest::newRow("no test") << 10 << 0.0 << 0;
    QTest::newRow("20% of 100") << 100 << 0.2 << 20;
    QTest::newRow("round half away: 0.25 of 10") << 10 << 0.25 << 3;
    QTest::newRow("round down: 0.24 of 10") << 10 << 0.24 << 2;
    QTest::newRow("tiny fraction rounds to 0") << 10 << 0.01 << 0;
    QTest::newRow("nearly all") << 10 << 0.9 << 9;
}

void TestDataset::split()
{
    QFETCH(int, n);
    QFETCH(double, fraction);
    QFETCH(int, testRows);
    Dataset ds = makeData(n, 2);
    ds.prepare(fraction, false, 42);
    QCOMPARE(int(ds.testRows.size()), testRows);
    QCOMPARE(int(ds.trainRows.size()), n - testRows);
    QCOMPARE(ds.xTest.rows(), Index(testRows));
    QCOMPARE(ds.xTrain.rows(), Index(n - testRows));
    QVERIFY(std::is_sorted(ds.trainRows.begin(), ds.trainRows.end()));
    QVERIFY(std::is_sorted(ds.testRows.begin(), ds.testRows.end()));
    std::vector<Index> all(ds.trainRows);
    all.insert(all.end(), ds.testRows.begin(), ds.testRows.end());
    std::sort(all.begin(), all.end());
    for (int i = 0; i < n; ++i)
        QCOMPARE(all[std::size_t(i)], Index(i)); // a partition of the rows
    for (std::size_t i = 0; i < ds.trainRows.size(); ++i) {
        QVERIFY(ds.xTrain.row(Index(i)) == ds.x.row(ds.trainRows[i]));
        QCOMPARE(ds.yTrain(Index(i), 0), ds.y(ds.trainRows[i], 0));
    }
    for (std::size_t i = 0; i < ds.testRows.size(); ++i)
        QVERIFY(ds.xTest.row(Index(i)) == ds.x.row(ds.testRows[i]));
    QCOMPARE(ds.featureMean.size(), Index(0));
}

void TestDataset::splitDeterminism()
{
    Dataset a = makeData(100, 2), b = makeData(100, 2), c = makeData(100, 2);
    a.prepare(0.3, false, 7);
    b.prepare(0.3, false, 7);
    c.prepare(0.3, false, 8);
    QCOMPARE(a.testRows, b.testRows);
    QVERIFY(a.testRows != c.testRows);
    // The test rows are the first round(f*n) of Rng(seed, 2)'s permutation.
    Rng rng(7, 2);
    const auto perm = rng.permutation(100);
    std::vector<Index> expected(perm.begin(), perm.begin() + 30);
    std::sort(expected.begin(), expected.end());
    QCOMPARE(a.testRows, expected);
    // Not simply the last rows.
    QVERIFY(a.testRows.front() < 70);
}

void TestDataset::standardize()
{
    Dataset ds;
    ds.name = "s";
    ds.featureNames = { "a", "b" };
    ds.x.resize(4, 2);
    ds.x << 1, 10, 2, 20, 3, 30, 4, 60;
    ds.y = Matrix::Zero(4, 1);
    ds.prepare(0.0, true, 1);
    // Population std: a has mean 2.5 and std sqrt(1.25).
    QCOMPARE(ds.featureMean(0), 2.5);
    QCOMPARE(ds.featureMean(1), 30.0);
    QVERIFY(std::abs(ds.featureStd(0) - std::sqrt(1.25)) < 1e-15);
    QVERIFY(std::abs(ds.featureStd(1) - std::sqrt(350.0)) < 1e-12);
    QVERIFY(std::abs(ds.xTrain(0, 0) - (1 - 2.5) / std::sqrt(1.25)) < 1e-15);
    for (Index j = 0; j < 2; ++j) {
        QVERIFY(std::abs(ds.xTrain.col(j).mean()) < 1e-15);
        QVERIFY(std::abs(ds.xTrain.col(j).array().square().mean() - 1.0) < 1e-14);
    }
    QVERIFY(ds.warnings.empty());
    QCOMPARE(ds.x(0, 0), 1.0); // the raw data stays
}

void TestDataset::standardizeTestUsesTrainingStatistics()
{
    Dataset ds = makeData(50, 3);
    ds.prepare(0.2, true, 3);
    RowVector mean = RowVector::Zero(3);
    for (Index r : ds.trainRows)
        mean += ds.x.row(r);
    mean /= double(ds.trainRows.size());
    QVERIFY((mean - ds.featureMean).cwiseAbs().maxCoeff() < 1e-12);
    for (std::size_t i = 0; i < ds.testRows.size(); ++i)
        for (Index j = 0; j < 3; ++j) {
            const double expected = (ds.x(ds.testRows[i], j) - mean(j)) / ds.featureStd(j);
            QVERIFY(std::abs(ds.xTest(Index(i), j) - expected) < 1e-12);
        }
    // Test rows are not used: their mean is generally not 0.
    QVERIFY(std::abs(ds.xTest.col(0).mean()) > 1e-6);
}

void TestDataset::constantColumn()
{
    Dataset ds = makeData(5, 2);
    ds.featureNames = { "slope", "bias" };
    ds.x.col(1).setConstant(7.0);
    ds.prepare(0.0, true, 0);
    QCOMPARE(ds.featureStd(1), 1.0);
    QVERIFY(ds.xTrain.col(1).isZero()); // centred, not scaled
    QVERIFY(hasWarning(ds, "'bias' is constant"));
    QVERIFY(!hasWarning(ds, "'slope'"));
    // Without standardization a constant column is fine.
    Dataset plain = makeData(5, 2);
    plain.x.col(1).setConstant(7.0);
    plain.prepare(0.0, false, 0);
    QVERIFY(plain.warnings.empty());
}

void TestDataset::errors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("empty") << "empty"
                           << "has no rows";
    QTest::newRow("no training rows") << "allTest"
                                      << "leaves no training rows";
    QTest::newRow("fraction 1") << "fractionOne"
                                << "test_fraction must be in [0, 1)";
    QTest::newRow("negative fraction") << "negative"
                                       << "test_fraction must be in [0, 1)";
    QTest::newRow("nan feature") << "nanX"
                                 << "row 3, column 'f1'";
    QTest::newRow("inf target") << "infY"
                                << "row 2, target 't'";
}

void TestDataset::errors()
{
    QFETCH(QString, kind);
    QFETCH(QString, fragment);
    Dataset ds = makeData(kind == "allTest" ? 2 : 5, 2);
    double fraction = 0.2;
    if (kind == "empty")
        ds = makeData(0, 2);
    if (kind == "allTest")
        fraction = 0.75; // round(1.5) = 2 of 2 rows
    if (kind == "fractionOne")
        fraction = 1.0;
    if (kind == "negative")
        fraction = -0.1;
    if (kind == "nanX")
        ds.x(2, 1) = std::numeric_limits<double>::quiet_NaN();
    if (kind == "infY")
        ds.y(1, 0) = std::numeric_limits<double>::infinity();
    try {
        ds.prepare(fraction, true, 1);
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
}

void TestDataset::warnings_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("d");
    QTest::addColumn<bool>("classification");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("one row") << 1 << 1 << false << 0.0 << "only one training row";
    QTest::newRow("more features than rows")
        << 3 << 5 << false << 0.0 << "5 features but only 3 training rows";
    QTest::newRow("single class") << 1 << 1 << true << 0.0 << "every training row has class 'a'";
    QTest::newRow("single class after split") << 3 << 1 << true << 0.34 << "has class";
    QTest::newRow("healthy") << 20 << 2 << true << 0.2 << "";
}

void TestDataset::warnings()
{
    QFETCH(int, n);
    QFETCH(int, d);
    QFETCH(bool, classification);
    QFETCH(double, fraction);
    QFETCH(QString, fragment);
    Dataset ds = makeData(n, d, classification ? Task::Binary : Task::Regression);
    if (QByteArray(QTest::currentDataTag()) == "single class after split") {
        ds.y << 0, 0, 1; // which rows are held out depends on the seed; search one
        for (std::uint64_t seed = 0; seed < 50; ++seed) {
            ds.prepare(fraction, false, seed);
            if (ds.testRows == std::vector<Index> { 2 })
                break;
        }
        QCOMPARE(ds.testRows, std::vector<Index> { 2 });
    } else {
        ds.prepare(fraction, false, 1);
    }
    if (fragment.isEmpty())
        QVERIFY(ds.warnings.empty());
    else
        QVERIFY2(hasWarning(ds, fragment), ds.warnings.empty() ? "none" : ds.warnings[0].c_str());
}

void TestDataset::prepareTwice()
{
    Dataset ds = makeData(3, 5);
    ds.warnings.push_back("from the loader");
    ds.prepare(0.0, false, 1);
    ds.prepare(0.0, false, 1);
    QCOMPARE(ds.warnings.size(), std::size_t { 2 }); // loader's + one underdetermined warning
    QCOMPARE(ds.warnings[0], std::string("from the loader"));
    ds.prepare(0.0, true, 1);
    QCOMPARE(ds.featureStd.size(), Index(5));
    ds.prepare(0.0, false, 1);
    QCOMPARE(ds.featureStd.size(), Index(0));
}

void TestDataset::toModelSpace_data()
{
    QTest::addColumn<bool>("standardize");
    QTest::addColumn<double>("huge"); // one column of values near this magnitude, or 0
    QTest::newRow("raw") << false << 0.0;
    QTest::newRow("standardized") << true << 0.0;
    // Sums that overflow: the column is standardized after dividing by its largest magnitude.
    QTest::newRow("standardized, a column near 1e300") << true << 1e300;
}

void TestDataset::toModelSpace()
{
    QFETCH(bool, standardize);
    QFETCH(double, huge);
    Dataset ds = makeData(400, 3);
    if (huge != 0)
        for (Index i = 0; i < ds.rows(); ++i)
            ds.x(i, 1) = huge * (1.0 + 0.001 * double(i % 17));
    ds.prepare(0.25, standardize, 5);
    if (huge != 0)
        QCOMPARE(ds.featureRescale(1), ds.x.col(1).maxCoeff());
    // The raw rows map onto exactly the numbers the model trains and is tested on.
    const Matrix all = ds.toModelSpace(ds.x);
    QVERIFY(all.allFinite());
    for (std::size_t i = 0; i < ds.trainRows.size(); ++i)
        QVERIFY(all.row(ds.trainRows[i]) == ds.xTrain.row(Index(i)));
    for (std::size_t i = 0; i < ds.testRows.size(); ++i)
        QVERIFY(all.row(ds.testRows[i]) == ds.xTest.row(Index(i)));
    if (!standardize)
        QVERIFY(all == ds.x);
    QVERIFY(test::errorOf([&] {
        ds.toModelSpace(Matrix::Zero(1, 2));
    }).contains("2 feature columns given; the dataset has 3"));
}

void TestDataset::suggestedImageShape_data()
{
    QTest::addColumn<int>("features");
    QTest::addColumn<int>("side");
    QTest::newRow("MNIST 784") << 784 << 28;
    QTest::newRow("digits 64") << 64 << 8;
    QTest::newRow("32 x 32") << 1024 << 32;
    QTest::newRow("785: not a square") << 785 << 0;
    QTest::newRow("783: not a square") << 783 << 0;
    QTest::newRow("iris 4: too small") << 4 << 0;
    QTest::newRow("49: side below 8") << 49 << 0;
    QTest::newRow("4096^2") << 4096 * 4096 << 4096;
}

void TestDataset::suggestedImageShape()
{
    QFETCH(int, features);
    QFETCH(int, side);
    const ImageShape s = bitlab::suggestedImageShape(features);
    QCOMPARE(s.rows, side);
    QCOMPARE(s.cols, side);
    QCOMPARE(s.empty(), side == 0);
}

void TestDataset::imageShape_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("none") << 0 << 0 << QString();
    QTest::newRow("3 x 4") << 3 << 4 << QString();
    QTest::newRow("4 x 3") << 4 << 3 << QString();
    QTest::newRow("12 x 1") << 12 << 1 << QString();
    QTest::newRow("3 x 3")
        << 3 << 3
        << "dataset.image_shape [3, 3] is 9 pixels, but test has 12 feature columns: rows x "
           "cols must equal the number of features.";
    QTest::newRow("zero rows") << 0 << 12
                               << "dataset.image_shape [0, 12] must be two positive sizes";
    QTest::newRow("negative") << -3 << -4
                              << "dataset.image_shape [-3, -4] must be two positive sizes";
}

void TestDataset::imageShape()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(QString, error);
    Dataset ds = makeData(5, 12);
    DatasetSpec spec;
    spec.source = "x.csv";
    spec.imageRows = rows;
    spec.imageCols = cols;
    QCOMPARE(QString::fromStdString(imageShapeProblem(spec, ds.features(), ds.name)).isEmpty(),
        error.isEmpty());
    const QString thrown = test::errorOf([&] { applyImageShape(ds, spec); });
    QVERIFY2(thrown.startsWith(error), qPrintable(thrown));
    QCOMPARE(ds.imageRows, error.isEmpty() ? rows : 0);
    QCOMPARE(ds.imageCols, error.isEmpty() ? cols : 0);
}

// A CSV in MNIST's layout (the class first, named label, then 28 x 28 pixels) loads as
// images when the experiment declares the shape; a wrong shape or one on a built-in dataset
// is refused with the key named.
void TestDataset::imageCsv()
{
    QTemporaryDir dir;
    QFile f(dir.filePath("mnist.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray text = "label";
    for (int r = 1; r <= 28; ++r)
        for (int c = 1; c <= 28; ++c)
            text += "," + QByteArray::number(r) + "x" + QByteArray::number(c);
    text += "\n";
    for (int i = 0; i < 30; ++i) {
        text += QByteArray::number(i % 10);
        for (int p = 0; p < 784; ++p)
            text += "," + QByteArray::number((p * 7 + i * 13) % 256);
        text += "\n";
    }
    f.write(text);
    f.close();

    DatasetSpec spec;
    spec.source = "mnist.csv";
    spec.target = "label";
    const Dataset plain = loadDataset(spec, dir.path().toStdString());
    QCOMPARE(plain.features(), Index(784));
    QCOMPARE(plain.imageRows, 0);
    spec.imageRows = 28;
    spec.imageCols = 28;
    const Dataset images = loadDataset(spec, dir.path().toStdString());
    QCOMPARE(images.imageRows, 28);
    QCOMPARE(images.imageCols, 28);
    QCOMPARE(images.task, Task::Multiclass);
    QCOMPARE(images.classes(), 10);
    QVERIFY(images.x == plain.x);

    spec.imageCols = 27;
    QVERIFY(test::errorOf([&] { loadDataset(spec, dir.path().toStdString()); })
                .contains("dataset.image_shape [28, 27] is 756 pixels, but mnist.csv has 784 "
                          "feature columns"));
    DatasetSpec digits;
    digits.source = "builtin:digits";
    digits.imageRows = 8;
    digits.imageCols = 8;
    QVERIFY(test::errorOf([&] { loadDataset(digits, ""); })
                .contains("dataset.image_shape applies only to a CSV file; builtin:digits knows "
                          "its own shape"));
}

QTEST_APPLESS_MAIN(TestDataset)
#include "tst_dataset.moc"
