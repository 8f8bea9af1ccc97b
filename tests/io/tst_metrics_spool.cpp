// MetricsSpool: metrics.csv streamed from the spool is byte for byte metricsCsv's (interleaved
// runs, NaN/inf/empty cells, spills to the temporary files, a run whose steps go backwards, no
// records, names that need quoting); a failed save leaves the old file and no temporary file;
// a failed spill says why; memory stays bounded for 10^6 records.
#include "common/test_support.h"
#include "core/common/error.h"
#include "core/engine/record_log.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/exports.h"
#include "core/io/metrics_spool.h"
#include "core/io/run_outputs.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdint>
#include <limits>

using namespace bitlab;
using namespace bitlab::io;

using bitlab::test::entries;
using bitlab::test::errorOf;
using bitlab::test::inChildWithFileSizeLimit;
using bitlab::test::sha256;

namespace {

constexpr Scalar kInf = std::numeric_limits<Scalar>::infinity();

// Records of `runs` runs interleaved in a pseudo-random order as parallel runs report them;
// per run the steps go up by one (when `backwards`, run 1 starts again from step 2 half-way,
// repeating steps whose rows then differ). Cells: NaN (empty), +-inf, -0.0, subnormals, 1e300.
std::vector<Record> interleaved(int runs, int perRun, bool backwards)
{
    std::vector<Record> records;
    std::vector<std::int64_t> next(static_cast<size_t>(runs), 0);
    std::uint32_t state = 12345;
    auto random = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    const Scalar odd[] = { kNaN, kInf, -kInf, -0.0, 5e-324, 1e300, 0.1, -2.5, 3.0 };
    for (int left = runs * perRun; left > 0;) {
        const int run = static_cast<int>(random() % static_cast<std::uint32_t>(runs));
        auto& k = next[static_cast<size_t>(run)];
        if (k >= perRun)
            continue;
        Record r;
        r.run = run;
        r.step = backwards && run == 1 && k >= perRun / 2 ? k - perRun / 2 + 2 : k;
        r.epoch = r.step / 3;
        r.evaluated = r.step % 5 == 0;
        r.batchLoss = r.step == 0 ? kNaN : 1.0 / double(r.step + k);
        if (r.evaluated) {
            r.trainLoss = odd[random() % 9];
            r.testLoss = odd[random() % 9];
            r.trainAccuracy = 0.75;
            r.testAccuracy = kNaN;
        }
        r.gradNorm = odd[random() % 9];
        r.quantError = run == 0 ? 0.0 : 1e-3 * double(k);
        r.flips = static_cast<std::int64_t>(random() % 100);
        r.lr = k % 7 == 0 ? kInf : 0.01;
        records.push_back(r);
        ++k;
        --left;
    }
    return records;
}

QByteArray streamed(const MetricsSpool& spool, const std::vector<QString>& names)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    writeMetricsCsv(buffer, spool, names);
    return bytes;
}

std::vector<QString> toNames(const QStringList& list)
{
    return { list.begin(), list.end() };
}

} // namespace

