#pragma once
// RunsModel: the experiment's runs as a table, one row per run: its name (with its colour,
// the same in every view), its quantizer and, once training, its status. The runs list
// (a view) and RunsEditor's form both read and edit this one model; a row carries
// everything known about its run, so inserting or removing a run moves it all together.
//
// Besides the runs as written (what Save writes), a row may carry a grid change applied
// while the experiment was paused: the quantizer column then shows the grid in use.

#include "core/engine/experiment_spec.h"

#include <QAbstractTableModel>
#include <optional>
#include <vector>

namespace bitlab::ui {

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, QuantizerColumn, StatusColumn, ColumnCount };

    explicit RunsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // The name column's EditRole renames the run (empty: the engine's default name).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // The runs as written; an empty list becomes one full-precision run.
    std::vector<RunSpec> runs() const;
    void setRuns(const std::vector<RunSpec>& runs);
    const RunSpec& run(int row) const { return m_rows[static_cast<std::size_t>(row)].spec; }
    bool isRun(int row) const { return row >= 0 && row < rowCount(); }

    void insertRun(int row, const RunSpec& run);
    void removeRun(int row);
    void setQuantizer(int row, const std::optional<QuantizerSpec>& quantizer);
    // The run's per_tensor overrides (each a full spec with the run's mode).
    void setPerTensor(int row, const std::vector<TensorQuantizer>& perTensor);
    // What run `row` rounds besides its weights (none: float64).
    void setRoundedQuantities(int row, const std::optional<QuantizerSpec>& gradients,
        const std::optional<QuantizerSpec>& state);
    // The name shown (and used by the engine) for run i.
    QString displayName(int row) const;
    // A sentence when the runs are not valid (duplicate names, no run), else empty.
    QString problem() const;

    // The status column ("" clears); `bad` colours it as an error.
    void setStatus(int row, const QString& text, bool bad);
    void clearStatuses();

    // A grid change of run `row` applied at `step` while paused.
    void setLiveQuantizer(int row, const QuantizerSpec& quantizer, qint64 step);
    void clearLiveQuantizers();
    // The quantizer run i uses now (the live one after a change, else its spec's).
    std::optional<QuantizerSpec> effectiveQuantizer(int row) const;
    // The step of run i's grid change, if it had one.
    std::optional<qint64> liveChangeStep(int row) const;

    // "symmetric 4b · ste", "full precision".
    static QString quantizerText(const RunSpec& run);
    // What else run rounds: " · gradients bf16 · state e4m3 sr" ("" when nothing).
    static QString roundedText(const RunSpec& run);
    static const QColor& badStatusColor();

signals:
    // The user renamed a run through the view (or setData).
    void renamed(int row);

private:
    struct LiveChange {
        QuantizerSpec quantizer;
        qint64 step = 0;
    };
    struct Row {
        RunSpec spec;
        QString status;
        bool statusBad = false;
        std::optional<LiveChange> live; // applied while paused
    };
    void rowChanged(int row, int firstColumn, int lastColumn);

    std::vector<Row> m_rows;
};

} // namespace bitlab::ui
