#include "ui/charts/loss_controls.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QStandardItemModel>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

LossControls::LossControls(QWidget* parent)
    : QWidget(parent)
{
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("Loss (evaluated)"), static_cast<int>(LossMode::Loss));
    m_mode->addItem(tr("Batch loss"), static_cast<int>(LossMode::BatchLoss));
    m_mode->addItem(tr("Accuracy"), static_cast<int>(LossMode::Accuracy));
    m_mode->addItem(tr("Learned steps and clips"), static_cast<int>(LossMode::Learned));
    m_mode->setToolTip(tr("Loss (evaluated): exact loss over the whole train (solid) and test "
                          "(dashed) set at the evaluation steps.\nBatch loss: the mean loss of "
                          "each mini-batch as it was trained (noisy; smooth it).\nAccuracy: "
                          "share of correctly classified samples (classification only).\n"
                          "Learned steps and clips: every step size (LSQ) and activation clip "
                          "(PACT) the optimizer learns, one curve each (runs with Learn)."));
    m_mode->setObjectName(QStringLiteral("lossMode"));
    m_log = new QCheckBox(tr("Log scale"), this);
    m_log->setToolTip(tr("Logarithmic y axis: shows the last digits of a converging loss."));
    m_smoothing = new QSlider(Qt::Horizontal, this);
    m_smoothing->setRange(0, 99);
    m_smoothing->setFixedWidth(140);
    m_smoothing->setToolTip(
        tr("Smoothing weight w (TensorBoard's debiased EMA):\n"
           "last = w·last + (1−w)·v,  shown = last / (1 − w^i).\nThe raw curve stays faint "
           "behind the smoothed one."));
    m_smoothingLabel = new QLabel(QStringLiteral("0.00"), this);
    m_smoothingLabel->setMinimumWidth(32);
    auto* reset = new QPushButton(tr("Reset zoom"), this);
    reset->setToolTip(tr("Show every step again (or double-click the chart). Drag a "
                         "rectangle on the chart to zoom in."));

    auto* controls = new QHBoxLayout(this);
    controls->setContentsMargins(8, 6, 8, 0);
    controls->addWidget(m_mode);
    controls->addSpacing(12);
    controls->addWidget(m_log);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Smoothing"), this));
    controls->addWidget(m_smoothing);
    controls->addWidget(m_smoothingLabel);
    controls->addSpacing(12);
    controls->addWidget(reset);
    controls->addStretch(1);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        // Accuracy lies in [0, 1]: a linear axis ending at 1, whatever the log box says.
        m_log->setEnabled(mode() != LossMode::Accuracy);
        emit modeChanged();
    });
    connect(m_log, &QCheckBox::toggled, this, &LossControls::logScaleToggled);
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int value) {
        m_smoothingLabel->setText(QString::number(value / 100.0, 'f', 2));
        emit smoothingChanged(value / 100.0);
    });
    connect(reset, &QPushButton::clicked, this, &LossControls::resetZoomRequested);
}

LossMode LossControls::mode() const
{
    return static_cast<LossMode>(m_mode->currentData().toInt());
}

void LossControls::setMode(LossMode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}

void LossControls::offerMode(LossMode m, bool on, const QString& whyNot)
{
    auto* items = qobject_cast<QStandardItemModel*>(m_mode->model());
    QStandardItem* item = items ? items->item(m_mode->findData(static_cast<int>(m))) : nullptr;
    if (!item)
        return;
    item->setEnabled(on);
    item->setToolTip(on ? QString() : whyNot);
    if (!on && mode() == m)
        setMode(LossMode::Loss);
}

bool LossControls::offersMode(LossMode m) const
{
    const auto* items = qobject_cast<const QStandardItemModel*>(m_mode->model());
    const QStandardItem* item
        = items ? items->item(m_mode->findData(static_cast<int>(m))) : nullptr;
    return item && item->isEnabled();
}

bool LossControls::logScale() const
{
    return m_log->isChecked();
}

void LossControls::setLogScale(bool on)
{
    m_log->setChecked(on);
}

bool LossControls::logAxis() const
{
    return m_log->isChecked() && mode() != LossMode::Accuracy;
}

double LossControls::smoothing() const
{
    return m_smoothing->value() / 100.0;
}

void LossControls::setSmoothing(double weight)
{
    m_smoothing->setValue(static_cast<int>(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
}

} // namespace bitlab::ui
