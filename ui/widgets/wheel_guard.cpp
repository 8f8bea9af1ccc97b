#include "ui/widgets/wheel_guard.h"

#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QChildEvent>
#include <QComboBox>
#include <QLineEdit>
#include <QScrollBar>
#include <QVariant>
#include <QWheelEvent>
#include <QWidget>

namespace bitlab::ui {

namespace {
constexpr const char* kGuardProperty = "bitlab_wheel_guard";

// The scroll area a wheel over w should scroll: the nearest one w lies inside (its
// viewport's descendant), not one w merely belongs to as a scroll bar or corner widget.
QAbstractScrollArea* enclosingScrollArea(QWidget* w)
{
    for (QWidget* p = w->parentWidget(); p; p = p->parentWidget()) {
        if (auto* area = qobject_cast<QAbstractScrollArea*>(p->parentWidget());
            area && area->viewport() == p)
            return area;
    }
    return nullptr;
}
} // namespace

WheelGuard::WheelGuard(QWidget* root)
    : QObject(root)
{
    root->setProperty(kGuardProperty, QVariant::fromValue<QObject*>(this));
    watch(root);
}

WheelGuard* WheelGuard::install(QWidget* root)
{
    if (auto* existing
        = qobject_cast<WheelGuard*>(root->property(kGuardProperty).value<QObject*>()))
        return existing;
    return new WheelGuard(root);
}

bool WheelGuard::isField(const QWidget* w)
{
    if (qobject_cast<const QScrollBar*>(w))
        return false; // a scroll bar scrolls; that is what the wheel is for
    // A line edit (the panel's number fields, FieldEdit) never changes with the wheel, but
    // Qt does not pass a synthesized wheel event on from it: the guard scrolls for it too.
    return qobject_cast<const QComboBox*>(w) || qobject_cast<const QAbstractSpinBox*>(w)
        || qobject_cast<const QAbstractSlider*>(w) || qobject_cast<const QLineEdit*>(w);
}

void WheelGuard::watch(QWidget* w)
{
    // Watch every widget: ChildAdded tells of new ones, Polish (sent once a widget is fully
    // constructed, before it is first shown) says what kind of widget it is.
    w->removeEventFilter(this);
    w->installEventFilter(this);
    if (isField(w) && w->focusPolicy() != Qt::NoFocus)
        w->setFocusPolicy(Qt::StrongFocus);
    for (QWidget* child : w->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
        watch(child);
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::ChildAdded:
        if (auto* child = qobject_cast<QWidget*>(static_cast<QChildEvent*>(event)->child()))
            watch(child);
        break;
    case QEvent::Polish:
        if (auto* w = qobject_cast<QWidget*>(watched);
            w && isField(w) && w->focusPolicy() != Qt::NoFocus)
            w->setFocusPolicy(Qt::StrongFocus);
        break;
    case QEvent::Wheel: {
        auto* w = qobject_cast<QWidget*>(watched);
        if (!w || !isField(w) || w->hasFocus())
            break;
        // An unfocused field: the wheel scrolls what the field sits in. Sent to that scroll
        // area's viewport explicitly (Qt does not propagate synthesized wheel events), and
        // accepted here so that a real one is not passed on a second time.
        auto* wheel = static_cast<QWheelEvent*>(event);
        if (QAbstractScrollArea* area = enclosingScrollArea(w)) {
            QWidget* viewport = area->viewport();
            QWheelEvent forwarded(viewport->mapFromGlobal(wheel->globalPosition()),
                wheel->globalPosition(), wheel->pixelDelta(), wheel->angleDelta(), wheel->buttons(),
                wheel->modifiers(), wheel->phase(), wheel->inverted(), wheel->source());
            QApplication::sendEvent(viewport, &forwarded);
            wheel->accept();
        } else {
            wheel->ignore(); // nothing to scroll here: let the parents have it
        }
        return true;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace bitlab::ui
