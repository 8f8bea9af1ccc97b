// GUI benchmarks: how long the Loss view takes to redraw 4 runs x 1,000,000
// points, and how late a 10 ms UI-thread timer fires while the real window trains.
//
//   cmake --build build --target gui_bench && QT_QPA_PLATFORM=offscreen build/bin/gui_bench
//   build/bin/gui_bench --redraw | --latency   (one half only)   --reps N (default 7)
//   build/bin/gui_bench --case seed|mlp|w3      (one lateness case only)
//   build/bin/gui_bench --throughput [--reps N]  (the GUI against bitlab-cli, below)
//   build/bin/gui_bench --throughput --view loss|weights|boundary  (one view only)
//   build/bin/gui_bench --throughput --breakdown  (also the UI thread's CPU time in the timed
//                                                  runs per kind of event, the costliest 12)
//   GUI_BENCH_PERF_CTL=ctl,ack perf record -D -1 --control fifo:ctl,ack ... gui_bench
//       --throughput   (perf samples the GUI runs' timed windows only; mkfifo ctl ack first)
//   build/bin/gui_bench --redraw --history smooth|noisy|batch   (one redraw history only)
//   build/bin/gui_bench --redraw --save DIR     (also writes each history's last frame to
//                                                DIR/redraw-<history>.png, to look at)
//
// Redraw = LossChart::refresh (decimation to the plot's pixel columns + QXYSeries::replace),
// then "scene": the queued calls Qt Charts leaves on its QGraphicsScene, which lay the items
// out and repaint the view's dirty region (what the application pays for a frame is refresh
// + scene), then "paint": grab(), a full render into a pixmap (kept for comparison with
// older figures). Medians of --reps. Three histories:
//   "smooth": 4 runs x 1M train-loss points (every step evaluated, as full-batch GD gives),
//             a smooth decay, log axis, no smoothing: 4 series of 1M points.
//   "noisy":  the same with noise on every point (+-0.05, period ~17 steps), as an
//             unsmoothed batch loss: the worst case for drawing (every pixel column
//             zig-zags). This is the history the previous version of this bench used.
//   "batch":  4 runs x 1M noisy batch-loss points smoothed (w = 0.8) with the raw curve
//             faint behind, plus a test loss every 1,000 steps: 12 series, 8 of 1M points.
// and two kinds of redraw:
//   cold: the first draw of a history (after Reset, a resize or a zoom: nothing cached);
//   live: what the redraw timer does while training: 1,000 new records per run arrived
//         since the last frame, the x range (the run's length) unchanged.
// Each figure is given as wall time and as the UI thread's CPU time (CLOCK_THREAD_CPUTIME_ID),
// which on a loaded machine excludes the time spent waiting for a core.
//
// Throughput (issue 20: the GUI trains at least 80 % as fast as bitlab-cli with the Loss view
// open, 50 % with Weights or Boundary): the moons preset and W4 (bench/experiments/
// w4_digits.json, its data from `make bench`) trained to the end at full speed in the real
// window, from Run to the controller's Finished (building the experiment, loading the data,
// training, the final data of the view on screen), with one view on screen; against the whole
// `bitlab-cli run --quiet` process on the same experiment (loading, training, writing its outputs).
// Medians of --reps (default 3); ratio = CLI seconds / GUI seconds. Beside each: the CPU time
// used in that time, the CLI's whole process and the GUI process's (every thread: training,
// drawing, Qt's pool) with the UI thread's share; on a loaded machine the wall times swing,
// the CPU times much less.
//
// Lateness = (interval between two ticks) - 10 ms over every tick of a run, with the Loss tab
// open: the seed preset, a 20,000-sample MLP (4 runs) and W3 (10,000 moons, MLP
// 2-16-16-1 tanh, Adam, batch 32, 20 epochs, fp64 + 4-bit symmetric STE).

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
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QGraphicsView>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWindow>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <functional>
#include <map>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double processCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

// CPU time (user + system) of the children that ended and were waited for, in ms.
double childrenCpuMs()
{
    rusage ru {};
    getrusage(RUSAGE_CHILDREN, &ru);
    auto ms = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) * 1e-3;
    };
    return ms(ru.ru_utime) + ms(ru.ru_stime);
}

double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

