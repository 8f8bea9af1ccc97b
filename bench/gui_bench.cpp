// GUI benchmarks (issue 4 and 6): how long the Loss view takes to redraw 4 runs x 1,000,000
// points, and how late a 10 ms UI-thread timer fires while the real window trains.
//
//   cmake --build build --target gui_bench && QT_QPA_PLATFORM=offscreen build/bin/gui_bench
//
// Redraw = LossChart::refresh (decimation to the plot's pixel columns + QXYSeries::replace)
// plus a paint of the chart into a pixmap, median of 7. Lateness = (interval between two
// ticks) - 10 ms over every tick of the run: the seed preset, then a 20,000-sample MLP.

#include "core/engine/presets.h"
#include "core/engine/record.h"
#include "ui/charts/loss_chart.h"
#include "ui/experiment_info.h"
#include "ui/main_window.h"
#include "ui/run_history.h"
#include "ui/training_controller.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void redrawBench()
{
    constexpr int kRuns = 4;
    constexpr std::int64_t kPoints = 1'000'000;
    RunHistory history;
    std::vector<QString> names { "fp64", "fixed8.3", "sym4-ste", "sym2-ste" };
    history.reset(names);
    std::vector<Record> batch(10'000);
    for (int r = 0; r < kRuns; ++r) {
        for (std::int64_t s0 = 0; s0 < kPoints; s0 += static_cast<std::int64_t>(batch.size())) {
            for (std::size_t i = 0; i < batch.size(); ++i) {
                Record& rec = batch[i];
                rec = Record {};
                rec.run = r;
                rec.step = s0 + static_cast<std::int64_t>(i);
                rec.evaluated = true;
                const double t = static_cast<double>(rec.step);
                rec.batchLoss = 1.0 / (1.0 + 1e-4 * t) + 0.05 * std::sin(0.37 * t) + 0.1 * r;
                rec.trainLoss = rec.batchLoss;
            }
            history.append(batch);
        }
    }
    ExperimentInfo info;
    info.spec = findPreset("seed")->spec;
    info.runNames = names;
    info.totalSteps = kPoints;
    LossChart chart;
    chart.resize(1200, 800);
    chart.setExperiment(info);
    chart.show();
    QApplication::processEvents();
    std::vector<double> refreshMs, paintMs;
    for (int k = 0; k < 7; ++k) {
        QElapsedTimer c;
        c.start();
        chart.refresh(history, true);
        refreshMs.push_back(c.nsecsElapsed() * 1e-6);
        c.restart();
        chart.grab();
        paintMs.push_back(c.nsecsElapsed() * 1e-6);
    }
    std::printf("redraw %d runs x %lld points (%d plot columns): refresh %.2f ms + paint %.2f ms "
                "= %.2f ms (medians of 7)\n",
        kRuns, static_cast<long long>(kPoints), chart.plotColumns(), median(refreshMs),
        median(paintMs), median(refreshMs) + median(paintMs));
}

void latencyBench(MainWindow& window, const char* label)
{
    std::vector<double> late;
    QElapsedTimer clock;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10);
    qint64 last = 0;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last)
            late.push_back(static_cast<double>(now - last) * 1e-6 - 10.0);
        last = now;
    });
    bool ended = false;
    auto connection = QObject::connect(&window, &MainWindow::trainingEnded, [&] { ended = true; });
    clock.start();
    timer.start();
    window.findChild<QAction*>("actionRun")->trigger();
    while (!ended)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double seconds = clock.nsecsElapsed() * 1e-9;
    QObject::disconnect(connection);
    timer.stop();
    std::sort(late.begin(), late.end());
    auto pct = [&](double p) {
        return late.empty() ? 0.0 : late[std::min(late.size() - 1, static_cast<std::size_t>(p * late.size()))];
    };
    std::printf("%s: %.2f s, %zu ticks, timer lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        label, seconds, late.size(), pct(0.5), pct(0.99), late.empty() ? 0.0 : late.back());
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("BitLabBench"); // keep the user's settings untouched
    redrawBench();

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    latencyBench(window, "seed preset");

    ExperimentSpec spec = findPreset("seed")->spec;
    spec.dataset = DatasetSpec {};
    spec.dataset.source = "builtin:moons";
    spec.dataset.samples = 20000;
    spec.model.kind = "mlp";
    spec.model.hidden = { 32, 32 };
    spec.model.activation = Activation::Tanh;
    spec.loss = "bce";
    spec.optimizer = OptimizerSpec {};
    spec.optimizer.kind = "sgd";
    spec.optimizer.lr = 0.05;
    spec.optimizer.batchSize = 32;
    spec.training.epochs = 3;
    window.panel()->setSpec(spec);
    if (!window.panel()->problem().isEmpty()) {
        std::fprintf(stderr, "error: %s\n", qPrintable(window.panel()->problem()));
        return 1;
    }
    latencyBench(window, "mlp 2-32-32-1 on 20,000 moons, 3 epochs");
    return 0;
}
