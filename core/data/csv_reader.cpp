#include "core/data/csv_reader.h"

#include "core/data/csv_rules.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>

namespace bitlab {

namespace {

std::string quoteName(const std::string& name) { return "\"" + name + "\""; }

std::string plural(std::int64_t n, const char* word)
{
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

} // namespace

std::string readCsvFile(const std::string& path, const CsvLimits& limits)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st))
        throw Error("Cannot open '" + path + "': no such file.");
    if (fs::is_directory(st))
        throw Error("Cannot read '" + path + "': it is a directory, not a CSV file.");
    if (!fs::is_regular_file(st))
        throw Error("Cannot read '" + path + "': it is not a regular file.");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec)
        throw Error("Cannot read '" + path + "': " + ec.message() + ".");
    if (size > limits.maxFileBytes)
        throw Error("Cannot read '" + path + "': the file has " + std::to_string(size)
                    + " bytes, more than the limit of " + std::to_string(limits.maxFileBytes)
                    + ".");
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f)
        throw Error("Cannot open '" + path + "': " + std::strerror(errno) + ".");
    std::string text;
    text.resize(static_cast<std::size_t>(size));
    const std::size_t got = size ? std::fread(text.data(), 1, text.size(), f.get()) : 0;
    if (got != text.size())
        throw Error("Cannot read '" + path + "': the file changed or could not be read while "
                    "loading.");
    return text;
}

