#include "ui/widgets/quantizer_fields.h"

#include "core/quant/conventions.h"
#include "core/quant/float_format.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"
#include "ui/core_text.h"
#include "ui/widgets/form_util.h"
#include "ui/widgets/quantizer_picker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
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

QuantizerFields::QuantizerFields(QWidget* parent)
{
    title = new QLabel(parent);
    title->setStyleSheet(QStringLiteral("font-weight: 600;"));
    quantized = new QCheckBox(tr("Quantize this run"), parent);
    quantized->setToolTip(tr("Off: a full-precision (fp64) run. On: the weights go through "
                             "the quantizer below."));
    convention = new QComboBox(parent);
    convention->setObjectName(QStringLiteral("conventionCombo"));
    convention->addItem(tr("Custom"), QString());
    for (const QuantConvention& c : conventionRegistry()) {
        convention->addItem(QString::fromStdString(c.title), QString::fromStdString(c.name));
        convention->setItemData(
            convention->count() - 1, QString::fromStdString(c.equivalent), Qt::ToolTipRole);
    }
    convention->setToolTip(tr("Set scheme, range, rounding, mode and STE mask as a framework "
                              "does by default (docs/conventions.md). Bits are kept."));
    conventionFormula = new QLabel(parent);
    conventionFormula->setObjectName(QStringLiteral("conventionFormula"));
    conventionFormula->setWordWrap(true);
    conventionFormula->setTextInteractionFlags(Qt::TextSelectableByMouse);
    conventionFormula->setStyleSheet(QStringLiteral("font-family: monospace; font-size: small;"));
    scheme = new QComboBox(parent);
    addSchemeItems(scheme);
    bits = new QSpinBox(parent);
    bits->setToolTip(tr("Word length in bits, sign included: 2^bits codes."));
    fracBits = new QSpinBox(parent);
    fracBits->setRange(-32, 32);
    fracBits->setToolTip(tr("Fractional bits f of the fixed-point format Q(bits−f).f:\n"
                            "q = clamp(round(w·2^f), −2^(bits−1), 2^(bits−1)−1), w' = q/2^f.\n"
                            "Grid step 2^−f, range ±2^(bits−1−f)."));
    narrow = new QCheckBox(tr("Narrow range"), parent);
    narrow->setToolTip(tr("Narrow (Brevitas): codes ±(2^(bits−1)−1), scale = amax/(2^(bits−1)−1).\n"
                          "Full (PyTorch per_tensor_symmetric): codes −2^(bits−1)…2^(bits−1)−1, "
                          "scale = amax/((2^bits−1)/2)."));
    format = new QComboBox(parent);
    for (const FloatFormatInfo& f : floatFormatRegistry()) {
        format->addItem(QString::fromStdString(f.name), QString::fromStdString(f.name));
        format->setItemData(
            format->count() - 1, QString::fromStdString(f.description), Qt::ToolTipRole);
    }
    format->addItem(tr("custom E/M"), QStringLiteral("custom"));
    format->setToolTip(tr("The float format: sign, E exponent bits, M mantissa bits, with "
                          "subnormals (docs/quantizers.md)."));
    expBits = new QSpinBox(parent);
    expBits->setRange(kFloatMinExpBits, kFloatMaxExpBits);
    expBits->setToolTip(tr("Exponent bits E of the custom format (bias 2^(E−1)−1, IEEE-like "
                           "inf and NaN)."));
    manBits = new QSpinBox(parent);
    manBits->setRange(kFloatMinManBits, kFloatMaxManBits);
    manBits->setToolTip(tr("Mantissa bits M of the custom format."));
    overflow = new QComboBox(parent);
    addNames(overflow, overflowNames());
    overflow->setToolTip(tr("saturate: beyond the largest finite value, clamp to it.\nformat: "
                            "what the format does (inf; NaN for e4m3): the run diverges."));
    scaling = new QComboBox(parent);
    addNames(scaling, scalingNames());
    scaling->setToolTip(tr("none: cast the weights as they are.\namax: divide by s = "
                           "amax/max_finite (per tensor or channel) first, multiply back after."));
    element = new QComboBox(parent);
    addNames(element, mxElementNames());
    element->setToolTip(tr("MX element: e4m3, e5m2 (MXFP8), e3m2, e2m3 (MXFP6), e2m1 (MXFP4) "
                           "or int8 (MXINT8)."));
    block = new QSpinBox(parent);
    block->setRange(kMinBlock, 4096);
    block->setToolTip(tr("Consecutive elements of a row that share one scale (MX: 32, NVFP4: "
                         "16); the last block of a row may be short."));
    granularity = new QComboBox(parent);
    addNames(granularity, granularityNames());
    granularity->setToolTip(tr("per_tensor: one scale for the whole tensor.\nper_channel: one "
                               "scale per output row of a weight (a bias has one)."));
    observer = new QComboBox(parent);
    observer->setObjectName(QStringLiteral("observerCombo"));
    addNames(observer, observerNames());
    observer->setToolTip(
        tr("How the range [lo, hi] of the grid is chosen (symmetric: ±amax):\n"
           "minmax: the tensor's min and max now.\n"
           "moving_average: min += c·(min(w) − min), the same for max (PyTorch's "
           "MovingAverageMinMaxObserver).\n"
           "percentile: the p-th percentile of |w| (affine: of w on each side).\n"
           "mse: the clip k/100 of the min/max range with the least mean squared "
           "quantization error.\nValues outside the range are clipped (marked in the views)."));
    learn = new QComboBox(parent);
    learn->setObjectName(QStringLiteral("learnCombo"));
    learn->addItem(tr("none"), QStringLiteral("none"));
    learn->addItem(tr("LSQ: learned step size"), QStringLiteral("lsq"));
    learn->addItem(tr("PACT: learned activation clip"), QStringLiteral("pact"));
    learn->setToolTip(
        tr("Quantizer parameters the optimizer learns (mode ste only):\n"
           "LSQ (Esser et al. 2020): each weight tensor's step s (symmetric scheme), and the "
           "hidden activations' with activation bits; s starts at 2·mean|w|/√Qp.\n"
           "PACT (Choi et al. 2018): a clip α per hidden layer, y = clamp(a, 0, α) on the "
           "activation grid (needs activation bits; relu or sigmoid).\nThe learned values are "
           "curves in the Loss tab (Learned steps and clips)."));
    rounding = new QComboBox(parent);
    addNames(rounding, roundingNames());
    rounding->setToolTip(tr("nearest: round half to even.\nstochastic: floor(x + u), u ~ U[0,1), "
                            "seeded per run — unbiased on average, lets tiny updates through."));
    mode = new QComboBox(parent);
    QString modeTip;
    for (const std::string& m : modeNames()) {
        mode->addItem(QString::fromStdString(m), QString::fromStdString(m));
        const QString help = modeHelp(*modeFromString(m));
        mode->setItemData(mode->count() - 1, help, Qt::ToolTipRole);
        modeTip += (modeTip.isEmpty() ? QString() : QStringLiteral("\n\n")) + help;
    }
    mode->setToolTip(modeTip);
    quantizeBias = new QCheckBox(tr("Quantize biases"), parent);
    quantizeBias->setToolTip(tr("Also put the biases on the grid (quantize_bias)."));
    steClip = new QCheckBox(tr("STE clip"), parent);
    steClip->setToolTip(tr("ste only: zero the gradient where the unclamped rounded code lies "
                           "outside [qmin, qmax] (PyTorch's fake-quant mask)."));
    torchFloat32 = new QCheckBox(tr("float32 (PyTorch)"), parent);
    torchFloat32->setToolTip(tr("Compute the scale, its inverse, w times the inverse and w' in "
                                "float32, as PyTorch's FakeQuantize does, so the codes match "
                                "torch's bit for bit (torch_float32; the PyTorch conventions "
                                "turn it on)."));
    activationBits = new QSpinBox(parent);
    activationBits->setRange(0, 16);
    activationBits->setSpecialValueText(tr("off"));
    activationBits->setToolTip(tr("MLP only: fake-quantize hidden activations with an affine "
                                  "grid of this many bits (min/max tracked as an EMA)."));
    gradients = new QuantizerPicker(parent);
    gradients->setObjectName(QStringLiteral("gradientQuantizer"));
    gradients->setToolTip(tr("gradient_quantizer: every gradient is rounded to this format "
                             "before the optimizer sees it (float64: not rounded)."));
    state = new QuantizerPicker(parent);
    state->setObjectName(QStringLiteral("stateQuantizer"));
    state->setToolTip(tr("state_quantizer: the optimizer's state (momentum buffer, Adam's m "
                         "and v, RMSprop's and Adagrad's accumulators) is stored rounded to "
                         "this format after each update (float64: not rounded)."));
    formula = new QLabel(parent);
    formula->setWordWrap(true);
    formula->setStyleSheet(QStringLiteral("color: palette(dark); font-size: small;"));
    quantized->setObjectName(QStringLiteral("quantizedCheck"));
    scheme->setObjectName(QStringLiteral("schemeCombo"));
    bits->setObjectName(QStringLiteral("bitsSpin"));
    fracBits->setObjectName(QStringLiteral("fracBitsSpin"));
    format->setObjectName(QStringLiteral("formatCombo"));
    expBits->setObjectName(QStringLiteral("expBitsSpin"));
    manBits->setObjectName(QStringLiteral("manBitsSpin"));
    overflow->setObjectName(QStringLiteral("overflowCombo"));
    scaling->setObjectName(QStringLiteral("scalingCombo"));
    element->setObjectName(QStringLiteral("elementCombo"));
    block->setObjectName(QStringLiteral("blockSpin"));
    mode->setObjectName(QStringLiteral("modeCombo"));
}

