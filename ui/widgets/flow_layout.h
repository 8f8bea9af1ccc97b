#pragma once
// FlowLayout: lays its items out left to right and wraps onto a new line when the next one
// does not fit, like words in a paragraph; each line's items are centred vertically. A
// row of view controls in a FlowLayout asks only for its widest item, so a narrow tab
// (a lesson open beside it) wraps the row instead of widening the window. Items keep their
// size hints: there are no stretch factors; group widgets that belong together (a label
// and its field) in one widget so they wrap as one.

#include <QLayout>
#include <QList>
#include <initializer_list>

namespace bitlab::ui {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr, int hSpacing = 8, int vSpacing = 4);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override { return static_cast<int>(m_items.size()); }
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    // Places the items in `rect` (only measures unless `apply`); returns the height used.
    int place(const QRect& rect, bool apply) const;

    QList<QLayoutItem*> m_items;
    int m_hSpacing, m_vSpacing;
};

// The widgets side by side in one widget (no margins), to wrap in a FlowLayout as one item.
QWidget* flowGroup(QWidget* parent, std::initializer_list<QWidget*> widgets, int spacing = 6);

} // namespace bitlab::ui
