#pragma once
// Reader: collects every problem of an experiment file while its sections are read
// (experiment_json.cpp, experiment_runs_reader.cpp), with the typed getters they share, and
// readFields/refuseUnused, which read a registry's field table (Field, core/common/field.h)
// from a JSON object. Internal to core/io.

#include "core/common/control_chars.h"
#include "core/common/error.h"
#include "core/engine/experiment_spec.h"
#include "core/io/experiment_schema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace bitlab::io {

using schema::join;
using schema::rangeText;
using schema::shown;
using schema::suggestion;
using schema::topKey;

class Reader {
public:
    explicit Reader(QString file)
        : m_file(std::move(file))
    {
    }

    void problem(const QString& text) { m_problems << text; }
    qsizetype problemCount() const { return m_problems.size(); }
    bool has(const QString& text) const { return m_problems.contains(text); }
    bool ok() const { return m_problems.isEmpty(); }
    [[noreturn]] void raise() const
    {
        QStringList lines;
        for (const auto& p : m_problems)
            lines << m_file + QStringLiteral(": ") + p;
        throw Error(lines.join(QLatin1Char('\n')).toStdString());
    }

    void unknownKeys(const QJsonObject& o, const QString& path, const QStringList& allowed)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (allowed.contains(it.key()))
                continue;
            const QString hint = suggestion(it.key(), allowed);
            problem(
                QStringLiteral("unknown key %1%2")
                    .arg(join(path, it.key()),
                        hint.isEmpty() ? QStringLiteral(" (allowed: %1)").arg(allowed.join(", "))
                                       : hint));
        }
    }

    // Each getter returns nullopt when the key is absent (no problem) or wrong (a problem).
    std::optional<bool> boolean(const QJsonObject& o, const QString& path, const QString& key)
    {
        if (!o.contains(key))
            return std::nullopt;
        const QJsonValue v = o.value(key);
        if (!v.isBool()) {
            problem(
                QStringLiteral("%1 must be true or false, got %2").arg(join(path, key), shown(v)));
            return std::nullopt;
        }
        return v.toBool();
    }

    std::optional<double> number(const QJsonValue& v, const QString& where, const Range& range)
    {
        const QString text = QStringLiteral("a number ") + rangeText(range);
        if (!v.isDouble()) {
            problem(QStringLiteral("%1 must be %2, got %3").arg(where, text, shown(v)));
            return std::nullopt;
        }
        const double x = v.toDouble();
        if (!range.contains(x)) {
            problem(
                QStringLiteral("%1 must be %2, got %3").arg(where, text, schema::numberText(x)));
            return std::nullopt;
        }
        return x;
    }

    // An integer in range (and in qint64; an unbounded end means qint64's). `why`: said in
    // parentheses after a value out of the range (Field::rangeWhy).
    std::optional<qint64> integer(
        const QJsonValue& v, const QString& where, const Range& range, const QString& why = {})
    {
        const QString text = QStringLiteral("an integer ") + rangeText(range);
        if (!v.isDouble()) {
            problem(QStringLiteral("%1 must be %2, got %3").arg(where, text, shown(v)));
            return std::nullopt;
        }
        const double x = v.toDouble();
        if (std::isfinite(x) && x != std::floor(x)) {
            problem(
                QStringLiteral("%1 must be an integer, got %2").arg(where, schema::numberText(x)));
            return std::nullopt;
        }
        constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
        const qint64 i = v.toInteger(sentinel);
        if (i == sentinel && std::isfinite(x) && std::fabs(x) >= 0x1p63
            && !shown(v).contains(QLatin1Char('e'))) {
            // Beyond int64 the value is only known as a double: echoing all its digits would
            // show a number the user did not write (2^64 - 1 reads as ...616).
            const qint64 lo = std::isfinite(range.lo) ? static_cast<qint64>(range.lo)
                                                      : std::numeric_limits<qint64>::min();
            const qint64 hi = std::isfinite(range.hi) ? static_cast<qint64>(range.hi)
                                                      : std::numeric_limits<qint64>::max();
            problem(QStringLiteral("%1 must be an integer in [%2, %3], got a number beyond that "
                                   "range (about %4)")
                        .arg(where)
                        .arg(lo)
                        .arg(hi)
                        .arg(x, 0, 'g', 3));
            return std::nullopt;
        }
        if (i == sentinel || !range.contains(static_cast<double>(i))) {
            problem(QStringLiteral("%1 must be %2, got %3").arg(where, text, shown(v))
                + (why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why)));
            return std::nullopt;
        }
        return i;
    }

    // The value of field f of spec at `where`, checked against the field's type and range.
    template <class Spec>
    std::optional<FieldValue> value(
        const QJsonValue& v, const QString& where, const Field<Spec>& f, const Spec& spec)
    {
        switch (f.type) {
        case FieldType::Boolean:
            if (v.isBool())
                return FieldValue(v.toBool());
            problem(QStringLiteral("%1 must be true or false, got %2").arg(where, shown(v)));
            return std::nullopt;
        case FieldType::Integer:
            if (const auto i = integer(v, where, f.rangeOf(spec),
                    QString::fromStdString(f.rangeWhyOf(spec, v.toDouble()))))
                return FieldValue(static_cast<std::int64_t>(*i));
            return std::nullopt;
        case FieldType::Number:
            if (const auto x = number(v, where, f.rangeOf(spec)))
                return FieldValue(*x);
            return std::nullopt;
        }
        return std::nullopt;
    }

    std::optional<QString> string(const QJsonObject& o, const QString& path, const QString& key)
    {
        if (!o.contains(key))
            return std::nullopt;
        const QJsonValue v = o.value(key);
        if (!v.isString()) {
            problem(QStringLiteral("%1 must be a string, got %2").arg(join(path, key), shown(v)));
            return std::nullopt;
        }
        return v.toString();
    }

    // A string used as a name (a run, a column): control characters are refused, since a
    // NUL cuts C strings and a line break, tab or ESC breaks metrics.csv rows, tables and
    // terminals.
    std::optional<QString> name(const QJsonObject& o, const QString& path, const QString& key)
    {
        const auto s = string(o, path, key);
        if (!s)
            return s;
        const std::string text = s->toStdString();
        const std::size_t at = findControlCharacter(text);
        if (at == std::string::npos)
            return s;
        problem(QStringLiteral("%1 %2 holds %3; names must be plain text without control "
                               "characters")
                    .arg(join(path, key), shown(o.value(key)),
                        QString::fromStdString(describeControlCharacter(text, at))));
        return std::nullopt;
    }

    std::optional<QString> choice(
        const QJsonObject& o, const QString& path, const QString& key, const QStringList& allowed)
    {
        if (!o.contains(key))
            return std::nullopt;
        const QJsonValue v = o.value(key);
        if (v.isString() && allowed.contains(v.toString()))
            return v.toString();
        const QString hint = v.isString() ? suggestion(v.toString(), allowed) : QString();
        problem(QStringLiteral("%1 must be one of %2, got %3%4")
                    .arg(join(path, key), allowed.join(", "), shown(v), hint));
        return std::nullopt;
    }

    // An object member that must be an object when present.
    std::optional<QJsonObject> object(
        const QJsonObject& o, const QString& path, const QString& key, const QString& example)
    {
        if (!o.contains(key))
            return std::nullopt;
        const QJsonValue v = o.value(key);
        if (!v.isObject()) {
            problem(QStringLiteral("%1 must be an object like %2, got %3")
                        .arg(join(path, key), example, shown(v)));
            return std::nullopt;
        }
        return v.toObject();
    }

