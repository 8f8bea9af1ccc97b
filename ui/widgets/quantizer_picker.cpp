#include "ui/widgets/quantizer_picker.h"

#include "core/quant/float_format.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"
#include "ui/core_text.h"
#include "ui/widgets/form_util.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace bitlab::ui {

void addSchemeItems(QComboBox* combo)
{
    for (const QuantizerInfo& q : quantizerRegistry()) {
        combo->addItem(QString::fromStdString(q.name), QString::fromStdString(q.name));
        combo->setItemData(combo->count() - 1,
            CoreText::text(q.description) + QLatin1Char('\n') + QString::fromStdString(q.formula),
            Qt::ToolTipRole);
    }
}

QuantizerPicker::QuantizerPicker(QWidget* parent)
    : QWidget(parent)
{
    m_scheme = new QComboBox(this);
    m_scheme->setObjectName(QStringLiteral("pickerScheme"));
    m_scheme->addItem(tr("float64"), QString());
    m_scheme->setItemData(
        0, tr("Not rounded: float64, as the full-precision run."), Qt::ToolTipRole);
    addSchemeItems(m_scheme);
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("pickerFormat"));
    for (const FloatFormatInfo& f : floatFormatRegistry()) {
        m_format->addItem(QString::fromStdString(f.name), QString::fromStdString(f.name));
        m_format->setItemData(
            m_format->count() - 1, QString::fromStdString(f.description), Qt::ToolTipRole);
    }
    m_element = new QComboBox(this);
    m_element->setObjectName(QStringLiteral("pickerElement"));
    addNames(m_element, mxElementNames());
    m_element->setToolTip(tr("The MX element format (blocks of 32 share a power-of-two scale)."));
    m_bits = new QSpinBox(this);
    m_bits->setObjectName(QStringLiteral("pickerBits"));
    m_bits->setSuffix(tr(" b"));
    m_bits->setToolTip(tr("Word length in bits, sign included."));
    m_fracBits = new QSpinBox(this);
    m_fracBits->setObjectName(QStringLiteral("pickerFracBits"));
    m_fracBits->setRange(-32, 32);
    m_fracBits->setPrefix(tr("f "));
    m_fracBits->setToolTip(tr("Fraction bits f: grid step 2^−f."));
    m_rounding = new QComboBox(this);
    m_rounding->setObjectName(QStringLiteral("pickerRounding"));
    addNames(m_rounding, roundingNames());
    m_rounding->setToolTip(tr("nearest: round half to even.\nstochastic: unbiased on average, "
                              "from the run's own seeded stream; lets small values through."));
    m_amax = new QCheckBox(tr("amax"), this);
    m_amax->setObjectName(QStringLiteral("pickerAmax"));
    m_amax->setToolTip(tr("Scale each tensor by amax/max_finite before the cast and back after "
                          "(as FP8 training recipes do): small values keep their precision."));

    // Two short lines, so that the row fits the panel's width: what the values are rounded
    // to, then how.
    auto* lines = new QVBoxLayout(this);
    lines->setContentsMargins(0, 0, 0, 0);
    lines->setSpacing(2);
    auto* what = new QHBoxLayout;
    auto* how = new QHBoxLayout;
    for (QHBoxLayout* line : { what, how }) {
        line->setSpacing(4);
        lines->addLayout(line);
    }
    for (QWidget* w :
        std::initializer_list<QWidget*> { m_scheme, m_format, m_element, m_bits, m_fracBits })
        what->addWidget(w);
    what->addStretch(1);
    how->addWidget(m_rounding);
    how->addWidget(m_amax);
    how->addStretch(1);

    const auto edited = [this] {
        if (!m_loading)
            read();
    };
    for (QComboBox* c : { m_scheme, m_format, m_element, m_rounding })
        connect(c, &QComboBox::currentIndexChanged, this, edited);
    for (QSpinBox* s : { m_bits, m_fracBits })
        connect(s, &QSpinBox::valueChanged, this, edited);
    connect(m_amax, &QCheckBox::toggled, this, edited);
    show(std::nullopt);
}

void QuantizerPicker::setSpec(const std::optional<QuantizerSpec>& spec)
{
    m_spec = spec;
    show(spec);
}

void QuantizerPicker::show(const std::optional<QuantizerSpec>& spec)
{
    const QScopedValueRollback<bool> loading(m_loading, true);
    const QuantizerInfo* info = spec ? findQuantizer(spec->scheme) : nullptr;
    m_scheme->setCurrentIndex(
        spec ? std::max(0, m_scheme->findData(QString::fromStdString(spec->scheme))) : 0);
    if (spec) {
        if (info)
            m_bits->setRange(info->minBits, info->maxBits);
        m_bits->setValue(spec->bits);
        m_fracBits->setValue(spec->fracBits);
        m_format->setCurrentIndex(
            std::max(0, m_format->findData(QString::fromStdString(spec->format))));
        m_element->setCurrentIndex(
            std::max(0, m_element->findData(QString::fromStdString(spec->element))));
        m_rounding->setCurrentIndex(
            std::max(0, m_rounding->findData(QString::fromUtf8(toString(spec->rounding)))));
        m_amax->setChecked(spec->scaling == FloatScaling::Amax);
    }
    // A custom E/M format (from a file) is kept as it is: the picker shows its name only.
    const bool custom = spec && spec->format == "custom";
    m_format->setVisible(info && info->usesFloatFormat && !custom);
    m_element->setVisible(info && info->usesMxElement);
    m_bits->setVisible(info && info->hasBits && !info->usesFloatFormat && !info->usesMxElement);
    m_fracBits->setVisible(info && info->usesFracBits);
    m_rounding->setVisible(spec.has_value());
    m_amax->setVisible(info && info->usesFloatFormat);
    if (custom)
        m_scheme->setToolTip(tr("float, custom format E%1M%2 (edit it in the experiment file)")
                                 .arg(spec->expBits)
                                 .arg(spec->manBits));
    else
        m_scheme->setToolTip(tr("The scheme these values are rounded to; float64 = not rounded."));
}

void QuantizerPicker::read()
{
    const std::string scheme = m_scheme->currentData().toString().toStdString();
    const QuantizerInfo* info = findQuantizer(scheme);
    if (!info) {
        m_spec.reset();
    } else if (!m_spec || m_spec->scheme != scheme) {
        // Another scheme starts from its registry defaults, keeping the rounding shown.
        QuantizerSpec q = info->defaults;
        q.scheme = info->name;
        if (m_spec)
            q.rounding = m_spec->rounding;
        m_spec = q;
    } else {
        QuantizerSpec& q = *m_spec;
        if (info->usesFloatFormat && q.format != "custom")
            q.format = m_format->currentData().toString().toStdString();
        if (info->usesMxElement)
            q.element = m_element->currentData().toString().toStdString();
        if (info->hasBits)
            q.bits = std::clamp(m_bits->value(), info->minBits, info->maxBits);
        if (info->usesFracBits)
            q.fracBits = m_fracBits->value();
        q.rounding = *roundingFromString(m_rounding->currentData().toString().toStdString());
        if (info->usesFloatFormat)
            q.scaling = m_amax->isChecked() ? FloatScaling::Amax : FloatScaling::None;
    }
    show(m_spec);
    emit edited();
}

} // namespace bitlab::ui
