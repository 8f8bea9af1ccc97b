// bitlab_bench: the benchmark workloads of docs/performance.md (W1 seed, W2 logistic, W3 moons, W4
// digits) on BitLab's engine, float64, timed the way summary.json's train_seconds is: the
// training loop alone (RunSummary::trainSeconds), without loading, records and evaluation.
//
// Each workload is an experiment file in bench/experiments/ (the same file
// pytorch_bench.py reads its hyper-parameters from) with two runs: the full-precision run
// and its quantized twin. Per workload it measures
//   - CSV parse: loadDataset() of the data file, MB/s, and the heap high-water mark of the
//     load relative to the parsed matrix (x and y) size;
//   - variants "fp" and "q": each run alone on 1 thread; "fp+q seq": both runs on 1 thread
//     (one after the other); "fp+q par": both runs on 2 threads; "fp 2 threads": the fp run
//     alone on 2 threads (its products share them, core/kernels/products.h); every variant repeated
//     --reps times (interleaved), medians reported;
//   - allocations per training step of "fp" and "q": a counting allocator
//     (alloc_counter.h) read around advance() over every step but the first and last,
//     with records and evaluations switched off for that pass.
// The format twins (issue 17: a float-format run costs at most 1.2x its full-precision twin)
// are workloads of their own, W1F and W3F (w1_formats.json, w3_formats.json: W1's and W3's
// experiment with the fp64 run and several low-precision float and block-format twins):
// variants "fp" and one "q:<run name>" per twin, each alone on 1 thread, interleaved like
// the others (--variants key "fmt" for the twins). PyTorch has no counterpart for them.
// Prints a table and, with --json, writes the results for bench/compare.py.
//
// Usage: bitlab_bench [--reps N] [--only W1,W3] [--experiments DIR] [--json FILE]
//                     [--epochs N] [--variants fp,q,seq,par,fp2,fmt] [--no-alloc] [--no-csv]
//                     [--portable]   (the baseline kernels instead of the widest)

#include "bench/alloc_counter.h"
#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/io/experiment_json.h"
#include "core/kernels/kernels.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <time.h>
#include <vector>

