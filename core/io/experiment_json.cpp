#include "core/io/experiment_json.h"

#include "core/common/control_chars.h"
#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/io/atomic_file.h"
#include "core/io/json_text.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"
#include "core/quant/quantizer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace bitlab::io {

namespace {

const QString kFormat = QStringLiteral("bitlab.experiment");

// ---- the schema: every key of every object of the format ------------------------------

const QStringList kRootKeys{"format", "version", "dataset", "model", "loss",
                            "optimizer", "training", "init", "runs"};
const QStringList kDatasetKeys{"source", "target", "task", "standardize", "test_fraction",
                               "shuffle", "samples", "noise", "seed", "classes", "features"};
const QStringList kModelKeys{"kind", "hidden", "activation", "bias"};
const QStringList kOptimizerKeys{"kind", "lr", "momentum", "nesterov", "betas", "eps",
                                 "alpha", "weight_decay", "batch_size", "schedule"};
const QStringList kScheduleKeys{"kind", "step_size", "gamma", "t_max", "eta_min"};
const QStringList kTrainingKeys{"epochs", "seed", "record_every", "eval_every"};
const QStringList kInitKeys{"kind", "path"};
const QStringList kRunKeys{"name", "quantizer"};
const QStringList kQuantizerKeys{"scheme", "bits", "frac_bits", "narrow_range", "rounding",
                                 "mode", "granularity", "quantize_bias", "ste_clip",
                                 "activation_bits"};

// The order keys are written in (DESIGN §3's order, then the extensions).
const QStringList kKeyOrder = [] {
    QStringList order;
    order << kRootKeys << kDatasetKeys << kModelKeys << kOptimizerKeys << kScheduleKeys
          << kTrainingKeys << kInitKeys << kRunKeys << kQuantizerKeys;
    return order;
}();

// Keys of the object at a path pattern ("#" stands for an array index), or nullptr.
const QStringList* keysOf(const QString& pattern)
{
    static const QHash<QString, const QStringList*> table{
        {QString(), &kRootKeys},
        {QStringLiteral("dataset"), &kDatasetKeys},
        {QStringLiteral("model"), &kModelKeys},
        {QStringLiteral("optimizer"), &kOptimizerKeys},
        {QStringLiteral("optimizer.schedule"), &kScheduleKeys},
        {QStringLiteral("training"), &kTrainingKeys},
        {QStringLiteral("init"), &kInitKeys},
        {QStringLiteral("runs.#"), &kRunKeys},
        {QStringLiteral("runs.#.quantizer"), &kQuantizerKeys},
    };
    const auto it = table.find(pattern);
    return it == table.end() ? nullptr : it.value();
}

bool isArrayPattern(const QString& pattern)
{
    return pattern == QLatin1String("runs") || pattern == QLatin1String("model.hidden")
        || pattern == QLatin1String("optimizer.betas");
}

// Keys whose value is text: --set takes VALUE verbatim for them.
bool isTextKey(const QString& key)
{
    static const QStringList text{"format", "source", "target", "task", "kind", "activation",
                                  "loss", "name", "scheme", "rounding", "mode", "granularity",
                                  "path"};
    return text.contains(key);
}

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> prev(static_cast<size_t>(b.size()) + 1), cur(prev.size());
    for (size_t j = 0; j < prev.size(); ++j)
        prev[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int sub = prev[size_t(j - 1)] + (a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1);
            cur[size_t(j)] = std::min({prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev.back();
}

// " (did you mean 'lr'?)" or "".
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

// How a value appears in a message: -1, 1.5, "abc", true, null, an array, an object.
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

QString numberText(double x) { return QString::fromStdString(formatDouble(x)); }

QString rangeText(const Range& range) { return QString::fromStdString(range.text()); }

class Reader {
public:
    explicit Reader(QString file) : m_file(std::move(file)) {}

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
            problem(QStringLiteral("unknown key %1%2").arg(join(path, it.key()),
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
            problem(QStringLiteral("%1 must be true or false, got %2").arg(join(path, key), shown(v)));
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
            problem(QStringLiteral("%1 must be %2, got %3").arg(where, text, numberText(x)));
            return std::nullopt;
        }
        return x;
    }

    // An integer in range (and in qint64; an unbounded end means qint64's).
    std::optional<qint64> integer(const QJsonValue& v, const QString& where, const Range& range)
    {
        const QString text = QStringLiteral("an integer ") + rangeText(range);
        if (!v.isDouble()) {
            problem(QStringLiteral("%1 must be %2, got %3").arg(where, text, shown(v)));
            return std::nullopt;
        }
        const double x = v.toDouble();
        if (std::isfinite(x) && x != std::floor(x)) {
            problem(QStringLiteral("%1 must be an integer, got %2").arg(where, numberText(x)));
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
                        .arg(where).arg(lo).arg(hi).arg(x, 0, 'g', 3));
            return std::nullopt;
        }
        if (i == sentinel || !range.contains(static_cast<double>(i))) {
            problem(QStringLiteral("%1 must be %2, got %3").arg(where, text, shown(v)));
            return std::nullopt;
        }
        return i;
    }

    // The value of field f of spec at `where`, checked against the field's type and range.
    template <class Spec>
    std::optional<FieldValue> value(const QJsonValue& v, const QString& where,
                                    const Field<Spec>& f, const Spec& spec)
    {
        switch (f.type) {
        case FieldType::Boolean:
            if (v.isBool())
                return FieldValue(v.toBool());
            problem(QStringLiteral("%1 must be true or false, got %2").arg(where, shown(v)));
            return std::nullopt;
        case FieldType::Integer:
            if (const auto i = integer(v, where, f.rangeOf(spec)))
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

    std::optional<QString> choice(const QJsonObject& o, const QString& path, const QString& key,
                                  const QStringList& allowed)
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
    std::optional<QJsonObject> object(const QJsonObject& o, const QString& path,
                                      const QString& key, const QString& example)
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


// The top-level key of a field ("betas" for "betas.0").
QString topKey(const std::string& key)
{
    return QString::fromStdString(key.substr(0, key.find('.')));
}

// Reads every field of a registry table present in o into spec: flags first (a range may
// depend on them: symmetric's bits on narrow_range), then numbers. Fields "K.0", "K.1", ...
// are the elements of the array K (optimizer.betas). A value that fails its type or range
// is reported and left as it was.
template <class Spec>
void readFields(Reader& r, const QJsonObject& o, const QString& path,
                const std::vector<Field<Spec>>& fields, Spec& spec)
{
    for (const bool flags : {true, false}) {
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
                r.problem(QStringLiteral("%1 must be an array of %2 numbers %3, got %4")
                              .arg(join(path, top), n == 2 ? QStringLiteral("two") : QString::number(n),
                                   rangeText(f.rangeOf(spec)),
                                   v.isArray() ? QStringLiteral("%1 numbers").arg(v.toArray().size())
                                               : shown(v)));
                continue;
            }
            std::vector<FieldValue> values;
            for (std::size_t k = 0; k < n; ++k)
                if (const auto e = r.value(v.toArray().at(static_cast<qsizetype>(k)),
                                           join(path, QString::fromStdString(fields[i + k].key)),
                                           fields[i + k], spec))
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

// ---- sections ----------------------------------------------------------------------------

void readDataset(Reader& r, const QJsonObject& root, DatasetSpec& d)
{
    if (!root.contains(QStringLiteral("dataset"))) {
        r.problem(QStringLiteral("dataset is missing: add an object like {\"source\": "
                                 "\"data.csv\"} or {\"source\": \"builtin:moons\"}"));
        return;
    }
    const auto o = r.object(root, {}, QStringLiteral("dataset"),
                            QStringLiteral("{\"source\": \"data.csv\"}"));
    if (!o)
        return;
    const QString path = QStringLiteral("dataset");
    r.unknownKeys(*o, path, kDatasetKeys);

    if (!o->contains(QStringLiteral("source")))
        r.problem(QStringLiteral("dataset.source is missing: a CSV path (relative to the "
                                 "experiment file) or builtin:NAME"));
    const auto source = r.string(*o, path, QStringLiteral("source"));
    const DatasetInfo* builtin = nullptr;
    if (source) {
        d.source = source->toStdString();
        if (source->isEmpty()) {
            r.problem(QStringLiteral("dataset.source must not be empty: a CSV path or builtin:NAME"));
        } else if (d.isBuiltin()) {
            builtin = findDataset(d.builtinName());
            if (!builtin) {
                QStringList names;
                for (const auto& info : datasetRegistry())
                    names << QStringLiteral("builtin:") + QString::fromStdString(info.name);
                r.problem(QStringLiteral("dataset.source %1 is not a built-in dataset; use one "
                                         "of %2%3")
                              .arg(shown(*source), names.join(", "),
                                   suggestion(*source, names)));
            }
        }
    }
    if (const auto target = r.name(*o, path, QStringLiteral("target")))
        d.target = target->toStdString();
    if (const auto task = r.choice(*o, path, QStringLiteral("task"),
                                   {"auto", "regression", "binary", "multiclass"}))
        d.task = task->toStdString();
    readFields(r, *o, path, datasetFields(), d);

    // Generator parameters: only for a built-in source, and only those its generator uses.
    const bool csv = source && !d.isBuiltin();
    for (const auto& f : generatorFields()) {
        const QString key = QString::fromStdString(f.key);
        if (!o->contains(key))
            continue;
        if (csv) {
            r.problem(QStringLiteral("dataset.%1 applies only to built-in datasets "
                                     "(dataset.source \"builtin:NAME\"), not to a CSV file")
                          .arg(key));
        } else if (builtin && !f.appliesTo(d)) {
            std::vector<std::string> names;
            for (const auto& info : datasetRegistry())
                names.push_back("builtin:" + info.name);
            r.problem(QStringLiteral("dataset.%1 is not used by builtin:%2 (only by %3)")
                          .arg(key, QString::fromStdString(builtin->name),
                               usersOf<DatasetSpec>(f, names,
                                   [](DatasetSpec& s, const std::string& n) { s.source = n; }, d)));
        } else if (const auto v = r.value(o->value(key), join(path, key), f, d)) {
            f.set(d, *v);
        }
    }
}

const ModelInfo* readModel(Reader& r, const QJsonObject& root, ModelSpec& m)
{
    QStringList kinds;
    for (const auto& info : modelRegistry())
        kinds << QString::fromStdString(info.name);
    if (!root.contains(QStringLiteral("model"))) {
        r.problem(QStringLiteral("model is missing: add an object like {\"kind\": \"linear\"} "
                                 "(kinds: %1)").arg(kinds.join(", ")));
        return nullptr;
    }
    const auto o = r.object(root, {}, QStringLiteral("model"),
                            QStringLiteral("{\"kind\": \"linear\"}"));
    if (!o)
        return nullptr;
    const QString path = QStringLiteral("model");
    r.unknownKeys(*o, path, kModelKeys);
    const ModelInfo* info = nullptr;
    if (!o->contains(QStringLiteral("kind")))
        r.problem(QStringLiteral("model.kind is missing: one of %1").arg(kinds.join(", ")));
    if (const auto kind = r.choice(*o, path, QStringLiteral("kind"), kinds)) {
        m.kind = kind->toStdString();
        info = findModel(m.kind);
    }
    if (o->contains(QStringLiteral("hidden"))) {
        const QJsonValue v = o->value(QStringLiteral("hidden"));
        if (!v.isArray()) {
            r.problem(QStringLiteral("model.hidden must be an array of layer sizes like [16, 16], "
                                     "got %1").arg(shown(v)));
        } else {
            std::vector<int> hidden;
            const QJsonArray a = v.toArray();
            bool good = true;
            for (qsizetype i = 0; i < a.size(); ++i) {
                const auto size = r.integer(a.at(i), QStringLiteral("model.hidden.%1").arg(i),
                                            Range::closed(1, kMaxHiddenUnits));
                good = good && size.has_value();
                if (size)
                    hidden.push_back(static_cast<int>(*size));
            }
            if (good)
                m.hidden = std::move(hidden);
        }
    }
    if (const auto a = r.choice(*o, path, QStringLiteral("activation"), toQStringList(activationNames())))
        m.activation = *activationFromString(a->toStdString());
    if (const auto bias = r.boolean(*o, path, QStringLiteral("bias")))
        m.bias = *bias;
    return info;
}

void readLoss(Reader& r, const QJsonObject& root, const ModelInfo* model, std::string& loss)
{
    QStringList all;
    for (const auto& info : lossRegistry())
        all << QString::fromStdString(info.name);
    if (!root.contains(QStringLiteral("loss"))) {
        if (model && !model->losses.empty())
            loss = model->losses.front();
        return;
    }
    const auto name = r.choice(root, {}, QStringLiteral("loss"), all);
    if (!name)
        return;
    loss = name->toStdString();
}

void readSchedule(Reader& r, const QJsonObject& optimizer, ScheduleSpec& s)
{
    const QString key = QStringLiteral("schedule");
    if (!optimizer.contains(key))
        return;
    const QString path = QStringLiteral("optimizer.schedule");
    const QStringList kinds = toQStringList(scheduleNames());
    QJsonValue v = optimizer.value(key);
    if (v.isString()) // shorthand: "schedule": "cosine"
        v = QJsonObject{{QStringLiteral("kind"), v}};
    if (!v.isObject()) {
        r.problem(QStringLiteral("optimizer.schedule must be an object like {\"kind\": \"step\", "
                                 "\"step_size\": 30, \"gamma\": 0.1}, got %1").arg(shown(v)));
        return;
    }
    const QJsonObject o = v.toObject();
    r.unknownKeys(o, path, kScheduleKeys);
    if (const auto kind = r.choice(o, path, QStringLiteral("kind"), kinds))
        s.kind = kind->toStdString();
    readFields(r, o, path, scheduleFields(), s);
    // A value written for a kind that does not read it would be silently ignored: refuse it.
    refuseUnused<ScheduleSpec>(r, o, path, scheduleFields(), s, ScheduleSpec{},
        [&](const Field<ScheduleSpec>& f) {
            return QStringLiteral("schedule kind \"%1\" (only by %2)")
                .arg(QString::fromStdString(s.kind),
                     usersOf<ScheduleSpec>(f, scheduleNames(),
                         [](ScheduleSpec& x, const std::string& n) { x.kind = n; }, s));
        });
}

void readOptimizer(Reader& r, const QJsonObject& root, OptimizerSpec& opt)
{
    QStringList kinds;
    for (const auto& info : optimizerRegistry())
        kinds << QString::fromStdString(info.name);
    std::optional<QJsonObject> o;
    if (root.contains(QStringLiteral("optimizer")))
        o = r.object(root, {}, QStringLiteral("optimizer"),
                     QStringLiteral("{\"kind\": \"adam\", \"lr\": 0.001}"));
    QString kind = QStringLiteral("gd");
    if (o) {
        r.unknownKeys(*o, QStringLiteral("optimizer"), kOptimizerKeys);
        if (const auto k = r.choice(*o, QStringLiteral("optimizer"), QStringLiteral("kind"), kinds))
            kind = *k;
    }
    const OptimizerInfo* info = findOptimizer(kind.toStdString());
    if (info) {
        opt = info->defaults;
        opt.kind = info->name;
    }
    if (!o)
        return;
    const QString path = QStringLiteral("optimizer");
    const OptimizerSpec defaults = opt;
    readFields(r, *o, path, optimizerFields(), opt);
    readSchedule(r, *o, opt.schedule);
    // Values the chosen kind does not read, written different from its defaults, would be
    // silently ignored: refuse them and say which keys the kind reads.
    if (info)
        refuseUnused<OptimizerSpec>(r, *o, path, optimizerFields(), opt, defaults,
            [&](const Field<OptimizerSpec>&) {
                return QStringLiteral("optimizer.kind \"%1\" (it reads %2)")
                    .arg(kind, toQStringList(info->fields).join(", "));
            });
}

void readTraining(Reader& r, const QJsonObject& root, TrainingSpec& t)
{
    const auto o = r.object(root, {}, QStringLiteral("training"),
                            QStringLiteral("{\"epochs\": 100, \"seed\": 42}"));
    if (!o)
        return;
    const QString path = QStringLiteral("training");
    r.unknownKeys(*o, path, kTrainingKeys);
    readFields(r, *o, path, trainingFields(), t);
}

void readInit(Reader& r, const QJsonObject& root, InitSpec& init)
{
    const QString key = QStringLiteral("init");
    if (!root.contains(key))
        return;
    QJsonValue v = root.value(key);
    if (v.isString()) // shorthand: "init": "zeros"
        v = QJsonObject{{QStringLiteral("kind"), v}};
    if (!v.isObject()) {
        r.problem(QStringLiteral("init must be an object like {\"kind\": \"default\"} or "
                                 "{\"kind\": \"file\", \"path\": \"weights.json\"}, got %1")
                      .arg(shown(v)));
        return;
    }
    const QJsonObject o = v.toObject();
    r.unknownKeys(o, key, kInitKeys);
    if (const auto kind = r.choice(o, key, QStringLiteral("kind"), toQStringList(initKinds())))
        init.kind = kind->toStdString();
    const auto path = r.string(o, key, QStringLiteral("path"));
    if (init.kind == "file") {
        if (!o.contains(QStringLiteral("path")))
            r.problem(QStringLiteral("init.path is missing: init kind \"file\" needs the path of a "
                                     "weights JSON"));
        else if (path && path->isEmpty())
            r.problem(QStringLiteral("init.path must not be empty"));
        else if (path)
            init.path = path->toStdString();
    } else if (o.contains(QStringLiteral("path"))) {
        r.problem(QStringLiteral("init.path applies only to init kind \"file\" (init.kind is "
                                 "\"%1\")").arg(QString::fromStdString(init.kind)));
    }
}

std::optional<QuantizerSpec> readQuantizer(Reader& r, const QJsonValue& v, const QString& path)
{
    if (v.isNull())
        return std::nullopt; // full precision
    if (!v.isObject()) {
        r.problem(QStringLiteral("%1 must be an object like {\"scheme\": \"symmetric\", \"bits\": "
                                 "4} (or null for full precision), got %2").arg(path, shown(v)));
        return std::nullopt;
    }
    const QJsonObject o = v.toObject();
    r.unknownKeys(o, path, kQuantizerKeys);
    QStringList schemes;
    for (const auto& info : quantizerRegistry())
        schemes << QString::fromStdString(info.name);
    QuantizerSpec q;
    if (const auto s = r.choice(o, path, QStringLiteral("scheme"), schemes))
        q.scheme = s->toStdString();
    const QuantizerInfo* info = findQuantizer(q.scheme);
    if (info) {
        const std::string scheme = q.scheme;
        q = info->defaults;
        q.scheme = scheme;
    }
    const QuantizerSpec defaults = q;
    if (auto s = r.choice(o, path, QStringLiteral("rounding"), toQStringList(roundingNames())))
        q.rounding = *roundingFromString(s->toStdString());
    if (auto s = r.choice(o, path, QStringLiteral("mode"), toQStringList(modeNames())))
        q.mode = *modeFromString(s->toStdString());
    if (auto s = r.choice(o, path, QStringLiteral("granularity"), toQStringList(granularityNames())))
        q.granularity = *granularityFromString(s->toStdString());
    readFields(r, o, path, quantizerFields(), q);
    if (info) {
        refuseUnused<QuantizerSpec>(r, o, path, quantizerFields(), q, defaults,
            [&](const Field<QuantizerSpec>& f) {
                return QStringLiteral("scheme \"%1\" (only by %2)")
                    .arg(QString::fromStdString(q.scheme),
                         usersOf<QuantizerSpec>(f, quantizerNames(),
                             [](QuantizerSpec& x, const std::string& n) { x.scheme = n; }, q));
            });
        if (q.steClip && q.mode != TrainingMode::Ste && o.contains(QStringLiteral("ste_clip")))
            r.problem(QStringLiteral("%1.ste_clip applies only to mode \"ste\" (mode is \"%2\")")
                          .arg(path, QString::fromLatin1(toString(q.mode))));
    }
    return q;
}

void readRuns(Reader& r, const QJsonObject& root, std::vector<RunSpec>& runs)
{
    const QString key = QStringLiteral("runs");
    runs.clear();
    if (!root.contains(key)) {
        runs.push_back(RunSpec{});
        runs.back().name = defaultRunName(runs.back());
        return;
    }
    const QJsonValue v = root.value(key);
    if (!v.isArray()) {
        r.problem(QStringLiteral("runs must be an array of runs like [{\"name\": \"fp64\"}, "
                                 "{\"quantizer\": {\"scheme\": \"fixed\", \"bits\": 8}}], got %1")
                      .arg(shown(v)));
        return;
    }
    const QJsonArray a = v.toArray();
    if (a.isEmpty()) {
        r.problem(QStringLiteral("runs must list at least one run (e.g. [{\"name\": \"fp64\"}])"));
        return;
    }
    QHash<QString, qsizetype> names;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString path = QStringLiteral("runs.%1").arg(i);
        if (!a.at(i).isObject()) {
            r.problem(QStringLiteral("%1 must be an object like {\"name\": \"Q4.3\", \"quantizer\": "
                                     "{...}}, got %2").arg(path, shown(a.at(i))));
            continue;
        }
        const QJsonObject o = a.at(i).toObject();
        r.unknownKeys(o, path, kRunKeys);
        RunSpec run;
        if (o.contains(QStringLiteral("quantizer")))
            run.quantizer = readQuantizer(r, o.value(QStringLiteral("quantizer")),
                                          path + QStringLiteral(".quantizer"));
        if (const auto name = r.name(o, path, QStringLiteral("name"))) {
            if (name->trimmed().isEmpty()) {
                r.problem(QStringLiteral("%1.name must not be empty (omit it for a default name)")
                              .arg(path));
            } else if (names.contains(*name)) {
                r.problem(QStringLiteral("%1.name \"%2\" is already the name of runs.%3; run names "
                                         "must be unique").arg(path, *name).arg(names.value(*name)));
            } else {
                names.insert(*name, i);
                run.name = name->toStdString();
            }
        }
        runs.push_back(std::move(run));
    }
    // Unnamed runs get their default name, made unique against every other run.
    for (size_t i = 0; i < runs.size(); ++i) {
        if (!runs[i].name.empty())
            continue;
        const QString base = QString::fromStdString(defaultRunName(runs[i]));
        QString name = base;
        for (int k = 2; names.contains(name); ++k)
            name = QStringLiteral("%1-%2").arg(base).arg(k);
        names.insert(name, static_cast<qsizetype>(i));
        runs[i].name = name.toStdString();
    }
}

// ---- writing ----------------------------------------------------------------------------

// The path to write for a file of the spec, relative to the folder relativeTo. The system
// resolves "a/../b" by following a symbolic link "a" first, so a relative path computed
// from the spelled paths is wrong as soon as either side goes through a link: both the
// file and the folder are taken at their real (canonical) paths. When the relative path
// still would not lead to the file from relativeTo (another drive, a folder that moves),
// the real absolute path is written instead.
QString relativePath(const ExperimentSpec& spec, const std::string& path, const QString& relativeTo)
{
    const QString p = QString::fromStdString(path);
    if (relativeTo.isEmpty())
        return p;
    // Spelled as the system will open it: baseDir joined without removing "..".
    const QString opened = QFileInfo(p).isAbsolute()
        ? p
        : QDir(QString::fromStdString(spec.baseDir.empty() ? std::string(".") : spec.baseDir))
              .absolutePath() + QLatin1Char('/') + p;
    QString target = QFileInfo(opened).canonicalFilePath();
    if (target.isEmpty()) // not there (yet): the best guess is the spelled path
        target = QDir::cleanPath(opened);
    // The folder may not exist yet (an output folder written next): its nearest existing
    // ancestor's real path, then the rest as spelled.
    QString folder = QDir::cleanPath(QFileInfo(relativeTo).absoluteFilePath());
    QString rest;
    while (!QFileInfo(folder).exists() && folder != QDir::rootPath() && !folder.isEmpty()) {
        rest = QFileInfo(folder).fileName() + (rest.isEmpty() ? QString() : QLatin1Char('/') + rest);
        folder = QFileInfo(folder).absolutePath();
    }
    QString real = QFileInfo(folder).canonicalFilePath();
    if (real.isEmpty())
        real = folder;
    if (!rest.isEmpty())
        real = QDir(real).filePath(rest);
    const QString relative = QDir(real).relativeFilePath(target);
    if (QFileInfo(relative).isAbsolute() || QDir::cleanPath(QDir(real).filePath(relative)) != target)
        return target;
    return relative;
}

QJsonObject quantizerToJson(const QuantizerSpec& q)
{
    return QJsonObject{
        {"scheme", QString::fromStdString(q.scheme)},
        {"bits", q.bits},
        {"frac_bits", q.fracBits},
        {"narrow_range", q.narrowRange},
        {"rounding", toString(q.rounding)},
        {"mode", toString(q.mode)},
        {"granularity", toString(q.granularity)},
        {"quantize_bias", q.quantizeBias},
        {"ste_clip", q.steClip},
        {"activation_bits", q.activationBits},
    };
}

QStringList splitKey(const QString& key) { return key.split(QLatin1Char('.')); }

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
            setError(assignment, QStringLiteral("%1 is an array: after it comes an index "
                                                "(%2.0, %2.1, ...), not '%3'")
                                     .arg(segments.mid(0, i).join('.'), segments.mid(0, i).join('.'),
                                          segment));
        QJsonArray a;
        if (current.isArray())
            a = current.toArray();
        else if (!current.isUndefined() && !current.isNull())
            setError(assignment, QStringLiteral("%1 is %2 in the file, not an array")
                                     .arg(segments.mid(0, i).join('.'), shown(current)));
        const qsizetype index = segment.toLongLong();
        if (index > a.size())
            setError(assignment, QStringLiteral("%1 has %2 entries, so index %3 is out of range "
                                                "(use 0..%2; %2 appends one)")
                                     .arg(segments.mid(0, i).join('.')).arg(a.size()).arg(index));
        const QString childPattern = pattern == QLatin1String("runs") ? QStringLiteral("runs.#")
                                                                     : pattern + QStringLiteral(".#");
        const QJsonValue child = index < a.size() ? a.at(index) : QJsonValue(QJsonValue::Undefined);
        const QJsonValue updated = setIn(child, segments, i + 1, childPattern, value, assignment);
        if (index < a.size())
            a[index] = updated;
        else
            a.append(updated);
        return a;
    }
    const QStringList* keys = keysOf(pattern);
    if (!keys)
        setError(assignment, QStringLiteral("%1 is a value, it has no key '%2'")
                                 .arg(segments.mid(0, i).join('.'), segment));
    if (!keys->contains(segment)) {
        const QString hint = suggestion(segment, *keys);
        setError(assignment, QStringLiteral("unknown key %1%2").arg(shownPath,
                     hint.isEmpty() ? QStringLiteral(" (allowed here: %1)").arg(keys->join(", "))
                                    : hint));
    }
    QJsonObject o;
    if (current.isObject())
        o = current.toObject();
    else if (current.isString() && (pattern == QLatin1String("init")
                                    || pattern == QLatin1String("optimizer.schedule")))
        o = QJsonObject{{QStringLiteral("kind"), current}}; // expand the string shorthand
    else if (!current.isUndefined() && !current.isNull())
        setError(assignment, QStringLiteral("%1 is %2 in the file, not an object")
                                 .arg(segments.mid(0, i).join('.'), shown(current)));
    QString childPattern = join(pattern, segment);
    o.insert(segment, setIn(o.value(segment), segments, i + 1, childPattern, value, assignment));
    return o;
}

} // namespace

// ---- public -----------------------------------------------------------------------------

ExperimentSpec experimentFromJson(const QJsonObject& root, const QString& baseDir,
                                  const QString& fileNameForMessages)
{
    Reader r(fileNameForMessages.isEmpty() ? QStringLiteral("experiment") : fileNameForMessages);
    // A wrong format or version makes every other message noise: report those alone.
    if (root.contains(QStringLiteral("format"))) {
        const QJsonValue f = root.value(QStringLiteral("format"));
        if (f.toString() == QLatin1String("bitlab.weights"))
            r.problem(QStringLiteral("this is a weights file (format \"bitlab.weights\"), not an "
                                     "experiment; use it in an experiment as \"init\": {\"kind\": "
                                     "\"file\", \"path\": ...}"));
        else if (f.toString() != kFormat)
            r.problem(QStringLiteral("format must be \"%1\", got %2; this is not a BitLab "
                                     "experiment file").arg(kFormat, shown(f)));
    }
    if (r.ok()) {
        if (!root.contains(QStringLiteral("version"))) {
            r.problem(QStringLiteral("version is missing: add \"version\": %1 (the experiment "
                                     "format version this file follows)").arg(kExperimentVersion));
        } else {
            const QJsonValue v = root.value(QStringLiteral("version"));
            const qint64 version = v.isDouble() ? v.toInteger(-1) : -1;
            if (version > kExperimentVersion)
                r.problem(QStringLiteral("version %1 is newer than this BitLab understands (it "
                                         "reads experiment files up to version %2); update BitLab")
                              .arg(version).arg(kExperimentVersion));
            else if (version != kExperimentVersion)
                r.problem(QStringLiteral("version must be %1, got %2").arg(kExperimentVersion)
                              .arg(shown(v)));
        }
    }
    if (!r.ok())
        r.raise();

    ExperimentSpec spec;
    spec.baseDir = baseDir.toStdString();
    r.unknownKeys(root, {}, kRootKeys);
    readDataset(r, root, spec.dataset);
    const ModelInfo* model = readModel(r, root, spec.model);
    readLoss(r, root, model, spec.loss);
    readOptimizer(r, root, spec.optimizer);
    readTraining(r, root, spec.training);
    readInit(r, root, spec.init);
    readRuns(r, root, spec.runs);
    // What ties the values together (the loss the model takes, nesterov and momentum,
    // activation_bits on a model with hidden layers, ...): the engine's own checks, so the
    // file, the GUI and the engine refuse the same experiments. Values that failed above
    // were not stored, so nothing is reported twice.
    for (const auto& p : specProblems(spec))
        if (!r.has(QString::fromStdString(p)))
            r.problem(QString::fromStdString(p));

    if (!r.ok())
        r.raise();
    return spec;
}

ExperimentSpec parseExperiment(const QByteArray& json, const QString& baseDir,
                               const QStringList& sets, const QString& fileNameForMessages)
{
    const QString file = fileNameForMessages.isEmpty() ? QStringLiteral("experiment")
                                                       : fileNameForMessages;
    if (json.size() > kMaxExperimentBytes)
        throw Error(QStringLiteral("%1: the experiment is %2 bytes, more than the limit of %3")
                        .arg(file).arg(json.size()).arg(kMaxExperimentBytes).toStdString());
    const JsonNode node = parseJson(json, file, kMaxJsonDepth, kMaxExperimentValues);
    if (node.type != JsonNode::Type::Object)
        throw Error(QStringLiteral("%1: an experiment file must hold a JSON object {...}, not %2")
                        .arg(file, node.typeName()).toStdString());
    QJsonObject root = toQJson(node).toObject();
    for (const auto& set : sets)
        applySet(root, set);
    return experimentFromJson(root, baseDir, file);
}

ExperimentSpec readExperiment(const QString& path, const QStringList& sets)
{
    const QByteArray bytes = readFileLimited(path, kMaxExperimentBytes,
                                             QStringLiteral("experiment file"));
    const QFileInfo info(path);
    return parseExperiment(bytes, info.absolutePath(), sets, QDir::toNativeSeparators(path));
}

QJsonObject experimentToJson(const ExperimentSpec& spec, const QString& relativeTo)
{
    const DatasetSpec& d = spec.dataset;
    QJsonObject dataset{
        {"source", d.isBuiltin() ? QString::fromStdString(d.source)
                                 : relativePath(spec, d.source, relativeTo)},
        {"task", QString::fromStdString(d.task)},
        {"standardize", d.standardize},
        {"test_fraction", d.testFraction},
        {"shuffle", d.shuffle},
    };
    if (!d.target.empty())
        dataset.insert("target", QString::fromStdString(d.target));
    if (d.isBuiltin()) {
        const DatasetInfo* info = findDataset(d.builtinName());
        const GeneratorParams g = info ? info->defaults : GeneratorParams{};
        dataset.insert("samples", static_cast<qint64>(d.samples.value_or(g.samples)));
        dataset.insert("noise", d.noise.value_or(g.noise));
        dataset.insert("seed", static_cast<qint64>(d.seed.value_or(g.seed)));
        if (d.classes || (info && info->usesClasses))
            dataset.insert("classes", d.classes.value_or(g.classes));
        if (d.features || (info && info->usesFeatures))
            dataset.insert("features", d.features.value_or(g.features));
    } else {
        if (d.samples) dataset.insert("samples", static_cast<qint64>(*d.samples));
        if (d.noise) dataset.insert("noise", *d.noise);
        if (d.seed) dataset.insert("seed", static_cast<qint64>(*d.seed));
        if (d.classes) dataset.insert("classes", *d.classes);
        if (d.features) dataset.insert("features", *d.features);
    }

    QJsonArray hidden;
    for (int h : spec.model.hidden)
        hidden.append(h);
    const QJsonObject model{{"kind", QString::fromStdString(spec.model.kind)},
                            {"hidden", hidden},
                            {"activation", toString(spec.model.activation)},
                            {"bias", spec.model.bias}};

    const OptimizerSpec& o = spec.optimizer;
    const QJsonObject schedule{{"kind", QString::fromStdString(o.schedule.kind)},
                               {"step_size", o.schedule.stepSize},
                               {"gamma", o.schedule.gamma},
                               {"t_max", o.schedule.tMax},
                               {"eta_min", o.schedule.etaMin}};
    const QJsonObject optimizer{{"kind", QString::fromStdString(o.kind)},
                                {"lr", o.lr},
                                {"momentum", o.momentum},
                                {"nesterov", o.nesterov},
                                {"betas", QJsonArray{o.beta1, o.beta2}},
                                {"eps", o.eps},
                                {"alpha", o.alpha},
                                {"weight_decay", o.weightDecay},
                                {"batch_size", static_cast<qint64>(o.batchSize)},
                                {"schedule", schedule}};

    QJsonObject training{{"epochs", static_cast<qint64>(spec.training.epochs)},
                         {"seed", static_cast<qint64>(spec.training.seed)}};
    if (spec.training.recordEvery)
        training.insert("record_every", static_cast<qint64>(*spec.training.recordEvery));
    if (spec.training.evalEvery)
        training.insert("eval_every", static_cast<qint64>(*spec.training.evalEvery));

    QJsonObject init{{"kind", QString::fromStdString(spec.init.kind)}};
    if (spec.init.kind == "file")
        init.insert("path", relativePath(spec, spec.init.path, relativeTo));

    QJsonArray runs;
    for (const auto& run : spec.runs) {
        QJsonObject r;
        r.insert("name", QString::fromStdString(run.name.empty() ? defaultRunName(run) : run.name));
        if (run.quantizer)
            r.insert("quantizer", quantizerToJson(*run.quantizer));
        runs.append(r);
    }

    return QJsonObject{{"format", kFormat},
                       {"version", kExperimentVersion},
                       {"dataset", dataset},
                       {"model", model},
                       {"loss", QString::fromStdString(spec.loss)},
                       {"optimizer", optimizer},
                       {"training", training},
                       {"init", init},
                       {"runs", runs}};
}

QByteArray experimentToBytes(const ExperimentSpec& spec, const QString& relativeTo)
{
    return writeJson(experimentToJson(spec, relativeTo), kKeyOrder);
}

void writeExperiment(const QString& path, const ExperimentSpec& spec)
{
    writeFileAtomically(path, experimentToBytes(spec, QFileInfo(path).absolutePath()));
}

void applySet(QJsonObject& root, const QString& keyEqualsValue)
{
    const qsizetype eq = keyEqualsValue.indexOf(QLatin1Char('='));
    if (eq <= 0)
        throw Error(QStringLiteral("--set %1: expected KEY=VALUE, e.g. --set optimizer.lr=0.01")
                        .arg(keyEqualsValue).toStdString());
    const QString key = keyEqualsValue.left(eq).trimmed();
    const QString text = keyEqualsValue.mid(eq + 1);
    const QStringList segments = splitKey(key);
    for (const auto& s : segments)
        if (s.isEmpty())
            setError(keyEqualsValue, QStringLiteral("the key '%1' has an empty part").arg(key));

    // VALUE: a JSON literal when it is one; text keys take it verbatim unless it is quoted.
    QJsonValue value(text);
    const QString leaf = segments.last();
    const bool textKey = !isIndex(leaf) && isTextKey(leaf);
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
