#include "ui/widgets/runs_editor.h"

#include "core/engine/experiment.h"
#include "core/quant/conventions.h"
#include "core/quant/float_format.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"
#include "ui/core_text.h"
#include "ui/widgets/field_rows.h"
#include "ui/widgets/per_tensor_dialog.h"
#include "ui/widgets/quantizer_picker.h"
#include "ui/widgets/runs_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <initializer_list>

namespace bitlab::ui {

namespace {
QString modeHelp(TrainingMode m)
{
    switch (m) {
    case TrainingMode::PostUpdate:
        return QObject::tr("post_update: round after every update, w ← Q(w − lr·step).\n"
                           "The stored weights are always on the grid; with nearest rounding "
                           "training stalls once every |lr·step| is below half a grid step.");
    case TrainingMode::Ste:
        return QObject::tr("ste (quantization-aware training): keep latent full-precision "
                           "weights w; forward and gradient at Q(w); the gradient updates w "
                           "unchanged (straight-through estimator).");
    case TrainingMode::Ptq:
        return QObject::tr("ptq (post-training): train in full precision; the metrics are "
                           "those of Q(w) at each record, Q is never fed back.");
    }
    return {};
}
} // namespace

RunsEditor::RunsEditor(QWidget* parent)
    : QWidget(parent)
{
    m_model = new RunsModel(this);
    m_list = new QTreeView(this);
    m_list->setObjectName(QStringLiteral("runsList"));
    m_list->setModel(m_model);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->header()->setStretchLastSection(true);
    m_list->setColumnWidth(0, 120);
    m_list->setColumnWidth(1, 125);
    m_list->setMinimumHeight(80);
    m_list->setMaximumHeight(130);
    m_list->setToolTip(tr("Every run trains the same model from the same initial weights on "
                          "the same batches; only the quantizer differs.\nDouble-click a name "
                          "to rename it (empty = automatic name)."));

    m_add = new QPushButton(tr("Add twin"), this);
    m_add->setToolTip(tr("Add a quantized twin of the experiment (4-bit symmetric to start)."));
    m_duplicate = new QPushButton(tr("Duplicate"), this);
    m_duplicate->setToolTip(tr("Copy the selected run with its quantizer settings."));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Remove the selected run (the last run cannot be removed)."));
    m_rename = new QPushButton(tr("Rename"), this);
    m_rename->setToolTip(tr("Rename the selected run (F2)."));
    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QPushButton* b : { m_add, m_duplicate, m_rename, m_remove })
        buttons->addWidget(b);

