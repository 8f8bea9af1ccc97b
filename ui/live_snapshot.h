#pragma once
// LiveSnapshot: what the training worker sends the views besides records, at most ~10 times
// a second while training and once whenever training stops, pauses, steps or a run's grid
// changes: every run's tensors (for the weight strips) and, for a two-feature
// classification dataset, every run's decision regions on a fixed grid (a coarser one while
// training runs, the exact one when it stops); for a regression,
// every run's predictions where the Fit view draws them. LossSurface: the
// full-precision training loss over a rectangle of the weight plane (two-parameter models),
// computed by the worker on request. Both are engine probes (core/engine/probes.h) and
// plain values that cross threads by copy.

#include "core/engine/confusion.h"
#include "core/engine/experiment.h"
#include "core/engine/probes.h"

#include <QMetaType>
#include <QtGlobal>
#include <cstdint>
#include <vector>

namespace bitlab::ui {

// Every run's decision regions on a grid of the raw feature space (core/engine/probes.h).
using BoundaryGrid = DecisionGrid;
// The full-precision training loss over a rectangle of the weight plane (probes.h).
using LossSurface = bitlab::LossSurface;

// The parts of a LiveSnapshot, as bit flags. While training runs, the worker computes only
// the parts the view on screen draws (ExperimentView::snapshotParts(): an MLP's decision
// regions alone cost tens of milliseconds per run) and sends the others as it last computed
// them; whenever training stops (end, pause, step, stop, a changed grid) it completes the
// snapshot, so every view and every export shows the state training stopped in.
enum SnapshotPart : quint32 {
    kSnapshotWeights = 1u << 0, // weights (always computed: cheap, and the Loss tab's names)
    kSnapshotBoundary = 1u << 1, // boundary
    kSnapshotConfusion = 1u << 2, // confusion, confusionOnTest
    kSnapshotSamples = 1u << 3, // samplePredictions
    kSnapshotFit = 1u << 4, // fit
    kSnapshotAll = (1u << 5) - 1,
};

struct LiveSnapshot {
    std::int64_t step = 0; // the largest step of any run
    // The parts computed at `step` (SnapshotPart flags); the others are as the worker last
    // computed them, at an earlier step.
    quint32 parts = kSnapshotAll;
    // One per run, in run order (Experiment::snapshot). TensorSnapshot::levels is cleared
    // for a tensor whose levels over all channels would exceed kMaxSnapshotLevels.
    std::vector<WeightSnapshot> weights;
    // While training runs, only the runs the Boundary view draws have their regions
    // (ExperimentView::snapshotRuns()); the others' classes and confidences are empty until
    // training stops and the snapshot is completed.
    BoundaryGrid boundary;
    std::int64_t boundaryStep = 0; // the step `boundary` was computed at
    // `boundary` is the coarse preview computed while training ran (kLiveDecisionGridCells
    // per side, the same extent); the exact kDecisionGridCells grid replaces it whenever
    // training stops.
    bool boundaryPreview = false;
    // Classification: per run, the confusion matrix over the test rows (the training rows
    // without a test split; confusionOnTest says which) at the snapshot's weights.
    std::vector<ConfusionMatrix> confusion;
    bool confusionOnTest = false;
    // Image datasets: per run, the predicted class of each sample image
    // (ExperimentInfo::sampleImages, same order).
    std::vector<std::vector<int>> samplePredictions;
    // Regression: per run, its prediction at each point of ExperimentInfo::fit (the curve's
    // abscissae for one feature, else the probed rows): fitPredictions().
    std::vector<std::vector<double>> fit;
};
inline constexpr std::size_t kMaxSnapshotLevels = 1u << 18;
// Cells per side of the decision regions while training runs: a sixteenth of the exact
// grid's cells (an MLP's 200 x 200 cost tens of milliseconds per run, taken from training).
inline constexpr int kLiveDecisionGridCells = kDecisionGridCells / 4;

} // namespace bitlab::ui

Q_DECLARE_METATYPE(bitlab::ui::LiveSnapshot)
Q_DECLARE_METATYPE(bitlab::ui::LossSurface)
