// Reading the runs of an experiment file: each run's name, quantizer (and gradient and state
// quantizers), per_tensor entries and the activations' entries, through the quantizer
// registry's field table (experiment_reader.h).

#include "core/engine/experiment.h"
#include "core/io/experiment_reader.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"

#include <QHash>

namespace bitlab::io {

namespace {

using schema::keysOf;
using schema::toQStringList;

// base: a per_tensor entry starts from the run's quantizer (scheme and settings it does not
// give stay the run's).
std::optional<QuantizerSpec> readQuantizer(
    Reader& r, const QJsonValue& v, const QString& path, const QuantizerSpec* base = nullptr)
{
    if (v.isNull())
        return std::nullopt; // full precision
    if (!v.isObject()) {
        r.problem(QStringLiteral("%1 must be an object like {\"scheme\": \"symmetric\", \"bits\": "
                                 "4} (or null for full precision), got %2")
                      .arg(path, shown(v)));
        return std::nullopt;
    }
    const QJsonObject o = v.toObject();
    r.unknownKeys(o, path, *keysOf(QStringLiteral("runs.#.quantizer")));
    const bool gradient = path.endsWith(QLatin1String(".gradient_quantizer"));
    if (gradient || path.endsWith(QLatin1String(".state_quantizer")))
        for (const char* key : { "mode", "ste_clip", "quantize_bias", "activation_bits", "learn" })
            if (o.contains(QLatin1String(key)))
                r.problem(gradient
                        ? QStringLiteral("%1.%2 does not apply to a gradient quantizer (it rounds "
                                         "every gradient tensor before the optimizer; no training "
                                         "mode)")
                              .arg(path, QLatin1String(key))
                        : QStringLiteral("%1.%2 does not apply to a state quantizer (it rounds "
                                         "every optimizer state tensor after each update; no "
                                         "training mode)")
                              .arg(path, QLatin1String(key)));
    QStringList schemes;
    for (const auto& info : quantizerRegistry())
        schemes << QString::fromStdString(info.name);
    QuantizerSpec q = base ? *base : QuantizerSpec {};
    if (const auto s = r.choice(o, path, QStringLiteral("scheme"), schemes))
        q.scheme = s->toStdString();
    const QuantizerInfo* info = findQuantizer(q.scheme);
    if (info && !base) {
        const std::string scheme = q.scheme;
        q = info->defaults;
        q.scheme = scheme;
    }
    const QuantizerSpec defaults = q;
    if (auto s = r.choice(o, path, QStringLiteral("rounding"), toQStringList(roundingNames())))
        q.rounding = *roundingFromString(s->toStdString());
    if (auto s = r.choice(o, path, QStringLiteral("mode"), toQStringList(modeNames())))
        q.mode = *modeFromString(s->toStdString());
    if (auto s
        = r.choice(o, path, QStringLiteral("granularity"), toQStringList(granularityNames())))
        q.granularity = *granularityFromString(s->toStdString());
    // The low-precision float keys (DESIGN §6): names from the format registries.
    QStringList formats = toQStringList(floatFormatNames());
    formats << QStringLiteral("custom");
    if (auto s = r.choice(o, path, QStringLiteral("format"), formats))
        q.format = s->toStdString();
    if (auto s = r.choice(o, path, QStringLiteral("overflow"), toQStringList(overflowNames())))
        q.overflow = *overflowFromString(s->toStdString());
    if (auto s = r.choice(o, path, QStringLiteral("scaling"), toQStringList(scalingNames())))
        q.scaling = *scalingFromString(s->toStdString());
    if (auto s = r.choice(o, path, QStringLiteral("element"), toQStringList(mxElementNames())))
        q.element = s->toStdString();
    if (auto s = r.choice(o, path, QStringLiteral("observer"), toQStringList(observerNames())))
        q.observer = *observerFromString(s->toStdString());
    if (auto s = r.choice(o, path, QStringLiteral("learn"), toQStringList(learnNames())))
        q.learn = *learnFromString(s->toStdString());
    readFields(r, o, path, quantizerFields(), q);
    if (info) {
        const auto onlyFor = [&](const char* key, bool QuantizerInfo::*flag) {
            if (!o.contains(QLatin1String(key)) || info->*flag)
                return;
            QStringList users;
            for (const auto& i : quantizerRegistry())
                if (i.*flag)
                    users << QStringLiteral("\"%1\"").arg(QString::fromStdString(i.name));
            r.problem(QStringLiteral("%1.%2 applies only to scheme %3 (scheme is \"%4\")")
                          .arg(path, QLatin1String(key), users.join(QStringLiteral(", ")),
                              QString::fromStdString(q.scheme)));
        };
        onlyFor("format", &QuantizerInfo::usesFloatFormat);
        onlyFor("overflow", &QuantizerInfo::usesFloatFormat);
        onlyFor("scaling", &QuantizerInfo::usesFloatFormat);
        onlyFor("element", &QuantizerInfo::usesMxElement);
        refuseUnused<QuantizerSpec>(
            r, o, path, quantizerFields(), q, defaults, [&](const Field<QuantizerSpec>& f) {
                // The observer's settings and calibration say what reads them.
                if (f.key == "averaging" || f.key == "percentile")
                    return QStringLiteral("observer \"%1\" (only by observer \"%2\" of the "
                                          "schemes symmetric, affine and float with scaling amax)")
                        .arg(QString::fromLatin1(toString(q.observer)),
                            QString::fromLatin1(
                                f.key == "averaging" ? "moving_average" : "percentile"));
                if (f.key == "calibration_batches")
                    return QStringLiteral("mode \"%1\" (only by mode \"ptq\")")
                        .arg(QString::fromLatin1(toString(q.mode)));
                const QString users = usersOf<QuantizerSpec>(
                    f, quantizerNames(),
                    [](QuantizerSpec& x, const std::string& n) { x.scheme = n; }, q);
                // A field no scheme reads with these settings (exp_bits without format
                // custom): its help says when it is read.
                if (users == QLatin1String("none"))
                    return QStringLiteral("scheme \"%1\" with these settings (%2)")
                        .arg(QString::fromStdString(q.scheme), QString::fromUtf8(f.help));
                return QStringLiteral("scheme \"%1\" (only by %2)")
                    .arg(QString::fromStdString(q.scheme), users);
            });
        if (q.steClip && q.mode != TrainingMode::Ste && o.contains(QStringLiteral("ste_clip")))
            r.problem(QStringLiteral("%1.ste_clip applies only to mode \"ste\" (mode is \"%2\")")
                          .arg(path, QString::fromLatin1(toString(q.mode))));
    }
    return q;
}

// A hidden activation's per_tensor entry ("layers.0.activation": {"bits": 4, "learn":
// "pact"}): its bits (0 = float64; default the run's activation_bits) and learn (default the
// run's); the run's quantizer otherwise.
QuantizerSpec readActivationEntry(
    Reader& r, const QJsonObject& o, const QString& at, const QuantizerSpec& run)
{
    QuantizerSpec q = run;
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != QLatin1String("bits") && it.key() != QLatin1String("learn"))
            r.problem(QStringLiteral("%1.%2 does not apply to a hidden activation: it takes only "
                                     "bits (0 = float64, else 1 to 16) and learn (none, lsq, "
                                     "pact); its grid is affine over a moving-average range, or "
                                     "learned")
                          .arg(at, it.key()));
    if (o.contains(QStringLiteral("bits")))
        if (const auto b = r.integer(o.value(QStringLiteral("bits")), at + QStringLiteral(".bits"),
                Range::closed(0, 16)))
            q.activationBits = static_cast<int>(*b);
    if (auto s = r.choice(o, at, QStringLiteral("learn"), toQStringList(learnNames())))
        q.learn = *learnFromString(s->toStdString());
    return q;
}

} // namespace