    m_formTitle = new QLabel(this);
    m_formTitle->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_quantized = new QCheckBox(tr("Quantize this run"), this);
    m_quantized->setToolTip(tr("Off: a full-precision (fp64) run. On: the weights go through "
                               "the quantizer below."));
    m_convention = new QComboBox(this);
    m_convention->setObjectName(QStringLiteral("conventionCombo"));
    m_convention->addItem(tr("Custom"), QString());
    for (const QuantConvention& c : conventionRegistry()) {
        m_convention->addItem(QString::fromStdString(c.title), QString::fromStdString(c.name));
        m_convention->setItemData(
            m_convention->count() - 1, QString::fromStdString(c.equivalent), Qt::ToolTipRole);
    }
    m_convention->setToolTip(tr("Set scheme, range, rounding, mode and STE mask as a framework "
                                "does by default (docs/conventions.md). Bits are kept."));
    m_conventionFormula = new QLabel(this);
    m_conventionFormula->setObjectName(QStringLiteral("conventionFormula"));
    m_conventionFormula->setWordWrap(true);
    m_conventionFormula->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_conventionFormula->setStyleSheet(QStringLiteral("font-family: monospace; font-size: small;"));
    m_scheme = new QComboBox(this);
    for (const QuantizerInfo& q : quantizerRegistry()) {
        m_scheme->addItem(QString::fromStdString(q.name), QString::fromStdString(q.name));
        m_scheme->setItemData(m_scheme->count() - 1,
            CoreText::text(q.description) + QLatin1Char('\n') + QString::fromStdString(q.formula),
            Qt::ToolTipRole);
    }
    m_bits = new QSpinBox(this);
    m_bits->setToolTip(tr("Word length in bits, sign included: 2^bits codes."));
    m_fracBits = new QSpinBox(this);
    m_fracBits->setRange(-32, 32);
    m_fracBits->setToolTip(tr("Fractional bits f of the fixed-point format Q(bits−f).f:\n"
                              "q = clamp(round(w·2^f), −2^(bits−1), 2^(bits−1)−1), w' = q/2^f.\n"
                              "Grid step 2^−f, range ±2^(bits−1−f)."));
    m_narrow = new QCheckBox(tr("Narrow range"), this);
    m_narrow->setToolTip(
        tr("Narrow (Brevitas): codes ±(2^(bits−1)−1), scale = amax/(2^(bits−1)−1).\n"
           "Full (PyTorch per_tensor_symmetric): codes −2^(bits−1)…2^(bits−1)−1, "
           "scale = amax/((2^bits−1)/2)."));
    m_format = new QComboBox(this);
    for (const FloatFormatInfo& f : floatFormatRegistry()) {
        m_format->addItem(QString::fromStdString(f.name), QString::fromStdString(f.name));
        m_format->setItemData(
            m_format->count() - 1, QString::fromStdString(f.description), Qt::ToolTipRole);
    }
    m_format->addItem(tr("custom E/M"), QStringLiteral("custom"));
    m_format->setToolTip(tr("The float format: sign, E exponent bits, M mantissa bits, with "
                            "subnormals (docs/quantizers.md)."));
    m_expBits = new QSpinBox(this);
    m_expBits->setRange(kFloatMinExpBits, kFloatMaxExpBits);
    m_expBits->setToolTip(tr("Exponent bits E of the custom format (bias 2^(E−1)−1, IEEE-like "
                             "inf and NaN)."));
    m_manBits = new QSpinBox(this);
    m_manBits->setRange(kFloatMinManBits, kFloatMaxManBits);
    m_manBits->setToolTip(tr("Mantissa bits M of the custom format."));
    m_overflow = new QComboBox(this);
    for (const std::string& o : overflowNames())
        m_overflow->addItem(QString::fromStdString(o), QString::fromStdString(o));
    m_overflow->setToolTip(tr("saturate: beyond the largest finite value, clamp to it.\nformat: "
                              "what the format does (inf; NaN for e4m3): the run diverges."));
    m_scaling = new QComboBox(this);
    for (const std::string& o : scalingNames())
        m_scaling->addItem(QString::fromStdString(o), QString::fromStdString(o));
    m_scaling->setToolTip(
        tr("none: cast the weights as they are.\namax: divide by s = "
           "amax/max_finite (per tensor or channel) first, multiply back after."));
    m_element = new QComboBox(this);
    for (const std::string& e : mxElementNames())
        m_element->addItem(QString::fromStdString(e), QString::fromStdString(e));
    m_element->setToolTip(tr("MX element: e4m3, e5m2 (MXFP8), e3m2, e2m3 (MXFP6), e2m1 (MXFP4) "
                             "or int8 (MXINT8)."));
    m_block = new QSpinBox(this);
    m_block->setRange(kMinBlock, 4096);
    m_block->setToolTip(tr("Consecutive elements of a row that share one scale (MX: 32, NVFP4: "
                           "16); the last block of a row may be short."));
    m_granularity = new QComboBox(this);
    for (const std::string& g : granularityNames())
        m_granularity->addItem(QString::fromStdString(g), QString::fromStdString(g));
    m_granularity->setToolTip(tr("per_tensor: one scale for the whole tensor.\nper_channel: one "
                                 "scale per output row of a weight (a bias has one)."));
    m_observer = new QComboBox(this);
    m_observer->setObjectName(QStringLiteral("observerCombo"));
    for (const std::string& o : observerNames())
        m_observer->addItem(QString::fromStdString(o), QString::fromStdString(o));
    m_observer->setToolTip(
        tr("How the range [lo, hi] of the grid is chosen (symmetric: ±amax):\n"
           "minmax: the tensor's min and max now.\n"
           "moving_average: min += c·(min(w) − min), the same for max (PyTorch's "
           "MovingAverageMinMaxObserver).\n"
           "percentile: the p-th percentile of |w| (affine: of w on each side).\n"
           "mse: the clip k/100 of the min/max range with the least mean squared "
           "quantization error.\nValues outside the range are clipped (marked in the views)."));
    m_learn = new QComboBox(this);
    m_learn->setObjectName(QStringLiteral("learnCombo"));
    m_learn->addItem(tr("none"), QStringLiteral("none"));
    m_learn->addItem(tr("LSQ: learned step size"), QStringLiteral("lsq"));
    m_learn->addItem(tr("PACT: learned activation clip"), QStringLiteral("pact"));
    m_learn->setToolTip(
        tr("Quantizer parameters the optimizer learns (mode ste only):\n"
           "LSQ (Esser et al. 2020): each weight tensor's step s (symmetric scheme), and the "
           "hidden activations' with activation bits; s starts at 2·mean|w|/√Qp.\n"
           "PACT (Choi et al. 2018): a clip α per hidden layer, y = clamp(a, 0, α) on the "
           "activation grid (needs activation bits; relu or sigmoid).\nThe learned values are "
           "curves in the Loss tab (Learned steps and clips)."));
    m_rounding = new QComboBox(this);
    for (const std::string& r : roundingNames())
        m_rounding->addItem(QString::fromStdString(r), QString::fromStdString(r));
    m_rounding->setToolTip(tr("nearest: round half to even.\nstochastic: floor(x + u), u ~ U[0,1), "
                              "seeded per run — unbiased on average, lets tiny updates through."));
    m_mode = new QComboBox(this);
    QString modeTip;
    for (const std::string& m : modeNames()) {
        m_mode->addItem(QString::fromStdString(m), QString::fromStdString(m));
        const QString help = modeHelp(*modeFromString(m));
        m_mode->setItemData(m_mode->count() - 1, help, Qt::ToolTipRole);
        modeTip += (modeTip.isEmpty() ? QString() : QStringLiteral("\n\n")) + help;
    }
    m_mode->setToolTip(modeTip);
    m_quantizeBias = new QCheckBox(tr("Quantize biases"), this);
    m_quantizeBias->setToolTip(tr("Also put the biases on the grid (quantize_bias)."));
    m_steClip = new QCheckBox(tr("STE clip"), this);
    m_steClip->setToolTip(tr("ste only: zero the gradient where the unclamped rounded code lies "
                             "outside [qmin, qmax] (PyTorch's fake-quant mask)."));
    m_torchFloat32 = new QCheckBox(tr("float32 (PyTorch)"), this);
    m_torchFloat32->setToolTip(tr("Compute the scale, its inverse, w times the inverse and w' in "
                                  "float32, as PyTorch's FakeQuantize does, so the codes match "
                                  "torch's bit for bit (torch_float32; the PyTorch conventions "
                                  "turn it on)."));
    m_activationBits = new QSpinBox(this);
    m_activationBits->setRange(0, 16);
    m_activationBits->setSpecialValueText(tr("off"));
    m_activationBits->setToolTip(tr("MLP only: fake-quantize hidden activations with an affine "
                                    "grid of this many bits (min/max tracked as an EMA)."));
    m_gradients = new QuantizerPicker(this);
    m_gradients->setObjectName(QStringLiteral("gradientQuantizer"));
    m_gradients->setToolTip(tr("gradient_quantizer: every gradient is rounded to this format "
                               "before the optimizer sees it (float64: not rounded)."));
    m_state = new QuantizerPicker(this);
    m_state->setObjectName(QStringLiteral("stateQuantizer"));
    m_state->setToolTip(tr("state_quantizer: the optimizer's state (momentum buffer, Adam's m "
                           "and v, RMSprop's and Adagrad's accumulators) is stored rounded to "
                           "this format after each update (float64: not rounded)."));
    m_formula = new QLabel(this);
    m_formula->setWordWrap(true);
    m_formula->setStyleSheet(QStringLiteral("color: palette(dark); font-size: small;"));
    m_applyLive = new QPushButton(tr("Apply to the paused run"), this);
    m_applyLive->setObjectName(QStringLiteral("applyGridButton"));
    m_applyLive->setToolTip(
        tr("Change this run's grid from the current step on: its weights re-snap onto the new "
           "grid at once and training continues on it when you resume (F5).\nOnly the scheme, "
           "bits and fraction bits of a quantized run can change mid-run; the other settings "
           "stay as the run started.\nThe Loss view marks the step with a dashed line.\nSave "
           "still writes the original quantizer: an experiment file describes every run from "
           "step 0."));
    m_liveHint = new QLabel(this);
    m_liveHint->setWordWrap(true);
    // Room for three wrapped lines: the scroll area does not grow a label by its wrapped height.
    m_liveHint->setMinimumHeight(3 * m_liveHint->fontMetrics().lineSpacing() + 4);
    m_liveHint->setStyleSheet(QStringLiteral("color: palette(dark); font-size: small;"));
    m_quantized->setObjectName(QStringLiteral("quantizedCheck"));
    m_scheme->setObjectName(QStringLiteral("schemeCombo"));
    m_bits->setObjectName(QStringLiteral("bitsSpin"));
    m_fracBits->setObjectName(QStringLiteral("fracBitsSpin"));
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_expBits->setObjectName(QStringLiteral("expBitsSpin"));
    m_manBits->setObjectName(QStringLiteral("manBitsSpin"));
    m_overflow->setObjectName(QStringLiteral("overflowCombo"));
    m_scaling->setObjectName(QStringLiteral("scalingCombo"));
    m_element->setObjectName(QStringLiteral("elementCombo"));
    m_block->setObjectName(QStringLiteral("blockSpin"));
    m_mode->setObjectName(QStringLiteral("modeCombo"));

