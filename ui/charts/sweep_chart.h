#pragma once
// SweepChart: the chart of the Sweep tab. The final metric of every sweep configuration
// against its bit-width: one line with markers per scheme (its colour fixed by the
// scheme's place in the quantizer registry), the full-precision baseline as a horizontal
// dashed line, and configurations that diverged, failed or could not be built as hollow
// red diamonds along the top edge (hover one for why). Binary and ternary weights have no
// bit-width: they are drawn as single markers at 1 bit and at log2(3) ≈ 1.58 bits, the
// information a ternary weight carries. Loss on a log (or linear) axis, or accuracy.
// Hover any marker for its numbers. Exports through ChartView (PNG at 2x, SVG).

#include "core/engine/sweep.h"
#include "ui/charts/y_axis_pair.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <map>
#include <memory>
#include <vector>

class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace bitlab::ui {

class ChartView;

class SweepChart : public QWidget {
    Q_OBJECT
public:
    enum class Metric { Loss, Accuracy };

    explicit SweepChart(QWidget* parent = nullptr);

    // Draws these results (any subset, in any order: the chart sorts by bits) for a sweep
    // over bits [bitsLo, bitsHi]. classification/hasTest say which final values exist.
    void setResults(const std::vector<SweepResult>& results, bool classification, bool hasTest,
        int bitsLo, int bitsHi);
    void setMetric(Metric metric);
    Metric metric() const { return m_metric; }
    void setLogScale(bool on);
    // A line above the plot (experiment name, what is shown); an empty chart shows a hint.
    void setTitle(const QString& title);

    // What is drawn, read back from the series (tests, docs):
    QStringList seriesNames() const; // legend entries, in order
    QList<QPointF> seriesPoints(const QString& name) const; // points of the series named so
    QList<QPointF> failedPoints() const; // the hollow diamonds
    QString failedToolTip(int index) const; // what hovering failed point index says
    QString yAxisTitle() const;
    bool logScale() const; // the y axis in use is logarithmic

    // PNG at 2x scale or SVG, by the suffix; false with *error on failure.
    bool exportTo(const QString& file, QString* error) const;

    // x of a configuration: its bits, or 1 (binary) and log2(3) (ternary).
    static double xOf(const SweepResult& result);
    // The name its series carries in the legend ("symmetric", "binary (1 bit)").
    static QString seriesName(const std::string& scheme);

private:
    double valueOf(const SweepResult& result) const; // NaN when there is none
    void rebuild();
    void showPointTip(const QString& text, bool state);

    QChart* m_chart = nullptr;
    ChartView* m_view = nullptr;
    QValueAxis* m_x = nullptr;
    std::unique_ptr<YAxisPair> m_y; // linear or log
    std::vector<SweepResult> m_results;
    bool m_classification = false;
    bool m_hasTest = false;
    int m_bitsLo = 1, m_bitsHi = 8;
    Metric m_metric = Metric::Loss;
    bool m_wantLog = true;
    bool m_usingLog = false;
    QString m_title;
    QStringList m_failedTips; // per point of the failed series
};

} // namespace bitlab::ui
