#include "ui/widgets/experiment_panel.h"

#include "core/data/csv_inspect.h"
#include "core/data/generators.h"
#include "core/io/experiment_factory.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"
#include "ui/core_text.h"
#include "ui/widgets/dataset_loader.h"
#include "ui/widgets/number_edit.h"
#include "ui/widgets/runs_editor.h"
#include "ui/widgets/wheel_guard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

namespace {
constexpr int kPreviewRows = 4;

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

bool contains(const std::vector<Task>& tasks, Task t)
{
    return std::find(tasks.begin(), tasks.end(), t) != tasks.end();
}

QString tasksText(const std::vector<Task>& tasks)
{
    QStringList names;
    for (Task t : tasks)
        names << CoreText::text(toString(t));
    return names.join(QStringLiteral(", "));
}

void setComboByData(QComboBox* combo, const QString& data)
{
    const int i = combo->findData(data);
    if (i >= 0)
        combo->setCurrentIndex(i);
}
} // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    auto* data = new QGroupBox(tr("Dataset"), this);
    auto* model = new QGroupBox(tr("Model and loss"), this);
    auto* optim = new QGroupBox(tr("Optimizer"), this);
    auto* training = new QGroupBox(tr("Training"), this);
    auto* runs = new QGroupBox(tr("Runs"), this);
    m_groups = { data, model, optim, training };
    buildDatasetGroup(data);
    buildModelGroup(model);
    buildOptimizerGroup(optim);
    buildTrainingGroup(training);
    m_runs = new RunsEditor(runs);
    auto* runsLayout = new QVBoxLayout(runs);
    runsLayout->addWidget(m_runs);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #a02818;"));
    m_problem->setVisible(false);
    // The runs (what the lab compares) come right after what they train.
    for (QGroupBox* box : { data, model, runs, optim, training })
        layout->addWidget(box);
    // Combos size to their current text, not their longest entry, so the panel fits.
    for (QComboBox* combo : findChildren<QComboBox*>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    layout->addWidget(m_problem);
    layout->addStretch(1);
    connect(m_runs, &RunsEditor::runsChanged, this, &ExperimentPanel::onEdited);
    WheelGuard::install(this); // scrolling the panel never edits it (run editor included)
}

