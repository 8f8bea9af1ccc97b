#include "ui/widgets/per_tensor_dialog.h"

#include "core/quant/quantizer.h"
#include "ui/widgets/form_util.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bitlab::ui {

namespace {

QString learnLabel(LearnMode mode)
{
    switch (mode) {
    case LearnMode::None:
        return PerTensorDialog::tr("min/max (EMA)");
    case LearnMode::Lsq:
        return PerTensorDialog::tr("LSQ step");
    case LearnMode::Pact:
        return PerTensorDialog::tr("PACT clip");
    }
    return {};
}

} // namespace

PerTensorDialog::PerTensorDialog(const QuantizerSpec& run,
    const std::vector<TensorQuantizer>& perTensor, const std::vector<std::string>& tensors,
    QWidget* parent)
    : QDialog(parent)
    , m_run(run)
    , m_original(perTensor)
    , m_tensors(tensors)
{
    setWindowTitle(tr("Per-layer quantizers"));
    const QuantizerInfo* info = findQuantizer(run.scheme);
    const bool bits = info && info->hasBits;
    const bool observer = observerApplies(run);
    const bool ste = run.mode == TrainingMode::Ste;
    bool activations = false;
    m_table = new QTableWidget(static_cast<int>(tensors.size()), 4, this);
    m_table->setObjectName(QStringLiteral("perTensorTable"));
    m_table->setHorizontalHeaderLabels({ tr("Tensor"), tr("Bits"), tr("Observer"), tr("Learn") });
    m_table->verticalHeader()->setVisible(false);
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const int row = static_cast<int>(i);
        const QuantizerSpec& own = specForTensor(run, perTensor, tensors[i]);
        auto* name = new QTableWidgetItem(QString::fromStdString(tensors[i]));
        name->setFlags(Qt::ItemIsEnabled);
        m_table->setItem(row, TensorColumn, name);
        auto* spin = new QSpinBox(m_table);
        if (isActivationTensorName(tensors[i])) {
            // A hidden activation: its own bits (off = float64) and, in ste, its learning.
            activations = true;
            spin->setRange(0, 16);
            spin->setSpecialValueText(tr("off"));
            spin->setValue(own.activationBits);
            spin->setToolTip(tr("Bits of this hidden layer's output (affine grid); off keeps "
                                "it in float64."));
            m_table->setCellWidget(row, BitsColumn, spin);
            auto* learn = new QComboBox(m_table);
            for (LearnMode m : { LearnMode::None, LearnMode::Lsq, LearnMode::Pact })
                learn->addItem(learnLabel(m), QString::fromLatin1(toString(m)));
            learn->setCurrentIndex(learn->findData(QString::fromLatin1(toString(own.learn))));
            m_table->setCellWidget(row, LearnColumn, learn);
            continue;
        }
        if (bits) {
            spin->setRange(info->minBitsFor(run), info->maxBits);
            spin->setValue(own.bits);
            m_table->setCellWidget(row, BitsColumn, spin);
        } else {
            delete spin; // the scheme's format decides the bits
        }
        auto* combo = new QComboBox(m_table);
        addNames(combo, observerNames());
        combo->setCurrentIndex(combo->findData(QString::fromLatin1(toString(own.observer))));
        m_table->setCellWidget(row, ObserverColumn, combo);
    }
    m_table->setColumnHidden(BitsColumn, !bits && !activations);
    m_table->setColumnHidden(ObserverColumn, !observer);
    m_table->setColumnHidden(LearnColumn, !(ste && activations));
    m_table->horizontalHeader()->setSectionResizeMode(TensorColumn, QHeaderView::Stretch);
    auto* note = new QLabel(
        tr("The run's own settings: %1 bits, observer %2, activations %3. "
           "Rows that differ become per_tensor entries of the run.")
            .arg(run.bits)
            .arg(QString::fromLatin1(toString(run.observer)))
            .arg(run.activationBits > 0 ? tr("%n bits", "", run.activationBits) : tr("in float64")),
        this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(460, 360);
}

std::vector<TensorQuantizer> PerTensorDialog::perTensor() const
{
    std::vector<TensorQuantizer> out;
    for (std::size_t i = 0; i < m_tensors.size(); ++i) {
        const int row = static_cast<int>(i);
        // An entry read from a file keeps the keys the table does not show (its scheme).
        QuantizerSpec own = specForTensor(m_run, m_original, m_tensors[i]);
        auto* spin = qobject_cast<QSpinBox*>(m_table->cellWidget(row, BitsColumn));
        if (isActivationTensorName(m_tensors[i])) {
            if (spin)
                own.activationBits = spin->value();
            if (auto* learn = qobject_cast<QComboBox*>(m_table->cellWidget(row, LearnColumn));
                learn && m_run.mode == TrainingMode::Ste)
                own.learn = *learnFromString(learn->currentData().toString().toStdString());
            if (own.activationBits != m_run.activationBits || own.learn != m_run.learn)
                out.push_back(TensorQuantizer { m_tensors[i], own });
            continue;
        }
        if (spin)
            own.bits = spin->value();
        if (auto* combo = qobject_cast<QComboBox*>(m_table->cellWidget(row, ObserverColumn));
            combo && observerApplies(m_run))
            own.observer = *observerFromString(combo->currentData().toString().toStdString());
        if (own.bits != m_run.bits || own.observer != m_run.observer || own.scheme != m_run.scheme)
            out.push_back(TensorQuantizer { m_tensors[i], own });
    }
    return out;
}

} // namespace bitlab::ui
