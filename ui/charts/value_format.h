#pragma once
// How the charts print a metric value (legends, hover tips): 4 significant digits, or
// 3-decimal scientific notation below 1e-3 and from 1e5 up, "–" for a non-finite value.

#include <QString>
#include <cmath>

namespace bitlab::ui {

inline QString formatChartValue(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("–");
    const double a = std::abs(v);
    if (a != 0.0 && (a < 1e-3 || a >= 1e5))
        return QString::number(v, 'e', 3);
    return QString::number(v, 'g', 4);
}

} // namespace bitlab::ui