void readRuns(Reader& r, const QJsonObject& root, std::vector<RunSpec>& runs)
{
    const QString key = QStringLiteral("runs");
    runs.clear();
    if (!root.contains(key)) {
        runs.push_back(RunSpec {});
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
            r.problem(
                QStringLiteral("%1 must be an object like {\"name\": \"Q4.3\", \"quantizer\": "
                               "{...}}, got %2")
                    .arg(path, shown(a.at(i))));
            continue;
        }
        const QJsonObject o = a.at(i).toObject();
        r.unknownKeys(o, path, *keysOf(QStringLiteral("runs.#")));
        RunSpec run;
        if (o.contains(QStringLiteral("quantizer")))
            run.quantizer = readQuantizer(
                r, o.value(QStringLiteral("quantizer")), path + QStringLiteral(".quantizer"));
        if (o.contains(QStringLiteral("gradient_quantizer")))
            run.gradientQuantizer = readQuantizer(r, o.value(QStringLiteral("gradient_quantizer")),
                path + QStringLiteral(".gradient_quantizer"));
        if (const auto per = r.object(o, path, QStringLiteral("per_tensor"),
                QStringLiteral("{\"layers.0.weight\": {\"bits\": 4}}"))) {
            if (!run.quantizer) {
                r.problem(
                    QStringLiteral("%1.per_tensor needs a quantizer: a full-precision run has "
                                   "no quantizer to override; add \"quantizer\" or remove "
                                   "per_tensor")
                        .arg(path));
            } else {
                for (auto it = per->begin(); it != per->end(); ++it) {
                    const QString at = path + QStringLiteral(".per_tensor.") + it.key();
                    if (!it.value().isObject() || it.value().toObject().isEmpty()) {
                        r.problem(QStringLiteral("%1 must be an object of quantizer settings like "
                                                 "{\"bits\": 4}, got %2")
                                      .arg(at, shown(it.value())));
                        continue;
                    }
                    if (isActivationTensorName(it.key().toStdString()))
                        run.perTensor.push_back(TensorQuantizer { it.key().toStdString(),
                            readActivationEntry(r, it.value().toObject(), at, *run.quantizer) });
                    else if (auto q = readQuantizer(r, it.value(), at, &*run.quantizer))
                        run.perTensor.push_back(TensorQuantizer { it.key().toStdString(), *q });
                }
            }
        }
        if (o.contains(QStringLiteral("state_quantizer")))
            run.stateQuantizer = readQuantizer(r, o.value(QStringLiteral("state_quantizer")),
                path + QStringLiteral(".state_quantizer"));
        if (const auto name = r.name(o, path, QStringLiteral("name"))) {
            if (name->trimmed().isEmpty()) {
                r.problem(QStringLiteral("%1.name must not be empty (omit it for a default name)")
                              .arg(path));
            } else if (names.contains(*name)) {
                r.problem(QStringLiteral("%1.name \"%2\" is already the name of runs.%3; run names "
                                         "must be unique")
                              .arg(path, *name)
                              .arg(names.value(*name)));
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

} // namespace bitlab::io
