#include "ui/charts/sweep_lines.h"

#include "core/quant/quantizer.h"
#include "ui/charts/sweep_chart.h"
#include "ui/charts/value_format.h"
#include "ui/core_text.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace bitlab::ui {

namespace {
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

SweepLines::SweepLines(const Input& in)
{
    // x of a result: its bits, or the place of its value of the swept key on x.
    byKey = in.xAxis >= 0;
    numeric = byKey;
    bool positive = byKey;
    if (byKey) {
        xValues = in.plan.axes[static_cast<std::size_t>(in.xAxis)].values;
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
    logX = byKey && numeric && positive && vHi >= 10 * vLo;
    const auto xFor = [&](const SweepResult& r) {
        if (!byKey)
            return xOf(r);
        const std::string& v = r.values[static_cast<std::size_t>(in.xAxis)];
        if (numeric)
            return QString::fromStdString(v).toDouble();
        return static_cast<double>(std::find(xValues.begin(), xValues.end(), v) - xValues.begin());
    };
    // The line a result belongs to, and its legend name.
    const auto others = [&](const SweepResult& r) {
        QString text;
        for (std::size_t a = 0; a < r.values.size() && a < in.plan.axes.size(); ++a)
            if (static_cast<int>(a) != in.xAxis)
                text
                    += QStringLiteral(" · %1=%2")
                           .arg(shortKey(in.plan.axes[a].key), QString::fromStdString(r.values[a]));
        return text;
    };
    const auto lineName = [&](const SweepResult& r) {
        if (!in.bitWidthForm)
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
        return SweepChart::tr("%1 %2").arg(QString::fromStdString(r.scheme), bitsText(r))
            + others(r);
    };
    // The fp64 baseline is a dashed horizontal line when bits are on x.
    const auto isBaseline
        = [&](const SweepResult& r) { return in.bitWidthForm && !byKey && r.scheme == "fp64"; };
    seeds = std::max(1, in.plan.seeds);

    struct Point {
        double x = 0;
        std::vector<const SweepResult*> seeds;
    };
    struct Grouped {
        QString name;
        std::string scheme;
        int order = 0; // first result's index: plan order
        bool baseline = false;
        std::vector<Point> points;
    };
    std::vector<Grouped> grouped;
    xLo = byKey ? 0.0 : in.bitsLo;
    xHi = byKey ? 0.0 : in.bitsHi;
    bool haveX = !byKey;
    const QString& metricName = in.metricName;
    const auto seedText = [&](const SweepResult& r) {
        return seeds > 1 ? SweepChart::tr(" · seed %1").arg(r.seed) : QString();
    };
    for (const SweepResult& r : *in.results) {
        const double v = in.valueOf(r);
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
                why = SweepChart::tr("invalid: %1").arg(QString::fromStdString(r.problem));
            else if (!r.summary->message.empty())
                why = QString::fromStdString(r.summary->message);
            else
                why = SweepChart::tr("%1 at step %2")
                          .arg(CoreText::text(toString(r.summary->status)))
                          .arg(r.summary->failedStep);
            failed.emplace_back(isBaseline(r) ? xLo : x,
                SweepChart::tr("%1%2\n%3")
                    .arg(lineName(r), byKey ? QString() : QStringLiteral(" · ") + bitsText(r),
                        seedText(r).mid(3).isEmpty()
                            ? why
                            : seedText(r).mid(3) + QStringLiteral("\n") + why));
            continue;
        }
        const QString name = lineName(r);
        auto it = std::find_if(
            grouped.begin(), grouped.end(), [&](const Grouped& l) { return l.name == name; });
        if (it == grouped.end()) {
            grouped.push_back({ name, r.scheme, r.index, isBaseline(r), {} });
            it = grouped.end() - 1;
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
    lines.resize(grouped.size());
    for (std::size_t i = 0; i < grouped.size(); ++i) {
        Grouped& line = grouped[i];
        lines[i].name = line.name;
        lines[i].scheme = line.scheme;
        lines[i].order = line.order;
        lines[i].baseline = line.baseline;
        std::sort(line.points.begin(), line.points.end(),
            [](const Point& a, const Point& b) { return a.x < b.x; });
        for (const Point& p : line.points) {
            double mean = in.valueOf(*p.seeds.front()), bandLo = mean, bandHi = mean;
            const SweepResult& first = *p.seeds.front();
            QString tip;
            if (seeds > 1) {
                std::vector<SweepResult> copies; // finished-or-stopped as finished: drawn values
                for (const SweepResult* r : p.seeds) {
                    SweepResult c = *r;
                    c.summary->status = RunStatus::Finished;
                    c.trainLoss = c.testLoss = c.accuracy = in.valueOf(*r);
                    copies.push_back(std::move(c));
                }
                std::vector<const SweepResult*> ptrs;
                for (const SweepResult& c : copies)
                    ptrs.push_back(&c);
                const SweepStats::Spread s = sweepStats(ptrs).trainLoss;
                mean = s.mean;
                if (in.minMaxBand || !std::isfinite(s.sd)) {
                    bandLo = s.min;
                    bandHi = s.max;
                } else {
                    bandLo = s.mean - s.sd;
                    bandHi = s.mean + s.sd;
                }
                tip = SweepChart::tr(
                    "%1%2\n%3: mean %4 over %5 of %6 seeds\nmin %7 · max %8 · sd %9")
                          .arg(line.name,
                              byKey ? QString() : QStringLiteral(" · ") + bitsText(first),
                              metricName, formatChartValue(mean))
                          .arg(s.n)
                          .arg(seeds)
                          .arg(formatChartValue(s.min), formatChartValue(s.max),
                              std::isfinite(s.sd) ? formatChartValue(s.sd) : QStringLiteral("-"));
            } else {
                tip = SweepChart::tr("%1%2\n%3: %4")
                          .arg(line.name,
                              byKey ? QString() : QStringLiteral(" · ") + bitsText(first),
                              metricName, formatChartValue(mean));
                if (first.summary->status == RunStatus::Stopped)
                    tip += SweepChart::tr("\nstopped at step %1 of %2")
                               .arg(first.summary->steps)
                               .arg(first.summary->totalSteps);
            }
            lines[i].points.append(QPointF(p.x, mean));
            lines[i].lower.append(QPointF(p.x, bandLo));
            lines[i].upper.append(QPointF(p.x, bandHi));
            lines[i].tips.append(tip);
            lo = std::min({ lo, mean, bandLo });
            hi = std::max({ hi, mean, bandHi });
        }
    }
    // An earlier sweep laid over this one, at its own bit-widths: per line and bit-width the
    // mean over the seeds that finished.
    std::vector<std::map<double, std::pair<double, int>>> sums; // per line: x -> (sum, n)
    if (in.overlay && !in.overlay->empty() && !byKey) {
        for (const SweepResult& r : *in.overlay) {
            const double v = in.overlayValueOf(r);
            if (!r.summary || !std::isfinite(v)
                || (r.summary->status != RunStatus::Finished
                    && r.summary->status != RunStatus::Stopped))
                continue;
            QString name = in.overlayPlan.bitWidthForm() ? seriesName(r.scheme)
                                                         : QString::fromStdString(r.runName);
            for (std::size_t a = 0; a < r.values.size() && a < in.overlayPlan.axes.size(); ++a)
                name += QStringLiteral(" · %1=%2")
                            .arg(shortKey(in.overlayPlan.axes[a].key),
                                QString::fromStdString(r.values[a]));
            name = in.overlayLabel + QLatin1Char(' ') + name;
            auto it = std::find_if(overlay.begin(), overlay.end(),
                [&](const OverlayLine& l) { return l.name == name; });
            if (it == overlay.end()) {
                overlay.push_back({ name, r.scheme,
                    in.overlayPlan.bitWidthForm() && r.scheme == "fp64", {}, {} });
                sums.emplace_back();
                it = overlay.end() - 1;
            }
            auto& [sum, n]
                = sums[static_cast<std::size_t>(it - overlay.begin())][it->baseline ? 0.0 : xOf(r)];
            sum += v;
            ++n;
        }
        for (std::size_t i = 0; i < overlay.size(); ++i)
            for (const auto& [x, sn] : sums[i]) {
                OverlayLine& line = overlay[i];
                const double mean = sn.first / sn.second;
                line.points.append(QPointF(x, mean));
                line.tips << SweepChart::tr("%1%2\n%3: %4")
                                 .arg(line.name,
                                     line.baseline ? QString()
                                                   : QStringLiteral(" · ") + bitsText(x),
                                     metricName, formatChartValue(mean));
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
}

double SweepLines::xOf(const SweepResult& result)
{
    if (result.bits)
        return *result.bits;
    // A scheme without a bits key: its bits per element (binary 1, float:bf16 16, mx:e2m1
    // 4.25, ...).
    const double bits = sweptBitWidth(result.scheme);
    return bits > 0 ? bits : 1.0;
}

QString SweepLines::seriesName(const std::string& scheme)
{
    if (scheme == "fp64")
        return SweepChart::tr("fp64 (full precision)");
    const QuantizerInfo* info = findQuantizer(scheme.substr(0, scheme.find(':')));
    // One point, so the legend says its bits: "binary (1 bit)", "mx:e2m1 (4.25 bits)".
    if (info && !info->hasBits)
        return SweepChart::tr("%1 (%2)").arg(
            QString::fromStdString(scheme), bitsText(sweptBitWidth(scheme)));
    return QString::fromStdString(scheme);
}

} // namespace bitlab::ui