QuantizerFields::~QuantizerFields() = default;

void QuantizerFields::layOut(QWidget* parent, const std::function<void()>& observerEdited)
{
    form = new QFormLayout;
    form->setContentsMargins(0, 4, 0, 0);
    form->addRow(title);
    form->addRow(quantized);
    form->addRow(tr("Convention"), convention);
    form->addRow(conventionFormula);
    form->addRow(tr("Scheme"), scheme);
    form->addRow(tr("Bits"), bits);
    form->addRow(tr("Fraction bits"), fracBits);
    form->addRow(QString(), narrow);
    form->addRow(tr("Format"), format);
    form->addRow(tr("Exponent bits"), expBits);
    form->addRow(tr("Mantissa bits"), manBits);
    form->addRow(tr("Overflow"), overflow);
    form->addRow(tr("Scaling"), scaling);
    form->addRow(tr("Element"), element);
    form->addRow(tr("Block size"), block);
    form->addRow(tr("Granularity"), granularity);
    form->addRow(tr("Observer"), observer);
    form->addRow(tr("Rounding"), rounding);
    form->addRow(tr("Mode"), mode);
    form->addRow(tr("Learn"), learn);
    {
        // The observer's settings and ptq calibration, straight from the field table.
        static const std::vector<Field<QuantizerSpec>> observerFields = [] {
            std::vector<Field<QuantizerSpec>> f;
            for (const char* key : { "averaging", "percentile", "calibration_batches" })
                f.push_back(*findField(quantizerFields(), key));
            return f;
        }();
        observerRows = std::make_unique<FieldRows<QuantizerSpec>>(
            observerFields, form, parent, observerEdited);
    }
    // The two flags share a row, as one widget: the form hides the row as a whole (a row
    // whose field is a layout of directly hidden widgets confuses QFormLayout in Qt 6.4).
    // PyTorch's float32 arithmetic takes a line of its own, so the box stays narrow enough
    // for the panel's scroll area.
    flagsBox = new QWidget(parent);
    auto* flagLines = new QVBoxLayout(flagsBox);
    flagLines->setContentsMargins(0, 0, 0, 0);
    auto* flags = new QHBoxLayout;
    flags->addWidget(quantizeBias);
    flags->addWidget(steClip);
    flags->addStretch(1);
    flagLines->addLayout(flags);
    flagLines->addWidget(torchFloat32);
    form->addRow(QString(), flagsBox);
    form->addRow(tr("Activation bits"), activationBits);
    perTensor = new QPushButton(tr("Per-layer bits…"), parent);
    perTensor->setObjectName(QStringLiteral("perTensorButton"));
    perTensor->setToolTip(tr("Give each layer's weight and bias its own bits and observer, "
                             "and each hidden activation its own bits and learning "
                             "(per_tensor): a mixed-precision run."));
    form->addRow(QString(), perTensor);
    form->addRow(formula);
    form->addRow(tr("Gradients"), gradients);
    form->addRow(tr("Optimizer state"), state);

    box = new QWidget(parent);
    box->setLayout(form);
}

