// The built-in dataset generators and their registry (core/data/generators.h), and
// loadDataset() for builtin:NAME and CSV sources.

#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/data/real_datasets.h"

#include <Eigen/QR>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <set>

using namespace bitlab;

namespace {

GeneratorParams paramsFor(const std::string& name)
{
    const DatasetInfo* info = findDataset(name);
    if (!info)
        qFatal("no dataset %s", name.c_str());
    return info->defaults;
}

Dataset generate(const std::string& name, const GeneratorParams& p)
{
    return findDataset(name)->generate(p);
}

// Least-squares slope and intercept of y on x.
std::pair<double, double> fitLine(const Dataset& ds)
{
    const double mx = ds.x.col(0).mean(), my = ds.y.col(0).mean();
    double sxy = 0, sxx = 0;
    for (Index i = 0; i < ds.rows(); ++i) {
        sxy += (ds.x(i, 0) - mx) * (ds.y(i, 0) - my);
        sxx += (ds.x(i, 0) - mx) * (ds.x(i, 0) - mx);
    }
    return { sxy / sxx, my - sxy / sxx * mx };
}

} // namespace

class TestGenerators : public QObject {
    Q_OBJECT

private slots:
    void registry_data();
    void registry();
    void shapes_data();
    void shapes();
    void determinism_data();
    void determinism();
    void seedLinearStatistics_data();
    void seedLinearStatistics();
    void linearIsExactWithoutNoise();
    void geometryWithoutNoise_data();
    void geometryWithoutNoise();
    void blobsClusterAroundCentres();
    void loadBuiltin();
    void loadErrors_data();
    void loadErrors();
    void loadCsvRelative();
    void loadCsvCancelled();
};

void TestGenerators::registry_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("task");
    QTest::addColumn<int>("samples");
    QTest::newRow("seed-linear") << "seed-linear"
                                 << "regression" << 100;
    QTest::newRow("linear") << "linear"
                            << "regression" << 200;
    QTest::newRow("moons") << "moons"
                           << "binary" << 200;
    QTest::newRow("circles") << "circles"
                             << "binary" << 200;
    QTest::newRow("blobs") << "blobs"
                           << "multiclass" << 200;
    QTest::newRow("xor") << "xor"
                         << "binary" << 200;
    QTest::newRow("spiral") << "spiral"
                            << "multiclass" << 300;
}

void TestGenerators::registry()
{
    QFETCH(QString, name);
    QFETCH(QString, task);
    QFETCH(int, samples);
    const DatasetInfo* info = findDataset(name.toStdString());
    QVERIFY(info);
    QCOMPARE(QString(toString(info->task)), task);
    QCOMPARE(info->defaults.samples, std::int64_t(samples));
    QVERIFY(!info->description.empty());
    const Dataset ds = info->generate(info->defaults);
    QCOMPARE(QString(toString(ds.task)), task);
    QCOMPARE(ds.rows(), Index(samples));
    QCOMPARE(ds.featureNames.size(), std::size_t(ds.features()));
    QCOMPARE(ds.name, "builtin:" + name.toStdString());
    QVERIFY(ds.x.allFinite() && ds.y.allFinite());
    if (ds.task != Task::Regression) {
        QVERIFY(ds.classes() >= 2);
        for (int c = 0; c < ds.classes(); ++c)
            QCOMPARE(ds.classLabels[std::size_t(c)], std::to_string(c));
        std::set<double> seen;
        for (Index i = 0; i < ds.rows(); ++i)
            seen.insert(ds.y(i, 0));
        QCOMPARE(int(seen.size()), ds.classes()); // every class present, indices 0..K-1
        QCOMPARE(*seen.begin(), 0.0);
        QCOMPARE(*seen.rbegin(), double(ds.classes() - 1));
    }
    QCOMPARE(int(datasetRegistry().size()), 7 + int(realDatasets().size())); // the real ones too
    QVERIFY(!findDataset("nope"));
}

