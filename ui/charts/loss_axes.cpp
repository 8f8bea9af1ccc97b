#include "ui/charts/loss_axes.h"

#include "ui/charts/curve_layer.h"
#include "ui/charts/round_ticks.h"
#include "ui/charts/y_axis_pair.h"

#include <QtCharts/QChart>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace bitlab::ui {

namespace {
constexpr double kPixelsPerXTick = 110.0; // a zoomed axis's round ticks: about this far apart
constexpr double kPixelsPerYTick = 45.0;
} // namespace

LossAxes::LossAxes(QChart* chart, QObject* parent)
    : QObject(parent)
    , m_chart(chart)
{
    m_x = new QValueAxis(chart);
    m_x->setTitleText(tr("step"));
    m_x->setLabelFormat(QStringLiteral("%g"));
    chart->addAxis(m_x, Qt::AlignBottom);
    m_y = std::make_unique<YAxisPair>(chart, QStringLiteral("%.4g"));
    m_x->setRange(0, 1);
    m_y->linear()->setRange(0, 1);
}

LossAxes::~LossAxes() = default;

QAbstractAxis* LossAxes::y() const
{
    return m_y->current();
}

void LossAxes::setYTitle(const QString& title)
{
    m_y->setTitleText(title);
}

void LossAxes::keepRoundTicks()
{
    ui::keepRoundTicks(m_x, m_chart, Qt::Horizontal, kPixelsPerXTick);
    ui::keepRoundTicks(m_y->linear(), m_chart, Qt::Vertical, kPixelsPerYTick);
}

void LossAxes::follow(CurveLayer* layer, std::function<bool()> logAxis)
{
    m_layer = layer;
    m_logAxis = std::move(logAxis);
    connect(m_x, &QValueAxis::rangeChanged, this, &LossAxes::syncLayer);
    connect(m_y->linear(), &QValueAxis::rangeChanged, this, &LossAxes::syncLayer);
    connect(m_y->log(), &QLogValueAxis::rangeChanged, this, &LossAxes::syncLayer);
}

void LossAxes::use(bool log, const QList<QAbstractSeries*>& series)
{
    m_y->use(log, series);
    syncLayer();
}

void LossAxes::syncLayer()
{
    if (m_logAxis())
        m_layer->setRange(m_x->min(), m_x->max(), m_y->log()->min(), m_y->log()->max(), true);
    else
        m_layer->setRange(
            m_x->min(), m_x->max(), m_y->linear()->min(), m_y->linear()->max(), false);
}

void LossAxes::forgetLinearRange()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m_yLinearWanted = { nan, nan }; // unequal to anything: the next fit sets the range
}

void LossAxes::keepZoom(bool log)
{
    // The zoomed range as dragged, with round ticks.
    applyRoundTicks(m_x, m_chart->plotArea().width(), kPixelsPerXTick);
    if (log) {
        // A log axis labels only powers of ten: a zoom keeps whole decades in y (two
        // labels at least), the x range as dragged.
        const auto [lo, hi] = YAxisPair::decades(m_y->log()->min(), m_y->log()->max());
        m_y->log()->setRange(lo, hi);
    } else {
        applyRoundTicks(m_y->linear(), m_chart->plotArea().height(), kPixelsPerYTick);
    }
    forgetLinearRange();
}

void LossAxes::fit(double xMin, double xMax, double yMin, double yMax, bool log, bool accuracy)
{
    if (!std::isfinite(yMin)) {
        yMin = log ? 0.1 : 0.0;
        yMax = 1.0;
    }
    double lo = 0, hi = 0;
    int accuracyTicks = 0;
    if (log) {
        // Whole decades (a log axis labels only powers of ten): keep two in view.
        std::tie(lo, hi) = YAxisPair::decades(yMin / 1.2, yMax * 1.2);
    } else if (accuracy) {
        // From a round value below the lowest accuracy to exactly 1, ticks 0.01, 0.02,
        // 0.05, 0.1 or 0.2 apart (at most 11 of them).
        const double low = std::clamp(yMin, 0.0, 1.0);
        double step = 0.2;
        for (const double candidate : { 0.01, 0.02, 0.05, 0.1 })
            if ((1.0 - std::floor(low / candidate - 1e-9) * candidate) / candidate <= 10.5) {
                step = candidate;
                break;
            }
        lo = std::max(0.0, std::floor(low / step - 1e-9) * step);
        hi = 1.0;
        accuracyTicks = static_cast<int>(std::lround((hi - lo) / step)) + 1;
    } else {
        const double span = yMax > yMin ? yMax - yMin : std::max(std::abs(yMax), 1.0);
        lo = yMin - 0.04 * span;
        hi = yMax + 0.04 * span;
        if (yMin >= 0 && lo < 0)
            lo = 0;
    }
    // Whole ranges get Qt's fixed tick count again (before they widen: see round_ticks.h).
    useFixedTicks(m_x);
    useFixedTicks(m_y->linear());
    // Qt Charts lays out the axes and the grid anew on every range change: only real ones.
    if (m_x->min() != xMin || m_x->max() != xMax)
        m_x->setRange(xMin, xMax);
    if (log) {
        if (m_y->log()->min() != lo || m_y->log()->max() != hi)
            m_y->log()->setRange(lo, hi);
    } else if (m_yLinearWanted != std::make_pair(lo, hi)) {
        m_yLinearWanted = { lo, hi };
        m_y->linear()->setRange(lo, hi);
        if (accuracyTicks > 0)
            m_y->linear()->setTickCount(accuracyTicks);
        else
            m_y->linear()->applyNiceNumbers();
    }
}

} // namespace bitlab::ui
