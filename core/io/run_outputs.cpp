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

    ensureDirectory(out.filePath(QStringLiteral("weights")));
    QSet<QString> stems;
    for (int i = 0; i < experiment.runCount(); ++i) {
        const RunSpec& run = spec.runs[size_t(i)];
        QString stem = runFileStem(names[size_t(i)]);
        const QString base = stem;
        for (int k = 2; stems.contains(stem.toLower()); ++k)
            stem = QStringLiteral("%1-%2").arg(base).arg(k);
        stems.insert(stem.toLower());
        const WeightSnapshot snapshot = experiment.snapshot(i);
        const RunSummary& summary = summaries[size_t(i)];
        QString note;
        if (summary.status == RunStatus::Diverged || summary.status == RunStatus::Failed)
            note = QStringLiteral("the run %1 at step %2; these are its last finite weights "
                                  "(step %3)")
                       .arg(QString::fromLatin1(toString(summary.status)))
                       .arg(summary.failedStep)
                       .arg(snapshot.step);
        else if (summary.status == RunStatus::Stopped)
            note = QStringLiteral("the run was stopped at step %1 of %2")
                       .arg(summary.steps).arg(summary.totalSteps);
        QByteArray json, csv, header;
        try {
            json = weightsToJson(snapshot, run, spec.model, note);
            csv = weightsCsv(snapshot);
            if (run.quantizer)
                header = cHeader(snapshot, run, spec.model);
        } catch (const Error& e) {
            result.warnings << QStringLiteral("weights of run '%1' not written: %2")
                                   .arg(names[size_t(i)], QString::fromUtf8(e.what()));
            continue;
        }
        save(QStringLiteral("weights/%1.json").arg(stem), json);
        save(QStringLiteral("weights/%1.csv").arg(stem), csv);
        if (run.quantizer)
            save(QStringLiteral("weights/%1.h").arg(stem), header);
    }
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
