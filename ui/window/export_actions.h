#pragma once
// ExportActions: File ▸ Export. Charts are written here from the views (the current chart
// as PNG or SVG, or every chart of every view to a folder); weights, metrics, the summary
// and the C header go to the TrainingController, which writes them on the worker thread
// from the finished runs. Results come back as statusMessage (success) or failed.

#include "ui/training_controller.h"

#include <QObject>
#include <QStringList>

class QMenu;
class QTabWidget;
class QWidget;

namespace bitlab::ui {

class ExportActions : public QObject {
    Q_OBJECT
public:
    // `tabs` holds the views (ExperimentView); dialogs are parented to `window`.
    ExportActions(QWidget* window, QTabWidget* tabs, TrainingController* controller);

    void fillMenu(QMenu* menu);
    // Every chart of every view into dir as NAME.png and NAME.svg. Returns the files
    // written; *error names the first failure.
    QStringList exportAllCharts(const QString& dir, QString* error);

    void exportCurrentChart(const QString& suffix);
    void exportAllChartsDialog();
    void exportThroughWorker(ExportRequest::Kind kind);

signals:
    // Emitted before every chart is written: the views should show the latest history.
    void chartsNeeded();
    void statusMessage(const QString& text, int timeoutMs);
    void failed(const QString& title, const QString& message);

private:
    QWidget* m_window = nullptr;
    QTabWidget* m_tabs = nullptr;
    TrainingController* m_controller = nullptr;
};

} // namespace bitlab::ui
