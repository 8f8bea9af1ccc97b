#include "ui/window/export_actions.h"

#include "ui/views/experiment_view.h"
#include "ui/window/file_dialogs.h"

#include <QDir>
#include <QMenu>
#include <QTabWidget>

namespace bitlab::ui {

ExportActions::ExportActions(QWidget* window, QTabWidget* tabs, TrainingController* controller)
    : QObject(window)
    , m_window(window)
    , m_tabs(tabs)
    , m_controller(controller)
{
    connect(m_controller, &TrainingController::exportFinished, this,
        [this](bool ok, const QString& message) {
            if (ok)
                emit statusMessage(message.section(QLatin1Char('\n'), 0, 0), 8000);
            if (!ok || message.contains(QLatin1Char('\n')))
                emit failed(ok ? tr("Export") : tr("Export failed"), message);
        });
}

void ExportActions::fillMenu(QMenu* menu)
{
    using K = ExportRequest::Kind;
    menu->addAction(tr("Current chart as &PNG…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
        [this] { exportCurrentChart(QStringLiteral("png")); });
    menu->addAction(
        tr("Current chart as &SVG…"), this, [this] { exportCurrentChart(QStringLiteral("svg")); });
    menu->addAction(tr("&All charts to a folder…"), this, &ExportActions::exportAllChartsDialog);
    menu->addSeparator();
    const std::pair<QString, K> worker[] = {
        { tr("&Weights as JSON…"), K::WeightsJson },
        { tr("Weights as &CSV…"), K::WeightsCsv },
        { tr("C &header of quantized runs…"), K::CHeader },
        { tr("&Metrics CSV…"), K::MetricsCsv },
        { tr("Su&mmary JSON…"), K::SummaryJson },
        { tr("&Everything to a folder (as bitlab-cli --out)…"), K::OutputFolder },
    };
    for (const auto& [text, kind] : worker)
        menu->addAction(text, this, [this, kind] { exportThroughWorker(kind); });
}

void ExportActions::exportCurrentChart(const QString& suffix)
{
    auto* view = qobject_cast<ExperimentView*>(m_tabs->currentWidget());
    if (!view || view->chartNames().isEmpty())
        return;
    const int index = view->currentChart();
    const QString path = FileDialogs::chartFile(m_window, view->chartNames().value(index), suffix);
    if (path.isEmpty())
        return;
    QString error;
    if (!view->exportChart(index, path, &error))
        emit failed(tr("Export failed"), error);
    else
        emit statusMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 5000);
}

QStringList ExportActions::exportAllCharts(const QString& dir, QString* error)
{
    QStringList written;
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = tr("Cannot create the folder %1.").arg(dir);
        return written;
    }
    emit chartsNeeded();
    for (int t = 0; t < m_tabs->count(); ++t) {
        auto* view = qobject_cast<ExperimentView*>(m_tabs->widget(t));
        if (!view)
            continue;
        const QStringList names = view->chartNames();
        for (int i = 0; i < names.size(); ++i) {
            for (const char* suffix : { ".png", ".svg" }) {
                const QString path = QDir(dir).filePath(names[i] + QLatin1String(suffix));
                QString e;
                if (view->exportChart(i, path, &e))
                    written << path;
                else if (error && error->isEmpty())
                    *error = e;
            }
        }
    }
    return written;
}

void ExportActions::exportAllChartsDialog()
{
    const QString dir = FileDialogs::exportFolder(m_window, tr("Export all charts to"));
    if (dir.isEmpty())
        return;
    QString error;
    const QStringList files = exportAllCharts(dir, &error);
    if (!error.isEmpty())
        emit failed(tr("Export failed"), error);
    else
        emit statusMessage(tr("Wrote %n file(s) to %1", nullptr, static_cast<int>(files.size()))
                               .arg(QDir::toNativeSeparators(dir)),
            5000);
}

void ExportActions::exportThroughWorker(ExportRequest::Kind kind)
{
    if (!m_controller->hasExperiment()) {
        emit failed(tr("Nothing to export yet"),
            tr("Run the experiment first (F5): weights and "
               "metrics come from a run."));
        return;
    }
    using K = ExportRequest::Kind;
    ExportRequest request;
    request.kind = kind;
    if (kind == K::MetricsCsv)
        request.path = FileDialogs::exportFile(
            m_window, tr("Export metrics"), QStringLiteral("metrics.csv"), tr("CSV files (*.csv)"));
    else if (kind == K::SummaryJson)
        request.path = FileDialogs::exportFile(m_window, tr("Export summary"),
            QStringLiteral("summary.json"), tr("JSON files (*.json)"));
    else
        request.path = FileDialogs::exportFolder(m_window, tr("Export to folder"));
    if (request.path.isEmpty())
        return;
    m_controller->exportFiles(request);
}

} // namespace bitlab::ui
