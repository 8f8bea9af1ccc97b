#pragma once
// WheelGuard: scrolling never edits. Fields (combo boxes, spin boxes, sliders, line edits) under a
// guarded widget take the mouse wheel only when they have keyboard focus (a click or Tab
// gives it); over an unfocused field the wheel scrolls the enclosing scroll area instead,
// as KDE and GNOME applications behave. Fields get Qt::StrongFocus, so the wheel itself
// never gives them focus. Widgets added under the root later are guarded too.
//
//     WheelGuard::install(panel); // once, for the panel and everything in it

#include <QObject>

class QWidget;

namespace bitlab::ui {

class WheelGuard : public QObject {
    Q_OBJECT
public:
    // Guards root's fields, now and as they are added; the guard is a child of root.
    // Installing twice on the same root returns the first guard.
    static WheelGuard* install(QWidget* root);
    // Whether the guard treats w as a field (a value the wheel would change).
    static bool isField(const QWidget* w);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit WheelGuard(QWidget* root);
    void watch(QWidget* w); // w and its descendants
};

} // namespace bitlab::ui
