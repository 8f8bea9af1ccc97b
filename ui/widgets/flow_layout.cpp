#include "ui/widgets/flow_layout.h"

#include <QHBoxLayout>
#include <QWidget>
#include <algorithm>

namespace bitlab::ui {

FlowLayout::FlowLayout(QWidget* parent, int hSpacing, int vSpacing)
    : QLayout(parent)
    , m_hSpacing(hSpacing)
    , m_vSpacing(vSpacing)
{
    setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem* item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem* item)
{
    m_items.append(item);
    invalidate();
}

QLayoutItem* FlowLayout::itemAt(int index) const
{
    return index >= 0 && index < m_items.size() ? m_items.at(index) : nullptr;
}

QLayoutItem* FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    QLayoutItem* item = m_items.takeAt(index);
    invalidate();
    return item;
}

int FlowLayout::heightForWidth(int width) const
{
    return place(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem* item : m_items)
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // Everything on one line.
    int width = 0, height = 0;
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty())
            continue;
        width += (width > 0 ? m_hSpacing : 0) + item->sizeHint().width();
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins m = contentsMargins();
    return { width + m.left() + m.right(), height + m.top() + m.bottom() };
}

void FlowLayout::setGeometry(const QRect& rect)
{
    QLayout::setGeometry(rect);
    place(rect, true);
}

int FlowLayout::place(const QRect& rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int width = std::max(1, area.width());
    int y = area.y();
    int first = 0;
    const int n = static_cast<int>(m_items.size());
    while (first < n) {
        // One line: as many items as fit (at least one); hidden widgets take no room.
        while (first < n && m_items[first]->isEmpty())
            ++first;
        if (first >= n)
            break;
        int last = first, lineWidth = m_items[first]->sizeHint().width();
        int lineHeight = m_items[first]->sizeHint().height();
        for (int i = first + 1; i < n; ++i) {
            if (m_items[i]->isEmpty())
                continue;
            const int w = m_items[i]->sizeHint().width();
            if (lineWidth + m_hSpacing + w > width)
                break;
            lineWidth += m_hSpacing + w;
            lineHeight = std::max(lineHeight, m_items[i]->sizeHint().height());
            last = i;
        }
        if (apply) {
            int x = area.x();
            for (int i = first; i <= last; ++i) {
                QLayoutItem* item = m_items[i];
                if (item->isEmpty())
                    continue;
                const QSize hint = item->sizeHint();
                const int w = std::min(hint.width(), width);
                if (x > area.x())
                    x += m_hSpacing;
                item->setGeometry(QRect(x, y + (lineHeight - hint.height()) / 2, w, hint.height()));
                x += w;
            }
        }
        y += lineHeight + m_vSpacing;
        first = last + 1;
    }
    const QMargins m = contentsMargins();
    return std::max(0, y - m_vSpacing - area.y()) + m.top() + m.bottom();
}

QWidget* flowGroup(QWidget* parent, std::initializer_list<QWidget*> widgets, int spacing)
{
    auto* group = new QWidget(parent);
    auto* row = new QHBoxLayout(group);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(spacing);
    for (QWidget* w : widgets)
        row->addWidget(w);
    return group;
}

} // namespace bitlab::ui
