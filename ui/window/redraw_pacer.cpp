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

int RedrawPacer::intervalMs() const
{
    return m_timer->interval();
}

void RedrawPacer::onTimer()
{
    if (m_dirty) {
        QElapsedTimer frame;
        frame.start();
        emit redrawDue();
        // The paints since the last tick: the last frame's (the chart's view paints in an
        // update of its own, after the window's) and the status bar's between frames.
        const double cost = static_cast<double>(frame.nsecsElapsed()) * 1e-6 + m_paintMs;
        const int factor = m_training ? kTrainingCostFactor : kCostFactor;
        m_timer->setInterval(std::max(kMinIntervalMs, static_cast<int>(factor * cost)));
    }
    m_paintMs = 0.0;
    emit ticked();
}

} // namespace bitlab::ui
