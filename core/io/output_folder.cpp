#include "core/io/output_folder.h"

#include "core/common/error.h"
#include "core/io/atomic_file.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bitlab::io {

namespace {

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QString systemReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

[[noreturn]] void failFolder(const QString& dir, const QString& reason)
{
    throw Error(QStringLiteral("cannot write the results to '%1': %2")
                    .arg(native(dir), reason)
                    .toStdString());
}

// What BitLab writes into an output folder (run and sweep): anything else in an existing
// folder is the user's, and the folder is not replaced.
// A temporary file of an atomic save that was killed ("metrics.csv.AbC123") counts as the
// file it was saving.
QString withoutSaveSuffix(const QString& name)
{
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    return dot > 0 && name.size() - dot == 7 ? name.left(dot) : name;
}

bool isOurTopEntry(const QFileInfo& entry)
{
    static const QStringList files { QStringLiteral("experiment.json"),
        QStringLiteral("metrics.csv"), QStringLiteral("summary.json"),
        QStringLiteral("confusion.csv"), QStringLiteral("sweep.csv"), QStringLiteral("sweep.json"),
        QStringLiteral("sensitivity.csv") };
    if (entry.isSymLink())
        return false;
    if (entry.isDir())
        return entry.fileName() == QLatin1String("weights");
    return entry.isFile()
        && (files.contains(entry.fileName())
            || files.contains(withoutSaveSuffix(entry.fileName())));
}

bool isOurWeightsEntry(const QFileInfo& entry)
{
    const QString name = entry.fileName();
    auto ours = [](const QString& n) {
        return n.endsWith(QLatin1String(".json")) || n.endsWith(QLatin1String(".csv"))
            || n.endsWith(QLatin1String(".h"));
    };
    return !entry.isSymLink() && entry.isFile() && (ours(name) || ours(withoutSaveSuffix(name)));
}

bool writable(const QString& dir)
{
    return ::access(QFile::encodeName(dir).constData(), W_OK | X_OK) == 0;
}

// Siblings of DIR that a writer of DIR made: ".NAME.<kind>-XXXXXX".
QStringList siblings(const QString& parent, const QString& name, const QString& kind)
{
    const QString prefix = QLatin1Char('.') + name + QLatin1Char('.') + kind + QLatin1Char('-');
    QStringList out;
    const QStringList all = QDir(parent).entryList(
        QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name);
    for (const QString& entry : all)
        if (entry.startsWith(prefix) && entry.size() == prefix.size() + 6)
            out << QDir(parent).filePath(entry);
    return out;
}

QString uniqueSibling(const QString& parent, const QString& name, const QString& kind)
{
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (;;) {
        QString suffix;
        for (int i = 0; i < 6; ++i)
            suffix += QLatin1Char(kChars[QRandomGenerator::global()->bounded(62)]);
        const QString path = QDir(parent).filePath(
            QLatin1Char('.') + name + QLatin1Char('.') + kind + QLatin1Char('-') + suffix);
        if (!QFileInfo::exists(path))
            return path;
    }
}

// rename(2) of two absolute paths; errno on failure.
int renamePath(const QString& from, const QString& to)
{
    return std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0
        ? 0
        : errno;
}

#ifdef __linux__
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
int exchangePaths(const QString& a, const QString& b)
{
    return ::renameat2(AT_FDCWD, QFile::encodeName(a).constData(), AT_FDCWD,
               QFile::encodeName(b).constData(), RENAME_EXCHANGE)
            == 0
        ? 0
        : errno;
}
#else
int exchangePaths(const QString&, const QString&)
{
    return ENOSYS;
}
#endif

} // namespace