// Wall and thread-CPU time of one call.
struct Timing {
    double wall = 0, cpu = 0;
};
template <typename F> Timing timed(F&& f)
{
    QElapsedTimer c;
    const double cpu0 = threadCpuMs();
    c.start();
    f();
    return { static_cast<double>(c.nsecsElapsed()) * 1e-6, threadCpuMs() - cpu0 };
}

// Separate, never-inlined functions so a profiler can collect each part alone, e.g.
// valgrind --tool=callgrind --toggle-collect='*refreshLive*' build/bin/gui_bench --redraw
[[gnu::noinline]] void refreshCold(LossChart& chart, const RunHistory& history)
{
    chart.refresh(history, false);
}
[[gnu::noinline]] void refreshLive(LossChart& chart, const RunHistory& history)
{
    chart.refresh(history, false);
}
// What the chart's QGraphicsScene does in the next event-loop pass: Qt Charts' queued
// calls lay out the changed items, and the view repaints its dirty region. A frame of the
// application costs refresh + this.
[[gnu::noinline]] void sceneUpdates()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
}
[[gnu::noinline]] void paintChart(LossChart& chart)
{
    chart.grab();
}

constexpr int kRuns = 4;
constexpr std::int64_t kPoints = 1'000'000;
constexpr std::int64_t kLivePerFrame = 1'000;

enum class Scenario { Smooth, Noisy, Batch };