    m_form = new QFormLayout;
    m_form->setContentsMargins(0, 4, 0, 0);
    m_form->addRow(m_formTitle);
    m_form->addRow(m_quantized);
    m_form->addRow(tr("Convention"), m_convention);
    m_form->addRow(m_conventionFormula);
    m_form->addRow(tr("Scheme"), m_scheme);
    m_form->addRow(tr("Bits"), m_bits);
    m_form->addRow(tr("Fraction bits"), m_fracBits);
    m_form->addRow(QString(), m_narrow);
    m_form->addRow(tr("Format"), m_format);
    m_form->addRow(tr("Exponent bits"), m_expBits);
    m_form->addRow(tr("Mantissa bits"), m_manBits);
    m_form->addRow(tr("Overflow"), m_overflow);
    m_form->addRow(tr("Scaling"), m_scaling);
    m_form->addRow(tr("Element"), m_element);
    m_form->addRow(tr("Block size"), m_block);
    m_form->addRow(tr("Granularity"), m_granularity);
    m_form->addRow(tr("Observer"), m_observer);
    m_form->addRow(tr("Rounding"), m_rounding);
    m_form->addRow(tr("Mode"), m_mode);
    m_form->addRow(tr("Learn"), m_learn);
    {
        // The observer's settings and ptq calibration, straight from the field table.
        static const std::vector<Field<QuantizerSpec>> observerFields = [] {
            std::vector<Field<QuantizerSpec>> f;
            for (const char* key : { "averaging", "percentile", "calibration_batches" })
                f.push_back(*findField(quantizerFields(), key));
            return f;
        }();
        m_observerRows
            = std::make_unique<FieldRows<QuantizerSpec>>(observerFields, m_form, this, [this] {
                  if (!m_loadingForm && !m_live)
                      readForm();
              });
    }
    // The two flags share a row, as one widget: the form hides the row as a whole (a row
    // whose field is a layout of directly hidden widgets confuses QFormLayout in Qt 6.4).
    // PyTorch's float32 arithmetic takes a line of its own, so the box stays narrow enough
    // for the panel's scroll area.
    m_flagsBox = new QWidget(this);
    auto* flagLines = new QVBoxLayout(m_flagsBox);
    flagLines->setContentsMargins(0, 0, 0, 0);
    auto* flags = new QHBoxLayout;
    flags->addWidget(m_quantizeBias);
    flags->addWidget(m_steClip);
    flags->addStretch(1);
    flagLines->addLayout(flags);
    flagLines->addWidget(m_torchFloat32);
    m_form->addRow(QString(), m_flagsBox);
    m_form->addRow(tr("Activation bits"), m_activationBits);
    m_perTensor = new QPushButton(tr("Per-layer bits…"), this);
    m_perTensor->setObjectName(QStringLiteral("perTensorButton"));
    m_perTensor->setToolTip(tr("Give each layer's weight and bias its own bits and observer, "
                               "and each hidden activation its own bits and learning "
                               "(per_tensor): a mixed-precision run."));
    m_form->addRow(QString(), m_perTensor);
    connect(m_perTensor, &QPushButton::clicked, this, [this] {
        if (PerTensorDialog* d = openPerTensor())
            d->open();
    });
    m_form->addRow(m_formula);
    m_form->addRow(tr("Gradients"), m_gradients);
    m_form->addRow(tr("Optimizer state"), m_state);

