#pragma once
// FitView: the Fit tab (regression). One feature (the seed's y = 3x + 2): the data points
// and each run's fitted curve, float64 and its quantized twins in the runs' colours, live
// from the newest snapshot; for a linear model the legend gives each run's line
// (y = 3.012·x + 2.49). More features: predicted against actual for float64 and the run
// chosen under "Compare with", with the y = x diagonal, and each run's R². A classification
// experiment gets a note saying which tabs draw it instead.
// What it draws comes from the worker's FitFrame (ExperimentInfo::fit) and the snapshot's
// predictions there (LiveSnapshot::fit): at most kMaxFitRows rows, kFitCurvePoints points.

#include "ui/views/picture_view.h"

#include <vector>

class QCheckBox;

namespace bitlab::ui {

class ExperimentPanel;

class FitView : public PictureView {
    Q_OBJECT
public:
    explicit FitView(QWidget* parent = nullptr);

    QString title() const override { return tr("Fit"); }
    void setExperimentPanel(const ExperimentPanel* panel) override;
    void setExperiment(const ExperimentInfo& info) override;
    void refresh(const RunHistory& history, bool force) override;
    quint32 snapshotParts() const override;

    // Tests: where the value (x, y) is drawn on a canvas of `size` (x: the feature, or the
    // actual target; y: the target, or the prediction).
    QPointF pixelOf(double x, double y, const QSizeF& size) const;
    // The runs drawn: every run for a curve, float64 and the compared run otherwise.
    std::vector<int> drawnRuns() const;
    // The legend's line under run `run`'s name: its fitted line (linear model, one feature)
    // or its R² (more features); empty when neither applies.
    QString runDetail(int run) const;
    // Shows or hides the data points (the "Data points" box).
    void setPointsVisible(bool visible);

protected:
    void paintPicture(QPainter& p, const QRectF& area) const override;
    QString notApplicable() const override;
    QString beforeRun() const override;
    QString explain(const QPointF& pos, const QRectF& area) const override;
    QString pictureTitle() const override;

private:
    struct Frame {
        QRectF plot, legend;
        double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
        QPointF map(double x, double y) const;
    };
    Frame frame(const QRectF& area) const;
    // Run `run`'s predictions at the frame's points, or nullptr when the snapshot has none.
    const std::vector<double>* predictions(int run) const;
    // The curve of run `run` at raw x (linear between the curve's points); NaN outside.
    double curveAt(int run, double x) const;
    QString axisTitle(bool vertical) const;
    // The controls that apply: "Data points" for a regression, the picker for predicted
    // against actual; none before a run or for a classification.
    void updateControls();

    QCheckBox* m_points = nullptr;
    const ExperimentPanel* m_panel = nullptr;
};

} // namespace bitlab::ui
