#include "ui/charts/sweep_chart.h"

#include "core/quant/quantizer.h"
#include "ui/charts/chart_view.h"
#include "ui/charts/value_format.h"
#include "ui/core_text.h"
#include "ui/run_palette.h"

#include <QCursor>
#include <QPen>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

namespace {
const QColor kBaselineColor(0x33, 0x33, 0x33);
const QColor kFailedColor(0xC0, 0x00, 0x00);

int schemeIndex(const std::string& scheme)
{
    const std::vector<QuantizerInfo>& registry = quantizerRegistry();
    for (std::size_t i = 0; i < registry.size(); ++i)
        if (registry[i].name == scheme)
            return static_cast<int>(i);
    return static_cast<int>(registry.size());
}

QString bitsText(const SweepResult& r)
{
    if (r.bits)
        return *r.bits == 1 ? SweepChart::tr("1 bit") : SweepChart::tr("%1 bits").arg(*r.bits);
    if (r.scheme == "ternary")
        return SweepChart::tr("log2(3) ≈ 1.58 bits");
    if (r.scheme == "binary")
        return SweepChart::tr("1 bit");
    return SweepChart::tr("full precision");
}
} // namespace

SweepChart::SweepChart(QWidget* parent)
    : QWidget(parent)
{
    m_chart = new QChart;
    m_chart->setTheme(QChart::ChartThemeLight);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(8, 6, 12, 6));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    QFont titleFont = m_chart->titleFont();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);
    m_x = new QValueAxis(m_chart);
    m_x->setTitleText(tr("bit-width (bits, sign included)"));
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0.0);
    m_x->setTickInterval(1.0);
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_x->setMinorTickCount(0);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_y = std::make_unique<YAxisPair>(m_chart, QStringLiteral("%.3g"));

    m_view = new ChartView(m_chart, this);
    m_view->setExportName(QStringLiteral("sweep"));
    m_view->setMinimumSize(400, 300);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    connect(m_view, &ChartView::zoomResetRequested, this, &SweepChart::rebuild);
    rebuild();
}

double SweepChart::xOf(const SweepResult& result)
{
    if (result.bits)
        return *result.bits;
    if (result.scheme == "ternary")
        return std::log2(3.0);
    return 1.0; // binary
}

QString SweepChart::seriesName(const std::string& scheme)
{
    if (scheme == "fp64")
        return tr("fp64 (full precision)");
    if (scheme == "binary")
        return tr("binary (1 bit)");
    if (scheme == "ternary")
        return tr("ternary (1.58 bits)");
    return QString::fromStdString(scheme);
}

void SweepChart::setResults(const std::vector<SweepResult>& results, bool classification,
    bool hasTest, int bitsLo, int bitsHi)
{
    m_results = results;
    std::sort(m_results.begin(), m_results.end(),
        [](const SweepResult& a, const SweepResult& b) { return a.index < b.index; });
    m_classification = classification;
    m_hasTest = hasTest;
    m_bitsLo = std::min(bitsLo, bitsHi);
    m_bitsHi = std::max(bitsLo, bitsHi);
    rebuild();
}

void SweepChart::setMetric(Metric metric)
{
    if (m_metric == metric)
        return;
    m_metric = metric;
    rebuild();
}

void SweepChart::setLogScale(bool on)
{
    if (m_wantLog == on)
        return;
    m_wantLog = on;
    rebuild();
}

void SweepChart::setTitle(const QString& title)
{
    m_title = title;
    m_chart->setTitle(title);
}

QString SweepChart::yAxisTitle() const
{
    const bool accuracy = m_metric == Metric::Accuracy && m_classification;
    if (m_hasTest)
        return accuracy ? tr("final test accuracy") : tr("final test loss");
    return accuracy ? tr("final train accuracy (no test split)")
                    : tr("final train loss (no test split)");
}

bool SweepChart::logScale() const
{
    return m_usingLog;
}

double SweepChart::valueOf(const SweepResult& r) const
{
    if (!r.summary)
        return std::numeric_limits<double>::quiet_NaN();
    if (m_metric == Metric::Accuracy && m_classification)
        return r.accuracy;
    return m_hasTest ? r.testLoss : r.trainLoss;
}