void TestGenerators::shapes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("features");
    QTest::addColumn<int>("cols");
    QTest::addColumn<QString>("task");
    QTest::newRow("seed-linear 37") << "seed-linear" << 37 << 2 << 2 << 1 << "regression";
    QTest::newRow("linear 5 features") << "linear" << 50 << 2 << 5 << 5 << "regression";
    QTest::newRow("moons odd") << "moons" << 101 << 2 << 2 << 2 << "binary";
    QTest::newRow("circles odd") << "circles" << 11 << 2 << 2 << 2 << "binary";
    QTest::newRow("blobs 2 classes") << "blobs" << 40 << 2 << 3 << 3 << "binary";
    QTest::newRow("blobs 5 classes") << "blobs" << 52 << 5 << 4 << 4 << "multiclass";
    QTest::newRow("xor") << "xor" << 64 << 2 << 2 << 2 << "binary";
    QTest::newRow("spiral 2 arms") << "spiral" << 30 << 2 << 2 << 2 << "binary";
    QTest::newRow("spiral 4 arms") << "spiral" << 103 << 4 << 2 << 2 << "multiclass";
}

void TestGenerators::shapes()
{
    QFETCH(QString, name);
    QFETCH(int, samples);
    QFETCH(int, classes);
    QFETCH(int, features);
    QFETCH(int, cols);
    QFETCH(QString, task);
    GeneratorParams p = paramsFor(name.toStdString());
    p.samples = samples;
    p.classes = classes;
    p.features = features;
    const Dataset ds = generate(name.toStdString(), p);
    QCOMPARE(ds.rows(), Index(samples));
    QCOMPARE(ds.features(), Index(cols));
    QCOMPARE(ds.y.cols(), Index(1));
    QCOMPARE(QString(toString(ds.task)), task);
    if (ds.task != Task::Regression)
        QCOMPARE(ds.classes(), classes);
    if (ds.task != Task::Regression && name != "xor") {
        // Classes as balanced as the sample count allows (sklearn's split).
        std::vector<int> counts(std::size_t(classes), 0);
        for (Index i = 0; i < ds.rows(); ++i)
            ++counts[std::size_t(ds.y(i, 0))];
        const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
        QVERIFY(*hi - *lo <= 1);
    }
}

void TestGenerators::determinism_data()
{
    QTest::addColumn<QString>("name");
    for (const auto& info : datasetRegistry())
        if (!info.real) // a real dataset has no seed (tst_real_datasets)
            QTest::newRow(info.name.c_str()) << QString::fromStdString(info.name);
}

void TestGenerators::determinism()
{
    QFETCH(QString, name);
    GeneratorParams p = paramsFor(name.toStdString());
    p.seed = 7;
    const Dataset a = generate(name.toStdString(), p);
    const Dataset b = generate(name.toStdString(), p);
    QVERIFY(a.x == b.x);
    QVERIFY(a.y == b.y);
    p.seed = 8;
    const Dataset c = generate(name.toStdString(), p);
    QVERIFY(!(a.x == c.x));
}

void TestGenerators::seedLinearStatistics_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<double>("tolerance");
    // Slope standard error = sqrt(1/12) / (sqrt(n) * sqrt(1/12)) = 1/sqrt(n); allow 5 sigma.
    QTest::newRow("classic 100") << 100 << 0.5;
    QTest::newRow("10000") << 10000 << 0.05;
}

void TestGenerators::seedLinearStatistics()
{
    QFETCH(int, samples);
    QFETCH(double, tolerance);
    GeneratorParams p = paramsFor("seed-linear");
    p.samples = samples;
    const Dataset ds = generate("seed-linear", p);
    QCOMPARE(ds.featureNames, std::vector<std::string> { "x" });
    QCOMPARE(ds.targetName, std::string("y"));
    const auto [slope, intercept] = fitLine(ds);
    QVERIFY2(std::abs(slope - 3.0) < tolerance, qPrintable(QString::number(slope)));
    // The U(0,1) noise has mean 0.5, so the fitted intercept is about 2.5.
    QVERIFY2(std::abs(intercept - 2.5) < tolerance, qPrintable(QString::number(intercept)));
    for (Index i = 0; i < ds.rows(); ++i) {
        QVERIFY(ds.x(i, 0) >= 0.0 && ds.x(i, 0) < 1.0);
        const double noise = ds.y(i, 0) - 3.0 * ds.x(i, 0) - 2.0;
        QVERIFY(noise >= -1e-12 && noise < 1.0 + 1e-12);
    }
    p.noise = 0.0;
    const Dataset exact = generate("seed-linear", p);
    QVERIFY(exact.y.isApprox((3.0 * exact.x.array() + 2.0).matrix()));
}

