#pragma once
// QuantizerPicker: one compact row that picks a quantizer without a training mode, for
// what a run rounds besides its weights (DESIGN §6): its gradients (gradient_quantizer)
// and its optimizer state (state_quantizer). A scheme ("float64" = none), the one setting
// that scheme is chosen by (its format, element, bits, or bits and fraction bits), the
// rounding, and for float formats the per-tensor amax scaling. Every other key keeps the
// value it had (a spec read from a file keeps its block size, overflow, ...), or the
// scheme's registry defaults when the scheme changes.

#include "core/quant/quantizer_spec.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace bitlab::ui {

class QuantizerPicker : public QWidget {
    Q_OBJECT
public:
    explicit QuantizerPicker(QWidget* parent = nullptr);

    // Shows `spec` (none: float64); emits nothing.
    void setSpec(const std::optional<QuantizerSpec>& spec);
    std::optional<QuantizerSpec> spec() const { return m_spec; }

signals:
    // The user changed the spec (spec() has the new one).
    void edited();

private:
    void show(const std::optional<QuantizerSpec>& spec);
    void read();

    std::optional<QuantizerSpec> m_spec;
    bool m_loading = false;
    QComboBox* m_scheme = nullptr;
    QComboBox* m_format = nullptr; // float
    QComboBox* m_element = nullptr; // mx
    QSpinBox* m_bits = nullptr;
    QSpinBox* m_fracBits = nullptr; // fixed
    QComboBox* m_rounding = nullptr;
    QCheckBox* m_amax = nullptr; // float
};

// Appends every registered quantizer scheme to `combo` (text and data: its name; tooltip:
// its description and formula), as the run editor and the picker offer them.
void addSchemeItems(QComboBox* combo);

} // namespace bitlab::ui
