#include "core/common/regular_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bitlab {

namespace {

std::string errnoReason(int error, const std::string& path)
{
    switch (error) {
    case ENOENT: {
        struct stat link;
        if (!path.empty() && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
            return "no such file (it is a symbolic link to a missing file)";
        return "no such file";
    }
    case ELOOP:
        return "a symbolic link loop (too many levels of symbolic links)";
    case ENOTDIR:
        return "a part of the path is not a folder";
    case EACCES:
        return "permission denied";
    case ENAMETOOLONG:
        return "the path is too long";
    default:
        return std::strerror(error);
    }
}

// Empty for a regular file.
std::string typeReason(mode_t mode)
{
    if (S_ISREG(mode))
        return {};
    if (S_ISDIR(mode))
        return "it is a folder, not a file";
    if (S_ISFIFO(mode))
        return "it is a named pipe (FIFO), not a regular file";
    if (S_ISSOCK(mode))
        return "it is a socket, not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "it is a device, not a regular file";
    return "it is not a regular file";
}

} // namespace

std::string regularFileProblem(const std::string& path)
{
    if (path.empty())
        return "no file name was given";
    struct stat st;
    if (::stat(path.c_str(), &st) != 0)
        return errnoReason(errno, path);
    return typeReason(st.st_mode);
}

RegularFile::RegularFile(const std::string& path)
{
    m_reason = regularFileProblem(path);
    if (!m_reason.empty())
        return; // a FIFO or device is never opened
    int fd;
    do
        fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        m_reason = errnoReason(errno, path);
        return;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        m_reason = errnoReason(errno, path);
        ::close(fd);
        return;
    }
    // What was opened may not be what was checked (the path changed in between).
    m_reason = typeReason(st.st_mode);
    if (!m_reason.empty()) {
        ::close(fd);
        return;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    m_fd = fd;
    m_size = static_cast<std::uint64_t>(st.st_size);
}

RegularFile::~RegularFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

int RegularFile::release()
{
    const int fd = m_fd;
    m_fd = -1;
    return fd;
}

} // namespace bitlab
