#pragma once
// ExperimentPanel: the left side of the window. Edits one ExperimentSpec through its forms:
// DatasetForm (a built-in generator or a CSV, with its preview), ModelForm (model and
// loss), the runs (RunsEditor), OptimizerForm and TrainingForm. Every choice comes from the
// registries (datasets, models, losses, optimizers, quantizers), so a new entry there
// appears here without touching this file. spec() is exactly what Save writes and what
// bitlab-cli runs; setSpec() shows a spec (guarded so that filling the forms does not echo
// back into it).

#include "core/data/dataset.h"
#include "core/engine/experiment_spec.h"

#include <QWidget>
#include <optional>

class QGroupBox;
class QLabel;

namespace bitlab::ui {

class DatasetForm;
class ModelForm;
class OptimizerForm;
class RunsEditor;
class TrainingForm;

class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentPanel(QWidget* parent = nullptr);

    ExperimentSpec spec() const { return m_spec; }
    void setSpec(const ExperimentSpec& spec);
    // Adds a run to the experiment (the Sensitivity tab's Suggest), renamed NAME-2, NAME-3,
    // ... when its name is taken.
    void addRun(const RunSpec& run);
    // Points the dataset at a CSV file (absolute path) and previews it. A large file loads
    // off the UI thread behind a progress dialog with Cancel (DatasetLoader); false when the
    // user cancelled, and then the panel is unchanged.
    bool loadCsv(const QString& path);
    // Rows of the dataset as previewed (0 when it did not load).
    Index previewRows() const;
    // A sentence saying what is wrong (shown under the panel and when Run is pressed),
    // or empty when the spec can run.
    QString problem() const;
    // The error the dataset loader reported, as shown in place ("" when none).
    QString datasetError() const;
    // The dataset as previewed (unprepared), or null when it did not load.
    const Dataset* previewDataset() const;
    // The task the dataset asks for, or the detected one; none when unknown.
    std::optional<Task> task() const;
    // Notes under the dataset and the optimizer about what changed or should (issue 16,
    // point 10): "" when none. The dataset note suggests Standardize (a link that turns it
    // on) when feature scales differ by orders of magnitude; the optimizer note names the
    // defaults another optimizer filled in (Adam: lr 0.1 -> 0.001).
    QString datasetNote() const;
    QString optimizerNote() const;
    // Follows the dataset note's link: turns Standardize on.
    void standardize();
    // Locks the form while an experiment is running (the runs list stays readable).
    void setEditable(bool editable);
    RunsEditor* runsEditor() const { return m_runs; }

signals:
    void specChanged();
    void browseCsvRequested();

private:
    void onEdited();
    void writeForms(); // m_spec -> forms
    void readForms(); // forms -> m_spec
    void refreshForms(); // what each form shows follows m_spec (preview, choices, fields)
    void refreshProblem();
    void refreshSize(); // the model's parameters and memory, from the spec and the preview
    void refreshDatasetNote();
    // The optimizer note after an edit from `before` (kept while the optimizer stays).
    void refreshOptimizerNote(const ExperimentSpec& before);
    // Over the memory budget: the sentence problem() gives, else empty.
    QString sizeProblem() const;

    ExperimentSpec m_spec;
    bool m_updating = false; // the forms are being filled: their signals are not edits
    DatasetForm* m_dataset = nullptr;
    ModelForm* m_model = nullptr;
    OptimizerForm* m_optimizer = nullptr;
    TrainingForm* m_training = nullptr;
    RunsEditor* m_runs = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_datasetNote = nullptr;
    QLabel* m_optimizerNote = nullptr;
    double m_estimatedBytes = 0.0; // memory to train every run (core/engine/footprint.h)
};

} // namespace bitlab::ui
