#include "core/data/csv_inspect.h"

#include "core/common/control_chars.h"
#include "core/data/csv_rules.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace bitlab {

namespace {

struct ColumnStats {
    std::int64_t numbers = 0, texts = 0, missing = 0, nonFinite = 0, outOfRange = 0;
    std::int64_t firstTextLine = 0, firstMissingLine = 0, firstNonFiniteLine = 0,
                 firstOutOfRangeLine = 0;
    std::string firstText, firstNonFinite, firstOutOfRange;
};

std::string quoteName(const std::string& name)
{
    std::string quoted(1, '"');
    quoted += escapeControlCharacters(name);
    return quoted += '"';
}

std::string count(std::int64_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

constexpr int kRaggedListed = 5;

} // namespace

CsvInspection inspectCsv(const std::string& path, const CsvOptions& options)
{
    std::string text;
    try {
        text = readCsvFile(path, options.limits);
    } catch (const Error& e) {
        CsvInspection r;
        r.file = path;
        r.error = e.what();
        return r;
    }
    return inspectCsvText(std::move(text), path, options);
}

CsvInspection inspectCsvText(std::string text, const std::string& name, const CsvOptions& options)
{
    CsvInspection r;
    r.file = name;
    try {
        const std::size_t start = checkCsvText(text, name);
        char* const data = text.data() + start;
        const std::size_t size = text.size() - start;
        if (convertOldMacLineEndings(data, size))
            r.problems.push_back("The lines end with a carriage return alone (old Mac OS line "
                                 "endings); they are read as line breaks.");
        r.delimiter
            = options.delimiter ? options.delimiter : detectDelimiter(std::string_view(data, size));
        CsvTokenizer tok(data, size, r.delimiter, options.limits, name);
        tok.next();
        const std::vector<std::string_view> first = tok.fields();
        const std::int64_t firstLine = tok.line();
        bool haveRecord = tok.next();
        r.header = options.header == CsvHeader::Present
            || (options.header == CsvHeader::Auto
                && looksLikeHeader(first, haveRecord ? &tok.fields() : nullptr));

        const std::size_t cols = first.size();
        for (std::size_t j = 0; j < cols; ++j) {
            CsvColumnInfo c;
            c.name = r.header ? std::string(first[j]) : "col" + std::to_string(j + 1);
            if (c.name.empty()) {
                c.name = "col" + std::to_string(j + 1);
                r.problems.push_back("Column " + std::to_string(j + 1)
                    + " has no name in the header; it is called " + c.name + ".");
            }
            const std::string bad = controlCharacterProblem(c.name, "column name");
            if (!bad.empty()) {
                std::string problem = "Line ";
                problem += std::to_string(firstLine) + ", column " + std::to_string(j + 1);
                r.problems.push_back(problem + ": the " + bad + ".");
            }
            r.columns.push_back(std::move(c));
        }
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t j = 0; j < cols; ++j) {
            auto [it, inserted] = seen.emplace(r.columns[j].name, j);
            if (!inserted)
                r.problems.push_back("Columns " + std::to_string(it->second + 1) + " and "
                    + std::to_string(j + 1) + " are both named " + quoteName(r.columns[j].name)
                    + "; column names must be unique.");
        }

        std::size_t target = cols - 1;
        bool targetFound = true;
        if (!options.target.empty()) {
            const auto it = std::find_if(r.columns.begin(), r.columns.end(),
                [&](const CsvColumnInfo& c) { return c.name == options.target; });
            targetFound = it != r.columns.end();
            if (targetFound)
                target = static_cast<std::size_t>(it - r.columns.begin());
            else
                r.problems.push_back("There is no column named " + quoteName(options.target)
                    + " to use as the target.");
        }
        if (targetFound)
            r.target = r.columns[target].name;

        std::vector<ColumnStats> stats(cols);
        std::vector<std::string_view> targetCells;
        std::vector<std::int64_t> targetLines;
        std::int64_t ragged = 0;
        auto take = [&](const std::vector<std::string_view>& fields, std::int64_t line) {
            ++r.rows;
            if (fields.size() != cols) {
                if (++ragged <= kRaggedListed)
                    r.problems.push_back("Line " + std::to_string(line) + ": expected "
                        + std::to_string(cols) + " fields, found " + std::to_string(fields.size())
                        + ".");
            }
            const std::size_t n = std::min(cols, fields.size());
            for (std::size_t j = 0; j < n; ++j) {
                ColumnStats& s = stats[j];
                double v;
                switch (parseCell(fields[j], v)) {
                case CellKind::Number:
                    ++s.numbers;
                    break;
                case CellKind::Empty:
                    if (s.missing++ == 0)
                        s.firstMissingLine = line;
                    break;
                case CellKind::Text:
                    if (s.texts++ == 0) {
                        s.firstTextLine = line;
                        s.firstText = fields[j];
                    }
                    break;
                case CellKind::NonFinite:
                    ++s.numbers;
                    if (s.nonFinite++ == 0) {
                        s.firstNonFiniteLine = line;
                        s.firstNonFinite = fields[j];
                    }
                    break;
                case CellKind::OutOfRange:
                    ++s.numbers;
                    if (s.outOfRange++ == 0) {
                        s.firstOutOfRangeLine = line;
                        s.firstOutOfRange = fields[j];
                    }
                    break;
                }
                if (j == target && targetFound && !fields[j].empty()) {
                    targetCells.push_back(fields[j]);
                    targetLines.push_back(line);
                }
            }
        };
        if (!r.header)
            take(first, firstLine);
        while (haveRecord) {
            take(tok.fields(), tok.line());
            haveRecord = tok.next();
        }
        r.emptyLines = tok.emptyLines();
        if (ragged > kRaggedListed)
            r.problems.push_back(std::to_string(ragged - kRaggedListed)
                + " more lines have the wrong number of fields.");
        if (r.rows == 0)
            r.problems.push_back("The file has a header line but no data rows.");
        if (cols < 2)
            r.problems.push_back("The file has only one column; it needs at least one feature "
                                 "column and a target column.");

        for (std::size_t j = 0; j < cols; ++j) {
            const ColumnStats& s = stats[j];
            CsvColumnInfo& c = r.columns[j];
            c.missing = s.missing;
            c.type = s.texts == 0 ? "number" : s.numbers == 0 ? "text" : "mixed";
            const bool isTarget = targetFound && j == target;
            const std::string col = "Column " + quoteName(c.name);
            if (s.texts > 0 && !isTarget)
                r.problems.push_back(col + " is a feature but holds "
                    + count(s.texts, "text cell", "text cells") + " (first on line "
                    + std::to_string(s.firstTextLine) + ": "
                    + describeBadCell(s.firstText, CellKind::Text, r.delimiter)
                    + "); feature columns must be numeric.");
            if (s.missing > 0)
                r.problems.push_back(col + " has "
                    + count(s.missing, "missing cell", "missing cells") + " (first on line "
                    + std::to_string(s.firstMissingLine) + ").");
            if (s.nonFinite > 0 && (!isTarget || s.texts == 0))
                r.problems.push_back(col + " has "
                    + count(s.nonFinite, "non-finite value", "non-finite values")
                    + " (first on line " + std::to_string(s.firstNonFiniteLine) + ": "
                    + quoteCell(s.firstNonFinite) + ").");
            if (s.outOfRange > 0 && (!isTarget || s.texts == 0))
                r.problems.push_back(col + " has " + count(s.outOfRange, "value", "values")
                    + " out of range for a double (first on line "
                    + std::to_string(s.firstOutOfRangeLine) + ": " + quoteCell(s.firstOutOfRange)
                    + ").");
        }

        if (targetFound && !targetCells.empty()) {
            try {
                TargetColumn t = analyzeTarget(targetCells, targetLines, options.task, name,
                    r.target, static_cast<int>(target + 1), r.delimiter);
                r.task = toString(t.task);
                r.classes = std::move(t.classLabels);
                r.problems.insert(r.problems.end(), t.warnings.begin(), t.warnings.end());
            } catch (const CsvError& e) {
                // Non-finite target values are already listed above.
                const ColumnStats& s = stats[target];
                if (!(s.texts == 0 && (s.nonFinite > 0 || s.outOfRange > 0)))
                    r.problems.push_back(e.what());
            }
        }
    } catch (const CsvError& e) {
        r.error = e.what();
        r.errorLine = e.line();
        r.errorColumn = e.column();
    } catch (const Error& e) {
        r.error = e.what();
    }
    return r;
}

} // namespace bitlab
