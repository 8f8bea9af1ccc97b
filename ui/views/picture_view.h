#pragma once
// PictureView: the base of the views that draw one picture of the newest snapshot,
// comparing the full-precision run (run 0) with a quantized run the user picks: the Images
// and Classes tabs. It keeps the experiment (setExperiment), follows the history's
// generation (a Reset or another experiment clears the picture at once), owns the "Compare
// with" picker and the canvas, shows a note where the picture does not apply, explains
// what is under the pointer in a tooltip, and exports the picture as PNG (2x) or SVG.

#include "ui/experiment_info.h"
#include "ui/views/experiment_view.h"

#include <QPointF>
#include <QRectF>
#include <cstdint>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QPainter;

namespace bitlab::ui {

struct LiveSnapshot;

class PictureView : public ExperimentView {
    Q_OBJECT
public:
    explicit PictureView(QWidget* parent = nullptr);

    void setExperiment(const ExperimentInfo& info) override;
    void refresh(const RunHistory& history, bool force) override;
    QStringList chartNames() const override { return { key() }; }
    bool exportChart(int index, const QString& file, QString* error) const override;
    // A lesson's compared run (LessonView::boundaryRun), chosen now and whenever the runs
    // are listed again; nullptr (another experiment) goes back to the first quantized run.
    void showLesson(const bitlab::LessonView* view) override;

    // The run drawn beside the full-precision run 0 (-1: none), and choosing it (tests).
    int comparedRun() const;
    void setComparedRun(int run);
    // The picture as the canvas shows it (and exports it), at `size` logical pixels.
    QImage renderImage(const QSize& size, double scale = 1.0) const;
    // What the tooltip says at `pos` of a canvas of `size` (empty: nothing there).
    QString explainAt(const QPointF& pos, const QSizeF& size) const;
    // The note drawn instead of the picture, or empty when the picture applies.
    QString note() const;

protected:
    // The picture over `area`; called only when note() is empty.
    virtual void paintPicture(QPainter& p, const QRectF& area) const = 0;
    // Why the picture does not apply to a prepared experiment (empty: it applies).
    virtual QString notApplicable() const = 0;
    // The tooltip at `pos` in `area`, or empty.
    virtual QString explain(const QPointF& pos, const QRectF& area) const = 0;
    virtual QString pictureTitle() const = 0;
    // The note before the experiment is prepared; by default the invitation to run it.
    virtual QString beforeRun() const;
    // The layout above the canvas, for a view's own controls after the picker.
    QHBoxLayout* controls() const { return m_controls; }
    // Redraws (a view's own control changed).
    void redraw();
    // Shows or hides the "Compare with" picker (a view that draws every run hides it).
    void setPickerVisible(bool visible);

    bool hasExperiment() const { return m_hasInfo; }
    const ExperimentInfo& info() const { return m_info; }
    // The newest snapshot, or nullptr before the first one of this experiment.
    const LiveSnapshot* snapshot() const;
    QString runName(int run) const;

private:
    void rebuildPicker();
    void paintAll(QPainter& p, const QRectF& area) const;

    QComboBox* m_run = nullptr;
    QLabel* m_runLabel = nullptr;
    QHBoxLayout* m_controls = nullptr;
    QWidget* m_canvas = nullptr;
    QString m_lessonRun; // the run a lesson compares with; empty: none
    ExperimentInfo m_info;
    bool m_hasInfo = false;
    bool m_infoPending = false;
    const RunHistory* m_history = nullptr;
    std::uint64_t m_generation = ~0ull;
    std::uint64_t m_drawnSnapshot = ~0ull;
};

} // namespace bitlab::ui
