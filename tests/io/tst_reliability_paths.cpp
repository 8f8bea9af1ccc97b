// Paths with spaces and non-ASCII characters work everywhere, for core/io: an
// experiment saved into such a folder keeps dataset.source (relative to the JSON) and
// init.path pointing at such files; reopened, it loads the CSV and the weights and trains;
// the run outputs (what --out and the GUI's "Everything to a folder" write) go into such a
// folder.

#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/io/experiment_factory.h"
#include "core/io/experiment_json.h"
#include "core/io/run_outputs.h"
#include "core/io/weights_json.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;

namespace {

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

ExperimentSpec csvSpec(const QString& csvPath)
{
    ExperimentSpec spec;
    spec.dataset.source = csvPath.toStdString();
    spec.model.kind = "linear";
    spec.loss = "mse";
    spec.optimizer.kind = "gd";
    spec.optimizer.lr = 0.1;
    spec.training.epochs = 4;
    QuantizerSpec q;
    q.scheme = "fixed";
    q.bits = 8;
    q.fracBits = 3;
    spec.runs = { RunSpec { "fp64", std::nullopt }, RunSpec { "q 8 é", q } };
    return spec;
}

} // namespace

class TestReliabilityIoPaths : public QObject {
    Q_OBJECT
private slots:
    void saveReopenAndRun_data()
    {
        QTest::addColumn<QString>("dataFolder");
        QTest::addColumn<QString>("saveFolder");
        QTest::newRow("spaces") << "data sets/of mine"
                                << "saved experiments";
        QTest::newRow("accents") << QString::fromUtf8("données/été")
                                 << QString::fromUtf8("Übung ø");
        QTest::newRow("CJK, emoji, same folder")
            << QString::fromUtf8("数据 🙂") << QString::fromUtf8("数据 🙂");
        QTest::newRow("saved below the data")
            << QString::fromUtf8("naïve") << QString::fromUtf8("naïve/实验 1");
    }
    void saveReopenAndRun()
    {
        QFETCH(QString, dataFolder);
        QFETCH(QString, saveFolder);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QDir root(tmp.path());
        QVERIFY(root.mkpath(dataFolder));
        QVERIFY(root.mkpath(saveFolder));
        const QString csv = root.filePath(dataFolder + QString::fromUtf8("/jeu ü 数据.csv"));
        QByteArray text = "a,b,y\n";
        for (int i = 0; i < 16; ++i)
            text += QByteArray::number(i % 4) + ',' + QByteArray::number(i / 4) + ','
                + QByteArray::number(i % 4 - 0.5 * (i / 4)) + '\n';
        QVERIFY(writeText(csv, text));

        // A first run gives weights to start from (init.path, also non-ASCII).
        ExperimentSpec spec = csvSpec(csv);
        std::unique_ptr<Experiment> first = io::makeExperiment(spec);
        RecordLog firstLog;
        first->run(firstLog, {}, 1);
        const QString weights = root.filePath(dataFolder + QString::fromUtf8("/poids é.json"));
        io::writeWeights(weights, first->snapshot(0), first->spec().runs[0], first->spec().model);

        spec.init.kind = "file";
        spec.init.path = weights.toStdString();
        const QString saved
            = root.filePath(saveFolder + QString::fromUtf8("/expérience 🙂.json"));
        io::writeExperiment(saved, spec);

        // The file stores paths relative to itself, and they resolve back to the files.
        const ExperimentSpec reopened = io::readExperiment(saved);
        QVERIFY2(QFileInfo(QString::fromStdString(reopened.dataset.source)).isRelative(),
            reopened.dataset.source.c_str());
        QCOMPARE(QFileInfo(io::resolvePath(reopened, reopened.dataset.source)).canonicalFilePath(),
            QFileInfo(csv).canonicalFilePath());
        QCOMPARE(QFileInfo(io::resolvePath(reopened, reopened.init.path)).canonicalFilePath(),
            QFileInfo(weights).canonicalFilePath());

        // It loads and trains, starting from the saved weights.
        std::unique_ptr<Experiment> exp = io::makeExperiment(reopened);
        QCOMPARE(exp->dataset().rows(), Index(16));
        QCOMPARE(exp->dataset().featureNames, (std::vector<std::string> { "a", "b" }));
        const WeightSnapshot start = exp->snapshot(0);
        QCOMPARE(start.tensors[0].values, first->snapshot(0).tensors[0].values);
        RecordLog log;
        exp->run(log, {}, 1);
        QCOMPARE(toString(exp->summary(1).status), toString(RunStatus::Finished));

        // Outputs into a non-ASCII folder that does not exist yet.
        const QString out = root.filePath(saveFolder + QString::fromUtf8("/sortie 結果"));
        const io::RunOutputs written = io::writeRunOutputs(out, *exp, log.allRecords());
        QVERIFY(written.warnings.isEmpty());
        for (const QString& f : { QStringLiteral("experiment.json"), QStringLiteral("metrics.csv"),
                 QStringLiteral("summary.json"), QStringLiteral("weights/fp64.json") })
            QVERIFY2(written.files.contains(QDir(out).filePath(f)), qPrintable(f));
        for (const QString& f : written.files)
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
        // The experiment.json written there reopens and finds the same CSV.
        const ExperimentSpec fromOut = io::readExperiment(QDir(out).filePath("experiment.json"));
        QCOMPARE(QFileInfo(io::resolvePath(fromOut, fromOut.dataset.source)).canonicalFilePath(),
            QFileInfo(csv).canonicalFilePath());
    }
};

QTEST_GUILESS_MAIN(TestReliabilityIoPaths)
#include "tst_reliability_paths.moc"
