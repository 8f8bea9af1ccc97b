#pragma once
// CsvTokenizer: splits a CSV text buffer into records of fields (RFC 4180), without
// copying. Use it through readCsv()/inspectCsv(); it is public for tests and tools.
//
// Rules (docs/csv.md):
// - Fields are separated by one delimiter character (',' ';' or '\t'); a record ends at LF,
//   CRLF or the end of the buffer (a missing final newline is fine).
// - A field that starts with '"' (after optional spaces) is quoted: it ends at the next
//   lone '"'; inside, "" is one quote and delimiters and line breaks are plain text.
//   Only spaces may follow the closing quote before the delimiter or the line end.
// - Unquoted fields are trimmed of surrounding spaces (and tabs, unless tab is the
//   delimiter); a '"' inside an unquoted field is kept as text.
// - Fully empty lines (nothing between two line breaks) are skipped and counted.
// Quoted fields are unescaped in place, so the buffer must be writable and outlive the
// string_views the tokenizer hands out.
//
// Errors (CsvError, with line and column): a quote never closed (the line where it
// opened), text after a closing quote, a NUL byte in a field, and the CsvLimits (line,
// field, column count).

#include "core/common/error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bitlab {

// Upper bounds checked while reading, so a hostile or broken file ends in a clear error
// instead of unbounded memory. Defaults: 2 GiB file, 1 MiB line, 1 MiB field,
// 100,000 columns, 500 million numeric cells (4 GB of doubles).
struct CsvLimits {
    std::uint64_t maxFileBytes = std::uint64_t { 2 } << 30;
    std::size_t maxLineBytes = std::size_t { 1 } << 20;
    std::size_t maxFieldBytes = std::size_t { 1 } << 20;
    std::size_t maxColumns = 100'000;
    std::uint64_t maxCells = 500'000'000;
};

// An Error that knows where in a CSV file it happened. line and column are 1-based;
// 0 means "not about one line" or "not about one column".
class CsvError : public Error {
public:
    CsvError(const std::string& message, std::int64_t line, int column)
        : Error(message)
        , m_line(line)
        , m_column(column)
    {
    }
    std::int64_t line() const { return m_line; }
    int column() const { return m_column; }

private:
    std::int64_t m_line;
    int m_column;
};

class CsvTokenizer {
public:
    // fileName is only used in error messages.
    CsvTokenizer(char* data, std::size_t size, char delimiter, const CsvLimits& limits,
        std::string fileName);

    // Reads the next record; false at the end of the buffer. Throws CsvError.
    bool next();
    // The fields of the current record, valid as long as the buffer.
    const std::vector<std::string_view>& fields() const { return m_fields; }
    // The (1-based, physical) line where the current record starts.
    std::int64_t line() const { return m_recordLine; }
    // Fully empty lines skipped so far.
    std::int64_t emptyLines() const { return m_emptyLines; }
    // Bytes consumed so far (for progress).
    std::size_t offset() const { return static_cast<std::size_t>(m_pos - m_begin); }
    char delimiter() const { return m_delimiter; }

    // For readers with a fast path for plain records: where the next record starts, its
    // line, and skipping a record the caller parsed itself (end: just past its line break,
    // or the end of the buffer).
    char* cursor() const { return m_pos; }
    std::int64_t nextLine() const { return m_line; }
    void skipRecord(char* end);

private:
    [[noreturn]] void fail(const std::string& what, std::int64_t line, int column) const;
    void checkLine(const char* p, int column) const;
    [[noreturn]] void failNul(const char* fieldStart, const char* nul, int column) const;

    char* m_begin;
    char* m_pos;
    char* m_end;
    char m_delimiter;
    CsvLimits m_limits;
    std::string m_fileName;
    std::vector<std::string_view> m_fields;
    std::int64_t m_line = 1; // line of m_pos
    std::int64_t m_recordLine = 0;
    std::int64_t m_emptyLines = 0;
    const char* m_lineStart = nullptr;
};

} // namespace bitlab
