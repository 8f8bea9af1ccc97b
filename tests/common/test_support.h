#pragma once
// Small helpers several test suites share (header-only; tests/ is on every test's include
// path): the message of a bitlab::Error, a file's sha256, a folder's entries, and running
// code in a child process with a file size limit. QtCore only (pixels: image_support.h).

#include "core/common/error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>
#include <csignal>
#include <functional>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bitlab::test {

// The message of the bitlab::Error that f throws, or an empty string when it throws none.
inline QString errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

// The file's sha256 as hex, or empty when it cannot be read.
inline QByteArray sha256(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// Every entry of a folder, hidden ones included (left-over temporary files show up).
inline QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// Runs body in a forked child whose files may not grow past `limit` bytes; returns the
// child's exit code (or 128 + signal). SIGXFSZ's default action kills the process: it is
// ignored, so write() fails with EFBIG, or with killOnLimit turned into SIGKILL, to simulate
// a crash in the middle of a save.
inline int inChildWithFileSizeLimit(
    rlim_t limit, bool killOnLimit, const std::function<int()>& body)
{
    const pid_t pid = fork();
    if (pid == 0) {
        if (killOnLimit)
            std::signal(SIGXFSZ, [](int) { ::kill(::getpid(), SIGKILL); });
        else
            std::signal(SIGXFSZ, SIG_IGN);
        const rlimit rl { limit, limit };
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(90);
        _exit(body());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace bitlab::test