void SweepChart::rebuild()
{
    m_chart->removeAllSeries();
    m_failedTips.clear();

    // What goes where: scheme lines (finished points), the baseline, the failures.
    struct Line {
        std::string scheme;
        QList<QPointF> points;
        QStringList tips;
    };
    std::vector<Line> lines;
    double baseline = std::numeric_limits<double>::quiet_NaN();
    QString baselineTip;
    std::vector<std::pair<double, QString>> failed; // x, tooltip
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    double xLo = m_bitsLo, xHi = m_bitsHi;
    const QString metricName = yAxisTitle();
    for (const SweepResult& r : m_results) {
        const double v = valueOf(r);
        const bool good = r.summary
            && (r.summary->status == RunStatus::Finished || r.summary->status == RunStatus::Stopped)
            && std::isfinite(v);
        if (!r.summary && r.problem.empty())
            continue; // skipped by a cancel
        if (r.scheme == "fp64") {
            if (good) {
                baseline = v;
                baselineTip
                    = tr("fp64 (full precision)\n%1: %2").arg(metricName, formatChartValue(v));
            }
        } else {
            const double x = xOf(r);
            xLo = std::min(xLo, std::floor(x));
            xHi = std::max(xHi, std::ceil(x));
            if (good) {
                auto it = std::find_if(lines.begin(), lines.end(),
                    [&](const Line& l) { return l.scheme == r.scheme; });
                if (it == lines.end()) {
                    lines.push_back({ r.scheme, {}, {} });
                    it = lines.end() - 1;
                }
                it->points.append(QPointF(x, v));
                QString tip = tr("%1 · %2\n%3: %4")
                                  .arg(QString::fromStdString(r.scheme), bitsText(r), metricName,
                                      formatChartValue(v));
                if (r.summary->status == RunStatus::Stopped)
                    tip += tr("\nstopped at step %1 of %2")
                               .arg(r.summary->steps)
                               .arg(r.summary->totalSteps);
                it->tips.append(tip);
            } else {
                QString why;
                if (!r.problem.empty())
                    why = tr("invalid: %1").arg(QString::fromStdString(r.problem));
                else if (!r.summary->message.empty())
                    why = QString::fromStdString(r.summary->message);
                else
                    why = tr("%1 at step %2")
                              .arg(CoreText::text(toString(r.summary->status)))
                              .arg(r.summary->failedStep);
                failed.emplace_back(
                    x, tr("%1 · %2\n%3").arg(QString::fromStdString(r.scheme), bitsText(r), why));
            }
        }
        if (good) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }

    // The y axis: log for losses when every value is positive.
    const bool accuracy = m_metric == Metric::Accuracy && m_classification;
    const bool haveValues = std::isfinite(lo);
    m_usingLog = m_wantLog && !accuracy && haveValues && lo > 0;
    m_y->use(m_usingLog);
    QAbstractAxis* y = m_y->current();
    m_y->setTitleText(metricName);
    double failedY = 1.0;
    if (m_usingLog) {
        // Room above the highest value for the failure markers.
        const auto [bottom, top] = YAxisPair::decades(lo, hi * std::pow(10.0, 0.15));
        m_y->log()->setRange(bottom, top);
        failedY = top / std::pow(top / bottom, 0.04);
    } else if (haveValues) {
        const double span = hi - lo > 0 ? hi - lo : std::max(std::abs(hi), 1.0) * 0.1;
        double bottom = lo - 0.08 * span;
        if (lo >= 0 && bottom < 0)
            bottom = 0;
        const double top = hi + 0.2 * span;
        m_y->linear()->setRange(bottom, top);
        failedY = hi + 0.12 * span;
    } else {
        m_y->linear()->setRange(0.0, 1.0);
        failedY = 0.9;
    }
    m_x->setRange(xLo - 0.5, xHi + 0.5);

    auto attach = [&](QXYSeries* s) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(y);
    };
    std::stable_sort(lines.begin(), lines.end(),
        [](const Line& a, const Line& b) { return schemeIndex(a.scheme) < schemeIndex(b.scheme); });
    // Lines that coincide stay visible: each drawn thinner, with smaller markers, than the
    // one before it.
    int drawn = 0;
    for (Line& line : lines) {
        // Points in bit order, tooltips alongside.
        std::vector<int> order(static_cast<std::size_t>(line.points.size()));
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = static_cast<int>(i);
        std::sort(order.begin(), order.end(),
            [&](int a, int b) { return line.points[a].x() < line.points[b].x(); });
        QList<QPointF> points;
        QStringList tips;
        for (int i : order) {
            points.append(line.points[i]);
            tips.append(line.tips[i]);
        }
        auto* s = new QLineSeries;
        s->setName(seriesName(line.scheme));
        const QColor color = RunPalette::color(schemeIndex(line.scheme));
        // (binary and ternary are single points, beside the lines: full size)
        const double shrink = points.size() > 1 ? std::min(drawn, 4) : 0;
        s->setPen(QPen(color, 3.5 - 0.5 * shrink));
        s->setColor(color);
        s->setPointsVisible(true);
        s->setMarkerSize(11.0 - 1.5 * shrink);
        ++drawn;
        s->replace(points);
        attach(s);
        connect(s, &QXYSeries::hovered, this, [this, points, tips](const QPointF& at, bool state) {
            int best = 0;
            for (int i = 1; i < points.size(); ++i)
                if (std::abs(points[i].x() - at.x()) < std::abs(points[best].x() - at.x()))
                    best = i;
            showPointTip(tips.value(best), state);
        });
    }
    // The baseline on top of the lines (a scheme as exact as full precision hides it).
    if (std::isfinite(baseline)) {
        auto* s = new QLineSeries;
        s->setName(tr("fp64 (full precision)"));
        QPen pen(kBaselineColor, 2.0, Qt::DashLine);
        s->setPen(pen);
        s->replace({ QPointF(xLo - 0.5, baseline), QPointF(xHi + 0.5, baseline) });
        attach(s);
        connect(s, &QXYSeries::hovered, this,
            [this, baselineTip](const QPointF&, bool state) { showPointTip(baselineTip, state); });
    }
    if (!failed.empty()) {
        auto* s = new QScatterSeries;
        s->setName(tr("diverged / failed / invalid"));
        s->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
        s->setMarkerSize(13.0);
        s->setColor(Qt::white);
        s->setBorderColor(kFailedColor);
        QPen pen(kFailedColor, 2.5);
        s->setPen(pen);
        QList<QPointF> points;
        for (const auto& [x, tip] : failed) {
            points.append(QPointF(x, failedY));
            m_failedTips.append(tip);
        }
        s->replace(points);
        attach(s);
        for (QLegendMarker* marker : m_chart->legend()->markers(s))
            marker->setPen(pen);
        connect(s, &QXYSeries::hovered, this, [this, points](const QPointF& at, bool state) {
            // Several failures can share a bit-width: list them all.
            QStringList tips;
            for (int i = 0; i < points.size(); ++i)
                if (std::abs(points[i].x() - at.x()) < 0.25)
                    tips << m_failedTips.value(i);
            showPointTip(tips.join(QStringLiteral("\n\n")), state);
        });
    }
    if (m_results.empty())
        m_chart->setTitle(m_title.isEmpty()
                ? tr("No sweep yet: choose the bits and schemes, then press Run sweep")
                : m_title);
    else
        m_chart->setTitle(m_title);
}

void SweepChart::showPointTip(const QString& text, bool state)
{
    if (state && !text.isEmpty())
        QToolTip::showText(QCursor::pos(), text, m_view);
    else
        QToolTip::hideText();
}

QStringList SweepChart::seriesNames() const
{
    QStringList names;
    for (QAbstractSeries* s : m_chart->series())
        names << s->name();
    return names;
}

QList<QPointF> SweepChart::seriesPoints(const QString& name) const
{
    for (QAbstractSeries* s : m_chart->series())
        if (s->name() == name)
            if (auto* xy = qobject_cast<QXYSeries*>(s))
                return xy->points();
    return {};
}

QList<QPointF> SweepChart::failedPoints() const
{
    for (QAbstractSeries* s : m_chart->series())
        if (auto* scatter = qobject_cast<QScatterSeries*>(s))
            return scatter->points();
    return {};
}

QString SweepChart::failedToolTip(int index) const
{
    return m_failedTips.value(index);
}

bool SweepChart::exportTo(const QString& file, QString* error) const
{
    return m_view->exportTo(file, error);
}

} // namespace bitlab::ui
