#include "ui/widgets/optimizer_form.h"

#include "core/optim/optimizer.h"
#include "ui/core_text.h"
#include "ui/widgets/form_util.h"
#include "ui/widgets/number_edit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>
#include <algorithm>

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
    m_lr = new NumberEdit(0.0, 1e6, this);
    m_lr->setMinimumExclusive(true);
    m_lr->setHelp(tr("Learning rate lr: the size of each update, w −= lr·step."));
    m_momentum = new NumberEdit(0.0, 1.0, this);
    m_momentum->setHelp(tr("Momentum μ: v = μ·v + g; the step is v (or g + μ·v with Nesterov)."));
    m_nesterov = new QCheckBox(tr("Nesterov"), this);
    m_nesterov->setToolTip(tr("Nesterov momentum: step = g + μ·v."));
    m_beta1 = new NumberEdit(0.0, 0.999999, this);
    m_beta1->setHelp(tr("β1: decay of the first moment, m = β1·m + (1−β1)·g."));
    m_beta2 = new NumberEdit(0.0, 0.999999999, this);
    m_beta2->setHelp(tr("β2: decay of the second moment, v = β2·v + (1−β2)·g²."));
    m_eps = new NumberEdit(0.0, 1.0, this);
    m_eps->setHelp(tr("ε: added to the denominator, w −= lr·m̂/(√v̂ + ε)."));
    m_alpha = new NumberEdit(0.0, 1.0, this);
    m_alpha->setHelp(tr("α (RMSprop): v = α·v + (1−α)·g²."));
    m_weightDecay = new NumberEdit(0.0, 1e3, this);
    m_weightDecay->setHelp(
        tr("Weight decay λ: adds λ·w to the gradient (AdamW: w −= lr·λ·w first)."));
    m_batchSize = new QSpinBox(this);
    m_batchSize->setRange(0, 100'000'000);
    m_batchSize->setSpecialValueText(tr("full batch"));
    m_batchSize->setToolTip(tr("Samples per update. 0 = the whole training set (plain gradient "
                               "descent: one step per epoch)."));
    m_schedule = new QComboBox(this);
    for (const std::string& s : scheduleNames())
        m_schedule->addItem(qs(s), qs(s));
    m_schedule->setToolTip(tr("Learning-rate schedule, stepped once per epoch:\n"
                              "constant: lr\nstep: lr·γ^⌊epoch/step_size⌋ (StepLR)\n"
                              "cosine: η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2"));
    m_stepSize = new QSpinBox(this);
    m_stepSize->setRange(1, 1'000'000);
    m_stepSize->setToolTip(tr("step schedule: multiply lr by γ every step_size epochs."));
    m_gamma = new NumberEdit(0.0, 1.0, this);
    m_gamma->setHelp(tr("step schedule: the factor γ."));
    m_tMax = new QSpinBox(this);
    m_tMax->setRange(0, 100'000'000);
    m_tMax->setSpecialValueText(tr("= epochs"));
    m_tMax->setToolTip(tr("cosine schedule: the period T_max in epochs (0 = all epochs)."));
    m_etaMin = new NumberEdit(0.0, 1e6, this);
    m_etaMin->setHelp(tr("cosine schedule: the floor η_min of the learning rate."));

    m_form = new QFormLayout(this);
    m_form->addRow(tr("Optimizer"), m_optimizer);
    m_form->addRow(tr("Learning rate"), m_lr);
    m_form->addRow(tr("Momentum"), m_momentum);
    m_form->addRow(m_nesterov);
    m_form->addRow(tr("β1"), m_beta1);
    m_form->addRow(tr("β2"), m_beta2);
    m_form->addRow(tr("ε"), m_eps);
    m_form->addRow(tr("α"), m_alpha);
    m_form->addRow(tr("Weight decay"), m_weightDecay);
    m_form->addRow(tr("Batch size"), m_batchSize);
    m_form->addRow(tr("Schedule"), m_schedule);
    m_form->addRow(tr("Step size"), m_stepSize);
    m_form->addRow(tr("γ"), m_gamma);
    m_form->addRow(tr("T_max"), m_tMax);
    m_form->addRow(tr("η_min"), m_etaMin);

    connect(m_optimizer, &QComboBox::currentIndexChanged, this, &OptimizerForm::kindChosen);
    for (NumberEdit* e : numbers())
        connect(e, &QLineEdit::textEdited, this, &OptimizerForm::fieldChanged);
    connect(m_nesterov, &QCheckBox::toggled, this, &OptimizerForm::fieldChanged);
    for (QSpinBox* s : { m_batchSize, m_stepSize, m_tMax })
        connect(s, &QSpinBox::valueChanged, this, &OptimizerForm::fieldChanged);
    connect(m_schedule, &QComboBox::currentIndexChanged, this, &OptimizerForm::fieldChanged);
}

