#include "ui/views/fit_view.h"

#include "core/model/model_registry.h"
#include "ui/live_snapshot.h"
#include "ui/run_palette.h"
#include "ui/text_format.h"
#include "ui/views/axis_ticks.h"
#include "ui/widgets/experiment_panel.h"

#include <QCheckBox>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

namespace {

constexpr double kLeft = 78; // tick labels and the vertical axis title
constexpr double kBottom = 52; // tick labels and the horizontal axis title
constexpr double kTop = 34; // the title
constexpr double kLegendWidth = 250;
constexpr double kPickRadius = 6; // px: a tooltip names a point this close

const QColor kDataColor(0x4a, 0x4f, 0x55);

bool finite(double v)
{
    return std::isfinite(v);
}

// "y = 3.012·x + 2.49" from the line's value at two abscissae.
QString lineText(double xa, double ya, double xb, double yb)
{
    const double slope = (yb - ya) / (xb - xa);
    const double intercept = ya - slope * xa;
    if (!finite(slope) || !finite(intercept))
        return {};
    const QString sign = intercept < 0 ? QStringLiteral("−") : QStringLiteral("+");
    return QStringLiteral("y = %1·x %2 %3")
        .arg(formatNumber(slope), sign, formatNumber(std::abs(intercept)));
}

} // namespace

FitView::FitView(QWidget* parent)
    : PictureView(parent)
{
    m_points = new QCheckBox(tr("Data points"), this);
    m_points->setObjectName(QStringLiteral("fitPoints"));
    m_points->setChecked(true);
    m_points->setToolTip(tr("Show the dataset's rows (filled: training, hollow: test)"));
    controls()->insertWidget(0, m_points);
    connect(m_points, &QCheckBox::toggled, this, [this] { redraw(); });
    updateControls();
}

void FitView::updateControls()
{
    const bool regression = hasExperiment() && info().task == Task::Regression;
    m_points->setVisible(regression);
    setPickerVisible(regression && !info().fit.curve());
}

quint32 FitView::snapshotParts() const
{
    return kSnapshotFit;
}

void FitView::refresh(const RunHistory& history, bool force)
{
    PictureView::refresh(history, force);
    updateControls(); // a Reset or another experiment drops the experiment's controls
}

void FitView::setExperimentPanel(const ExperimentPanel* panel)
{
    m_panel = panel;
    if (panel)
        connect(panel, &ExperimentPanel::specChanged, this, [this] {
            if (!hasExperiment())
                redraw();
        });
}

void FitView::setExperiment(const ExperimentInfo& info)
{
    PictureView::setExperiment(info);
    updateControls(); // curves draw every run; predicted against actual compares two
}

void FitView::setPointsVisible(bool visible)
{
    m_points->setChecked(visible);
}

QString FitView::beforeRun() const
{
    const std::optional<Task> task = m_panel ? m_panel->task() : std::nullopt;
    if (m_panel && !m_panel->datasetError().isEmpty())
        return tr("The dataset cannot be loaded (the panel says why): there is nothing to "
                  "draw until it is fixed.");
    if (task && *task != Task::Regression)
        return tr("The Fit tab draws a regression: the data and each run's fitted curve. This "
                  "experiment is a classification: its runs are drawn on the Boundary, Classes "
                  "and Images tabs.\n\nFor a fit, try the seed preset (File ▸ Open built-in "
                  "experiment ▸ seed) or a CSV with a numeric target.");
    if (m_panel && !m_panel->problem().isEmpty())
        return tr("The experiment cannot run yet: %1").arg(m_panel->problem());
    return tr("Run the experiment (F5): the data appear here with each run's fitted curve "
              "(one feature) or its predictions against the targets (more features), live "
              "while it trains.");
}

QString FitView::notApplicable() const
{
    if (info().task != Task::Regression)
        return tr("The Fit tab draws a regression: the data and each run's fitted curve. This "
                  "experiment is a classification (%1 classes): its runs are drawn on the "
                  "Boundary, Classes and Images tabs.\n\nFor a fit, try the seed preset (File ▸ "
                  "Open built-in experiment ▸ seed) or a CSV with a numeric target.")
            .arg(info().classes);
    if (info().fit.empty() || !predictions(0))
        return tr("The fitted curves appear with the first snapshot of the runs.");
    return {};
}

