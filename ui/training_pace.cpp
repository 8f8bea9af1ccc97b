#include "ui/training_pace.h"

#include <algorithm>
#include <cmath>

namespace bitlab::ui {

Pace Pace::stepsPerSecond(double rate)
{
    return rate > 0.0 ? Pace { Kind::StepsPerSecond, rate } : full();
}

double Pace::speedFor(qint64 totalSteps) const
{
    switch (kind) {
    case Kind::Full:
        return 0.0;
    case Kind::StepsPerSecond:
        return rate;
    case Kind::Watch: {
        const double watched = static_cast<double>(std::max<qint64>(totalSteps, 1)) / kWatchSeconds;
        return watched > kWatchMaxRate ? 0.0 : std::max(watched, 0.5);
    }
    }
    return 0.0;
}

QString Pace::label() const
{
    switch (kind) {
    case Kind::Watch:
        return tr("Watch (a run in about %1 s)").arg(kWatchSeconds);
    case Kind::Full:
        return tr("Full speed");
    case Kind::StepsPerSecond:
        return rateText(rate);
    }
    return {};
}

QList<Pace> Pace::menu()
{
    QList<Pace> paces { watch(), full() };
    for (double v : { 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 1000.0 })
        paces << stepsPerSecond(v);
    return paces;
}

QString Pace::rateText(double rate)
{
    if (!(rate > 0.0))
        return tr("– steps/s");
    const double whole = std::round(rate);
    if (whole == 1.0)
        return tr("1 step/s");
    return tr("%L1 steps/s").arg(whole, 0, 'f', 0);
}

} // namespace bitlab::ui
