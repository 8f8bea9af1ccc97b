#include "ui/charts/loss_overlay.h"

#include "ui/charts/curve_layer.h"
#include "ui/charts/ema_smoother.h"
#include "ui/charts/value_format.h"
#include "ui/result_archive.h"

#include <QComboBox>
#include <QPen>
#include <QSignalBlocker>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

namespace {
constexpr double kLegendPen = 2.2; // as a current run's main curve
}

LossOverlay::LossOverlay(QWidget* parent)
    : QObject(parent)
{
    m_picker = new QComboBox(parent);
    m_picker->setObjectName(QStringLiteral("overlayPicker"));
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_picker->setToolTip(
        tr("Lay an earlier experiment of this session over the chart: its runs dotted "
           "(train) and dash-dotted (test), in their colours."));
    m_picker->addItem(tr("no earlier result"), -1);
    m_picker->setEnabled(false);
}

const ArchivedResult* LossOverlay::entry() const
{
    return m_archive && m_number >= 0 ? m_archive->find(m_number) : nullptr;
}

bool LossOverlay::select(int number)
{
    if (number == m_number)
        return false;
    m_number = number;
    const QSignalBlocker quiet(m_picker);
    const int index = m_picker->findData(number);
    m_picker->setCurrentIndex(std::max(0, index));
    return true;
}

bool LossOverlay::rebuildPicker(const RunHistory* onScreen)
{
    const QSignalBlocker quiet(m_picker);
    m_picker->clear();
    m_picker->addItem(tr("no earlier result"), -1);
    if (m_archive)
        for (auto it = m_archive->entries().rbegin(); it != m_archive->entries().rend(); ++it) {
            // The experiment on screen is not "earlier".
            if (onScreen && it->generation == onScreen->generation())
                continue;
            m_picker->addItem(it->label(), it->number);
        }
    m_picker->setEnabled(m_picker->count() > 1);
    if (entry() && m_picker->findData(m_number) >= 0) {
        m_picker->setCurrentIndex(m_picker->findData(m_number));
        return false;
    }
    m_picker->setCurrentIndex(0);
    if (m_number < 0)
        return false;
    m_number = -1;
    return true;
}

void LossOverlay::clear(QChart* chart)
{
    for (Series& s : m_series) {
        chart->removeSeries(s.legend);
        delete s.legend;
    }
    m_series.clear();
}

void LossOverlay::addCurves(CurveLayer* layer)
{
    const ArchivedResult* earlier = entry();
    if (!earlier)
        return;
    for (const ArchivedRun& run : earlier->runs) {
        QColor color = run.color;
        color.setAlpha(190);
        QPen main(color, 1.8, Qt::CustomDashLine, Qt::RoundCap);
        main.setDashPattern({ 1.0, 2.2 });
        QPen test(color, 1.4, Qt::CustomDashLine);
        test.setDashPattern({ 6.0, 2.5, 1.0, 2.5 });
        Series s;
        s.test = layer->addCurve(test, false);
        s.main = layer->addCurve(main, false);
        m_series.push_back(s);
    }
}

void LossOverlay::addLegends(
    QChart* chart, QAbstractAxis* x, QAbstractAxis* y, Metric lastMetric, Metric testMetric)
{
    const ArchivedResult* earlier = entry();
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        Series& s = m_series[i];
        QPen pen(earlier->runs[i].color, kLegendPen, Qt::CustomDashLine, Qt::RoundCap);
        pen.setDashPattern({ 1.0, 2.2 });
        s.legend = new QLineSeries;
        s.legend->setPen(pen);
        s.legend->setName(legendText(static_cast<int>(i), lastMetric, testMetric));
        chart->addSeries(s.legend);
        s.legend->attachAxis(x);
        s.legend->attachAxis(y);
        // A dotted line in the legend, not the square of the current runs.
        for (QLegendMarker* marker : chart->legend()->markers(s.legend))
            marker->setShape(QLegend::MarkerShapeFromSeries);
    }
}

void LossOverlay::updateLegends(Metric lastMetric, Metric testMetric)
{
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        // setName() re-lays out the legend even when the text is the same.
        const QString text = legendText(static_cast<int>(i), lastMetric, testMetric);
        if (m_series[i].legend->name() != text)
            m_series[i].legend->setName(text);
    }
}

QStringList LossOverlay::legendNames() const
{
    QStringList names;
    for (const Series& s : m_series)
        names << s.legend->name();
    return names;
}

QString LossOverlay::legendText(int run, Metric lastMetric, Metric testMetric) const
{
    const ArchivedResult* earlier = entry();
    if (!earlier || run < 0 || run >= static_cast<int>(earlier->runs.size()))
        return {};
    const ArchivedRun& r = earlier->runs[static_cast<std::size_t>(run)];
    QString text = QStringLiteral("#%1 %2").arg(earlier->number).arg(r.name);
    const double main = r.last[static_cast<std::size_t>(lastMetric)];
    const double test = r.last[static_cast<std::size_t>(testMetric)];
    if (std::isfinite(main))
        text += QStringLiteral("  ") + formatChartValue(main);
    if (std::isfinite(test))
        text += tr(" (test %1)").arg(formatChartValue(test));
    return text;
}

void LossOverlay::curves(Metric mainMetric, Metric testMetric, double weight,
    std::vector<std::pair<int, QList<QPointF>>>& out) const
{
    const ArchivedResult* earlier = entry();
    if (!earlier || earlier->runs.size() != m_series.size())
        return;
    const auto mainM = static_cast<std::size_t>(mainMetric);
    const auto testM = static_cast<std::size_t>(testMetric);
    for (std::size_t i = 0; i < earlier->runs.size(); ++i) {
        const ArchivedRun& run = earlier->runs[i];
        QList<QPointF> main = run.curves[mainM];
        if (weight > 0 && !run.means[mainM].isEmpty()) {
            // Smoothed as the current curves are (over the kept group means).
            std::vector<double> values, smoothed;
            for (const QPointF& p : run.means[mainM])
                values.push_back(p.y());
            EmaSmoother ema;
            ema.setWeight(weight);
            ema.extend(values, smoothed);
            main.clear();
            for (std::size_t k = 0; k < smoothed.size(); ++k)
                main.append(QPointF(run.means[mainM][static_cast<qsizetype>(k)].x(), smoothed[k]));
        }
        out.emplace_back(m_series[i].main, std::move(main));
        out.emplace_back(m_series[i].test, run.curves[testM]);
    }
}

QList<QPointF> LossOverlay::points(const CurveLayer& layer, int run, int which) const
{
    if (run < 0 || run >= static_cast<int>(m_series.size()))
        return {};
    const Series& s = m_series[static_cast<std::size_t>(run)];
    return layer.points(which == 0 ? s.main : s.test);
}

} // namespace bitlab::ui