std::size_t checkCsvText(const std::string& text, const std::string& name)
{
    const auto* u = reinterpret_cast<const unsigned char*>(text.data());
    if (text.size() >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        throw CsvError(name + " is encoded as UTF-16 (it starts with a UTF-16 byte order mark); "
                              "save it as UTF-8.",
                       1, 0);
    std::size_t start = 0;
    if (text.size() >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        start = 3;
    const std::string_view body(text.data() + start, text.size() - start);
    const std::size_t bad = findInvalidUtf8(body);
    if (bad != std::string_view::npos) {
        const auto line = 1 + std::count(body.begin(), body.begin() + static_cast<long>(bad), '\n');
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(body[bad]));
        throw CsvError(name + ", line " + std::to_string(line) + ": byte " + hex
                           + " is not valid UTF-8; save the file as UTF-8.",
                       line, 0);
    }
    if (body.find_first_not_of("\r\n") == std::string_view::npos)
        throw CsvError(name + " is empty; a CSV file needs a row of values at least.", 0, 0);
    return start;
}

Dataset readCsv(const std::string& path, const CsvOptions& options, const CsvProgress& progress)
{
    return parseCsv(readCsvFile(path, options.limits), path, options, progress);
}

Dataset parseCsv(std::string text, const std::string& name, const CsvOptions& options,
                 const CsvProgress& progress)
{
    const std::size_t start = checkCsvText(text, name);
    char* const data = text.data() + start;
    const std::size_t size = text.size() - start;
    const std::string_view view(data, size);

    char delimiter = options.delimiter;
    if (delimiter == 0)
        delimiter = detectDelimiter(view);
    if (delimiter != ',' && delimiter != ';' && delimiter != '\t')
        throw Error("The CSV delimiter must be ',', ';' or a tab.");

    CsvTokenizer tok(data, size, delimiter, options.limits, name);
    tok.next(); // not empty: checkCsvText saw a non-empty line
    const std::vector<std::string_view> first = tok.fields();
    const std::int64_t firstLine = tok.line();
    const bool haveSecond = tok.next();

    bool header = options.header == CsvHeader::Present;
    if (options.header == CsvHeader::Auto)
        header = looksLikeHeader(first, haveSecond ? &tok.fields() : nullptr);

    const std::size_t cols = first.size();
    Dataset ds;
    ds.name = std::filesystem::path(name).filename().string();
    std::vector<std::string> names(cols);
    for (std::size_t j = 0; j < cols; ++j) {
        names[j] = header ? std::string(first[j]) : "col" + std::to_string(j + 1);
        if (names[j].empty()) {
            names[j] = "col" + std::to_string(j + 1);
            ds.warnings.push_back("Column " + std::to_string(j + 1)
                                  + " has no name in the header; it is called " + names[j]
                                  + ".");
        }
    }
    {
        std::unordered_map<std::string_view, std::size_t> seen;
        for (std::size_t j = 0; j < cols; ++j) {
            auto [it, inserted] = seen.emplace(names[j], j);
            if (!inserted)
                throw CsvError(name + ", line " + std::to_string(firstLine) + ": columns "
                                   + std::to_string(it->second + 1) + " and "
                                   + std::to_string(j + 1) + " are both named "
                                   + quoteName(names[j]) + "; column names must be unique.",
                               firstLine, static_cast<int>(j + 1));
        }
    }
    if (header && !haveSecond)
        throw CsvError(name + " has a header line but no data rows.", firstLine, 0);
    if (cols < 2)
        throw CsvError(name + " has only one column (" + quoteName(names[0])
                           + "); it needs at least one feature column and a target column"
                           + (delimiter == ',' ? " (is the delimiter ',' right?)." : "."),
                       firstLine, 1);

    std::size_t target = cols - 1;
    if (!options.target.empty()) {
        const auto it = std::find(names.begin(), names.end(), options.target);
        if (it == names.end()) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            if (list.size() > 200)
                list = list.substr(0, 200) + "...";
            throw CsvError(name + " has no column named " + quoteName(options.target)
                               + " to use as the target; its columns are: " + list + ".",
                           firstLine, 0);
        }
        target = static_cast<std::size_t>(it - names.begin());
    }
    const auto d = static_cast<Index>(cols - 1);
    std::vector<Index> featureOf(cols, -1);
    for (std::size_t j = 0, k = 0; j < cols; ++j)
        if (j != target)
            featureOf[j] = static_cast<Index>(k++);

    // An upper bound of the row count: line breaks, plus an unterminated last line.
    std::uint64_t breaks = 0;
    for (const char* c = data; (c = static_cast<const char*>(std::memchr(c, '\n', static_cast<std::size_t>(data + size - c)))); ++c)
        ++breaks;
    std::uint64_t estimate = breaks + (view.back() != '\n' ? 1 : 0);
    if (header && estimate > 0)
        --estimate;
    if (estimate * cols > options.limits.maxCells)
        throw CsvError(name + " has about " + std::to_string(estimate) + " rows of "
                           + std::to_string(cols) + " columns, more than the limit of "
                           + std::to_string(options.limits.maxCells) + " cells.",
                       0, 0);

    Matrix x(static_cast<Index>(estimate), d);
    double* out = x.data();
    std::vector<std::string_view> targetCells;
    std::vector<std::int64_t> lines;
    targetCells.reserve(estimate);
    lines.reserve(estimate);

    const std::size_t reportEvery = std::size_t{1} << 20;
    std::size_t nextReport = reportEvery;
    Index row = 0;
    auto takeRecord = [&](const std::vector<std::string_view>& fields, std::int64_t line) {
        if (fields.size() != cols)
            throw CsvError(name + ", line " + std::to_string(line) + ": expected "
                               + plural(static_cast<std::int64_t>(cols), "field") + ", found "
                               + std::to_string(fields.size())
                               + (header ? " (the header has " + std::to_string(cols)
                                          + " columns)."
                                         : " (the first row has " + std::to_string(cols)
                                          + ")."),
                           line, static_cast<int>(std::min(fields.size(), cols) + 1));
        if (row >= x.rows()) // cannot happen: estimate counts every line break
            throw CsvError(name + ": more rows than line breaks.", line, 0);
        for (std::size_t j = 0; j < cols; ++j) {
            if (j == target) {
                targetCells.push_back(fields[j]);
                continue;
            }
            double v;
            const CellKind kind = parseCell(fields[j], v);
            if (kind != CellKind::Number) {
                std::string why = describeBadCell(fields[j], kind, delimiter);
                if (why.ends_with("is not a number"))
                    why += "; feature columns must be numeric";
                throw CsvError(name + ", line " + std::to_string(line) + ", column "
                                   + quoteName(names[j]) + ": " + why + ".",
                               line, static_cast<int>(j + 1));
            }
            *out++ = v;
        }
        lines.push_back(line);
        ++row;
    };

    // Fast path: a record of plain numbers (no quotes, no spaces, no text) is parsed
    // straight from the buffer with from_chars, which also finds the field ends. Anything
    // else returns nullptr and the record goes through the tokenizer and takeRecord(),
    // which read the same text with the same from_chars, so both paths give the same
    // numbers and takeRecord() gives the error messages.
    char* const end = data + size;
    const std::size_t fastLimit = std::min(options.limits.maxLineBytes, options.limits.maxFieldBytes);
    auto fastRecord = [&](char* p, std::int64_t line) -> char* {
        char* const start = p;
        if (row >= x.rows())
            return nullptr;
        double* const rowOut = out;
        std::string_view targetCell;
        for (std::size_t j = 0; j < cols; ++j) {
            const bool last = j + 1 == cols;
            char* stop;
            if (j == target) {
                if (p == end || *p == '"' || *p == ' ' || *p == '\t')
                    break;
                stop = p;
                while (stop < end && *stop != delimiter && *stop != '\n' && *stop != '"')
                    ++stop;
                char* cellEnd = stop;
                if (last && cellEnd > p && cellEnd[-1] == '\r')
                    --cellEnd;
                if (cellEnd == p || cellEnd[-1] == ' ' || cellEnd[-1] == '\t')
                    break;
                targetCell = std::string_view(p, static_cast<std::size_t>(cellEnd - p));
            } else {
                double v;
                const auto [ptr, ec] = std::from_chars(p, end, v);
                if (ec != std::errc() || ptr == p || !std::isfinite(v))
                    break;
                *out++ = v;
                stop = const_cast<char*>(ptr);
                if (last && stop < end && *stop == '\r')
                    ++stop;
            }
            if (!last) {
                if (stop == end || *stop != delimiter)
                    break;
                p = stop + 1;
                continue;
            }
            if (stop != end && *stop != '\n')
                break;
            if (static_cast<std::size_t>(stop - start) > fastLimit)
                break;
            targetCells.push_back(targetCell);
            lines.push_back(line);
            ++row;
            return stop == end ? end : stop + 1;
        }
        out = rowOut;
        return nullptr;
    };

    if (!header)
        takeRecord(first, firstLine);
    if (haveSecond)
        takeRecord(tok.fields(), tok.line());
    for (;;) {
        char* const p = tok.cursor();
        if (p == end)
            break;
        if (char* next = fastRecord(p, tok.nextLine())) {
            tok.skipRecord(next);
        } else {
            if (!tok.next())
                break;
            takeRecord(tok.fields(), tok.line());
        }
        if (progress && tok.offset() >= nextReport) {
            nextReport = tok.offset() + reportEvery;
            if (!progress(static_cast<double>(tok.offset()) / static_cast<double>(size)))
                throw CsvCancelled("Loading " + name + " was cancelled.");
        }
    }

    if (row < x.rows())
        x.conservativeResize(row, d);
    TargetColumn t = analyzeTarget(targetCells, lines, options.task, name, names[target],
                                   static_cast<int>(target + 1), delimiter);

    ds.x = std::move(x);
    ds.y = Eigen::Map<Matrix>(t.y.data(), row, 1);
    ds.task = t.task;
    ds.classLabels = std::move(t.classLabels);
    ds.targetName = names[target];
    for (std::size_t j = 0; j < cols; ++j)
        if (j != target)
            ds.featureNames.push_back(names[j]);
    if (tok.emptyLines() > 0)
        ds.warnings.push_back(name + ": skipped " + plural(tok.emptyLines(), "empty line") + ".");
    if (progress && !progress(1.0))
        throw CsvCancelled("Loading " + name + " was cancelled.");
    return ds;
}

} // namespace bitlab
