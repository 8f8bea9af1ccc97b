#pragma once
// ChartView: a QChartView with what every BitLab chart needs: rubber-band zoom (left
// drag), reset zoom (double click or context menu), a context menu with PNG/SVG export,
// and the exporters themselves (PNG rendered at 2x scale, SVG as vectors with legend and
// axis titles).

#include <QtCharts/QChartView>

namespace bitlab::ui {

class ChartView : public QChartView {
    Q_OBJECT
public:
    explicit ChartView(QChart* chart, QWidget* parent = nullptr);

    // Suffix .svg writes SVG, anything else PNG. Returns false with *error filled on failure.
    bool exportTo(const QString& file, QString* error) const;
    bool exportPng(const QString& file, QString* error) const;
    bool exportSvg(const QString& file, QString* error) const;

    // Stem proposed by the export dialog ("loss").
    void setExportName(const QString& name) { m_exportName = name; }

signals:
    void zoomResetRequested();
    void zoomedByUser();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void exportWithDialog(const QString& suffix);
    QString m_exportName = QStringLiteral("chart");
};

} // namespace bitlab::ui
