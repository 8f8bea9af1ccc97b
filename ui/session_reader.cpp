#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"
#include "ui/session_file.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace bitlab::ui {

namespace {

constexpr qint64 kMaxSessionBytes = qint64(1) << 30;
constexpr qint64 kMaxSessionValues = qint64(1) << 27; // packed numbers: 8 bytes each

constexpr RunStatus kStatuses[] = { RunStatus::Pending, RunStatus::Running, RunStatus::Finished,
    RunStatus::Diverged, RunStatus::Stopped, RunStatus::Failed };

// Located reading over the parsed tree: every problem names the file and the key path.
class Reader {
public:
    explicit Reader(QString file)
        : m_file(std::move(file))
    {
    }
    [[noreturn]] void fail(const QString& key, const QString& what) const
    {
        throw Error(QStringLiteral("%1: %2 %3").arg(m_file, key, what).toStdString());
    }
    const io::JsonNode& get(const io::JsonNode& o, const char* key, const QString& at) const
    {
        const io::JsonNode* v = o.find(QString::fromLatin1(key));
        if (!v)
            fail(at + QLatin1String(key), QStringLiteral("is missing"));
        return *v;
    }
    const io::JsonNode* optional(const io::JsonNode& o, const char* key) const
    {
        const io::JsonNode* v = o.find(QString::fromLatin1(key));
        return v && v->type != io::JsonNode::Type::Null ? v : nullptr;
    }
    const io::JsonNode& object(const io::JsonNode& o, const char* key, const QString& at) const
    {
        const io::JsonNode& v = get(o, key, at);
        if (v.type != io::JsonNode::Type::Object)
            fail(at + QLatin1String(key), QStringLiteral("must be an object"));
        return v;
    }
    const std::vector<io::JsonNode>& array(
        const io::JsonNode& o, const char* key, const QString& at) const
    {
        const io::JsonNode& v = get(o, key, at);
        if (v.type != io::JsonNode::Type::Array || !v.numbers.empty())
            fail(at + QLatin1String(key), QStringLiteral("must be an array of objects or strings"));
        return v.array;
    }
    std::vector<double> numbers(const io::JsonNode& o, const char* key, const QString& at) const
    {
        const io::JsonNode& v = get(o, key, at);
        if (v.type != io::JsonNode::Type::Array || !v.array.empty())
            fail(at + QLatin1String(key), QStringLiteral("must be an array of numbers"));
        for (double x : v.numbers)
            if (!std::isfinite(x))
                fail(at + QLatin1String(key), QStringLiteral("must hold finite numbers"));
        return v.numbers;
    }
    double value(const io::JsonNode& v, const QString& key) const
    {
        if (v.type == io::JsonNode::Type::Null)
            return std::numeric_limits<double>::quiet_NaN();
        if (v.type != io::JsonNode::Type::Number)
            fail(key, QStringLiteral("must be a number or null"));
        return v.number;
    }
    double value(const io::JsonNode& o, const char* key, const QString& at) const
    {
        return value(get(o, key, at), at + QLatin1String(key));
    }
    std::int64_t integer(
        const io::JsonNode& o, const char* key, const QString& at, std::int64_t lo = 0) const
    {
        const io::JsonNode& v = get(o, key, at);
        if (v.type != io::JsonNode::Type::Number || !v.isInteger || v.integer < lo)
            fail(at + QLatin1String(key), QStringLiteral("must be a whole number >= %1").arg(lo));
        return v.integer;
    }
    QString string(const io::JsonNode& v, const QString& key) const
    {
        if (v.type != io::JsonNode::Type::String)
            fail(key, QStringLiteral("must be a string"));
        return v.string;
    }
    QString string(const io::JsonNode& o, const char* key, const QString& at) const
    {
        return string(get(o, key, at), at + QLatin1String(key));
    }
    bool boolean(const io::JsonNode& o, const char* key, const QString& at) const
    {
        const io::JsonNode& v = get(o, key, at);
        if (v.type != io::JsonNode::Type::Bool)
            fail(at + QLatin1String(key), QStringLiteral("must be true or false"));
        return v.boolean;
    }
    QColor color(const io::JsonNode& o, const char* key, const QString& at) const
    {
        const QColor c(string(o, key, at));
        if (!c.isValid())
            fail(at + QLatin1String(key), QStringLiteral("must be a colour like \"#1f77b4\""));
        return c;
    }
    RunStatus status(const io::JsonNode& o, const char* key, const QString& at) const
    {
        const QString text = string(o, key, at);
        for (RunStatus s : kStatuses)
            if (text == QLatin1String(toString(s)))
                return s;
        fail(at + QLatin1String(key), QStringLiteral("is not a run status"));
    }
    std::vector<std::string> strings(
        const io::JsonNode& o, const char* key, const QString& at) const
    {
        std::vector<std::string> out;
        const io::JsonNode& v = get(o, key, at);
        if (v.type != io::JsonNode::Type::Array || !v.numbers.empty())
            fail(at + QLatin1String(key), QStringLiteral("must be an array of strings"));
        for (std::size_t i = 0; i < v.array.size(); ++i)
            out.push_back(
                string(v.array[i], at + QStringLiteral("%1.%2").arg(key).arg(i)).toStdString());
        return out;
    }
    QList<QPointF> points(const io::JsonNode& o, const QString& at) const
    {
        const std::vector<double> x = numbers(o, "x", at), y = numbers(o, "y", at);
        if (x.size() != y.size())
            fail(at + QStringLiteral("y"), QStringLiteral("must have as many numbers as x"));
        QList<QPointF> out;
        out.reserve(static_cast<qsizetype>(x.size()));
        for (std::size_t i = 0; i < x.size(); ++i)
            out.append(QPointF(x[i], y[i]));
        return out;
    }
    ExperimentSpec experiment(
        const io::JsonNode& o, const char* key, const QString& at, const QString& baseDir) const
    {
        const io::JsonNode& v = object(o, key, at);
        return io::experimentFromJson(io::toQJson(v).toObject(), baseDir,
            QStringLiteral("%1: %2%3").arg(m_file, at, QLatin1String(key)));
    }

private:
    QString m_file;
};

// A numbers array that must be packed (empty arrays parse as empty either way).
std::vector<double> numbersOrEmpty(
    const Reader& in, const io::JsonNode& o, const char* key, const QString& at)
{
    return in.numbers(o, key, at);
}

MetricTrace readTrace(const Reader& in, const io::JsonNode& o, const QString& at)
{
    MetricTrace t;
    t.steps = numbersOrEmpty(in, o, "steps", at);
    t.values = numbersOrEmpty(in, o, "values", at);
    if (t.steps.size() != t.values.size())
        in.fail(
            at + QStringLiteral("values"), QStringLiteral("must have as many numbers as steps"));
    if (t.steps.size() > RunHistory::kTraceCapacity)
        in.fail(at + QStringLiteral("steps"),
            QStringLiteral("holds more than %1 points").arg(RunHistory::kTraceCapacity));
    for (std::size_t i = 1; i < t.steps.size(); ++i)
        if (t.steps[i] < t.steps[i - 1])
            in.fail(at + QStringLiteral("steps"), QStringLiteral("must not decrease"));
    t.compactions = static_cast<std::uint32_t>(in.integer(o, "compactions", at));
    const std::vector<double> latest = in.numbers(o, "latest", at);
    const std::vector<double> group = in.numbers(o, "group", at);
    if (latest.size() != 2)
        in.fail(at + QStringLiteral("latest"), QStringLiteral("must be [step, value]"));
    if (group.size() != 6 || group[0] < 1 || group[1] < 0 || group[1] >= group[0]
        || group[0] > 1e15)
        in.fail(at + QStringLiteral("group"),
            QStringLiteral("must be [size, count, low step, low, high step, high]"));
    t.latestStep = latest[0];
    t.latestValue = latest[1];
    t.groupSize = static_cast<std::size_t>(group[0]);
    t.groupCount = static_cast<std::size_t>(group[1]);
    t.lowStep = group[2];
    t.low = group[3];
    t.highStep = group[4];
    t.high = group[5];
    if (const io::JsonNode* m = in.optional(o, "means")) {
        const QString mat = at + QStringLiteral("means.");
        t.meanSteps = numbersOrEmpty(in, *m, "steps", mat);
        t.means = numbersOrEmpty(in, *m, "values", mat);
        if (t.meanSteps.size() != t.means.size() || t.means.size() > RunHistory::kMeanCapacity)
            in.fail(mat + QStringLiteral("values"),
                QStringLiteral("must have as many numbers as steps (at most %1)")
                    .arg(RunHistory::kMeanCapacity));
        t.meanCompactions = static_cast<std::uint32_t>(in.integer(*m, "compactions", mat));
        const std::vector<double> mg = in.numbers(*m, "group", mat);
        if (mg.size() != 4 || mg[0] < 1 || mg[1] < 0 || mg[1] >= mg[0] || mg[0] > 1e15)
            in.fail(mat + QStringLiteral("group"),
                QStringLiteral("must be [size, count, step sum, value sum]"));
        t.meanGroupSize = static_cast<std::size_t>(mg[0]);
        t.meanGroupCount = static_cast<std::size_t>(mg[1]);
        t.meanStepSum = mg[2];
        t.meanSum = mg[3];
    }
    return t;
}

RunTrace readRun(const Reader& in, const io::JsonNode& o, const QString& at, int index)
{
    RunTrace t;
    t.name = in.string(o, "name", at);
    t.color = in.color(o, "color", at);
    t.ended = in.boolean(o, "ended", at);
    t.summary.run = index;
    t.summary.name = t.name.toStdString();
    t.summary.status = in.status(o, "status", at);
    t.summary.message = in.string(o, "message", at).toStdString();
    t.summary.steps = in.integer(o, "steps", at);
    t.summary.totalSteps = in.integer(o, "total_steps", at);
    t.summary.failedStep = in.integer(o, "failed_step", at, -1);
    t.summary.trainSeconds = in.value(o, "train_seconds", at);
    t.summary.last.trainLoss = in.value(o, "final_train_loss", at);
    const io::JsonNode& metrics = in.object(o, "metrics", at);
    for (const auto& [key, node] : metrics.object) {
        const auto* it = std::find_if(std::begin(kSessionMetricKeys), std::end(kSessionMetricKeys),
            [&](const char* k) { return key == QLatin1String(k); });
        const QString mat = at + QStringLiteral("metrics.") + key;
        if (it == std::end(kSessionMetricKeys))
            in.fail(mat, QStringLiteral("is not a metric"));
        if (node.type != io::JsonNode::Type::Object)
            in.fail(mat, QStringLiteral("must be an object"));
        t.metrics[static_cast<std::size_t>(it - std::begin(kSessionMetricKeys))]
            = readTrace(in, node, mat + QLatin1Char('.'));
    }
    // Files of version 1 written before the learned traces were saved have none.
    if (in.optional(o, "learned")) {
        const std::vector<io::JsonNode>& learned = in.array(o, "learned", at);
        for (std::size_t k = 0; k < learned.size(); ++k) {
            const QString lat = at + QStringLiteral("learned.%1.").arg(k);
            if (learned[k].type != io::JsonNode::Type::Object)
                in.fail(
                    at + QStringLiteral("learned.%1").arg(k), QStringLiteral("must be an object"));
            t.learned.push_back(readTrace(in, learned[k], lat));
            t.learnedNames.push_back(in.string(learned[k], "name", lat));
        }
        // The names are all known or none is (a name is empty when it was not known).
        if (std::all_of(t.learnedNames.begin(), t.learnedNames.end(),
                [](const QString& n) { return n.isEmpty(); }))
            t.learnedNames.clear();
    }
    const std::vector<io::JsonNode>& changes = in.array(o, "grid_changes", at);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const QString cat = at + QStringLiteral("grid_changes.%1.").arg(i);
        t.gridChanges.push_back(
            { in.integer(changes[i], "step", cat), in.string(changes[i], "description", cat) });
    }
    return t;
}

