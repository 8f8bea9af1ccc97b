#pragma once
// RegularFile: opens a file for reading only when it is a regular file. Every file BitLab
// reads from disk (CSV datasets, experiment JSON, weights/init JSON) is opened through it.
//
// Why: opening a named pipe (FIFO) for reading blocks until some process opens it for
// writing, possibly forever, and open() is restarted after a signal, so the program hangs
// and ignores SIGTERM; a device (/dev/zero, /dev/tty) never ends or waits for a user. So:
// - the path is checked with stat() before it is opened: a folder, FIFO, socket or device
//   is refused without opening it;
// - it is then opened with O_NONBLOCK (a FIFO swapped in after the check cannot block
//   either) and checked again with fstat() on the open descriptor, so what is read is
//   exactly what was checked; O_NONBLOCK is cleared again for the reads.
// Reasons name what went wrong, precisely: "no such file", "a symbolic link loop (too many
// levels of symbolic links)", "it is a named pipe (FIFO), not a regular file", ...

#include <cstdint>
#include <string>

namespace bitlab {

class RegularFile {
public:
    // Opens path; on failure ok() is false and reason() says why (no exception).
    explicit RegularFile(const std::string& path);
    ~RegularFile();
    RegularFile(const RegularFile&) = delete;
    RegularFile& operator=(const RegularFile&) = delete;

    bool ok() const { return m_fd >= 0; }
    // Why the file was refused: a phrase without a final period ("no such file").
    const std::string& reason() const { return m_reason; }
    // The open descriptor (-1 when refused); still owned by this object.
    int fd() const { return m_fd; }
    // Hands the descriptor over to the caller, who must close it.
    int release();
    // The file's size in bytes when it was opened.
    std::uint64_t size() const { return m_size; }

private:
    int m_fd = -1;
    std::uint64_t m_size = 0;
    std::string m_reason;
};

// Why path cannot be read as a regular file, or an empty string when it can (stat() only:
// nothing is opened). The same reasons as RegularFile.
std::string regularFileProblem(const std::string& path);

} // namespace bitlab
