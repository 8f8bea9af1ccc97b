#pragma once
// The CSV rules shared by readCsv() and inspectCsv(): how a cell is read as a number,
// how the delimiter and the header are detected, how a target column becomes a task.
// docs/csv.md states the same rules for users.

#include "core/common/task.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bitlab {

// What a (trimmed) cell holds. Numbers are read with std::from_chars, so the C locale's
// syntax applies whatever the process locale is: optional sign ('+' or '-'), digits with
// an optional '.', optional exponent (1e-3). Underflow reads as 0.
enum class CellKind {
    Number, // a finite double
    Empty, // missing value
    Text, // not a number
    NonFinite, // nan, inf, infinity (any case)
    OutOfRange, // finite syntax beyond a double (1e309)
};

CellKind parseCell(std::string_view cell, double& value);

// Why a cell is not a usable number, as the end of an error sentence, e.g.
// "\"1,5\" uses a decimal comma; write numbers with a decimal point (1.5)". Knows the
// thousands-separator, decimal-comma and wrong-delimiter patterns. kind != Number.
std::string describeBadCell(std::string_view cell, CellKind kind, char delimiter);

// A cell quoted for a message: in double quotes, cut after 40 characters, control
// characters escaped (escapeControlCharacters), so a message never holds raw ones.
std::string quoteCell(std::string_view cell);

// Empty when text (a column name or class label) has no control character; else the end
// of an error sentence, e.g. "class label "b\x1B" holds an escape character (U+001B); class
// labels must be plain text without control characters". what: "class label",
// "column name".
std::string controlCharacterProblem(std::string_view text, const char* what);

// Auto-detected delimiter from the first non-empty line of text (outside quotes):
// ';' if it holds a ';', else tab if it holds a tab, else ','.
char detectDelimiter(std::string_view text);

// Whether the first record is a header: it has a cell that is not a number (nor nan/inf
// or empty) and either there is no second record, or every non-empty first-row cell is
// text, or some column has text in the first row above a number in the second.
bool looksLikeHeader(
    const std::vector<std::string_view>& first, const std::vector<std::string_view>* second);

// Old Mac OS line endings: when text has no LF but has a CR, every CR becomes an LF (in
// place) and true is returned; otherwise nothing changes. Files that mix CR-only lines
// into LF or CRLF lines are left as they are (a lone CR then stays inside its cell).
bool convertOldMacLineEndings(char* text, std::size_t size);

// Offset of the first byte that is not valid UTF-8 (overlong forms, surrogates and
// code points beyond U+10FFFF are invalid), or npos.
std::size_t findInvalidUtf8(std::string_view text);

// The target column turned into y: task, class labels and values (regression value or
// class index). Auto: any text cell makes it categorical; all-numeric with integer
// values only, at most 20 distinct and at most half as many distinct values as rows is
// categorical too; else regression. Classes are sorted (numerically when every label is
// a number, else byte-wise). Two classes or fewer make a binary task, more multiclass.
// taskChoice: auto | regression | binary | multiclass. Throws CsvError naming file, line
// (lines[i] for cells[i]) and column for empty, non-finite and out-of-range cells, text
// under regression, a class label with a control character, and too many classes for
// binary.
struct TargetColumn {
    Task task = Task::Regression;
    std::vector<std::string> classLabels;
    std::vector<double> y;
    // Sentences for Dataset::warnings: an auto target that holds mostly numbers but became
    // classes because of some text cells (typos like "1,5" or "0x1p3"), naming the first.
    std::vector<std::string> warnings;
};
TargetColumn analyzeTarget(const std::vector<std::string_view>& cells,
    const std::vector<std::int64_t>& lines, const std::string& taskChoice,
    const std::string& fileName, const std::string& columnName, int columnIndex, char delimiter);

// Largest number of distinct classes a classification target may have.
constexpr std::size_t kMaxClasses = 1000;

} // namespace bitlab