class TestMetricsSpool : public QObject {
    Q_OBJECT

private slots:
    void sameBytesAsMetricsCsv_data()
    {
        QTest::addColumn<int>("runs");
        QTest::addColumn<int>("perRun");
        QTest::addColumn<int>("bufferRows");
        QTest::addColumn<bool>("backwards");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("zero records") << 0 << 0 << 16 << false << QStringList { "fp64" };
        QTest::newRow("one record") << 1 << 1 << 16 << false << QStringList { "fp64" };
        QTest::newRow("interleaved, in memory")
            << 3 << 40 << 4096 << false << QStringList { "fp64", "Q4.3", "sym4-ste" };
        QTest::newRow("spills, buffer 7")
            << 4 << 1000 << 7 << false << QStringList { "fp64", "Q4.3", "sym4", "pow2" };
        QTest::newRow("spills, buffer 1") << 2 << 300 << 1 << false << QStringList { "a", "b" };
        QTest::newRow("exactly two buffers") << 2 << 64 << 32 << false << QStringList { "a", "b" };
        QTest::newRow("steps go backwards, in memory")
            << 3 << 50 << 4096 << true << QStringList { "a", "b", "c" };
        QTest::newRow("steps go backwards, spilled")
            << 3 << 2000 << 64 << true << QStringList { "a", "b", "c" };
        QTest::newRow("names needing quotes")
            << 3 << 30 << 8 << false << QStringList { "=1+2", "a,\"b\"", "line\nbreak" };
        QTest::newRow("runs without a name") << 4 << 30 << 8 << false << QStringList { "only" };
    }
    void sameBytesAsMetricsCsv()
    {
        QFETCH(int, runs);
        QFETCH(int, perRun);
        QFETCH(int, bufferRows);
        QFETCH(bool, backwards);
        QFETCH(QStringList, names);
        const std::vector<Record> records = interleaved(runs, perRun, backwards);
        MetricsSpool spool(static_cast<size_t>(bufferRows));
        spool.append(records);
        QCOMPARE(spool.size(), static_cast<std::int64_t>(records.size()));
        if (perRun > bufferRows) // the rows really went through the temporary files
            QVERIFY(spool.diskBytes() > 0);

        const QByteArray expected = metricsCsv(records, toNames(names));
        qsizetype lines = 1; // the header, then a row per record (a quoted name may break lines)
        for (const Record& r : records)
            lines += 1 + (r.run < names.size() ? names[r.run].count('\n') : 0);
        QCOMPARE(expected.count('\n'), lines);
        const QByteArray got = streamed(spool, toNames(names));
        QCOMPARE(got.size(), expected.size());
        QCOMPARE(got, expected);

        // The same bytes through the atomic file, twice (reading back leaves the spool whole).
        QTemporaryDir dir;
        const QString path = dir.filePath(QString::fromUtf8("m\xc3\xa9trics out.csv"));
        saveMetricsCsv(path, spool, toNames(names));
        QCOMPARE(readFileLimited(path, 1 << 26, "metrics file"), expected);
        saveMetricsCsv(path, spool, toNames(names));
        QCOMPARE(readFileLimited(path, 1 << 26, "metrics file"), expected);
        QCOMPARE(entries(dir.path()), QStringList { QFileInfo(path).fileName() });

        // Appending after an export goes on where it left off.
        Record more = records.empty() ? Record {} : records.back();
        more.step += 1000;
        spool.append(more);
        std::vector<Record> all = records;
        all.push_back(more);
        QCOMPARE(streamed(spool, toNames(names)), metricsCsv(all, toNames(names)));
    }

    // Learned steps and clips (issue 19): their columns after lr, named as the runs name
    // them, streamed from the spool byte for byte as metricsCsv writes them, also when the
    // rows spill and when steps go backwards; a run without that parameter, and a record
    // with another count (a grid changed while paused), leave the cells empty.
    void learnedColumns_data()
    {
        QTest::addColumn<int>("bufferRows");
        QTest::addColumn<bool>("backwards");
        QTest::newRow("in memory") << 4096 << false;
        QTest::newRow("spills, buffer 7") << 7 << false;
        QTest::newRow("steps go backwards, spilled") << 16 << true;
    }
    void learnedColumns()
    {
        QFETCH(int, bufferRows);
        QFETCH(bool, backwards);
        std::vector<Record> records = interleaved(3, 300, backwards);
        for (Record& r : records) {
            if (r.run == 1)
                r.learned = { 0.5 + 1e-3 * double(r.step), 1.0 / 3 };
            if (r.run == 2)
                r.learned = { double(r.step) };
            if (r.run == 2 && r.step == 7) // a count that is not the run's
                r.learned = { 1.0, 2.0 };
        }
        const std::vector<std::vector<std::string>> learned { {},
            { "layers.0.weight.step", "layers.0.activation.clip" }, { "layers.0.weight.step" } };
        const std::vector<QString> names { "fp64", "lsq", "pact" };
        MetricsSpool spool(static_cast<size_t>(bufferRows));
        spool.append(records);
        const QByteArray expected = metricsCsv(records, names, learned);
        QByteArray got;
        QBuffer buffer(&got);
        buffer.open(QIODevice::WriteOnly);
        writeMetricsCsv(buffer, spool, names, learned);
        QCOMPARE(got, expected);
        const QList<QByteArray> lines = expected.split('\n');
        QCOMPARE(lines.front(),
            QByteArray("run,step,epoch,batch_loss,train_loss,test_loss,train_accuracy,"
                       "test_accuracy,grad_norm,quant_error,flips,lr,layers.0.weight.step,"
                       "layers.0.activation.clip"));
        int checked = 0;
        for (const QByteArray& line : lines) {
            const QList<QByteArray> cells = line.split(',');
            if (cells.size() < 14 || cells[0] == "run")
                continue;
            if (cells[0] == "fp64") {
                QVERIFY(cells[12].isEmpty() && cells[13].isEmpty());
            } else if (cells[0] == "lsq") {
                QCOMPARE(cells[12].toDouble(), 0.5 + 1e-3 * cells[1].toDouble());
                QCOMPARE(cells[13].toDouble(), 1.0 / 3);
                ++checked;
            } else if (cells[1] == "7") {
                QVERIFY(cells[12].isEmpty() && cells[13].isEmpty());
            } else {
                QCOMPARE(cells[12], cells[1]);
                QVERIFY(cells[13].isEmpty());
            }
        }
        QVERIFY(checked >= 300);
        // Without names: the file of before, no learned columns.
        QCOMPARE(streamed(spool, names), metricsCsv(records, names));
        QVERIFY(!streamed(spool, names)
                     .startsWith("run,step,epoch,batch_loss,train_loss,test_loss,"
                                 "train_accuracy,test_accuracy,grad_norm,"
                                 "quant_error,flips,lr,"));
    }

