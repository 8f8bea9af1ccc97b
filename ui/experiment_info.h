#pragma once
// ExperimentInfo: what the training worker tells the UI once it has built an experiment:
// the resolved spec (every default filled in), the run names, the task and the step counts.

#include "core/engine/experiment_spec.h"
#include "core/engine/probes.h"

#include <QMetaType>
#include <QString>
#include <cstdint>
#include <vector>

namespace bitlab::ui {

struct ExperimentInfo {
    ExperimentSpec spec; // resolved
    std::vector<QString> runNames;
    Task task = Task::Regression;
    int features = 0;
    int classes = 0;
    std::int64_t trainRows = 0;
    std::int64_t testRows = 0;
    std::int64_t stepsPerEpoch = 1;
    std::int64_t totalSteps = 0;
    std::vector<QString> warnings; // dataset warnings
    int parameterCount = 0; // trainable scalars of the model (2: the weight plane applies)

    // Two-feature datasets: every row in the raw feature space, for the decision boundary
    // view (at most kMaxInfoPoints rows, train and test in file order).
    std::vector<QString> featureNames;
    std::vector<QString> classLabels;
    std::vector<double> pointX, pointY;
    std::vector<int> pointClass; // class index (classification), else -1
    std::vector<bool> pointIsTest;

    // Image datasets (Dataset::imageRows/imageCols): the first kMaxSampleImages rows of the
    // test split (the training rows without one), raw pixels row-major, and their classes.
    int imageRows = 0, imageCols = 0;
    bool samplesAreTest = false;
    std::vector<std::vector<double>> sampleImages;
    std::vector<int> sampleClass;

    // Regression: where the Fit view draws (core/engine/probes.h; `inputs` left empty: the
    // worker keeps them): one feature, the rows and the curve's abscissae; more, the rows
    // plotted predicted against actual. LiveSnapshot::fit holds the runs' predictions.
    FitFrame fit;
    QString targetName;
    std::int64_t rows = 0; // all rows of the dataset (the frame holds at most kMaxFitRows)
};
inline constexpr std::size_t kMaxInfoPoints = 20000;
inline constexpr std::size_t kMaxSampleImages = 40;

} // namespace bitlab::ui

Q_DECLARE_METATYPE(bitlab::ui::ExperimentInfo)