OutputFolder::OutputFolder(const QString& dir)
{
    if (dir.isEmpty())
        failFolder(dir, QStringLiteral("no folder name was given"));
    m_final = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    // DIR itself a symbolic link to a folder: the folder is what gets replaced (the link
    // keeps pointing at it).
    if (QFileInfo(m_final).isSymLink()) {
        const QString target = QFileInfo(m_final).canonicalFilePath();
        if (target.isEmpty())
            failFolder(m_final,
                QStringLiteral("it is a symbolic link to '%1', which does not exist")
                    .arg(native(QFileInfo(m_final).symLinkTarget())));
        m_final = target;
    }
    const QFileInfo info(m_final);
    m_parent = info.absolutePath();
    m_name = info.fileName();
    if (m_name.isEmpty() || m_final == m_parent)
        failFolder(m_final, QStringLiteral("the results need a folder of their own, not the root"));
    ensureDirectory(m_parent);
    if (!writable(m_parent))
        failFolder(m_final,
            QStringLiteral("its parent folder '%1' is not writable (BitLab writes the "
                           "new results beside the folder, then swaps them in)")
                .arg(native(m_parent)));

    // The lock: a second writer is refused. The file is removed on release; a writer that
    // locked a file another one removed meanwhile tries again with the new file.
    m_lockPath = QDir(m_parent).filePath(QLatin1Char('.') + m_name + QStringLiteral(".lock"));
    const QByteArray lockName = QFile::encodeName(m_lockPath);
    for (;;) {
        const int fd = ::open(lockName.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            const int error = errno;
            if (error == ENAMETOOLONG)
                failFolder(m_final,
                    QStringLiteral("the folder name is %1 bytes, too long for the "
                                   "lock and staging names BitLab puts beside it "
                                   "(about 20 bytes more); choose a shorter name")
                        .arg(QFile::encodeName(m_name).size()));
            failFolder(m_final,
                QStringLiteral("cannot create the lock file '%1': %2")
                    .arg(native(m_lockPath), systemReason(error)));
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            ::close(fd);
            if (error == EWOULDBLOCK)
                failFolder(m_final,
                    QStringLiteral("another BitLab process is writing results there "
                                   "(it holds '%1'); wait for it to end or choose "
                                   "another folder")
                        .arg(native(m_lockPath)));
            failFolder(m_final,
                QStringLiteral("cannot lock '%1': %2")
                    .arg(native(m_lockPath), systemReason(error)));
        }
        struct stat held {
        }, named {};
        if (::fstat(fd, &held) == 0 && ::stat(lockName.constData(), &named) == 0
            && held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
            m_lockFd = fd;
            break;
        }
        ::close(fd); // the file was replaced between open and flock: lock the current one
    }

    try {
        // What an earlier writer left: a staging folder (killed while writing) is dropped;
        // a set moved aside (killed between the two renames) is put back when DIR is gone.
        for (const QString& stale : siblings(m_parent, m_name, QStringLiteral("staging")))
            QDir(stale).removeRecursively();
        for (const QString& aside : siblings(m_parent, m_name, QStringLiteral("old"))) {
            if (!QFileInfo::exists(m_final) && !QFileInfo(m_final).isSymLink())
                renamePath(aside, m_final);
            else
                QDir(aside).removeRecursively();
        }

        // What is there now must be a folder of BitLab's results that can be replaced.
        const QFileInfo now(m_final);
        if (now.exists() && !now.isDir())
            failFolder(m_final, QStringLiteral("a file with that name is in the way"));
        if (now.isDir()) {
            const QFileInfoList entries = QDir(m_final).entryInfoList(
                QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
            for (const QFileInfo& entry : entries)
                if (!isOurTopEntry(entry))
                    failFolder(m_final,
                        QStringLiteral("it holds '%1', which BitLab did not write; "
                                       "BitLab replaces the whole folder, so choose a "
                                       "new or empty folder")
                            .arg(entry.fileName()));
            const QString weights = QDir(m_final).filePath(QStringLiteral("weights"));
            if (QFileInfo(weights).isDir())
                for (const QFileInfo& entry : QDir(weights).entryInfoList(
                         QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot))
                    if (!isOurWeightsEntry(entry))
                        failFolder(m_final,
                            QStringLiteral("it holds 'weights/%1', which BitLab did "
                                           "not write; BitLab replaces the whole "
                                           "folder, so choose a new or empty folder")
                                .arg(entry.fileName()));
            for (const QString& folder : { m_final, weights })
                if (QFileInfo(folder).isDir() && !writable(folder))
                    failFolder(m_final,
                        QStringLiteral("'%1' is read-only (its results could not be "
                                       "replaced); make it writable or choose "
                                       "another folder")
                            .arg(native(folder)));
        }

        m_staging = uniqueSibling(m_parent, m_name, QStringLiteral("staging"));
        if (::mkdir(QFile::encodeName(m_staging).constData(), 0755) != 0)
            failFolder(m_final,
                QStringLiteral("cannot create the staging folder '%1': %2")
                    .arg(native(m_staging), systemReason(errno)));
    } catch (...) {
        ::unlink(lockName.constData());
        ::close(m_lockFd);
        throw;
    }
}

OutputFolder::~OutputFolder()
{
    if (!m_committed && !m_staging.isEmpty())
        QDir(m_staging).removeRecursively();
    if (m_lockFd >= 0) {
        ::unlink(QFile::encodeName(m_lockPath).constData());
        ::close(m_lockFd);
    }
}

QString OutputFolder::finalPath(const QString& relative) const
{
    return QDir(m_final).filePath(relative);
}

void OutputFolder::probe(const QString& relative)
{
    const QString path = QDir(m_staging).filePath(relative);
    const QString folder = QFileInfo(path).absolutePath();
    if (!QFileInfo(folder).isDir() && !QDir().mkpath(folder))
        throw Error(QStringLiteral("cannot write '%1': the folder cannot be created")
                        .arg(native(finalPath(relative)))
                        .toStdString());
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(QStringLiteral("cannot write '%1': %2")
                        .arg(native(finalPath(relative)), systemReason(errno))
                        .toStdString());
    ::close(fd);
    ::unlink(name.constData());
}

void OutputFolder::save(const QString& relative, const QByteArray& bytes)
{
    save(relative, [&](QIODevice& device) { writeAll(device, bytes.constData(), bytes.size()); });
}

void OutputFolder::save(const QString& relative, const std::function<void(QIODevice&)>& write)
{
    const QString path = QDir(m_staging).filePath(relative);
    auto fail = [&](const QString& reason) {
        QFile::remove(path);
        throw Error(QStringLiteral("cannot save '%1': %2; '%3' was left as it was")
                        .arg(native(finalPath(relative)), reason, native(m_final))
                        .toStdString());
    };
    const QString folder = QFileInfo(path).absolutePath();
    if (!QFileInfo(folder).isDir() && !QDir().mkpath(folder))
        fail(QStringLiteral("its folder cannot be created"));
    // No temporary file per file: the staging folder is the temporary. Unbuffered, so a
    // short write shows up at the write() that caused it, with the system's reason.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
        fail(file.errorString());
    try {
        write(file);
    } catch (const std::exception& e) {
        file.close();
        fail(QString::fromUtf8(e.what()));
    }
    if (!file.flush())
        fail(file.errorString());
    file.close();
    if (file.error() != QFileDevice::NoError)
        fail(file.errorString());
}

QStringList OutputFolder::commit()
{
    QStringList warnings;
    const bool replacing = QFileInfo(m_final).isDir();
    if (!replacing) {
        if (const int error = renamePath(m_staging, m_final))
            failFolder(m_final,
                QStringLiteral("cannot rename '%1' to it: %2")
                    .arg(native(m_staging), systemReason(error)));
        m_committed = true;
        return warnings;
    }
    QString old;
    if (exchangePaths(m_staging, m_final) == 0) {
        old = m_staging; // now holds the previous set
    } else {
        // No exchange here: move the previous set aside, the new one in, drop the old.
        old = uniqueSibling(m_parent, m_name, QStringLiteral("old"));
        if (const int error = renamePath(m_final, old))
            failFolder(m_final,
                QStringLiteral("cannot move the previous results aside to '%1': %2")
                    .arg(native(old), systemReason(error)));
        if (const int error = renamePath(m_staging, m_final)) {
            renamePath(old, m_final);
            failFolder(m_final,
                QStringLiteral("cannot rename '%1' to it: %2")
                    .arg(native(m_staging), systemReason(error)));
        }
    }
    m_committed = true;
    if (!QDir(old).removeRecursively())
        warnings << QStringLiteral("the previous results, moved to '%1', could not all be removed")
                        .arg(native(old));
    return warnings;
}

} // namespace bitlab::io