    void chunksInOrder()
    {
        const std::vector<Record> records = interleaved(3, 500, true);
        MetricsSpool spool(50);
        spool.append(records);
        int lastRun = std::numeric_limits<int>::min();
        std::int64_t lastStep = 0, rows = 0;
        bool evaluatedSeen = false;
        spool.forEachChunk([&](int run, const MetricsRow* chunk, size_t count, const Scalar*) {
            QVERIFY(count >= 1 && count <= 50);
            QVERIFY(run >= lastRun);
            if (run != lastRun)
                lastStep = std::numeric_limits<std::int64_t>::min();
            lastRun = run;
            for (size_t i = 0; i < count; ++i) {
                QVERIFY(chunk[i].step >= lastStep);
                lastStep = chunk[i].step;
                QCOMPARE(chunk[i].evaluated, chunk[i].step % 5 == 0 ? 1u : 0u);
                evaluatedSeen = evaluatedSeen || chunk[i].evaluated;
            }
            rows += static_cast<std::int64_t>(count);
        });
        QCOMPARE(lastRun, 2);
        QCOMPARE(rows, std::int64_t(1500));
        QVERIFY(evaluatedSeen);
    }

    void clearForgetsEverything()
    {
        MetricsSpool spool(16);
        spool.append(interleaved(3, 100, true));
        QVERIFY(spool.diskBytes() > 0);
        const size_t fresh = MetricsSpool(16).memoryBytes();
        QVERIFY(spool.memoryBytes() > fresh);
        spool.clear();
        QCOMPARE(spool.size(), std::int64_t(0));
        QVERIFY(spool.empty());
        QCOMPARE(spool.diskBytes(), size_t(0));
        QCOMPARE(spool.memoryBytes(), fresh);
        QCOMPARE(streamed(spool, { "a" }), metricsCsv({}, { "a" }));
        const std::vector<Record> again = interleaved(2, 40, false);
        spool.append(again);
        QCOMPARE(streamed(spool, { "a", "b" }), metricsCsv(again, { "a", "b" }));
    }

