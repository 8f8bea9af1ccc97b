#include "ui/widgets/experiment_panel.h"

#include "core/engine/experiment.h"
#include "core/engine/footprint.h"
#include "core/model/model_registry.h"
#include "ui/core_text.h"
#include "ui/text_format.h"
#include "ui/widgets/dataset_form.h"
#include "ui/widgets/form_util.h"
#include "ui/widgets/model_form.h"
#include "ui/widgets/optimizer_form.h"
#include "ui/widgets/runs_editor.h"
#include "ui/widgets/training_form.h"
#include "ui/widgets/wheel_guard.h"

#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QScopedValueRollback>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

ExperimentPanel::ExperimentPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    m_dataset = new DatasetForm(this);
    m_model = new ModelForm(this);
    m_optimizer = new OptimizerForm(this);
    m_training = new TrainingForm(this);
    auto* runs = new QGroupBox(tr("Runs"), this);
    m_runs = new RunsEditor(runs);
    auto* runsLayout = new QVBoxLayout(runs);
    runsLayout->addWidget(m_runs);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #a02818;"));
    m_problem->setVisible(false);
    // The runs (what the lab compares) come right after what they train.
    for (QGroupBox* box :
        std::initializer_list<QGroupBox*> { m_dataset, m_model, runs, m_optimizer, m_training })
        layout->addWidget(box);
    // Combos size to their current text, not their longest entry, so the panel fits.
    for (QComboBox* combo : findChildren<QComboBox*>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    // Notes: what moved behind the user's back, or should (hidden when empty).
    auto note = [this](const char* name) {
        auto* label = new QLabel(this);
        label->setObjectName(QString::fromLatin1(name));
        label->setWordWrap(true);
        label->setStyleSheet(QStringLiteral("color: #6a4a00; background: #fff6d8; padding: 4px;"));
        label->setVisible(false);
        return label;
    };
    m_datasetNote = note("datasetNote");
    m_optimizerNote = note("optimizerNote");
    layout->insertWidget(layout->indexOf(m_dataset) + 1, m_datasetNote);
    layout->insertWidget(layout->indexOf(m_optimizer) + 1, m_optimizerNote);
    connect(m_datasetNote, &QLabel::linkActivated, this, [this] { standardize(); });
    layout->addWidget(m_problem);
    layout->addStretch(1);
    connect(m_dataset, &DatasetForm::edited, this, &ExperimentPanel::onEdited);
    connect(
        m_dataset, &DatasetForm::browseCsvRequested, this, &ExperimentPanel::browseCsvRequested);
    connect(m_model, &ModelForm::edited, this, &ExperimentPanel::onEdited);
    connect(m_optimizer, &OptimizerForm::edited, this, &ExperimentPanel::onEdited);
    connect(m_training, &TrainingForm::edited, this, &ExperimentPanel::onEdited);
    connect(m_runs, &RunsEditor::runsChanged, this, &ExperimentPanel::onEdited);
    WheelGuard::install(this); // scrolling the panel never edits it (run editor included)
}

void ExperimentPanel::setSpec(const ExperimentSpec& spec)
{
    m_optimizerNote->clear(); // another experiment: nothing moved in this one yet
    m_optimizerNote->setVisible(false);
    {
        const QScopedValueRollback guard(m_updating, true);
        m_spec = spec;
        writeForms();
        refreshForms();
    }
    readForms(); // the loss may have been adjusted to the model; keep m_spec what is shown
    refreshProblem();
    emit specChanged();
}

void ExperimentPanel::addRun(const RunSpec& run)
{
    ExperimentSpec spec = m_spec;
    RunSpec added = run;
    const auto taken = [&](const std::string& name) {
        return std::any_of(
            spec.runs.begin(), spec.runs.end(), [&](const RunSpec& r) { return r.name == name; });
    };
    for (int k = 2; taken(added.name); ++k)
        added.name = run.name + "-" + std::to_string(k);
    spec.runs.push_back(added);
    setSpec(spec);
}

bool ExperimentPanel::loadCsv(const QString& path)
{
    ExperimentSpec next = m_spec;
    if (!m_dataset->loadCsv(path, next))
        return false;
    setSpec(next);
    return true;
}

void ExperimentPanel::onEdited()
{
    if (m_updating)
        return;
    const ExperimentSpec before = m_spec;
    readForms();
    {
        const QScopedValueRollback guard(m_updating, true);
        refreshForms();
    }
    readForms();
    refreshOptimizerNote(before);
    refreshProblem();
    emit specChanged();
}