QString FitView::pictureTitle() const
{
    if (info().fit.curve())
        return tr("%1 against %2: the data and each run's fit")
            .arg(info().targetName,
                info().featureNames.empty() ? QStringLiteral("x") : info().featureNames[0]);
    return tr("Predicted against actual %1").arg(info().targetName);
}

const std::vector<double>* FitView::predictions(int run) const
{
    const LiveSnapshot* snap = snapshot();
    if (!snap || run < 0 || run >= static_cast<int>(snap->fit.size()))
        return nullptr;
    const std::vector<double>& v = snap->fit[static_cast<std::size_t>(run)];
    const std::size_t expected
        = info().fit.curve() ? info().fit.curveX.size() : info().fit.rowY.size();
    return v.size() == expected ? &v : nullptr;
}

std::vector<int> FitView::drawnRuns() const
{
    std::vector<int> runs;
    const int n = static_cast<int>(info().runNames.size());
    if (info().fit.curve()) {
        for (int i = 0; i < n; ++i)
            runs.push_back(i);
    } else if (n > 0) {
        runs.push_back(0);
        if (comparedRun() > 0)
            runs.push_back(comparedRun());
    }
    return runs;
}

double FitView::curveAt(int run, double x) const
{
    const std::vector<double>* v = predictions(run);
    const std::vector<double>& xs = info().fit.curveX;
    if (!v || xs.size() < 2 || !(x >= xs.front() && x <= xs.back()))
        return std::numeric_limits<double>::quiet_NaN();
    const auto hi = std::upper_bound(xs.begin(), xs.end(), x);
    const auto i = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(
        hi - xs.begin() - 1, 0, static_cast<std::ptrdiff_t>(xs.size()) - 2));
    const double t = (x - xs[i]) / (xs[i + 1] - xs[i]);
    return (*v)[i] + t * ((*v)[i + 1] - (*v)[i]);
}

QString FitView::runDetail(int run) const
{
    const std::vector<double>* v = predictions(run);
    if (!v || v->empty())
        return {};
    const FitFrame& f = info().fit;
    if (f.curve()) {
        const ModelInfo* model = findModel(info().spec.model.kind);
        if (!model || !model->affine)
            return {};
        return lineText(f.curveX.front(), v->front(), f.curveX.back(), v->back());
    }
    // R² over the test rows drawn (the training rows without a test split).
    const bool anyTest
        = std::find(f.rowIsTest.begin(), f.rowIsTest.end(), true) != f.rowIsTest.end();
    double mean = 0;
    int n = 0;
    for (std::size_t i = 0; i < f.rowY.size(); ++i)
        if (f.rowIsTest[i] == anyTest) {
            mean += f.rowY[i];
            ++n;
        }
    if (n == 0)
        return {};
    mean /= n;
    double ssRes = 0, ssTot = 0;
    for (std::size_t i = 0; i < f.rowY.size(); ++i)
        if (f.rowIsTest[i] == anyTest) {
            ssRes += ((*v)[i] - f.rowY[i]) * ((*v)[i] - f.rowY[i]);
            ssTot += (f.rowY[i] - mean) * (f.rowY[i] - mean);
        }
    const double r2 = ssTot > 0 ? 1.0 - ssRes / ssTot : std::numeric_limits<double>::quiet_NaN();
    return anyTest ? tr("R² %1 on the test rows").arg(formatNumber(r2))
                   : tr("R² %1 on the training rows").arg(formatNumber(r2));
}

QPointF FitView::Frame::map(double x, double y) const
{
    return { plot.left() + (x - x0) / (x1 - x0) * plot.width(),
        plot.bottom() - (y - y0) / (y1 - y0) * plot.height() };
}