    m_formBox = new QWidget(this);
    m_formBox->setLayout(m_form);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(m_formBox);
    // Outside the form: QFormLayout (Qt 6.4) corrupts memory when a spanning row's widget
    // is shown or hidden directly, so the paused-run controls live in their own box.
    m_liveBox = new QWidget(this);
    auto* live = new QVBoxLayout(m_liveBox);
    live->setContentsMargins(0, 2, 0, 0);
    live->addWidget(m_liveHint);
    live->addWidget(m_applyLive);
    m_liveBox->setVisible(false);
    layout->addWidget(m_liveBox);

    connect(m_add, &QPushButton::clicked, this, &RunsEditor::addQuantizedRun);
    connect(m_duplicate, &QPushButton::clicked, this, &RunsEditor::duplicateRun);
    connect(m_remove, &QPushButton::clicked, this, &RunsEditor::removeRun);
    // The editor starts from the explicit name (EditRole): an automatic one starts empty.
    connect(m_rename, &QPushButton::clicked, this,
        [this] { m_list->edit(m_model->index(currentRun(), RunsModel::NameColumn)); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &RunsEditor::loadForm);
    connect(m_model, &RunsModel::renamed, this, [this] {
        loadForm();
        emit runsChanged();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RunsEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RunsEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsEditor::updateButtons);
    auto edited = [this] {
        if (m_loadingForm)
            return;
        if (m_live)
            readLiveForm();
        else
            readForm();
    };
    connect(m_applyLive, &QPushButton::clicked, this, [this] {
        if (m_live && m_pendingLive)
            emit quantizerChangeRequested(currentRun(), *m_pendingLive);
    });
    connect(m_convention, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loadingForm)
            setConvention(m_convention->currentData().toString());
    });
    connect(m_quantized, &QCheckBox::toggled, this, edited);
    connect(m_scheme, &QComboBox::currentIndexChanged, this, edited);
    connect(m_bits, &QSpinBox::valueChanged, this, edited);
    connect(m_fracBits, &QSpinBox::valueChanged, this, edited);
    connect(m_narrow, &QCheckBox::toggled, this, edited);
    for (QComboBox* c : { m_format, m_overflow, m_scaling, m_element })
        connect(c, &QComboBox::currentIndexChanged, this, edited);
    for (QSpinBox* b : { m_expBits, m_manBits, m_block })
        connect(b, &QSpinBox::valueChanged, this, edited);
    connect(m_granularity, &QComboBox::currentIndexChanged, this, edited);
    connect(m_observer, &QComboBox::currentIndexChanged, this, edited);
    connect(m_rounding, &QComboBox::currentIndexChanged, this, edited);
    connect(m_mode, &QComboBox::currentIndexChanged, this, edited);
    connect(m_learn, &QComboBox::currentIndexChanged, this, edited);
    connect(m_quantizeBias, &QCheckBox::toggled, this, edited);
    connect(m_steClip, &QCheckBox::toggled, this, edited);
    connect(m_torchFloat32, &QCheckBox::toggled, this, edited);
    connect(m_activationBits, &QSpinBox::valueChanged, this, edited);
    for (QuantizerPicker* p : { m_gradients, m_state })
        connect(p, &QuantizerPicker::edited, this, [this] {
            const int run = currentRun();
            if (m_loadingForm || m_live || !m_model->isRun(run))
                return;
            m_model->setRoundedQuantities(run, m_gradients->spec(), m_state->spec());
            loadForm();
            emit runsChanged();
        });
}

