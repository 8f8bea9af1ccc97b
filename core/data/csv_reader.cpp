#include "core/data/csv_reader.h"

#include "core/common/control_chars.h"
#include "core/common/join_names.h"
#include "core/common/regular_file.h"
#include "core/data/csv_rules.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace bitlab {

namespace {

std::string quoteName(const std::string& name)
{
    std::string quoted(1, '"');
    quoted += escapeControlCharacters(name);
    return quoted += '"';
}

std::string plural(std::int64_t n, const char* word)
{
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Plain decimals ("-12.375", "0", ".5"; no exponent, no '+', at most 15 significant
// digits and 22 decimals) read exactly: the digits form an integer m < 10^15 < 2^53 and
// 10^k (k <= 22) is a double, so m / 10^k is one correctly rounded division, the same
// double std::from_chars returns (Clinger's fast path). Anything else returns nullptr and
// the caller uses from_chars, so the numbers never depend on which path read them.
const char* parsePlainDecimal(const char* p, const char* end, double& v)
{
    static constexpr double kPow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
        1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    const bool negative = p < end && *p == '-';
    const char* q = negative ? p + 1 : p;
    std::uint64_t m = 0;
    int digits = 0; // significant digits taken into m (leading zeros not counted)
    int anyDigits = 0;
    while (q < end && static_cast<unsigned char>(*q - '0') < 10) {
        m = m * 10 + static_cast<unsigned>(*q - '0');
        digits += m != 0;
        ++anyDigits;
        ++q;
    }
    int decimals = 0;
    if (q < end && *q == '.') {
        ++q;
        while (q < end && static_cast<unsigned char>(*q - '0') < 10) {
            m = m * 10 + static_cast<unsigned>(*q - '0');
            digits += m != 0;
            ++decimals;
            ++anyDigits;
            ++q;
        }
    }
    if (anyDigits == 0 || digits > 15 || decimals > 22 || anyDigits > 19)
        return nullptr;
    if (q < end && (*q == 'e' || *q == 'E' || *q == '.' || *q == 'x' || *q == 'X'))
        return nullptr; // an exponent or something odd: from_chars decides
    const double value = static_cast<double>(m) / kPow10[decimals];
    v = negative ? -value : value;
    return q;
}

// Asks the kernel for 2 MiB pages for a large fresh buffer before it is first written: a
// 376 MB matrix then takes about 190 page faults instead of 92,000 (each costs microseconds
// in a virtual machine, a third of the load time of W4's file, docs/performance.md). Only
// a hint: nothing changes where transparent huge pages are off.
void adviseHugePages(void* data, std::size_t bytes)
{
#if defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t { 1 } << 21;
    if (bytes < 4 * kHuge)
        return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t last = (begin + bytes) & ~(kHuge - 1);
    if (last > first)
        ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

} // namespace

namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& reason)
{
    throw Error("Cannot read '" + path + "': " + reason + ".");
}

// Reads the whole of an opened regular file (the descriptor is closed).
std::string readOpened(RegularFile& file, const std::string& path, const CsvLimits& limits)
{
    const std::uint64_t size = file.size();
    if (size > limits.maxFileBytes)
        refuse(path,
            "the file has " + std::to_string(size) + " bytes, more than the limit of "
                + std::to_string(limits.maxFileBytes));
    std::unique_ptr<std::FILE, FileCloser> f(::fdopen(file.fd(), "rb"));
    if (!f)
        refuse(path, std::strerror(errno));
    file.release(); // the FILE owns it now
    std::string text;
    text.resize(static_cast<std::size_t>(size));
    const std::size_t got = size ? std::fread(text.data(), 1, text.size(), f.get()) : 0;
    if (got != text.size())
        refuse(path, "the file changed or could not be read while loading");
    return text;
}

} // namespace

std::string readCsvFile(const std::string& path, const CsvLimits& limits)
{
    RegularFile file(path);
    if (!file.ok())
        refuse(path, file.reason());
    return readOpened(file, path, limits);
}

std::size_t checkCsvText(const std::string& text, const std::string& name)
{
    return checkCsvView(std::string_view(text), name);
}

std::size_t checkCsvView(std::string_view text, const std::string& name)
{
    const auto* u = reinterpret_cast<const unsigned char*>(text.data());
    if (text.size() >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        throw CsvError(name
                + " is encoded as UTF-16 (it starts with a UTF-16 byte order mark); "
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

namespace {

// A private, writable memory map of a whole file (the tokenizer unescapes quoted fields
// in place; MAP_PRIVATE keeps those writes out of the file). The file's pages are the
// kernel's page cache, not heap: loading needs the matrix plus a little, not the file
// plus the matrix. Empty when the file cannot be mapped (the caller then reads it).
class MappedFile {
public:
    MappedFile(int fd, std::size_t size)
    {
#if defined(__unix__) || defined(__APPLE__)
        if (size == 0)
            return;
        void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED)
            return;
        ::madvise(p, size, MADV_SEQUENTIAL);
        m_data = static_cast<char*>(p);
        m_size = size;
#else
        (void)fd;
        (void)size;
#endif
    }
    ~MappedFile()
    {
#if defined(__unix__) || defined(__APPLE__)
        if (m_data)
            ::munmap(m_data, m_size);
#endif
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    char* data() const
    {
        return m_data;
    }
    std::size_t size() const
    {
        return m_size;
    }

private:
    char* m_data = nullptr;
    std::size_t m_size = 0;
};

Dataset parseBuffer(char* text, std::size_t textSize, const std::string& name,
    const CsvOptions& options, const CsvProgress& progress);

} // namespace

Dataset readCsv(const std::string& path, const CsvOptions& options, const CsvProgress& progress)
{
    // The same checks as readCsvFile(), then a memory map of the checked, opened file; a
    // file that cannot be mapped (or is empty) is read into memory instead.
    RegularFile file(path);
    if (!file.ok())
        refuse(path, file.reason());
    const std::uint64_t size = file.size();
    if (size > 0 && size <= options.limits.maxFileBytes) {
        MappedFile map(file.fd(), static_cast<std::size_t>(size));
        if (map.data())
            return parseBuffer(map.data(), map.size(), path, options, progress);
    }
    return parseCsv(readOpened(file, path, options.limits), path, options, progress);
}

Dataset parseCsv(std::string text, const std::string& name, const CsvOptions& options,
    const CsvProgress& progress)
{
    return parseBuffer(text.data(), text.size(), name, options, progress);
}

namespace {

Dataset parseBuffer(char* text, std::size_t textSize, const std::string& name,
    const CsvOptions& options, const CsvProgress& progress)
{
    const std::size_t start = checkCsvView(std::string_view(text, textSize), name);
    char* const data = text + start;
    const std::size_t size = textSize - start;
    const std::string_view view(data, size);
    const bool oldMac = convertOldMacLineEndings(data, size);

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
                + " has no name in the header; it is called " + names[j] + ".");
        }
        const std::string bad = controlCharacterProblem(names[j], "column name");
        if (!bad.empty())
            throw CsvError(name + ", line " + std::to_string(firstLine) + ", column "
                    + std::to_string(j + 1) + ": the " + bad + ".",
                firstLine, static_cast<int>(j + 1));
    }
    if (oldMac)
        ds.warnings.push_back(name
            + ": the lines end with a carriage return alone (old Mac OS line endings); they "
              "were read as line breaks.");
    {
        std::unordered_map<std::string_view, std::size_t> seen;
        for (std::size_t j = 0; j < cols; ++j) {
            auto [it, inserted] = seen.emplace(names[j], j);
            if (!inserted)
                throw CsvError(name + ", line " + std::to_string(firstLine) + ": columns "
                        + std::to_string(it->second + 1) + " and " + std::to_string(j + 1)
                        + " are both named " + quoteName(names[j])
                        + "; column names must be unique.",
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
            std::string list
                = joinNames(names, [](const auto& n) { return escapeControlCharacters(n); });
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
    for (const char* c = data; (c = static_cast<const char*>(std::memchr(
                                    c, '\n', static_cast<std::size_t>(data + size - c))));
         ++c)
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
    adviseHugePages(x.data(), static_cast<std::size_t>(x.size()) * sizeof(double));
    double* out = x.data();
    std::vector<std::string_view> targetCells;
    std::vector<std::int64_t> lines;
    targetCells.reserve(estimate);
    lines.reserve(estimate);

    const std::size_t reportEvery = std::size_t { 1 } << 20;
    std::size_t nextReport = reportEvery;
    Index row = 0;
    auto takeRecord = [&](const std::vector<std::string_view>& fields, std::int64_t line) {
        if (fields.size() != cols)
            throw CsvError(name + ", line " + std::to_string(line) + ": expected "
                    + plural(static_cast<std::int64_t>(cols), "field") + ", found "
                    + std::to_string(fields.size())
                    + (header ? " (the header has " + std::to_string(cols) + " columns)."
                              : " (the first row has " + std::to_string(cols) + ")."),
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
    const std::size_t fastLimit
        = std::min(options.limits.maxLineBytes, options.limits.maxFieldBytes);
    auto fastRecord = [&](char* p, std::int64_t line) -> char* {
        char* const recordStart = p;
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
                while (stop < end && *stop != delimiter && *stop != '\n' && *stop != '"'
                    && *stop != '\0')
                    ++stop;
                char* cellEnd = stop;
                if (last && cellEnd > p && cellEnd[-1] == '\r')
                    --cellEnd;
                if (cellEnd == p || cellEnd[-1] == ' ' || cellEnd[-1] == '\t')
                    break;
                targetCell = std::string_view(p, static_cast<std::size_t>(cellEnd - p));
            } else {
                double v;
                const char* ptr = parsePlainDecimal(p, end, v);
                if (!ptr) {
                    const auto r = std::from_chars(p, end, v);
                    if (r.ec != std::errc() || r.ptr == p || !std::isfinite(v))
                        break;
                    ptr = r.ptr;
                }
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
            if (static_cast<std::size_t>(stop - recordStart) > fastLimit)
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
    ds.warnings.insert(ds.warnings.end(), t.warnings.begin(), t.warnings.end());
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

} // namespace

} // namespace bitlab
