// The built-in real datasets (core/data/real_datasets.h): what the UCI descriptions state
// of each (sizes, class names and counts, first rows, feature ranges and means), checked on
// the embedded files, and damaged gzip data refused with a message, not a crash.

#include "core/common/embedded_files.h"
#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/data/real_datasets.h"

#include <QtTest>
#include <cmath>
#include <vector>

using namespace bitlab;

namespace {

std::vector<int> classCounts(const Dataset& d)
{
    std::vector<int> counts(static_cast<std::size_t>(d.classes()), 0);
    for (Index i = 0; i < d.rows(); ++i)
        ++counts[static_cast<std::size_t>(d.y(i, 0))];
    return counts;
}

Dataset load(const std::string& name)
{
    const RealDatasetInfo* info = findRealDataset(name);
    if (!info)
        qFatal("no real dataset %s", name.c_str());
    return loadRealDataset(*info);
}

} // namespace

class TestRealDatasets : public QObject {
    Q_OBJECT

private slots:
    void everyDatasetLoadsAsDescribed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("features");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QList<int>>("counts");
        // Class distributions as the UCI pages (and scikit-learn's descriptions) state them.
        QTest::newRow("digits") << "digits" << 1797 << 64
                                << QStringList { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" }
                                << QList<int> { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 };
        QTest::newRow("iris") << "iris" << 150 << 4
                              << QStringList { "setosa", "versicolor", "virginica" }
                              << QList<int> { 50, 50, 50 };
        QTest::newRow("wine") << "wine" << 178 << 13
                              << QStringList { "class_0", "class_1", "class_2" }
                              << QList<int> { 59, 71, 48 };
        QTest::newRow("breast_cancer")
            << "breast_cancer" << 569 << 30 << QStringList { "malignant", "benign" }
            << QList<int> { 212, 357 };
    }
    void everyDatasetLoadsAsDescribed()
    {
        QFETCH(QString, name);
        QFETCH(int, rows);
        QFETCH(int, features);
        QFETCH(QStringList, labels);
        QFETCH(QList<int>, counts);
        const RealDatasetInfo* info = findRealDataset(name.toStdString());
        QVERIFY(info);
        QCOMPARE(info->licence, std::string("CC BY 4.0"));
        QVERIFY(info->citation.find("https://doi.org/10.24432/") != std::string::npos);
        QCOMPARE(static_cast<int>(info->featureNames.size()), features);
        const Dataset d = loadRealDataset(*info);
        QCOMPARE(d.name, "builtin:" + name.toStdString());
        QCOMPARE(static_cast<int>(d.rows()), rows);
        QCOMPARE(static_cast<int>(d.features()), features);
        QCOMPARE(d.featureNames, info->featureNames);
        QCOMPARE(d.task, labels.size() == 2 ? Task::Binary : Task::Multiclass);
        QCOMPARE(static_cast<int>(d.classLabels.size()), static_cast<int>(labels.size()));
        for (int i = 0; i < labels.size(); ++i)
            QCOMPARE(QString::fromStdString(d.classLabels[static_cast<std::size_t>(i)]), labels[i]);
        const std::vector<int> got = classCounts(d);
        QCOMPARE(QList<int>(got.begin(), got.end()), counts);
        QVERIFY(d.x.allFinite());
    }

    void firstRowsAreTheFiles()
    {
        const Dataset iris = load("iris");
        QCOMPARE(iris.x(0, 0), 5.1);
        QCOMPARE(iris.x(0, 3), 0.2);
        QCOMPARE(iris.y(0, 0), 0.0);
        QCOMPARE(iris.y(149, 0), 2.0);
        const Dataset wine = load("wine");
        QCOMPARE(wine.x(0, 0), 14.23); // alcohol
        QCOMPARE(wine.x(0, 12), 1065.0); // proline
        const Dataset cancer = load("breast_cancer");
        QCOMPARE(cancer.x(0, 0), 17.99); // mean radius
        QCOMPARE(cancer.y(0, 0), 0.0); // malignant
        const Dataset digits = load("digits");
        // The first image is a 0: its top row is 0 0 5 13 9 1 0 0.
        const double top[] = { 0, 0, 5, 13, 9, 1, 0, 0 };
        for (int c = 0; c < 8; ++c)
            QCOMPARE(digits.x(0, c), top[c]);
        QCOMPARE(digits.y(0, 0), 0.0);
    }

