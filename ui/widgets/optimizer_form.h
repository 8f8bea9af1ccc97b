#pragma once
// OptimizerForm: the panel's Optimizer group: the optimizer (from the registry; choosing
// one loads its PyTorch defaults), the hyperparameters it uses (the others are hidden),
// the batch size, and the learning-rate schedule with the fields of the chosen schedule.
// Every number is a row of the optimizer registry's field tables (FieldRows: label, help,
// exact range), so a field added there appears here; an out-of-range entry is marked red
// and not taken.

#include "core/engine/experiment_spec.h"
#include "ui/widgets/field_rows.h"
#include "ui/widgets/panel_form.h"

#include <memory>

class QComboBox;
class QFormLayout;

namespace bitlab::ui {

class OptimizerForm : public PanelForm {
    Q_OBJECT
public:
    explicit OptimizerForm(QWidget* parent = nullptr);
    ~OptimizerForm() override;

    // spec.optimizer -> widgets. Emits nothing.
    void write(const ExperimentSpec& spec);
    // widgets -> spec.optimizer (numbers only when they are valid).
    void read(ExperimentSpec& spec) const;
    // Shows the fields the optimizer and the schedule of `spec` use.
    void refresh(const ExperimentSpec& spec);
    // A shown number is out of range or unreadable.
    bool hasInvalidNumber() const;

private:
    void kindChosen();

    QComboBox* m_optimizer = nullptr;
    QComboBox* m_schedule = nullptr;
    QFormLayout* m_form = nullptr;
    std::unique_ptr<FieldRows<OptimizerSpec>> m_rows;
    std::unique_ptr<FieldRows<ScheduleSpec>> m_scheduleRows;
    OptimizerSpec m_shown; // what refresh() last saw, for hasInvalidNumber()
};

} // namespace bitlab::ui