RunsEditor::~RunsEditor() = default;

void RunsEditor::setRuns(const std::vector<RunSpec>& runs)
{
    const int keep = currentRun();
    m_pendingLive.reset();
    m_leftSchemes.clear();
    m_model->setRuns(runs);
    m_list->setCurrentIndex(m_model->index(std::min(keep, m_model->rowCount() - 1), 0));
    loadForm();
}

void RunsEditor::updateButtons()
{
    m_remove->setEnabled(m_editable && m_model->rowCount() > 1);
}

void RunsEditor::setEditable(bool editable)
{
    m_editable = editable;
    m_formBox->setEnabled(editable);
    for (QPushButton* b : { m_add, m_duplicate, m_rename })
        b->setEnabled(editable);
    updateButtons();
    m_list->setEditTriggers(editable
            ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
            : QAbstractItemView::NoEditTriggers);
    if (editable)
        m_live = false;
    loadForm(); // back from a paused run: the form shows the runs as written again
}

void RunsEditor::setLiveEditing(bool on)
{
    if (on == m_live)
        return;
    m_live = on && !m_editable;
    loadForm();
}

void RunsEditor::setLiveQuantizer(int run, const QuantizerSpec& quantizer, qint64 step)
{
    if (!m_model->isRun(run))
        return;
    m_model->setLiveQuantizer(run, quantizer, step);
    if (run == currentRun())
        loadForm();
}

void RunsEditor::clearLiveQuantizers()
{
    m_model->clearLiveQuantizers();
    m_pendingLive.reset();
    loadForm();
}

void RunsEditor::setTensorNames(const std::vector<std::string>& names)
{
    m_tensorNames = names;
    updateFormVisibility();
}

PerTensorDialog* RunsEditor::openPerTensor()
{
    const int run = currentRun();
    if (!m_model->isRun(run) || !m_model->run(run).quantizer || m_tensorNames.empty())
        return nullptr;
    auto* dialog = new PerTensorDialog(
        *m_model->run(run).quantizer, m_model->run(run).perTensor, m_tensorNames, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, run, dialog] {
        if (!m_model->isRun(run))
            return;
        m_model->setPerTensor(run, dialog->perTensor());
        loadForm();
        emit runsChanged();
    });
    return dialog;
}

void RunsEditor::setModelHasActivations(bool on)
{
    m_activations = on;
    updateFormVisibility();
}

int RunsEditor::currentRun() const
{
    const int i = m_list->currentIndex().row();
    return i < 0 ? 0 : i;
}

void RunsEditor::setCurrentRun(int run)
{
    if (m_model->isRun(run))
        m_list->setCurrentIndex(m_model->index(run, RunsModel::NameColumn));
}

void RunsEditor::loadForm()
{
    const int run = currentRun();
    if (!m_model->isRun(run))
        return;
    const RunSpec& r = m_model->run(run);
    m_pendingLive.reset();
    {
        const QScopedValueRollback<bool> loading(m_loadingForm, true);
        m_formTitle->setText(tr("Run “%1”").arg(displayName(run)));
        // While paused the form shows (and edits) the grid the run uses now.
        const std::optional<QuantizerSpec> current = m_live ? effectiveQuantizer(run) : r.quantizer;
        m_quantized->setChecked(current.has_value());
        const QuantizerSpec q = current.value_or(QuantizerSpec {});
        m_scheme->setCurrentIndex(
            std::max(0, m_scheme->findData(QString::fromStdString(q.scheme))));
        showGrid(q);
        m_granularity->setCurrentIndex(
            m_granularity->findData(QString::fromUtf8(toString(q.granularity))));
        m_observer->setCurrentIndex(m_observer->findData(QString::fromUtf8(toString(q.observer))));
        m_observerRows->write(q);
        m_rounding->setCurrentIndex(m_rounding->findData(QString::fromUtf8(toString(q.rounding))));
        m_mode->setCurrentIndex(m_mode->findData(QString::fromUtf8(toString(q.mode))));
        m_learn->setCurrentIndex(
            std::max(0, m_learn->findData(QString::fromUtf8(toString(q.learn)))));
        m_quantizeBias->setChecked(q.quantizeBias);
        m_steClip->setChecked(q.steClip);
        m_torchFloat32->setChecked(q.torchFloat32);
        m_activationBits->setValue(q.activationBits);
        m_gradients->setSpec(r.gradientQuantizer);
        m_state->setSpec(r.stateQuantizer);
        const std::string convention = r.quantizer ? matchConvention(q) : std::string();
        m_convention->setCurrentIndex(
            std::max(0, m_convention->findData(QString::fromStdString(convention))));
        if (const QuantConvention* c = findConvention(convention)) {
            m_conventionFormula->setText(QString::fromStdString(conventionFormula(convention, q)));
            m_conventionFormula->setToolTip(
                QString::fromStdString(c->equivalent + "\n\n" + c->differences));
        } else {
            m_conventionFormula->clear();
            m_conventionFormula->setToolTip(QString());
        }
    }
    updateFormVisibility();
    updateLiveControls();
}

