#pragma once
// ExperimentPanel: the left side of the window. Edits one ExperimentSpec: dataset (a
// built-in generator with its parameters, or a CSV with its target column, task, split
// and a preview), model, loss, optimizer, training length and the runs. Every choice
// comes from the registries (datasets, models, losses, optimizers, quantizers), so a new
// entry there appears here without touching this file. spec() is exactly what Save
// writes and what bitlab-cli runs; setSpec() shows a spec (guarded so that filling the
// form does not echo back into it).

#include "core/data/csv_inspect.h"
#include "core/data/dataset.h"
#include "core/engine/experiment_spec.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace bitlab::ui {

class NumberEdit;
class RunsEditor;
struct DatasetPreview;

class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentPanel(QWidget* parent = nullptr);

    ExperimentSpec spec() const;
    void setSpec(const ExperimentSpec& spec);
    // Points the dataset at a CSV file (absolute path) and previews it. A large file loads
    // off the UI thread behind a progress dialog with Cancel (DatasetLoader); false when the
    // user cancelled, and then the panel is unchanged.
    bool loadCsv(const QString& path);
    // Rows of the dataset as previewed (0 when it did not load).
    Index previewRows() const { return m_preview ? m_preview->rows() : 0; }
    // A sentence saying what is wrong (shown under the panel and when Run is pressed),
    // or empty when the spec can run.
    QString problem() const;
    // The error the dataset loader reported, as shown in place ("" when none).
    QString datasetError() const;
    // Locks the form while an experiment is running (the runs list stays readable).
    void setEditable(bool editable);
    RunsEditor* runsEditor() const { return m_runs; }

signals:
    void specChanged();
    void browseCsvRequested();

private:
    void buildDatasetGroup(QGroupBox* box);
    void buildModelGroup(QGroupBox* box);
    void buildOptimizerGroup(QGroupBox* box);
    void buildTrainingGroup(QGroupBox* box);
    void writeWidgets(); // m_spec -> widgets (guarded)
    void readWidgets(); // widgets -> m_spec
    void onEdited();
    void onOptimizerKindChosen();
    void refreshDatasetParams();
    void refreshModelChoices();
    void refreshOptimizerFields();
    void refreshPreview();
    static QString previewKey(const ExperimentSpec& spec);
    void takePreview(const QString& key, DatasetPreview preview);
    void refreshProblem();
    std::optional<Task> effectiveTask() const;
    static std::vector<int> parseHidden(const QString& text, bool* ok);

    ExperimentSpec m_spec;
    bool m_initializing = false; // re-entrancy guard (LabPlot's m_initializing)
    std::optional<Dataset> m_preview;
    QString m_dataError;
    QString m_previewKey; // source/target the preview was loaded for
    std::vector<CsvColumnInfo> m_columns; // CSV columns and their types, for the preview
    bool m_previewShown = false; // the widgets show the current preview
    bool m_hiddenOk = true;

    // dataset
    QComboBox* m_source = nullptr;
    QPushButton* m_browse = nullptr;
    QLabel* m_sourceHelp = nullptr;
    QFormLayout* m_dataForm = nullptr;
    QSpinBox* m_samples = nullptr;
    QDoubleSpinBox* m_noise = nullptr;
    QSpinBox* m_classes = nullptr;
    QSpinBox* m_features = nullptr;
    QSpinBox* m_dataSeed = nullptr;
    QComboBox* m_target = nullptr;
    QComboBox* m_task = nullptr;
    QLabel* m_detected = nullptr;
    QCheckBox* m_standardize = nullptr;
    QDoubleSpinBox* m_testFraction = nullptr;
    QCheckBox* m_shuffle = nullptr;
    QTableWidget* m_previewTable = nullptr;
    QLabel* m_dataErrorLabel = nullptr;
    // model
    QComboBox* m_model = nullptr;
    QFormLayout* m_modelForm = nullptr;
    QLineEdit* m_hidden = nullptr;
    QComboBox* m_activation = nullptr;
    QCheckBox* m_bias = nullptr;
    QComboBox* m_loss = nullptr;
    // optimizer
    QComboBox* m_optimizer = nullptr;
    QFormLayout* m_optForm = nullptr;
    NumberEdit* m_lr = nullptr;
    NumberEdit* m_momentum = nullptr;
    QCheckBox* m_nesterov = nullptr;
    NumberEdit* m_beta1 = nullptr;
    NumberEdit* m_beta2 = nullptr;
    NumberEdit* m_eps = nullptr;
    NumberEdit* m_alpha = nullptr;
    NumberEdit* m_weightDecay = nullptr;
    QSpinBox* m_batchSize = nullptr;
    QComboBox* m_schedule = nullptr;
    QSpinBox* m_stepSize = nullptr;
    NumberEdit* m_gamma = nullptr;
    QSpinBox* m_tMax = nullptr;
    NumberEdit* m_etaMin = nullptr;
    // training
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_recordEvery = nullptr;
    QSpinBox* m_evalEvery = nullptr;
    // runs
    RunsEditor* m_runs = nullptr;
    QLabel* m_problem = nullptr;
    QList<QGroupBox*> m_groups;
};

} // namespace bitlab::ui
