#include "app/cli/result_table.h"

#include "core/common/control_chars.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bitlab::cli {

namespace {
std::string number(double value, const char* format = "%.6g")
{
    if (!std::isfinite(value))
        return std::isnan(value) ? "-" : (value > 0 ? "inf" : "-inf");
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}
} // namespace

void ResultTable::add(const RunSummary& s)
{
    const Record& last = s.last;
    const double accuracy = m_hasTest ? last.testAccuracy : last.trainAccuracy;
    // The name is the user's text: control characters are escaped, never printed raw.
    m_rows.push_back({ escapeControlCharacters(s.name), toString(s.status),
        std::to_string(s.steps) + "/" + std::to_string(s.totalSteps), number(last.trainLoss),
        m_hasTest ? number(last.testLoss) : "-",
        m_classification ? number(100.0 * accuracy, "%.1f%%") : "-",
        number(s.trainSeconds, "%.2fs"), s.kernels });
}

std::string ResultTable::render() const
{
    std::vector<std::vector<std::string>> rows { { "run", "status", "steps", "train loss",
        "test loss", m_hasTest ? "test acc" : "train acc", "time", "kernels" } };
    rows.insert(rows.end(), m_rows.begin(), m_rows.end());
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], row[c].size());
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            // Text columns (run, status, kernels) left-aligned, numbers right-aligned.
            const std::string pad(width[c] - row[c].size(), ' ');
            line += c < 2 || c == 7 ? row[c] + pad : pad + row[c];
            if (c + 1 < row.size())
                line += "  ";
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + '\n';
    }
    return out;
}

} // namespace bitlab::cli
