#include "ui/views/drawn_canvas.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <utility>

namespace bitlab::ui {

DrawnCanvas::DrawnCanvas(QWidget* parent, Paint paint, Explain explain)
    : QWidget(parent)
    , m_paint(std::move(paint))
    , m_explain(std::move(explain))
{
    setMouseTracking(true);
}

void DrawnCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    m_paint(p, QRectF(rect()));
}

bool DrawnCanvas::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        showHoverText(this, help->globalPos(), m_explain(help->pos()));
        return true;
    }
    return QWidget::event(e);
}

void showHoverText(QWidget* widget, const QPoint& globalPos, const QString& text)
{
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, text, widget);
}

} // namespace bitlab::ui