void ExperimentPanel::buildDatasetGroup(QGroupBox* box)
{
    m_source = new QComboBox(box);
    for (const DatasetInfo& d : datasetRegistry()) {
        m_source->addItem(qs(d.name), qs("builtin:" + d.name));
        m_source->setItemData(m_source->count() - 1,
            CoreText::text(d.description) + tr("\nTask: %1").arg(CoreText::text(toString(d.task))),
            Qt::ToolTipRole);
    }
    m_source->setToolTip(
        tr("A built-in generator (hover an entry for its formula) or a CSV file."));
    m_browse = new QPushButton(tr("CSV…"), box);
    m_browse->setToolTip(tr("Load a CSV file (or drop one on the window). The header is "
                            "detected; the target is the last column unless you pick another."));
    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_source, 1);
    sourceRow->addWidget(m_browse);
    m_sourceHelp = new QLabel(box);
    m_sourceHelp->setWordWrap(true);
    m_sourceHelp->setStyleSheet(QStringLiteral("color: palette(dark);"));

    m_samples = new QSpinBox(box);
    m_samples->setRange(1, 10'000'000);
    m_samples->setToolTip(tr("Number of generated samples (rows)."));
    m_noise = new QDoubleSpinBox(box);
    m_noise->setRange(0.0, 100.0);
    m_noise->setDecimals(3);
    m_noise->setSingleStep(0.05);
    m_noise->setToolTip(tr("Standard deviation of the Gaussian noise added by the generator."));
    m_classes = new QSpinBox(box);
    m_classes->setRange(2, 50);
    m_classes->setToolTip(tr("Number of classes the generator draws."));
    m_features = new QSpinBox(box);
    m_features->setRange(1, 1000);
    m_features->setToolTip(tr("Number of input features the generator draws."));
    m_dataSeed = new QSpinBox(box);
    m_dataSeed->setRange(0, std::numeric_limits<int>::max());
    m_dataSeed->setToolTip(tr("Seed of the generator: the same seed gives the same data."));
    m_target = new QComboBox(box);
    m_target->setToolTip(tr("The column to predict; every other column is a feature."));
    m_task = new QComboBox(box);
    m_task->addItem(tr("auto"), QStringLiteral("auto"));
    for (Task t : { Task::Regression, Task::Binary, Task::Multiclass })
        m_task->addItem(CoreText::text(toString(t)), QString::fromUtf8(toString(t)));
    m_task->setToolTip(tr("auto: numeric targets with few distinct integer values, and text "
                          "targets, are classes; other numeric targets are regression.\n"
                          "Pick a task to override the detection."));
    m_detected = new QLabel(box);
    m_detected->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_detected->setWordWrap(true);
    auto* taskRow = new QHBoxLayout;
    taskRow->addWidget(m_task);
    taskRow->addWidget(m_detected, 1);
    m_standardize = new QCheckBox(tr("Standardize features"), box);
    m_standardize->setToolTip(tr("z-score every feature with the training rows' mean and "
                                 "standard deviation: x' = (x − mean) / std."));
    m_testFraction = new QDoubleSpinBox(box);
    m_testFraction->setRange(0.0, 0.9);
    m_testFraction->setSingleStep(0.05);
    m_testFraction->setDecimals(2);
    m_testFraction->setToolTip(tr("Share of rows held out as the test set (chosen with the "
                                  "training seed). 0 = no test set."));
    m_shuffle = new QCheckBox(tr("Shuffle every epoch"), box);
    m_shuffle->setToolTip(tr("Reshuffle the training rows before every epoch; off = batches in "
                             "file order."));
    m_previewTable = new QTableWidget(box);
    m_previewTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_previewTable->verticalHeader()->setDefaultSectionSize(20);
    m_previewTable->verticalHeader()->setVisible(false);
    m_previewTable->horizontalHeader()->setDefaultSectionSize(72);
    m_previewTable->setFixedHeight(20 * kPreviewRows + 44);
    m_previewTable->setToolTip(tr("The first rows as the loader reads them (the target last)."));
    m_dataErrorLabel = new QLabel(box);
    m_dataErrorLabel->setWordWrap(true);
    m_dataErrorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataErrorLabel->setStyleSheet(
        QStringLiteral("QLabel { color: #8a1c10; background: #fdecea; border: 1px solid #f2b8b0;"
                       " border-radius: 3px; padding: 4px; }"));
    m_dataErrorLabel->setVisible(false);

    m_dataForm = new QFormLayout(box);
    m_dataForm->addRow(tr("Source"), sourceRow);
    m_dataForm->addRow(m_sourceHelp);
    m_dataForm->addRow(tr("Samples"), m_samples);
    m_dataForm->addRow(tr("Noise"), m_noise);
    m_dataForm->addRow(tr("Classes"), m_classes);
    m_dataForm->addRow(tr("Features"), m_features);
    m_dataForm->addRow(tr("Data seed"), m_dataSeed);
    m_dataForm->addRow(tr("Target"), m_target);
    m_dataForm->addRow(tr("Task"), taskRow);
    m_dataForm->addRow(tr("Test fraction"), m_testFraction);
    m_dataForm->addRow(m_standardize);
    m_dataForm->addRow(m_shuffle);
    m_dataForm->addRow(m_dataErrorLabel);
    m_dataForm->addRow(m_previewTable);

    connect(m_browse, &QPushButton::clicked, this, &ExperimentPanel::browseCsvRequested);
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        if (m_initializing)
            return;
        // A different generator starts from its own defaults.
        m_initializing = true;
        m_target->clear();
        if (const DatasetInfo* d
            = findDataset(m_source->currentData().toString().mid(8).toStdString())) {
            m_samples->setValue(static_cast<int>(d->defaults.samples));
            m_noise->setValue(d->defaults.noise);
            m_classes->setValue(d->defaults.classes);
            m_features->setValue(d->defaults.features);
            m_dataSeed->setValue(static_cast<int>(d->defaults.seed));
        }
        m_initializing = false;
        onEdited();
    });
    for (QSpinBox* s : { m_samples, m_classes, m_features, m_dataSeed })
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::onEdited);
    connect(m_noise, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::onEdited);
    connect(m_testFraction, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::onEdited);
    connect(m_target, &QComboBox::currentIndexChanged, this, &ExperimentPanel::onEdited);
    connect(m_task, &QComboBox::currentIndexChanged, this, &ExperimentPanel::onEdited);
    connect(m_standardize, &QCheckBox::toggled, this, &ExperimentPanel::onEdited);
    connect(m_shuffle, &QCheckBox::toggled, this, &ExperimentPanel::onEdited);
}

