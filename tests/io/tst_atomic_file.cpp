// Atomic saves: a failed save (missing folder, a folder in the way, a full disk, a kill
// mid-save) leaves the old file byte-identical and says which path and why; size-limited
// reads refuse before reading.
#include "common/test_support.h"
#include "core/common/error.h"
#include "core/io/atomic_file.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::io;

using bitlab::test::entries;
using bitlab::test::errorOf;
using bitlab::test::inChildWithFileSizeLimit;
using bitlab::test::sha256;

class TestAtomicFile : public QObject {
    Q_OBJECT

private slots:
    void writesAndReplaces_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << "out.json";
        QTest::newRow("spaces and non-ASCII")
            << QString::fromUtf8("my r\xc3\xa9sultats \xe6\x95\xb0.json");
    }
    void writesAndReplaces()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        writeFileAtomically(path, "first");
        writeFileAtomically(path, "second, longer");
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("second, longer"));
        QCOMPARE(entries(dir.path()), QStringList { name });
        QCOMPARE(readFileLimited(path, 100, "test file"), QByteArray("second, longer"));
    }

    void failures_data()
    {
        QTest::addColumn<QString>("target"); // relative to the temp dir
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing folder") << "no such folder/out.json"
                                        << "does not exist";
        QTest::newRow("folder in the way") << "a folder"
                                           << "a folder with that name is in the way";
        QTest::newRow("file as folder") << "old.json/out.json"
                                        << "is a file, not a folder";
        QTest::newRow("empty name") << ""
                                    << "no file name";
    }
    void failures()
    {
        QFETCH(QString, target);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("a folder"));
        writeFileAtomically(dir.filePath("old.json"), "old");
        const QByteArray before = sha256(dir.filePath("old.json"));
        const QString path = target.isEmpty() ? QString() : dir.filePath(target);
        const QString message = errorOf([&] { writeFileAtomically(path, "new"); });
        QVERIFY2(message.contains(reason), qPrintable(message));
        if (!target.isEmpty())
            QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
        QCOMPARE(sha256(dir.filePath("old.json")), before);
        QCOMPARE(entries(dir.path()), (QStringList { "a folder", "old.json" }));
    }

    void readOnlyFolder()
    {
        if (::geteuid() == 0)
            QSKIP("root ignores folder permissions");
        QTemporaryDir dir;
        const QString path = dir.filePath("old.json");
        writeFileAtomically(path, "old");
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner);
        const QString message = errorOf([&] { writeFileAtomically(path, "new"); });
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY2(message.startsWith("cannot save '" + path + "': "), qPrintable(message));
        QVERIFY2(
            message.size() > QString("cannot save '" + path + "': ").size(), qPrintable(message));
        QCOMPARE(entries(dir.path()), QStringList { "old.json" });
    }

    void diskFull()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("experiment.json");
        const QByteArray old(3000, 'o');
        writeFileAtomically(path, old);
        const QByteArray before = sha256(path);
        // The child may write at most 4096 bytes per file: the 1 MB save must fail cleanly.
        const int code = inChildWithFileSizeLimit(4096, false, [&] {
            const QString message
                = errorOf([&] { writeFileAtomically(path, QByteArray(1 << 20, 'n')); });
            if (message.isEmpty())
                return 1;
            if (!message.contains(path) || !message.contains("File too large"))
                return 2;
            return 0;
        });
        QCOMPARE(code, 0);
        QCOMPARE(sha256(path), before);
        QCOMPARE(entries(dir.path()), QStringList { "experiment.json" });
    }

    void killedMidSave()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("weights.json");
        writeFileAtomically(path, QByteArray(3000, 'o'));
        const QByteArray before = sha256(path);
        // The child is SIGKILLed by its own SIGXFSZ handler in the middle of the write.
        const int code = inChildWithFileSizeLimit(8192, true, [&] {
            writeFileAtomically(path, QByteArray(1 << 20, 'n'));
            return 3;
        });
        QCOMPARE(code, 128 + SIGKILL);
        QCOMPARE(sha256(path), before);
        // Only a killed process can leave its temporary file behind (never the target).
        for (const auto& name : entries(dir.path()))
            QVERIFY2(name == "weights.json" || name.startsWith("weights.json."), qPrintable(name));
    }

    void readLimits_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing") << "nope.json"
                                 << "no such file";
        QTest::newRow("folder") << "sub"
                                << "it is a folder, not a file";
        QTest::newRow("too large") << "big.json"
                                   << "it is 200 bytes, more than the limit of 100 bytes";
        QTest::newRow("special file") << "/dev/zero"
                                      << "it is a device, not a regular file";
    }
    void readLimits()
    {
        QFETCH(QString, target);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QDir(dir.path()).mkdir("sub");
        writeFileAtomically(dir.filePath("big.json"), QByteArray(200, ' '));
        const QString path = target.startsWith('/') ? target : dir.filePath(target);
        const QString message = errorOf([&] { readFileLimited(path, 100, "experiment file"); });
        QVERIFY2(message.contains("cannot read the experiment file '" + path + "': " + reason),
            qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"
