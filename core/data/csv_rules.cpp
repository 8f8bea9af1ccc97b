#include "core/data/csv_rules.h"

#include "core/common/control_chars.h"
#include "core/data/csv_tokenizer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

namespace bitlab {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// 1,234 or 12,345,678.5: one to three digits, then groups of three after each comma.
bool isThousands(std::string_view s)
{
    std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    std::size_t lead = 0;
    while (i < s.size() && isDigit(s[i]))
        ++i, ++lead;
    if (lead < 1 || lead > 3 || i == s.size() || s[i] != ',')
        return false;
    while (i < s.size() && s[i] == ',') {
        ++i;
        for (int k = 0; k < 3; ++k, ++i)
            if (i >= s.size() || !isDigit(s[i]))
                return false;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (i == s.size())
            return false;
        while (i < s.size() && isDigit(s[i]))
            ++i;
    }
    return i == s.size();
}

// 1,5 or -0,25: digits, one comma, digits.
bool isDecimalComma(std::string_view s)
{
    std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    const std::size_t start = i;
    while (i < s.size() && isDigit(s[i]))
        ++i;
    if (i == s.size() || s[i] != ',')
        return false;
    const std::size_t comma = i++;
    if (i == s.size())
        return false;
    while (i < s.size() && isDigit(s[i]))
        ++i;
    return i == s.size() && (comma > start || comma + 1 < s.size());
}

// Number-like text around another candidate delimiter: "5;2" from "1,5;2,5" split on ','.
bool holdsNumbersAround(std::string_view s, char sep)
{
    if (s.find(sep) == std::string_view::npos)
        return false;
    return std::all_of(s.begin(), s.end(), [sep](char c) {
        return isDigit(c) || c == sep || c == ',' || c == '.' || c == '-' || c == '+' || c == 'e'
            || c == 'E' || c == ' ';
    });
}

std::string delimiterName(char d)
{
    return d == '\t' ? std::string("tab") : std::string { '\'', d, '\'' };
}

std::string formatLabel(double v)
{
    char buf[40];
    if (v == std::floor(v) && std::fabs(v) < 9.0e15) {
        auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
        return std::string(buf, r.ptr);
    }
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

} // namespace

CellKind parseCell(std::string_view cell, double& value)
{
    if (cell.empty())
        return CellKind::Empty;
    const char* b = cell.data();
    const char* const e = b + cell.size();
    if (*b == '+') {
        ++b;
        if (b == e || *b == '-' || *b == '+')
            return CellKind::Text;
    }
    const auto [ptr, ec] = std::from_chars(b, e, value);
    if (ptr != e)
        return CellKind::Text;
    if (ec == std::errc::result_out_of_range) {
        // from_chars reports underflow the same way; a tiny magnitude reads as zero.
        const auto epos = cell.find_first_of("eE");
        if (epos != std::string_view::npos && epos + 1 < cell.size() && cell[epos + 1] == '-') {
            value = cell[0] == '-' ? -0.0 : 0.0;
            return CellKind::Number;
        }
        return CellKind::OutOfRange;
    }
    if (ec != std::errc())
        return CellKind::Text;
    if (!std::isfinite(value))
        return CellKind::NonFinite;
    return CellKind::Number;
}

std::string quoteCell(std::string_view cell)
{
    constexpr std::size_t kMax = 40;
    std::string out(1, '"');
    if (cell.size() <= kMax)
        return out.append(escapeControlCharacters(cell)).append(1, '"');
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xC0) == 0x80)
        --cut; // do not split a UTF-8 sequence
    return out.append(escapeControlCharacters(cell.substr(0, cut))).append("...\"");
}

std::string controlCharacterProblem(std::string_view text, const char* what)
{
    const std::size_t at = findControlCharacter(text);
    if (at == std::string_view::npos)
        return {};
    return std::string(what) + " " + quoteCell(text) + " holds "
        + describeControlCharacter(text, at) + "; " + what
        + "s must be plain text without control characters";
}

