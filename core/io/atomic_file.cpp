#include "core/io/atomic_file.h"

#include "core/common/error.h"
#include "core/common/regular_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <algorithm>

namespace bitlab::io {

namespace {
[[noreturn]] void fail(const QString& path, const QString& reason)
{
    throw Error(QStringLiteral("cannot save '%1': %2")
                    .arg(QDir::toNativeSeparators(path), reason)
                    .toStdString());
}

QString sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
    if (bytes >= 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 bytes").arg(bytes);
}
} // namespace

void writeAll(QIODevice& device, const char* data, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const qint64 n = device.write(data + done, size - done);
        if (n <= 0) {
            const QString reason = device.errorString();
            throw Error(
                (reason.isEmpty() ? QStringLiteral("the write failed") : reason).toStdString());
        }
        done += n;
    }
}

void writeFileAtomically(const QString& path, const QByteArray& data)
{
    writeFileAtomically(
        path, [&](QIODevice& device) { writeAll(device, data.constData(), data.size()); });
}

void writeFileAtomically(const QString& path, const std::function<void(QIODevice&)>& write)
{
    if (path.isEmpty())
        fail(path, QStringLiteral("no file name was given"));
    const QFileInfo info(path);
    if (info.isDir())
        fail(path, QStringLiteral("a folder with that name is in the way"));
    const QFileInfo folder(info.absolutePath());
    if (!folder.exists())
        fail(path,
            QStringLiteral("the folder '%1' does not exist")
                .arg(QDir::toNativeSeparators(folder.absoluteFilePath())));
    if (!folder.isDir())
        fail(path,
            QStringLiteral("'%1' is a file, not a folder")
                .arg(QDir::toNativeSeparators(folder.absoluteFilePath())));

    QSaveFile file(path);
    // Writing straight through (no QFileDevice buffer) makes a short write show up at the
    // write() that caused it, with the system's reason (disk full, file too large).
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        fail(path, file.errorString());
    try {
        write(file);
    } catch (const std::exception& e) {
        file.cancelWriting(); // the QSaveFile's destructor removes the temporary file
        fail(path, QString::fromUtf8(e.what()));
    }
    if (!file.commit()) {
        const QString reason = file.errorString();
        fail(path, reason.isEmpty() ? QStringLiteral("the file could not be committed") : reason);
    }
}

void ensureDirectory(const QString& dir)
{
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        throw Error(
            QStringLiteral("cannot create the folder '%1': a file with that name is in the way")
                .arg(QDir::toNativeSeparators(dir))
                .toStdString());
    if (info.isDir())
        return;
    if (!QDir().mkpath(dir))
        throw Error(
            QStringLiteral("cannot create the folder '%1': check that its parent exists and "
                           "is writable")
                .arg(QDir::toNativeSeparators(dir))
                .toStdString());
}

QByteArray readFileLimited(const QString& path, qint64 maxBytes, const QString& what)
{
    const QString shown = QDir::toNativeSeparators(path);
    auto fail = [&](const QString& reason) -> QByteArray {
        throw Error(
            QStringLiteral("cannot read the %1 '%2': %3").arg(what, shown, reason).toStdString());
    };
    // Only a regular file is opened (a FIFO would block, a device never end).
    RegularFile checked(QFile::encodeName(path).toStdString());
    if (!checked.ok())
        return fail(QString::fromStdString(checked.reason()));
    const qint64 size = static_cast<qint64>(checked.size());
    if (size > maxBytes)
        return fail(QStringLiteral("it is %1, more than the limit of %2")
                        .arg(sizeText(size), sizeText(maxBytes)));
    QFile file;
    if (!file.open(checked.fd(), QIODevice::ReadOnly, QFileDevice::AutoCloseHandle))
        return fail(file.errorString());
    checked.release(); // the QFile owns it now
    // The file may have grown since: read at most one byte past the limit to notice it.
    // Memory follows the file's size, not the limit (QIODevice::read(n) allocates n bytes,
    // and the weights limit is in gigabytes).
    QByteArray data;
    data.resize(std::min(size, maxBytes) + 1);
    qint64 filled = 0;
    for (;;) {
        if (filled == data.size()) {
            if (filled > maxBytes)
                return fail(
                    QStringLiteral("it is more than the limit of %1").arg(sizeText(maxBytes)));
            data.resize(std::min<qint64>(maxBytes + 1, 2 * data.size()));
        }
        const qint64 n = file.read(data.data() + filled, data.size() - filled);
        if (n < 0)
            return fail(file.errorString());
        if (n == 0)
            break;
        filled += n;
    }
    if (filled > maxBytes)
        return fail(QStringLiteral("it is more than the limit of %1").arg(sizeText(maxBytes)));
    data.resize(filled);
    return data;
}

} // namespace bitlab::io
