#pragma once
// TrainingForm: the panel's Training group: epochs, the seed, and how often the runs
// record their cheap metrics and evaluate the exact losses.

#include "core/engine/experiment_spec.h"
#include "ui/widgets/panel_form.h"

class QSpinBox;

namespace bitlab::ui {

class TrainingForm : public PanelForm {
    Q_OBJECT
public:
    explicit TrainingForm(QWidget* parent = nullptr);

    // spec.training -> widgets. Emits nothing.
    void write(const ExperimentSpec& spec);
    // widgets -> spec.training.
    void read(ExperimentSpec& spec) const;

private:
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_recordEvery = nullptr;
    QSpinBox* m_evalEvery = nullptr;
};

} // namespace bitlab::ui
