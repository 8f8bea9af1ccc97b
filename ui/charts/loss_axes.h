#pragma once
// LossAxes: the axes of the Loss chart. x is the step; y is linear or log-10 (YAxisPair),
// and for accuracy linear from a round value to exactly 1. While nobody zoomed, fit() sets
// the ranges from the values drawn (whole decades on a log axis, two at least); after a
// rubber-band zoom the ticks stay round and a log axis keeps whole decades. The chart's
// CurveLayer follows every range change, whoever makes it.

#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <utility>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QValueAxis;

namespace bitlab::ui {

class CurveLayer;
class YAxisPair;

class LossAxes : public QObject {
    Q_OBJECT
public:
    // Adds the axes to `chart`, both ranges [0, 1].
    explicit LossAxes(QChart* chart, QObject* parent = nullptr);
    ~LossAxes() override;

    QValueAxis* x() const { return m_x; }
    // The y axis in use (linear or log).
    QAbstractAxis* y() const;
    void setYTitle(const QString& title);
    // Round ticks after a zoom (Qt's fixed count gave 19.5345, 109.348).
    void keepRoundTicks();
    // `layer` takes every range of the axes; `logAxis` says whether y is drawn log.
    void follow(CurveLayer* layer, std::function<bool()> logAxis);
    // Puts the log (or linear) y axis at the chart's left with `series` attached.
    void use(bool log, const QList<QAbstractSeries*>& series);
    // Hands the layer the ranges now.
    void syncLayer();
    // The next fit() sets the linear y range even when it asks for the same as before.
    void forgetLinearRange();
    // After the user zoomed: round ticks on the range as dragged, whole decades on a log y.
    void keepZoom(bool log);
    // Shows x in [xMin, xMax] and y around the values drawn, [yMin, yMax] (none: infinite):
    // whole decades on a log axis, a round value to 1 for `accuracy`, else 4% margins.
    void fit(double xMin, double xMax, double yMin, double yMax, bool log, bool accuracy);

private:
    QChart* m_chart;
    QValueAxis* m_x = nullptr;
    std::unique_ptr<YAxisPair> m_y;
    CurveLayer* m_layer = nullptr;
    std::function<bool()> m_logAxis;
    // The linear y range last asked for (applyNiceNumbers() widens what the axis reports).
    std::pair<double, double> m_yLinearWanted { 0.0, 0.0 };
};

} // namespace bitlab::ui