void TestGenerators::linearIsExactWithoutNoise()
{
    GeneratorParams p = paramsFor("linear");
    p.features = 3;
    p.noise = 0.0;
    p.samples = 40;
    const Dataset ds = generate("linear", p);
    // Solve [X 1] beta = y; residual must vanish.
    Matrix a(ds.rows(), 4);
    a << ds.x, Matrix::Ones(ds.rows(), 1);
    const Vector beta = a.colPivHouseholderQr().solve(Vector(ds.y.col(0)));
    QVERIFY((a * beta - ds.y.col(0)).norm() < 1e-9);
    for (int j = 0; j < 3; ++j)
        QVERIFY(std::abs(beta(j)) <= 2.0);
    QVERIFY(ds.x.maxCoeff() < 1.0 && ds.x.minCoeff() >= -1.0);
    // w is fixed by the seed: more samples keep the same rows and the same plane.
    p.samples = 80;
    const Dataset more = generate("linear", p);
    QVERIFY(more.x.topRows(40) == ds.x);
    QVERIFY(more.y.topRows(40) == ds.y);
}

void TestGenerators::geometryWithoutNoise_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("moons") << "moons";
    QTest::newRow("circles") << "circles";
    QTest::newRow("xor") << "xor";
    QTest::newRow("spiral") << "spiral";
}

void TestGenerators::geometryWithoutNoise()
{
    QFETCH(QString, name);
    GeneratorParams p = paramsFor(name.toStdString());
    p.noise = 0.0;
    p.samples = 61;
    const Dataset ds = generate(name.toStdString(), p);
    for (Index i = 0; i < ds.rows(); ++i) {
        const double a = ds.x(i, 0), b = ds.x(i, 1);
        const int label = int(ds.y(i, 0));
        if (name == "moons") {
            // Outer moon: the upper unit half circle; inner: centred at (1, 0.5), lower half.
            if (label == 0)
                QVERIFY(std::abs(a * a + b * b - 1.0) < 1e-12 && b >= -1e-12);
            else
                QVERIFY(std::abs((a - 1) * (a - 1) + (b - 0.5) * (b - 0.5) - 1.0) < 1e-12
                    && b <= 0.5 + 1e-12);
        } else if (name == "circles") {
            QVERIFY(std::abs(std::hypot(a, b) - (label == 0 ? 1.0 : 0.5)) < 1e-12);
        } else if (name == "xor") {
            QCOMPARE(label, a * b > 0 ? 1 : 0);
        } else {
            QVERIFY(std::hypot(a, b) <= 1.0 + 1e-12);
        }
    }
    if (name == "moons" || name == "circles") {
        QCOMPARE(int((ds.y.array() == 0).count()), 30); // n // 2 outer
        QCOMPARE(int((ds.y.array() == 1).count()), 31);
    }
}

void TestGenerators::blobsClusterAroundCentres()
{
    GeneratorParams p = paramsFor("blobs");
    p.noise = 0.0;
    p.classes = 4;
    p.features = 3;
    const Dataset ds = generate("blobs", p);
    // Without noise every point of a class is its centre, inside U(-10,10)^d.
    Matrix centre = Matrix::Constant(4, 3, std::nan(""));
    for (Index i = 0; i < ds.rows(); ++i) {
        const auto c = Index(ds.y(i, 0));
        if (std::isnan(centre(c, 0)))
            centre.row(c) = ds.x.row(i);
        QVERIFY(ds.x.row(i) == centre.row(c));
    }
    QVERIFY(centre.allFinite());
    QVERIFY(centre.cwiseAbs().maxCoeff() <= 10.0);
    p.noise = 1.0;
    const Dataset noisy = generate("blobs", p);
    for (Index c = 0; c < 4; ++c) {
        RowVector mean = RowVector::Zero(3);
        int count = 0;
        for (Index i = 0; i < noisy.rows(); ++i)
            if (noisy.y(i, 0) == double(c)) {
                mean += noisy.x.row(i);
                ++count;
            }
        mean /= count;
        // 50 points of std 1: the mean is within 5/sqrt(50) of the centre.
        QVERIFY((mean - centre.row(c)).cwiseAbs().maxCoeff() < 5.0 / std::sqrt(50.0));
    }
}

