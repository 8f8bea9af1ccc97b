#include "ui/window/redraw_pacer.h"

#include <QTimer>
#include <algorithm>

namespace bitlab::ui {

RedrawPacer::RedrawPacer(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kMinIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &RedrawPacer::onTimer);
    m_timer->start();
}

void RedrawPacer::stop()
{
    m_timer->stop();
}

void RedrawPacer::onTimer()
{
    if (m_dirty) {
        QElapsedTimer frame;
        frame.start();
        emit redrawDue();
        const double cost = static_cast<double>(frame.nsecsElapsed()) * 1e-6 + m_paintMs;
        m_timer->setInterval(std::max(kMinIntervalMs, static_cast<int>(3 * cost)));
    }
    emit ticked();
}

} // namespace bitlab::ui
