#include "core/io/run_outputs.h"

#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "core/io/exports.h"
#include "core/io/weights_json.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

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

// The weights file stems of the runs, unique (case-insensitively) in run order.
std::vector<QString> weightStems(const ExperimentSpec& spec)
{
    std::vector<QString> stems;
    QSet<QString> taken;
    for (const RunSpec& run : spec.runs) {
        const QString base = runFileStem(QString::fromStdString(run.name));
        QString stem = base;
        for (int k = 2; taken.contains(stem.toLower()); ++k)
            stem = QStringLiteral("%1-%2").arg(base).arg(k);
        taken.insert(stem.toLower());
        stems.push_back(stem);
    }
    return stems;
}

QStringList weightNames(const RunSpec& run, const QString& stem)
{
    QStringList names { QStringLiteral("weights/%1.json").arg(stem),
        QStringLiteral("weights/%1.csv").arg(stem) };
    if (run.quantizer)
        names << QStringLiteral("weights/%1.h").arg(stem);
    return names;
}

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

// Saves a file of a run's weights ("<stem>.json") and returns the path it now has.
using SaveWeights = std::function<QString(const QString& name, const QByteArray& bytes)>;

// Every run's weights files, as `formats` asks, through `save`: the output folder's
// weights/ and the GUI's Export > Weights entries both come from here.
RunOutputs writeWeightsWith(
    const Experiment& experiment, WeightsFormats formats, const SaveWeights& save)
{
    RunOutputs result;
    const ExperimentSpec& spec = experiment.spec();
    const std::vector<QString> stems = weightStems(spec);
    for (int i = 0; i < experiment.runCount(); ++i) {
        const RunSpec& run = spec.runs[size_t(i)];
        const QString& stem = stems[size_t(i)];
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
                                   .arg(QString::fromStdString(run.name),
                                       QString::fromUtf8(e.what()));
            continue;
        }
        if (formats.json) {
            result.files << save(stem + QStringLiteral(".json"), json);
            json.clear();
        }
        if (formats.csv) {
            result.files << save(stem + QStringLiteral(".csv"), csv);
            csv.clear();
        }
        if (header)
            result.files << save(stem + QStringLiteral(".h"), cHeaderText);
    }
    return result;
}

QString shortName(const std::string& name)
{
    const QString text = QString::fromStdString(name);
    if (text.size() <= 40)
        return QStringLiteral("\"%1\"").arg(text);
    return QStringLiteral("\"%1...\" (%2 characters)").arg(text.left(32)).arg(text.size());
}

} // namespace

QStringList runOutputNames(const ExperimentSpec& spec)
{
    QStringList names { QStringLiteral("experiment.json"), QStringLiteral("metrics.csv"),
        QStringLiteral("summary.json") };
    const std::vector<QString> stems = weightStems(spec);
    for (std::size_t i = 0; i < spec.runs.size(); ++i)
        names << weightNames(spec.runs[i], stems[i]);
    return names;
}

std::unique_ptr<OutputFolder> prepareRunOutputs(const QString& dir, const ExperimentSpec& spec)
{
    auto folder = std::make_unique<OutputFolder>(dir);
    for (const QString& name : { QStringLiteral("experiment.json"), QStringLiteral("metrics.csv"),
             QStringLiteral("summary.json"), QStringLiteral("confusion.csv") })
        folder->probe(name);
    const std::vector<QString> stems = weightStems(spec);
    for (std::size_t i = 0; i < spec.runs.size(); ++i) {
        for (const QString& name : weightNames(spec.runs[i], stems[i])) {
            try {
                folder->probe(name);
            } catch (const Error& e) {
                throw Error(
                    QStringLiteral("runs.%1.name %2 gives the weights file name '%3', which "
                                   "cannot be written (%4); choose a shorter or plainer "
                                   "run name")
                        .arg(i)
                        .arg(shortName(spec.runs[i].name),
                            name.left(60) + (name.size() > 60 ? QStringLiteral("...") : QString()),
                            QString::fromUtf8(e.what()).section(QStringLiteral("': "), -1))
                        .toStdString());
            }
        }
    }
    return folder;
}