void RunsEditor::showGrid(const QuantizerSpec& q)
{
    const QScopedValueRollback<bool> loading(m_loadingForm, true);
    if (const QuantizerInfo* info = findQuantizer(q.scheme))
        m_bits->setRange(info->minBits, info->maxBits);
    m_bits->setValue(q.bits);
    m_fracBits->setValue(q.fracBits);
    m_narrow->setChecked(q.narrowRange);
    m_format->setCurrentIndex(std::max(0, m_format->findData(QString::fromStdString(q.format))));
    m_expBits->setValue(q.expBits);
    m_manBits->setValue(q.manBits);
    m_overflow->setCurrentIndex(m_overflow->findData(QString::fromUtf8(toString(q.overflow))));
    m_scaling->setCurrentIndex(m_scaling->findData(QString::fromUtf8(toString(q.scaling))));
    m_element->setCurrentIndex(std::max(0, m_element->findData(QString::fromStdString(q.element))));
    m_block->setValue(q.block);
}

QuantizerSpec RunsEditor::formGrid(QuantizerSpec q) const
{
    q.bits = m_bits->value();
    q.fracBits = m_fracBits->value();
    q.narrowRange = m_narrow->isChecked();
    q.format = m_format->currentData().toString().toStdString();
    q.expBits = m_expBits->value();
    q.manBits = m_manBits->value();
    q.overflow = *overflowFromString(m_overflow->currentData().toString().toStdString());
    q.scaling = *scalingFromString(m_scaling->currentData().toString().toStdString());
    q.element = m_element->currentData().toString().toStdString();
    q.block = m_block->value();
    return q;
}

QuantizerSpec RunsEditor::schemeDefaults(const QuantizerInfo& info, bool keepBits) const
{
    QuantizerSpec q = info.defaults;
    q.scheme = info.name;
    if (keepBits && info.hasBits)
        q.bits = std::clamp(m_bits->value(), info.minBits, info.maxBits);
    return q;
}

QuantizerSpec RunsEditor::switchScheme(
    int run, const std::optional<QuantizerSpec>& from, const QuantizerInfo& to)
{
    if (from)
        m_leftSchemes[{ run, from->scheme }] = *from;
    if (const auto it = m_leftSchemes.find({ run, to.name }); it != m_leftSchemes.end())
        return it->second;
    return schemeDefaults(to, from.has_value());
}

void RunsEditor::readLiveForm()
{
    const int run = currentRun();
    const std::optional<QuantizerSpec> current = effectiveQuantizer(run);
    if (!current)
        return;
    const std::string scheme = m_scheme->currentData().toString().toStdString();
    const QuantizerInfo* info = findQuantizer(scheme);
    QuantizerSpec q = formGrid(*current);
    if (scheme != current->scheme && info) {
        // Another scheme starts from its defaults (or the grid the run had under it) but
        // keeps how the run trains.
        q = switchScheme(run, formGrid(*current), *info);
        q.mode = current->mode;
        q.rounding = current->rounding;
        q.granularity = current->granularity;
        q.quantizeBias = current->quantizeBias;
        q.steClip = current->steClip;
        q.torchFloat32 = info->usesTorchFloat32 && current->torchFloat32;
        q.observer = observerApplies(q) ? current->observer : RangeObserver::MinMax;
        q.averaging = current->averaging;
        q.percentile = current->percentile;
        q.calibrationBatches = current->calibrationBatches;
        q.activationBits = current->activationBits;
        q.learn = current->learn;
        showGrid(q);
    }
    const bool same = q.scheme == current->scheme && q.bits == current->bits
        && q.fracBits == current->fracBits && q.narrowRange == current->narrowRange
        && q.format == current->format && q.expBits == current->expBits
        && q.manBits == current->manBits && q.overflow == current->overflow
        && q.scaling == current->scaling && q.element == current->element
        && q.block == current->block;
    if (same)
        m_pendingLive.reset();
    else
        m_pendingLive = q;
    updateFormVisibility();
    updateLiveControls();
}

