#include "ui/charts/sweep_chart.h"

#include "core/quant/float_format.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"
#include "ui/charts/chart_view.h"
#include "ui/charts/value_format.h"
#include "ui/core_text.h"
#include "ui/run_palette.h"

#include <QCoreApplication>
#include <QCursor>
#include <QFontMetricsF>
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
// scheme ("float:bf16", "mx:e2m1") after the registry, each format its own.
int schemeIndex(const std::string& token)
{
    const std::vector<QuantizerInfo>& registry = quantizerRegistry();
    const std::size_t colon = token.find(':');
    if (colon != std::string::npos) {
        const std::string format = token.substr(colon + 1);
        const std::vector<std::string> floats = floatFormatNames();
        const std::vector<std::string> elements = mxElementNames();
        const auto at = [&](const std::vector<std::string>& names) {
            return static_cast<int>(std::find(names.begin(), names.end(), format) - names.begin());
        };
        const int base = static_cast<int>(registry.size());
        if (token.compare(0, colon, "mx") == 0)
            return base + static_cast<int>(floats.size()) + at(elements);
        return base + at(floats);
    }
    for (std::size_t i = 0; i < registry.size(); ++i)
        if (registry[i].name == token)
            return static_cast<int>(i);
    return static_cast<int>(registry.size());
}

// A swept key as a legend shows it: its last part ("lr" for optimizer.lr; "hidden.0").
QString shortKey(const std::string& key)
{
    const QStringList parts = QString::fromStdString(key).split(QLatin1Char('.'));
    bool number = false;
    parts.last().toInt(&number);
    return number && parts.size() > 1 ? parts.mid(parts.size() - 2).join(QLatin1Char('.'))
                                      : parts.last();
}

QString bitsText(double bits)
{
    return bits == 1.0 ? SweepChart::tr("1 bit")
                       : SweepChart::tr("%1 bits").arg(QString::number(bits, 'g', 3));
}

// "8 bits", "1 bit", "1.58 bits" (ternary: log2 3), "full precision" (the baseline).
QString bitsText(const SweepResult& r)
{
    if (r.bits)
        return bitsText(*r.bits);
    if (const double bits = sweptBitWidth(r.scheme); bits > 0)
        return bitsText(bits);
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
    if (result.bits)
        return *result.bits;
    // A scheme without a bits key: its bits per element (binary 1, float:bf16 16, mx:e2m1
    // 4.25, ...).
    const double bits = sweptBitWidth(result.scheme);
    return bits > 0 ? bits : 1.0;
}

