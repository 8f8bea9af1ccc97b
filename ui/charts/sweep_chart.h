#pragma once
// SweepChart: the chart of the Sweep tab. The final metric of every sweep configuration
// against its bit-width: one line with markers per scheme (its colour fixed by the
// scheme's place in the quantizer registry), the full-precision baseline as a horizontal
// dashed line, and configurations that diverged, failed or could not be built as hollow
// red diamonds along the top edge (hover one for why). Binary and ternary weights have no
// bit-width: they are drawn as single markers at 1 bit and at log2(3) ≈ 1.58 bits, the
// information a ternary weight carries. Loss on a log (or linear) axis, or accuracy.
// Hover any marker for its numbers. Exports through ChartView (PNG at 2x, SVG).
//
// A sweep of other keys (setPlan): x is the bit-width or one swept key (numbers on a
// linear axis, or a log axis when they span a decade or more; text values as categories),
// and every other combination is a line of its own (e.g. "symmetric · optimizer.lr=0.1").
// With K > 1 seeds each marker is the mean over the seeds that finished (the same number
// as sweep.csv's summary row) and a band of the line's colour spans min to max (or ± one
// sample standard deviation), as the y axis title says.

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

class QAbstractSeries;
class QAreaSeries;
class QCategoryAxis;
class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
class QLogValueAxis;

namespace bitlab::ui {

class ChartView;

class SweepChart : public QWidget {
    Q_OBJECT
public:
    enum class Metric { Loss, Accuracy };
    enum class Band { MinMax, StdDev };

    explicit SweepChart(QWidget* parent = nullptr);

    // Draws these results (any subset, in any order: the chart sorts by bits) for a sweep
    // over bits [bitsLo, bitsHi]. classification/hasTest say which final values exist.
    void setResults(const std::vector<SweepResult>& results, bool classification, bool hasTest,
        int bitsLo, int bitsHi);
    // The sweep the results come from (axes, bit-width form, seeds) and what goes on x:
    // -1 the bit-width, else the index of a swept key. Call before setResults.
    void setPlan(const SweepPlan& plan, int xAxis);
    int xAxis() const { return m_xAxis; }
    void setBand(Band band);
    Band band() const { return m_band; }
    void setMetric(Metric metric);
    Metric metric() const { return m_metric; }
    void setLogScale(bool on);
    // A line above the plot (experiment name, what is shown); an empty chart shows a hint.
    void setTitle(const QString& title);
    QString title() const { return m_title; }
    // An earlier sweep laid over this one (the Sweep tab's "Compare with"): its lines dotted,
    // in their colours, with smaller markers, each named "<label> <line>" ("#2 symmetric");
    // its full-precision baseline a dotted horizontal line. Drawn when bits are on x (the
    // earlier sweep's bit-widths against the current ones); an empty `results` removes it.
    void setOverlay(const QString& label, const std::vector<SweepResult>& results,
        const SweepPlan& plan, bool classification, bool hasTest);
    QString overlayLabel() const { return m_overlayLabel; }

    // What is drawn, read back from the series (tests, docs):
    QStringList seriesNames() const; // legend entries, in order
    QList<QPointF> seriesPoints(const QString& name) const; // points of the series named so
    QList<QPointF> failedPoints() const; // the hollow diamonds
    QString failedToolTip(int index) const; // what hovering failed point index says
    // The band of the line named so (empty without seeds): its lower and upper edges.
    QList<QPointF> bandLower(const QString& name) const;
    QList<QPointF> bandUpper(const QString& name) const;
    QString xAxisTitle() const;
    QString yAxisTitle() const;
    bool logScale() const; // the y axis in use is logarithmic
    // Whether every legend entry has the room its whole text needs (tests: nothing cut).
    bool legendFits() const;

    // PNG at 2x scale or SVG, by the suffix; false with *error on failure.
    bool exportTo(const QString& file, QString* error) const;

    // x of a configuration: its bits, or 1 (binary) and log2(3) (ternary).
    static double xOf(const SweepResult& result);
    // The name its series carries in the legend ("symmetric", "binary (1 bit)").
    static QString seriesName(const std::string& scheme);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    double valueOf(const SweepResult& result) const; // NaN when there is none
    void rebuild();
    void showPointTip(const QString& text, bool state);
    void fitLegend(); // under the plot while the entries fit in one row, else on the right
    QStringList legendLabels() const; // the entries listed (not bands, not overlay lines)

    QChart* m_chart = nullptr;
    ChartView* m_view = nullptr;
    QValueAxis* m_x = nullptr;
    std::unique_ptr<YAxisPair> m_y; // linear or log
    QLogValueAxis* m_xLog = nullptr;
    QCategoryAxis* m_xCategories = nullptr;
    std::vector<SweepResult> m_results;
    bool m_classification = false;
    bool m_hasTest = false;
    int m_bitsLo = 1, m_bitsHi = 8;
    Metric m_metric = Metric::Loss;
    SweepPlan m_plan;
    int m_xAxis = -1;
    bool m_bitWidthForm = true; // lines per scheme (else per run name)
    Band m_band = Band::MinMax;
    std::map<QString, QAreaSeries*> m_bands; // by the name of their line
    bool m_wantLog = true;
    bool m_usingLog = false;
    QString m_title;
    QStringList m_failedTips; // per point of the failed series
    QList<QAbstractSeries*> m_unlisted; // series without a legend entry (bands, overlay lines)
    QString m_overlayLabel; // "#2": the earlier sweep laid over this one
    std::vector<SweepResult> m_overlay;
    SweepPlan m_overlayPlan;
    bool m_overlayClassification = false, m_overlayHasTest = false;
};

} // namespace bitlab::ui
