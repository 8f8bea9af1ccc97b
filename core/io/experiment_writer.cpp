#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "core/io/experiment_schema.h"
#include "core/io/json_text.h"
#include "core/optim/optimizer.h"
#include "core/quant/quantizer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

// Writing an experiment file: every key, the defaults filled in. The settings are written
// from the registries' field tables, so a field added there is written too.

namespace bitlab::io {

namespace {

// Every field of a table that spec holds (unset optional fields are left out); "K.0",
// "K.1", ... become the array K.
template <class Spec>
void writeFields(QJsonObject& o, const std::vector<Field<Spec>>& fields, const Spec& spec)
{
    for (const auto& f : fields) {
        const FieldValue v = f.get(spec);
        QJsonValue json;
        if (const auto* b = std::get_if<bool>(&v))
            json = *b;
        else if (const auto* i = std::get_if<std::int64_t>(&v))
            json = static_cast<qint64>(*i);
        else if (const auto* d = std::get_if<double>(&v))
            json = *d;
        else
            continue;
        const QString key = schema::topKey(f.key);
        if (key == QString::fromStdString(f.key)) {
            o.insert(key, json);
        } else {
            QJsonArray a = o.value(key).toArray();
            a.append(json);
            o.insert(key, a);
        }
    }
}

QString relativePath(const ExperimentSpec& spec, const std::string& path, const QString& relativeTo)
{
    const QString p = QString::fromStdString(path);
    if (relativeTo.isEmpty())
        return p;
    // Spelled as the system will open it: baseDir joined without removing "..".
    const QString opened = QFileInfo(p).isAbsolute()
        ? p
        : QDir(QString::fromStdString(spec.baseDir.empty() ? std::string(".") : spec.baseDir))
                .absolutePath()
            + QLatin1Char('/') + p;
    QString target = QFileInfo(opened).canonicalFilePath();
    if (target.isEmpty()) // not there (yet): the best guess is the spelled path
        target = QDir::cleanPath(opened);
    // The folder may not exist yet (an output folder written next): its nearest existing
    // ancestor's real path, then the rest as spelled.
    QString folder = QDir::cleanPath(QFileInfo(relativeTo).absoluteFilePath());
    QString rest;
    while (!QFileInfo(folder).exists() && folder != QDir::rootPath() && !folder.isEmpty()) {
        rest
            = QFileInfo(folder).fileName() + (rest.isEmpty() ? QString() : QLatin1Char('/') + rest);
        folder = QFileInfo(folder).absolutePath();
    }
    QString real = QFileInfo(folder).canonicalFilePath();
    if (real.isEmpty())
        real = folder;
    if (!rest.isEmpty())
        real = QDir(real).filePath(rest);
    const QString relative = QDir(real).relativeFilePath(target);
    if (QFileInfo(relative).isAbsolute()
        || QDir::cleanPath(QDir(real).filePath(relative)) != target)
        return target;
    return relative;
}

QJsonObject quantizerToJson(const QuantizerSpec& q)
{
    QJsonObject o {
        { "scheme", QString::fromStdString(q.scheme) },
        { "rounding", toString(q.rounding) },
        { "mode", toString(q.mode) },
        { "granularity", toString(q.granularity) },
    };
    writeFields(o, quantizerFields(), q);
    // The low-precision keys only where the scheme reads them (older files stay as they were),
    // and no bits where the format decides them.
    const QuantizerInfo* info = findQuantizer(q.scheme);
    for (const char* key : { "exp_bits", "man_bits", "block", "averaging", "percentile",
             "calibration_batches", "torch_float32" })
        if (const auto* f = findField(quantizerFields(), key); f && !f->appliesTo(q))
            o.remove(QLatin1String(key));
    if (!q.torchFloat32) // float64 is the default, and files from before the key stay as they were
        o.remove(QStringLiteral("torch_float32"));
    if (info && info->bitPatternCodes)
        o.remove(QStringLiteral("bits"));
    if (info && info->usesFloatFormat) {
        o.insert("format", QString::fromStdString(q.format));
        o.insert("overflow", toString(q.overflow));
        o.insert("scaling", toString(q.scaling));
    }
    if (info && info->usesMxElement)
        o.insert("element", QString::fromStdString(q.element));
    if (observerApplies(q))
        o.insert("observer", toString(q.observer));
    // Only when set: files without learned parameters stay as they were.
    if (q.learn != LearnMode::None)
        o.insert("learn", toString(q.learn));
    return o;
}

// per_tensor: each tensor's scheme and the keys where it differs from the run's quantizer.
QJsonObject perTensorToJson(const RunSpec& run)
{
    QJsonObject per;
    const QJsonObject base = quantizerToJson(*run.quantizer);
    for (const auto& t : run.perTensor) {
        if (isActivationTensorName(t.tensor)) {
            // A hidden activation: its bits, and learn where it differs from the run's.
            QJsonObject a { { "bits", t.spec.activationBits } };
            if (t.spec.learn != run.quantizer->learn)
                a.insert("learn", toString(t.spec.learn));
            per.insert(QString::fromStdString(t.tensor), a);
            continue;
        }
        const QJsonObject own = quantizerToJson(t.spec);
        QJsonObject diff { { "scheme", own.value("scheme") } };
        for (auto it = own.begin(); it != own.end(); ++it)
            if (base.value(it.key()) != it.value())
                diff.insert(it.key(), it.value());
        per.insert(QString::fromStdString(t.tensor), diff);
    }
    return per;
}

} // namespace

QJsonObject experimentToJson(const ExperimentSpec& spec, const QString& relativeTo)
{
    const DatasetSpec d = withGeneratorDefaults(spec.dataset);
    QJsonObject dataset {
        { "source",
            d.isBuiltin() ? QString::fromStdString(d.source)
                          : relativePath(spec, d.source, relativeTo) },
        { "task", QString::fromStdString(d.task) },
    };
    if (!d.target.empty())
        dataset.insert("target", QString::fromStdString(d.target));
    writeFields(dataset, datasetFields(), d);
    writeFields(dataset, generatorFields(), d);
    if (d.imageRows > 0 || d.imageCols > 0)
        dataset.insert("image_shape", QJsonArray { d.imageRows, d.imageCols });

    QJsonArray hidden;
    for (int h : spec.model.hidden)
        hidden.append(h);
    const QJsonObject model { { "kind", QString::fromStdString(spec.model.kind) },
        { "hidden", hidden }, { "activation", toString(spec.model.activation) },
        { "bias", spec.model.bias } };

    const OptimizerSpec& o = spec.optimizer;
    QJsonObject schedule { { "kind", QString::fromStdString(o.schedule.kind) } };
    writeFields(schedule, scheduleFields(), o.schedule);
    QJsonObject optimizer { { "kind", QString::fromStdString(o.kind) }, { "schedule", schedule } };
    writeFields(optimizer, optimizerFields(), o);

    QJsonObject training;
    writeFields(training, trainingFields(), spec.training);

    QJsonObject init { { "kind", QString::fromStdString(spec.init.kind) } };
    if (spec.init.kind == "file")
        init.insert("path", relativePath(spec, spec.init.path, relativeTo));

    QJsonArray runs;
    for (const auto& run : spec.runs) {
        QJsonObject r;
        r.insert("name", QString::fromStdString(run.name.empty() ? defaultRunName(run) : run.name));
        if (run.quantizer)
            r.insert("quantizer", quantizerToJson(*run.quantizer));
        if (run.quantizer && !run.perTensor.empty())
            r.insert("per_tensor", perTensorToJson(run));
        // The gradient and state quantizers have no training mode: their mode keys are
        // not written.
        const auto withoutMode = [](const QuantizerSpec& q) {
            QJsonObject json = quantizerToJson(q);
            for (const char* key : { "mode", "ste_clip", "quantize_bias", "activation_bits" })
                json.remove(QLatin1String(key));
            return json;
        };
        if (run.gradientQuantizer)
            r.insert("gradient_quantizer", withoutMode(*run.gradientQuantizer));
        if (run.stateQuantizer)
            r.insert("state_quantizer", withoutMode(*run.stateQuantizer));
        runs.append(r);
    }

    return QJsonObject { { "format", schema::format() }, { "version", kExperimentVersion },
        { "dataset", dataset }, { "model", model }, { "loss", QString::fromStdString(spec.loss) },
        { "optimizer", optimizer }, { "training", training }, { "init", init }, { "runs", runs } };
}

QByteArray experimentToBytes(const ExperimentSpec& spec, const QString& relativeTo)
{
    return writeJson(experimentToJson(spec, relativeTo), schema::keyOrder());
}

void writeExperiment(const QString& path, const ExperimentSpec& spec)
{
    writeFileAtomically(path, experimentToBytes(spec, QFileInfo(path).absolutePath()));
}

} // namespace bitlab::io