std::string describeBadCell(std::string_view cell, CellKind kind, char delimiter)
{
    switch (kind) {
    case CellKind::Number:
        return quoteCell(cell) + " is a number";
    case CellKind::Empty:
        return "the cell is empty (a missing value); fill it in or remove the row";
    case CellKind::NonFinite:
        return quoteCell(cell) + " is a non-finite value; only finite numbers are allowed";
    case CellKind::OutOfRange:
        return quoteCell(cell)
            + " is out of range for a double (the largest magnitude is about 1.8e308)";
    case CellKind::Text:
        break;
    }
    if (delimiter == ',' && isThousands(cell)) {
        std::string plain;
        for (char c : cell)
            if (c != ',')
                plain += c;
        return quoteCell(cell) + " uses a thousands separator; write the number without it ("
            + plain + ")";
    }
    if (isDecimalComma(cell)) {
        std::string dotted(cell);
        std::replace(dotted.begin(), dotted.end(), ',', '.');
        return quoteCell(cell) + " uses a decimal comma; numbers need a decimal point (" + dotted
            + "), so re-export the file with '.' as the decimal separator";
    }
    for (char sep : { ';', '\t' })
        if (sep != delimiter && holdsNumbersAround(cell, sep))
            return quoteCell(cell) + " is not a number and holds a " + delimiterName(sep)
                + ": the file seems to be " + delimiterName(sep)
                + "-separated, so choose that delimiter (the file is read with "
                + delimiterName(delimiter) + ")";
    return quoteCell(cell) + " is not a number";
}

char detectDelimiter(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && (text[i] == '\n' || text[i] == '\r'))
        ++i;
    bool quoted = false;
    bool semicolon = false, tab = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '\n')
            break;
        else if (!quoted && c == ';')
            semicolon = true;
        else if (!quoted && c == '\t')
            tab = true;
    }
    return semicolon ? ';' : tab ? '\t' : ',';
}

bool looksLikeHeader(
    const std::vector<std::string_view>& first, const std::vector<std::string_view>* second)
{
    double v = 0;
    bool anyText = false, allText = true;
    for (auto cell : first) {
        const CellKind k = parseCell(cell, v);
        if (k == CellKind::Text)
            anyText = true;
        else if (k != CellKind::Empty)
            allText = false;
    }
    if (!anyText)
        return false;
    if (!second || allText)
        return true;
    const std::size_t n = std::min(first.size(), second->size());
    for (std::size_t j = 0; j < n; ++j)
        if (parseCell(first[j], v) == CellKind::Text
            && parseCell((*second)[j], v) == CellKind::Number)
            return true;
    return false;
}

bool convertOldMacLineEndings(char* text, std::size_t size)
{
    if (size == 0 || std::memchr(text, '\n', size) || !std::memchr(text, '\r', size))
        return false;
    std::replace(text, text + size, '\r', '\n');
    return true;
}

std::size_t findInvalidUtf8(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // Fast path: ASCII, 32 then 8 bytes at a time.
        if (i + 32 <= n) {
            std::uint64_t w[4];
            std::memcpy(w, s + i, 32);
            if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) == 0) {
                i += 32;
                continue;
            }
        }
        if (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; // no overlong forms
            if (c == 0xED)
                hi = 0x9F; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F; // <= U+10FFFF
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += len;
    }
    return std::string_view::npos;
}