RunOutputs writeRunOutputsWith(
    OutputFolder& folder, const Experiment& experiment, const MetricsWriter& writeMetrics)
{
    RunOutputs result;
    auto save = [&](const QString& name, const QByteArray& bytes) {
        folder.save(name, bytes);
        result.files << folder.finalPath(name);
    };

    const ExperimentSpec& spec = experiment.spec();
    save(QStringLiteral("experiment.json"), experimentToBytes(spec, folder.path()));

    std::vector<QString> names;
    std::vector<RunSummary> summaries;
    for (int i = 0; i < experiment.runCount(); ++i) {
        summaries.push_back(experiment.summary(i));
        names.push_back(QString::fromStdString(spec.runs[size_t(i)].name));
    }
    const QString metrics = QStringLiteral("metrics.csv");
    try {
        writeMetrics(QDir(folder.stagingPath()).filePath(metrics), names);
    } catch (const Error& e) {
        // Messages name the file where it would have been, not the staging folder.
        QString message = QString::fromUtf8(e.what());
        message.replace(QDir::toNativeSeparators(folder.stagingPath()),
            QDir::toNativeSeparators(folder.path()));
        throw Error(QStringLiteral("%1; '%2' was left as it was")
                        .arg(message, QDir::toNativeSeparators(folder.path()))
                        .toStdString());
    }
    result.files << folder.finalPath(metrics);
    const ClassResults classes = classResults(experiment);
    save(QStringLiteral("summary.json"), summaryJson(summaries, classes));
    if (!classes.empty())
        save(QStringLiteral("confusion.csv"), confusionCsv(classes, names));

    const RunOutputs weights
        = writeWeightsWith(experiment, {}, [&](const QString& name, const QByteArray& bytes) {
              const QString relative = QStringLiteral("weights/") + name;
              folder.save(relative, bytes);
              return folder.finalPath(relative);
          });
    result.files << weights.files;
    result.warnings << weights.warnings;
    // A run with no weights written still leaves weights/ (possibly empty) in the set.
    QDir().mkpath(QDir(folder.stagingPath()).filePath(QStringLiteral("weights")));
    result.warnings << folder.commit();
    return result;
}

RunOutputs writeWeightsFiles(
    const QString& dir, const Experiment& experiment, WeightsFormats formats)
{
    ensureDirectory(dir);
    const QDir out(QFileInfo(dir).absoluteFilePath());
    return writeWeightsWith(experiment, formats, [&](const QString& name, const QByteArray& bytes) {
        const QString path = out.filePath(name);
        writeFileAtomically(path, bytes);
        return path;
    });
}

RunOutputs writeRunOutputsWith(
    const QString& dir, const Experiment& experiment, const MetricsWriter& writeMetrics)
{
    const std::unique_ptr<OutputFolder> folder = prepareRunOutputs(dir, experiment.spec());
    return writeRunOutputsWith(*folder, experiment, writeMetrics);
}

RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const std::vector<Record>& records)
{
    return writeRunOutputsWith(dir, experiment, [&](const QString& path, const auto& names) {
        writeFileAtomically(path, metricsCsv(records, names, learnedNamesOf(experiment)));
    });
}

RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const MetricsSpool& metrics)
{
    const std::unique_ptr<OutputFolder> folder = prepareRunOutputs(dir, experiment.spec());
    return writeRunOutputs(*folder, experiment, metrics);
}

RunOutputs writeRunOutputs(
    OutputFolder& folder, const Experiment& experiment, const MetricsSpool& metrics)
{
    return writeRunOutputsWith(folder, experiment, [&](const QString& path, const auto& names) {
        saveMetricsCsv(path, metrics, names, learnedNamesOf(experiment));
    });
}

} // namespace bitlab::io
