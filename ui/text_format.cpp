#include "ui/text_format.h"

#include <cmath>

namespace bitlab::ui {

QString formatNumber(double value, int digits)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const double a = std::abs(value);
    if (a == 0.0 || (a >= 1e-3 && a < 1e5))
        return QString::number(value, 'g', digits);
    QString text = QString::number(value, 'e', digits - 1); // "1.250e-04"
    const qsizetype e = text.indexOf(QLatin1Char('e'));
    qsizetype end = e;
    while (end > 0 && text[end - 1] == QLatin1Char('0'))
        --end;
    if (end > 0 && text[end - 1] == QLatin1Char('.'))
        --end;
    return text.remove(end, e - end);
}

QString formatPercent(double share)
{
    return std::isfinite(share) ? QStringLiteral("%1%").arg(100.0 * share, 0, 'f', 1)
                                : QStringLiteral("–");
}

} // namespace bitlab::ui