// Appends steps [from, to) of every run: a decaying loss, noisy unless Smooth.
void appendSteps(RunHistory& history, std::int64_t from, std::int64_t to, Scenario scenario)
{
    const bool batchMode = scenario == Scenario::Batch;
    const double noise = scenario == Scenario::Smooth ? 0.0 : 0.05;
    std::vector<Record> batch;
    batch.reserve(10'000);
    for (int r = 0; r < kRuns; ++r) {
        for (std::int64_t s0 = from; s0 < to; s0 += 10'000) {
            batch.clear();
            for (std::int64_t s = s0; s < std::min(to, s0 + 10'000); ++s) {
                Record rec;
                rec.run = r;
                rec.step = s;
                const double t = static_cast<double>(s);
                const double loss = 1.0 / (1.0 + 1e-4 * t) + noise * std::sin(0.37 * t) + 0.1 * r;
                rec.batchLoss = loss;
                rec.evaluated = !batchMode || s % 1000 == 0;
                if (rec.evaluated) {
                    rec.trainLoss = batchMode ? 1.0 / (1.0 + 1e-4 * t) + 0.1 * r : loss;
                    if (batchMode)
                        rec.testLoss = rec.trainLoss * 1.1;
                }
                batch.push_back(rec);
            }
            history.append(batch);
        }
    }
}

void redrawBench(Scenario scenario, int reps, const QString& saveDir)
{
    const bool batchMode = scenario == Scenario::Batch;
    const std::vector<QString> names { "fp64", "fixed8.3", "sym4-ste", "sym2-ste" };
    RunHistory history;
    ExperimentInfo info;
    info.spec = findPreset("seed")->spec;
    if (batchMode)
        info.spec.training.evalEvery = 1000; // the chart starts in batch-loss mode, smoothed
    info.runNames = names;
    // The run's length: the live frames append within it, so the x range stays put.
    info.totalSteps = kPoints + (reps + 1) * kLivePerFrame;
    LossChart chart;
    chart.resize(1200, 800);
    chart.setExperiment(info);
    chart.show();
    QApplication::processEvents();

    std::vector<double> coldRefresh, coldPaint, coldRefreshCpu, coldPaintCpu;
    std::vector<double> liveRefresh, livePaint, liveRefreshCpu, livePaintCpu;
    std::vector<double> coldScene, coldSceneCpu, liveScene, liveSceneCpu;
    std::size_t points = 0;
    for (int k = 0; k < reps; ++k) {
        history.reset(names);
        appendSteps(history, 0, kPoints, scenario);
        const Timing r = timed([&] { refreshCold(chart, history); });
        const Timing u = timed([&] { sceneUpdates(); });
        coldScene.push_back(u.wall);
        coldSceneCpu.push_back(u.cpu);
        const Timing p = timed([&] { paintChart(chart); });
        coldRefresh.push_back(r.wall);
        coldRefreshCpu.push_back(r.cpu);
        coldPaint.push_back(p.wall);
        coldPaintCpu.push_back(p.cpu);
    }
    std::int64_t next = kPoints;
    for (int k = 0; k < reps; ++k) {
        appendSteps(history, next, next + kLivePerFrame, scenario);
        next += kLivePerFrame;
        const Timing r = timed([&] { refreshLive(chart, history); });
        const Timing u = timed([&] { sceneUpdates(); });
        liveScene.push_back(u.wall);
        liveSceneCpu.push_back(u.cpu);
        const Timing p = timed([&] { paintChart(chart); });
        liveRefresh.push_back(r.wall);
        liveRefreshCpu.push_back(r.cpu);
        livePaint.push_back(p.wall);
        livePaintCpu.push_back(p.cpu);
    }
    for (int run = 0; run < kRuns; ++run)
        for (int which = 0; which < 3; ++which)
            points += static_cast<std::size_t>(chart.seriesPoints(run, which).size());

    const char* key = scenario == Scenario::Smooth ? "smooth"
        : scenario == Scenario::Noisy              ? "noisy"
                                                   : "batch";
    if (!saveDir.isEmpty()) {
        QApplication::processEvents(); // the legend's layout, which the timings leave queued
        chart.grab().save(saveDir + QStringLiteral("/redraw-%1.png").arg(QLatin1String(key)));
    }
    const char* label = scenario == Scenario::Smooth ? "smooth (4 series)"
        : scenario == Scenario::Noisy                ? "noisy (4 series)"
                                                     : "batch (12 series)";
    std::printf("redraw %s, %d runs x %lld points, %d decimation buckets, %zu points drawn:\n",
        label, kRuns, static_cast<long long>(kPoints), chart.plotColumns(), points);
    auto line = [&](const char* what, const std::vector<double>& rw, const std::vector<double>& uw,
                    const std::vector<double>& pw, const std::vector<double>& rc,
                    const std::vector<double>& uc, const std::vector<double>& pc) {
        std::printf(
            "  %-5s refresh %6.2f + scene %6.2f + paint %6.2f = %6.2f ms wall | cpu %6.2f + "
            "%6.2f + %6.2f = %6.2f ms (medians of %d)\n",
            what, median(rw), median(uw), median(pw), median(rw) + median(uw) + median(pw),
            median(rc), median(uc), median(pc), median(rc) + median(uc) + median(pc), reps);
    };
    line("cold", coldRefresh, coldScene, coldPaint, coldRefreshCpu, coldSceneCpu, coldPaintCpu);
    line("live", liveRefresh, liveScene, livePaint, liveRefreshCpu, liveSceneCpu, livePaintCpu);
    std::fflush(stdout);
}

// Counts the paint events of the Loss chart's viewport and the UI thread's CPU time in them.
class PaintCounter : public QObject {
public:
    int count = 0;
    double cpuMs = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::Paint || m_inside)
            return false;
        // Paint the viewport here, timed, and stop the event (it has been handled).
        ++count;
        const double c0 = threadCpuMs();
        m_inside = true;
        const bool handled = QCoreApplication::sendEvent(watched, event);
        m_inside = false;
        cpuMs += threadCpuMs() - c0;
        Q_UNUSED(handled);
        return true;
    }

private:
    bool m_inside = false;
};