FitView::Frame FitView::frame(const QRectF& area) const
{
    Frame f;
    const FitFrame& fit = info().fit;
    const bool curve = fit.curve();
    // The data's range; the runs' values widen it by at most the data's own span on each
    // side (a run far off the data still shows where it heads, without squashing the data).
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double y : fit.rowY)
        if (finite(y)) {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
    if (!(hi >= lo)) {
        lo = 0;
        hi = 1;
    }
    const double span = hi > lo ? hi - lo : std::max(1.0, std::abs(lo));
    double plo = lo, phi = hi;
    for (int run : drawnRuns())
        if (const std::vector<double>* v = predictions(run))
            for (double y : *v)
                if (finite(y)) {
                    plo = std::min(plo, std::max(y, lo - span));
                    phi = std::max(phi, std::min(y, hi + span));
                }
    const double pad = 0.06 * (phi - plo > 0 ? phi - plo : span);
    f.y0 = plo - pad;
    f.y1 = phi + pad;
    if (curve) {
        f.x0 = fit.curveX.front();
        f.x1 = fit.curveX.back();
    } else {
        // Predicted against actual on one scale, so the diagonal is y = x at 45 degrees.
        f.x0 = f.y0;
        f.x1 = f.y1;
    }
    const double legendWidth = std::min(kLegendWidth, area.width() * 0.32);
    QRectF avail(area.left() + kLeft, area.top() + kTop, area.width() - kLeft - legendWidth - 28,
        area.height() - kTop - kBottom - 22);
    if (!curve) {
        const double side = std::min(avail.width(), avail.height());
        avail.setSize(QSizeF(side, side));
    }
    f.plot = avail;
    f.legend
        = QRectF(f.plot.right() + 20, area.top() + kTop, legendWidth, area.height() - kTop - 10);
    return f;
}

QPointF FitView::pixelOf(double x, double y, const QSizeF& size) const
{
    return frame(QRectF(QPointF(0, 0), size)).map(x, y);
}

QString FitView::axisTitle(bool vertical) const
{
    const QString target = info().targetName.isEmpty() ? QStringLiteral("y") : info().targetName;
    if (info().fit.curve())
        return vertical
            ? target
            : (info().featureNames.empty() ? QStringLiteral("x") : info().featureNames[0]);
    return vertical ? tr("predicted %1").arg(target) : tr("actual %1").arg(target);
}

