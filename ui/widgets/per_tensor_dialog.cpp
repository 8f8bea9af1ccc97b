#include "ui/widgets/per_tensor_dialog.h"

#include "core/quant/quantizer.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bitlab::ui {

PerTensorDialog::PerTensorDialog(const QuantizerSpec& run,
    const std::vector<TensorQuantizer>& perTensor, const std::vector<std::string>& tensors,
    QWidget* parent)
    : QDialog(parent)
    , m_run(run)
    , m_tensors(tensors)
{
    setWindowTitle(tr("Per-layer quantizers"));
    const QuantizerInfo* info = findQuantizer(run.scheme);
    const bool bits = info && info->hasBits;
    const bool observer = observerApplies(run);
    m_table = new QTableWidget(static_cast<int>(tensors.size()), 3, this);
    m_table->setObjectName(QStringLiteral("perTensorTable"));
    m_table->setHorizontalHeaderLabels({ tr("Tensor"), tr("Bits"), tr("Observer") });
    m_table->verticalHeader()->setVisible(false);
    m_table->setColumnHidden(1, !bits);
    m_table->setColumnHidden(2, !observer);
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const QuantizerSpec& own = specForTensor(run, perTensor, tensors[i]);
        auto* name = new QTableWidgetItem(QString::fromStdString(tensors[i]));
        name->setFlags(Qt::ItemIsEnabled);
        m_table->setItem(static_cast<int>(i), 0, name);
        auto* spin = new QSpinBox(m_table);
        if (info)
            spin->setRange(info->minBitsFor(run), info->maxBits);
        spin->setValue(own.bits);
        m_table->setCellWidget(static_cast<int>(i), 1, spin);
        auto* combo = new QComboBox(m_table);
        for (const std::string& o : observerNames())
            combo->addItem(QString::fromStdString(o), QString::fromStdString(o));
        combo->setCurrentIndex(combo->findData(QString::fromLatin1(toString(own.observer))));
        m_table->setCellWidget(static_cast<int>(i), 2, combo);
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto* note = new QLabel(tr("The run's own settings: %1 bits, observer %2. Rows that differ "
                               "become per_tensor entries of the run.")
                                .arg(run.bits)
                                .arg(QString::fromLatin1(toString(run.observer))),
        this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(420, 320);
}

std::vector<TensorQuantizer> PerTensorDialog::perTensor() const
{
    std::vector<TensorQuantizer> out;
    for (std::size_t i = 0; i < m_tensors.size(); ++i) {
        QuantizerSpec own = m_run;
        if (auto* spin = qobject_cast<QSpinBox*>(m_table->cellWidget(static_cast<int>(i), 1)))
            own.bits = spin->value();
        if (auto* combo = qobject_cast<QComboBox*>(m_table->cellWidget(static_cast<int>(i), 2));
            combo && observerApplies(m_run))
            own.observer = *observerFromString(combo->currentData().toString().toStdString());
        if (own.bits != m_run.bits || own.observer != m_run.observer)
            out.push_back(TensorQuantizer { m_tensors[i], own });
    }
    return out;
}

} // namespace bitlab::ui
