#pragma once
// readCsv: loads a numeric CSV file into a Dataset (features, target, task, classes).
// Use it for every CSV the lab reads; loadDataset() calls it for a CSV dataset.source.
//
// The file is memory-mapped (read in one go where it cannot be) and parsed in place into
// a preallocated row-major buffer; numeric cells never become std::strings. The rules
// (docs/csv.md, csv_rules.h):
// - RFC 4180 fields (csv_tokenizer.h); UTF-8 only (a UTF-8 BOM is dropped, UTF-16 and
//   invalid bytes are errors); LF, CRLF and a missing final newline read alike; fully
//   empty lines are skipped and reported in Dataset::warnings.
// - Delimiter: CsvOptions::delimiter, or auto-detected (';', else tab, else ',' from the
//   first line). Numbers use '.' as the decimal point whatever the locale.
// - Header: auto-detected (looksLikeHeader) unless CsvOptions::header says; without one
//   the columns are called col1..colN.
// - Target: the column named CsvOptions::target (default the last one); every other
//   column is a feature and must be numeric. Task and classes: analyzeTarget().
// Every problem throws CsvError, one sentence naming the file, the line, the column (by
// its header name) and the offending text. Nothing is ever skipped silently.

#include "core/data/csv_tokenizer.h"
#include "core/data/dataset.h"

#include <functional>
#include <string>
#include <string_view>

namespace bitlab {

enum class CsvHeader { Auto, Present, Absent };

struct CsvOptions {
    char delimiter = 0; // ',', ';', '\t' or 0 = auto-detect
    CsvHeader header = CsvHeader::Auto;
    std::string target; // column name; empty = the last column
    std::string task = "auto"; // auto | regression | binary | multiclass
    CsvLimits limits;
};

// Called with the fraction of the file parsed so far, about every megabyte and once
// with 1.0 at the end; returning false cancels the load (readCsv throws CsvCancelled).
using CsvProgress = std::function<bool(double fraction)>;

class CsvCancelled : public Cancelled {
public:
    using Cancelled::Cancelled;
};

// Loads path. Throws CsvError (with line and column where there is one) or CsvCancelled.
Dataset readCsv(
    const std::string& path, const CsvOptions& options = {}, const CsvProgress& progress = {});

// The same from text in memory; name stands for the file in messages. For tests and tools.
Dataset parseCsv(std::string text, const std::string& name, const CsvOptions& options = {},
    const CsvProgress& progress = {});

// Reads a whole file for the CSV reader and inspector: checks that path is a regular
// file within limits.maxFileBytes. Throws Error naming the path and the reason.
std::string readCsvFile(const std::string& path, const CsvLimits& limits);

// Checks the encoding (BOM, UTF-16, invalid UTF-8, empty file) and returns the offset
// where the CSV text starts (past a UTF-8 BOM). Throws CsvError.
std::size_t checkCsvText(const std::string& text, const std::string& name);
std::size_t checkCsvView(std::string_view text, const std::string& name);

} // namespace bitlab
