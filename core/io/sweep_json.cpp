#include "core/io/sweep_json.h"

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <charconv>
#include <cmath>
#include <map>

namespace bitlab::io {

namespace {

constexpr qint64 kMaxSweepBytes = 256 * 1024 * 1024;

QJsonValue number(double x)
{
    return std::isfinite(x) ? QJsonValue(x) : QJsonValue(QJsonValue::Null);
}

QJsonArray strings(const std::vector<std::string>& values)
{
    QJsonArray a;
    for (const std::string& v : values)
        a.append(QString::fromStdString(v));
    return a;
}

QJsonObject sweepObject(const Sweep& sweep, const QString& folder)
{
    const SweepPlan& plan = sweep.plan();
    QJsonObject o;
    o.insert("experiment", experimentToJson(sweep.resolvedSpec(), QDir(folder).absolutePath()));
    QJsonArray axes;
    for (const SweepAxis& axis : plan.axes)
        axes.append(QJsonObject {
            { "key", QString::fromStdString(axis.key) }, { "values", strings(axis.values) } });
    o.insert("axes", axes);
    if (plan.bitWidthForm()) {
        o.insert("schemes", strings(plan.schemes));
        QJsonArray bits;
        for (int b : plan.bits)
            bits.append(b);
        o.insert("bits", bits);
    }
    o.insert("seeds", plan.seeds);
    o.insert("points", static_cast<int>(sweep.configurations().size()));
    o.insert("units", sweep.unitCount());
    return o;
}

// Located reading: every problem names the file and the key path.
class Reader {
public:
    explicit Reader(QString path)
        : m_path(std::move(path))
    {
    }
    [[noreturn]] void fail(const QString& key, const QString& what) const
    {
        throw Error(QStringLiteral("%1: %2 %3")
                        .arg(QDir::toNativeSeparators(m_path), key, what)
                        .toStdString());
    }
    QJsonValue get(const QJsonObject& o, const QString& key, const QString& where) const
    {
        if (!o.contains(key))
            fail(where + key, QStringLiteral("is missing"));
        return o.value(key);
    }
    QJsonObject object(const QJsonObject& o, const QString& key, const QString& where) const
    {
        const QJsonValue v = get(o, key, where);
        if (!v.isObject())
            fail(where + key, QStringLiteral("must be an object"));
        return v.toObject();
    }
    QJsonArray array(const QJsonObject& o, const QString& key, const QString& where) const
    {
        const QJsonValue v = get(o, key, where);
        if (!v.isArray())
            fail(where + key, QStringLiteral("must be an array"));
        return v.toArray();
    }
    QString string(const QJsonValue& v, const QString& key) const
    {
        if (!v.isString())
            fail(key, QStringLiteral("must be a string"));
        return v.toString();
    }
    int integer(const QJsonValue& v, const QString& key, int lo) const
    {
        const double d = v.toDouble(-1.0);
        if (!v.isDouble() || d != std::floor(d) || d < lo || d > 1e9)
            fail(key, QStringLiteral("must be a whole number >= %1").arg(lo));
        return static_cast<int>(d);
    }
    double value(const QJsonValue& v, const QString& key) const
    {
        if (v.isNull())
            return kNaN;
        if (!v.isDouble())
            fail(key, QStringLiteral("must be a number or null"));
        return v.toDouble();
    }

private:
    QString m_path;
};

std::optional<RunStatus> statusFrom(const std::string& text)
{
    for (RunStatus s : { RunStatus::Pending, RunStatus::Running, RunStatus::Finished,
             RunStatus::Diverged, RunStatus::Stopped, RunStatus::Failed })
        if (text == toString(s))
            return s;
    return std::nullopt;
}

QString unitName(const SweepOutput& o, const SweepResult& r)
{
    QString text;
    for (std::size_t a = 0; a < o.plan.axes.size() && a < r.values.size(); ++a)
        text += QStringLiteral("%1=%2, ").arg(
            QString::fromStdString(o.plan.axes[a].key), QString::fromStdString(r.values[a]));
    if (o.plan.bitWidthForm())
        text += QString::fromStdString(r.scheme)
            + (r.bits ? QStringLiteral(" %1 bits").arg(*r.bits) : QString()) + QStringLiteral(", ");
    return QStringLiteral("unit %1 (%2seed %3)").arg(r.unit).arg(text).arg(r.seed);
}

} // namespace

QByteArray sweepJson(
    const Sweep& sweep, const std::vector<SweepResult>& results, const QString& folder)
{
    SweepOutput o;
    o.sweep = sweepObject(sweep, folder);
    o.plan = sweep.plan();
    o.points = static_cast<int>(sweep.configurations().size());
    o.units = sweep.unitCount();
    o.results = results;
    return sweepJson(o);
}

QByteArray sweepJson(const SweepOutput& output)
{
    QJsonArray units;
    for (std::size_t i = 0; i < output.results.size();) {
        const SweepResult& head = output.results[i];
        QJsonArray runs;
        for (; i < output.results.size() && output.results[i].unit == head.unit; ++i) {
            const SweepResult& r = output.results[i];
            runs.append(QJsonObject {
                { "run", r.run },
                { "name", QString::fromStdString(r.runName) },
                { "scheme", QString::fromStdString(r.scheme) },
                { "bits", r.bits ? QJsonValue(*r.bits) : QJsonValue(QJsonValue::Null) },
                { "status", QString::fromStdString(r.status()) },
                { "trained", r.summary.has_value() },
                { "train_loss", number(r.trainLoss) },
                { "test_loss", number(r.testLoss) },
                { "accuracy", number(r.accuracy) },
                { "problem", QString::fromStdString(r.problem) },
            });
        }
        units.append(QJsonObject { { "unit", head.unit }, { "point", head.point },
            { "seed_index", head.seedIndex }, { "seed", QString::number(head.seed) },
            { "values", strings(head.values) }, { "runs", runs } });
    }
    const QJsonObject root { { "format", "bitlab.sweep" }, { "version", kSweepVersion },
        { "sweep", output.sweep },
        { "shard",
            QJsonObject { { "index", output.plan.shard }, { "count", output.plan.shards } } },
        { "results", units } };
    return writeJson(root,
        { "format", "version", "sweep", "experiment", "axes", "key", "values", "schemes", "bits",
            "seeds", "points", "units", "shard", "index", "count", "results", "unit", "point",
            "seed_index", "seed", "runs", "run", "name", "scheme", "status", "trained",
            "train_loss", "test_loss", "accuracy", "problem" });
}

SweepOutput readSweepJson(const QString& path)
{
    const QByteArray bytes = readFileLimited(path, kMaxSweepBytes, QStringLiteral("sweep file"));
    const JsonNode node
        = parseJson(bytes, QDir::toNativeSeparators(path), kMaxJsonDepth, kMaxSweepBytes / 4);
    const Reader in(path);
    if (node.type != JsonNode::Type::Object)
        in.fail(QStringLiteral("the file"), QStringLiteral("must hold a JSON object"));
    const QJsonObject root = toQJson(node).toObject();
    if (root.value("format").toString() != QLatin1String("bitlab.sweep"))
        in.fail(QStringLiteral("format"), QStringLiteral("must be \"bitlab.sweep\""));
    if (in.integer(in.get(root, "version", {}), "version", 1) > kSweepVersion)
        in.fail(QStringLiteral("version"),
            QStringLiteral("is newer than this program reads (%1)").arg(kSweepVersion));

    SweepOutput o;
    o.path = path;
    o.sweep = in.object(root, "sweep", {});
    const QString s = QStringLiteral("sweep.");
    in.object(o.sweep, "experiment", s);
    const QJsonArray axes = in.array(o.sweep, "axes", s);
    for (int a = 0; a < axes.size(); ++a) {
        const QString at = QStringLiteral("sweep.axes.%1.").arg(a);
        if (!axes[a].isObject())
            in.fail(at.chopped(1), QStringLiteral("must be an object"));
        SweepAxis axis;
        axis.key = in.string(in.get(axes[a].toObject(), "key", at), at + "key").toStdString();
        const QJsonArray values = in.array(axes[a].toObject(), "values", at);
        for (int v = 0; v < values.size(); ++v)
            axis.values.push_back(
                in.string(values[v], at + QStringLiteral("values.%1").arg(v)).toStdString());
        o.plan.axes.push_back(std::move(axis));
    }
    if (o.sweep.contains("schemes")) {
        const QJsonArray schemes = in.array(o.sweep, "schemes", s);
        for (int i = 0; i < schemes.size(); ++i)
            o.plan.schemes.push_back(
                in.string(schemes[i], QStringLiteral("sweep.schemes.%1").arg(i)).toStdString());
        const QJsonArray bits = in.array(o.sweep, "bits", s);
        for (int i = 0; i < bits.size(); ++i)
            o.plan.bits.push_back(in.integer(bits[i], QStringLiteral("sweep.bits.%1").arg(i), 1));
    }
    o.plan.seeds = in.integer(in.get(o.sweep, "seeds", s), "sweep.seeds", 1);
    o.points = in.integer(in.get(o.sweep, "points", s), "sweep.points", 0);
    o.units = in.integer(in.get(o.sweep, "units", s), "sweep.units", 0);
    if (o.units != o.points * o.plan.seeds)
        in.fail(QStringLiteral("sweep.units"), QStringLiteral("must be points x seeds"));
    const QJsonObject shard = in.object(root, "shard", {});
    o.plan.shards = in.integer(in.get(shard, "count", "shard."), "shard.count", 1);
    o.plan.shard = in.integer(in.get(shard, "index", "shard."), "shard.index", 1);
    if (o.plan.shard > o.plan.shards)
        in.fail(QStringLiteral("shard.index"), QStringLiteral("must be at most shard.count"));

    const QJsonArray units = in.array(root, "results", {});
    for (int i = 0; i < units.size(); ++i) {
        const QString at = QStringLiteral("results.%1.").arg(i);
        if (!units[i].isObject())
            in.fail(at.chopped(1), QStringLiteral("must be an object"));
        const QJsonObject u = units[i].toObject();
        SweepResult head;
        head.unit = in.integer(in.get(u, "unit", at), at + "unit", 0);
        if (head.unit >= o.units)
            in.fail(at + "unit", QStringLiteral("must be below sweep.units (%1)").arg(o.units));
        head.point = in.integer(in.get(u, "point", at), at + "point", 0);
        head.seedIndex = in.integer(in.get(u, "seed_index", at), at + "seed_index", 0);
        if (head.point != head.unit / o.plan.seeds || head.seedIndex != head.unit % o.plan.seeds)
            in.fail(at + "point", QStringLiteral("and seed_index do not match the unit"));
        const std::string seed = in.string(in.get(u, "seed", at), at + "seed").toStdString();
        const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), head.seed);
        if (ec != std::errc() || end != seed.data() + seed.size() || seed.empty())
            in.fail(at + "seed", QStringLiteral("must be a whole number as a string"));
        const QJsonArray values = in.array(u, "values", at);
        if (values.size() != static_cast<qsizetype>(o.plan.axes.size()))
            in.fail(at + "values", QStringLiteral("must hold one value per axis"));
        for (int v = 0; v < values.size(); ++v)
            head.values.push_back(
                in.string(values[v], at + QStringLiteral("values.%1").arg(v)).toStdString());
        const QJsonArray runs = in.array(u, "runs", at);
        for (int r = 0; r < runs.size(); ++r) {
            const QString rat = at + QStringLiteral("runs.%1.").arg(r);
            if (!runs[r].isObject())
                in.fail(rat.chopped(1), QStringLiteral("must be an object"));
            const QJsonObject ro = runs[r].toObject();
            SweepResult res = head;
            res.index = static_cast<int>(o.results.size());
            res.run = in.integer(in.get(ro, "run", rat), rat + "run", 0);
            res.runName = in.string(in.get(ro, "name", rat), rat + "name").toStdString();
            res.scheme = in.string(in.get(ro, "scheme", rat), rat + "scheme").toStdString();
            const QJsonValue bits = in.get(ro, "bits", rat);
            if (!bits.isNull())
                res.bits = in.integer(bits, rat + "bits", 0);
            const std::string status
                = in.string(in.get(ro, "status", rat), rat + "status").toStdString();
            const bool trained = in.get(ro, "trained", rat).toBool();
            res.problem = in.string(in.get(ro, "problem", rat), rat + "problem").toStdString();
            if (trained) {
                const std::optional<RunStatus> st = statusFrom(status);
                if (!st)
                    in.fail(rat + "status", QStringLiteral("is not a run status"));
                res.summary = RunSummary {};
                res.summary->run = res.run;
                res.summary->name = res.runName;
                res.summary->status = *st;
            } else if (status != (res.problem.empty() ? "stopped" : "invalid")) {
                in.fail(rat + "status", QStringLiteral("does not fit an untrained run"));
            }
            res.trainLoss = in.value(in.get(ro, "train_loss", rat), rat + "train_loss");
            res.testLoss = in.value(in.get(ro, "test_loss", rat), rat + "test_loss");
            res.accuracy = in.value(in.get(ro, "accuracy", rat), rat + "accuracy");
            o.results.push_back(std::move(res));
        }
    }
    return o;
}