void RunsEditor::updateLiveControls()
{
    const int run = currentRun();
    const bool quantized = effectiveQuantizer(run).has_value();
    m_liveBox->setVisible(m_live);
    if (!m_live) {
        for (QWidget* w : std::initializer_list<QWidget*> { m_quantized, m_scheme, m_bits,
                 m_fracBits, m_narrow, m_granularity, m_rounding, m_mode, m_quantizeBias,
                 m_activationBits, m_convention, m_format, m_expBits, m_manBits, m_overflow,
                 m_scaling, m_element, m_block, m_observer, m_learn, m_gradients, m_state })
            w->setEnabled(true);
        for (const char* key : { "averaging", "percentile", "calibration_batches" })
            m_observerRows->setEnabled(key, true);
        m_formBox->setEnabled(m_editable);
        return;
    }
    // Paused: the grid of a quantized run may change; everything else stays as it started.
    m_formBox->setEnabled(true);
    for (QWidget* w : std::initializer_list<QWidget*> { m_quantized, m_convention, m_granularity,
             m_rounding, m_mode, m_quantizeBias, m_steClip, m_torchFloat32, m_activationBits,
             m_observer, m_learn, m_gradients, m_state })
        w->setEnabled(false);
    for (const char* key : { "averaging", "percentile", "calibration_batches" })
        m_observerRows->setEnabled(key, false);
    for (QWidget* w : std::initializer_list<QWidget*> { m_scheme, m_bits, m_fracBits, m_narrow,
             m_format, m_expBits, m_manBits, m_overflow, m_scaling, m_element, m_block })
        w->setEnabled(quantized);
    m_applyLive->setEnabled(quantized && m_pendingLive.has_value());
    QString hint;
    if (!quantized)
        hint = tr("Paused: select a quantized run to change its grid.");
    else if (m_pendingLive)
        hint = tr("Paused: apply to re-snap this run's weights onto the new grid.");
    else
        hint = tr("Paused: the scheme, bits and fraction bits can change from this step on.");
    if (const std::optional<qint64> step = m_model->liveChangeStep(run))
        hint += QLatin1Char(' ') + tr("Changed at step %1; Save keeps the original.").arg(*step);
    m_liveHint->setText(hint);
}

void RunsEditor::setConvention(const QString& name)
{
    const int run = currentRun();
    if (name.isEmpty() || !m_model->isRun(run) || !findConvention(name.toStdString()))
        return;
    const RunSpec& r = m_model->run(run);
    if (!r.quantizer)
        return; // a full-precision run has nothing to set (the picker is hidden there)
    const LearnMode before = r.quantizer->learn;
    m_model->setQuantizer(run, bitlab::applyConvention(name.toStdString(), *r.quantizer));
    loadForm();
    // A learned step or clip the convention's grid cannot learn is gone: say so under the
    // formula (the Learn row shows "none" now) rather than drop it silently.
    if (before != LearnMode::None && m_model->run(run).quantizer->learn == LearnMode::None) {
        const QString note
            = tr("Learn %1 is off now: %2 cannot learn it (LSQ needs a symmetric "
                 "grid in mode ste with nearest rounding, PACT mode ste).")
                  .arg(QString::fromLatin1(toString(before)), m_convention->currentText());
        m_conventionFormula->setText(m_conventionFormula->text().isEmpty()
                ? note
                : m_conventionFormula->text() + QLatin1Char('\n') + note);
    }
    emit runsChanged();
}

QString RunsEditor::convention() const
{
    const int run = currentRun();
    if (!m_model->isRun(run))
        return {};
    const RunSpec& r = m_model->run(run);
    return r.quantizer ? QString::fromStdString(matchConvention(*r.quantizer)) : QString();
}

void RunsEditor::readForm()
{
    const int run = currentRun();
    if (!m_model->isRun(run))
        return;
    const RunSpec& r = m_model->run(run);
    if (!m_quantized->isChecked()) {
        m_model->setQuantizer(run, std::nullopt);
    } else {
        const std::string scheme = m_scheme->currentData().toString().toStdString();
        const QuantizerInfo* info = findQuantizer(scheme);
        QuantizerSpec q;
        if (r.quantizer && r.quantizer->scheme == scheme)
            q = formGrid(*r.quantizer);
        else if (info) // back to a scheme: its earlier grid; else the scheme's defaults
            q = switchScheme(run, r.quantizer, *info);
        q.granularity
            = *granularityFromString(m_granularity->currentData().toString().toStdString());
        m_observerRows->read(q);
        q.observer = *observerFromString(m_observer->currentData().toString().toStdString());
        q.rounding = *roundingFromString(m_rounding->currentData().toString().toStdString());
        q.mode = *modeFromString(m_mode->currentData().toString().toStdString());
        q.quantizeBias = m_quantizeBias->isChecked();
        q.steClip = q.mode == TrainingMode::Ste && m_steClip->isChecked();
        q.torchFloat32 = info && info->usesTorchFloat32 && m_torchFloat32->isChecked();
        q.activationBits = m_activations ? m_activationBits->value() : 0;
        // Learned parameters need ste; LSQ's step replaces the observer.
        q.learn = q.mode == TrainingMode::Ste
            ? *learnFromString(m_learn->currentData().toString().toStdString())
            : LearnMode::None;
        if (!observerApplies(q) || q.learn == LearnMode::Lsq)
            q.observer = RangeObserver::MinMax; // a scheme without a range (or scaling none)
        if (q.mode != TrainingMode::Ptq)
            q.calibrationBatches = 0; // read by ptq only
        m_model->setQuantizer(run, q);
    }
    loadForm();
    emit runsChanged();
}

