// The kernels compiled for wider instruction sets stay apart from the baseline code, in
// the linked bitlab-cli (docs/performance.md, "Kernels"): every function that uses a VEX
// instruction (AVX, AVX2, FMA) is named after the avx2 or avx512 set, and every function
// that uses an AVX-512 register only after avx512. A template instantiated in a kernel
// file under a shared name (Eigen's, the standard library's) would show up here as a
// function of another name; the portable path, which never calls through the kernel
// table, then cannot reach a wider instruction. Also: --portable and the kernels that
// summary.json and the table name.

#include "core/kernels/kernels.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;

namespace {

QString cliPath()
{
    return QDir(QString::fromLocal8Bit(qgetenv("BITLAB_BIN_DIR")))
        .filePath(QStringLiteral("bitlab-cli"));
}

struct Result {
    int exitCode = -1;
    QByteArray out, err;
};

Result run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    Result r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// A function of the disassembly and what it uses.
struct Function {
    QString name;
    bool vex = false; // an instruction whose mnemonic starts with v (VEX or EVEX encoded)
    bool avx512 = false; // a zmm register, a mask register or xmm16-31/ymm16-31
};

std::vector<Function> disassemble(const QString& program)
{
    const Result r = run(QStringLiteral("objdump"),
        { QStringLiteral("-d"), QStringLiteral("-C"), QStringLiteral("--no-show-raw-insn"),
            program });
    std::vector<Function> functions;
    if (r.exitCode != 0)
        return functions;
    static const QRegularExpression header(QStringLiteral("^[0-9a-f]+ <(.*)>:$"));
    // "  4011d6:\tvmovupd %zmm0,(%rax)": the mnemonic after the tab.
    static const QRegularExpression instruction(
        QStringLiteral("^\\s*[0-9a-f]+:\\t(\\S+)\\s*(.*)$"));
    static const QRegularExpression evexRegister(
        QStringLiteral("%zmm|%k[0-7]\\b|%[xy]mm(1[6-9]|2[0-9]|3[01])\\b"));
    for (const QByteArray& raw : r.out.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (const auto m = header.match(line); m.hasMatch()) {
            functions.push_back({ m.captured(1) });
            continue;
        }
        if (functions.empty())
            continue;
        const auto m = instruction.match(line);
        if (!m.hasMatch())
            continue;
        Function& f = functions.back();
        if (m.captured(1).startsWith(QLatin1Char('v')))
            f.vex = true;
        if (evexRegister.match(m.captured(2)).hasMatch())
            f.avx512 = true;
    }
    return functions;
}

} // namespace

class TestKernelIsolation : public QObject {
    Q_OBJECT

private slots:
    void widerInstructionsOnlyInTheirKernels()
    {
#if !defined(__x86_64__)
        QSKIP("the per-instruction-set kernels exist on x86-64 only");
#endif
        if (QStandardPaths::findExecutable(QStringLiteral("objdump")).isEmpty())
            QSKIP("objdump (binutils) is not installed");
        const std::vector<Function> functions = disassemble(cliPath());
        QVERIFY2(functions.size() > 1000, "objdump read no functions from bitlab-cli");
        int avx2 = 0, avx512 = 0;
        QStringList misplaced;
        for (const Function& f : functions) {
            const bool inAvx512 = f.name.contains(QLatin1String("avx512"));
            const bool inAvx2 = f.name.contains(QLatin1String("avx2"));
            if (f.avx512 && !inAvx512)
                misplaced << QStringLiteral("AVX-512 in ") + f.name;
            else if (f.vex && !inAvx512 && !inAvx2)
                misplaced << QStringLiteral("VEX in ") + f.name;
            avx2 += inAvx2 && f.vex;
            avx512 += inAvx512 && f.avx512;
        }
        QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced.mid(0, 20).join(QLatin1Char('\n'))));
        // Not vacuous: the kernels are there and use their instructions.
        QVERIFY(avx2 > 0);
        QVERIFY(avx512 > 0);
    }

    void portableFlag_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("kernels");
        QTest::newRow("default") << QStringList() << QString(kernelSetName(detectedKernelSet()));
        QTest::newRow("--portable") << QStringList { "--portable" } << QString("portable");
        QTest::newRow("--set training.portable=true")
            << QStringList { "--set", "training.portable=true" } << QString("portable");
    }

    // summary.json's "kernels" and the table's column name the set the runs used.
    void portableFlag()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, kernels);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Result r = run(cliPath(),
            QStringList {
                "run", "--preset", "moons", "--set", "training.epochs=3", "--out", dir.path() }
                + options);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY(lines.size() > 2);
        QVERIFY2(lines[0].trimmed().endsWith("kernels"), lines[0].constData());
        QVERIFY2(lines[1].trimmed().endsWith(kernels.toUtf8()), lines[1].constData());
        QFile f(dir.filePath(QStringLiteral("summary.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject summary = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(summary.value(QStringLiteral("kernels")).toString(), kernels);
    }
};

QTEST_GUILESS_MAIN(TestKernelIsolation)
#include "tst_kernel_isolation.moc"
