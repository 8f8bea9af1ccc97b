#include "ui/charts/loss_curves.h"

#include "ui/charts/curve_layer.h"

#include <QPen>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <algorithm>

namespace bitlab::ui {

namespace {
constexpr double kMainPen = 2.2; // a run's main curve
constexpr double kRawPen = 1.0; // the faint raw curve behind a smoothed one
} // namespace

void LossCurves::clear(QChart* chart)
{
    for (Run& s : m_runs) {
        chart->removeSeries(s.legend);
        delete s.legend;
    }
    m_runs.clear();
}

void LossCurves::rebuild(
    const RunHistory& history, QChart* chart, QAbstractAxis* x, QAbstractAxis* y, double weight)
{
    m_runs.resize(static_cast<std::size_t>(history.runCount()));
    for (int i = 0; i < history.runCount(); ++i) {
        Run& s = m_runs[static_cast<std::size_t>(i)];
        const QColor color = history.run(i).color;
        s.smoother.setWeight(weight);
        // Drawn in this order: the faint raw curve at the back, the main curve on top.
        QColor faint = color;
        faint.setAlpha(60);
        s.raw = m_layer->addCurve(QPen(faint, kRawPen), false);
        s.test = m_layer->addCurve(QPen(color, 2.0, Qt::DashLine), true);
        s.main = m_layer->addCurve(QPen(color, kMainPen), true);
        s.legend = new QLineSeries;
        s.legend->setPen(QPen(color, kMainPen));
        s.legend->setName(history.run(i).name);
        chart->addSeries(s.legend);
        s.legend->attachAxis(x);
        s.legend->attachAxis(y);
    }
}

QList<QAbstractSeries*> LossCurves::legends() const
{
    QList<QAbstractSeries*> legends;
    for (const Run& s : m_runs)
        legends.append(s.legend);
    return legends;
}

QStringList LossCurves::legendNames() const
{
    QStringList names;
    for (const Run& s : m_runs)
        names << s.legend->name();
    return names;
}

void LossCurves::restart()
{
    for (Run& s : m_runs) {
        s.smoothed.clear();
        s.smoother.reset();
        s.resetDecimators();
    }
}

void LossCurves::setSmoothing(double weight)
{
    for (Run& s : m_runs) {
        s.smoother.setWeight(weight);
        s.smoothed.clear();
        s.resetDecimators();
    }
}

void LossCurves::collect(const RunHistory& history, const Frame& frame,
    std::vector<std::pair<int, const QList<QPointF>*>>& pending,
    const std::function<void(const QList<QPointF>&)>& extend)
{
    static const QList<QPointF> kNone;
    const double xMin = frame.xMin, xMax = frame.xMax;
    const int columns = frame.columns;
    const bool log = frame.log;
    for (int i = 0; i < history.runCount(); ++i) {
        Run& s = m_runs[static_cast<std::size_t>(i)];
        const RunTrace& run = history.run(i);
        if (frame.learned) {
            // The learned parameters instead of the run's loss curves.
            for (int c : { s.main, s.raw, s.test })
                pending.emplace_back(c, &kNone);
            collectLearned(s, run, frame, pending, extend);
            continue;
        }
        for (int c : s.learned)
            pending.emplace_back(c, &kNone);
        const MetricTrace& mainT = run.metric(frame.main);
        const MetricTrace& testT = run.metric(frame.test);
        const QList<QPointF>* mainPts = nullptr;
        const QList<QPointF>* rawPts = &kNone;
        if (mainT.compactions != s.mainCompactions || testT.compactions != s.testCompactions
            || mainT.meanCompactions != s.meanCompactions) {
            s.mainCompactions = mainT.compactions;
            s.testCompactions = testT.compactions;
            s.meanCompactions = mainT.meanCompactions;
            s.smoothed.clear();
            s.smoother.reset();
            s.resetDecimators();
        }
        if (frame.smoothed) {
            // The smoothed metrics keep their history as group means too (RunHistory): the
            // same values as the trace until it first halves, its groups' means after.
            const std::vector<double>& x = mainT.meanSteps;
            const std::vector<double>& v = mainT.means;
            if (s.smoothed.size() > v.size()) {
                s.smoothed.clear();
                s.smoother.reset();
                s.mainDecimator.reset();
            }
            s.smoother.extend(v, s.smoothed);
            // The smoothed curve changes little within 2 px: 2 px buckets are enough.
            mainPts = &s.mainDecimator.update(
                x.data(), s.smoothed.data(), v.size(), xMin, xMax, std::max(1, columns / 2), log);
            rawPts = &s.rawDecimator.update(
                mainT.steps.data(), mainT.values.data(), mainT.size(), xMin, xMax, columns, log);
        } else {
            mainPts = &s.mainDecimator.update(
                mainT.steps.data(), mainT.values.data(), mainT.size(), xMin, xMax, columns, log);
        }
        // The test curve is dashed (8 px dashes): detail finer than 4 px columns cannot show,
        // and Qt's dasher costs per vertex, so it gets a quarter of the buckets.
        const QList<QPointF>& testPts = s.testDecimator.update(testT.steps.data(),
            testT.values.data(), testT.size(), xMin, xMax, std::max(1, columns / 4), log);
        extend(frame.smoothed ? *rawPts : *mainPts);
        extend(testPts);
        pending.emplace_back(s.main, mainPts);
        pending.emplace_back(s.raw, rawPts);
        pending.emplace_back(s.test, &testPts);
    }
}

void LossCurves::collectLearned(Run& s, const RunTrace& t, const Frame& frame,
    std::vector<std::pair<int, const QList<QPointF>*>>& pending,
    const std::function<void(const QList<QPointF>&)>& extend)
{
    // Parameters appear with the run's first record: their curves are made then, told
    // apart by the dash pattern (solid, dashes, dots, dash-dot, ...) in the run's colour.
    static const std::vector<QList<qreal>> kDashes { {}, { 6, 3 }, { 1.5, 2.5 },
        { 6, 2.5, 1.5, 2.5 }, { 10, 3 }, { 3, 3 } };
    while (s.learned.size() < t.learned.size()) {
        const std::size_t k = s.learned.size();
        QPen pen(t.color, 1.8);
        if (!kDashes[k % kDashes.size()].isEmpty())
            pen.setDashPattern(kDashes[k % kDashes.size()]);
        s.learned.push_back(m_layer->addCurve(pen, true));
        s.learnedDecimators.emplace_back();
        s.learnedCompactions.push_back(0);
    }
    for (std::size_t k = 0; k < t.learned.size(); ++k) {
        const MetricTrace& trace = t.learned[k];
        if (trace.compactions != s.learnedCompactions[k]) {
            s.learnedCompactions[k] = trace.compactions;
            s.learnedDecimators[k].reset();
        }
        const QList<QPointF>& pts = s.learnedDecimators[k].update(trace.steps.data(),
            trace.values.data(), trace.size(), frame.xMin, frame.xMax, frame.columns, frame.log);
        extend(pts);
        pending.emplace_back(s.learned[k], &pts);
    }
}

int LossCurves::curve(int run, int which) const
{
    if (run < 0 || run >= size())
        return -1;
    const Run& s = m_runs[static_cast<std::size_t>(run)];
    return which == 0 ? s.main : which == 1 ? s.raw : s.test;
}

int LossCurves::runOf(int curve, bool* test) const
{
    for (std::size_t r = 0; r < m_runs.size(); ++r) {
        if (m_runs[r].main == curve || m_runs[r].test == curve) {
            *test = m_runs[r].test == curve;
            return static_cast<int>(r);
        }
    }
    return -1;
}

bool LossCurves::learnedOf(int curve, int* run, std::size_t* k) const
{
    bool found = false;
    for (std::size_t r = 0; r < m_runs.size(); ++r) {
        const auto& ids = m_runs[r].learned;
        const auto at = std::find(ids.begin(), ids.end(), curve);
        if (at != ids.end()) {
            *run = static_cast<int>(r);
            *k = static_cast<std::size_t>(at - ids.begin());
            found = true;
        }
    }
    return found;
}

QString LossCurves::learnedName(const RunHistory& history, int run, std::size_t k)
{
    const auto& weights = history.snapshot().weights;
    if (run >= 0 && static_cast<std::size_t>(run) < weights.size()
        && k < weights[static_cast<std::size_t>(run)].learned.size())
        return QString::fromStdString(weights[static_cast<std::size_t>(run)].learned[k].name);
    // A reopened session has no snapshot: the names saved with the traces.
    if (run >= 0 && run < history.runCount()) {
        const auto& names = history.run(run).learnedNames;
        if (k < names.size())
            return names[k];
    }
    return QStringLiteral("#%1").arg(k);
}

} // namespace bitlab::ui
