#include "core/common/embedded_files.h"

#include "core/common/error.h"

#include <climits>
#include <cstring>
#include <zlib.h>

namespace bitlab {

const EmbeddedFile* findEmbeddedFile(const std::string& name)
{
    for (const EmbeddedFile& f : embeddedFiles())
        if (name == f.name)
            return &f;
    return nullptr;
}

std::string gunzip(
    const unsigned char* data, std::size_t size, const std::string& what, std::size_t maxBytes)
{
    if (size > UINT_MAX)
        throw Error(what + ": the compressed data is too large.");
    z_stream z;
    std::memset(&z, 0, sizeof z);
    // 16 + MAX_WBITS: a gzip header and trailer (CRC-32, size) around the deflate stream.
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        throw Error(what + ": cannot start decompressing (zlib).");
    z.next_in = const_cast<unsigned char*>(data);
    z.avail_in = static_cast<unsigned>(size);
    std::string out;
    char buffer[64 * 1024];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<unsigned char*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            const std::string reason = z.msg ? z.msg : "damaged data";
            inflateEnd(&z);
            throw Error(what + ": the compressed data is damaged (" + reason + ").");
        }
        const std::size_t produced = sizeof buffer - z.avail_out;
        if (out.size() + produced > maxBytes) {
            inflateEnd(&z);
            throw Error(
                what + ": the data would be larger than " + std::to_string(maxBytes) + " bytes.");
        }
        out.append(buffer, produced);
        if (rc == Z_OK && produced == 0 && z.avail_in == 0) {
            inflateEnd(&z);
            throw Error(what + ": the compressed data ends too early.");
        }
    }
    inflateEnd(&z);
    return out;
}

} // namespace bitlab