void RunsEditor::updateFormVisibility()
{
    const int run = currentRun();
    const bool quantized = m_model->isRun(run) && m_model->run(run).quantizer.has_value();
    const QuantizerInfo* info = findQuantizer(m_scheme->currentData().toString().toStdString());
    const bool ste = m_mode->currentData().toString() == QLatin1String("ste");
    m_form->setRowVisible(m_convention, quantized);
    m_form->setRowVisible(m_conventionFormula, quantized && !m_conventionFormula->text().isEmpty());
    m_form->setRowVisible(m_scheme, quantized);
    m_form->setRowVisible(m_bits, quantized && (!info || info->hasBits));
    m_form->setRowVisible(m_fracBits, quantized && info && info->usesFracBits);
    m_form->setRowVisible(m_narrow, quantized && info && info->usesNarrowRange);
    const bool floats = quantized && info && info->usesFloatFormat;
    const bool custom = m_format->currentData().toString() == QLatin1String("custom");
    m_form->setRowVisible(m_format, floats);
    m_form->setRowVisible(m_expBits, floats && custom);
    m_form->setRowVisible(m_manBits, floats && custom);
    m_form->setRowVisible(m_overflow, floats);
    m_form->setRowVisible(m_scaling, floats);
    m_form->setRowVisible(m_element, quantized && info && info->usesMxElement);
    m_form->setRowVisible(m_block, quantized && info && info->usesBlock);
    m_form->setRowVisible(m_granularity, quantized);
    {
        // The observer row where the scheme has a range; its settings where they are read.
        QuantizerSpec shown = quantized ? *m_model->run(run).quantizer : QuantizerSpec {};
        if (info)
            shown.scheme = info->name;
        shown.scaling = *scalingFromString(m_scaling->currentData().toString().toStdString());
        shown.observer = *observerFromString(m_observer->currentData().toString().toStdString());
        shown.mode = *modeFromString(m_mode->currentData().toString().toStdString());
        const bool lsq = ste && m_learn->currentData().toString() == QLatin1String("lsq");
        m_form->setRowVisible(m_observer, quantized && observerApplies(shown) && !lsq);
        m_observerRows->refresh(shown);
        if (!quantized)
            for (const char* key : { "averaging", "percentile", "calibration_batches" })
                m_form->setRowVisible(m_observerRows->widget(key), false);
    }
    m_form->setRowVisible(m_rounding, quantized);
    m_form->setRowVisible(m_mode, quantized);
    m_form->setRowVisible(m_learn, quantized && ste);
    m_form->setRowVisible(m_flagsBox, quantized);
    m_torchFloat32->setVisible(quantized && info && info->usesTorchFloat32);
    m_steClip->setEnabled(ste);
    m_steClip->setToolTip(ste ? tr("Zero the gradient where the unclamped rounded code lies "
                                   "outside [qmin, qmax] (PyTorch's fake-quant mask).")
                              : tr("Only for mode ste (quantization-aware training)."));
    m_form->setRowVisible(m_activationBits, quantized && m_activations);
    m_form->setRowVisible(
        m_perTensor, quantized && info && info->hasBits && !m_tensorNames.empty());
    if (quantized && !m_model->run(run).perTensor.empty())
        m_perTensor->setText(tr(
            "Per-layer bits… (%n set)", "", static_cast<int>(m_model->run(run).perTensor.size())));
    else
        m_perTensor->setText(tr("Per-layer bits…"));
    m_form->setRowVisible(m_formula, quantized && info);
    if (info)
        m_formula->setText(QString::fromStdString(info->formula));
}

void RunsEditor::addQuantizedRun()
{
    m_leftSchemes.clear(); // the rows move
    RunSpec r;
    const QuantizerInfo* info = findQuantizer("symmetric");
    if (!info && !quantizerRegistry().empty())
        info = &quantizerRegistry().front();
    QuantizerSpec q = info ? info->defaults : QuantizerSpec {};
    if (info) {
        q.scheme = info->name;
        if (info->hasBits)
            q.bits = std::clamp(4, info->minBits, info->maxBits);
    }
    r.quantizer = q;
    m_model->insertRun(m_model->rowCount(), r);
    setCurrentRun(m_model->rowCount() - 1);
    emit runsChanged();
}

void RunsEditor::duplicateRun()
{
    m_leftSchemes.clear(); // the rows move
    const int run = currentRun();
    RunSpec copy = m_model->run(run);
    if (!copy.name.empty())
        copy.name += "-copy";
    m_model->insertRun(run + 1, copy); // a new row: no status, no grid change
    setCurrentRun(run + 1);
    emit runsChanged();
}

void RunsEditor::removeRun()
{
    if (m_model->rowCount() <= 1)
        return;
    const int run = currentRun();
    m_leftSchemes.clear(); // the rows move
    m_model->removeRun(run);
    setCurrentRun(std::min(run, m_model->rowCount() - 1));
    loadForm();
    emit runsChanged();
}

void RunsEditor::renameRun(int run, const QString& name)
{
    // Through the model, as the list's inline editor does (RunsModel::renamed follows).
    if (m_model->isRun(run))
        m_model->setData(m_model->index(run, RunsModel::NameColumn), name);
}

} // namespace bitlab::ui
