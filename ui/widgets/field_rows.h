#pragma once
// FieldRows: the rows of a form built from a registry's field table (optimizerFields(),
// trainingFields(), ...): a check box for a flag, a FieldEdit for a number, each with the
// table's label and help in the UI language and exactly the table's range. A field the
// table gains shows up here without touching the form. Rows of fields the current spec
// does not read (Field::applies) are hidden.

#include "core/common/field.h"
#include "ui/core_text.h"
#include "ui/widgets/field_edit.h"

#include <QCheckBox>
#include <QFormLayout>
#include <functional>
#include <vector>

namespace bitlab::ui {

template <class Spec> class FieldRows {
public:
    // Adds one row per field to `form`; `edited` runs after every user edit.
    FieldRows(const std::vector<Field<Spec>>& fields, QFormLayout* form, QWidget* parent,
        const std::function<void()>& edited)
        : m_form(form)
    {
        for (const Field<Spec>& f : fields) {
            Row row { &f, nullptr, nullptr };
            const QString label = CoreText::text(f.label);
            const QString help = CoreText::text(f.help);
            if (f.type == FieldType::Boolean) {
                row.check = new QCheckBox(label, parent);
                row.check->setToolTip(help);
                row.check->setObjectName(QString::fromStdString(f.key));
                QObject::connect(row.check, &QCheckBox::toggled, parent, [edited] { edited(); });
                form->addRow(row.check);
            } else {
                row.edit = new FieldEdit(f.type, f.range, f.optional, parent);
                row.edit->setHelp(help);
                row.edit->setObjectName(QString::fromStdString(f.key));
                QObject::connect(row.edit, &FieldEdit::edited, parent, [edited] { edited(); });
                form->addRow(label, row.edit);
            }
            m_rows.push_back(row);
        }
    }

    // Shows spec's values (and the ranges that depend on it).
    void write(const Spec& spec)
    {
        for (const Row& r : m_rows) {
            const FieldValue v = r.field->get(spec);
            if (r.check) {
                r.check->setChecked(std::get_if<bool>(&v) && *std::get_if<bool>(&v));
            } else {
                r.edit->setRange(r.field->rangeOf(spec));
                r.edit->setValue(v);
            }
        }
    }
    // Takes the valid values shown into spec (an invalid entry leaves its field as it was).
    void read(Spec& spec) const
    {
        for (const Row& r : m_rows) {
            if (r.check)
                r.field->set(spec, FieldValue(r.check->isChecked()));
            else if (const auto v = r.edit->value())
                r.field->set(spec, *v);
        }
    }
    // Hides the rows spec does not read; ranges follow spec.
    void refresh(const Spec& spec)
    {
        for (const Row& r : m_rows) {
            QWidget* w = r.check ? static_cast<QWidget*>(r.check) : r.edit;
            m_form->setRowVisible(w, r.field->appliesTo(spec));
            if (r.edit)
                r.edit->setRange(r.field->rangeOf(spec));
        }
    }
    // True when every shown number is readable and in its range.
    bool allValid(const Spec& spec) const
    {
        for (const Row& r : m_rows)
            if (r.edit && r.field->appliesTo(spec) && !r.edit->isValid())
                return false;
        return true;
    }
    // The widget of the field with `key` (a QCheckBox or a FieldEdit), or nullptr.
    QWidget* widget(const std::string& key) const
    {
        for (const Row& r : m_rows)
            if (r.field->key == key)
                return r.check ? static_cast<QWidget*>(r.check) : r.edit;
        return nullptr;
    }
    void setEnabled(const std::string& key, bool enabled)
    {
        if (QWidget* w = widget(key))
            w->setEnabled(enabled);
    }

private:
    struct Row {
        const Field<Spec>* field;
        QCheckBox* check;
        FieldEdit* edit;
    };
    QFormLayout* m_form;
    std::vector<Row> m_rows;
};

} // namespace bitlab::ui
