#pragma once
// OptimizerForm: the panel's Optimizer group: the optimizer (from the registry; choosing
// one loads its PyTorch defaults), the hyperparameters it uses (the others are hidden),
// the batch size, and the learning-rate schedule with the fields of the chosen schedule.
// Numbers are NumberEdits: an out-of-range entry is marked red and not taken.

#include "core/engine/experiment_spec.h"
#include "ui/widgets/panel_form.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QSpinBox;

namespace bitlab::ui {

class NumberEdit;

class OptimizerForm : public PanelForm {
    Q_OBJECT
public:
    explicit OptimizerForm(QWidget* parent = nullptr);

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
    std::vector<NumberEdit*> numbers() const;

    QComboBox* m_optimizer = nullptr;
    QFormLayout* m_form = nullptr;
    NumberEdit* m_lr = nullptr;
    NumberEdit* m_momentum = nullptr;
    QCheckBox* m_nesterov = nullptr;
    NumberEdit* m_beta1 = nullptr;
    NumberEdit* m_beta2 = nullptr;
    NumberEdit* m_eps = nullptr;
    NumberEdit* m_alpha = nullptr;
    NumberEdit* m_weightDecay = nullptr;
    QSpinBox* m_batchSize = nullptr;
    QComboBox* m_schedule = nullptr;
    QSpinBox* m_stepSize = nullptr;
    NumberEdit* m_gamma = nullptr;
    QSpinBox* m_tMax = nullptr;
    NumberEdit* m_etaMin = nullptr;
};

} // namespace bitlab::ui
