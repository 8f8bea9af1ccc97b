#pragma once
// A saved session (File ▸ Save session, Ctrl+S; docs/formats.md, "Session files"): one
// versioned JSON file that keeps what the window shows, to reopen it exactly: the panel's
// experiment, the results on screen (every run's history as the Loss view draws it: its
// kept points, group means and latest values, its status), the Sweep tab's sweep, the
// session's archive of earlier experiments (the Compare with lists) and the view options.
//
//   {"format": "bitlab.session", "version": 1, "title": ..., "experiment": {...},
//    "view": {"tab", "loss_mode", "log_scale", "smoothing", "loss_overlay", "sweep_overlay"},
//    "results": {"entry": N, "runs": [RUN, ...]} | null,
//    "sweep": {"entry": N, "same_experiment": bool, SWEEP} | null,
//    "archive": [{"number", "title", "finished", "saved", "experiment", "runs": [...],
//                 "sweep": SWEEP | null}, ...]}
//
// Numbers are shortest round-trip text (exact), null where a value does not exist. The
// reader checks everything and throws Error naming the file and the key; nothing in the
// window changes until the whole file has been read.

#include "core/engine/experiment_spec.h"
#include "ui/result_archive.h"
#include "ui/run_history.h"

#include <QByteArray>
#include <QString>
#include <iterator>
#include <optional>
#include <vector>

namespace bitlab::ui {

inline constexpr int kSessionVersion = 1;
// The metrics' keys in the file, in the order of Metric (untranslated, stable).
inline constexpr const char* kSessionMetricKeys[] = { "batch_loss", "train_loss", "test_loss",
    "train_accuracy", "test_accuracy", "grad_norm", "quant_error", "flips", "lr" };
static_assert(std::size(kSessionMetricKeys) == static_cast<std::size_t>(Metric::Count));

struct SessionViewOptions {
    QString tab; // the view key on screen
    int lossMode = 0; // LossChart::Mode
    bool logScale = true;
    double smoothing = 0.0;
    int lossOverlay = -1; // the archive entry laid over the Loss chart
    int sweepOverlay = -1; // and over the Sweep chart
};

struct Session {
    QString title; // the window's title (the experiment's)
    ExperimentSpec spec; // the panel's experiment
    SessionViewOptions view;
    std::vector<RunTrace> runs; // the results on screen (empty: none)
    int resultsEntry = -1; // the archive entry of those results (-1: none)
    std::optional<SweepRecord> sweep; // the Sweep tab's sweep
    int sweepEntry = -1;
    bool sweepOfThisExperiment = false; // swept the panel's experiment as saved
    std::vector<ArchivedResult> archive;
};

// The file's text; experiment paths relative to `folder` (the file's folder).
// (session_file.cpp writes, session_reader.cpp reads.)
QByteArray sessionJson(const Session& session, const QString& folder);
// Reads and checks a session file; throws Error naming the file and the key.
Session readSession(const QString& path);

} // namespace bitlab::ui
