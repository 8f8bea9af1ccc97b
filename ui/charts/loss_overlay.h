#pragma once
// LossOverlay: the Loss tab's "Compare with". Its picker lists the session's earlier
// experiments (ResultArchive), not the one on screen; the one chosen is laid over the
// current experiment: its runs' curves dotted (train) and dash-dotted (test) in their
// colours, behind the current curves, smoothed as they are, and named "#N run" in the
// legend with their final values. LossChart owns it and tells it when to rebuild.

#include "ui/run_history.h"

#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

class QAbstractAxis;
class QChart;
class QComboBox;
class QLineSeries;
class QWidget;

namespace bitlab::ui {

class CurveLayer;
class ResultArchive;
struct ArchivedResult;

class LossOverlay : public QObject {
    Q_OBJECT
public:
    // The picker is a child of `parent` (the chart's controls).
    explicit LossOverlay(QWidget* parent);

    QComboBox* picker() const { return m_picker; }
    void setArchive(const ResultArchive* archive) { m_archive = archive; }
    const ResultArchive* archive() const { return m_archive; }
    // The archived experiment laid over the chart (its number, -1: none).
    int number() const { return m_number; }
    // Its archive entry (nullptr when none).
    const ArchivedResult* entry() const;
    // Chooses the experiment numbered `number` (-1: none); false when it was chosen already.
    bool select(int number);
    // Lists the archive's experiments but the one `onScreen` shows (nullptr: none yet).
    // True when the experiment laid over left the archive: none is chosen now.
    bool rebuildPicker(const RunHistory* onScreen);

    // Removes the legend entries from `chart` (the layer's curves are cleared with it).
    void clear(QChart* chart);
    // The chosen experiment's curves, added to `layer` behind the ones added after.
    void addCurves(CurveLayer* layer);
    // One legend entry per run (after the current runs' entries), on axes x and y.
    // `lastMetric`, `testMetric`: the final values the entries name.
    void addLegends(
        QChart* chart, QAbstractAxis* x, QAbstractAxis* y, Metric lastMetric, Metric testMetric);
    // Renames the entries to their final values of these metrics.
    void updateLegends(Metric lastMetric, Metric testMetric);
    QStringList legendNames() const;
    QString legendText(int run, Metric lastMetric, Metric testMetric) const;

    // The curves of `mainMetric` (smoothed by `weight` like the current ones) and
    // `testMetric`, by curve of the layer.
    void curves(Metric mainMetric, Metric testMetric, double weight,
        std::vector<std::pair<int, QList<QPointF>>>& out) const;
    // Points of run `run`: 0 main, 1 test (tests).
    QList<QPointF> points(const CurveLayer& layer, int run, int which) const;

private:
    struct Series {
        QLineSeries* legend = nullptr;
        int main = -1, test = -1; // curves of the layer
    };

    QComboBox* m_picker = nullptr;
    const ResultArchive* m_archive = nullptr;
    int m_number = -1;
    std::vector<Series> m_series;
};

} // namespace bitlab::ui
