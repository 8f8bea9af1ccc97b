#include "ui/widgets/optimizer_form.h"

#include "core/optim/optimizer.h"
#include "ui/core_text.h"
#include "ui/widgets/form_util.h"

#include <QComboBox>
#include <QFormLayout>
#include <QScopedValueRollback>

namespace bitlab::ui {

OptimizerForm::OptimizerForm(QWidget* parent)
    : PanelForm(tr("Optimizer"), parent)
{
    m_optimizer = new QComboBox(this);
    for (const OptimizerInfo& o : optimizerRegistry()) {
        m_optimizer->addItem(qs(o.name), qs(o.name));
        m_optimizer->setItemData(
            m_optimizer->count() - 1, CoreText::text(o.description), Qt::ToolTipRole);
    }
    m_schedule = new QComboBox(this);
    addNames(m_schedule, scheduleNames());
    m_schedule->setToolTip(tr("Learning-rate schedule, stepped once per epoch:\n"
                              "constant: lr\nstep: lr·γ^⌊epoch/step_size⌋ (StepLR)\n"
                              "cosine: η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2"));

    auto edited = [this] { fieldChanged(); };
    m_form = new QFormLayout(this);
    m_form->addRow(tr("Optimizer"), m_optimizer);
    m_rows = std::make_unique<FieldRows<OptimizerSpec>>(optimizerFields(), m_form, this, edited);
    m_form->addRow(tr("Schedule"), m_schedule);
    m_scheduleRows
        = std::make_unique<FieldRows<ScheduleSpec>>(scheduleFields(), m_form, this, edited);
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, &OptimizerForm::kindChosen);
    connect(m_schedule, &QComboBox::currentIndexChanged, this, edited);
}

OptimizerForm::~OptimizerForm() = default;

void OptimizerForm::kindChosen()
{
    if (isFilling())
        return;
    // A new optimizer starts from its own (PyTorch) defaults; batch size and schedule stay.
    if (const OptimizerInfo* info
        = findOptimizer(m_optimizer->currentData().toString().toStdString())) {
        const auto guard = filling();
        OptimizerSpec d = info->defaults;
        m_rows->read(m_shown);
        d.batchSize = m_shown.batchSize;
        m_rows->write(d);
    }
    emit edited();
}

void OptimizerForm::write(const ExperimentSpec& spec)
{
    const auto guard = filling();
    const OptimizerSpec& o = spec.optimizer;
    selectData(m_optimizer, qs(o.kind));
    m_rows->write(o);
    selectData(m_schedule, qs(o.schedule.kind));
    m_scheduleRows->write(o.schedule);
}

void OptimizerForm::read(ExperimentSpec& spec) const
{
    OptimizerSpec& o = spec.optimizer;
    o.kind = m_optimizer->currentData().toString().toStdString();
    m_rows->read(o);
    o.schedule.kind = m_schedule->currentData().toString().toStdString();
    m_scheduleRows->read(o.schedule);
}

void OptimizerForm::refresh(const ExperimentSpec& spec)
{
    const auto guard = filling();
    m_shown = spec.optimizer;
    const OptimizerInfo* info = findOptimizer(spec.optimizer.kind);
    m_optimizer->setToolTip(info ? CoreText::text(info->description) : QString());
    m_rows->refresh(spec.optimizer);
    m_scheduleRows->refresh(spec.optimizer.schedule);
    m_rows->setEnabled("nesterov", spec.optimizer.momentum > 0.0);
}

bool OptimizerForm::hasInvalidNumber() const
{
    return !m_rows->allValid(m_shown) || !m_scheduleRows->allValid(m_shown.schedule);
}

} // namespace bitlab::ui