SweepOutput mergeSweeps(const std::vector<SweepOutput>& parts)
{
    if (parts.empty())
        throw Error("nothing to merge");
    const SweepOutput& first = parts.front();
    const auto name = [](const SweepOutput& o) { return QDir::toNativeSeparators(o.path); };
    for (const SweepOutput& part : parts) {
        if (part.sweep == first.sweep)
            continue;
        QStringList differ;
        for (const QString& key : first.sweep.keys() + part.sweep.keys())
            if (first.sweep.value(key) != part.sweep.value(key) && !differ.contains(key))
                differ << key;
        throw Error(QStringLiteral("%1 and %2 are not from the same sweep: their %3 differ%4")
                        .arg(name(first), name(part), differ.join(QStringLiteral(", ")),
                            differ.contains(QStringLiteral("experiment"))
                                ? QStringLiteral(" (compare their experiment.json)")
                                : QString())
                        .toStdString());
    }
    std::map<int, const SweepOutput*> owner;
    SweepOutput merged = first;
    merged.plan.shard = merged.plan.shards = 1;
    merged.results.clear();
    std::vector<std::vector<const SweepResult*>> byUnit(static_cast<std::size_t>(first.units));
    for (const SweepOutput& part : parts) {
        for (const SweepResult& r : part.results) {
            auto& slot = byUnit[static_cast<std::size_t>(r.unit)];
            const auto [it, fresh] = owner.emplace(r.unit, &part);
            if (!fresh && it->second != &part)
                throw Error(QStringLiteral("%1 is in both %2 and %3: give each shard once")
                                .arg(unitName(first, r), name(*it->second), name(part))
                                .toStdString());
            slot.push_back(&r);
        }
    }
    QStringList missing;
    for (int u = 0; u < first.units; ++u)
        if (byUnit[static_cast<std::size_t>(u)].empty())
            missing << QString::number(u);
    if (!missing.isEmpty()) {
        // Which shards hold them, by the numbering of the first part.
        QStringList shards;
        for (const QString& u : missing) {
            const QString shard = QStringLiteral("%1/%2")
                                      .arg(u.toInt() % first.plan.shards + 1)
                                      .arg(first.plan.shards);
            if (!shards.contains(shard))
                shards << shard;
        }
        const int shown = 8;
        throw Error(QStringLiteral("%1 of %2 units are missing (%3%4): give the output of shard %5")
                        .arg(missing.size())
                        .arg(first.units)
                        .arg(missing.mid(0, shown).join(QStringLiteral(", ")),
                            missing.size() > shown ? QStringLiteral(", ...") : QString(),
                            shards.join(QStringLiteral(", ")))
                        .toStdString());
    }
    for (const auto& unit : byUnit)
        for (const SweepResult* r : unit) {
            merged.results.push_back(*r);
            merged.results.back().index = static_cast<int>(merged.results.size()) - 1;
        }
    return merged;
}

SpecEditor specEditor(const QJsonObject& root, const QString& baseDir, const QString& source)
{
    return [root, baseDir, source](const ExperimentSpec&, const std::vector<KeyValue>& sets) {
        QJsonObject doc = root;
        for (const KeyValue& kv : sets)
            applySet(doc, QString::fromStdString(kv.first + "=" + kv.second));
        return experimentFromJson(doc, baseDir, source);
    };
}

} // namespace bitlab::io
