#include "core/io/run_outputs.h"

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "core/io/exports.h"
#include "core/io/weights_json.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <functional>

namespace bitlab::io {

QString runFileStem(const QString& runName)
{
    QString stem;
    for (const QChar c : runName) {
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || u == '.' || u == '_' || u == '-';
        stem += ok ? c : QLatin1Char('_');
    }
    // No hidden files, no "." / "..".
    while (stem.startsWith(QLatin1Char('.')))
        stem[0] = QLatin1Char('_');
    return stem.isEmpty() ? QStringLiteral("run") : stem;
}

namespace {

// What the weights JSON says about a run that did not finish normally (empty otherwise).
QString weightsNote(const RunSummary& summary, const WeightSnapshot& snapshot)
{
    if (summary.status == RunStatus::Diverged || summary.status == RunStatus::Failed)
        return QStringLiteral("the run %1 at step %2; these are its last finite weights "
                              "(step %3)")
            .arg(QString::fromLatin1(toString(summary.status)))
            .arg(summary.failedStep)
            .arg(snapshot.step);
    if (summary.status == RunStatus::Stopped)
        return QStringLiteral("the run was stopped at step %1 of %2")
            .arg(summary.steps)
            .arg(summary.totalSteps);
    return {};
}

} // namespace

RunOutputs writeWeightsFiles(
    const QString& dir, const Experiment& experiment, WeightsFormats formats)
{
    RunOutputs result;
    ensureDirectory(dir);
    const QDir out(QFileInfo(dir).absoluteFilePath());
    const ExperimentSpec& spec = experiment.spec();
    QSet<QString> stems;
    for (int i = 0; i < experiment.runCount(); ++i) {
        const RunSpec& run = spec.runs[size_t(i)];
        const QString name = QString::fromStdString(run.name);
        QString stem = runFileStem(name);
        const QString base = stem;
        for (int k = 2; stems.contains(stem.toLower()); ++k)
            stem = QStringLiteral("%1-%2").arg(base).arg(k);
        stems.insert(stem.toLower());
        const WeightSnapshot snapshot = experiment.snapshot(i);
        const bool header = formats.cHeader && run.quantizer;
        QByteArray json, csv, cHeaderText;
        try {
            if (formats.json)
                json = weightsToJson(
                    snapshot, run, spec.model, weightsNote(experiment.summary(i), snapshot));
            if (formats.csv)
                csv = weightsCsv(snapshot);
            if (header)
                cHeaderText = cHeader(snapshot, run, spec.model);
        } catch (const Error& e) {
            result.warnings << QStringLiteral("weights of run '%1' not written: %2")
                                   .arg(name, QString::fromUtf8(e.what()));
            continue;
        }
        auto save = [&](const QString& suffix, const QByteArray& bytes) {
            const QString path = out.filePath(stem + suffix);
            writeFileAtomically(path, bytes);
            result.files << path;
        };
        if (formats.json)
            save(QStringLiteral(".json"), json);
        if (formats.csv)
            save(QStringLiteral(".csv"), csv);
        if (header)
            save(QStringLiteral(".h"), cHeaderText);
    }
    return result;
}

namespace {

// Writes metrics.csv to the path it is given, from whatever holds the records.
using MetricsWriter = std::function<void(const QString& path, const std::vector<QString>& names)>;

RunOutputs writeRunOutputsWith(
    const QString& dir, const Experiment& experiment, const MetricsWriter& writeMetrics)
{
    RunOutputs result;
    const QString root = QFileInfo(dir).absoluteFilePath();
    ensureDirectory(root);
    const QDir out(root);
    auto save = [&](const QString& name, const QByteArray& bytes) {
        const QString path = out.filePath(name);
        writeFileAtomically(path, bytes);
        result.files << path;
    };

    const ExperimentSpec& spec = experiment.spec();
    save(QStringLiteral("experiment.json"), experimentToBytes(spec, root));

    std::vector<QString> names;
    std::vector<RunSummary> summaries;
    for (int i = 0; i < experiment.runCount(); ++i) {
        summaries.push_back(experiment.summary(i));
        names.push_back(QString::fromStdString(spec.runs[size_t(i)].name));
    }
    const QString metricsPath = out.filePath(QStringLiteral("metrics.csv"));
    writeMetrics(metricsPath, names);
    result.files << metricsPath;
    save(QStringLiteral("summary.json"), summaryJson(summaries));

    const RunOutputs weights
        = writeWeightsFiles(out.filePath(QStringLiteral("weights")), experiment);
    result.files << weights.files;
    result.warnings << weights.warnings;
    return result;
}

} // namespace

RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const std::vector<Record>& records)
{
    return writeRunOutputsWith(dir, experiment, [&](const QString& path, const auto& names) {
        writeFileAtomically(path, metricsCsv(records, names));
    });
}

RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const MetricsSpool& metrics)
{
    return writeRunOutputsWith(dir, experiment,
        [&](const QString& path, const auto& names) { saveMetricsCsv(path, metrics, names); });
}

} // namespace bitlab::io
