#pragma once
// SensitivityView: the Sensitivity tab. "Compute" trains the panel's experiment's float64
// run and quantizes one tensor at a time at each bit-width of a range, off the UI thread,
// through core/engine/sensitivity.h, the same function `bitlab-cli sensitivity` calls (so
// the numbers are the CSV's, number for number). The chart draws the loss increase per
// tensor against its bits; the table lists them. "Suggest" picks per-tensor bits under a
// budget of average bits per weight by suggestBits' greedy rule and asks for a
// mixed-precision run (the first quantized run's quantizer in ptq, with per_tensor) to be
// added to the experiment (runSuggested).

#include "core/engine/sensitivity.h"
#include "ui/views/experiment_view.h"

#include <QFutureWatcher>
#include <memory>
#include <optional>
#include <stop_token>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace bitlab::ui {

class SensitivityChart;

class SensitivityView : public ExperimentView {
    Q_OBJECT
public:
    explicit SensitivityView(QWidget* parent = nullptr);
    ~SensitivityView() override;

    QString title() const override { return tr("Sensitivity"); }
    void setExperimentPanel(const ExperimentPanel* panel) override { m_panel = panel; }
    void refresh(const RunHistory&, bool) override { }
    QStringList chartNames() const override { return { QStringLiteral("sensitivity") }; }
    bool exportChart(int index, const QString& file, QString* error) const override;
    // Headless screenshots: computes with the bits shown, then done.
    void prepareScreenshot(std::function<void()> done) override;

    // Starts computing the table for the panel's experiment over bits [from, to]; false
    // (the reason in the status line) when it cannot start.
    bool compute();
    bool isComputing() const;
    // The last table computed (nullopt before one finished).
    const std::optional<SensitivityTable>& table() const { return m_table; }
    // The run "Suggest" builds from the table for a budget of `averageBits` per weight.
    std::optional<RunSpec> suggestedRun(double averageBits) const;
    void setBitRange(int from, int to);
    void setBudget(double averageBits);

signals:
    // Suggest: add this run to the experiment.
    void runSuggested(const bitlab::RunSpec& run);
    // A computation ended (its table is in table(), or the status says why not).
    void computed();

private:
    void showTable();
    void suggest();

    const ExperimentPanel* m_panel = nullptr;
    QSpinBox* m_from = nullptr;
    QSpinBox* m_to = nullptr;
    QPushButton* m_compute = nullptr;
    QDoubleSpinBox* m_budget = nullptr;
    QPushButton* m_suggest = nullptr;
    QLabel* m_status = nullptr;
    SensitivityChart* m_chart = nullptr;
    QTableWidget* m_numbers = nullptr;
    std::optional<SensitivityTable> m_table;
    std::unique_ptr<std::stop_source> m_stop;
    QFutureWatcher<void>* m_watcher = nullptr;
    std::shared_ptr<std::optional<SensitivityTable>> m_result;
    std::shared_ptr<QString> m_error;
};

} // namespace bitlab::ui
