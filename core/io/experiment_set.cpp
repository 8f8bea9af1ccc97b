#include "core/common/error.h"
#include "core/io/experiment_json.h"
#include "core/io/experiment_schema.h"
#include "core/io/json_text.h"

#include <QJsonArray>

// --set KEY=VALUE: an edit of the parsed file by dotted path, checked against the schema.

namespace bitlab::io {

namespace {

using schema::isArrayPattern;
using schema::join;
using schema::keysOf;
using schema::shown;
using schema::suggestion;

// The key's segments. A tensor's name under per_tensor has dots of its own
// (layers.0.weight): runs.1.per_tensor.layers.0.weight.bits is runs, 1, per_tensor,
// layers.0.weight, bits.
QStringList splitKey(const QString& key)
{
    const QStringList parts = key.split(QLatin1Char('.'));
    QStringList out;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const bool tensorName = i >= 3 && parts[i - 1] == QLatin1String("per_tensor")
            && parts[i - 3] == QLatin1String("runs") && parts[i] == QLatin1String("layers")
            && i + 2 < parts.size();
        if (tensorName) {
            out << parts.mid(i, 3).join(QLatin1Char('.'));
            i += 2;
        } else {
            out << parts[i];
        }
    }
    return out;
}

bool isIndex(const QString& s)
{
    if (s.isEmpty() || s.size() > 9)
        return false;
    for (const QChar c : s)
        if (!c.isDigit() || c.unicode() > 127)
            return false;
    return true;
}

[[noreturn]] void setError(const QString& assignment, const QString& why)
{
    throw Error(QStringLiteral("--set %1: %2").arg(assignment, why).toStdString());
}

QJsonValue setIn(const QJsonValue& current, const QStringList& segments, qsizetype i,
    const QString& pattern, const QJsonValue& value, const QString& assignment)
{
    if (i == segments.size())
        return value;
    const QString& segment = segments[i];
    const QString shownPath = segments.mid(0, i + 1).join(QLatin1Char('.'));
    if (isArrayPattern(pattern)) {
        if (!isIndex(segment))
            setError(assignment,
                QStringLiteral("%1 is an array: after it comes an index "
                               "(%2.0, %2.1, ...), not '%3'")
                    .arg(segments.mid(0, i).join('.'), segments.mid(0, i).join('.'), segment));
        QJsonArray a;
        if (current.isArray())
            a = current.toArray();
        else if (!current.isUndefined() && !current.isNull())
            setError(assignment,
                QStringLiteral("%1 is %2 in the file, not an array")
                    .arg(segments.mid(0, i).join('.'), shown(current)));
        const qsizetype index = segment.toLongLong();
        if (index > a.size())
            setError(assignment,
                QStringLiteral("%1 has %2 entries, so index %3 is out of range "
                               "(use 0..%2; %2 appends one)")
                    .arg(segments.mid(0, i).join('.'))
                    .arg(a.size())
                    .arg(index));
        const QString childPattern = pattern == QLatin1String("runs")
            ? QStringLiteral("runs.#")
            : pattern + QStringLiteral(".#");
        const QJsonValue child = index < a.size() ? a.at(index) : QJsonValue(QJsonValue::Undefined);
        const QJsonValue updated = setIn(child, segments, i + 1, childPattern, value, assignment);
        if (index < a.size())
            a[index] = updated;
        else
            a.append(updated);
        return a;
    }
    // per_tensor's keys are the model's tensor names (the reader checks them against the
    // model); each entry takes a quantizer's keys.
    const bool perTensor = pattern == QLatin1String("runs.#.per_tensor");
    const QStringList* keys = perTensor ? nullptr : keysOf(pattern);
    if (!keys && !perTensor)
        setError(assignment,
            QStringLiteral("%1 is a value, it has no key '%2'")
                .arg(segments.mid(0, i).join('.'), segment));
    if (keys && !keys->contains(segment)) {
        const QString hint = suggestion(segment, *keys);
        setError(assignment,
            QStringLiteral("unknown key %1%2")
                .arg(shownPath,
                    hint.isEmpty() ? QStringLiteral(" (allowed here: %1)").arg(keys->join(", "))
                                   : hint));
    }
    QJsonObject o;
    if (current.isObject())
        o = current.toObject();
    else if (current.isString()
        && (pattern == QLatin1String("init") || pattern == QLatin1String("optimizer.schedule")))
        o = QJsonObject { { QStringLiteral("kind"), current } }; // expand the string shorthand
    else if (!current.isUndefined() && !current.isNull())
        setError(assignment,
            QStringLiteral("%1 is %2 in the file, not an object")
                .arg(segments.mid(0, i).join('.'), shown(current)));
    // null as the value removes the key: back to its default (a scheme's key another scheme
    // does not read, e.g. frac_bits after --set runs.1.quantizer.scheme=symmetric).
    if (i + 1 == segments.size() && value.isNull()) {
        o.remove(segment);
        return o;
    }
    const QString childPattern
        = perTensor ? QStringLiteral("runs.#.quantizer") : join(pattern, segment);
    o.insert(segment, setIn(o.value(segment), segments, i + 1, childPattern, value, assignment));
    return o;
}

} // namespace

void applySet(QJsonObject& root, const QString& keyEqualsValue)
{
    const qsizetype eq = keyEqualsValue.indexOf(QLatin1Char('='));
    if (eq <= 0)
        throw Error(QStringLiteral("--set %1: expected KEY=VALUE, e.g. --set optimizer.lr=0.01")
                        .arg(keyEqualsValue)
                        .toStdString());
    const QString key = keyEqualsValue.left(eq).trimmed();
    const QString text = keyEqualsValue.mid(eq + 1);
    const QStringList segments = splitKey(key);
    for (const auto& s : segments)
        if (s.isEmpty())
            setError(keyEqualsValue, QStringLiteral("the key '%1' has an empty part").arg(key));

    // VALUE: a JSON literal when it is one; text keys take it verbatim unless it is quoted.
    QJsonValue value(text);
    const QString leaf = segments.last();
    const bool textKey = !isIndex(leaf) && schema::isTextKey(leaf);
    const QString trimmed = text.trimmed();
    if (!textKey || trimmed.startsWith(QLatin1Char('"')) || trimmed == QLatin1String("null")) {
        try {
            value = toQJson(parseJson(trimmed.toUtf8(), QStringLiteral("--set value")));
        } catch (const Error&) {
            if (trimmed.startsWith(QLatin1Char('"')) || trimmed.startsWith(QLatin1Char('['))
                || trimmed.startsWith(QLatin1Char('{')))
                throw; // meant as JSON: say what is wrong with it
            value = QJsonValue(text);
        }
    }
    root = setIn(root, segments, 0, QString(), value, keyEqualsValue).toObject();
}

} // namespace bitlab::io