QString SweepChart::seriesName(const std::string& scheme)
{
    if (scheme == "fp64")
        return tr("fp64 (full precision)");
    const QuantizerInfo* info = findQuantizer(scheme.substr(0, scheme.find(':')));
    // One point, so the legend says its bits: "binary (1 bit)", "mx:e2m1 (4.25 bits)".
    if (info && !info->hasBits)
        return tr("%1 (%2)").arg(QString::fromStdString(scheme), bitsText(sweptBitWidth(scheme)));
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

    // x of a result: its bits, or the place of its value of the swept key on x.
    const bool byKey = m_xAxis >= 0;
    std::vector<std::string> xValues; // byKey: the key's values, in plan order
    bool numeric = byKey, positive = byKey;
    double vLo = std::numeric_limits<double>::infinity(), vHi = -vLo;
    if (byKey) {
        xValues = m_plan.axes[static_cast<std::size_t>(m_xAxis)].values;
        for (const std::string& v : xValues) {
            bool ok = false;
            const double d = QString::fromStdString(v).toDouble(&ok);
            numeric = numeric && ok && std::isfinite(d);
            positive = positive && ok && d > 0;
            if (ok) {
                vLo = std::min(vLo, d);
                vHi = std::max(vHi, d);
            }
        }
    }
    const bool logX = byKey && numeric && positive && vHi >= 10 * vLo;
    const auto xFor = [&](const SweepResult& r) {
        if (!byKey)
            return xOf(r);
        const std::string& v = r.values[static_cast<std::size_t>(m_xAxis)];
        if (numeric)
            return QString::fromStdString(v).toDouble();
        return static_cast<double>(std::find(xValues.begin(), xValues.end(), v) - xValues.begin());
    };
    // The line a result belongs to, and its legend name.
    const auto others = [&](const SweepResult& r) {
        QString text;
        for (std::size_t a = 0; a < r.values.size() && a < m_plan.axes.size(); ++a)
            if (static_cast<int>(a) != m_xAxis)
                text += QStringLiteral(" · %1=%2")
                            .arg(shortKey(m_plan.axes[a].key), QString::fromStdString(r.values[a]));
        return text;
    };
    const auto lineName = [&](const SweepResult& r) {
        if (!m_bitWidthForm)
            return QString::fromStdString(r.runName) + others(r);
        if (!byKey)
            return (others(r).isEmpty() || r.scheme != "fp64" ? seriesName(r.scheme)
                                                              : QStringLiteral("fp64"))
                + others(r);
        if (r.scheme == "fp64")
            return (others(r).isEmpty() ? seriesName(r.scheme) : QStringLiteral("fp64"))
                + others(r);
        if (!r.bits)
            return seriesName(r.scheme) + others(r);
        return tr("%1 %2").arg(QString::fromStdString(r.scheme), bitsText(r)) + others(r);
    };
    // The fp64 baseline is a dashed horizontal line when bits are on x.
    const auto isBaseline
        = [&](const SweepResult& r) { return m_bitWidthForm && !byKey && r.scheme == "fp64"; };
    const int seeds = std::max(1, m_plan.seeds);

    struct Point {
        double x = 0;
        std::vector<const SweepResult*> seeds;
    };
    struct Line {
        QString name;
        std::string scheme;
        int order = 0; // first result's index: plan order
        bool baseline = false;
        std::vector<Point> points;
    };
    std::vector<Line> lines;
    std::vector<std::pair<double, QString>> failed; // x, tooltip
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    double xLo = byKey ? 0.0 : m_bitsLo, xHi = byKey ? 0.0 : m_bitsHi;
    bool haveX = !byKey;
    const QString metricName = yAxisTitle();
    const auto seedText = [&](const SweepResult& r) {
        return seeds > 1 ? tr(" · seed %1").arg(r.seed) : QString();
    };
    for (const SweepResult& r : m_results) {
        const double v = valueOf(r);
        const bool good = r.summary
            && (r.summary->status == RunStatus::Finished || r.summary->status == RunStatus::Stopped)
            && std::isfinite(v);
        if (!r.summary && r.problem.empty())
            continue; // skipped by a cancel
        const double x = xFor(r);
        if (!isBaseline(r)) {
            xLo = haveX ? std::min(xLo, std::floor(x)) : x;
            xHi = haveX ? std::max(xHi, std::ceil(x)) : x;
            haveX = true;
        }
        if (!good) {
            QString why;
            if (!r.problem.empty())
                why = tr("invalid: %1").arg(QString::fromStdString(r.problem));
            else if (!r.summary->message.empty())
                why = QString::fromStdString(r.summary->message);
            else
                why = tr("%1 at step %2")
                          .arg(CoreText::text(toString(r.summary->status)))
                          .arg(r.summary->failedStep);
            failed.emplace_back(isBaseline(r) ? xLo : x,
                tr("%1%2\n%3")
                    .arg(lineName(r), byKey ? QString() : QStringLiteral(" · ") + bitsText(r),
                        seedText(r).mid(3).isEmpty()
                            ? why
                            : seedText(r).mid(3) + QStringLiteral("\n") + why));
            continue;
        }
        const QString name = lineName(r);
        auto it = std::find_if(
            lines.begin(), lines.end(), [&](const Line& l) { return l.name == name; });
        if (it == lines.end()) {
            lines.push_back({ name, r.scheme, r.index, isBaseline(r), {} });
            it = lines.end() - 1;
        }
        auto pt = std::find_if(
            it->points.begin(), it->points.end(), [&](const Point& p) { return p.x == x; });
        if (pt == it->points.end()) {
            it->points.push_back({ x, {} });
            pt = it->points.end() - 1;
        }
        pt->seeds.push_back(&r);
    }

    // Per point: the value (the mean over seeds, as sweep.csv's summary row) and the band.
    struct Drawn {
        QList<QPointF> points, lower, upper;
        QStringList tips;
    };
    std::vector<Drawn> drawnLines(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Line& line = lines[i];
        std::sort(line.points.begin(), line.points.end(),
            [](const Point& a, const Point& b) { return a.x < b.x; });
        for (const Point& p : line.points) {
            double mean = valueOf(*p.seeds.front()), bandLo = mean, bandHi = mean;
            const SweepResult& first = *p.seeds.front();
            QString tip;
            if (seeds > 1) {
                std::vector<SweepResult> copies; // finished-or-stopped as finished: drawn values
                for (const SweepResult* r : p.seeds) {
                    SweepResult c = *r;
                    c.summary->status = RunStatus::Finished;
                    c.trainLoss = c.testLoss = c.accuracy = valueOf(*r);
                    copies.push_back(std::move(c));
                }
                std::vector<const SweepResult*> ptrs;
                for (const SweepResult& c : copies)
                    ptrs.push_back(&c);
                const SweepStats::Spread s = sweepStats(ptrs).trainLoss;
                mean = s.mean;
                if (m_band == Band::MinMax || !std::isfinite(s.sd)) {
                    bandLo = s.min;
                    bandHi = s.max;
                } else {
                    bandLo = s.mean - s.sd;
                    bandHi = s.mean + s.sd;
                }
                tip = tr("%1%2\n%3: mean %4 over %5 of %6 seeds\nmin %7 · max %8 · sd %9")
                          .arg(line.name,
                              byKey ? QString() : QStringLiteral(" · ") + bitsText(first),
                              metricName, formatChartValue(mean))
                          .arg(s.n)
                          .arg(seeds)
                          .arg(formatChartValue(s.min), formatChartValue(s.max),
                              std::isfinite(s.sd) ? formatChartValue(s.sd) : QStringLiteral("-"));
            } else {
                tip = tr("%1%2\n%3: %4")
                          .arg(line.name,
                              byKey ? QString() : QStringLiteral(" · ") + bitsText(first),
                              metricName, formatChartValue(mean));
                if (first.summary->status == RunStatus::Stopped)
                    tip += tr("\nstopped at step %1 of %2")
                               .arg(first.summary->steps)
                               .arg(first.summary->totalSteps);
            }
            drawnLines[i].points.append(QPointF(p.x, mean));
            drawnLines[i].lower.append(QPointF(p.x, bandLo));
            drawnLines[i].upper.append(QPointF(p.x, bandHi));
            drawnLines[i].tips.append(tip);
            lo = std::min({ lo, mean, bandLo });
            hi = std::max({ hi, mean, bandHi });
        }
    }
    // An earlier sweep laid over this one, at its own bit-widths: per line and bit-width the
    // mean over the seeds that finished.
    struct OverlayLine {
        QString name;
        std::string scheme;
        bool baseline = false;
        std::map<double, std::pair<double, int>> sums; // x -> (sum, n)
        QList<QPointF> points;
    };
    std::vector<OverlayLine> overlayLines;
    if (!m_overlay.empty() && !byKey) {
        const bool overlayAccuracy = m_metric == Metric::Accuracy && m_overlayClassification;
        for (const SweepResult& r : m_overlay) {
            const double v = !r.summary ? std::numeric_limits<double>::quiet_NaN()
                : overlayAccuracy       ? r.accuracy
                : m_overlayHasTest      ? r.testLoss
                                        : r.trainLoss;
            if (!r.summary || !std::isfinite(v)
                || (r.summary->status != RunStatus::Finished
                    && r.summary->status != RunStatus::Stopped))
                continue;
            QString name = m_overlayPlan.bitWidthForm() ? seriesName(r.scheme)
                                                        : QString::fromStdString(r.runName);
            for (std::size_t a = 0; a < r.values.size() && a < m_overlayPlan.axes.size(); ++a)
                name += QStringLiteral(" · %1=%2")
                            .arg(shortKey(m_overlayPlan.axes[a].key),
                                QString::fromStdString(r.values[a]));
            name = m_overlayLabel + QLatin1Char(' ') + name;
            auto it = std::find_if(overlayLines.begin(), overlayLines.end(),
                [&](const OverlayLine& l) { return l.name == name; });
            if (it == overlayLines.end()) {
                overlayLines.push_back(
                    { name, r.scheme, m_overlayPlan.bitWidthForm() && r.scheme == "fp64", {}, {} });
                it = overlayLines.end() - 1;
            }
            auto& [sum, n] = it->sums[it->baseline ? 0.0 : xOf(r)];
            sum += v;
            ++n;
        }
        for (OverlayLine& line : overlayLines)
            for (const auto& [x, sn] : line.sums) {
                const double mean = sn.first / sn.second;
                line.points.append(QPointF(x, mean));
                lo = std::min(lo, mean);
                hi = std::max(hi, mean);
                if (!line.baseline) {
                    xLo = haveX ? std::min(xLo, std::floor(x)) : x;
                    xHi = haveX ? std::max(xHi, std::ceil(x)) : x;
                    haveX = true;
                }
            }
    }
    if (!haveX) {
        xLo = 0;
        xHi = byKey ? static_cast<double>(xValues.size()) - 1 : 8;
    }

    // The y axis: log for losses when every value is positive.
    const bool accuracy = m_metric == Metric::Accuracy && m_classification;
    const bool haveValues = std::isfinite(lo);
    if (haveValues && lo <= 0 && hi > 0 && m_wantLog && !accuracy) {
        // A band reaching zero or below (mean - sd) stops at the lowest mean on a log axis.
        double lowest = std::numeric_limits<double>::infinity();
        for (const Drawn& d : drawnLines)
            for (const QPointF& p : d.points)
                if (p.y() > 0)
                    lowest = std::min(lowest, p.y());
        if (std::isfinite(lowest)) {
            for (Drawn& d : drawnLines)
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
        if (seeds < 2 || drawnLines[i].points.isEmpty())
            continue;
        QList<QPointF> lower = drawnLines[i].lower, upper = drawnLines[i].upper;
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
        fill.setAlphaF(0.18);
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
        const Line& line = lines[i];
        const QList<QPointF> points = drawnLines[i].points;
        const QStringList tips = drawnLines[i].tips;
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
                for (int i = 1; i < points.size() && !baseline; ++i)
                    if (std::abs(points[i].x() - at.x()) < std::abs(points[best].x() - at.x()))
                        best = i;
                showPointTip(tips.value(best), state);
            });
    }
    // The earlier sweep: dotted, thinner, with smaller markers. One legend entry names it
    // (a marker per line made the legend too long to read); the hover names each line.
    if (!overlayLines.empty()) {
        auto* entry = new QLineSeries;
        entry->setName(tr("%1 (dotted): %2").arg(m_overlayLabel, tr("earlier sweep")));
        entry->setPen(QPen(kBaselineColor, 2.0, Qt::DotLine));
        attach(entry);
    }
    for (const OverlayLine& line : overlayLines) {
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
        QStringList tips;
        for (const QPointF& p : line.points)
            tips << tr("%1%2\n%3: %4")
                        .arg(line.name,
                            line.baseline ? QString() : QStringLiteral(" · ") + bitsText(p.x()),
                            metricName, formatChartValue(p.y()));
        connect(s, &QXYSeries::hovered, this,
            [this, points = line.points, tips, baseline = line.baseline](
                const QPointF& at, bool state) {
                int best = 0;
                for (int i = 1; i < points.size() && !baseline; ++i)
                    if (std::abs(points[i].x() - at.x()) < std::abs(points[best].x() - at.x()))
                        best = i;
                showPointTip(tips.value(best), state);
            });
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
        std::map<double, int> atX; // failures drawn so far at each x
        for (const auto& [fx, tip] : failed) {
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

void SweepChart::fitLegend()
{
    // One row under the plot while every entry fits in it whole; else a column on the right,
    // one entry per line, so no entry is cut ("fp64 (full precisi…").
    QLegend* legend = m_chart->legend();
    const QFontMetricsF fm(legend->font());
    double row = 0.0;
    for (QLegendMarker* marker : legend->markers())
        if (!m_unlisted.contains(marker->series()))
            row += fm.horizontalAdvance(marker->label()) + 2.5 * fm.height() + 8.0;
    const double room = std::max(m_chart->size().width(), static_cast<qreal>(width())) - 40.0;
    const Qt::Alignment want = row <= room ? Qt::AlignBottom : Qt::AlignRight;
    if (legend->alignment() != want)
        legend->setAlignment(want);
}

bool SweepChart::legendFits() const
{
    const QLegend* legend = m_chart->legend();
    const QFontMetricsF fm(legend->font());
    const QRectF area = legend->geometry();
    double row = 0.0;
    for (QLegendMarker* marker : legend->markers()) {
        if (m_unlisted.contains(marker->series()))
            continue;
        const double w = fm.horizontalAdvance(marker->label()) + 1.5 * fm.height();
        if (w > area.width())
            return false;
        row += w;
    }
    return legend->alignment() != Qt::AlignBottom || row <= area.width();
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
