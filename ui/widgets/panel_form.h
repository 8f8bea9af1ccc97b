#pragma once
// PanelForm: what the experiment panel's forms (DatasetForm, ModelForm, OptimizerForm,
// TrainingForm) share: a titled group that says edited() when the user changes a field,
// and stays quiet while it fills its own fields (filling()).

#include <QGroupBox>
#include <QScopedValueRollback>

namespace bitlab::ui {

class PanelForm : public QGroupBox {
    Q_OBJECT
public:
    explicit PanelForm(const QString& title, QWidget* parent = nullptr)
        : QGroupBox(title, parent)
    {
    }

signals:
    // The user changed a field.
    void edited();

protected:
    // Connect each field's change signal here: it is an edit unless the form is filling.
    void fieldChanged()
    {
        if (!m_filling)
            emit edited();
    }
    // While the returned guard lives, the form's own changes to its fields are not edits.
    [[nodiscard]] QScopedValueRollback<bool> filling()
    {
        return QScopedValueRollback<bool>(m_filling, true);
    }
    bool isFilling() const { return m_filling; }

private:
    bool m_filling = false;
};

} // namespace bitlab::ui
