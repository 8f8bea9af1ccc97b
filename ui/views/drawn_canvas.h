#pragma once
// DrawnCanvas: a widget that a view paints through a function and that asks the view what
// is under the pointer for its tooltip (the Classes, Images and Fit pictures, the per-class
// accuracy bars). showHoverText() is the tooltip rule the views share: the text at a global
// position, or no tooltip where the text is empty.

#include <QPoint>
#include <QRectF>
#include <QString>
#include <QWidget>
#include <functional>

class QPainter;

namespace bitlab::ui {

class DrawnCanvas : public QWidget {
public:
    // Paints over the canvas's rectangle (antialiased).
    using Paint = std::function<void(QPainter& p, const QRectF& area)>;
    // The tooltip at `pos` (canvas coordinates); empty: none.
    using Explain = std::function<QString(const QPoint& pos)>;

    DrawnCanvas(QWidget* parent, Paint paint, Explain explain);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    Paint m_paint;
    Explain m_explain;
};

// Shows `text` as `widget`'s tooltip at `globalPos`, or hides the tooltip when it is empty.
void showHoverText(QWidget* widget, const QPoint& globalPos, const QString& text);

} // namespace bitlab::ui
