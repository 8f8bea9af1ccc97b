#include "ui/charts/sensitivity_chart.h"

#include "ui/charts/chart_view.h"

#include <QCoreApplication>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

SensitivityChart::SensitivityChart(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
{
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setTitle(tr("Loss increase when one tensor alone is quantized"));
    m_view = new ChartView(m_chart, this);
    m_view->setExportName(QStringLiteral("sensitivity"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void SensitivityChart::setTable(const SensitivityTable& table)
{
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes())
        m_chart->removeAxis(axis);
    auto* x = new QValueAxis;
    x->setTitleText(tr("bits of that tensor"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto* y = new QValueAxis;
    y->setTitleText(table.hasTest ? tr("test loss − float64's") : tr("train loss − float64's"));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    double lo = 0, hi = 0;
    for (const std::string& tensor : table.tensors) {
        auto* line = new QLineSeries;
        line->setName(QString::fromStdString(tensor));
        line->setPointsVisible(true);
        for (int b : table.bits)
            if (const SensitivityRow* r = table.find(tensor, b);
                r && std::isfinite(r->lossIncrease)) {
                line->append(b, r->lossIncrease);
                lo = std::min(lo, r->lossIncrease);
                hi = std::max(hi, r->lossIncrease);
            }
        m_chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    if (!table.bits.empty()) {
        x->setRange(table.bits.front(), table.bits.back());
        x->setTickCount(static_cast<int>(table.bits.back() - table.bits.front()) + 1);
    }
    const double pad = std::max(1e-9, 0.05 * (hi - lo));
    y->setRange(lo - pad, hi + pad);
}

int SensitivityChart::lineCount() const
{
    return static_cast<int>(m_chart->series().size());
}

bool SensitivityChart::exportTo(const QString& file, QString* error) const
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    return m_view->exportTo(file, error);
}

} // namespace bitlab::ui