ArchivedRun readArchivedRun(const Reader& in, const io::JsonNode& o, const QString& at)
{
    ArchivedRun r;
    r.name = in.string(o, "name", at);
    r.color = in.color(o, "color", at);
    r.status = in.status(o, "status", at);
    r.last.fill(std::numeric_limits<double>::quiet_NaN());
    const auto metricIndex = [&](const QString& key, const QString& where) {
        const auto* it = std::find_if(std::begin(kSessionMetricKeys), std::end(kSessionMetricKeys),
            [&](const char* k) { return key == QLatin1String(k); });
        if (it == std::end(kSessionMetricKeys))
            in.fail(where, QStringLiteral("is not a metric"));
        return static_cast<std::size_t>(it - std::begin(kSessionMetricKeys));
    };
    for (const char* part : { "curves", "means" }) {
        const io::JsonNode& map = in.object(o, part, at);
        for (const auto& [key, node] : map.object) {
            const QString where = at + QLatin1String(part) + QLatin1Char('.') + key;
            const std::size_t m = metricIndex(key, where);
            if (node.type != io::JsonNode::Type::Object)
                in.fail(where, QStringLiteral("must be an object"));
            QList<QPointF> points = in.points(node, where + QLatin1Char('.'));
            if (points.size() > 2 * ResultArchive::kCurvePoints)
                in.fail(where,
                    QStringLiteral("holds more than %1 points")
                        .arg(2 * ResultArchive::kCurvePoints));
            (std::strcmp(part, "curves") == 0 ? r.curves : r.means)[m] = std::move(points);
        }
    }
    const io::JsonNode& last = in.object(o, "last", at);
    for (const auto& [key, node] : last.object) {
        const QString where = at + QStringLiteral("last.") + key;
        r.last[metricIndex(key, where)] = in.value(node, where);
    }
    return r;
}