void QuantizerFields::connectEdits(QObject* context, const std::function<void()>& edited) const
{
    QObject::connect(quantized, &QCheckBox::toggled, context, edited);
    QObject::connect(scheme, &QComboBox::currentIndexChanged, context, edited);
    QObject::connect(bits, &QSpinBox::valueChanged, context, edited);
    QObject::connect(fracBits, &QSpinBox::valueChanged, context, edited);
    QObject::connect(narrow, &QCheckBox::toggled, context, edited);
    for (QComboBox* c : { format, overflow, scaling, element })
        QObject::connect(c, &QComboBox::currentIndexChanged, context, edited);
    for (QSpinBox* b : { expBits, manBits, block })
        QObject::connect(b, &QSpinBox::valueChanged, context, edited);
    QObject::connect(granularity, &QComboBox::currentIndexChanged, context, edited);
    QObject::connect(observer, &QComboBox::currentIndexChanged, context, edited);
    QObject::connect(rounding, &QComboBox::currentIndexChanged, context, edited);
    QObject::connect(mode, &QComboBox::currentIndexChanged, context, edited);
    QObject::connect(learn, &QComboBox::currentIndexChanged, context, edited);
    QObject::connect(quantizeBias, &QCheckBox::toggled, context, edited);
    QObject::connect(steClip, &QCheckBox::toggled, context, edited);
    QObject::connect(torchFloat32, &QCheckBox::toggled, context, edited);
    QObject::connect(activationBits, &QSpinBox::valueChanged, context, edited);
}

