#pragma once
// Files the build embeds in the programs (cmake/embed_files.cmake writes the table from
// resources/datasets/; core/CMakeLists.txt lists them): the built-in real datasets, so that
// nothing is read from disk or downloaded at run time.

#include <cstddef>
#include <string>
#include <vector>

namespace bitlab {

struct EmbeddedFile {
    const char* name; // the file's name in resources/datasets/, e.g. "iris.csv.gz"
    const unsigned char* data;
    std::size_t size;
};

const std::vector<EmbeddedFile>& embeddedFiles();

// The embedded file of that name, or nullptr.
const EmbeddedFile* findEmbeddedFile(const std::string& name);

// The bytes of a gzip stream (RFC 1952), decompressed with zlib. Throws Error naming `what`
// when the stream is damaged or its text would be larger than maxBytes.
std::string gunzip(const unsigned char* data, std::size_t size, const std::string& what,
    std::size_t maxBytes = 64u * 1024 * 1024);

} // namespace bitlab