void ExperimentPanel::buildModelGroup(QGroupBox* box)
{
    m_model = new QComboBox(box);
    for (const ModelInfo& m : modelRegistry())
        m_model->addItem(qs(m.name), qs(m.name));
    m_hidden = new QLineEdit(box);
    m_hidden->setPlaceholderText(QStringLiteral("16,16"));
    m_hidden->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9, ]*")), m_hidden));
    m_hidden->setToolTip(tr("Sizes of the hidden layers, separated by commas: \"16,16\" is two "
                            "layers of 16 units."));
    m_activation = new QComboBox(box);
    for (const std::string& a : activationNames())
        m_activation->addItem(qs(a), qs(a));
    m_activation->setToolTip(tr("Hidden activation: relu max(0,x) (He init), tanh, sigmoid "
                                "1/(1+e^−x) (Xavier init)."));
    m_bias = new QCheckBox(tr("Bias terms"), box);
    m_bias->setToolTip(tr("Give every layer a bias b: z = W·x + b."));
    m_loss = new QComboBox(box);
    m_modelForm = new QFormLayout(box);
    m_modelForm->addRow(tr("Model"), m_model);
    m_modelForm->addRow(tr("Hidden layers"), m_hidden);
    m_modelForm->addRow(tr("Activation"), m_activation);
    m_modelForm->addRow(m_bias);
    m_modelForm->addRow(tr("Loss"), m_loss);
    connect(m_model, &QComboBox::currentIndexChanged, this, &ExperimentPanel::onEdited);
    connect(m_hidden, &QLineEdit::textEdited, this, &ExperimentPanel::onEdited);
    connect(m_activation, &QComboBox::currentIndexChanged, this, &ExperimentPanel::onEdited);
    connect(m_bias, &QCheckBox::toggled, this, &ExperimentPanel::onEdited);
    connect(m_loss, &QComboBox::currentIndexChanged, this, &ExperimentPanel::onEdited);
}

