#include "core/io/experiment_json.h"

#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_reader.h"
#include "core/io/json_text.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>

// Reading an experiment file: one function per section of the format, each reporting
// every problem it finds to the Reader; the values of the settings are read through the
// registries' field tables (experiment_reader.h). The runs are read in
// experiment_runs_reader.cpp.

namespace bitlab::io {

namespace {

using schema::keysOf;
using schema::toQStringList;

void readDataset(Reader& r, const QJsonObject& root, DatasetSpec& d)
{
    if (!root.contains(QStringLiteral("dataset"))) {
        r.problem(QStringLiteral("dataset is missing: add an object like {\"source\": "
                                 "\"data.csv\"} or {\"source\": \"builtin:moons\"}"));
        return;
    }
    const auto o = r.object(
        root, {}, QStringLiteral("dataset"), QStringLiteral("{\"source\": \"data.csv\"}"));
    if (!o)
        return;
    const QString path = QStringLiteral("dataset");
    r.unknownKeys(*o, path, *keysOf(QStringLiteral("dataset")));

    if (!o->contains(QStringLiteral("source")))
        r.problem(QStringLiteral("dataset.source is missing: a CSV path (relative to the "
                                 "experiment file) or builtin:NAME"));
    const auto source = r.string(*o, path, QStringLiteral("source"));
    const DatasetInfo* builtin = nullptr;
    if (source) {
        d.source = source->toStdString();
        if (source->isEmpty()) {
            r.problem(
                QStringLiteral("dataset.source must not be empty: a CSV path or builtin:NAME"));
        } else if (d.isBuiltin()) {
            builtin = findDataset(d.builtinName());
            if (!builtin) {
                QStringList names;
                for (const auto& info : datasetRegistry())
                    names << QStringLiteral("builtin:") + QString::fromStdString(info.name);
                r.problem(QStringLiteral("dataset.source %1 is not a built-in dataset; use one "
                                         "of %2%3")
                              .arg(shown(*source), names.join(", "), suggestion(*source, names)));
            }
        }
    }
    if (const auto target = r.name(*o, path, QStringLiteral("target")))
        d.target = target->toStdString();
    if (const auto task = r.choice(
            *o, path, QStringLiteral("task"), { "auto", "regression", "binary", "multiclass" }))
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
                              usersOf<DatasetSpec>(
                                  f, names,
                                  [](DatasetSpec& s, const std::string& n) { s.source = n; }, d)));
        } else if (const auto v = r.value(o->value(key), join(path, key), f, d)) {
            f.set(d, *v);
        }
    }

    // An image CSV's shape; a built-in dataset knows its own (or is not images).
    if (o->contains(QStringLiteral("image_shape"))) {
        const QJsonValue v = o->value(QStringLiteral("image_shape"));
        if (source && d.isBuiltin()) {
            r.problem(QStringLiteral("dataset.image_shape applies only to a CSV file, not to "
                                     "%1 (a built-in dataset knows its shape)")
                          .arg(*source));
        } else if (!v.isArray() || v.toArray().size() != 2) {
            r.problem(QStringLiteral("dataset.image_shape must be [rows, cols], the pixels of "
                                     "each row's image like [28, 28], got %1")
                          .arg(v.isArray() && v.toArray().size() <= 8 ? QString::fromUtf8(
                                   QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))
                                                                      : shown(v)));
        } else {
            const QJsonArray a = v.toArray();
            const auto rows = r.integer(
                a.at(0), QStringLiteral("dataset.image_shape.0"), Range::closed(1, kMaxImageSide));
            const auto cols = r.integer(
                a.at(1), QStringLiteral("dataset.image_shape.1"), Range::closed(1, kMaxImageSide));
            if (rows && cols) {
                d.imageRows = static_cast<int>(*rows);
                d.imageCols = static_cast<int>(*cols);
            }
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
                                 "(kinds: %1)")
                      .arg(kinds.join(", ")));
        return nullptr;
    }
    const auto o
        = r.object(root, {}, QStringLiteral("model"), QStringLiteral("{\"kind\": \"linear\"}"));
    if (!o)
        return nullptr;
    const QString path = QStringLiteral("model");
    r.unknownKeys(*o, path, *keysOf(QStringLiteral("model")));
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
                                     "got %1")
                          .arg(shown(v)));
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
    if (const auto a
        = r.choice(*o, path, QStringLiteral("activation"), toQStringList(activationNames())))
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
        v = QJsonObject { { QStringLiteral("kind"), v } };
    if (!v.isObject()) {
        r.problem(QStringLiteral("optimizer.schedule must be an object like {\"kind\": \"step\", "
                                 "\"step_size\": 30, \"gamma\": 0.1}, got %1")
                      .arg(shown(v)));
        return;
    }
    const QJsonObject o = v.toObject();
    r.unknownKeys(o, path, *keysOf(QStringLiteral("optimizer.schedule")));
    if (const auto kind = r.choice(o, path, QStringLiteral("kind"), kinds))
        s.kind = kind->toStdString();
    readFields(r, o, path, scheduleFields(), s);
    // A value written for a kind that does not read it would be silently ignored: refuse it.
    refuseUnused<ScheduleSpec>(
        r, o, path, scheduleFields(), s, ScheduleSpec {}, [&](const Field<ScheduleSpec>& f) {
            return QStringLiteral("schedule kind \"%1\" (only by %2)")
                .arg(QString::fromStdString(s.kind),
                    usersOf<ScheduleSpec>(
                        f, scheduleNames(),
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
        r.unknownKeys(*o, QStringLiteral("optimizer"), *keysOf(QStringLiteral("optimizer")));
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
        refuseUnused<OptimizerSpec>(
            r, *o, path, optimizerFields(), opt, defaults, [&](const Field<OptimizerSpec>&) {
                return QStringLiteral("optimizer.kind \"%1\" (it reads %2)")
                    .arg(kind, toQStringList(info->fields).join(", "));
            });
}

void readTraining(Reader& r, const QJsonObject& root, TrainingSpec& t)
{
    const auto o = r.object(
        root, {}, QStringLiteral("training"), QStringLiteral("{\"epochs\": 100, \"seed\": 42}"));
    if (!o)
        return;
    const QString path = QStringLiteral("training");
    r.unknownKeys(*o, path, *keysOf(QStringLiteral("training")));
    readFields(r, *o, path, trainingFields(), t);
}

void readInit(Reader& r, const QJsonObject& root, InitSpec& init)
{
    const QString key = QStringLiteral("init");
    if (!root.contains(key))
        return;
    QJsonValue v = root.value(key);
    if (v.isString()) // shorthand: "init": "zeros"
        v = QJsonObject { { QStringLiteral("kind"), v } };
    if (!v.isObject()) {
        r.problem(QStringLiteral("init must be an object like {\"kind\": \"default\"} or "
                                 "{\"kind\": \"file\", \"path\": \"weights.json\"}, got %1")
                      .arg(shown(v)));
        return;
    }
    const QJsonObject o = v.toObject();
    r.unknownKeys(o, key, *keysOf(QStringLiteral("init")));
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
                                 "\"%1\")")
                      .arg(QString::fromStdString(init.kind)));
    }
}

} // namespace