// The application with every top-level event delivery timed: the latency cases name the
// slowest events (receiver class and event type), which is where a late tick came from.
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;
    struct Slow {
        double ms;
        QString what;
    };
    std::vector<Slow> slowest; // the 5 slowest since clearSlowest()
    void clearSlowest() { slowest.clear(); }
    // --breakdown: the UI thread's CPU time per kind of top-level event (receiver class and
    // event type) while `collecting`.
    struct Kind {
        int count = 0;
        double cpuMs = 0.0;
    };
    std::map<QString, Kind> kinds;
    bool collecting = false;
    bool timing = true; // the latency cases' slowest events (their names cost a string each)

    bool notify(QObject* receiver, QEvent* event) override
    {
        if ((!timing && !collecting) || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event); // the worker's events: not the UI's
        if (m_depth > 0) {
            const bool paint = collecting
                && (event->type() == QEvent::Paint || event->type() == QEvent::UpdateRequest);
            const double c0 = paint ? threadCpuMs() : 0.0;
            ++m_depth;
            const bool r = QApplication::notify(receiver, event);
            --m_depth;
            if (paint) {
                QObject* up = receiver->parent();
                Kind& k = kinds[QStringLiteral("  (event %2 of %1 in %3 %4, within the above)")
                                    .arg(QString::fromLatin1(receiver->metaObject()->className()))
                                    .arg(static_cast<int>(event->type()))
                                    .arg(up ? QString::fromLatin1(up->metaObject()->className())
                                            : QString())
                                    .arg(up ? up->objectName() : QString())];
                ++k.count;
                k.cpuMs += threadCpuMs() - c0;
            }
            return r;
        }
        ++m_depth;
        QElapsedTimer t;
        const double cpu0 = collecting ? threadCpuMs() : 0.0;
        t.start();
        const int type = static_cast<int>(event->type());
        QString what = QStringLiteral("%1 %2 (event %3)")
                           .arg(QString::fromLatin1(receiver->metaObject()->className()),
                               receiver->objectName())
                           .arg(type);
        if (type == QEvent::MetaCall) // a queued call: name the slot's receiver only
            what = QStringLiteral("%1 (queued call)")
                       .arg(QString::fromLatin1(receiver->metaObject()->className()));
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = static_cast<double>(t.nsecsElapsed()) * 1e-6;
        if (collecting) {
            Kind& k = kinds[what];
            ++k.count;
            k.cpuMs += threadCpuMs() - cpu0;
        }
        if (timing && (slowest.size() < 5 || ms > slowest.back().ms)) {
            slowest.push_back({ ms, what });
            std::sort(slowest.begin(), slowest.end(),
                [](const Slow& a, const Slow& b) { return a.ms > b.ms; });
            if (slowest.size() > 5)
                slowest.pop_back();
        }
        return r;
    }

private:
    int m_depth = 0;
};

TimedApplication* timedApp()
{
    return static_cast<TimedApplication*>(qApp);
}

void latencyBench(MainWindow& window, const char* label)
{
    std::vector<double> late;
    std::vector<std::pair<double, double>> worst; // (lateness ms, tick time s), the 3 latest
    QElapsedTimer clock;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10);
    qint64 last = 0;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last) {
            late.push_back(static_cast<double>(now - last) * 1e-6 - 10.0);
            worst.emplace_back(late.back(), static_cast<double>(now) * 1e-9);
            std::sort(worst.rbegin(), worst.rend());
            if (worst.size() > 3)
                worst.pop_back();
        }
        last = now;
    });
    PaintCounter paints;
    QWidget* viewport = nullptr;
    if (auto* view = window.findChild<LossChart*>()->findChild<QGraphicsView*>())
        viewport = view->viewport();
    if (viewport)
        viewport->installEventFilter(&paints);
    // A real event loop: it sleeps until the next event, as the application's does (a
    // processEvents() polling loop would keep the UI thread busy and slow the training).
    QEventLoop loop;
    auto connection
        = QObject::connect(&window, &MainWindow::trainingEnded, &loop, &QEventLoop::quit);
    const double cpu0 = threadCpuMs();
    timedApp()->clearSlowest();
    clock.start();
    timer.start();
    window.findChild<QAction*>("actionRun")->trigger();
    loop.exec();
    const double seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
    const double cpu = (threadCpuMs() - cpu0) * 1e-3;
    QObject::disconnect(connection);
    timer.stop();
    if (viewport)
        viewport->removeEventFilter(&paints);
    std::sort(late.begin(), late.end());
    auto pct = [&](double p) {
        if (late.empty())
            return 0.0;
        const auto at = static_cast<std::size_t>(p * static_cast<double>(late.size()));
        return late[std::min(late.size() - 1, at)];
    };
    std::printf("%s: %.2f s (UI thread cpu %.2f s; %d chart paints, %.1f ms cpu each), %zu ticks, "
                "timer lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        label, seconds, cpu, paints.count, paints.count ? paints.cpuMs / paints.count : 0.0,
        late.size(), pct(0.5), pct(0.99), late.empty() ? 0.0 : late.back());
    // When the latest ticks fired: at the start (the Run click builds the experiment on the
    // UI thread), during training, or at the end (the final values and views).
    std::printf("  latest ticks:");
    for (const auto& [ms, at] : worst)
        std::printf(" %.1f ms at %.2f s;", ms, at);
    std::printf("\n  slowest events on the UI thread:\n");
    for (const auto& slow : timedApp()->slowest)
        std::printf("    %6.1f ms  %s\n", slow.ms, qPrintable(slow.what));
    std::fflush(stdout);
}