std::vector<NumberEdit*> OptimizerForm::numbers() const
{
    return { m_lr, m_momentum, m_beta1, m_beta2, m_eps, m_alpha, m_weightDecay, m_gamma, m_etaMin };
}

void OptimizerForm::kindChosen()
{
    if (isFilling())
        return;
    // A new optimizer starts from its own (PyTorch) defaults; batch size and schedule stay.
    if (const OptimizerInfo* info
        = findOptimizer(m_optimizer->currentData().toString().toStdString())) {
        const auto guard = filling();
        const OptimizerSpec& d = info->defaults;
        m_lr->setValue(d.lr);
        m_momentum->setValue(d.momentum);
        m_nesterov->setChecked(d.nesterov);
        m_beta1->setValue(d.beta1);
        m_beta2->setValue(d.beta2);
        m_eps->setValue(d.eps);
        m_alpha->setValue(d.alpha);
        m_weightDecay->setValue(d.weightDecay);
    }
    emit edited();
}

void OptimizerForm::write(const ExperimentSpec& spec)
{
    const auto guard = filling();
    const OptimizerSpec& o = spec.optimizer;
    selectData(m_optimizer, qs(o.kind));
    m_lr->setValue(o.lr);
    m_momentum->setValue(o.momentum);
    m_nesterov->setChecked(o.nesterov);
    m_beta1->setValue(o.beta1);
    m_beta2->setValue(o.beta2);
    m_eps->setValue(o.eps);
    m_alpha->setValue(o.alpha);
    m_weightDecay->setValue(o.weightDecay);
    m_batchSize->setValue(
        static_cast<int>(std::min<std::int64_t>(o.batchSize, m_batchSize->maximum())));
    selectData(m_schedule, qs(o.schedule.kind));
    m_stepSize->setValue(o.schedule.stepSize);
    m_gamma->setValue(o.schedule.gamma);
    m_tMax->setValue(o.schedule.tMax);
    m_etaMin->setValue(o.schedule.etaMin);
}

void OptimizerForm::read(ExperimentSpec& spec) const
{
    OptimizerSpec& o = spec.optimizer;
    o.kind = m_optimizer->currentData().toString().toStdString();
    auto take = [](const NumberEdit* e, double& field) {
        if (e->isValid())
            field = e->value();
    };
    take(m_lr, o.lr);
    take(m_momentum, o.momentum);
    o.nesterov = m_nesterov->isChecked();
    take(m_beta1, o.beta1);
    take(m_beta2, o.beta2);
    take(m_eps, o.eps);
    take(m_alpha, o.alpha);
    take(m_weightDecay, o.weightDecay);
    o.batchSize = m_batchSize->value();
    o.schedule.kind = m_schedule->currentData().toString().toStdString();
    o.schedule.stepSize = m_stepSize->value();
    take(m_gamma, o.schedule.gamma);
    o.schedule.tMax = m_tMax->value();
    take(m_etaMin, o.schedule.etaMin);
}

void OptimizerForm::refresh(const ExperimentSpec& spec)
{
    const auto guard = filling();
    const OptimizerInfo* info = findOptimizer(spec.optimizer.kind);
    auto uses = [info](const char* key) { return info && contains(info->fields, key); };
    m_optimizer->setToolTip(info ? qs(info->description) : QString());
    m_form->setRowVisible(m_momentum, uses("momentum"));
    m_form->setRowVisible(m_nesterov, uses("nesterov"));
    m_form->setRowVisible(m_beta1, uses("betas"));
    m_form->setRowVisible(m_beta2, uses("betas"));
    m_form->setRowVisible(m_eps, uses("eps"));
    m_form->setRowVisible(m_alpha, uses("alpha"));
    m_form->setRowVisible(m_weightDecay, uses("weight_decay"));
    const std::string& schedule = spec.optimizer.schedule.kind;
    m_form->setRowVisible(m_stepSize, schedule == "step");
    m_form->setRowVisible(m_gamma, schedule == "step");
    m_form->setRowVisible(m_tMax, schedule == "cosine");
    m_form->setRowVisible(m_etaMin, schedule == "cosine");
    m_nesterov->setEnabled(spec.optimizer.momentum > 0.0);
}

bool OptimizerForm::hasInvalidNumber() const
{
    const std::vector<NumberEdit*> all = numbers();
    return std::any_of(all.begin(), all.end(),
        [](const NumberEdit* e) { return !e->isHidden() && !e->isValid(); });
}

} // namespace bitlab::ui
