#include "core/data/csv_tokenizer.h"

#include "core/common/control_chars.h"

#include <algorithm>
#include <cstring>

namespace bitlab {

CsvTokenizer::CsvTokenizer(
    char* data, std::size_t size, char delimiter, const CsvLimits& limits, std::string fileName)
    : m_begin(data)
    , m_pos(data)
    , m_end(data + size)
    , m_delimiter(delimiter)
    , m_limits(limits)
    , m_fileName(std::move(fileName))
    , m_lineStart(data)
{
}

void CsvTokenizer::fail(const std::string& what, std::int64_t line, int column) const
{
    std::string message = m_fileName + ", line " + std::to_string(line) + ": " + what;
    if (message.back() != '.')
        message += '.';
    throw CsvError(message, line, column);
}

void CsvTokenizer::checkLine(const char* p, int column) const
{
    if (static_cast<std::size_t>(p - m_lineStart) > m_limits.maxLineBytes)
        fail("the line is longer than the limit of " + std::to_string(m_limits.maxLineBytes)
                + " bytes",
            m_line, column);
}

void CsvTokenizer::failNul(const char* fieldStart, const char* nul, int column) const
{
    const std::string before = escapeControlCharacters(std::string_view(
        fieldStart, static_cast<std::size_t>(std::min<std::ptrdiff_t>(nul - fieldStart, 20))));
    fail("column " + std::to_string(column) + " holds a NUL byte (U+0000)"
            + (before.empty() ? std::string() : " after \"" + before + "\"")
            + "; a CSV file is text and never holds NUL bytes (is it a binary file, or saved as "
              "UTF-16?)",
        m_line, column);
}

void CsvTokenizer::skipRecord(char* end)
{
    m_recordLine = m_line;
    m_pos = end;
    if (end > m_begin && end[-1] == '\n') {
        ++m_line;
        m_lineStart = end;
    }
}

bool CsvTokenizer::next()
{
    m_fields.clear();
    char* p = m_pos;
    char* const end = m_end;
    // Skip fully empty lines (LF or CRLF alone).
    while (p < end) {
        if (*p == '\n') {
            ++p;
        } else if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
            p += (p + 1 == end) ? 1 : 2;
        } else {
            break;
        }
        ++m_line;
        ++m_emptyLines;
        m_lineStart = p;
    }
    m_pos = p;
    if (p == end)
        return false;
    m_recordLine = m_line;

    const char delim = m_delimiter;
    const bool tabIsSpace = delim != '\t';
    for (;;) {
        const int column = static_cast<int>(m_fields.size()) + 1;
        if (m_fields.size() >= m_limits.maxColumns)
            fail("the record has more than the limit of " + std::to_string(m_limits.maxColumns)
                    + " columns",
                m_recordLine, column);
        char* q = p;
        while (q < end && (*q == ' ' || (*q == '\t' && tabIsSpace)))
            ++q;
        if (q < end && *q == '"') {
            const std::int64_t openLine = m_line;
            ++q;
            char* out = q;
            char* const content = q;
            for (;;) {
                if (q == end)
                    fail("the quote opened in column " + std::to_string(column)
                            + " is never closed; close it with '\"' (a quote inside a quoted "
                              "field is written \"\").",
                        openLine, column);
                const char c = *q;
                if (c == '\0')
                    failNul(content, q, column);
                if (c == '"') {
                    if (q + 1 < end && q[1] == '"') {
                        *out++ = '"';
                        q += 2;
                        continue;
                    }
                    ++q;
                    break;
                }
                if (c == '\n') {
                    ++m_line;
                    m_lineStart = q + 1;
                }
                *out++ = c;
                ++q;
                if (static_cast<std::size_t>(out - content) > m_limits.maxFieldBytes)
                    fail("the quoted field in column " + std::to_string(column)
                            + " is longer than the limit of "
                            + std::to_string(m_limits.maxFieldBytes) + " bytes",
                        openLine, column);
            }
            m_fields.emplace_back(content, static_cast<std::size_t>(out - content));
            while (q < end && (*q == ' ' || (*q == '\t' && tabIsSpace)))
                ++q;
            if (q < end && *q == '\r' && (q + 1 == end || q[1] == '\n'))
                ++q;
            if (q < end && *q != delim && *q != '\n') {
                const char* stop = q;
                while (stop < end && stop - q < 20 && *stop != delim && *stop != '\n')
                    ++stop;
                fail("unexpected text '"
                        + escapeControlCharacters(
                            std::string_view(q, static_cast<std::size_t>(stop - q)))
                        + "' after the closing quote in "
                          "column "
                        + std::to_string(column)
                        + "; a quoted field must end right before the delimiter.",
                    m_line, column);
            }
        } else {
            // Unquoted: scan to the delimiter or the line end.
            q = p;
            while (q < end && *q != delim && *q != '\n')
                ++q;
            if (const void* nul = std::memchr(p, 0, static_cast<std::size_t>(q - p)))
                failNul(p, static_cast<const char*>(nul), column);
            const char* b = p;
            const char* e = q;
            if (e > b && e[-1] == '\r' && (q == end || *q == '\n'))
                --e;
            while (b < e && (*b == ' ' || (*b == '\t' && tabIsSpace)))
                ++b;
            while (e > b && (e[-1] == ' ' || (e[-1] == '\t' && tabIsSpace)))
                --e;
            if (static_cast<std::size_t>(e - b) > m_limits.maxFieldBytes)
                fail("the field in column " + std::to_string(column)
                        + " is longer than the limit of " + std::to_string(m_limits.maxFieldBytes)
                        + " bytes",
                    m_line, column);
            m_fields.emplace_back(b, static_cast<std::size_t>(e - b));
        }
        checkLine(q, column);
        if (q == end) {
            p = q;
            break;
        }
        if (*q == '\n') {
            p = q + 1;
            ++m_line;
            m_lineStart = p;
            break;
        }
        p = q + 1; // delimiter
    }
    m_pos = p;
    return true;
}

} // namespace bitlab
