#pragma once
// DatasetForm: the panel's Dataset group. Picks a built-in generator (with its samples,
// noise, classes, features and seed) or a CSV (with its target column), the task (or
// auto-detection), the test split, standardization and shuffling, and previews the first
// rows as the loader reads them. It keeps that preview (loaded through DatasetLoader when
// the source or the generator settings change), and with it the detected task and the
// loader's error, which it shows in place. A CSV can declare its rows images
// (dataset.image_shape); a feature count that is a perfect square (784 = 28 x 28)
// suggests the shape, which the user confirms with the Images check box.

#include "core/data/csv_inspect.h"
#include "core/data/dataset.h"
#include "core/engine/experiment_spec.h"
#include "ui/widgets/field_rows.h"
#include "ui/widgets/panel_form.h"

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace bitlab::ui {

struct DatasetPreview;

class DatasetForm : public PanelForm {
    Q_OBJECT
public:
    explicit DatasetForm(QWidget* parent = nullptr);
    ~DatasetForm() override;

    // spec.dataset -> widgets. Emits nothing.
    void write(const ExperimentSpec& spec);
    // widgets -> spec.dataset.
    void read(ExperimentSpec& spec) const;
    // Loads the preview when `spec`'s data changed, shows it, and shows the fields the
    // source uses.
    void refresh(const ExperimentSpec& spec);
    // Reads `path` as a CSV into `next` (a copy of the panel's spec with the dataset
    // replaced) and keeps its preview; false when the user cancelled the load.
    bool loadCsv(const QString& path, ExperimentSpec& next);

    // The task the dataset asks for, or the detected one; none when unknown.
    std::optional<Task> effectiveTask(const ExperimentSpec& spec) const;
    Index previewRows() const { return m_preview ? m_preview->rows() : 0; }
    // The data as previewed (nullptr when it did not load).
    const Dataset* preview() const { return m_preview ? &*m_preview : nullptr; }
    // A shown number is out of range or unreadable.
    bool hasInvalidNumber() const;
    QString error() const { return m_error; }

signals:
    void browseCsvRequested();

private:
    void sourceChosen();
    void refreshParams(const ExperimentSpec& spec);
    void refreshPreview(const ExperimentSpec& spec);
    void showPreview(const DatasetSpec& d);
    void showPreviewTable(const Dataset& ds);
    void showImageShape(const DatasetSpec& d);
    static QString previewKey(const ExperimentSpec& spec);
    void takePreview(const QString& key, DatasetPreview preview);

    std::optional<Dataset> m_preview;
    QString m_error;
    QString m_previewKey; // source/target the preview was loaded for
    std::vector<CsvColumnInfo> m_columns; // CSV columns and their types, for the preview
    bool m_previewShown = false; // the widgets show the current preview

    QComboBox* m_source = nullptr;
    QPushButton* m_browse = nullptr;
    QLabel* m_sourceHelp = nullptr;
    QFormLayout* m_form = nullptr;
    QComboBox* m_target = nullptr;
    QComboBox* m_task = nullptr;
    QLabel* m_detected = nullptr;
    std::unique_ptr<FieldRows<DatasetSpec>> m_generatorRows; // builtin:NAME parameters
    std::unique_ptr<FieldRows<DatasetSpec>> m_splitRows; // test_fraction, standardize, shuffle
    DatasetSpec m_shown; // what refreshParams() last saw, for hasInvalidNumber()
    // A CSV's image shape (dataset.image_shape): checked = each row is an image of
    // rows x cols pixels; unchecked, the sizes show the shape the column count suggests.
    QWidget* m_imageRow = nullptr;
    QCheckBox* m_image = nullptr;
    QSpinBox* m_imageRows = nullptr;
    QSpinBox* m_imageCols = nullptr;
    QLabel* m_imageNote = nullptr;
    QTableWidget* m_previewTable = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace bitlab::ui