SweepRecord readSweep(const Reader& in, const io::JsonNode& o, const QString& at)
{
    SweepRecord s;
    const std::vector<io::JsonNode>& axes = in.array(o, "axes", at);
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const QString aat = at + QStringLiteral("axes.%1.").arg(i);
        SweepAxis axis;
        axis.key = in.string(axes[i], "key", aat).toStdString();
        axis.values = in.strings(axes[i], "values", aat);
        s.plan.axes.push_back(std::move(axis));
    }
    s.plan.schemes = in.strings(o, "schemes", at);
    for (double b : in.numbers(o, "bits", at)) {
        if (b != std::floor(b) || b < 1 || b > 64)
            in.fail(at + QStringLiteral("bits"), QStringLiteral("must hold whole numbers 1-64"));
        s.plan.bits.push_back(static_cast<int>(b));
    }
    s.plan.seeds = static_cast<int>(in.integer(o, "seeds", at, 1));
    s.classification = in.boolean(o, "classification", at);
    s.hasTest = in.boolean(o, "has_test", at);
    s.bitsFrom = static_cast<int>(in.integer(o, "bits_from", at, 1));
    s.bitsTo = static_cast<int>(in.integer(o, "bits_to", at, 1));
    s.title = in.string(o, "title", at);
    s.status = in.string(o, "status", at);
    const std::vector<io::JsonNode>& results = in.array(o, "results", at);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const io::JsonNode& ro = results[i];
        const QString rat = at + QStringLiteral("results.%1.").arg(i);
        SweepResult r;
        r.index = static_cast<int>(in.integer(ro, "index", rat));
        r.unit = static_cast<int>(in.integer(ro, "unit", rat));
        r.point = static_cast<int>(in.integer(ro, "point", rat));
        r.seedIndex = static_cast<int>(in.integer(ro, "seed_index", rat));
        const std::string seed = in.string(ro, "seed", rat).toStdString();
        const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), r.seed);
        if (ec != std::errc() || end != seed.data() + seed.size() || seed.empty())
            in.fail(
                rat + QStringLiteral("seed"), QStringLiteral("must be a whole number as a string"));
        r.run = static_cast<int>(in.integer(ro, "run", rat));
        r.values = in.strings(ro, "values", rat);
        if (r.values.size() != s.plan.axes.size())
            in.fail(rat + QStringLiteral("values"), QStringLiteral("must hold one value per axis"));
        r.runName = in.string(ro, "name", rat).toStdString();
        r.scheme = in.string(ro, "scheme", rat).toStdString();
        if (in.optional(ro, "bits"))
            r.bits = static_cast<int>(in.integer(ro, "bits", rat, 1));
        r.problem = in.string(ro, "problem", rat).toStdString();
        r.trainLoss = in.value(ro, "train_loss", rat);
        r.testLoss = in.value(ro, "test_loss", rat);
        r.accuracy = in.value(ro, "accuracy", rat);
        if (const io::JsonNode* so = in.optional(ro, "summary")) {
            const QString sat = rat + QStringLiteral("summary.");
            RunSummary summary;
            summary.run = r.run;
            summary.name = r.runName;
            summary.status = in.status(*so, "status", sat);
            summary.steps = in.integer(*so, "steps", sat);
            summary.totalSteps = in.integer(*so, "total_steps", sat);
            summary.failedStep = in.integer(*so, "failed_step", sat, -1);
            summary.message = in.string(*so, "message", sat).toStdString();
            r.summary = summary;
        }
        s.results.push_back(std::move(r));
    }
    return s;
}

} // namespace