void ExperimentPanel::writeForms()
{
    m_dataset->write(m_spec);
    m_model->write(m_spec);
    m_optimizer->write(m_spec);
    m_training->write(m_spec);
    m_runs->setRuns(m_spec.runs);
}

void ExperimentPanel::readForms()
{
    m_dataset->read(m_spec);
    m_model->read(m_spec);
    m_optimizer->read(m_spec);
    m_training->read(m_spec);
    m_spec.runs = m_runs->runs();
}

void ExperimentPanel::refreshForms()
{
    m_dataset->refresh(m_spec);
    m_model->refresh(m_spec, m_dataset->effectiveTask(m_spec));
    m_runs->setModelHasActivations(m_model->hasHidden());
    m_runs->setTensorNames(perTensorNames(m_spec.model));
    m_optimizer->refresh(m_spec);
}

namespace {
QString bytesText(double bytes)
{
    const QLocale locale;
    if (bytes >= 1e9)
        return ExperimentPanel::tr("%1 GB").arg(locale.toString(bytes / 1e9, 'f', 1));
    if (bytes >= 1e6)
        return ExperimentPanel::tr("%1 MB").arg(locale.toString(bytes / 1e6, 'f', 0));
    return ExperimentPanel::tr("%1 KB").arg(locale.toString(std::max(1.0, bytes / 1e3), 'f', 0));
}
} // namespace

void ExperimentPanel::refreshSize()
{
    m_estimatedBytes = 0.0;
    const Dataset* preview = m_dataset->preview();
    if (!preview || !m_model->hiddenValid()) {
        m_model->setSizeText(QString(), QString(), false);
        return;
    }
    const Footprint f
        = estimateFootprint(m_spec, preview->rows(), preview->features(), preview->outputs());
    m_estimatedBytes = f.bytes;
    const int runs = static_cast<int>(m_spec.runs.size());
    const QString count = QLocale().toString(static_cast<qlonglong>(f.parameters));
    const QString text = runs == 1
        ? tr("%1 parameters · about %2 to train 1 run").arg(count, bytesText(f.bytes))
        : tr("%1 parameters · about %2 to train %3 runs").arg(count, bytesText(f.bytes)).arg(runs);
    m_model->setSizeText(text,
        tr("Parameters of the model for %1 features and %2 outputs, and an estimate of the "
           "memory training every run takes (weights, gradients, optimizer state and work "
           "copies per run). BitLab does not build models estimated above %3.")
            .arg(preview->features())
            .arg(preview->outputs())
            .arg(bytesText(kMemoryBudgetBytes)),
        f.bytes > kMemoryBudgetBytes);
}

QString ExperimentPanel::sizeProblem() const
{
    if (m_estimatedBytes <= kMemoryBudgetBytes)
        return {};
    return tr("This model is too large for BitLab: about %1 to train its runs, past the %2 "
              "limit. Use smaller hidden layers or fewer runs.")
        .arg(bytesText(m_estimatedBytes), bytesText(kMemoryBudgetBytes));
}

void ExperimentPanel::refreshOptimizerNote(const ExperimentSpec& before)
{
    const OptimizerSpec& a = before.optimizer;
    const OptimizerSpec& b = m_spec.optimizer;
    if (a.kind == b.kind) {
        if (a.lr != b.lr) { // the user set the learning rate: the note has served
            m_optimizerNote->clear();
            m_optimizerNote->setVisible(false);
        }
        return;
    }
    QStringList moved;
    const auto change = [&moved](const QString& name, double from, double to) {
        if (from != to)
            moved << tr("%1 %2 → %3").arg(name, formatNumber(from), formatNumber(to));
    };
    change(tr("lr"), a.lr, b.lr);
    change(tr("momentum"), a.momentum, b.momentum);
    change(tr("weight decay"), a.weightDecay, b.weightDecay);
    const QString name = qs(b.kind);
    m_optimizerNote->setText(moved.isEmpty()
            ? QString()
            : tr("%1 starts from its own defaults (PyTorch's): %2. Set them back if you meant "
                 "to compare optimizers at the same learning rate.")
                  .arg(name, moved.join(QStringLiteral(", "))));
    m_optimizerNote->setVisible(!moved.isEmpty());
}

