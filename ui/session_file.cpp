#include "ui/session_file.h"

#include "core/io/experiment_json.h"
#include "core/io/json_text.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace bitlab::ui {

namespace {

QJsonValue number(double x)
{
    return std::isfinite(x) ? QJsonValue(x) : QJsonValue(QJsonValue::Null);
}

QJsonArray numbers(const std::vector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(x); // traces keep finite values only
    return a;
}

QJsonObject pointsJson(const QList<QPointF>& points)
{
    QJsonArray x, y;
    for (const QPointF& p : points) {
        x.append(number(p.x()));
        y.append(number(p.y()));
    }
    return { { "x", x }, { "y", y } };
}

QJsonArray strings(const std::vector<std::string>& values)
{
    QJsonArray a;
    for (const std::string& v : values)
        a.append(QString::fromStdString(v));
    return a;
}

QJsonObject traceJson(const MetricTrace& t)
{
    QJsonObject o { { "steps", numbers(t.steps) }, { "values", numbers(t.values) },
        { "compactions", static_cast<double>(t.compactions) },
        { "latest", QJsonArray { t.latestStep, number(t.latestValue) } },
        { "group",
            QJsonArray { static_cast<double>(t.groupSize), static_cast<double>(t.groupCount),
                t.lowStep, t.low, t.highStep, t.high } } };
    if (!t.means.empty() || t.meanGroupCount > 0)
        o.insert("means",
            QJsonObject { { "steps", numbers(t.meanSteps) }, { "values", numbers(t.means) },
                { "compactions", static_cast<double>(t.meanCompactions) },
                { "group",
                    QJsonArray { static_cast<double>(t.meanGroupSize),
                        static_cast<double>(t.meanGroupCount), t.meanStepSum, t.meanSum } } });
    return o;
}

QJsonObject runJson(const RunTrace& t)
{
    QJsonObject metrics;
    for (int m = 0; m < static_cast<int>(Metric::Count); ++m) {
        const MetricTrace& trace = t.metric(static_cast<Metric>(m));
        if (!trace.empty() || !trace.means.empty())
            metrics.insert(kSessionMetricKeys[m], traceJson(trace));
    }
    // The learned steps and clips, one trace each with its name (empty: not known).
    QJsonArray learned;
    for (std::size_t k = 0; k < t.learned.size(); ++k) {
        QJsonObject o = traceJson(t.learned[k]);
        o.insert("name", k < t.learnedNames.size() ? t.learnedNames[k] : QString());
        learned.append(o);
    }
    QJsonArray changes;
    for (const RunTrace::GridChange& c : t.gridChanges)
        changes.append(QJsonObject {
            { "step", static_cast<double>(c.step) }, { "description", c.description } });
    const RunSummary& s = t.summary;
    return { { "name", t.name }, { "color", t.color.name() }, { "ended", t.ended },
        { "status", QString::fromUtf8(toString(s.status)) },
        { "message", QString::fromStdString(s.message) }, { "steps", static_cast<double>(s.steps) },
        { "total_steps", static_cast<double>(s.totalSteps) },
        { "failed_step", static_cast<double>(s.failedStep) },
        { "train_seconds", number(s.trainSeconds) },
        { "final_train_loss", number(s.last.trainLoss) }, { "metrics", metrics },
        { "learned", learned }, { "grid_changes", changes } };
}

QJsonObject archivedRunJson(const ArchivedRun& r)
{
    QJsonObject curves, means, last;
    for (int m = 0; m < static_cast<int>(Metric::Count); ++m) {
        const auto i = static_cast<std::size_t>(m);
        if (!r.curves[i].isEmpty())
            curves.insert(kSessionMetricKeys[m], pointsJson(r.curves[i]));
        if (!r.means[i].isEmpty())
            means.insert(kSessionMetricKeys[m], pointsJson(r.means[i]));
        if (std::isfinite(r.last[i]))
            last.insert(kSessionMetricKeys[m], r.last[i]);
    }
    return { { "name", r.name }, { "color", r.color.name() },
        { "status", QString::fromUtf8(toString(r.status)) }, { "curves", curves },
        { "means", means }, { "last", last } };
}

QJsonObject sweepJson(const SweepRecord& s)
{
    QJsonArray axes;
    for (const SweepAxis& axis : s.plan.axes)
        axes.append(QJsonObject {
            { "key", QString::fromStdString(axis.key) }, { "values", strings(axis.values) } });
    QJsonArray bits;
    for (int b : s.plan.bits)
        bits.append(b);
    QJsonArray results;
    for (const SweepResult& r : s.results) {
        QJsonObject o { { "index", r.index }, { "unit", r.unit }, { "point", r.point },
            { "seed_index", r.seedIndex }, { "seed", QString::number(r.seed) }, { "run", r.run },
            { "values", strings(r.values) }, { "name", QString::fromStdString(r.runName) },
            { "scheme", QString::fromStdString(r.scheme) },
            { "bits", r.bits ? QJsonValue(*r.bits) : QJsonValue(QJsonValue::Null) },
            { "problem", QString::fromStdString(r.problem) }, { "train_loss", number(r.trainLoss) },
            { "test_loss", number(r.testLoss) }, { "accuracy", number(r.accuracy) } };
        if (r.summary)
            o.insert("summary",
                QJsonObject { { "status", QString::fromUtf8(toString(r.summary->status)) },
                    { "steps", static_cast<double>(r.summary->steps) },
                    { "total_steps", static_cast<double>(r.summary->totalSteps) },
                    { "failed_step", static_cast<double>(r.summary->failedStep) },
                    { "message", QString::fromStdString(r.summary->message) } });
        results.append(o);
    }
    return { { "axes", axes }, { "schemes", strings(s.plan.schemes) }, { "bits", bits },
        { "seeds", s.plan.seeds }, { "classification", s.classification },
        { "has_test", s.hasTest }, { "bits_from", s.bitsFrom }, { "bits_to", s.bitsTo },
        { "title", s.title }, { "status", s.status }, { "results", results } };
}

// The experiment as it ran (ResultArchive::add), paths relative to the session's folder;
// null when there is none (or it no longer reads).
QJsonValue asRunJson(const QByteArray& asRun, const QString& relative)
{
    if (asRun.isEmpty())
        return QJsonValue::Null;
    try {
        return io::experimentToJson(io::parseExperiment(asRun, relative), relative);
    } catch (const std::exception&) {
        return QJsonValue::Null;
    }
}

} // namespace

