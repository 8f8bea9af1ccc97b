// Replays every committed fuzz input (tests/fuzz/corpus/<target>/) through the same entry
// points the libFuzzer targets use (fuzz/fuzz_entry_points.h), under the normal build. An
// input that once crashed or hung a reader stays here as a regression test; a failure shows
// up as a crash or abort of this executable with the file named in the log.

#include "fuzz/fuzz_entry_points.h"

#include <QDir>
#include <QFile>
#include <QtTest>
#include <functional>

namespace {

using EntryPoint = std::function<void(const std::uint8_t*, std::size_t)>;

QString corpusDir(const QString& target)
{
    const QByteArray root = qgetenv("BITLAB_SOURCE_DIR");
    return QString::fromLocal8Bit(root) + "/tests/fuzz/corpus/" + target;
}

} // namespace

class TestFuzzReplay : public QObject {
    Q_OBJECT

private slots:
    void replay_data()
    {
        QTest::addColumn<QString>("target");
        QTest::newRow("csv") << "csv";
        QTest::newRow("json") << "json";
        QTest::newRow("weights") << "weights";
    }

    void replay()
    {
        QFETCH(QString, target);
        QVERIFY2(!qgetenv("BITLAB_SOURCE_DIR").isEmpty(), "BITLAB_SOURCE_DIR is not set");
        const EntryPoint run = target == "csv" ? EntryPoint(bitlab::fuzz::fuzzCsv)
            : target == "weights"              ? EntryPoint(bitlab::fuzz::fuzzWeights)
                                               : EntryPoint(bitlab::fuzz::fuzzJson);
        const QDir dir(corpusDir(target));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        // The seeds alone are more than this; an empty or missing folder is a broken checkout.
        QVERIFY2(files.size() >= 8, qPrintable(dir.path() + " has fewer than 8 inputs"));
        for (const QString& name : files) {
            QFile f(dir.filePath(name));
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
            const QByteArray bytes = f.readAll();
            qInfo().noquote() << "replaying" << target + "/" + name;
            run(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                static_cast<std::size_t>(bytes.size()));
        }
    }
};

QTEST_APPLESS_MAIN(TestFuzzReplay)
#include "tst_fuzz_replay.moc"