void FitView::paintPicture(QPainter& p, const QRectF& area) const
{
    const FitFrame& fit = info().fit;
    const Frame f = frame(area);
    const bool curve = fit.curve();
    const QFontMetricsF fm(p.font());

    // Title.
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QRectF(area.left() + 12, area.top() + 6, area.width() - 24, 22),
        Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(bold).elidedText(pictureTitle(), Qt::ElideRight, area.width() - 24));
    QFont normal = bold;
    normal.setBold(false);
    p.setFont(normal);

    // Grid and ticks.
    const auto xTicks = niceTicks(f.x0, f.x1, std::max(2, int(f.plot.width() / 90)));
    const auto yTicks = niceTicks(f.y0, f.y1, std::max(2, int(f.plot.height() / 55)));
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(QColor(0xe6, 0xe8, 0xeb), 1));
    for (double x : xTicks)
        p.drawLine(
            QPointF(f.map(x, 0).x(), f.plot.top()), QPointF(f.map(x, 0).x(), f.plot.bottom()));
    for (double y : yTicks)
        p.drawLine(
            QPointF(f.plot.left(), f.map(0, y).y()), QPointF(f.plot.right(), f.map(0, y).y()));
    p.setPen(QPen(QColor(0x8a, 0x92, 0x9a), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(f.plot);
    p.restore();
    p.setPen(QColor(0x3a, 0x42, 0x4a));
    for (double x : xTicks) {
        const double px = f.map(x, 0).x();
        p.drawLine(QPointF(px, f.plot.bottom()), QPointF(px, f.plot.bottom() + 4));
        const QString s = formatNumber(x);
        p.drawText(QPointF(px - fm.horizontalAdvance(s) / 2, f.plot.bottom() + 7 + fm.ascent()), s);
    }
    for (double y : yTicks) {
        const double py = f.map(0, y).y();
        p.drawLine(QPointF(f.plot.left() - 4, py), QPointF(f.plot.left(), py));
        const QString s = formatNumber(y);
        p.drawText(
            QPointF(f.plot.left() - 8 - fm.horizontalAdvance(s), py + fm.ascent() / 2 - 1), s);
    }
    p.drawText(QRectF(f.plot.left(), f.plot.bottom() + 26, f.plot.width(), 20), Qt::AlignCenter,
        axisTitle(false));
    p.save();
    p.translate(area.left() + 16, f.plot.center().y());
    p.rotate(-90);
    p.drawText(
        QRectF(-f.plot.height() / 2, -10, f.plot.height(), 20), Qt::AlignCenter, axisTitle(true));
    p.restore();

    p.save();
    p.setClipRect(f.plot.adjusted(1, 1, -1, -1));
    if (!curve) {
        // The diagonal: a prediction on it is exact.
        p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1.2, Qt::DashLine));
        p.drawLine(f.map(f.x0, f.x0), f.map(f.x1, f.x1));
    }
    const bool points = m_points->isChecked();
    if (curve && points) {
        for (std::size_t i = 0; i < fit.rowX.size(); ++i) {
            const QPointF c = f.map(fit.rowX[i], fit.rowY[i]);
            if (fit.rowIsTest[i]) {
                p.setPen(QPen(kDataColor, 1.3));
                p.setBrush(Qt::white);
            } else {
                p.setPen(QPen(Qt::white, 0.8));
                p.setBrush(kDataColor);
            }
            p.drawEllipse(c, 3.6, 3.6);
        }
    }
    const std::vector<int> runs = drawnRuns();
    if (curve) {
        // float64 wide underneath, the twins on top: a twin that matches it leaves a rim.
        for (int run : runs) {
            const std::vector<double>* v = predictions(run);
            if (!v)
                continue;
            QPainterPath path;
            bool open = false;
            for (std::size_t i = 0; i < v->size(); ++i) {
                const double y = (*v)[i];
                if (!finite(y)) {
                    open = false;
                    continue;
                }
                // Keep far-off values drawable: clip in data space to a band around the view.
                const double band = 10 * (f.y1 - f.y0);
                const QPointF c = f.map(fit.curveX[i], std::clamp(y, f.y0 - band, f.y1 + band));
                if (open)
                    path.lineTo(c);
                else
                    path.moveTo(c);
                open = true;
            }
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(RunPalette::color(run), run == 0 ? 5.0 : 2.2, Qt::SolidLine, Qt::RoundCap,
                Qt::RoundJoin));
            p.drawPath(path);
        }
    } else if (points) {
        for (int run : runs) {
            const std::vector<double>* v = predictions(run);
            if (!v)
                continue;
            QColor c = RunPalette::color(run);
            for (std::size_t i = 0; i < v->size(); ++i) {
                if (!finite((*v)[i]))
                    continue;
                const QPointF at = f.map(fit.rowY[i], (*v)[i]);
                if (fit.rowIsTest[i]) {
                    p.setPen(QPen(c, 1.3));
                    p.setBrush(Qt::white);
                } else {
                    QColor fill = c;
                    fill.setAlphaF(0.75);
                    p.setPen(Qt::NoPen);
                    p.setBrush(fill);
                }
                p.drawEllipse(at, 3.2, 3.2);
            }
        }
    }
    p.restore();

    // Legend: each run's colour, name and line (or R²); then the data's markers.
    double y = f.legend.top() + 4;
    const double textX = f.legend.left() + 34;
    const double textW = f.legend.right() - textX;
    QFont small = normal;
    small.setPointSizeF(normal.pointSizeF() * 0.92);
    const QFontMetricsF fb(bold), fs(small);
    for (int run : runs) {
        const QColor c = RunPalette::color(run);
        const double mid = y + fb.height() / 2;
        if (curve) {
            p.setPen(QPen(c, run == 0 ? 5.0 : 2.2, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(f.legend.left() + 4, mid), QPointF(f.legend.left() + 26, mid));
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawEllipse(QPointF(f.legend.left() + 15, mid), 4, 4);
        }
        p.setFont(bold);
        p.setPen(c.darker(115));
        p.drawText(QRectF(textX, y, textW, fb.height()), Qt::AlignLeft | Qt::AlignVCenter,
            fb.elidedText(runName(run), Qt::ElideRight, textW));
        y += fb.height() + 1;
        const QString detail = runDetail(run);
        if (!detail.isEmpty()) {
            p.setFont(small);
            p.setPen(QColor(0x33, 0x33, 0x33));
            p.drawText(QRectF(textX, y, textW, fs.height()), Qt::AlignLeft | Qt::AlignVCenter,
                fs.elidedText(detail, Qt::ElideRight, textW));
            y += fs.height();
        }
        y += 8;
    }
    const bool anyTest
        = std::find(fit.rowIsTest.begin(), fit.rowIsTest.end(), true) != fit.rowIsTest.end();
    if (points) {
        p.setFont(small);
        y += 4;
        const QColor dot = curve ? kDataColor : QColor(0x66, 0x66, 0x66);
        p.setPen(QPen(Qt::white, 0.8));
        p.setBrush(dot);
        p.drawEllipse(QPointF(f.legend.left() + 15, y + fs.height() / 2), 3.6, 3.6);
        p.setPen(QColor(0x33, 0x33, 0x33));
        p.drawText(QRectF(textX, y, textW, fs.height()), Qt::AlignLeft | Qt::AlignVCenter,
            tr("training row"));
        y += fs.height() + 4;
        if (anyTest) {
            p.setPen(QPen(dot, 1.3));
            p.setBrush(Qt::white);
            p.drawEllipse(QPointF(f.legend.left() + 15, y + fs.height() / 2), 3.6, 3.6);
            p.setPen(QColor(0x33, 0x33, 0x33));
            p.drawText(QRectF(textX, y, textW, fs.height()), Qt::AlignLeft | Qt::AlignVCenter,
                tr("test row"));
            y += fs.height() + 4;
        }
    }
    if (!curve) {
        p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1.2, Qt::DashLine));
        p.drawLine(QPointF(f.legend.left() + 4, y + fs.height() / 2),
            QPointF(f.legend.left() + 26, y + fs.height() / 2));
        p.setPen(QColor(0x33, 0x33, 0x33));
        p.drawText(QRectF(textX, y, textW, fs.height()), Qt::AlignLeft | Qt::AlignVCenter,
            tr("y = x: exact"));
        y += fs.height() + 4;
    }
    // What is not drawn.
    p.setFont(small);
    p.setPen(QColor(0x55, 0x55, 0x55));
    QStringList notes;
    if (info().rows > static_cast<std::int64_t>(fit.rowY.size()))
        notes << tr("The first %1 of %2 rows are drawn.").arg(fit.rowY.size()).arg(info().rows);
    if (!curve)
        notes << tr("Above the diagonal a run predicts too high, below it too low.");
    if (!notes.isEmpty())
        p.drawText(QRectF(f.legend.left(), y + 8, f.legend.width(), f.legend.bottom() - y - 8),
            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, notes.join(QLatin1Char('\n')));
}

