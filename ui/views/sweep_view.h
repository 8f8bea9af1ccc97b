#pragma once
// SweepView: the Sweep tab. "Run sweep" trains the experiment the panel describes once per
// bit-width in a chosen range and per chosen scheme (plus the full-precision baseline),
// crossed with the values of any one experiment key ("Vary", as bitlab-cli's --vary) and
// repeated over K seeds, in parallel off the UI thread (SweepTask), with a progress bar and
// Cancel; the chart (SweepChart) shows each point's final test loss (or accuracy) against
// the bits or the swept key (the other as separate lines), the mean with a min-max (or
// ± 1 sd) band when K > 1. The numbers are exactly `bitlab-cli sweep`'s (one core Sweep
// for both), and Export CSV writes the same sweep.csv through the same writer.

#include "core/engine/sweep.h"
#include "ui/result_archive.h"
#include "ui/views/experiment_view.h"

#include <map>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolButton;

namespace bitlab::ui {

class SweepChart;
class SweepSetup;
class SweepTask;

class SweepView : public ExperimentView {
    Q_OBJECT
public:
    explicit SweepView(QWidget* parent = nullptr);
    ~SweepView() override;

    QString title() const override { return tr("Sweep"); }
    void setExperimentPanel(const ExperimentPanel* panel) override;
    void refresh(const RunHistory& history, bool force) override;
    QStringList chartNames() const override { return { QStringLiteral("sweep") }; }
    bool exportChart(int index, const QString& file, QString* error) const override;
    void prepareScreenshot(std::function<void()> done) override;

    // Starts a sweep of the panel's experiment over the chosen bits and schemes; false
    // (the reason in the status line) when it cannot start.
    bool runSweep();
    // A sentence on why the sweep of `spec` on `data` looks as it does when the setup, not
    // the bits, decides it (one number per tensor: the scale-based schemes are exact), else "".
    static QString setupNote(const ExperimentSpec& spec, const Dataset* data);
    // A lesson that looks at this tab opened its preset: take its sweep settings
    // (core/engine/lessons.h); nothing for other presets.
    void presetOpened(const QString& preset);
    void cancelSweep();
    bool isRunning() const;
    // Every configuration of the last sweep (during a sweep: those that ended so far).
    const std::vector<SweepResult>& results() const { return m_results; }
    const SweepPlan& plan() const { return m_plan; }
    // sweep.csv of the last sweep; false with *error when it cannot be written.
    bool exportCsv(const QString& file, QString* error) const;
    SweepChart* chart() const { return m_chart; }
    QString statusText() const;

    // The sweep on screen, as the archive and a saved session keep it (empty: none).
    SweepRecord record() const;
    // Shows a kept sweep (a saved session's) as if it had just run; `entry` is the archive
    // entry that holds it (-1: none).
    void restore(const SweepRecord& record, int entry);
    // The session's earlier experiments, offered under "Compare with" (SessionKeeper sets it),
    // and the entry that holds the sweep on screen (not offered).
    void setArchive(const ResultArchive* archive);
    void setShownEntry(int number);
    int shownEntry() const { return m_shownEntry; }
    // The archived sweep laid over the chart (its entry's number, -1: none), and choosing it.
    int overlay() const { return m_overlay; }
    void setOverlay(int number);

signals:
    // A sweep ended (finished, cancelled or refused by the engine).
    void sweepFinished();

private:
    void poll();
    void onTaskFinished();
    void updateControls();
    void updateTemplateHint();
    void exportCsvDialog();
    void setStatus(const QString& text, bool problem);
    int chosenXAxis() const;

    const ExperimentPanel* m_panel = nullptr;
    SweepTask* m_task = nullptr;
    QTimer* m_poll = nullptr;
    SweepSetup* m_setup = nullptr; // what to sweep
    QComboBox* m_xAxis = nullptr;
    QComboBox* m_band = nullptr;
    QComboBox* m_metric = nullptr;
    QCheckBox* m_log = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_hint = nullptr;
    SweepChart* m_chart = nullptr;

    std::vector<SweepResult> m_results;
    SweepPlan m_plan; // of the sweep shown
    bool m_classification = false;
    bool m_hasTest = false;
    int m_sweptFrom = 1, m_sweptTo = 8; // the range of the sweep shown
    QByteArray m_sweptSpec; // the experiment the results belong to (its JSON)
    QString m_setupNote; // why its results look as they do, when the setup decides (setupNote)
    QComboBox* m_overlayPicker = nullptr;
    const ResultArchive* m_archive = nullptr;
    int m_shownEntry = -1; // the archive entry of the sweep on screen
    int m_overlay = -1; // the archive entry laid over the chart
    void rebuildOverlayPicker();
    void applyOverlay();
};

} // namespace bitlab::ui
