#pragma once
// FieldEdit: a line edit for one number or integer field of a registry table (Field,
// core/common/field.h). It accepts exactly the field's range (open or closed ends, no
// bound where the table has none; integers in full 64 bits), shows values in their
// shortest exact form, and marks an entry outside the range or unreadable instead of
// replacing it, so the panel holds every value the engine accepts and nothing else.
// An optional field (training.record_every) may be left empty: unset, shown as "auto".

#include "core/common/field.h"

#include <QLineEdit>
#include <optional>

namespace bitlab::ui {

class FieldEdit : public QLineEdit {
    Q_OBJECT
public:
    FieldEdit(FieldType type, Range range, bool optional, QWidget* parent = nullptr);

    void setRange(const Range& range);
    void setValue(const FieldValue& value);
    // The value shown, or nullopt when it is unreadable or outside the range.
    std::optional<FieldValue> value() const;
    bool isValid() const { return value().has_value(); }
    // The tooltip; an invalid entry appends the allowed range to it.
    void setHelp(const QString& help);

signals:
    void edited();

private:
    void check();
    FieldType m_type;
    Range m_range;
    bool m_optional;
    QString m_help;
};

} // namespace bitlab::ui