void ExperimentPanel::buildOptimizerGroup(QGroupBox* box)
{
    m_optimizer = new QComboBox(box);
    for (const OptimizerInfo& o : optimizerRegistry()) {
        m_optimizer->addItem(qs(o.name), qs(o.name));
        m_optimizer->setItemData(
            m_optimizer->count() - 1, CoreText::text(o.description), Qt::ToolTipRole);
    }
    m_lr = new NumberEdit(0.0, 1e6, box);
    m_lr->setMinimumExclusive(true);
    m_lr->setHelp(tr("Learning rate lr: the size of each update, w −= lr·step."));
    m_momentum = new NumberEdit(0.0, 1.0, box);
    m_momentum->setHelp(tr("Momentum μ: v = μ·v + g; the step is v (or g + μ·v with Nesterov)."));
    m_nesterov = new QCheckBox(tr("Nesterov"), box);
    m_nesterov->setToolTip(tr("Nesterov momentum: step = g + μ·v."));
    m_beta1 = new NumberEdit(0.0, 0.999999, box);
    m_beta1->setHelp(tr("β1: decay of the first moment, m = β1·m + (1−β1)·g."));
    m_beta2 = new NumberEdit(0.0, 0.999999999, box);
    m_beta2->setHelp(tr("β2: decay of the second moment, v = β2·v + (1−β2)·g²."));
    m_eps = new NumberEdit(0.0, 1.0, box);
    m_eps->setHelp(tr("ε: added to the denominator, w −= lr·m̂/(√v̂ + ε)."));
    m_alpha = new NumberEdit(0.0, 1.0, box);
    m_alpha->setHelp(tr("α (RMSprop): v = α·v + (1−α)·g²."));
    m_weightDecay = new NumberEdit(0.0, 1e3, box);
    m_weightDecay->setHelp(
        tr("Weight decay λ: adds λ·w to the gradient (AdamW: w −= lr·λ·w first)."));
    m_batchSize = new QSpinBox(box);
    m_batchSize->setRange(0, 100'000'000);
    m_batchSize->setSpecialValueText(tr("full batch"));
    m_batchSize->setToolTip(tr("Samples per update. 0 = the whole training set (plain gradient "
                               "descent: one step per epoch)."));
    m_schedule = new QComboBox(box);
    for (const std::string& s : scheduleNames())
        m_schedule->addItem(qs(s), qs(s));
    m_schedule->setToolTip(tr("Learning-rate schedule, stepped once per epoch:\n"
                              "constant: lr\nstep: lr·γ^⌊epoch/step_size⌋ (StepLR)\n"
                              "cosine: η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2"));
    m_stepSize = new QSpinBox(box);
    m_stepSize->setRange(1, 1'000'000);
    m_stepSize->setToolTip(tr("step schedule: multiply lr by γ every step_size epochs."));
    m_gamma = new NumberEdit(0.0, 1.0, box);
    m_gamma->setHelp(tr("step schedule: the factor γ."));
    m_tMax = new QSpinBox(box);
    m_tMax->setRange(0, 100'000'000);
    m_tMax->setSpecialValueText(tr("= epochs"));
    m_tMax->setToolTip(tr("cosine schedule: the period T_max in epochs (0 = all epochs)."));
    m_etaMin = new NumberEdit(0.0, 1e6, box);
    m_etaMin->setHelp(tr("cosine schedule: the floor η_min of the learning rate."));

    m_optForm = new QFormLayout(box);
    m_optForm->addRow(tr("Optimizer"), m_optimizer);
    m_optForm->addRow(tr("Learning rate"), m_lr);
    m_optForm->addRow(tr("Momentum"), m_momentum);
    m_optForm->addRow(m_nesterov);
    m_optForm->addRow(tr("β1"), m_beta1);
    m_optForm->addRow(tr("β2"), m_beta2);
    m_optForm->addRow(tr("ε"), m_eps);
    m_optForm->addRow(tr("α"), m_alpha);
    m_optForm->addRow(tr("Weight decay"), m_weightDecay);
    m_optForm->addRow(tr("Batch size"), m_batchSize);
    m_optForm->addRow(tr("Schedule"), m_schedule);
    m_optForm->addRow(tr("Step size"), m_stepSize);
    m_optForm->addRow(tr("γ"), m_gamma);
    m_optForm->addRow(tr("T_max"), m_tMax);
    m_optForm->addRow(tr("η_min"), m_etaMin);

    connect(m_optimizer, &QComboBox::currentIndexChanged, this,
        &ExperimentPanel::onOptimizerKindChosen);
    for (NumberEdit* e :
        { m_lr, m_momentum, m_beta1, m_beta2, m_eps, m_alpha, m_weightDecay, m_gamma, m_etaMin })
        connect(e, &QLineEdit::textEdited, this, &ExperimentPanel::onEdited);
    connect(m_nesterov, &QCheckBox::toggled, this, &ExperimentPanel::onEdited);
    for (QSpinBox* s : { m_batchSize, m_stepSize, m_tMax })
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::onEdited);
    connect(m_schedule, &QComboBox::currentIndexChanged, this, &ExperimentPanel::onEdited);
}

void ExperimentPanel::buildTrainingGroup(QGroupBox* box)
{
    m_epochs = new QSpinBox(box);
    m_epochs->setRange(1, 100'000'000);
    m_epochs->setToolTip(tr("Passes over the training set (full batch: one epoch = one step)."));
    m_seed = new QSpinBox(box);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("Seed of the initial weights, the shuffle, the test split and "
                          "stochastic rounding: same seed, same numbers."));
    m_recordEvery = new QSpinBox(box);
    m_recordEvery->setRange(0, 100'000'000);
    m_recordEvery->setSpecialValueText(tr("auto"));
    m_recordEvery->setToolTip(tr("Record the cheap metrics every N steps (auto: about a "
                                 "thousand records per run)."));
    m_evalEvery = new QSpinBox(box);
    m_evalEvery->setRange(-1, 100'000'000);
    m_evalEvery->setSpecialValueText(tr("auto"));
    m_evalEvery->setToolTip(tr("Evaluate the exact train/test loss every N steps (auto: once per "
                               "epoch; 0: only the first and last step)."));
    auto* form = new QFormLayout(box);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Record every"), m_recordEvery);
    form->addRow(tr("Evaluate every"), m_evalEvery);
    for (QSpinBox* s : { m_epochs, m_seed, m_recordEvery, m_evalEvery })
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::onEdited);
}

ExperimentSpec ExperimentPanel::spec() const
{
    return m_spec;
}

void ExperimentPanel::setSpec(const ExperimentSpec& spec)
{
    m_spec = spec;
    writeWidgets();
    refreshPreview();
    refreshDatasetParams();
    refreshModelChoices();
    refreshOptimizerFields();
    readWidgets(); // the loss may have been adjusted to the model; keep m_spec what is shown
    refreshProblem();
    emit specChanged();
}

