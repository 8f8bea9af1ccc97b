#pragma once
// BoundaryCanvas: the drawing of the Boundary view. Shows the decision regions of the
// full-precision run and one other run side by side (or one panel with the cells where
// they disagree hatched), the data points on top (train filled, test hollow, coloured by
// class), axes with the feature names, a caption and a legend. When the view does not
// apply it shows a centred message instead. paint() is the one drawing routine for the
// screen, PNG and SVG exports (so axes, points and legend stay vectors in SVG).

#include "ui/views/boundary_render.h"

#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

namespace bitlab::ui {

struct BoundaryScene {
    QString message; // non-empty: the view does not apply (or has nothing yet); shown alone
    bool overlay = false; // one panel with the disagreement hatched
    bool showPoints = true;
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    QString xName, yName;
    std::vector<QString> classLabels;
    std::vector<QColor> classColors;
    // Data points in raw feature space.
    std::vector<double> pointX, pointY;
    std::vector<int> pointClass;
    std::vector<bool> pointIsTest;
    // The two runs: names, colours and a note under each title (grid changes, accuracy).
    QString nameA, nameB, noteA, noteB;
    QColor colorA, colorB;
    QString caption;
    BoundaryRender render; // size 0: regions not computed yet
};

class BoundaryCanvas : public QWidget {
    Q_OBJECT
public:
    explicit BoundaryCanvas(QWidget* parent = nullptr);

    void setScene(BoundaryScene scene);
    const BoundaryScene& scene() const { return m_scene; }
    // Draws the whole picture into a size.width() x size.height() area (logical pixels).
    void paint(QPainter& painter, const QSizeF& size) const;
    // The plot rectangles of the last layout for this size: [0] left (or only) panel,
    // [1] right panel (empty in overlay mode or with one run).
    std::vector<QRectF> panelRects(const QSizeF& size) const;
    // Where a raw-space point lands in panel rectangle `rect`.
    QPointF map(const QRectF& rect, double x, double y) const;

    // One legend entry as laid out for a size: its symbol and its text's box. Entries that
    // do not fit one line wrap onto the next, each line centred, so every text is whole.
    struct LegendItem {
        int kind = 0; // 0 class swatch, 1 train dot, 2 test ring, 3 line, 4 hatch, 5 text only
        QColor color;
        QString text;
        QRectF symbol, textRect;
    };
    std::vector<LegendItem> legendLayout(const QSizeF& size) const;

    QSize sizeHint() const override { return { 900, 520 }; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintPanel(QPainter& p, const QRectF& rect, bool second, bool overlay) const;
    void paintAxes(QPainter& p, const QRectF& rect, bool yLabels) const;
    void paintLegend(QPainter& p, const std::vector<LegendItem>& items) const;
    // The legend's entries, not yet placed.
    std::vector<LegendItem> legendEntries() const;
    // Places the entries in lines of at most `width` starting at (left, top); returns the
    // height the lines take.
    double placeLegend(std::vector<LegendItem>& items, double left, double top, double width) const;

    BoundaryScene m_scene;
};

} // namespace bitlab::ui
