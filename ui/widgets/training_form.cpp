#include "ui/widgets/training_form.h"

#include <QFormLayout>
#include <QScopedValueRollback>

namespace bitlab::ui {

TrainingForm::TrainingForm(QWidget* parent)
    : PanelForm(tr("Training"), parent)
{
    auto* form = new QFormLayout(this);
    m_rows = std::make_unique<FieldRows<TrainingSpec>>(
        trainingFields(), form, this, [this] { fieldChanged(); });
}

TrainingForm::~TrainingForm() = default;

void TrainingForm::write(const ExperimentSpec& spec)
{
    const auto guard = filling();
    m_rows->write(spec.training);
}

void TrainingForm::read(ExperimentSpec& spec) const
{
    m_rows->read(spec.training);
}

bool TrainingForm::hasInvalidNumber() const
{
    return !m_rows->allValid(TrainingSpec {});
}

} // namespace bitlab::ui