QString FitView::explain(const QPointF& pos, const QRectF& area) const
{
    const Frame f = frame(area);
    if (!f.plot.contains(pos))
        return {};
    const FitFrame& fit = info().fit;
    const double x = f.x0 + (pos.x() - f.plot.left()) / f.plot.width() * (f.x1 - f.x0);
    // The nearest row within a few pixels.
    int nearest = -1;
    double best = kPickRadius * kPickRadius;
    const bool points = m_points->isChecked();
    const std::vector<int> runs = drawnRuns();
    for (std::size_t i = 0; points && i < fit.rowY.size(); ++i) {
        auto consider = [&](double px, double py) {
            if (!finite(px) || !finite(py))
                return;
            const QPointF c = f.map(px, py);
            const double d
                = (c.x() - pos.x()) * (c.x() - pos.x()) + (c.y() - pos.y()) * (c.y() - pos.y());
            if (d <= best) {
                best = d;
                nearest = static_cast<int>(i);
            }
        };
        if (fit.curve())
            consider(fit.rowX[i], fit.rowY[i]);
        else
            for (int run : runs)
                if (const std::vector<double>* v = predictions(run))
                    consider(fit.rowY[i], (*v)[i]);
    }
    QStringList lines;
    const QString target = info().targetName.isEmpty() ? QStringLiteral("y") : info().targetName;
    if (nearest >= 0) {
        const auto i = static_cast<std::size_t>(nearest);
        const QString split = fit.rowIsTest[i] ? tr("test") : tr("training");
        if (fit.curve())
            lines << tr("Row %1 (%2): %3 = %4, %5 = %6")
                         .arg(nearest + 1)
                         .arg(split, axisTitle(false), formatNumber(fit.rowX[i]), target,
                             formatNumber(fit.rowY[i]));
        else {
            lines << tr("Row %1 (%2): actual %3 = %4")
                         .arg(nearest + 1)
                         .arg(split, target, formatNumber(fit.rowY[i]));
            for (int run : runs)
                if (const std::vector<double>* v = predictions(run))
                    lines << tr("%1 predicts %2").arg(runName(run), formatNumber((*v)[i]));
        }
    }
    if (fit.curve()) {
        lines << tr("At %1 = %2:").arg(axisTitle(false), formatNumber(x));
        for (int run : runs)
            lines << tr("%1 predicts %2").arg(runName(run), formatNumber(curveAt(run, x)));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace bitlab::ui