void TestGenerators::loadBuiltin()
{
    DatasetSpec spec;
    spec.source = "builtin:spiral";
    spec.samples = 90;
    spec.classes = 3;
    spec.noise = 0.0;
    spec.seed = 5;
    const Dataset ds = loadDataset(spec, "");
    QCOMPARE(ds.rows(), Index { 90 });
    QCOMPARE(ds.classes(), 3);
    GeneratorParams p = paramsFor("spiral");
    p.samples = 90;
    p.noise = 0.0;
    p.seed = 5;
    QVERIFY(generate("spiral", p).x == ds.x);

    DatasetSpec fallback; // builtin:seed-linear with every default
    const Dataset classic = loadDataset(fallback, "");
    QCOMPARE(classic.rows(), Index { 100 });
    QCOMPARE(classic.task, Task::Regression);
}

void TestGenerators::loadErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown builtin") << "builtin:moon"
                                     << ""
                                     << "choose one of seed-linear";
    QTest::newRow("classes on moons") << "builtin:moons"
                                      << "classes"
                                      << "dataset.classes";
    QTest::newRow("features on xor") << "builtin:xor"
                                     << "features"
                                     << "dataset.features";
    QTest::newRow("zero samples") << "builtin:moons"
                                  << "samples"
                                  << "dataset.samples";
    QTest::newRow("negative noise") << "builtin:moons"
                                    << "noise"
                                    << "dataset.noise";
    QTest::newRow("one class") << "builtin:blobs"
                               << "classes"
                               << "dataset.classes must be";
    QTest::newRow("wrong task") << "builtin:moons"
                                << "task"
                                << "does not fit builtin:moons";
    QTest::newRow("unknown task") << "builtin:moons"
                                  << "badtask"
                                  << "dataset.task must be";
    QTest::newRow("wrong target") << "builtin:moons"
                                  << "target"
                                  << "dataset.target 'label'";
    QTest::newRow("missing CSV") << "nowhere.csv"
                                 << ""
                                 << "no such file";
}

void TestGenerators::loadErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    DatasetSpec spec;
    spec.source = source.toStdString();
    if (field == "classes")
        spec.classes = 1;
    if (field == "features")
        spec.features = 3;
    if (field == "samples")
        spec.samples = 0;
    if (field == "noise")
        spec.noise = -0.5;
    if (field == "task")
        spec.task = "regression";
    if (field == "badtask")
        spec.task = "clustering";
    if (field == "target")
        spec.target = "label";
    try {
        loadDataset(spec, "/tmp");
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
}

void TestGenerators::loadCsvRelative()
{
    QTemporaryDir dir;
    QFile f(dir.filePath("d.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("a,b,label\n1,2,x\n3,4,y\n5,6,x\n");
    f.close();
    DatasetSpec spec;
    spec.source = "d.csv";
    spec.target = "a";
    spec.task = "regression";
    try {
        loadDataset(spec, dir.path().toStdString());
        QFAIL("text feature column accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("column \"label\""), e.what());
    }
    spec.target = "label";
    spec.task = "auto";
    const Dataset ds = loadDataset(spec, dir.path().toStdString());
    QCOMPARE(ds.task, Task::Binary);
    QCOMPARE(ds.classLabels, (std::vector<std::string> { "x", "y" }));
    QCOMPARE(ds.name, std::string("d.csv"));
}

// The progress callback (how the GUI's Stop reaches a CSV the worker is loading) cancels
// the load: CsvCancelled, a Cancelled, not an error about the file.
void TestGenerators::loadCsvCancelled()
{
    QTemporaryDir dir;
    QFile f(dir.filePath("d.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("a,b,y\n1,2,3\n3,4,5\n5,6,7\n");
    f.close();
    DatasetSpec spec;
    spec.source = "d.csv";
    int calls = 0;
    QVERIFY_THROWS_EXCEPTION(
        Cancelled, loadDataset(spec, dir.path().toStdString(), [&calls](double) {
            ++calls;
            return false;
        }));
    QCOMPARE(calls, 1);
    const Dataset ds = loadDataset(spec, dir.path().toStdString(), [](double) { return true; });
    QCOMPARE(ds.rows(), Index(3));
}

QTEST_APPLESS_MAIN(TestGenerators)
#include "tst_generators.moc"
