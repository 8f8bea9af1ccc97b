#include "ui/widgets/runs_editor.h"

#include "core/engine/experiment.h"
#include "core/quant/conventions.h"
#include "core/quant/quantizer.h"
#include "ui/widgets/per_tensor_dialog.h"
#include "ui/widgets/quantizer_fields.h"
#include "ui/widgets/quantizer_picker.h"
#include "ui/widgets/runs_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>

namespace bitlab::ui {

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

    m_fields = std::make_unique<QuantizerFields>(this);
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
    m_fields->layOut(this, [this] {
        if (!m_loadingForm && !m_live)
            readForm();
    });
    connect(m_fields->perTensor, &QPushButton::clicked, this, [this] {
        if (PerTensorDialog* d = openPerTensor())
            d->open();
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(m_fields->box);
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
    connect(m_fields->convention, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loadingForm)
            setConvention(m_fields->convention->currentData().toString());
    });
    m_fields->connectEdits(this, edited);
    for (QuantizerPicker* p : { m_fields->gradients, m_fields->state })
        connect(p, &QuantizerPicker::edited, this, [this] {
            const int run = currentRun();
            if (m_loadingForm || m_live || !m_model->isRun(run))
                return;
            m_model->setRoundedQuantities(
                run, m_fields->gradients->spec(), m_fields->state->spec());
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
    m_fields->box->setEnabled(editable);
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
        m_fields->title->setText(tr("Run “%1”").arg(displayName(run)));
        // While paused the form shows (and edits) the grid the run uses now.
        const std::optional<QuantizerSpec> current = m_live ? effectiveQuantizer(run) : r.quantizer;
        m_fields->quantized->setChecked(current.has_value());
        const QuantizerSpec q = current.value_or(QuantizerSpec {});
        m_fields->scheme->setCurrentIndex(
            std::max(0, m_fields->scheme->findData(QString::fromStdString(q.scheme))));
        showGrid(q);
        m_fields->granularity->setCurrentIndex(
            m_fields->granularity->findData(QString::fromUtf8(toString(q.granularity))));
        m_fields->observer->setCurrentIndex(
            m_fields->observer->findData(QString::fromUtf8(toString(q.observer))));
        m_fields->observerRows->write(q);
        m_fields->rounding->setCurrentIndex(
            m_fields->rounding->findData(QString::fromUtf8(toString(q.rounding))));
        m_fields->mode->setCurrentIndex(
            m_fields->mode->findData(QString::fromUtf8(toString(q.mode))));
        m_fields->learn->setCurrentIndex(
            std::max(0, m_fields->learn->findData(QString::fromUtf8(toString(q.learn)))));
        m_fields->quantizeBias->setChecked(q.quantizeBias);
        m_fields->steClip->setChecked(q.steClip);
        m_fields->torchFloat32->setChecked(q.torchFloat32);
        m_fields->activationBits->setValue(q.activationBits);
        m_fields->gradients->setSpec(r.gradientQuantizer);
        m_fields->state->setSpec(r.stateQuantizer);
        const std::string convention = r.quantizer ? matchConvention(q) : std::string();
        m_fields->convention->setCurrentIndex(
            std::max(0, m_fields->convention->findData(QString::fromStdString(convention))));
        if (const QuantConvention* c = findConvention(convention)) {
            m_fields->conventionFormula->setText(
                QString::fromStdString(conventionFormula(convention, q)));
            m_fields->conventionFormula->setToolTip(
                QString::fromStdString(c->equivalent + "\n\n" + c->differences));
        } else {
            m_fields->conventionFormula->clear();
            m_fields->conventionFormula->setToolTip(QString());
        }
    }
    updateFormVisibility();
    updateLiveControls();
}

void RunsEditor::showGrid(const QuantizerSpec& q)
{
    const QScopedValueRollback<bool> loading(m_loadingForm, true);
    m_fields->showGrid(q);
}

QuantizerSpec RunsEditor::schemeDefaults(const QuantizerInfo& info, bool keepBits) const
{
    QuantizerSpec q = info.defaults;
    q.scheme = info.name;
    if (keepBits && info.hasBits)
        q.bits = std::clamp(m_fields->bits->value(), info.minBits, info.maxBits);
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
    const std::string scheme = m_fields->scheme->currentData().toString().toStdString();
    const QuantizerInfo* info = findQuantizer(scheme);
    QuantizerSpec q = m_fields->grid(*current);
    if (scheme != current->scheme && info) {
        // Another scheme starts from its defaults (or the grid the run had under it) but
        // keeps how the run trains.
        q = switchScheme(run, m_fields->grid(*current), *info);
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
        m_fields->enableAll();
        m_fields->box->setEnabled(m_editable);
        return;
    }
    // Paused: the grid of a quantized run may change; everything else stays as it started.
    m_fields->box->setEnabled(true);
    m_fields->enableGridOnly(quantized);
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
                  .arg(QString::fromLatin1(toString(before)), m_fields->convention->currentText());
        m_fields->conventionFormula->setText(m_fields->conventionFormula->text().isEmpty()
                ? note
                : m_fields->conventionFormula->text() + QLatin1Char('\n') + note);
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
    if (!m_fields->quantized->isChecked()) {
        m_model->setQuantizer(run, std::nullopt);
    } else {
        const std::string scheme = m_fields->scheme->currentData().toString().toStdString();
        const QuantizerInfo* info = findQuantizer(scheme);
        QuantizerSpec q;
        if (r.quantizer && r.quantizer->scheme == scheme)
            q = m_fields->grid(*r.quantizer);
        else if (info) // back to a scheme: its earlier grid; else the scheme's defaults
            q = switchScheme(run, r.quantizer, *info);
        q.granularity
            = *granularityFromString(m_fields->granularity->currentData().toString().toStdString());
        m_fields->observerRows->read(q);
        q.observer
            = *observerFromString(m_fields->observer->currentData().toString().toStdString());
        q.rounding
            = *roundingFromString(m_fields->rounding->currentData().toString().toStdString());
        q.mode = *modeFromString(m_fields->mode->currentData().toString().toStdString());
        q.quantizeBias = m_fields->quantizeBias->isChecked();
        q.steClip = q.mode == TrainingMode::Ste && m_fields->steClip->isChecked();
        q.torchFloat32 = info && info->usesTorchFloat32 && m_fields->torchFloat32->isChecked();
        q.activationBits = m_activations ? m_fields->activationBits->value() : 0;
        // Learned parameters need ste; LSQ's step replaces the observer.
        q.learn = q.mode == TrainingMode::Ste
            ? *learnFromString(m_fields->learn->currentData().toString().toStdString())
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
    const bool isRun = m_model->isRun(run);
    m_fields->updateVisibility(isRun ? m_model->run(run).quantizer : std::nullopt,
        isRun ? m_model->run(run).perTensor.size() : 0, m_activations, !m_tensorNames.empty());
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
