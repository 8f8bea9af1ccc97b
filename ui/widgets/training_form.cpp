#include "ui/widgets/training_form.h"

#include <QFormLayout>
#include <QSpinBox>
#include <algorithm>
#include <limits>

namespace bitlab::ui {

TrainingForm::TrainingForm(QWidget* parent)
    : PanelForm(tr("Training"), parent)
{
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 100'000'000);
    m_epochs->setToolTip(tr("Passes over the training set (full batch: one epoch = one step)."));
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("Seed of the initial weights, the shuffle, the test split and "
                          "stochastic rounding: same seed, same numbers."));
    m_recordEvery = new QSpinBox(this);
    m_recordEvery->setRange(0, 100'000'000);
    m_recordEvery->setSpecialValueText(tr("auto"));
    m_recordEvery->setToolTip(tr("Record the cheap metrics every N steps (auto: about a "
                                 "thousand records per run)."));
    m_evalEvery = new QSpinBox(this);
    m_evalEvery->setRange(-1, 100'000'000);
    m_evalEvery->setSpecialValueText(tr("auto"));
    m_evalEvery->setToolTip(tr("Evaluate the exact train/test loss every N steps (auto: once per "
                               "epoch; 0: only the first and last step)."));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Record every"), m_recordEvery);
    form->addRow(tr("Evaluate every"), m_evalEvery);
    for (QSpinBox* s : { m_epochs, m_seed, m_recordEvery, m_evalEvery })
        connect(s, &QSpinBox::valueChanged, this, &TrainingForm::fieldChanged);
}

void TrainingForm::write(const ExperimentSpec& spec)
{
    const auto guard = filling();
    const TrainingSpec& t = spec.training;
    m_epochs->setValue(static_cast<int>(std::min<std::int64_t>(t.epochs, m_epochs->maximum())));
    m_seed->setValue(static_cast<int>(
        std::min<std::uint64_t>(t.seed, static_cast<std::uint64_t>(m_seed->maximum()))));
    m_recordEvery->setValue(static_cast<int>(t.recordEvery.value_or(0)));
    m_evalEvery->setValue(static_cast<int>(t.evalEvery.value_or(-1)));
}

void TrainingForm::read(ExperimentSpec& spec) const
{
    TrainingSpec& t = spec.training;
    t.epochs = m_epochs->value();
    t.seed = static_cast<std::uint64_t>(m_seed->value());
    t.recordEvery = m_recordEvery->value() > 0 ? std::optional<std::int64_t>(m_recordEvery->value())
                                               : std::nullopt;
    t.evalEvery = m_evalEvery->value() >= 0 ? std::optional<std::int64_t>(m_evalEvery->value())
                                            : std::nullopt;
}

} // namespace bitlab::ui
