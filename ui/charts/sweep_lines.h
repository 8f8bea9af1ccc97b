#pragma once
// SweepLines: what the Sweep chart draws, computed from a sweep's results without Qt
// Charts. One line per scheme (or per run, and per combination of the keys not on x), each
// point the mean over the seeds that finished, with its band (min–max or ± one sample
// standard deviation) and its tooltip; the configurations that diverged, failed or could
// not be built, with why; an earlier sweep's lines (the mean per bit-width); where x goes
// (the bit-width, or a swept key's numbers or words) and the range of the values drawn.
// SweepChart lays them on its axes. The texts are the chart's (its translation context).

#include "core/engine/sweep.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace bitlab::ui {

struct SweepLines {
    // What the chart shows, and how.
    struct Input {
        const std::vector<SweepResult>* results = nullptr; // sorted by index
        SweepPlan plan;
        int xAxis = -1; // -1 the bit-width, else the index of a swept key
        bool bitWidthForm = true; // lines per scheme (else per run name)
        int bitsLo = 1, bitsHi = 8;
        bool minMaxBand = true; // else ± one sample standard deviation
        QString metricName; // the y axis's title ("final test loss")
        std::function<double(const SweepResult&)> valueOf; // NaN when there is none
        // An earlier sweep laid over this one (drawn when bits are on x): "#2", its results.
        QString overlayLabel;
        const std::vector<SweepResult>* overlay = nullptr;
        SweepPlan overlayPlan;
        std::function<double(const SweepResult&)> overlayValueOf;
    };

    struct Line {
        QString name;
        std::string scheme;
        int order = 0; // first result's index: plan order
        bool baseline = false; // fp64 with bits on x: a horizontal line
        QList<QPointF> points, lower, upper; // the means and the band's edges
        QStringList tips; // per point
    };
    struct OverlayLine {
        QString name;
        std::string scheme;
        bool baseline = false;
        QList<QPointF> points;
        QStringList tips;
    };

    explicit SweepLines(const Input& in);

    // x: the bit-width, or the swept key's values in plan order (byKey).
    bool byKey = false;
    std::vector<std::string> xValues;
    bool numeric = false; // byKey: every value is a finite number ...
    bool logX = false; // ... positive, spanning a decade or more: a log axis
    double vLo = std::numeric_limits<double>::infinity(), vHi = -vLo; // byKey: the numbers
    double xLo = 0, xHi = 0; // whole x spanned by the points (bits: the sweep's at least)
    // The values drawn (means and bands; infinite when none).
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    int seeds = 1;
    std::vector<Line> lines;
    std::vector<std::pair<double, QString>> failed; // x, tooltip
    std::vector<OverlayLine> overlay;

    // x of a configuration: its bits, or 1 (binary) and log2(3) (ternary).
    static double xOf(const SweepResult& result);
    // The name its series carries in the legend ("symmetric", "binary (1 bit)").
    static QString seriesName(const std::string& scheme);
};

} // namespace bitlab::ui
