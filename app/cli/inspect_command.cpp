#include "app/cli/inspect_command.h"

#include "core/common/control_chars.h"
#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/data/csv_inspect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>

namespace bitlab::cli {

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QJsonArray stringArray(const std::vector<std::string>& values)
{
    QJsonArray array;
    for (const std::string& v : values)
        array.append(q(v));
    return array;
}

QByteArray inspectionJson(const CsvInspection& in)
{
    QJsonObject root;
    if (!in.ok()) {
        root.insert(QStringLiteral("error"), q(in.error));
        root.insert(QStringLiteral("line"), static_cast<qint64>(in.errorLine));
        root.insert(QStringLiteral("column"), in.errorColumn);
    } else {
        QJsonArray columns;
        for (const CsvColumnInfo& c : in.columns)
            columns.append(QJsonObject { { QStringLiteral("name"), q(c.name) },
                { QStringLiteral("type"), q(c.type) },
                { QStringLiteral("missing"), static_cast<qint64>(c.missing) } });
        root.insert(QStringLiteral("rows"), static_cast<qint64>(in.rows));
        root.insert(QStringLiteral("columns"), columns);
        root.insert(QStringLiteral("target"), q(in.target));
        root.insert(
            QStringLiteral("task"), in.task.empty() ? QJsonValue() : QJsonValue(q(in.task)));
        root.insert(QStringLiteral("classes"), stringArray(in.classes));
        root.insert(QStringLiteral("problems"), stringArray(in.problems));
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

// Every piece of the file's text is escaped (escapeControlCharacters): column names, class
// labels and problems may hold NUL, ESC or line breaks, which must not reach a terminal raw.
std::string inspectionText(const CsvInspection& in)
{
    auto shown = [](const std::string& text) { return escapeControlCharacters(text); };
    std::string out = "file:     " + shown(in.file) + "\n";
    const std::string delimiter = in.delimiter == '\t' ? "tab" : std::string(1, in.delimiter);
    out += "rows:     " + std::to_string(in.rows) + " (header: " + (in.header ? "yes" : "no")
        + ", delimiter: '" + delimiter + "'";
    if (in.emptyLines > 0)
        out += ", " + std::to_string(in.emptyLines) + " empty lines skipped";
    out += ")\ncolumns:\n";
    std::size_t width = 4;
    for (const CsvColumnInfo& c : in.columns)
        width = std::max(width, shown(c.name).size());
    for (const CsvColumnInfo& c : in.columns) {
        char line[64];
        std::snprintf(line, sizeof line, "  %-6s %6lld missing", c.type.c_str(),
            static_cast<long long>(c.missing));
        const std::string name = shown(c.name);
        out += "  " + name + std::string(width - name.size(), ' ') + line
            + (c.name == in.target ? "   <- target" : "") + "\n";
    }
    out += "target:   " + (in.target.empty() ? std::string("(none)") : shown(in.target)) + "\n";
    out += "task:     " + (in.task.empty() ? std::string("(undecidable)") : in.task) + "\n";
    if (!in.classes.empty()) {
        out += "classes:  " + joinNames(in.classes, shown) + " ("
            + std::to_string(in.classes.size()) + ")\n";
    }
    if (in.problems.empty()) {
        out += "problems: none\n";
    } else {
        out += "problems:\n";
        for (const std::string& p : in.problems)
            out += "  - " + shown(p) + "\n";
    }
    return out;
}

} // namespace

int inspectCommand(const CommandLine& cl)
{
    CsvOptions options;
    options.target = cl.target;
    const CsvInspection inspection = inspectCsv(cl.file, options);
    if (cl.json) {
        const QByteArray json = inspectionJson(inspection);
        std::fwrite(json.constData(), 1, static_cast<std::size_t>(json.size()), stdout);
    }
    if (!inspection.ok()) {
        std::fflush(stdout);
        throw Error(inspection.error);
    }
    if (!cl.json) {
        const std::string text = inspectionText(inspection);
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return 0;
}

} // namespace bitlab::cli