    void outputFolderFromSpool()
    {
        const char* experimentJson = R"({
          "format": "bitlab.experiment", "version": 1,
          "dataset": {"source": "builtin:seed-linear", "samples": 40, "seed": 3},
          "model": {"kind": "linear"},
          "optimizer": {"kind": "gd", "lr": 0.05},
          "training": {"epochs": 20, "seed": 42},
          "runs": [{"name": "fp64"},
                   {"name": "Q4.3", "quantizer": {"scheme": "fixed", "bits": 8, "frac_bits": 3}}]
        })";
        QTemporaryDir tmp;
        const QString expPath = tmp.filePath("exp.json");
        writeFileAtomically(expPath, experimentJson);
        const auto experiment = makeExperiment(readExperiment(expPath));
        RecordLog log;
        experiment->run(log, {}, 2);
        const std::vector<Record> records = log.allRecords();
        MetricsSpool spool(5);
        spool.append(records);
        QVERIFY(spool.diskBytes() > 0);

        const RunOutputs fromRecords = writeRunOutputs(tmp.filePath("a"), *experiment, records);
        const RunOutputs fromSpool = writeRunOutputs(tmp.filePath("b"), *experiment, spool);
        QCOMPARE(fromSpool.files.size(), fromRecords.files.size());
        QCOMPARE(fromSpool.warnings, fromRecords.warnings);
        for (const QString& file : fromRecords.files) {
            const QString name = QDir(tmp.filePath("a")).relativeFilePath(file);
            QVERIFY2(fromSpool.files.contains(tmp.filePath("b/" + name)), qPrintable(name));
        }
        const QByteArray a = readFileLimited(tmp.filePath("a/metrics.csv"), 1 << 26, "file");
        QCOMPARE(a.count('\n'), qsizetype(records.size() + 1));
        QCOMPARE(readFileLimited(tmp.filePath("b/metrics.csv"), 1 << 26, "file"), a);
    }

    void failedSaveKeepsOldFile_data()
    {
        QTest::addColumn<QString>("target"); // relative to the temp dir
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing folder") << "no such folder/metrics.csv"
                                        << "does not exist";
        QTest::newRow("target is a folder") << "a folder"
                                            << "a folder with that name is in the way";
    }
    void failedSaveKeepsOldFile()
    {
        QFETCH(QString, target);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("a folder"));
        writeFileAtomically(dir.filePath("a folder/inside.csv"), "inside");
        writeFileAtomically(dir.filePath("metrics.csv"), "old metrics\n");
        const QByteArray before = sha256(dir.filePath("metrics.csv"));
        MetricsSpool spool(8);
        spool.append(interleaved(2, 100, false));
        const QString path = dir.filePath(target);
        const QString message = errorOf([&] { saveMetricsCsv(path, spool, { "a", "b" }); });
        QVERIFY2(message.startsWith("cannot save '" + QDir::toNativeSeparators(path) + "': "),
            qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
        QCOMPARE(sha256(dir.filePath("metrics.csv")), before);
        QCOMPARE(entries(dir.path()), (QStringList { "a folder", "metrics.csv" }));
        QCOMPARE(entries(dir.filePath("a folder")), QStringList { "inside.csv" });
    }

    void diskFullMidStream()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("metrics.csv");
        writeFileAtomically(path, QByteArray(3000, 'o'));
        const QByteArray before = sha256(path);
        MetricsSpool spool(256); // filled before the limit: its spills are not what fails here
        spool.append(interleaved(3, 15000, false));
        QVERIFY(streamed(spool, { "a", "b", "c" }).size() > 2 * (1 << 20)); // several pieces
        const int code = inChildWithFileSizeLimit(64 * 1024, false, [&] {
            const QString message = errorOf([&] {
                saveMetricsCsv(path, spool, { "a", "b", "c" });
            });
            if (!message.startsWith("cannot save '" + path + "': "))
                return 1;
            return message.contains("File too large") ? 0 : 2;
        });
        QCOMPARE(code, 0);
        QCOMPARE(sha256(path), before);
        QCOMPARE(entries(dir.path()), QStringList { "metrics.csv" });
    }

    void failedSpillIsReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("metrics.csv");
        // 1024 rows are 96 KiB: the first spill passes the 64 KiB limit.
        const int code = inChildWithFileSizeLimit(64 * 1024, false, [&] {
            MetricsSpool spool(1024);
            Record r;
            QString first;
            for (int i = 0; i < 1024 && first.isEmpty(); ++i) {
                r.step = i;
                first = errorOf([&] { spool.append(r); });
            }
            if (!first.contains("cannot keep the metrics log") || !first.contains("File too large"))
                return 1;
            if (QString::fromStdString(spool.failure()) != first)
                return 2;
            if (errorOf([&] { spool.append(r); }) != first)
                return 3; // later appends say the same
            const QString saved = errorOf([&] { saveMetricsCsv(path, spool, { "a" }); });
            if (saved != "cannot save '" + path + "': " + first)
                return 4; // never a metrics.csv with rows missing
            if (QFileInfo::exists(path))
                return 5;
            spool.clear();
            spool.append(r);
            return spool.failure().empty() && spool.size() == 1 ? 0 : 6;
        });
        QCOMPARE(code, 0);
        QCOMPARE(entries(dir.path()), QStringList {});
    }

    void memoryStaysBounded()
    {
        // The GUI's case: 4 runs, a record every step, 10^6 records in all.
        MetricsSpool spool;
        const size_t bound = 4 * MetricsSpool::kDefaultBufferRows * sizeof(MetricsRow) + 64 * 1024;
        Record r;
        r.batchLoss = 0.5;
        r.lr = 0.01;
        size_t afterFirstTenth = 0;
        constexpr std::int64_t kRecords = 1'000'000;
        for (std::int64_t i = 0; i < kRecords; ++i) {
            r.run = static_cast<int>(i % 4);
            r.step = i / 4;
            r.flips = i;
            spool.append(r);
            if (i + 1 == kRecords / 10)
                afterFirstTenth = spool.memoryBytes();
        }
        QCOMPARE(spool.size(), kRecords);
        QVERIFY2(spool.memoryBytes() <= bound,
            qPrintable(QString("%1 bytes in memory").arg(spool.memoryBytes())));
        QCOMPARE(spool.memoryBytes(), afterFirstTenth); // flat
        // Everything else is on disk, and all of it comes back.
        QVERIFY(spool.diskBytes() >= (kRecords - 4 * std::int64_t(MetricsSpool::kDefaultBufferRows))
                * sizeof(MetricsRow));
        std::int64_t rows = 0, flipsSum = 0;
        spool.forEachChunk([&](int, const MetricsRow* chunk, size_t count, const Scalar*) {
            rows += static_cast<std::int64_t>(count);
            for (size_t i = 0; i < count; ++i)
                flipsSum += chunk[i].flips;
        });
        QCOMPARE(rows, kRecords);
        QCOMPARE(flipsSum, kRecords * (kRecords - 1) / 2);
    }
};

QTEST_APPLESS_MAIN(TestMetricsSpool)
#include "tst_metrics_spool.moc"
