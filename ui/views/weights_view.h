#pragma once
// WeightsView: the Weights tab. For a model with exactly two trainable scalars (the seed's
// w and b) the weight plane (WeightPlaneWidget): loss surface, each quantized run's
// lattice, each run's trajectory. For any model the tensor strips (TensorStripWidget): a
// run's tensor over its grid levels with a one-bin-per-level histogram and the flips per
// step. Pickers choose the picture, the run, the tensor, (per-channel grids) the channel and
// (block-scaled formats: mx, nvfp4) the block, or the whole tensor.
// Exports "weights-plane" (two-parameter models) and "weights-strips" as PNG (2x) and SVG.

#include "core/engine/experiment_spec.h"
#include "ui/views/experiment_view.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QStackedWidget;

namespace bitlab::ui {

class WeightPlaneWidget;
class TensorStripWidget;

class WeightsView : public ExperimentView {
    Q_OBJECT
public:
    explicit WeightsView(QWidget* parent = nullptr);

    QString title() const override { return tr("Weights"); }
    void setExperiment(const ExperimentInfo& info) override;
    void refresh(const RunHistory& history, bool force) override;
    quint32 snapshotParts() const override;
    QStringList chartNames() const override;
    bool exportChart(int index, const QString& file, QString* error) const override;
    int currentChart() const override;
    // Waits (at most 5 s) for the loss surface behind the weight plane.
    void prepareScreenshot(std::function<void()> done) override;

    // For tests and the command line.
    bool planeAvailable() const { return m_planeAvailable; }
    void showPlane(bool plane);
    void selectStrip(int run, int tensor, int channel = 0);
    // Block-scaled tensors: shows block `block` (numbered row by row; -1: the whole tensor).
    void selectBlock(int block);
    WeightPlaneWidget* plane() const { return m_plane; }
    TensorStripWidget* strips() const { return m_strips; }

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void exportWithDialog(const QString& suffix);
    void updatePickers(const RunHistory& history);
    void applySelection();

    QComboBox* m_picture = nullptr;
    QComboBox* m_run = nullptr;
    QComboBox* m_tensor = nullptr;
    QComboBox* m_channel = nullptr;
    QComboBox* m_block = nullptr;
    std::array<Index, 4> m_blockKey {}; // rows, cols, blocks per row, block of the listed blocks
    QLabel* m_runLabel = nullptr;
    QLabel* m_tensorLabel = nullptr;
    QLabel* m_channelLabel = nullptr;
    QLabel* m_blockLabel = nullptr;
    QStackedWidget* m_stack = nullptr;
    WeightPlaneWidget* m_plane = nullptr;
    TensorStripWidget* m_strips = nullptr;
    bool m_planeAvailable = false;
    std::vector<std::optional<QuantizerSpec>> m_quantizers;
    const RunHistory* m_history = nullptr;
    std::uint64_t m_drawnRevision = ~0ull;
    std::uint64_t m_generation = ~0ull;
    bool m_updating = false; // re-entrancy guard: our own picker changes
};

} // namespace bitlab::ui