void ExperimentPanel::refreshDatasetNote()
{
    // The feature columns' standard deviations over the first rows (enough for a hint, and
    // cheap at every edit even for a CSV of millions of rows).
    QString scales;
    const Dataset* preview = m_dataset->preview();
    const Index rows = preview ? std::min<Index>(preview->x.rows(), 10000) : 0;
    if (rows > 1 && !m_spec.dataset.standardize) {
        int lo = -1, hi = -1;
        std::vector<double> sd;
        for (Index c = 0; c < preview->x.cols(); ++c) {
            const auto col = preview->x.col(c).head(rows).array();
            sd.push_back(std::sqrt((col - col.mean()).square().mean()));
            const int i = static_cast<int>(c);
            if (!(sd.back() > 0.0) || !std::isfinite(sd.back()))
                continue;
            if (lo < 0 || sd.back() < sd[static_cast<std::size_t>(lo)])
                lo = i;
            if (hi < 0 || sd.back() > sd[static_cast<std::size_t>(hi)])
                hi = i;
        }
        const auto column = [preview](int c) {
            return c < static_cast<int>(preview->featureNames.size())
                ? qs(preview->featureNames[static_cast<std::size_t>(c)])
                : tr("column %1").arg(c + 1);
        };
        if (hi >= 0) {
            const double big = sd[static_cast<std::size_t>(hi)];
            const double small = sd[static_cast<std::size_t>(lo)];
            if (big / small >= 100.0)
                scales = tr("Feature scales differ by a factor of %1 (standard deviation of "
                            "%2: %3, of %4: %5): one learning rate cannot suit both.")
                             .arg(QLocale().toString(std::round(big / small), 'f', 0), column(hi),
                                 formatNumber(big), column(lo), formatNumber(small));
            else if (big >= 1000.0 || big <= 1e-3)
                scales = tr("The features are on a scale far from 1 (standard deviation of %1: "
                            "%2): the gradients and a good learning rate will be too.")
                             .arg(column(hi), formatNumber(big));
        }
    }
    m_datasetNote->setText(scales.isEmpty() ? QString()
                                            : scales + QLatin1Char(' ')
                + tr("<a href=\"standardize\">Standardize the features</a> (z-scores from the "
                     "training rows)."));
    m_datasetNote->setVisible(!scales.isEmpty());
}

void ExperimentPanel::standardize()
{
    if (m_spec.dataset.standardize)
        return;
    ExperimentSpec next = m_spec;
    next.dataset.standardize = true;
    const QString note = m_optimizerNote->text();
    setSpec(next);
    m_optimizerNote->setText(note); // the same experiment: its note stays
    m_optimizerNote->setVisible(!note.isEmpty());
}

QString ExperimentPanel::datasetNote() const
{
    return m_datasetNote->text();
}

QString ExperimentPanel::optimizerNote() const
{
    return m_optimizerNote->text();
}

const Dataset* ExperimentPanel::previewDataset() const
{
    return m_dataset->preview();
}

std::optional<Task> ExperimentPanel::task() const
{
    return m_dataset->effectiveTask(m_spec);
}

void ExperimentPanel::refreshProblem()
{
    refreshSize();
    refreshDatasetNote();
    const QString problem = this->problem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

Index ExperimentPanel::previewRows() const
{
    return m_dataset->previewRows();
}

QString ExperimentPanel::datasetError() const
{
    return m_dataset->error();
}

QString ExperimentPanel::problem() const
{
    if (!datasetError().isEmpty())
        return tr("The dataset cannot be loaded (see above).");
    if (!m_model->hiddenValid())
        return tr("Hidden layers: write positive sizes separated by commas, e.g. 16,16.");
    if (m_dataset->hasInvalidNumber() || m_optimizer->hasInvalidNumber()
        || m_training->hasInvalidNumber())
        return tr("A number is out of range (marked red; its tooltip says the range).");
    // The engine's own checks, so that the panel refuses exactly what bitlab-cli refuses.
    if (const auto problems = specProblems(m_spec); !problems.empty())
        return qs(problems.front());
    if (const Dataset* preview = m_dataset->preview()) {
        const auto task = m_dataset->effectiveTask(m_spec);
        const auto problems = dataProblems(
            m_spec, preview->rows(), task.value_or(preview->task), preview->classes());
        if (!problems.empty())
            return qs(problems.front());
        if (const std::string shape
            = imageShapeProblem(m_spec.dataset, preview->features(), preview->name);
            !shape.empty())
            return qs(shape);
    }
    if (!m_model->hasLoss())
        return tr("No loss fits this model and task.");
    if (const QString tooBig = sizeProblem(); !tooBig.isEmpty())
        return tooBig;
    return m_runs->problem();
}

void ExperimentPanel::setEditable(bool editable)
{
    for (QGroupBox* box :
        std::initializer_list<QGroupBox*> { m_dataset, m_model, m_optimizer, m_training })
        box->setEnabled(editable);
    m_runs->setEditable(editable);
}

} // namespace bitlab::ui
