#include "ui/charts/chart_legend.h"

#include <QFontMetricsF>
#include <QtCharts/QLegend>

namespace bitlab::ui {

void fitLegend(QLegend* legend, const QStringList& labels, double room)
{
    const QFontMetricsF fm(legend->font());
    double row = 0.0;
    for (const QString& label : labels)
        row += fm.horizontalAdvance(label) + 2.5 * fm.height() + 8.0;
    const Qt::Alignment want = row <= room ? Qt::AlignBottom : Qt::AlignRight;
    if (legend->alignment() != want)
        legend->setAlignment(want);
}

bool legendFits(const QLegend* legend, const QStringList& labels)
{
    const QFontMetricsF fm(legend->font());
    const QRectF area = legend->geometry();
    double row = 0.0;
    for (const QString& label : labels) {
        const double w = fm.horizontalAdvance(label) + 1.5 * fm.height();
        if (w > area.width())
            return false;
        row += w;
    }
    return legend->alignment() != Qt::AlignBottom || row <= area.width();
}

} // namespace bitlab::ui