    void featureRangesAndMeans()
    {
        // Digits: counts of on pixels in 4x4 blocks, so integers 0..16.
        const Dataset digits = load("digits");
        QCOMPARE(digits.x.minCoeff(), 0.0);
        QCOMPARE(digits.x.maxCoeff(), 16.0);
        for (Index i = 0; i < digits.x.size(); ++i)
            QCOMPARE(digits.x.data()[i], std::floor(digits.x.data()[i]));
        // Iris: the means UCI's summary statistics give, to their two decimals.
        const Dataset iris = load("iris");
        const double means[] = { 5.84, 3.05, 3.76, 1.20 };
        for (int c = 0; c < 4; ++c)
            QVERIFY2(std::abs(iris.x.col(c).mean() - means[c]) < 0.01,
                qPrintable(QString::number(iris.x.col(c).mean())));
        // Wine: proline spans 278..1680, hue 0.48..1.71 (scikit-learn's description).
        const Dataset wine = load("wine");
        QCOMPARE(wine.x.col(12).minCoeff(), 278.0);
        QCOMPARE(wine.x.col(12).maxCoeff(), 1680.0);
        QCOMPARE(wine.x.col(10).minCoeff(), 0.48);
        QCOMPARE(wine.x.col(10).maxCoeff(), 1.71);
    }

    void imageShape()
    {
        QCOMPARE(findRealDataset("digits")->imageRows, 8);
        QCOMPARE(findRealDataset("digits")->imageCols, 8);
        QCOMPARE(findRealDataset("iris")->imageRows, 0);
        QCOMPARE(findRealDataset("digits")->featureNames[9], std::string("pixel_1_1"));
        QVERIFY(!findRealDataset("mnist"));
    }

    void loadsByItsBuiltinName()
    {
        DatasetSpec spec;
        spec.source = "builtin:wine";
        const Dataset d = loadDataset(spec, "");
        QCOMPARE(d.rows(), Index(178));
        QCOMPARE(d.task, Task::Multiclass);
        const DatasetInfo* info = findDataset("digits");
        QVERIFY(info && info->real);
        DatasetSpec digits;
        digits.source = "builtin:digits";
        QCOMPARE(loadDataset(digits, "").imageRows, 8);
        // Generator parameters do not apply to fixed rows: refused, naming the keys.
        spec.samples = 50;
        try {
            loadDataset(spec, "");
            QFAIL("builtin:wine with dataset.samples was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("dataset.samples"), e.what());
            QVERIFY2(QString(e.what()).contains("builtin:wine"), e.what());
        }
        spec.samples.reset();
        spec.task = "regression";
        QVERIFY_THROWS_EXCEPTION(Error, loadDataset(spec, ""));
    }

    void damagedDataIsAnError()
    {
        const EmbeddedFile* f = findEmbeddedFile("iris.csv.gz");
        QVERIFY(f);
        // Cut short: the stream ends before its trailer.
        QVERIFY_THROWS_EXCEPTION(Error, gunzip(f->data, f->size / 2, "iris"));
        // A byte flipped inside the deflate data or the CRC.
        std::vector<unsigned char> bytes(f->data, f->data + f->size);
        bytes[bytes.size() - 6] ^= 0xff;
        try {
            gunzip(bytes.data(), bytes.size(), "iris (damaged)");
            QFAIL("a damaged stream was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("iris (damaged): "), e.what());
        }
        // Not gzip at all.
        const unsigned char text[] = "5.1,3.5,1.4,0.2,0\n";
        QVERIFY_THROWS_EXCEPTION(Error, gunzip(text, sizeof text - 1, "text"));
        // A limit on what it may grow to.
        QVERIFY_THROWS_EXCEPTION(Error, gunzip(f->data, f->size, "iris", 100));
        QCOMPARE(gunzip(f->data, f->size, "iris").substr(0, 9), std::string("150,4,set"));
    }
};

QTEST_APPLESS_MAIN(TestRealDatasets)
#include "tst_real_datasets.moc"
