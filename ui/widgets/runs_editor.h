#pragma once
// RunsEditor: the experiment's runs: the full-precision run and any number of quantized
// twins, each with its colour (the same in every view), its name, its quantizer settings
// and, once training, its status. The runs live in a RunsModel shown by the list; add /
// duplicate / remove / rename; the quantizer form below the list edits the selected run
// and offers only what its scheme uses (from the quantizer registry), then what else the
// run rounds: its gradients and its optimizer state (any run, full precision included).
// A run whose name is empty gets the engine's default name.

#include "core/engine/experiment_spec.h"
#include "ui/widgets/per_tensor_dialog.h"
#include "ui/widgets/runs_model.h"

#include <QWidget>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class QLabel;
class QPushButton;
class QTreeView;

namespace bitlab {
struct QuantizerInfo;
}

namespace bitlab::ui {

class QuantizerFields;

class RunsEditor : public QWidget {
    Q_OBJECT
public:
    explicit RunsEditor(QWidget* parent = nullptr);
    ~RunsEditor() override;

    std::vector<RunSpec> runs() const { return m_model->runs(); }
    // The runs list's model (the list view shows it).
    RunsModel* model() const { return m_model; }
    void setRuns(const std::vector<RunSpec>& runs);
    // MLP models can fake-quantize hidden activations; other models hide that field.
    void setModelHasActivations(bool on);
    // The model's tensors (state_dict names), for the per-layer table.
    void setTensorNames(const std::vector<std::string>& names);
    // Opens the per-layer table of the selected run (bits and observer per tensor); the
    // dialog is returned so tests can drive it (it deletes itself when closed).
    PerTensorDialog* openPerTensor();
    // Shown in the list's status column ("" clears); `bad` colours it as an error.
    void setStatus(int run, const QString& text, bool bad) { m_model->setStatus(run, text, bad); }
    void clearStatuses() { m_model->clearStatuses(); }
    int currentRun() const;
    void setCurrentRun(int run);
    // The name shown (and used by the engine) for run i.
    QString displayName(int run) const { return m_model->displayName(run); }
    // A sentence when the runs are not valid (duplicate names, no run), else empty.
    QString problem() const { return m_model->problem(); }

    // While training the list stays readable (statuses) but nothing can be changed.
    void setEditable(bool editable);

    // While an experiment is paused (or prepared and not running), the bits, scheme and
    // fraction bits of a quantized run can change for the rest of the run: the form edits
    // a pending grid and "Apply to the paused run" asks for it (quantizerChangeRequested).
    // The runs themselves (what Save writes) keep their original quantizers.
    void setLiveEditing(bool on);
    bool liveEditing() const { return m_live; }
    // The worker accepted a grid change of `run` at `step`: the list shows it.
    void setLiveQuantizer(int run, const QuantizerSpec& quantizer, qint64 step);
    // A new experiment (or reset): back to the runs as written.
    void clearLiveQuantizers();
    // The quantizer run i uses now (the live one after a change, else its spec's).
    std::optional<QuantizerSpec> effectiveQuantizer(int run) const
    {
        return m_model->effectiveQuantizer(run);
    }

    // Actions, also used by tests.
    void addQuantizedRun();
    void duplicateRun();
    void removeRun();
    void renameRun(int run, const QString& name);
    // Sets the selected run's quantizer to a framework convention (core/quant/conventions.h,
    // "pytorch", "qkeras", ...); "" or a full-precision run: nothing changes. The picker
    // shows the convention the selected quantizer matches ("Custom" when none).
    void setConvention(const QString& name);
    QString convention() const; // of the selected run; "" = custom

signals:
    void runsChanged();
    void quantizerChangeRequested(int run, const bitlab::QuantizerSpec& quantizer);

private:
    void updateButtons();
    void loadForm();
    void readForm();
    void updateFormVisibility();
    void readLiveForm();
    // The grid fields (bits and their range, fraction bits, narrow range) show q's.
    void showGrid(const QuantizerSpec& q);
    // A new scheme starts from its registry defaults, keeping the bit width shown if valid.
    QuantizerSpec schemeDefaults(const QuantizerInfo& info, bool keepBits) const;
    // Run `run` leaves `from` for scheme `to`: the grid it had under `to` before (switching
    // back restores it: fixed 8 bits with 3 fraction bits stays that, not the defaults), else
    // to's defaults. `from`'s grid is remembered for the way back.
    QuantizerSpec switchScheme(
        int run, const std::optional<QuantizerSpec>& from, const QuantizerInfo& to);
    void updateLiveControls();

    RunsModel* m_model = nullptr;
    // Set (scoped) while the form is filled from the model: its edits are not the user's.
    bool m_loadingForm = false;
    bool m_activations = false;
    bool m_editable = true;
    bool m_live = false; // paused experiment: only the grid of a quantized run can change
    std::optional<QuantizerSpec> m_pendingLive; // form edits not applied yet
    // The grid each run had under each scheme it was switched away from (run, scheme);
    // forgotten when the runs are replaced, added or removed.
    std::map<std::pair<int, std::string>, QuantizerSpec> m_leftSchemes;

    QTreeView* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_duplicate = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_rename = nullptr;
    std::unique_ptr<QuantizerFields> m_fields; // the quantizer form
    std::vector<std::string> m_tensorNames;
    QPushButton* m_applyLive = nullptr;
    QLabel* m_liveHint = nullptr;
    QWidget* m_liveBox = nullptr;
};

} // namespace bitlab::ui
