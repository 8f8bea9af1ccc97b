#pragma once
// TrainingForm: the panel's Training group: epochs, the seed, and how often the runs
// record their cheap metrics and evaluate the exact losses: the rows of trainingFields()
// (FieldRows: label, help, exact range; record_every and eval_every left empty are auto).

#include "core/engine/experiment_spec.h"
#include "ui/widgets/field_rows.h"
#include "ui/widgets/panel_form.h"

#include <memory>

namespace bitlab::ui {

class TrainingForm : public PanelForm {
    Q_OBJECT
public:
    explicit TrainingForm(QWidget* parent = nullptr);
    ~TrainingForm() override;

    // spec.training -> widgets. Emits nothing.
    void write(const ExperimentSpec& spec);
    // widgets -> spec.training (numbers only when they are valid).
    void read(ExperimentSpec& spec) const;
    // A number is out of range or unreadable.
    bool hasInvalidNumber() const;

private:
    std::unique_ptr<FieldRows<TrainingSpec>> m_rows;
};

} // namespace bitlab::ui