void QuantizerFields::showGrid(const QuantizerSpec& q)
{
    if (const QuantizerInfo* info = findQuantizer(q.scheme))
        bits->setRange(info->minBits, info->maxBits);
    bits->setValue(q.bits);
    fracBits->setValue(q.fracBits);
    narrow->setChecked(q.narrowRange);
    format->setCurrentIndex(std::max(0, format->findData(QString::fromStdString(q.format))));
    expBits->setValue(q.expBits);
    manBits->setValue(q.manBits);
    overflow->setCurrentIndex(overflow->findData(QString::fromUtf8(toString(q.overflow))));
    scaling->setCurrentIndex(scaling->findData(QString::fromUtf8(toString(q.scaling))));
    element->setCurrentIndex(std::max(0, element->findData(QString::fromStdString(q.element))));
    block->setValue(q.block);
}

QuantizerSpec QuantizerFields::grid(QuantizerSpec q) const
{
    q.bits = bits->value();
    q.fracBits = fracBits->value();
    q.narrowRange = narrow->isChecked();
    q.format = format->currentData().toString().toStdString();
    q.expBits = expBits->value();
    q.manBits = manBits->value();
    q.overflow = *overflowFromString(overflow->currentData().toString().toStdString());
    q.scaling = *scalingFromString(scaling->currentData().toString().toStdString());
    q.element = element->currentData().toString().toStdString();
    q.block = block->value();
    return q;
}