bool setSpec(MainWindow& window, const ExperimentSpec& spec)
{
    window.panel()->setSpec(spec);
    if (!window.panel()->problem().isEmpty()) {
        std::fprintf(stderr, "error: %s\n", qPrintable(window.panel()->problem()));
        return false;
    }
    return true;
}

// perf's control FIFOs (GUI_BENCH_PERF_CTL=CTL[,ACK], for `perf record -D -1 --control
// fifo:CTL,ACK`): the GUI runs' timed windows are recorded, the rest (the CLI runs, the
// window's setup, each run's end after Finished) not. Unset: nothing happens.
class PerfControl {
public:
    PerfControl()
    {
        const QByteArray spec = qgetenv("GUI_BENCH_PERF_CTL");
        if (spec.isEmpty())
            return;
        const QList<QByteArray> fifos = spec.split(',');
        m_ctl = ::open(fifos[0].constData(), O_WRONLY);
        if (fifos.size() > 1)
            m_ack = ::open(fifos[1].constData(), O_RDONLY);
    }
    ~PerfControl()
    {
        if (m_ctl >= 0)
            ::close(m_ctl);
        if (m_ack >= 0)
            ::close(m_ack);
    }
    void enable() { send("enable\n"); }
    void disable() { send("disable\n"); }

private:
    void send(const char* command)
    {
        if (m_ctl < 0)
            return;
        if (::write(m_ctl, command, std::strlen(command)) < 0)
            return;
        char ack[8];
        if (m_ack >= 0 && ::read(m_ack, ack, sizeof ack) < 0)
            return;
    }
    int m_ctl = -1;
    int m_ack = -1;
};

PerfControl& perfControl()
{
    static PerfControl control;
    return control;
}

// One timed run: wall seconds, and the CPU milliseconds the process used in that time
// (all its threads) and the UI thread's share of them.
struct RunCost {
    double seconds = -1.0;
    double cpuMs = 0.0;
    double uiCpuMs = 0.0;
};

// Trains the window's experiment to the end at full speed with view `key` on screen; the
// seconds from Run to the controller's Finished (the status bar says so, and the view on
// screen shows the end). The other tabs' data follows; the next repetition waits for it
// (trainingEnded), untimed.
RunCost guiRun(MainWindow& window, const QString& key)
{
    window.selectView(key);
    if (auto* speed = window.findChild<QComboBox*>(QStringLiteral("speedCombo")))
        speed->setCurrentIndex(1); // Full speed (Pace::menu())
    using State = TrainingController::State;
    QEventLoop finished, ended;
    RunCost cost;
    auto onState = QObject::connect(
        window.controller(), &TrainingController::stateChanged, &finished, [&](State s) {
            if (s == State::Finished || s == State::Failed)
                finished.quit();
        });
    bool hasEnded = false;
    auto onEnd = QObject::connect(&window, &MainWindow::trainingEnded, &ended, [&] {
        hasEnded = true;
        ended.quit();
    });
    perfControl().enable();
    const double cpu0 = processCpuMs();
    const double ui0 = threadCpuMs();
    QElapsedTimer clock;
    clock.start();
    window.findChild<QAction*>("actionRun")->trigger();
    if (timedApp()->collecting) { // what Run's own slots cost, outside any event
        TimedApplication::Kind& run = timedApp()->kinds[QStringLiteral("(Run: its slots)")];
        ++run.count;
        run.cpuMs += threadCpuMs() - ui0;
    }
    finished.exec();
    cost.seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
    cost.cpuMs = processCpuMs() - cpu0;
    cost.uiCpuMs = threadCpuMs() - ui0;
    perfControl().disable();
    if (!hasEnded)
        ended.exec();
    QObject::disconnect(onState);
    QObject::disconnect(onEnd);
    return cost;
}

