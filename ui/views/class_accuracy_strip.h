#pragma once
// ClassAccuracyStrip: the Loss tab's per-class accuracy, under its chart in accuracy mode.
// For the run chosen under "Per class" (the first quantized run by default) it draws one
// bar per class, in the run's colour, as high as the share of that class's rows the run
// predicts right at the newest snapshot, with float64's share as a black tick across the
// bar: a bar that ends below its tick is a class the run lost. The percentage stands above
// each bar, the class label below; hovering a bar gives both runs' counts. Over the test
// rows (the training rows without a test split), from the snapshot's confusion matrices
// (core/engine/confusion.h): the numbers summary.json writes as class_accuracy.

#include "core/engine/confusion.h"

#include <QRectF>
#include <QString>
#include <QWidget>
#include <vector>

class QComboBox;
class QLabel;
class QPainter;

namespace bitlab::ui {

struct ExperimentInfo;
struct LiveSnapshot;

class ClassAccuracyStrip : public QWidget {
    Q_OBJECT
public:
    explicit ClassAccuracyStrip(QWidget* parent = nullptr);

    // The runs and classes of a new experiment; the chosen run stays when a run of that
    // name is in it, else the first quantized run is chosen.
    void setExperiment(const ExperimentInfo& info);
    // The newest snapshot's confusion matrices (none: nullptr or an empty snapshot).
    void showSnapshot(const LiveSnapshot* snapshot);

    // The run whose bars are drawn (-1: none), and choosing it (tests, lessons).
    int run() const;
    void setRun(int run);
    // The run a lesson compares with float64 (LessonView::boundaryRun), chosen now and in
    // its later experiments; empty: none (the user's choice or the first quantized run).
    void preferRun(const QString& name);
    // The accuracy drawn for class `cls` of `run` (NaN: no rows, or no snapshot).
    double accuracy(int run, int cls) const;
    // What the tooltip says over the canvas point `pos` (empty: no bar there).
    QString explainAt(const QPoint& pos) const;
    // The canvas the bars are drawn on (tests: hover and grab it).
    QWidget* canvas() const { return m_canvas; }

private:
    void paintBars(QPainter& p, const QRectF& area) const;
    QRectF barSlot(int cls, const QRectF& area) const;
    QString classLabel(int cls) const;

    QComboBox* m_run = nullptr;
    QLabel* m_split = nullptr;
    QWidget* m_canvas = nullptr;
    std::vector<QString> m_runNames;
    std::vector<QString> m_classLabels;
    std::vector<ConfusionMatrix> m_confusion; // per run, empty before the first snapshot
    bool m_onTest = false;
    QString m_preferred;
};

} // namespace bitlab::ui