ExperimentSpec experimentFromJson(
    const QJsonObject& root, const QString& baseDir, const QString& fileNameForMessages)
{
    Reader r(fileNameForMessages.isEmpty() ? QStringLiteral("experiment") : fileNameForMessages);
    // A wrong format or version makes every other message noise: report those alone.
    if (root.contains(QStringLiteral("format"))) {
        const QJsonValue f = root.value(QStringLiteral("format"));
        if (f.toString() == QLatin1String("bitlab.weights"))
            r.problem(QStringLiteral("this is a weights file (format \"bitlab.weights\"), not an "
                                     "experiment; use it in an experiment as \"init\": {\"kind\": "
                                     "\"file\", \"path\": ...}"));
        else if (f.toString() != schema::format())
            r.problem(QStringLiteral("format must be \"%1\", got %2; this is not a BitLab "
                                     "experiment file")
                          .arg(schema::format(), shown(f)));
    }
    if (r.ok()) {
        if (!root.contains(QStringLiteral("version"))) {
            r.problem(QStringLiteral("version is missing: add \"version\": %1 (the experiment "
                                     "format version this file follows)")
                          .arg(kExperimentVersion));
        } else {
            const QJsonValue v = root.value(QStringLiteral("version"));
            const qint64 version = v.isDouble() ? v.toInteger(-1) : -1;
            if (version > kExperimentVersion)
                r.problem(QStringLiteral("version %1 is newer than this BitLab understands (it "
                                         "reads experiment files up to version %2); update BitLab")
                              .arg(version)
                              .arg(kExperimentVersion));
            else if (version != kExperimentVersion)
                r.problem(QStringLiteral("version must be %1, got %2")
                              .arg(kExperimentVersion)
                              .arg(shown(v)));
        }
    }
    if (!r.ok())
        r.raise();

    ExperimentSpec spec;
    spec.baseDir = baseDir.toStdString();
    r.unknownKeys(root, {}, *keysOf(QString()));
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
    const QString file
        = fileNameForMessages.isEmpty() ? QStringLiteral("experiment") : fileNameForMessages;
    if (json.size() > kMaxExperimentBytes)
        throw Error(QStringLiteral("%1: the experiment is %2 bytes, more than the limit of %3")
                        .arg(file)
                        .arg(json.size())
                        .arg(kMaxExperimentBytes)
                        .toStdString());
    const JsonNode node = parseJson(json, file, kMaxJsonDepth, kMaxExperimentValues);
    if (node.type != JsonNode::Type::Object)
        throw Error(QStringLiteral("%1: an experiment file must hold a JSON object {...}, not %2")
                        .arg(file, node.typeName())
                        .toStdString());
    QJsonObject root = toQJson(node).toObject();
    for (const auto& set : sets)
        applySet(root, set);
    return experimentFromJson(root, baseDir, file);
}

ExperimentSpec readExperiment(const QString& path, const QStringList& sets)
{
    const QByteArray bytes
        = readFileLimited(path, kMaxExperimentBytes, QStringLiteral("experiment file"));
    const QFileInfo info(path);
    return parseExperiment(bytes, info.absolutePath(), sets, QDir::toNativeSeparators(path));
}

} // namespace bitlab::io