private:
    QString m_file;
    QStringList m_problems;
};

// Reads every field of a registry table present in o into spec: flags first (a range may
// depend on them: symmetric's bits on narrow_range), then numbers. Fields "K.0", "K.1", ...
// are the elements of the array K (optimizer.betas). A value that fails its type or range
// is reported and left as it was.
template <class Spec>
void readFields(Reader& r, const QJsonObject& o, const QString& path,
    const std::vector<Field<Spec>>& fields, Spec& spec)
{
    for (const bool flags : { true, false }) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const Field<Spec>& f = fields[i];
            const QString top = topKey(f.key);
            if ((f.type == FieldType::Boolean) != flags || !o.contains(top))
                continue;
            if (top == QString::fromStdString(f.key)) {
                if (const auto v = r.value(o.value(top), join(path, top), f, spec))
                    f.set(spec, *v);
                continue;
            }
            if (!QString::fromStdString(f.key).endsWith(QLatin1String(".0")))
                continue; // read with its array's first element
            std::size_t n = 0;
            while (i + n < fields.size() && topKey(fields[i + n].key) == top)
                ++n;
            const QJsonValue v = o.value(top);
            if (!v.isArray() || static_cast<std::size_t>(v.toArray().size()) != n) {
                r.problem(
                    QStringLiteral("%1 must be an array of %2 numbers %3, got %4")
                        .arg(join(path, top), n == 2 ? QStringLiteral("two") : QString::number(n),
                            rangeText(f.rangeOf(spec)),
                            v.isArray() ? QStringLiteral("%1 numbers").arg(v.toArray().size())
                                        : shown(v)));
                continue;
            }
            std::vector<FieldValue> values;
            for (std::size_t k = 0; k < n; ++k)
                if (const auto e = r.value(v.toArray().at(static_cast<qsizetype>(k)),
                        join(path, QString::fromStdString(fields[i + k].key)), fields[i + k], spec))
                    values.push_back(*e);
            if (values.size() == n)
                for (std::size_t k = 0; k < n; ++k)
                    fields[i + k].set(spec, values[k]);
        }
    }
}

// A value written for a field the spec does not read, different from its default, would
// be silently ignored: refuse it, saying who reads it (`why`).
template <class Spec>
void refuseUnused(Reader& r, const QJsonObject& o, const QString& path,
    const std::vector<Field<Spec>>& fields, const Spec& spec, const Spec& defaults,
    const std::function<QString(const Field<Spec>&)>& why)
{
    QStringList reported;
    for (const auto& f : fields) {
        const QString top = topKey(f.key);
        if (f.appliesTo(spec) || !o.contains(top) || reported.contains(top)
            || f.get(spec) == f.get(defaults))
            continue;
        reported << top;
        r.problem(QStringLiteral("%1 is not used by %2").arg(join(path, top), why(f)));
    }
}

// The values of `names` for which field f applies when `set` puts the name into a spec.
template <class Spec>
QString usersOf(const Field<Spec>& f, const std::vector<std::string>& names,
    const std::function<void(Spec&, const std::string&)>& set, Spec spec)
{
    QStringList users;
    for (const auto& n : names) {
        set(spec, n);
        if (f.appliesTo(spec))
            users << QString::fromStdString(n);
    }
    return users.isEmpty() ? QStringLiteral("none") : users.join(QStringLiteral(", "));
}

// The "runs" array of root into runs (experiment_runs_reader.cpp): one full-precision run
// when the key is absent; names made unique.
void readRuns(Reader& r, const QJsonObject& root, std::vector<RunSpec>& runs);

} // namespace bitlab::io
