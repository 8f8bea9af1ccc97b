#pragma once
// QuantizerFields: the fields of the runs editor's quantizer form, as uic's Ui classes hold
// a form's widgets. Every choice comes from its registry (schemes, float formats, MX
// elements, observers, roundings, modes, framework conventions) with its tooltip and its
// object name (tests find the fields by it); layOut() puts them in one QFormLayout in the
// order the form shows them. It shows a grid, reads one back, shows only the rows the
// scheme uses and locks what a paused run cannot change. RunsEditor fills and reads the
// rest from its runs.

#include "core/engine/experiment_spec.h"
#include "ui/widgets/field_rows.h"

#include <QCoreApplication>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QWidget;

namespace bitlab::ui {

class QuantizerPicker;

class QuantizerFields {
    Q_DECLARE_TR_FUNCTIONS(bitlab::ui::QuantizerFields)
public:
    // Makes the fields, children of `parent`.
    explicit QuantizerFields(QWidget* parent);
    ~QuantizerFields();

    // Lays the fields out in `form` inside `box` (made here, a child of parent), with the
    // observer's settings and ptq calibration from the quantizer field table;
    // `observerEdited` runs after the user edits one of those.
    void layOut(QWidget* parent, const std::function<void()>& observerEdited);
    // Calls `edited` after the user edits any field of the weights' quantizer.
    void connectEdits(QObject* context, const std::function<void()>& edited) const;

    // The grid fields (bits and their range, fraction bits, narrow range, float format,
    // MX element, block) show q's.
    void showGrid(const QuantizerSpec& q);
    // q with the grid fields as shown.
    QuantizerSpec grid(QuantizerSpec q) const;
    // Shows the rows the scheme shown uses: `quantizer` is the run's (none: full precision),
    // `perTensorCount` how many tensors it sets apart, `activations` whether the model has
    // hidden activations, `tensors` whether their names are known (the per-layer table).
    void updateVisibility(const std::optional<QuantizerSpec>& quantizer, std::size_t perTensorCount,
        bool activations, bool tensors);
    // Every field editable again (not paused).
    void enableAll();
    // Paused: only the grid of a quantized run can change.
    void enableGridOnly(bool isQuantized);

    QFormLayout* form = nullptr;
    QWidget* box = nullptr; // holds the form
    QLabel* title = nullptr;
    QCheckBox* quantized = nullptr;
    QComboBox* convention = nullptr;
    QLabel* conventionFormula = nullptr;
    QComboBox* scheme = nullptr;
    QSpinBox* bits = nullptr;
    QSpinBox* fracBits = nullptr;
    QCheckBox* narrow = nullptr;
    // float / mx / nvfp4 (DESIGN §6): the format and how it casts, the MX element, the block.
    QComboBox* format = nullptr;
    QSpinBox* expBits = nullptr;
    QSpinBox* manBits = nullptr;
    QComboBox* overflow = nullptr;
    QComboBox* scaling = nullptr;
    QComboBox* element = nullptr;
    QSpinBox* block = nullptr;
    QComboBox* granularity = nullptr;
    QComboBox* observer = nullptr; // the range observer (scale-based schemes)
    QComboBox* learn = nullptr; // learned step or clip: none, lsq, pact (mode ste)
    // averaging, percentile, calibration_batches: rows from the quantizer field table.
    std::unique_ptr<FieldRows<QuantizerSpec>> observerRows;
    QPushButton* perTensor = nullptr; // the per-layer table
    QComboBox* rounding = nullptr;
    QComboBox* mode = nullptr;
    QCheckBox* quantizeBias = nullptr;
    QCheckBox* steClip = nullptr;
    QCheckBox* torchFloat32 = nullptr;
    QSpinBox* activationBits = nullptr;
    // What the run rounds besides its weights: gradients and optimizer state (DESIGN §6).
    QuantizerPicker* gradients = nullptr;
    QuantizerPicker* state = nullptr;
    QLabel* formula = nullptr;
    QWidget* flagsBox = nullptr; // quantize biases and STE clip, one row
};

} // namespace bitlab::ui