// The whole `bitlab-cli run ARGS --quiet --out TMP` process: wall seconds (-1 when it
// failed) and its CPU time (user + system).
RunCost cliRun(const QStringList& args)
{
    QTemporaryDir out;
    QProcess cli;
    cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer clock;
    const double cpu0 = childrenCpuMs();
    clock.start();
    cli.start(QCoreApplication::applicationDirPath() + QStringLiteral("/bitlab-cli"),
        QStringList { QStringLiteral("run") } + args
            + QStringList { QStringLiteral("--quiet"), QStringLiteral("--out"), out.path() });
    RunCost cost;
    if (!cli.waitForFinished(-1) || cli.exitStatus() != QProcess::NormalExit || cli.exitCode() != 0)
        return cost;
    cost.seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
    cost.cpuMs = childrenCpuMs() - cpu0;
    return cost;
}

void throughputBench(MainWindow& window, const char* label, const std::function<bool()>& open,
    const QStringList& cliArgs, int reps, const std::string& onlyView, bool breakdown)
{
    std::vector<double> cli, cliCpu;
    for (int r = 0; r < reps; ++r) {
        const RunCost c = cliRun(cliArgs);
        cli.push_back(c.seconds);
        cliCpu.push_back(c.cpuMs);
    }
    const double cliMedian = median(cli);
    std::printf("%s: bitlab-cli %.3f s (whole process, median of %d; cpu %.0f ms)\n", label,
        cliMedian, reps, median(cliCpu));
    if (cliMedian < 0) {
        std::printf("  bitlab-cli failed: %s\n", qPrintable(cliArgs.join(QLatin1Char(' '))));
        return;
    }
    const struct {
        const char* key;
        double target;
    } views[] = { { "loss", 0.8 }, { "weights", 0.5 }, { "boundary", 0.5 } };
    for (const auto& view : views) {
        if (!onlyView.empty() && onlyView != view.key)
            continue;
        std::vector<double> gui, cpu, uiCpu;
        timedApp()->kinds.clear();
        for (int r = 0; r < reps; ++r) {
            if (!open())
                return;
            timedApp()->collecting = breakdown;
            const RunCost c = guiRun(window, QString::fromLatin1(view.key));
            timedApp()->collecting = false;
            gui.push_back(c.seconds);
            cpu.push_back(c.cpuMs);
            uiCpu.push_back(c.uiCpuMs);
        }
        const double g = median(gui);
        const double ratio = cliMedian / g;
        std::printf("  GUI, %-8s view: %.3f s  = %3.0f %% of the CLI's speed (target >= %.0f %%: "
                    "%s; cpu %.0f ms, UI thread %.0f ms)\n",
            view.key, g, 100.0 * ratio, 100.0 * view.target,
            ratio >= view.target ? "met" : "MISSED", median(cpu), median(uiCpu));
        if (breakdown) {
            std::vector<std::pair<double, QString>> byCost;
            for (const auto& [what, kind] : timedApp()->kinds)
                byCost.emplace_back(
                    kind.cpuMs, QStringLiteral("%1 x %2").arg(kind.count).arg(what));
            std::sort(byCost.rbegin(), byCost.rend());
            for (std::size_t i = 0; i < std::min<std::size_t>(byCost.size(), 30); ++i)
                std::printf("      %6.1f ms cpu per run  %s\n", byCost[i].first / reps,
                    qPrintable(byCost[i].second));
        }
    }
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    TimedApplication app(argc, argv);
    QApplication::setOrganizationName("BitLabBench"); // keep the user's settings untouched
    bool redraw = true, latency = true, throughput = false, breakdown = false;
    int reps = 7;
    std::string only; // --case seed|mlp|w3: one lateness case only
    QString saveDir; // --save DIR: the redraw histories' last frames as PNGs
    std::string history; // --history smooth|noisy|batch: one redraw history only
    std::string view; // --view loss|weights|boundary: one throughput view only
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--redraw")) {
            latency = false;
        } else if (!std::strcmp(argv[i], "--latency")) {
            redraw = false;
        } else if (!std::strcmp(argv[i], "--throughput")) {
            throughput = true;
            redraw = latency = false;
        } else if (!std::strcmp(argv[i], "--case") && i + 1 < argc) {
            only = argv[++i];
            redraw = false;
        } else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) {
            reps = std::max(1, std::atoi(argv[++i]));
        } else if (!std::strcmp(argv[i], "--breakdown")) {
            breakdown = true;
        } else if (!std::strcmp(argv[i], "--view") && i + 1 < argc) {
            view = argv[++i];
        } else if (!std::strcmp(argv[i], "--history") && i + 1 < argc) {
            history = argv[++i];
            latency = false;
        } else if (!std::strcmp(argv[i], "--save") && i + 1 < argc) {
            saveDir = QString::fromLocal8Bit(argv[++i]);
        } else {
            std::fprintf(stderr,
                "usage: gui_bench [--redraw | --latency | --case seed|mlp|w3 | --throughput "
                "[--view loss|weights|boundary] [--breakdown]] [--reps N] "
                "[--history smooth|noisy|batch] [--save DIR]\n");
            return 2;
        }
    }
    if (redraw) {
        if (history.empty() || history == "smooth")
            redrawBench(Scenario::Smooth, reps, saveDir);
        if (history.empty() || history == "noisy")
            redrawBench(Scenario::Noisy, reps, saveDir);
        if (history.empty() || history == "batch")
            redrawBench(Scenario::Batch, reps, saveDir);
    }
    if (throughput) {
        app.timing = false; // no names of slow events: they cost the UI thread a string each
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        window.setAskBeforeReplacing(false);
        // The window's first paint (its expose, 20-30 ms) before the first timed run, not in it.
        QElapsedTimer shown;
        shown.start();
        while ((!window.windowHandle() || !window.windowHandle()->isExposed())
            && shown.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QCoreApplication::processEvents();
        const int n = reps == 7 ? 3 : reps; // 3 unless --reps says otherwise
        throughputBench(
            window, "moons preset", [&] { return window.openPreset(QStringLiteral("moons")); },
            { QStringLiteral("--preset"), QStringLiteral("moons") }, n, view, breakdown);
        // W4 as `make bench` has it: the experiment file beside its generated data.
        const QString w4 = QDir(QStringLiteral(BITLAB_SOURCE_DIR))
                               .filePath(QStringLiteral("bench/experiments/w4_digits.json"));
        if (!QFileInfo::exists(QDir(QStringLiteral(BITLAB_SOURCE_DIR))
                                   .filePath(QStringLiteral("bench/data/w4_digits.csv")))) {
            std::printf("W4: no bench/data/w4_digits.csv (run `make bench` or "
                        "build/bin/gen_data --out bench/data first)\n");
            return 0;
        }
        throughputBench(
            window, "W4 (784-128-10 MLP, 60,000 rows, fp64 + sym8-ste)",
            [&] { return window.openFile(w4); }, { w4 }, n, view, breakdown);
        return 0;
    }
    if (!latency)
        return 0;

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    auto wanted = [&](const char* name) { return only.empty() || only == name; };
    if (wanted("seed"))
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
    if (!setSpec(window, spec))
        return 1;
    if (wanted("mlp"))
        latencyBench(window, "mlp 2-32-32-1 on 20,000 moons, 3 epochs, 4 runs");

    // W3 (bench/experiments/w3_moons.json) on the built-in moons generator, with
    // the GUI's default cadences (records: ~1000 per run; evaluation: once per epoch).
    ExperimentSpec w3 = spec;
    w3.dataset.samples = 10000;
    w3.dataset.noise = 0.2;
    w3.model.hidden = { 16, 16 };
    w3.optimizer = OptimizerSpec {};
    w3.optimizer.kind = "adam";
    w3.optimizer.lr = 0.01;
    w3.optimizer.batchSize = 32;
    w3.training.epochs = 20;
    QuantizerSpec q;
    q.scheme = "symmetric";
    q.bits = 4;
    q.mode = TrainingMode::Ste;
    w3.runs = { RunSpec { "fp64", std::nullopt }, RunSpec { "sym4-ste", q } };
    if (!setSpec(window, w3))
        return 1;
    if (wanted("w3"))
        latencyBench(window, "W3: mlp 2-16-16-1 on 10,000 moons, 20 epochs, fp64 + sym4-ste");
    return 0;
}
