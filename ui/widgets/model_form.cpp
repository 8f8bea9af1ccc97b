#include "ui/widgets/model_form.h"

#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "ui/core_text.h"
#include "ui/widgets/form_util.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QStandardItemModel>
#include <algorithm>

namespace bitlab::ui {

namespace {
QString tasksText(const std::vector<Task>& tasks)
{
    QStringList names;
    for (Task t : tasks)
        names << CoreText::text(toString(t));
    return names.join(QStringLiteral(", "));
}
} // namespace

ModelForm::ModelForm(QWidget* parent)
    : PanelForm(tr("Model and loss"), parent)
{
    m_model = new QComboBox(this);
    for (const ModelInfo& m : modelRegistry())
        m_model->addItem(qs(m.name), qs(m.name));
    m_hidden = new QLineEdit(this);
    m_hidden->setPlaceholderText(QStringLiteral("16,16"));
    m_hidden->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9, ]*")), m_hidden));
    m_hidden->setToolTip(tr("Sizes of the hidden layers, separated by commas: \"16,16\" is two "
                            "layers of 16 units."));
    m_activation = new QComboBox(this);
    addNames(m_activation, activationNames());
    m_activation->setToolTip(tr("Hidden activation: relu max(0,x) (He init), tanh, sigmoid "
                                "1/(1+e^−x) (Xavier init)."));
    m_bias = new QCheckBox(tr("Bias terms"), this);
    m_bias->setToolTip(tr("Give every layer a bias b: z = W·x + b."));
    m_loss = new QComboBox(this);
    m_loss->setObjectName(QStringLiteral("lossCombo"));
    m_form = new QFormLayout(this);
    m_form->addRow(tr("Model"), m_model);
    m_form->addRow(tr("Hidden layers"), m_hidden);
    m_form->addRow(tr("Activation"), m_activation);
    m_form->addRow(m_bias);
    m_form->addRow(tr("Loss"), m_loss);
    m_size = new QLabel(this);
    m_size->setObjectName(QStringLiteral("modelSizeLabel"));
    m_size->setWordWrap(true);
    m_form->addRow(m_size);
    for (QComboBox* c : { m_model, m_activation, m_loss })
        connect(c, &QComboBox::currentIndexChanged, this, &ModelForm::fieldChanged);
    connect(m_hidden, &QLineEdit::textEdited, this, &ModelForm::fieldChanged);
    connect(m_bias, &QCheckBox::toggled, this, &ModelForm::fieldChanged);
}

void ModelForm::write(const ExperimentSpec& spec)
{
    const auto guard = filling();
    selectData(m_model, qs(spec.model.kind));
    QStringList hidden;
    for (int h : spec.model.hidden)
        hidden << QString::number(h);
    m_hidden->setText(hidden.join(QLatin1Char(',')));
    selectData(m_activation, QString::fromUtf8(toString(spec.model.activation)));
    m_bias->setChecked(spec.model.bias);
}

void ModelForm::read(ExperimentSpec& spec) const
{
    spec.model.kind = m_model->currentData().toString().toStdString();
    if (const auto hidden = parseHidden(m_hidden->text()))
        spec.model.hidden = *hidden;
    spec.model.activation
        = *activationFromString(m_activation->currentData().toString().toStdString());
    spec.model.bias = m_bias->isChecked();
    if (m_loss->currentIndex() >= 0)
        spec.loss = m_loss->currentData().toString().toStdString();
}

void ModelForm::refresh(ExperimentSpec& spec, std::optional<Task> task)
{
    const auto guard = filling();
    // Models that cannot learn the task stay listed but disabled, with the reason.
    auto* model = qobject_cast<QStandardItemModel*>(m_model->model());
    for (int i = 0; i < m_model->count(); ++i) {
        const ModelInfo* info = findModel(m_model->itemData(i).toString().toStdString());
        if (!info || !model)
            continue;
        const bool ok = !task || contains(info->tasks, *task);
        model->item(i)->setEnabled(ok);
        QString tip
            = CoreText::text(info->description) + tr("\nTasks: %1").arg(tasksText(info->tasks));
        if (!ok)
            tip += tr("\nNot available: the dataset's task is %1.")
                       .arg(CoreText::text(toString(*task)));
        model->item(i)->setToolTip(tip);
    }
    const ModelInfo* info = findModel(spec.model.kind);
    if (task && info && !contains(info->tasks, *task)) {
        // The data changed the task (a class column, say): move to the first model that
        // can learn it rather than leave an impossible combination selected.
        for (const ModelInfo& m : modelRegistry()) {
            if (contains(m.tasks, *task)) {
                selectData(m_model, qs(m.name));
                spec.model.kind = m.name;
                info = &m;
                break;
            }
        }
    }
    m_model->setToolTip(info ? CoreText::text(info->description) : QString());
    m_hasHidden = info && info->hasHidden;
    m_form->setRowVisible(m_hidden, m_hasHidden);
    m_form->setRowVisible(m_activation, m_hasHidden);

    // Losses: those the model accepts that fit the task; the model's first is the default.
    m_loss->clear();
    if (info) {
        for (const std::string& name : info->losses) {
            const LossInfo* loss = findLoss(name);
            if (!loss || (task && !contains(loss->tasks, *task)))
                continue;
            m_loss->addItem(qs(name), qs(name));
            m_loss->setItemData(
                m_loss->count() - 1, CoreText::text(loss->description), Qt::ToolTipRole);
        }
    }
    const int i = m_loss->findData(qs(spec.loss));
    m_loss->setCurrentIndex(i >= 0 ? i : 0);
    const LossInfo* chosen = findLoss(m_loss->currentData().toString().toStdString());
    m_loss->setToolTip(
        chosen ? CoreText::text(chosen->description) : tr("No loss fits this model and task."));
}

bool ModelForm::hiddenValid() const
{
    return parseHidden(m_hidden->text()).has_value();
}

bool ModelForm::hasLoss() const
{
    return m_loss->count() > 0;
}

std::optional<std::vector<int>> ModelForm::parseHidden(const QString& text)
{
    std::vector<int> sizes;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (!ok || v <= 0)
            return std::nullopt;
        sizes.push_back(v);
    }
    return sizes;
}

void ModelForm::setSizeText(const QString& text, const QString& toolTip, bool tooBig)
{
    m_size->setText(text);
    m_size->setToolTip(toolTip);
    m_size->setStyleSheet(tooBig ? QStringLiteral("color: #a02818; font-weight: 600;")
                                 : QStringLiteral("color: palette(dark);"));
    m_form->setRowVisible(m_size, !text.isEmpty());
}

} // namespace bitlab::ui