void ExperimentPanel::writeWidgets()
{
    m_initializing = true;
    const ExperimentSpec& s = m_spec;
    // dataset
    const QString source = qs(s.dataset.source);
    int index = m_source->findData(source);
    if (index < 0) {
        // A CSV: one entry for the current file after the built-ins.
        const int builtins = static_cast<int>(datasetRegistry().size());
        while (m_source->count() > builtins)
            m_source->removeItem(builtins);
        m_source->addItem(tr("CSV: %1").arg(QFileInfo(source).fileName()), source);
        m_source->setItemData(builtins, source, Qt::ToolTipRole);
        index = builtins;
    }
    m_source->setCurrentIndex(index);
    if (const DatasetInfo* d = findDataset(s.dataset.builtinName())) {
        m_samples->setValue(static_cast<int>(s.dataset.samples.value_or(d->defaults.samples)));
        m_noise->setValue(s.dataset.noise.value_or(d->defaults.noise));
        m_classes->setValue(s.dataset.classes.value_or(d->defaults.classes));
        m_features->setValue(s.dataset.features.value_or(d->defaults.features));
        m_dataSeed->setValue(static_cast<int>(s.dataset.seed.value_or(d->defaults.seed)));
    }
    setComboByData(m_task, qs(s.dataset.task));
    m_standardize->setChecked(s.dataset.standardize);
    m_testFraction->setValue(s.dataset.testFraction);
    m_shuffle->setChecked(s.dataset.shuffle);
    // model
    setComboByData(m_model, qs(s.model.kind));
    QStringList hidden;
    for (int h : s.model.hidden)
        hidden << QString::number(h);
    m_hidden->setText(hidden.join(QLatin1Char(',')));
    m_hiddenOk = true;
    setComboByData(m_activation, QString::fromUtf8(toString(s.model.activation)));
    m_bias->setChecked(s.model.bias);
    // optimizer
    const OptimizerSpec& o = s.optimizer;
    setComboByData(m_optimizer, qs(o.kind));
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
    setComboByData(m_schedule, qs(o.schedule.kind));
    m_stepSize->setValue(o.schedule.stepSize);
    m_gamma->setValue(o.schedule.gamma);
    m_tMax->setValue(o.schedule.tMax);
    m_etaMin->setValue(o.schedule.etaMin);
    // training
    m_epochs->setValue(
        static_cast<int>(std::min<std::int64_t>(s.training.epochs, m_epochs->maximum())));
    m_seed->setValue(static_cast<int>(
        std::min<std::uint64_t>(s.training.seed, static_cast<std::uint64_t>(m_seed->maximum()))));
    m_recordEvery->setValue(static_cast<int>(s.training.recordEvery.value_or(0)));
    m_evalEvery->setValue(static_cast<int>(s.training.evalEvery.value_or(-1)));
    m_runs->setRuns(s.runs);
    m_initializing = false;
}

