#pragma once
// ModelForm: the panel's "Model and loss" group: the model (those that cannot learn the
// dataset's task stay listed but disabled, with the reason), its hidden layers and
// activation when it has them, the bias terms, and the losses the model accepts for the
// task (the model's first is the default).

#include "core/engine/experiment_spec.h"
#include "ui/widgets/panel_form.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace bitlab::ui {

class ModelForm : public PanelForm {
    Q_OBJECT
public:
    explicit ModelForm(QWidget* parent = nullptr);

    // spec.model -> widgets (the loss list is filled by refresh()). Emits nothing.
    void write(const ExperimentSpec& spec);
    // widgets -> spec.model and spec.loss (the hidden sizes only when they parse).
    void read(ExperimentSpec& spec) const;
    // Enables the models that can learn `task` and moves spec.model.kind to the first that
    // can when the chosen one cannot; lists the losses that fit; shows the fields the model
    // uses.
    void refresh(ExperimentSpec& spec, std::optional<Task> task);

    // The hidden sizes field parses ("16,16"; empty is valid but means none).
    bool hiddenValid() const;
    bool hasLoss() const;
    // The chosen model has hidden layers (and so activations).
    bool hasHidden() const { return m_hasHidden; }
    // The size line under the model: "1,153 parameters · about 1 MB for 4 runs"; `tooBig`
    // shows it as an error. Empty hides it.
    void setSizeText(const QString& text, const QString& toolTip, bool tooBig);

private:
    static std::optional<std::vector<int>> parseHidden(const QString& text);

    bool m_hasHidden = false;
    QComboBox* m_model = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit* m_hidden = nullptr;
    QComboBox* m_activation = nullptr;
    QCheckBox* m_bias = nullptr;
    QComboBox* m_loss = nullptr;
    QLabel* m_size = nullptr;
};

} // namespace bitlab::ui