TargetColumn analyzeTarget(const std::vector<std::string_view>& cells,
    const std::vector<std::int64_t>& lines, const std::string& taskChoice,
    const std::string& fileName, const std::string& columnName, int columnIndex, char delimiter)
{
    std::optional<Task> forced;
    if (taskChoice != "auto") {
        forced = taskFromString(taskChoice);
        if (!forced)
            throw Error("dataset.task must be one of auto, regression, binary, multiclass, got '"
                + taskChoice + "'.");
    }
    auto where = [&](std::size_t i) {
        return fileName + ", line " + std::to_string(lines[i]) + ", column \""
            + escapeControlCharacters(columnName) + "\" (the target): ";
    };
    auto fail = [&](std::size_t i, const std::string& what) {
        throw CsvError(where(i) + what + ".", lines[i], columnIndex);
    };
    auto failColumn = [&](const std::string& what) {
        throw CsvError(fileName + ", column \"" + escapeControlCharacters(columnName)
                + "\" (the target) " + what + ".",
            0, columnIndex);
    };

    const std::size_t n = cells.size();
    TargetColumn out;
    out.y.resize(n);
    std::size_t firstText = std::string_view::npos, firstBad = std::string_view::npos;
    CellKind badKind = CellKind::Number;
    for (std::size_t i = 0; i < n; ++i) {
        const CellKind k = parseCell(cells[i], out.y[i]);
        if (k == CellKind::Empty)
            fail(i, "the cell is empty (a missing value); every row needs a target value");
        if (k == CellKind::Text && firstText == std::string_view::npos)
            firstText = i;
        if ((k == CellKind::NonFinite || k == CellKind::OutOfRange)
            && firstBad == std::string_view::npos) {
            firstBad = i;
            badKind = k;
        }
    }

    auto chooseTask = [&](std::size_t classes) {
        if (forced == Task::Binary && classes > 2)
            failColumn("has " + std::to_string(classes)
                + " distinct values, but a binary target has at most 2; use task "
                  "multiclass or auto");
        if (classes > kMaxClasses)
            failColumn("has more than " + std::to_string(kMaxClasses)
                + " distinct values, too many classes");
        return forced ? *forced : (classes <= 2 ? Task::Binary : Task::Multiclass);
    };

    if (firstText != std::string_view::npos) {
        if (forced == Task::Regression)
            fail(firstText,
                quoteCell(cells[firstText])
                    + " is text, so the column cannot be a regression target; use task auto, "
                      "binary or multiclass");
        std::unordered_map<std::string_view, std::size_t> ids;
        std::vector<std::string_view> labels;
        std::vector<std::size_t> raw(n);
        std::size_t numbers = 0, texts = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double v;
            const CellKind kind = parseCell(cells[i], v);
            numbers += kind == CellKind::Number;
            texts += kind == CellKind::Text;
            auto [it, inserted] = ids.try_emplace(cells[i], labels.size());
            if (inserted) {
                const std::string bad = controlCharacterProblem(cells[i], "class label");
                if (!bad.empty())
                    fail(i, bad);
                labels.push_back(cells[i]);
                if (labels.size() > kMaxClasses)
                    chooseTask(labels.size());
            }
            raw[i] = it->second;
        }
        out.task = chooseTask(labels.size());
        // A few typos ("1,5", "0x1p3", "n/a") in a column of numbers make every distinct
        // value a class: legal, but almost never meant, so it is said.
        if (!forced && numbers > texts)
            out.warnings.push_back(where(firstText)
                + describeBadCell(cells[firstText], CellKind::Text, delimiter)
                + "; because of it the target, numbers in " + std::to_string(numbers) + " of its "
                + std::to_string(n) + " cells, was read as " + std::to_string(labels.size())
                + " classes instead of numbers: correct the " + std::to_string(texts)
                + (texts == 1 ? " text cell" : " text cells")
                + " to read it as numbers, or choose a classification task to keep the classes.");
        std::vector<std::size_t> order(labels.size());
        for (std::size_t k = 0; k < order.size(); ++k)
            order[k] = k;
        std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return labels[a] < labels[b]; });
        std::vector<std::size_t> rank(labels.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            rank[order[k]] = k;
            out.classLabels.emplace_back(labels[order[k]]);
        }
        for (std::size_t i = 0; i < n; ++i)
            out.y[i] = static_cast<double>(rank[raw[i]]);
        return out;
    }
    if (firstBad != std::string_view::npos)
        fail(firstBad, describeBadCell(cells[firstBad], badKind, delimiter));
    if (forced == Task::Regression)
        return out;

    // All numbers: count distinct values, stopping as soon as the answer is known.
    std::map<double, std::size_t> distinct;
    bool allInteger = true;
    const std::size_t cap = forced ? kMaxClasses + 1 : 21;
    for (std::size_t i = 0; i < n && distinct.size() < cap; ++i) {
        const double v = out.y[i];
        if (v != std::floor(v)) {
            allInteger = false;
            if (!forced)
                break;
        }
        distinct.emplace(v, 0);
    }
    if (!forced) {
        const bool categorical = allInteger && distinct.size() <= 20 && 2 * distinct.size() <= n;
        if (!categorical) {
            out.task = Task::Regression;
            return out;
        }
    }
    out.task = chooseTask(distinct.size());
    std::size_t k = 0;
    for (auto& [value, index] : distinct) {
        index = k++;
        out.classLabels.push_back(formatLabel(value));
    }
    for (auto& v : out.y)
        v = static_cast<double>(distinct.at(v));
    return out;
}

} // namespace bitlab