namespace {

using namespace bitlab;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct WorkloadFile {
    std::string key;
    std::string file;
    bool formats = false; // fp64 and any number of format twins (variants fp, q:<name>)
};

const std::vector<WorkloadFile> kWorkloads = {
    { "W1", "w1_seed.json" },
    { "W2", "w2_logistic.json" },
    { "W3", "w3_moons.json" },
    { "W4", "w4_digits.json" },
    { "W1F", "w1_formats.json", true },
    { "W3F", "w3_formats.json", true },
};

struct Options {
    int reps = 5;
    std::string only;
    std::string experiments = "bench/experiments";
    std::string json;
    std::int64_t epochs = 0; // 0 = as in the file
    std::string variants = "fp,q,seq,par,fmt";
    bool alloc = true;
    bool csv = true;
    bool portable = false; // training.portable: the baseline kernels
};

// Counts records and nothing else: the observer must not cost the engine anything.
class NullObserver : public Observer {
public:
    void onRecord(const Record&) override { m_records.fetch_add(1, std::memory_order_relaxed); }
    std::int64_t records() const { return m_records.load(); }

private:
    std::atomic<std::int64_t> m_records { 0 };
};

double median(std::vector<double> v)
{
    if (v.empty())
        return std::nan("");
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Process CPU time: on a loaded machine it moves much less than wall time, since time spent
// waiting for a core is not counted.
double cpuNow()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

struct Variant {
    std::string name; // fp | q | fp+q seq | fp+q par | fp 2 threads | q:<run name>
    std::string key; // fp | q | seq | par | fp2 | fmt (for --variants)
    std::vector<int> runs; // indices into the file's runs
    int threads = 1;
};

struct VariantResult {
    std::string workload, variant, runNames;
    int threads = 1;
    std::int64_t steps = 0; // per run
    std::int64_t samplesPerRun = 0; // samples seen by one run (epochs x train rows)
    std::vector<double> train; // per rep: sum of the runs' trainSeconds
    std::vector<double> wall; // per rep: Experiment::run() wall time
    std::vector<double> cpu; // per rep: process CPU time of Experiment::run()
    Scalar finalLoss = kNaN, accuracy = kNaN; // of the first run of the variant
    std::string status;
    double allocsPerStep = -1.0; // -1: not measured
    std::uint64_t allocs = 0;
    std::int64_t allocSteps = 0;
    std::vector<std::int64_t> allocatingSteps; // the first steps that allocated
};

struct CsvResult {
    std::string workload, file;
    double megabytes = 0.0;
    std::vector<double> seconds, cpu;
    Index rows = 0, cols = 0;
    double matrixMB = 0.0;
    double peakHeapMB = -1.0;
};

ExperimentSpec subset(const ExperimentSpec& spec, const std::vector<int>& runs)
{
    ExperimentSpec s = spec;
    s.runs.clear();
    for (int r : runs)
        s.runs.push_back(spec.runs.at(static_cast<std::size_t>(r)));
    return s;
}

// One timed repetition of a variant: a fresh Experiment over a copy of the dataset.
void runOnce(const ExperimentSpec& spec, const Dataset& data, const Variant& v, VariantResult& out)
{
    Experiment exp(subset(spec, v.runs), data);
    NullObserver observer;
    const double c0 = cpuNow();
    const auto t0 = Clock::now();
    exp.run(observer, {}, v.threads);
    const auto t1 = Clock::now();
    out.cpu.push_back(cpuNow() - c0);
    double train = 0.0;
    for (int i = 0; i < exp.runCount(); ++i)
        train += exp.summary(i).trainSeconds;
    out.train.push_back(train);
    out.wall.push_back(seconds(t0, t1));
    const RunSummary first = exp.summary(0);
    out.steps = first.steps;
    out.samplesPerRun
        = static_cast<std::int64_t>(exp.dataset().xTrain.rows()) * exp.spec().training.epochs;
    out.finalLoss = first.last.trainLoss;
    out.accuracy = first.last.trainAccuracy;
    out.status = toString(first.status);
    std::string names;
    for (int i = 0; i < exp.runCount(); ++i) {
        if (i > 0)
            names += '+';
        names += exp.summary(i).name;
    }
    out.runNames = names;
}

// Allocations per step of one run: records and evaluation off, every step but the first
// (buffers may be sized lazily there) and the last (the final evaluation) counted, minus
// what one advance() call allocates for itself.
void countAllocations(const ExperimentSpec& spec, const Dataset& data, int run, VariantResult& out)
{
    ExperimentSpec s = subset(spec, { run });
    s.training.recordEvery = std::int64_t(1) << 40;
    s.training.evalEvery = 0;
    Experiment exp(s, data);
    NullObserver observer;
    const std::int64_t total = exp.totalSteps();
    if (total < 3)
        return;
    exp.advance(1, observer, {}, 1);
    // What advance() itself allocates (its list of active runs), once per call, not per step.
    auto before = bench::allocationCount();
    exp.advance(0, observer, {}, 1);
    const auto perCall = bench::allocationCount() - before;
    // One step per advance() call, so the steps that allocate can be named.
    out.allocs = 0;
    for (std::int64_t step = 2; step < total; ++step) {
        before = bench::allocationCount();
        exp.advance(1, observer, {}, 1);
        const auto n = bench::allocationCount() - before;
        const auto own = n - std::min(n, perCall);
        if (own > 0 && out.allocatingSteps.size() < 8)
            out.allocatingSteps.push_back(step);
        out.allocs += own;
    }
    exp.run(observer, {}, 1);
    out.allocSteps = total - 2;
    if (!out.allocatingSteps.empty()) {
        std::fprintf(stderr, "bitlab_bench: %s %s: steps that allocated:", out.workload.c_str(),
            out.variant.c_str());
        for (auto st : out.allocatingSteps)
            std::fprintf(stderr, " %lld", static_cast<long long>(st));
        std::fprintf(
            stderr, " (steps per epoch %lld)\n", static_cast<long long>(exp.stepsPerEpoch()));
    }
    out.allocsPerStep = double(out.allocs) / double(out.allocSteps);
}

std::string fmt(const char* f, double v)
{
    if (std::isnan(v))
        return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string jsonNumber(double v)
{
    if (!std::isfinite(v))
        return "null";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string jsonString(const std::string& s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string jsonArray(const std::vector<double>& v)
{
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        out += (i ? ", " : "") + jsonNumber(v[i]);
    return out + "]";
}

bool parseArgs(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& target) {
            if (i + 1 >= argc)
                return false;
            target = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--reps" && value(v))
            o.reps = std::max(1, std::stoi(v));
        else if (a == "--only" && value(v))
            o.only = v;
        else if (a == "--experiments" && value(v))
            o.experiments = v;
        else if (a == "--json" && value(v))
            o.json = v;
        else if (a == "--epochs" && value(v))
            o.epochs = std::stoll(v);
        else if (a == "--variants" && value(v))
            o.variants = v;
        else if (a == "--no-alloc")
            o.alloc = false;
        else if (a == "--no-csv")
            o.csv = false;
        else if (a == "--portable")
            o.portable = true;
        else
            return false;
    }
    return true;
}

bool listed(const std::string& list, const std::string& item)
{
    std::stringstream ss(list);
    std::string part;
    while (std::getline(ss, part, ','))
        if (part == item)
            return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    Options opt;
    if (!parseArgs(argc, argv, opt)) {
        std::fprintf(stderr,
            "usage: bitlab_bench [--reps N] [--only W1,W3] [--experiments DIR] [--json FILE]\n"
            "                    [--epochs N] [--variants fp,q,seq,par,fp2,fmt] [--no-alloc]\n"
            "                    [--no-csv] [--portable]\n");
        return 2;
    }
    const std::vector<Variant> allVariants = {
        { "fp", "fp", { 0 }, 1 },
        { "q", "q", { 1 }, 1 },
        { "fp+q seq", "seq", { 0, 1 }, 1 },
        { "fp+q par", "par", { 0, 1 }, 2 },
        { "fp 2 threads", "fp2", { 0 }, 2 },
    };
    std::vector<Variant> pairVariants;
    for (const auto& v : allVariants)
        if (listed(opt.variants, v.key))
            pairVariants.push_back(v);

    std::vector<VariantResult> results;
    std::vector<CsvResult> csvResults;
    bool failed = false;

    for (const auto& wl : kWorkloads) {
        if (!opt.only.empty() && !listed(opt.only, wl.key))
            continue;
        const fs::path path = fs::path(opt.experiments) / wl.file;
        try {
            ExperimentSpec spec = io::readExperiment(QString::fromStdString(path.string()));
            if (!wl.formats && spec.runs.size() != 2)
                throw Error(path.string() + ": the bench needs exactly two runs (fp, quantized).");
            if (wl.formats && spec.runs.size() < 2)
                throw Error(path.string() + ": the bench needs fp64 and at least one twin.");
            // Format workloads: fp and each twin alone on 1 thread.
            std::vector<Variant> variants = pairVariants;
            if (wl.formats) {
                variants.clear();
                if (listed(opt.variants, "fp"))
                    variants.push_back({ "fp", "fp", { 0 }, 1 });
                if (listed(opt.variants, "fmt"))
                    for (std::size_t r = 1; r < spec.runs.size(); ++r)
                        variants.push_back(
                            { "q:" + spec.runs[r].name, "fmt", { static_cast<int>(r) }, 1 });
            }
            if (variants.empty())
                continue;
            if (opt.epochs > 0)
                spec.training.epochs = opt.epochs;
            spec.training.portable = opt.portable;

            // CSV parse: loadDataset() alone, the first load also gives the heap high-water.
            std::fprintf(stderr, "bitlab_bench: %s: loading %s\n", wl.key.c_str(),
                spec.dataset.source.c_str());
            CsvResult csv;
            csv.workload = wl.key;
            csv.file = spec.dataset.source;
            const fs::path dataPath = fs::path(spec.baseDir) / spec.dataset.source;
            csv.megabytes = double(fs::file_size(dataPath)) / 1e6;
            const auto liveBefore = bench::liveBytes();
            bench::resetPeakLiveBytes();
            double c0 = cpuNow();
            auto t0 = Clock::now();
            Dataset data = loadDataset(spec.dataset, spec.baseDir);
            csv.seconds.push_back(seconds(t0, Clock::now()));
            csv.cpu.push_back(cpuNow() - c0);
            csv.peakHeapMB = double(bench::peakLiveBytes() - liveBefore) / 1e6;
            csv.rows = data.rows();
            csv.cols = data.features() + 1;
            csv.matrixMB = double((data.x.size() + data.y.size()) * sizeof(Scalar)) / 1e6;
            for (int r = 1; opt.csv && !wl.formats && r < opt.reps; ++r) {
                c0 = cpuNow();
                t0 = Clock::now();
                Dataset again = loadDataset(spec.dataset, spec.baseDir);
                csv.seconds.push_back(seconds(t0, Clock::now()));
                csv.cpu.push_back(cpuNow() - c0);
            }
            if (!wl.formats) // the same file as W1's or W3's
                csvResults.push_back(csv);

            // Training: variants interleaved within each repetition, so drifting machine load
            // spreads over all of them alike.
            std::vector<VariantResult> wr(variants.size());
            for (std::size_t k = 0; k < variants.size(); ++k) {
                wr[k].workload = wl.key;
                wr[k].variant = variants[k].name;
                wr[k].threads = variants[k].threads;
            }
            for (int rep = 0; rep < opt.reps; ++rep) {
                std::fprintf(stderr, "bitlab_bench: %s: repetition %d/%d\n", wl.key.c_str(),
                    rep + 1, opt.reps);
                for (std::size_t k = 0; k < variants.size(); ++k)
                    runOnce(spec, data, variants[k], wr[k]);
            }
            if (opt.alloc)
                for (std::size_t k = 0; k < variants.size(); ++k)
                    if (variants[k].runs.size() == 1)
                        countAllocations(spec, data, variants[k].runs[0], wr[k]);
            results.insert(results.end(), wr.begin(), wr.end());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bitlab_bench: %s: error: %s\n", wl.key.c_str(), e.what());
            failed = true;
        }
    }

    // The table.
    std::printf("\nBitLab engine, float64, medians of %d repetitions (train = training loop "
                "alone, as summary.json's train_seconds), kernels %s\n\n",
        opt.reps, kernelSetName(chooseKernelSet(opt.portable)));
    std::printf("%-4s %-18s %-18s %3s %7s %11s %11s %11s %12s %9s %12s %9s %10s\n", "wl", "variant",
        "runs", "thr", "steps", "train s", "wall s", "cpu s", "samples/s", "us/step", "final loss",
        "accuracy", "allocs/st");
    for (const auto& r : results) {
        const double t = median(r.train);
        const int nRuns = r.variant.rfind("fp+q", 0) == 0 ? 2 : 1;
        const double sps = double(r.samplesPerRun) * nRuns / t;
        const double usStep = t / double(r.steps * nRuns) * 1e6;
        std::printf("%-4s %-18s %-18s %3d %7lld %11s %11s %11s %12s %9s %12s %9s %10s\n",
            r.workload.c_str(), r.variant.c_str(), r.runNames.c_str(), r.threads,
            static_cast<long long>(r.steps), fmt("%.6f", t).c_str(),
            fmt("%.6f", median(r.wall)).c_str(), fmt("%.6f", median(r.cpu)).c_str(),
            fmt("%.4g", sps).c_str(), fmt("%.3f", usStep).c_str(), fmt("%.6g", r.finalLoss).c_str(),
            fmt("%.4f", r.accuracy).c_str(),
            r.allocsPerStep < 0 ? "-" : fmt("%.2f", r.allocsPerStep).c_str());
    }
    std::printf("\nCSV parse (loadDataset), medians of %d\n\n", opt.csv ? opt.reps : 1);
    std::printf("%-4s %-26s %9s %8s %6s %9s %9s %9s %9s %11s %9s\n", "wl", "file", "MB", "rows",
        "cols", "parse s", "MB/s", "cpu s", "MB/cpu-s", "matrix MB", "peak/mat");
    for (const auto& c : csvResults) {
        const double s = median(c.seconds), cs = median(c.cpu);
        std::printf("%-4s %-26s %9.1f %8lld %6lld %9.4f %9.1f %9.4f %9.1f %11.1f %9s\n",
            c.workload.c_str(), c.file.c_str(), c.megabytes, static_cast<long long>(c.rows),
            static_cast<long long>(c.cols), s, c.megabytes / s, cs, c.megabytes / cs, c.matrixMB,
            c.peakHeapMB < 0 ? "-" : fmt("%.2f", c.peakHeapMB / c.matrixMB).c_str());
    }
    std::printf(
        "\ncpu s: process CPU time of Experiment::run() (training loop plus records and the "
        "final evaluation), robust to a loaded machine.\n");
    std::printf("peak/mat: heap high-water mark during the first load over the size of the "
                "parsed x and y (both counted by the bench's counting allocator).\n");

    if (!opt.json.empty()) {
        std::ofstream f(opt.json);
        f << "{\n  \"engine\": \"bitlab\",\n  \"kernels\": \""
          << kernelSetName(chooseKernelSet(opt.portable)) << "\",\n  \"reps\": " << opt.reps
          << ",\n  \"workloads\": [\n";
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& r = results[i];
            const int nRuns = r.variant.rfind("fp+q", 0) == 0 ? 2 : 1;
            f << "    {\"workload\": " << jsonString(r.workload)
              << ", \"variant\": " << jsonString(r.variant)
              << ", \"runs\": " << jsonString(r.runNames) << ", \"threads\": " << r.threads
              << ", \"run_count\": " << nRuns << ", \"steps\": " << r.steps
              << ", \"samples_per_run\": " << r.samplesPerRun
              << ", \"train_seconds\": " << jsonNumber(median(r.train))
              << ", \"wall_seconds\": " << jsonNumber(median(r.wall))
              << ", \"cpu_seconds\": " << jsonNumber(median(r.cpu))
              << ", \"train_seconds_all\": " << jsonArray(r.train)
              << ", \"wall_seconds_all\": " << jsonArray(r.wall)
              << ", \"cpu_seconds_all\": " << jsonArray(r.cpu)
              << ", \"final_loss\": " << jsonNumber(r.finalLoss)
              << ", \"accuracy\": " << jsonNumber(r.accuracy)
              << ", \"status\": " << jsonString(r.status) << ", \"allocs_per_step\": "
              << (r.allocsPerStep < 0 ? "null" : jsonNumber(r.allocsPerStep))
              << ", \"allocs\": " << r.allocs << ", \"alloc_steps\": " << r.allocSteps << "}"
              << (i + 1 < results.size() ? "," : "") << "\n";
        }
        f << "  ],\n  \"csv\": [\n";
        for (std::size_t i = 0; i < csvResults.size(); ++i) {
            const auto& c = csvResults[i];
            f << "    {\"workload\": " << jsonString(c.workload)
              << ", \"file\": " << jsonString(c.file)
              << ", \"megabytes\": " << jsonNumber(c.megabytes) << ", \"rows\": " << c.rows
              << ", \"cols\": " << c.cols << ", \"seconds\": " << jsonNumber(median(c.seconds))
              << ", \"seconds_all\": " << jsonArray(c.seconds)
              << ", \"cpu_seconds\": " << jsonNumber(median(c.cpu))
              << ", \"matrix_megabytes\": " << jsonNumber(c.matrixMB)
              << ", \"peak_heap_megabytes\": " << jsonNumber(c.peakHeapMB) << "}"
              << (i + 1 < csvResults.size() ? "," : "") << "\n";
        }
        f << "  ]\n}\n";
        if (!f)
            std::fprintf(stderr, "bitlab_bench: cannot write %s\n", opt.json.c_str());
    }
    return failed ? 1 : 0;
}
