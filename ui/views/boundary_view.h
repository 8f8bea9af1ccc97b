#pragma once
// BoundaryView: the Boundary tab (two-feature classification). The decision regions of the
// full-precision run beside those of one chosen quantized run, or one panel hatching the
// cells where the two disagree, with the data points on top (train filled, test hollow).
// The regions come from the worker's 200 x 200 grid (RunHistory::snapshot().boundary; a
// 50 x 50 preview while training runs, which the caption says);
// turning them into images and contours runs on a QtConcurrent worker thread, and the
// result is applied on the UI thread when it arrives (results of older requests are
// dropped, so the UI never waits). Other datasets get a centred note saying why not and
// what to load instead.

#include "ui/views/boundary_render.h"
#include "ui/views/experiment_view.h"

#include <QFutureWatcher>
#include <QPointer>
#include <cstdint>
#include <vector>

class QCheckBox;
class QComboBox;

namespace bitlab::ui {

class BoundaryCanvas;

class BoundaryView : public ExperimentView {
    Q_OBJECT
public:
    explicit BoundaryView(QWidget* parent = nullptr);
    ~BoundaryView() override;

    QString title() const override { return tr("Boundary"); }
    void setExperiment(const ExperimentInfo& info) override;
    // Before a run the tab says what the panel's experiment will allow: a regression or a
    // dataset without two features gets no invitation to run, a broken one neither.
    void setExperimentPanel(const ExperimentPanel* panel) override;
    // What the tab says instead of the regions ("" when it draws them).
    QString message() const { return notApplicableMessage(); }
    // Compares the lesson's run (by name) from now on, in this and later experiments that
    // have it; the user's pick in "Compare with" replaces it.
    void showLesson(const bitlab::LessonView* view) override;
    void refresh(const RunHistory& history, bool force) override;
    quint32 snapshotParts() const override;
    QList<int> snapshotRuns() const override; // the reference run and the compared one
    QStringList chartNames() const override { return { QStringLiteral("boundary") }; }
    bool exportChart(int index, const QString& file, QString* error) const override;

    // For tests: the drawing and whether the regions drawn are those of the newest snapshot.
    BoundaryCanvas* canvas() const { return m_canvas; }
    bool isUpToDate() const;
    int referenceRun() const { return m_reference; }
    int comparedRun() const; // -1: none
    QString comparedRunName() const; // "" when none
    // Renders the picture at `size` (logical pixels) into an image at `scale`.
    QImage renderImage(const QSize& size, double scale) const;

private:
    void rebuildPicker();
    // Starts rendering the latest regions (or queues it behind the render running); false
    // when there is nothing to render, so no render will update the scene.
    bool requestRender();
    void onRenderFinished();
    void updateScene();
    QString notApplicableMessage() const;
    QString runNote(int run) const;

    QComboBox* m_mode = nullptr;
    QComboBox* m_run = nullptr;
    QPointer<const ExperimentPanel> m_panel;
    QString m_preferredRun; // the run to compare when the experiment has it
    QCheckBox* m_points = nullptr;
    BoundaryCanvas* m_canvas = nullptr;

    // The experiment (from setExperiment), kept until the history is reset without one.
    bool m_hasInfo = false;
    bool m_infoPending = false;
    bool m_classification = false;
    int m_features = 0;
    std::vector<QString> m_runNames;
    std::vector<bool> m_runQuantized;
    std::vector<QString> m_featureNames, m_classLabels;
    std::vector<double> m_pointX, m_pointY;
    std::vector<int> m_pointClass;
    std::vector<bool> m_pointIsTest;
    int m_reference = 0;

    const RunHistory* m_history = nullptr;
    std::uint64_t m_generation = ~0ull;
    std::uint64_t m_drawnRevision = ~0ull;
    // Rendering on the worker thread.
    QFutureWatcher<BoundaryRender>* m_watcher = nullptr;
    quint64 m_token = 0; // the newest request; older results are dropped
    bool m_pending = false; // a request arrived while a render was running
    std::uint64_t m_inFlightSnapshot = 0; // snapshot revision of the running render
    std::uint64_t m_renderedSnapshot = ~0ull; // snapshot revision of the drawn render
    std::uint64_t m_requestedSnapshot = ~0ull;
    BoundaryRender m_render;
    int m_renderedRun = -1;
    int m_inFlightRun = -1;
    // The step of the drawn regions, and whether they are the coarse preview of a running
    // training (LiveSnapshot::boundaryPreview).
    qint64 m_inFlightStep = 0, m_renderedStep = 0;
    bool m_inFlightPreview = false, m_renderedPreview = false;
    double m_xMin = 0, m_xMax = 0, m_yMin = 0, m_yMax = 0; // the grid's extent (raw space)
};

} // namespace bitlab::ui
