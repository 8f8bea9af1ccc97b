#include "ui/widgets/field_edit.h"

#include <QLocale>

namespace bitlab::ui {

FieldEdit::FieldEdit(FieldType type, Range range, bool optional, QWidget* parent)
    : QLineEdit(parent)
    , m_type(type)
    , m_range(range)
    , m_optional(optional)
{
    setMaximumWidth(160);
    if (optional)
        setPlaceholderText(tr("auto"));
    connect(this, &QLineEdit::textEdited, this, [this] {
        check();
        emit edited();
    });
}

void FieldEdit::setRange(const Range& range)
{
    m_range = range;
    check();
}

void FieldEdit::setValue(const FieldValue& value)
{
    if (const auto* i = std::get_if<std::int64_t>(&value))
        setText(QString::number(*i));
    else if (const auto* d = std::get_if<double>(&value))
        setText(QString::number(*d, 'g', QLocale::FloatingPointShortest));
    else
        clear();
    check();
}

std::optional<FieldValue> FieldEdit::value() const
{
    const QString t = text().trimmed();
    if (t.isEmpty())
        return m_optional ? std::optional<FieldValue>(FieldValue {}) : std::nullopt;
    bool ok = false;
    if (m_type == FieldType::Integer) {
        const qlonglong i = t.toLongLong(&ok);
        if (ok && m_range.contains(static_cast<double>(i)))
            return FieldValue(static_cast<std::int64_t>(i));
        return std::nullopt;
    }
    const double d = t.toDouble(&ok);
    if (ok && m_range.contains(d))
        return FieldValue(d);
    return std::nullopt;
}

void FieldEdit::setHelp(const QString& help)
{
    m_help = help;
    check();
}

void FieldEdit::check()
{
    const bool ok = isValid();
    setStyleSheet(ok ? QString() : QStringLiteral("QLineEdit { background: #fde2e2; }"));
    QString tip = m_help;
    if (!ok)
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n\n"))
            + (m_type == FieldType::Integer ? tr("Enter an integer %1.") : tr("Enter a number %1."))
                  .arg(QString::fromStdString(m_range.text()));
    setToolTip(tip);
}

} // namespace bitlab::ui
