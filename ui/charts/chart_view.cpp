#include "ui/charts/chart_view.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QSettings>
#include <QSvgGenerator>
#include <QBuffer>

namespace bitlab::ui {

ChartView::ChartView(QChart* chart, QWidget* parent) : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
}

bool ChartView::exportTo(const QString& file, QString* error) const
{
    if (file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        return exportSvg(file, error);
    return exportPng(file, error);
}

bool ChartView::exportPng(const QString& file, QString* error) const
{
    const QSize logical = size().expandedTo(QSize(640, 400));
    QImage image(logical * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        const_cast<ChartView*>(this)->render(&painter, QRectF(QPointF(0, 0), logical),
                                             QRect(QPoint(0, 0), size()));
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG") || !out.commit()) {
        if (error)
            *error = tr("Could not write %1: %2.").arg(file, out.errorString());
        return false;
    }
    return true;
}

bool ChartView::exportSvg(const QString& file, QString* error) const
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size());
        generator.setViewBox(QRect(QPoint(0, 0), size()));
        generator.setTitle(chart() ? chart()->title() : QString());
        generator.setDescription(tr("Chart exported by BitLab"));
        QPainter painter(&generator);
        painter.setRenderHint(QPainter::Antialiasing);
        const_cast<ChartView*>(this)->render(&painter);
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(buffer.data()) != buffer.size()
        || !out.commit()) {
        if (error)
            *error = tr("Could not write %1: %2.").arg(file, out.errorString());
        return false;
    }
    return true;
}

void ChartView::mouseReleaseEvent(QMouseEvent* event)
{
    // QChartView zooms out on a right click; here the right button opens the menu instead.
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
    const bool wasBanding = event->button() == Qt::LeftButton;
    QChartView::mouseReleaseEvent(event);
    if (wasBanding)
        emit zoomedByUser();
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* event)
{
    emit zoomResetRequested();
    event->accept();
}

void ChartView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Reset zoom"), this, [this] { emit zoomResetRequested(); });
    menu.addSeparator();
    menu.addAction(tr("Export as PNG…"), this, [this] { exportWithDialog(QStringLiteral("png")); });
    menu.addAction(tr("Export as SVG…"), this, [this] { exportWithDialog(QStringLiteral("svg")); });
    menu.exec(event->globalPos());
}

void ChartView::exportWithDialog(const QString& suffix)
{
    QSettings settings;
    const QString folder = settings.value(QStringLiteral("lastFolder")).toString();
    const QString filter = suffix == QLatin1String("svg") ? tr("SVG image (*.svg)")
                                                          : tr("PNG image (*.png)");
    QString file = QFileDialog::getSaveFileName(
        this, tr("Export chart"), folder + QLatin1Char('/') + m_exportName + QLatin1Char('.') + suffix,
        filter);
    if (file.isEmpty())
        return;
    if (!file.endsWith(QLatin1Char('.') + suffix, Qt::CaseInsensitive))
        file += QLatin1Char('.') + suffix;
    QString error;
    if (!exportTo(file, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace bitlab::ui