QByteArray sessionJson(const Session& session, const QString& folder)
{
    const QString relative = QDir(folder).absolutePath();
    QJsonObject root { { "format", "bitlab.session" }, { "version", kSessionVersion },
        { "title", session.title },
        { "experiment", io::experimentToJson(session.spec, relative) } };
    root.insert("view",
        QJsonObject { { "tab", session.view.tab }, { "loss_mode", session.view.lossMode },
            { "log_scale", session.view.logScale }, { "smoothing", session.view.smoothing },
            { "loss_overlay", session.view.lossOverlay },
            { "sweep_overlay", session.view.sweepOverlay } });
    if (session.runs.empty()) {
        root.insert("results", QJsonValue::Null);
    } else {
        QJsonArray runs;
        for (const RunTrace& t : session.runs)
            runs.append(runJson(t));
        root.insert("results", QJsonObject { { "entry", session.resultsEntry }, { "runs", runs } });
    }
    if (session.sweep && !session.sweep->empty()) {
        QJsonObject sweep = sweepJson(*session.sweep);
        sweep.insert("entry", session.sweepEntry);
        sweep.insert("same_experiment", session.sweepOfThisExperiment);
        root.insert("sweep", sweep);
    } else {
        root.insert("sweep", QJsonValue::Null);
    }
    QJsonArray archive;
    for (const ArchivedResult& e : session.archive) {
        QJsonArray runs;
        for (const ArchivedRun& r : e.runs)
            runs.append(archivedRunJson(r));
        archive.append(QJsonObject { { "number", e.number }, { "title", e.title },
            { "finished", e.finished.toString(Qt::ISODateWithMs) }, { "saved", e.saved },
            { "experiment", io::experimentToJson(e.spec, relative) },
            { "as_run", asRunJson(e.asRun, relative) }, { "runs", runs },
            { "sweep",
                e.sweep ? QJsonValue(sweepJson(*e.sweep)) : QJsonValue(QJsonValue::Null) } });
    }
    root.insert("archive", archive);
    return io::writeJson(root,
        { "format", "version", "title", "view", "experiment", "results", "sweep", "archive",
            "entry", "number", "finished", "saved", "as_run", "runs", "name", "color", "ended",
            "status", "message", "steps", "total_steps", "failed_step", "train_seconds",
            "final_train_loss", "metrics", "values", "compactions", "latest", "group", "means",
            "learned", "grid_changes", "curves", "last", "x", "y" });
}

} // namespace bitlab::ui
