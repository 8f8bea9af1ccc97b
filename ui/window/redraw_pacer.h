#pragma once
// RedrawPacer: when the views redraw. Records arrive at any rate; the pacer's timer ticks
// at most ~30 times a second and, when something changed (markDirty), asks for a redraw
// (redrawDue, connected directly so that its cost is measured). Qt paints what changed in
// its own events right after (the window's UpdateRequests, measured with timePaint()), so
// the UI thread is never blocked for refresh and paint in one go. The next frame waits at
// least twice as long as this one cost (refresh + every paint since the last tick: a chart
// paints in several updates, and the status bar in its own), keeping the UI thread at most
// a third busy with drawing however heavy the charts get. While training runs at full speed
// (setTrainingAtFullSpeed) the next frame waits five times the cost: the UI thread draws at
// most a sixth of the time, since every core it takes is a core training waits for.

#include <QElapsedTimer>
#include <QObject>

class QTimer;

namespace bitlab::ui {

class RedrawPacer : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinIntervalMs = 33; // at most ~30 redraws per second

    explicit RedrawPacer(QObject* parent = nullptr);

    // The UI thread's share for drawing: a third (cost x 3 per frame), a sixth while
    // training runs at full speed (cost x 6).
    static constexpr int kCostFactor = 3;
    static constexpr int kTrainingCostFactor = 6;
    void setTrainingAtFullSpeed(bool on) { m_training = on; }
    bool trainingAtFullSpeed() const { return m_training; }
    // When the next tick comes after the last one, in ms.
    int intervalMs() const;

    void markDirty() { m_dirty = true; }
    void markClean() { m_dirty = false; }
    void stop();

    // Runs the window's paint (`paint()` returns its result) and adds what it cost to the
    // paints since the last tick.
    template <typename Paint> auto timePaint(Paint&& paint)
    {
        QElapsedTimer timer;
        timer.start();
        auto result = paint();
        m_paintMs += static_cast<double>(timer.nsecsElapsed()) * 1e-6;
        return result;
    }

signals:
    // Something changed since the last redraw: redraw now (a direct connection).
    void redrawDue();
    // Every tick, dirty or not (the status bar's clock).
    void ticked();

private:
    void onTimer();

    QTimer* m_timer = nullptr;
    bool m_dirty = false;
    double m_paintMs = 0.0; // the window's paints since the last tick
    bool m_training = false;
};

} // namespace bitlab::ui