void QuantizerFields::updateVisibility(const std::optional<QuantizerSpec>& quantizer,
    std::size_t perTensorCount, bool activations, bool tensors)
{
    const bool isQuantized = quantizer.has_value();
    const QuantizerInfo* info = findQuantizer(scheme->currentData().toString().toStdString());
    const bool ste = mode->currentData().toString() == QLatin1String("ste");
    form->setRowVisible(convention, isQuantized);
    form->setRowVisible(conventionFormula, isQuantized && !conventionFormula->text().isEmpty());
    form->setRowVisible(scheme, isQuantized);
    form->setRowVisible(bits, isQuantized && (!info || info->hasBits));
    form->setRowVisible(fracBits, isQuantized && info && info->usesFracBits);
    form->setRowVisible(narrow, isQuantized && info && info->usesNarrowRange);
    const bool floats = isQuantized && info && info->usesFloatFormat;
    const bool custom = format->currentData().toString() == QLatin1String("custom");
    form->setRowVisible(format, floats);
    form->setRowVisible(expBits, floats && custom);
    form->setRowVisible(manBits, floats && custom);
    form->setRowVisible(overflow, floats);
    form->setRowVisible(scaling, floats);
    form->setRowVisible(element, isQuantized && info && info->usesMxElement);
    form->setRowVisible(block, isQuantized && info && info->usesBlock);
    form->setRowVisible(granularity, isQuantized);
    {
        // The observer row where the scheme has a range; its settings where they are read.
        QuantizerSpec shown = quantizer.value_or(QuantizerSpec {});
        if (info)
            shown.scheme = info->name;
        shown.scaling = *scalingFromString(scaling->currentData().toString().toStdString());
        shown.observer = *observerFromString(observer->currentData().toString().toStdString());
        shown.mode = *modeFromString(mode->currentData().toString().toStdString());
        const bool lsq = ste && learn->currentData().toString() == QLatin1String("lsq");
        form->setRowVisible(observer, isQuantized && observerApplies(shown) && !lsq);
        observerRows->refresh(shown);
        if (!isQuantized)
            for (const char* key : { "averaging", "percentile", "calibration_batches" })
                form->setRowVisible(observerRows->widget(key), false);
    }
    form->setRowVisible(rounding, isQuantized);
    form->setRowVisible(mode, isQuantized);
    form->setRowVisible(learn, isQuantized && ste);
    form->setRowVisible(flagsBox, isQuantized);
    torchFloat32->setVisible(isQuantized && info && info->usesTorchFloat32);
    steClip->setEnabled(ste);
    steClip->setToolTip(ste ? tr("Zero the gradient where the unclamped rounded code lies "
                                 "outside [qmin, qmax] (PyTorch's fake-quant mask).")
                            : tr("Only for mode ste (quantization-aware training)."));
    form->setRowVisible(activationBits, isQuantized && activations);
    form->setRowVisible(perTensor, isQuantized && info && info->hasBits && tensors);
    if (isQuantized && perTensorCount > 0)
        perTensor->setText(tr("Per-layer bits… (%n set)", "", static_cast<int>(perTensorCount)));
    else
        perTensor->setText(tr("Per-layer bits…"));
    form->setRowVisible(formula, isQuantized && info);
    if (info)
        formula->setText(QString::fromStdString(info->formula));
}

void QuantizerFields::enableAll()
{
    for (QWidget* w : std::initializer_list<QWidget*> { quantized, scheme, bits, fracBits, narrow,
             granularity, rounding, mode, quantizeBias, activationBits, convention, format, expBits,
             manBits, overflow, scaling, element, block, observer, learn, gradients, state })
        w->setEnabled(true);
    for (const char* key : { "averaging", "percentile", "calibration_batches" })
        observerRows->setEnabled(key, true);
}

void QuantizerFields::enableGridOnly(bool isQuantized)
{
    for (QWidget* w : std::initializer_list<QWidget*> { quantized, convention, granularity,
             rounding, mode, quantizeBias, steClip, torchFloat32, activationBits, observer, learn,
             gradients, state })
        w->setEnabled(false);
    for (const char* key : { "averaging", "percentile", "calibration_batches" })
        observerRows->setEnabled(key, false);
    for (QWidget* w : std::initializer_list<QWidget*> { scheme, bits, fracBits, narrow, format,
             expBits, manBits, overflow, scaling, element, block })
        w->setEnabled(isQuantized);
}

} // namespace bitlab::ui
