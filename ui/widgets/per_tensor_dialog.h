#pragma once
// PerTensorDialog: the run editor's per-layer table (per_tensor, docs/quantizers.md
// "Per-tensor quantizers"): one row per model tensor with its bits and, for the
// scale-based schemes, its observer; then one row per hidden activation
// ("layers.0.activation") with its bits (off = float64) and, in mode ste, what it learns
// (none, LSQ's step, PACT's clip). A row equal to the run's quantizer is no entry.

#include "core/engine/experiment_spec.h"

#include <QDialog>
#include <string>
#include <vector>

class QTableWidget;

namespace bitlab::ui {

class PerTensorDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { TensorColumn, BitsColumn, ObserverColumn, LearnColumn };

    // tensors: perTensorNames() of the model (weights and biases, then activations).
    PerTensorDialog(const QuantizerSpec& run, const std::vector<TensorQuantizer>& perTensor,
        const std::vector<std::string>& tensors, QWidget* parent = nullptr);
    // The entries the table holds now: tensors whose bits or observer differ from the run's
    // (or whose entry sets a scheme of its own, kept as it was), activations whose bits or
    // learning differ.
    std::vector<TensorQuantizer> perTensor() const;
    QTableWidget* table() const { return m_table; }

private:
    QuantizerSpec m_run;
    std::vector<TensorQuantizer> m_original;
    std::vector<std::string> m_tensors;
    QTableWidget* m_table = nullptr;
};

} // namespace bitlab::ui