void ExperimentPanel::readWidgets()
{
    ExperimentSpec& s = m_spec;
    DatasetSpec& d = s.dataset;
    const std::string source = m_source->currentData().toString().toStdString();
    if (source != d.source) {
        d.target.clear();
    }
    d.source = source;
    if (const DatasetInfo* info = findDataset(d.builtinName())) {
        d.samples = m_samples->value();
        d.noise = m_noise->value();
        d.seed = static_cast<std::uint64_t>(m_dataSeed->value());
        d.classes = info->usesClasses ? std::optional<int>(m_classes->value()) : std::nullopt;
        d.features = info->usesFeatures ? std::optional<int>(m_features->value()) : std::nullopt;
        d.target.clear();
    } else {
        d.samples.reset();
        d.noise.reset();
        d.seed.reset();
        d.classes.reset();
        d.features.reset();
        if (m_target->currentIndex() >= 0)
            d.target = m_target->currentData().toString().toStdString();
    }
    d.task = m_task->currentData().toString().toStdString();
    d.standardize = m_standardize->isChecked();
    d.testFraction = m_testFraction->value();
    d.shuffle = m_shuffle->isChecked();

    s.model.kind = m_model->currentData().toString().toStdString();
    bool ok = true;
    const std::vector<int> hidden = parseHidden(m_hidden->text(), &ok);
    m_hiddenOk = ok;
    if (ok)
        s.model.hidden = hidden;
    s.model.activation
        = *activationFromString(m_activation->currentData().toString().toStdString());
    s.model.bias = m_bias->isChecked();
    if (m_loss->currentIndex() >= 0)
        s.loss = m_loss->currentData().toString().toStdString();

    OptimizerSpec& o = s.optimizer;
    o.kind = m_optimizer->currentData().toString().toStdString();
    auto take = [](NumberEdit* e, double& field) {
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

    s.training.epochs = m_epochs->value();
    s.training.seed = static_cast<std::uint64_t>(m_seed->value());
    s.training.recordEvery = m_recordEvery->value() > 0
        ? std::optional<std::int64_t>(m_recordEvery->value())
        : std::nullopt;
    s.training.evalEvery = m_evalEvery->value() >= 0
        ? std::optional<std::int64_t>(m_evalEvery->value())
        : std::nullopt;
    s.runs = m_runs->runs();
}

void ExperimentPanel::onEdited()
{
    if (m_initializing)
        return;
    readWidgets();
    m_initializing = true;
    refreshPreview();
    refreshDatasetParams();
    refreshModelChoices();
    refreshOptimizerFields();
    m_initializing = false;
    readWidgets();
    refreshProblem();
    emit specChanged();
}

void ExperimentPanel::onOptimizerKindChosen()
{
    if (m_initializing)
        return;
    // A new optimizer starts from its own (PyTorch) defaults; batch size and schedule stay.
    if (const OptimizerInfo* info
        = findOptimizer(m_optimizer->currentData().toString().toStdString())) {
        m_initializing = true;
        const OptimizerSpec& d = info->defaults;
        m_lr->setValue(d.lr);
        m_momentum->setValue(d.momentum);
        m_nesterov->setChecked(d.nesterov);
        m_beta1->setValue(d.beta1);
        m_beta2->setValue(d.beta2);
        m_eps->setValue(d.eps);
        m_alpha->setValue(d.alpha);
        m_weightDecay->setValue(d.weightDecay);
        m_initializing = false;
    }
    onEdited();
}

void ExperimentPanel::refreshDatasetParams()
{
    const DatasetInfo* info = findDataset(m_spec.dataset.builtinName());
    const bool builtin = info != nullptr;
    m_dataForm->setRowVisible(m_samples, builtin);
    m_dataForm->setRowVisible(m_noise, builtin);
    m_dataForm->setRowVisible(m_classes, builtin && info->usesClasses);
    m_dataForm->setRowVisible(m_features, builtin && info->usesFeatures);
    m_dataForm->setRowVisible(m_dataSeed, builtin);
    m_dataForm->setRowVisible(m_target, !builtin);
    m_sourceHelp->setText(builtin ? CoreText::text(info->description) : qs(m_spec.dataset.source));
    m_sourceHelp->setToolTip(m_sourceHelp->text());
}

std::optional<Task> ExperimentPanel::effectiveTask() const
{
    if (const auto t = taskFromString(m_spec.dataset.task))
        return t;
    if (m_preview)
        return m_preview->task;
    return std::nullopt;
}

void ExperimentPanel::refreshModelChoices()
{
    const std::optional<Task> task = effectiveTask();
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
    const ModelInfo* info = findModel(m_spec.model.kind);
    if (task && info && !contains(info->tasks, *task)) {
        // The data changed the task (a class column, say): move to the first model that
        // can learn it rather than leave an impossible combination selected.
        for (const ModelInfo& m : modelRegistry()) {
            if (contains(m.tasks, *task)) {
                const bool was = m_initializing;
                m_initializing = true;
                setComboByData(m_model, qs(m.name));
                m_initializing = was;
                m_spec.model.kind = m.name;
                info = &m;
                break;
            }
        }
    }
    m_model->setToolTip(info ? CoreText::text(info->description) : QString());
    m_modelForm->setRowVisible(m_hidden, info && info->hasHidden);
    m_modelForm->setRowVisible(m_activation, info && info->hasHidden);
    m_runs->setModelHasActivations(info && info->hasHidden);

    // Losses: those the model accepts that fit the task; the model's first is the default.
    const QString current = qs(m_spec.loss);
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
    const int i = m_loss->findData(current);
    m_loss->setCurrentIndex(i >= 0 ? i : 0);
    const LossInfo* chosen = findLoss(m_loss->currentData().toString().toStdString());
    m_loss->setToolTip(
        chosen ? CoreText::text(chosen->description) : tr("No loss fits this model and task."));
}

void ExperimentPanel::refreshOptimizerFields()
{
    const OptimizerInfo* info = findOptimizer(m_spec.optimizer.kind);
    auto uses = [info](const char* key) {
        return info
            && std::find(info->fields.begin(), info->fields.end(), key) != info->fields.end();
    };
    m_optimizer->setToolTip(info ? qs(info->description) : QString());
    m_optForm->setRowVisible(m_momentum, uses("momentum"));
    m_optForm->setRowVisible(m_nesterov, uses("nesterov"));
    m_optForm->setRowVisible(m_beta1, uses("betas"));
    m_optForm->setRowVisible(m_beta2, uses("betas"));
    m_optForm->setRowVisible(m_eps, uses("eps"));
    m_optForm->setRowVisible(m_alpha, uses("alpha"));
    m_optForm->setRowVisible(m_weightDecay, uses("weight_decay"));
    const std::string schedule = m_spec.optimizer.schedule.kind;
    m_optForm->setRowVisible(m_stepSize, schedule == "step");
    m_optForm->setRowVisible(m_gamma, schedule == "step");
    m_optForm->setRowVisible(m_tMax, schedule == "cosine");
    m_optForm->setRowVisible(m_etaMin, schedule == "cosine");
    m_nesterov->setEnabled(m_spec.optimizer.momentum > 0.0);
}

QString ExperimentPanel::previewKey(const ExperimentSpec& spec)
{
    const DatasetSpec& d = spec.dataset;
    QString key
        = qs(d.source) + QLatin1Char('|') + qs(d.target) + QLatin1Char('|') + qs(spec.baseDir);
    if (d.isBuiltin())
        key += QStringLiteral("|%1|%2|%3|%4|%5")
                   .arg(d.samples.value_or(-1))
                   .arg(d.noise.value_or(-1))
                   .arg(d.seed.value_or(0))
                   .arg(d.classes.value_or(-1))
                   .arg(d.features.value_or(-1));
    return key;
}

void ExperimentPanel::takePreview(const QString& key, DatasetPreview preview)
{
    m_previewKey = key;
    m_preview = std::move(preview.dataset);
    m_dataError = preview.error;
    m_columns = std::move(preview.columns);
}

bool ExperimentPanel::loadCsv(const QString& path)
{
    ExperimentSpec next = m_spec;
    next.dataset = DatasetSpec {};
    next.dataset.source = QFileInfo(path).absoluteFilePath().toStdString();
    next.baseDir.clear();
    // Load before switching, so that a cancelled load leaves the panel as it was. Always
    // from the file: the user may have changed it since it was last previewed.
    DatasetPreview preview = DatasetLoader::load(this, next.dataset, next.baseDir);
    if (preview.cancelled)
        return false;
    // The panel names the target the loader picked (the last column), and the preview is
    // filed under that name: otherwise setSpec() would see a new key and read the whole
    // file a second time.
    if (next.dataset.target.empty() && preview.dataset)
        next.dataset.target = preview.dataset->targetName;
    takePreview(previewKey(next), std::move(preview));
    m_previewShown = false;
    setSpec(next);
    return true;
}

void ExperimentPanel::refreshPreview()
{
    const DatasetSpec& d = m_spec.dataset;
    const QString key = previewKey(m_spec);
    if (key != m_previewKey) {
        DatasetPreview preview = DatasetLoader::load(this, d, m_spec.baseDir);
        if (preview.cancelled) {
            preview = {};
            preview.error = tr("Loading %1 was cancelled; open it again to load it.")
                                .arg(QFileInfo(qs(d.source)).fileName());
        }
        takePreview(key, std::move(preview));
        m_previewShown = false;
    }
    if (m_previewShown)
        return;
    m_previewShown = true;
    const std::vector<CsvColumnInfo>& columns = m_columns;
    auto typeOf = [&columns](const std::string& name) {
        for (const CsvColumnInfo& c : columns)
            if (c.name == name)
                return QStringLiteral("\n") + qs(c.type)
                    + (c.missing > 0 ? QObject::tr(", %1 missing").arg(c.missing) : QString());
        return QString();
    };
    m_dataErrorLabel->setText(m_dataError);
    m_dataErrorLabel->setVisible(!m_dataError.isEmpty());
    m_previewTable->clear();
    m_previewTable->setRowCount(0);
    m_previewTable->setColumnCount(0);

    const bool wasInit = m_initializing;
    m_initializing = true;
    m_target->clear();
    if (!m_preview) {
        for (const CsvColumnInfo& c : columns)
            m_target->addItem(qs(c.name), qs(c.name));
        // No target named: the loader's default, the last column.
        setComboByData(m_target,
            d.target.empty() && !columns.empty() ? qs(columns.back().name) : qs(d.target));
        m_detected->setText(tr("(dataset not loaded)"));
        m_previewTable->setVisible(false);
        m_initializing = wasInit;
        return;
    }
    const Dataset& ds = *m_preview;
    m_detected->setText(
        tr("detected: %1 · %2 rows · %3 features%4")
            .arg(CoreText::text(toString(ds.task)))
            .arg(ds.rows())
            .arg(ds.features())
            .arg(ds.task == Task::Regression ? QString() : tr(" · %1 classes").arg(ds.classes())));
    if (!d.isBuiltin()) {
        // The target picker lists every column; the loader's choice is selected.
        QStringList columns;
        for (const std::string& f : ds.featureNames)
            columns << qs(f);
        columns << qs(ds.targetName);
        for (const QString& c : columns)
            m_target->addItem(c, c);
        setComboByData(m_target, qs(ds.targetName));
    }
    const int cols = static_cast<int>(ds.features()) + 1;
    const int rows = static_cast<int>(std::min<Index>(ds.rows(), kPreviewRows));
    m_previewTable->setColumnCount(cols);
    m_previewTable->setRowCount(rows);
    QStringList headers;
    for (const std::string& f : ds.featureNames)
        headers << qs(f) + typeOf(f);
    headers << tr("%1 (target)").arg(qs(ds.targetName)) + typeOf(ds.targetName);
    m_previewTable->setHorizontalHeaderLabels(headers);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c + 1 < cols; ++c)
            m_previewTable->setItem(
                r, c, new QTableWidgetItem(QString::number(ds.x(r, c), 'g', 5)));
        QString target = QString::number(ds.y(r, 0), 'g', 5);
        const auto cls = static_cast<std::size_t>(ds.y(r, 0));
        if (ds.task != Task::Regression && cls < ds.classLabels.size())
            target = qs(ds.classLabels[cls]);
        m_previewTable->setItem(r, cols - 1, new QTableWidgetItem(target));
    }
    m_previewTable->resizeColumnsToContents();
    m_previewTable->setVisible(true);
    m_initializing = wasInit;
}