Session readSession(const QString& path)
{
    const QString file = QDir::toNativeSeparators(path);
    const QByteArray bytes
        = io::readFileLimited(path, kMaxSessionBytes, QStringLiteral("session file"));
    const io::JsonNode root
        = io::parseJson(bytes, file, io::kMaxJsonDepth, kMaxSessionValues, /*packNumbers=*/true);
    const Reader in(file);
    if (root.type != io::JsonNode::Type::Object)
        in.fail(QStringLiteral("the file"), QStringLiteral("must hold a JSON object"));
    if (in.string(root, "format", {}) != QLatin1String("bitlab.session"))
        in.fail(QStringLiteral("format"),
            QStringLiteral("must be \"bitlab.session\" (is this a session file?)"));
    if (in.integer(root, "version", {}, 1) > kSessionVersion)
        in.fail(QStringLiteral("version"),
            QStringLiteral("is newer than this program reads (%1)").arg(kSessionVersion));
    const QString baseDir = QFileInfo(path).absolutePath();

    Session s;
    s.title = in.string(root, "title", {});
    s.spec = in.experiment(root, "experiment", {}, baseDir);
    const io::JsonNode& view = in.object(root, "view", {});
    const QString vat = QStringLiteral("view.");
    s.view.tab = in.string(view, "tab", vat);
    s.view.lossMode = static_cast<int>(in.integer(view, "loss_mode", vat));
    // 0 evaluated loss, 1 batch loss, 2 accuracy, 3 learned steps and clips (LossChart::Mode).
    if (s.view.lossMode > 3)
        in.fail(vat + QStringLiteral("loss_mode"), QStringLiteral("must be 0, 1, 2 or 3"));
    s.view.logScale = in.boolean(view, "log_scale", vat);
    s.view.smoothing = in.value(view, "smoothing", vat);
    if (!(s.view.smoothing >= 0 && s.view.smoothing < 1))
        in.fail(vat + QStringLiteral("smoothing"), QStringLiteral("must be in [0, 1)"));
    s.view.lossOverlay = static_cast<int>(in.integer(view, "loss_overlay", vat, -1));
    s.view.sweepOverlay = static_cast<int>(in.integer(view, "sweep_overlay", vat, -1));

    if (const io::JsonNode* results = in.optional(root, "results")) {
        const QString rat = QStringLiteral("results.");
        s.resultsEntry = static_cast<int>(in.integer(*results, "entry", rat, -1));
        const std::vector<io::JsonNode>& runs = in.array(*results, "runs", rat);
        for (std::size_t i = 0; i < runs.size(); ++i)
            s.runs.push_back(
                readRun(in, runs[i], rat + QStringLiteral("runs.%1.").arg(i), static_cast<int>(i)));
    }
    if (const io::JsonNode* sweep = in.optional(root, "sweep")) {
        const QString sat = QStringLiteral("sweep.");
        s.sweep = readSweep(in, *sweep, sat);
        s.sweepEntry = static_cast<int>(in.integer(*sweep, "entry", sat, -1));
        s.sweepOfThisExperiment = in.boolean(*sweep, "same_experiment", sat);
    }
    const std::vector<io::JsonNode>& archive = in.array(root, "archive", {});
    for (std::size_t i = 0; i < archive.size(); ++i) {
        const io::JsonNode& o = archive[i];
        const QString at = QStringLiteral("archive.%1.").arg(i);
        ArchivedResult e;
        e.number = static_cast<int>(in.integer(o, "number", at, 1));
        e.title = in.string(o, "title", at);
        e.finished = QDateTime::fromString(in.string(o, "finished", at), Qt::ISODateWithMs);
        if (!e.finished.isValid())
            in.fail(at + QStringLiteral("finished"), QStringLiteral("must be an ISO 8601 time"));
        e.saved = in.boolean(o, "saved", at);
        e.spec = in.experiment(o, "experiment", at, baseDir);
        if (in.optional(o, "as_run"))
            e.asRun = io::experimentToBytes(in.experiment(o, "as_run", at, baseDir));
        const std::vector<io::JsonNode>& runs = in.array(o, "runs", at);
        for (std::size_t r = 0; r < runs.size(); ++r)
            e.runs.push_back(readArchivedRun(in, runs[r], at + QStringLiteral("runs.%1.").arg(r)));
        if (const io::JsonNode* sweep = in.optional(o, "sweep"))
            e.sweep = readSweep(in, *sweep, at + QStringLiteral("sweep."));
        for (const ArchivedResult& before : s.archive)
            if (before.number == e.number)
                in.fail(at + QStringLiteral("number"),
                    QStringLiteral("is used twice (#%1)").arg(e.number));
        s.archive.push_back(std::move(e));
    }
    return s;
}

} // namespace bitlab::ui
