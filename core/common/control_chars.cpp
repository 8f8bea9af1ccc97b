#include "core/common/control_chars.h"

#include <cstdio>

namespace bitlab {

namespace {

// Length in bytes of the control character at text[i], 0 if there is none.
std::size_t controlLength(std::string_view text, std::size_t i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F)
        return 1;
    if (c == 0xC2 && i + 1 < text.size()) {
        const auto d = static_cast<unsigned char>(text[i + 1]);
        if (d >= 0x80 && d <= 0x9F)
            return 2;
    }
    return 0;
}

unsigned codePoint(std::string_view text, std::size_t at)
{
    const auto c = static_cast<unsigned char>(text[at]);
    if (c == 0xC2 && at + 1 < text.size())
        return static_cast<unsigned char>(text[at + 1]);
    return c;
}

std::string hex(const char* format, unsigned value)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

} // namespace

std::size_t findControlCharacter(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i)
        if (controlLength(text, i) > 0)
            return i;
    return std::string_view::npos;
}

std::string describeControlCharacter(std::string_view text, std::size_t at)
{
    const unsigned cp = codePoint(text, at);
    const std::string code = hex("U+%04X", cp);
    switch (cp) {
    case 0x00:
        return "a NUL byte (" + code + ")";
    case 0x09:
        return "a tab (" + code + ")";
    case 0x0A:
    case 0x0D:
        return "a line break (" + code + ")";
    case 0x1B:
        return "an escape character (" + code + ")";
    default:
        return "control character " + code;
    }
}

std::string escapeControlCharacters(std::string_view text, bool keepLineBreaks)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = controlLength(text, i);
        if (n == 0) {
            out += text[i++];
            continue;
        }
        const unsigned cp = codePoint(text, i);
        i += n;
        if (cp == '\n')
            out += keepLineBreaks ? "\n" : "\\n";
        else if (cp == '\r')
            out += "\\r";
        else if (cp == '\t')
            out += "\\t";
        else if (n == 2)
            out += hex("\\u%04X", cp);
        else
            out += hex("\\x%02X", cp);
    }
    return out;
}

} // namespace bitlab