void ExperimentPanel::refreshProblem()
{
    QString problem = this->problem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

QString ExperimentPanel::datasetError() const
{
    return m_dataError;
}

QString ExperimentPanel::problem() const
{
    if (!m_dataError.isEmpty())
        return tr("The dataset cannot be loaded (see above).");
    if (!m_hiddenOk)
        return tr("Hidden layers: write positive sizes separated by commas, e.g. 16,16.");
    const ModelInfo* model = findModel(m_spec.model.kind);
    if (model && model->hasHidden && m_spec.model.hidden.empty())
        return tr("An MLP needs at least one hidden layer, e.g. 16.");
    if (const auto task = effectiveTask(); task && model && !contains(model->tasks, *task))
        return tr("The %1 model cannot learn a %2 task: choose one of the enabled models.")
            .arg(qs(model->name), CoreText::text(toString(*task)));
    if (m_loss->count() == 0)
        return tr("No loss fits this model and task.");
    for (const NumberEdit* e :
        { m_lr, m_momentum, m_beta1, m_beta2, m_eps, m_alpha, m_weightDecay, m_gamma, m_etaMin })
        if (!e->isHidden() && !e->isValid())
            return tr("A number in the optimizer is out of range (marked red).");
    return m_runs->problem();
}

std::vector<int> ExperimentPanel::parseHidden(const QString& text, bool* ok)
{
    std::vector<int> sizes;
    *ok = true;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool partOk = false;
        const int v = part.trimmed().toInt(&partOk);
        if (!partOk || v <= 0) {
            *ok = false;
            return {};
        }
        sizes.push_back(v);
    }
    return sizes;
}

void ExperimentPanel::setEditable(bool editable)
{
    for (QGroupBox* box : m_groups)
        box->setEnabled(editable);
    m_runs->setEditable(editable);
}

} // namespace bitlab::ui
