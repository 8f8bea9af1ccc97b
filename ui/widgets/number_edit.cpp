#include "ui/widgets/number_edit.h"

#include <cmath>
#include <limits>

namespace bitlab::ui {

NumberEdit::NumberEdit(double minimum, double maximum, QWidget* parent)
    : QLineEdit(parent), m_min(minimum), m_max(maximum)
{
    setMaximumWidth(140);
    connect(this, &QLineEdit::textEdited, this, [this] {
        check();
        if (isValid())
            emit valueEdited(value());
    });
}

double NumberEdit::value() const
{
    bool ok = false;
    const double v = text().trimmed().toDouble(&ok);
    return ok ? v : std::numeric_limits<double>::quiet_NaN();
}

bool NumberEdit::isValid() const
{
    const double v = value();
    return std::isfinite(v) && v <= m_max && (m_exclusive ? v > m_min : v >= m_min);
}

void NumberEdit::setValue(double value)
{
    setText(QString::number(value, 'g', 12));
    check();
}

void NumberEdit::setHelp(const QString& help)
{
    m_help = help;
    check();
}

void NumberEdit::check()
{
    const bool ok = isValid();
    setStyleSheet(ok ? QString() : QStringLiteral("QLineEdit { background: #fde2e2; }"));
    QString tip = m_help;
    if (!ok)
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n\n"))
               + tr("Enter a number from %1 to %2%3.")
                     .arg(m_min)
                     .arg(m_max)
                     .arg(m_exclusive ? tr(", larger than %1").arg(m_min) : QString());
    setToolTip(tip);
}

} // namespace bitlab::ui
