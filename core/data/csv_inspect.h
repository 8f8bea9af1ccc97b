#pragma once
// inspectCsv: what the CSV loader sees in a file, without loading it for training.
// This is `bitlab-cli inspect DATA.csv [--json]` (DESIGN §4) and the GUI's data preview.
//
// Unlike readCsv() it does not stop at the first bad cell: ragged rows, text or missing
// cells, non-finite values are counted and listed in `problems` (one sentence each, the
// first few of every kind with their line). Only a file that cannot be tokenized at all
// (missing, a directory, too large, not UTF-8, an unterminated quote, a limit, empty)
// gives `error` with its line and column (0 where unknown).

#include "core/data/csv_reader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bitlab {

struct CsvColumnInfo {
    std::string name;
    std::string type;          // "number" | "text" | "mixed" (over the non-empty cells)
    std::int64_t missing = 0;  // empty cells
};

struct CsvInspection {
    std::string file;
    std::int64_t rows = 0;          // data rows (header excluded)
    bool header = false;            // the first line was read as a header
    char delimiter = ',';
    std::int64_t emptyLines = 0;    // fully empty lines skipped
    std::vector<CsvColumnInfo> columns;
    std::string target;             // target column name
    std::string task;               // regression | binary | multiclass; empty = undecidable
    std::vector<std::string> classes; // classification: the class labels in index order
    std::vector<std::string> problems;
    // Set when the file could not be tokenized; everything above may be partial then.
    std::string error;
    std::int64_t errorLine = 0;
    int errorColumn = 0;

    bool ok() const { return error.empty(); }
};

// Never throws for a bad file; see CsvInspection::error.
CsvInspection inspectCsv(const std::string& path, const CsvOptions& options = {});
// The same for text in memory (name stands for the file in messages).
CsvInspection inspectCsvText(std::string text, const std::string& name,
                             const CsvOptions& options = {});

} // namespace bitlab
