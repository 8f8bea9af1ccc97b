#pragma once
// WeightPlaneWidget: the weight plane of a model with exactly two trainable scalars (the
// seed's w and b). Background: the full-precision training loss as a heat map with contour
// lines (computed by the worker; the widget asks for it through surfaceWanted()). Over it
// each quantized run's lattice of representable points (grid lines at its levels for w and
// b, outside its clamp range shaded) and each run's trajectory in its colour: full
// precision glides, rounding after the update hops between lattice points, an STE/PTQ run
// shows its latent point and the lattice point it snaps to, joined by a line. Hover a
// current point for the "explain this number" tooltip. paint() draws the same picture on
// any QPainter (screen, 2x PNG, SVG). What is drawn is computed first, without painting,
// as a WeightPlaneScene and a WeightPlaneSurface.

#include "core/engine/experiment_spec.h"
#include "ui/live_snapshot.h"
#include "ui/views/weight_plane_scene.h"

#include <QPointF>
#include <QRectF>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <optional>
#include <vector>

namespace bitlab::ui {

class RunHistory;

class WeightPlaneWidget : public QWidget {
    Q_OBJECT
public:
    using Lattice = WeightPlaneScene::Lattice;
    using Trace = WeightPlaneScene::Trace;

    explicit WeightPlaneWidget(QWidget* parent = nullptr);

    // The quantizer of every run (none: full precision), from the resolved spec.
    void setRuns(const std::vector<std::optional<QuantizerSpec>>& quantizers);
    // Training rows: the surface's resolution drops for large datasets (the worker pays
    // rows x size^2 loss evaluations).
    void setTrainRows(std::int64_t rows) { m_trainRows = rows; }
    // Rebuilds traces, lattices and the view range from the history; may emit surfaceWanted.
    void updateFrom(const RunHistory& history);
    void clear();

    // Draws the whole chart (title, plot, axes, legend) into rect.
    void paint(QPainter& p, const QRectF& rect) const;
    QSize sizeHint() const override { return { 900, 640 }; }

    // What the chart shows, for tests.
    const WeightPlaneScene& scene() const { return m_scene; }
    QRectF viewRange() const { return m_scene.range; } // data coordinates
    const std::vector<Lattice>& lattices() const { return m_scene.lattices; }
    const std::vector<Trace>& traces() const { return m_scene.traces; }
    std::vector<double> visibleLevelsX(int lattice) const
    {
        return m_scene.visibleLevelsX(lattice);
    }
    std::vector<double> visibleLevelsY(int lattice) const
    {
        return m_scene.visibleLevelsY(lattice);
    }
    QStringList legendTexts() const;
    // Widget pixel of a data point under the widget's current size.
    QPointF toPixel(const QPointF& point) const;
    // The tooltip text at a widget pixel (empty when no current point is near).
    QString hoverText(const QPointF& pixel) const;
    bool hasSurface() const { return !m_surface.surface.empty(); }

signals:
    // The loss surface should cover this rectangle of the plane (w along x, b along y).
    void surfaceWanted(const QRectF& range, int size);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct Layout {
        QRectF title, plot, legend;
    };
    Layout layoutFor(const QRectF& rect) const;
    QPointF map(const QRectF& plot, const QPointF& data) const;
    void drawPlot(QPainter& p, const QRectF& plot) const;
    void drawLegend(QPainter& p, const QRectF& box) const;
    QString explainRun(int run) const;

    std::vector<std::optional<QuantizerSpec>> m_quantizers;
    WeightPlaneScene m_scene;
    WeightPlaneSurface m_surface;
    LiveSnapshot m_snapshot; // for the tooltips
    QRectF m_requested; // the surface rectangle last asked for
    std::int64_t m_trainRows = 0;
    QString m_xName = QStringLiteral("w"), m_yName = QStringLiteral("b");
};

} // namespace bitlab::ui
