#include "ui/charts/sweep_chart.h"

#include "core/quant/quantizer.h"
#include "ui/charts/chart_legend.h"
#include "ui/charts/chart_view.h"
#include "ui/charts/sweep_lines.h"
#include "ui/charts/value_format.h"
#include "ui/core_text.h"
#include "ui/run_palette.h"

#include <QCoreApplication>
#include <QCursor>
#include <QPen>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

namespace bitlab::ui {

namespace {
const QColor kBaselineColor(0x33, 0x33, 0x33);
const QColor kFailedColor(0xC0, 0x00, 0x00);

// A swept scheme's colour and legend order: its place in the registry; a format of a
// scheme ("float:bf16", "mx:e2m1") after the registry, each format its own, in the order of
// the schemes and their formats.
int schemeIndex(const std::string& token)
{
    const std::vector<QuantizerInfo>& registry = quantizerRegistry();
    const std::size_t colon = token.find(':');
    if (colon != std::string::npos) {
        const std::string scheme = token.substr(0, colon), format = token.substr(colon + 1);
        int index = static_cast<int>(registry.size());
        for (const QuantizerInfo& info : registry) {
            const auto at = std::find(info.formats.begin(), info.formats.end(), format);
            if (info.name == scheme)
                return index + static_cast<int>(at - info.formats.begin());
            index += static_cast<int>(info.formats.size());
        }
        return index;
    }
    for (std::size_t i = 0; i < registry.size(); ++i)
        if (registry[i].name == token)
            return static_cast<int>(i);
    return static_cast<int>(registry.size());
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
    m_xLog = new QLogValueAxis(this);
    m_xLog->setBase(10.0);
    m_xLog->setLabelFormat(QStringLiteral("%g"));
    m_xLog->setMinorTickCount(-1);
    m_xCategories = new QCategoryAxis(this);
    m_xCategories->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
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
    return SweepLines::xOf(result);
}

QString SweepChart::seriesName(const std::string& scheme)
{
    return SweepLines::seriesName(scheme);
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

void SweepChart::setOverlay(const QString& label, const std::vector<SweepResult>& results,
    const SweepPlan& plan, bool classification, bool hasTest)
{
    m_overlayLabel = results.empty() ? QString() : label;
    m_overlay = results;
    m_overlayPlan = plan;
    m_overlayClassification = classification;
    m_overlayHasTest = hasTest;
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

void SweepChart::setPlan(const SweepPlan& plan, int xAxis)
{
    m_plan = plan;
    m_bitWidthForm = plan.bitWidthForm();
    m_xAxis = xAxis >= 0 && xAxis < static_cast<int>(plan.axes.size()) ? xAxis : -1;
    if (!m_bitWidthForm && !plan.axes.empty())
        m_xAxis = std::max(m_xAxis, 0); // no bit-width to put on x
    rebuild();
}

void SweepChart::setBand(Band band)
{
    if (m_band == band)
        return;
    m_band = band;
    rebuild();
}

QString SweepChart::xAxisTitle() const
{
    if (m_xAxis < 0)
        return tr("bit-width (bits, sign included)");
    return QString::fromStdString(m_plan.axes[static_cast<std::size_t>(m_xAxis)].key);
}

void SweepChart::rebuild()
{
    m_chart->removeAllSeries();
    m_unlisted.clear();
    m_failedTips.clear();
    m_bands.clear();

    SweepLines::Input in;
    in.results = &m_results;
    in.plan = m_plan;
    in.xAxis = m_xAxis;
    in.bitWidthForm = m_bitWidthForm;
    in.bitsLo = m_bitsLo;
    in.bitsHi = m_bitsHi;
    in.minMaxBand = m_band == Band::MinMax;
    in.metricName = yAxisTitle();
    in.valueOf = [this](const SweepResult& r) { return valueOf(r); };
    in.overlayLabel = m_overlayLabel;
    in.overlay = &m_overlay;
    in.overlayPlan = m_overlayPlan;
    const bool overlayAccuracy = m_metric == Metric::Accuracy && m_overlayClassification;
    in.overlayValueOf = [this, overlayAccuracy](const SweepResult& r) {
        return !r.summary      ? std::numeric_limits<double>::quiet_NaN()
            : overlayAccuracy  ? r.accuracy
            : m_overlayHasTest ? r.testLoss
                               : r.trainLoss;
    };
    SweepLines sweep(in);
    std::vector<SweepLines::Line>& lines = sweep.lines;
    const bool byKey = sweep.byKey, numeric = sweep.numeric, logX = sweep.logX;
    const std::vector<std::string>& xValues = sweep.xValues;
    const double vLo = sweep.vLo, vHi = sweep.vHi, xLo = sweep.xLo, xHi = sweep.xHi;
    double& lo = sweep.lo;
    const double hi = sweep.hi;
    const int seeds = sweep.seeds;
    const QString& metricName = in.metricName;

    // The y axis: log for losses when every value is positive.
    const bool accuracy = m_metric == Metric::Accuracy && m_classification;
    const bool haveValues = std::isfinite(lo);
    if (haveValues && lo <= 0 && hi > 0 && m_wantLog && !accuracy) {
        // A band reaching zero or below (mean - sd) stops at the lowest mean on a log axis.
        double lowest = std::numeric_limits<double>::infinity();
        for (const SweepLines::Line& d : lines)
            for (const QPointF& p : d.points)
                if (p.y() > 0)
                    lowest = std::min(lowest, p.y());
        if (std::isfinite(lowest)) {
            for (SweepLines::Line& d : lines)
                for (QPointF& p : d.lower)
                    p.setY(std::max(p.y(), lowest * 0.5));
            lo = lowest * 0.5;
        }
    }
    m_usingLog = m_wantLog && !accuracy && haveValues && lo > 0;
    m_y->use(m_usingLog);
    QAbstractAxis* y = m_y->current();
    QString yTitle = metricName;
    if (seeds > 1)
        yTitle += m_band == Band::MinMax ? tr(" · mean of %1 seeds, band min–max").arg(seeds)
                                         : tr(" · mean of %1 seeds, band ± 1 sd").arg(seeds);
    m_y->setTitleText(yTitle);
    // Failure markers sit in a band above the values; several at one x are stacked down
    // from there (failedAt(k)), so none hides another.
    std::function<double(int)> failedAt;
    if (m_usingLog) {
        // Room above the highest value for the failure markers.
        const auto [bottom, top] = YAxisPair::decades(lo, hi * std::pow(10.0, 0.15));
        m_y->log()->setRange(bottom, top);
        const double decades = std::log10(top / bottom);
        failedAt
            = [top, decades](int k) { return top / std::pow(10.0, decades * (0.04 + 0.045 * k)); };
    } else if (haveValues) {
        const double span = hi - lo > 0 ? hi - lo : std::max(std::abs(hi), 1.0) * 0.1;
        double bottom = lo - 0.08 * span;
        if (lo >= 0 && bottom < 0)
            bottom = 0;
        const double top = hi + 0.2 * span;
        m_y->linear()->setRange(bottom, top);
        failedAt = [hi, span, top, bottom](
                       int k) { return hi + 0.12 * span - 0.045 * (top - bottom) * k; };
    } else {
        m_y->linear()->setRange(0.0, 1.0);
        failedAt = [](int k) { return 0.9 - 0.06 * k; };
    }

    // The x axis: bits (integers), a swept key's numbers (linear or log), or its words.
    QAbstractAxis* x = m_x;
    if (logX) {
        x = m_xLog;
        m_xLog->setRange(vLo / 1.5, vHi * 1.5);
    } else if (byKey && !numeric) {
        x = m_xCategories;
        for (const QString& label : m_xCategories->categoriesLabels())
            m_xCategories->remove(label);
        for (std::size_t i = 0; i < xValues.size(); ++i)
            m_xCategories->append(QString::fromStdString(xValues[i]), static_cast<double>(i) + 0.5);
        m_xCategories->setStartValue(-0.5);
        m_xCategories->setRange(-0.5, static_cast<double>(xValues.size()) - 0.5);
    } else if (byKey) {
        const double span = vHi > vLo ? vHi - vLo : std::max(std::abs(vHi), 1.0);
        m_x->setTickType(QValueAxis::TicksFixed);
        m_x->setTickCount(std::min(11, std::max(3, static_cast<int>(xValues.size()))));
        m_x->setLabelFormat(QStringLiteral("%.3g"));
        m_x->setRange(vLo - 0.08 * span, vHi + 0.08 * span);
    } else {
        m_x->setTickType(QValueAxis::TicksDynamic);
        m_x->setTickInterval(1.0);
        m_x->setLabelFormat(QStringLiteral("%.0f"));
        m_x->setRange(xLo - 0.5, xHi + 0.5);
    }
    for (QAbstractAxis* axis : { static_cast<QAbstractAxis*>(m_x),
             static_cast<QAbstractAxis*>(m_xLog), static_cast<QAbstractAxis*>(m_xCategories) }) {
        if (axis != x && m_chart->axes(Qt::Horizontal).contains(axis)) {
            m_chart->removeAxis(axis);
            axis->setParent(this);
        }
    }
    if (!m_chart->axes(Qt::Horizontal).contains(x))
        m_chart->addAxis(x, Qt::AlignBottom);
    x->setTitleText(xAxisTitle());
    const double xMin = logX ? vLo / 1.5 : byKey ? (numeric ? m_x->min() : -0.5) : xLo - 0.5;
    const double xMax = logX ? vHi * 1.5
        : byKey              ? (numeric ? m_x->max() : static_cast<double>(xValues.size()) - 0.5)
                             : xHi + 0.5;

    auto attach = [&](QAbstractSeries* s) {
        m_chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    };
    // Lines in plan order; in the bit-width sweep without keys, by the scheme's registry place.
    std::vector<std::size_t> order(lines.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const bool schemeColours = m_bitWidthForm && !byKey && m_plan.axes.empty();
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (lines[a].baseline != lines[b].baseline)
            return !lines[a].baseline; // baselines last: on top
        if (schemeColours)
            return schemeIndex(lines[a].scheme) < schemeIndex(lines[b].scheme);
        return lines[a].order < lines[b].order;
    });
    // Bands first, under every line.
    int colourIndex = 0;
    std::vector<QColor> colours(lines.size());
    for (std::size_t i : order) {
        const bool fp = lines[i].baseline || (m_bitWidthForm && lines[i].scheme == "fp64");
        colours[i] = fp
            ? kBaselineColor
            : RunPalette::color(schemeColours ? schemeIndex(lines[i].scheme) : colourIndex++);
        if (seeds < 2 || lines[i].points.isEmpty())
            continue;
        QList<QPointF> lower = lines[i].lower, upper = lines[i].upper;
        if (lines[i].baseline) { // a horizontal band across the chart
            lower = { QPointF(xMin, lower.first().y()), QPointF(xMax, lower.first().y()) };
            upper = { QPointF(xMin, upper.first().y()), QPointF(xMax, upper.first().y()) };
        }
        auto* lowerSeries = new QLineSeries;
        lowerSeries->replace(lower);
        auto* upperSeries = new QLineSeries;
        upperSeries->replace(upper);
        auto* band = new QAreaSeries(upperSeries, lowerSeries);
        lowerSeries->setParent(band); // the area does not own its edges
        upperSeries->setParent(band);
        band->setName(tr("band: %1").arg(lines[i].name));
        QColor fill = colours[i];
        fill.setAlphaF(0.18f);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
        attach(band);
        for (QLegendMarker* marker : m_chart->legend()->markers(band))
            marker->setVisible(false);
        m_unlisted.append(band);
        m_bands[lines[i].name] = band;
    }
    // Lines that coincide stay visible: each drawn thinner, with smaller markers, than the
    // one before it.
    int drawn = 0;
    for (std::size_t i : order) {
        const SweepLines::Line& line = lines[i];
        const QList<QPointF> points = line.points;
        const QStringList tips = line.tips;
        auto* s = new QLineSeries;
        s->setName(line.name);
        const QColor color = colours[i];
        if (line.baseline) {
            s->setPen(QPen(color, 2.0, Qt::DashLine));
            s->replace({ QPointF(xMin, points.first().y()), QPointF(xMax, points.first().y()) });
        } else {
            // (binary and ternary are single points, beside the lines: full size)
            const double shrink = points.size() > 1 ? std::min(drawn, 4) : 0;
            s->setPen(QPen(color, 3.5 - 0.5 * shrink,
                m_bitWidthForm && line.scheme == "fp64" ? Qt::DashLine : Qt::SolidLine));
            s->setColor(color);
            s->setPointsVisible(true);
            s->setMarkerSize(11.0 - 1.5 * shrink);
            ++drawn;
            s->replace(points);
        }
        attach(s);
        connect(s, &QXYSeries::hovered, this,
            [this, points, tips, baseline = line.baseline](const QPointF& at, bool state) {
                int best = 0;
                for (int k = 1; k < points.size() && !baseline; ++k)
                    if (std::abs(points[k].x() - at.x()) < std::abs(points[best].x() - at.x()))
                        best = k;
                showPointTip(tips.value(best), state);
            });
    }
    // The earlier sweep: dotted, thinner, with smaller markers. One legend entry names it
    // (a marker per line made the legend too long to read); the hover names each line.
    if (!sweep.overlay.empty()) {
        auto* entry = new QLineSeries;
        entry->setName(tr("%1 (dotted): %2").arg(m_overlayLabel, tr("earlier sweep")));
        entry->setPen(QPen(kBaselineColor, 2.0, Qt::DotLine));
        attach(entry);
    }
    for (const SweepLines::OverlayLine& line : sweep.overlay) {
        if (line.points.isEmpty())
            continue;
        auto* s = new QLineSeries;
        s->setName(line.name);
        const QColor color = line.baseline || line.scheme == "fp64"
            ? kBaselineColor
            : RunPalette::color(schemeIndex(line.scheme));
        s->setPen(QPen(color, 2.0, Qt::DotLine));
        s->setColor(color);
        if (line.baseline) {
            s->replace(
                { QPointF(xMin, line.points.first().y()), QPointF(xMax, line.points.first().y()) });
        } else {
            s->setPointsVisible(true);
            s->setMarkerSize(6.0);
            s->replace(line.points);
        }
        attach(s);
        for (QLegendMarker* marker : m_chart->legend()->markers(s))
            marker->setVisible(false);
        m_unlisted.append(s);
        connect(s, &QXYSeries::hovered, this,
            [this, points = line.points, tips = line.tips, baseline = line.baseline](
                const QPointF& at, bool state) {
                int best = 0;
                for (int i = 1; i < points.size() && !baseline; ++i)
                    if (std::abs(points[i].x() - at.x()) < std::abs(points[best].x() - at.x()))
                        best = i;
                showPointTip(tips.value(best), state);
            });
    }
    if (!sweep.failed.empty()) {
        auto* s = new QScatterSeries;
        s->setName(tr("diverged / failed / invalid"));
        s->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
        s->setMarkerSize(13.0);
        s->setColor(Qt::white);
        s->setBorderColor(kFailedColor);
        QPen pen(kFailedColor, 2.5);
        s->setPen(pen);
        QList<QPointF> points;
        std::map<double, int> atX; // failures drawn so far at each x
        for (const auto& [fx, tip] : sweep.failed) {
            points.append(QPointF(fx, failedAt(atX[fx]++)));
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
    fitLegend();
    if (m_results.empty())
        m_chart->setTitle(m_title.isEmpty()
                ? tr("No sweep yet: choose the bits and schemes, then press Run sweep")
                : m_title);
    else
        m_chart->setTitle(m_title);
}

void SweepChart::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitLegend();
}

QStringList SweepChart::legendLabels() const
{
    QStringList labels;
    for (QLegendMarker* marker : m_chart->legend()->markers())
        if (!m_unlisted.contains(marker->series()))
            labels << marker->label();
    return labels;
}

void SweepChart::fitLegend()
{
    const double room = std::max(m_chart->size().width(), static_cast<qreal>(width())) - 40.0;
    ui::fitLegend(m_chart->legend(), legendLabels(), room);
}

bool SweepChart::legendFits() const
{
    return ui::legendFits(m_chart->legend(), legendLabels());
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
        if (s->type() != QAbstractSeries::SeriesTypeArea)
            names << s->name();
    return names;
}

QList<QPointF> SweepChart::bandLower(const QString& name) const
{
    const auto it = m_bands.find(name);
    return it == m_bands.end() ? QList<QPointF>() : it->second->lowerSeries()->points();
}

QList<QPointF> SweepChart::bandUpper(const QString& name) const
{
    const auto it = m_bands.find(name);
    return it == m_bands.end() ? QList<QPointF>() : it->second->upperSeries()->points();
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
    // A rebuild re-lays out axes and legend on the next layout request: do it now, or an
    // export right after new results would draw the chart before its layout.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // removed axes
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    return m_view->exportTo(file, error);
}

} // namespace bitlab::ui
