#pragma once
// PerTensorDialog: the run editor's per-layer table (per_tensor, docs/quantizers.md
// "Per-tensor quantizers"): one row per model tensor with its bits and, for the
// scale-based schemes, its observer. A row equal to the run's quantizer is no entry.

#include "core/engine/experiment_spec.h"

#include <QDialog>
#include <string>
#include <vector>

class QTableWidget;

namespace bitlab::ui {

class PerTensorDialog : public QDialog {
    Q_OBJECT
public:
    PerTensorDialog(const QuantizerSpec& run, const std::vector<TensorQuantizer>& perTensor,
        const std::vector<std::string>& tensors, QWidget* parent = nullptr);
    // The entries the table holds now (tensors whose bits or observer differ from the run's).
    std::vector<TensorQuantizer> perTensor() const;
    QTableWidget* table() const { return m_table; }

private:
    QuantizerSpec m_run;
    std::vector<std::string> m_tensors;
    QTableWidget* m_table = nullptr;
};

} // namespace bitlab::ui
