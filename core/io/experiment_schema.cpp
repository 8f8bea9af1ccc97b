#include "core/io/experiment_schema.h"

#include "core/data/generators.h"
#include "core/engine/experiment_spec.h"
#include "core/io/json_text.h"
#include "core/optim/optimizer.h"
#include "core/quant/quantizer.h"

#include <QHash>
#include <algorithm>
#include <limits>

namespace bitlab::io::schema {

namespace {

// The keys of a field table, in table order (an array's elements give its key once).
template <class Spec> QStringList keysOfTable(const std::vector<Field<Spec>>& fields)
{
    QStringList keys;
    for (const auto& f : fields)
        if (!keys.contains(topKey(f.key)))
            keys << topKey(f.key);
    return keys;
}

const QStringList kRootKeys { "format", "version", "dataset", "model", "loss", "optimizer",
    "training", "init", "runs" };
const QStringList kDatasetKeys = QStringList { "source", "target", "task", "image_shape" }
    + keysOfTable(datasetFields()) + keysOfTable(generatorFields());
const QStringList kModelKeys { "kind", "hidden", "activation", "bias" };
const QStringList kOptimizerKeys
    = QStringList { "kind" } + keysOfTable(optimizerFields()) + QStringList { "schedule" };
const QStringList kScheduleKeys = QStringList { "kind" } + keysOfTable(scheduleFields());
const QStringList kTrainingKeys = keysOfTable(trainingFields());
const QStringList kInitKeys { "kind", "path" };
const QStringList kRunKeys { "name", "quantizer", "gradient_quantizer", "state_quantizer",
    "per_tensor" };
const QStringList kQuantizerKeys = QStringList { "scheme" } + keysOfTable(quantizerFields())
    + QStringList { "rounding", "mode", "granularity", "format", "overflow", "scaling", "element",
          "observer", "learn" };

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> prev(static_cast<size_t>(b.size()) + 1), cur(prev.size());
    for (size_t j = 0; j < prev.size(); ++j)
        prev[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int sub
                = prev[size_t(j - 1)] + (a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1);
            cur[size_t(j)] = std::min({ prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, sub });
        }
        std::swap(prev, cur);
    }
    return prev.back();
}

} // namespace

QString format()
{
    return QStringLiteral("bitlab.experiment");
}

const QStringList* keysOf(const QString& pattern)
{
    static const QHash<QString, const QStringList*> table {
        { QString(), &kRootKeys },
        { QStringLiteral("dataset"), &kDatasetKeys },
        { QStringLiteral("model"), &kModelKeys },
        { QStringLiteral("optimizer"), &kOptimizerKeys },
        { QStringLiteral("optimizer.schedule"), &kScheduleKeys },
        { QStringLiteral("training"), &kTrainingKeys },
        { QStringLiteral("init"), &kInitKeys },
        { QStringLiteral("runs.#"), &kRunKeys },
        { QStringLiteral("runs.#.quantizer"), &kQuantizerKeys },
        { QStringLiteral("runs.#.gradient_quantizer"), &kQuantizerKeys },
        { QStringLiteral("runs.#.state_quantizer"), &kQuantizerKeys },
    };
    const auto it = table.find(pattern);
    return it == table.end() ? nullptr : it.value();
}

const QStringList& keyOrder()
{
    static const QStringList order = QStringList()
        << kRootKeys << kDatasetKeys << kModelKeys << kOptimizerKeys << kScheduleKeys
        << kTrainingKeys << kInitKeys << kRunKeys << kQuantizerKeys;
    return order;
}

bool isArrayPattern(const QString& pattern)
{
    if (pattern == QLatin1String("runs") || pattern == QLatin1String("model.hidden"))
        return true;
    for (const auto& f : optimizerFields()) // elements of an array: betas.0, betas.1
        if (f.key.find('.') != std::string::npos
            && pattern == QStringLiteral("optimizer.") + topKey(f.key))
            return true;
    return false;
}

bool isTextKey(const QString& key)
{
    static const QStringList text { "format", "source", "target", "task", "kind", "activation",
        "loss", "name", "scheme", "rounding", "mode", "granularity", "path", "observer", "learn" };
    return text.contains(key);
}

QString suggestion(const QString& word, const QStringList& candidates)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const auto& c : candidates) {
        int d = editDistance(word, c);
        if (c.startsWith(word, Qt::CaseInsensitive) || word.startsWith(c, Qt::CaseInsensitive))
            d = std::min<int>(d, 1);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    const int limit = std::max<int>(1, std::min<int>(3, static_cast<int>(word.size()) / 2));
    if (best.isEmpty() || bestDistance > limit)
        return {};
    return QStringLiteral(" (did you mean '%1'?)").arg(best);
}

QString join(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QStringList toQStringList(const std::vector<std::string>& names)
{
    QStringList out;
    for (const auto& n : names)
        out << QString::fromStdString(n);
    return out;
}

QString shown(const QJsonValue& v)
{
    if (v.isArray())
        return QStringLiteral("an array");
    if (v.isObject())
        return QStringLiteral("an object");
    if (v.isString()) {
        QString s = v.toString();
        if (s.size() > 40)
            s = s.left(37) + QStringLiteral("...");
        return QString::fromStdString(jsonString(s));
    }
    return QString::fromUtf8(writeJson(v)).trimmed();
}

QString numberText(double x)
{
    return QString::fromStdString(formatDouble(x));
}

QString rangeText(const Range& range)
{
    return QString::fromStdString(range.text());
}

QString topKey(const std::string& key)
{
    return QString::fromStdString(key.substr(0, key.find('.')));
}

} // namespace bitlab::io::schema
