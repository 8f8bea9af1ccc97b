#pragma once
// Sweep: sweeps of any experiment setting, repeated over seeds, runnable in shards
// (DESIGN §5), shared by `bitlab-cli sweep`, `bitlab-cli merge` and the
// GUI's Sweep tab so all give exactly the same numbers.
//
// A SweepPlan names what varies:
// - axes: experiment keys with their values (`--vary optimizer.lr=0.01,0.1`), crossed, the
//   first axis outermost. Each value is applied to the experiment as `--set KEY=VALUE` is.
// - the bit-width form (schemes and bits, `--bits`/`--schemes`): per combination of the
//   axes' values, first the full-precision baseline (scheme "fp64", no bits), then, for
//   each scheme in the order given, one configuration per bit-width (schemes without a
//   bit-width, binary and ternary, give one configuration with no bits; neither do the
//   formats whose format sets their bits, "float:e4m3", "mx:e2m1", nvfp4: see
//   SweptScheme). Each is the
//   experiment's FIRST quantized run with the scheme and the bit-width replaced (mode,
//   rounding, granularity, quantize_bias, ste_clip, activation_bits kept; frac_bits kept
//   for fixed and narrow_range for symmetric, taken from the new scheme's defaults when
//   the scheme differs), trained ALONE as a one-run experiment; an experiment without a
//   quantized run uses each scheme's default quantizer in post_update mode. Without
//   schemes, a point trains the experiment's runs as they are.
// - seeds: K >= 1. Seed i (0-based) of every point sets training.seed to the experiment's
//   training.seed + i (modulo 2^64): seed 0 is the experiment's own. training.seed drives
//   every random stream of a run (data order, initial weights, stochastic rounding, and
//   the choice of the test rows); the dataset's generator seed stays as it is.
// A point is one combination of axis values (and configuration); a unit is one point
// trained with one seed (unit u = point u / K, seed u % K): exactly the experiment a
// `bitlab-cli run` with the point's --set values and --set training.seed=S trains (same
// batches, same numbers). A shard k/n of the plan trains the units u with u % n == k - 1
// (round-robin, so every shard gets a share of the cheap and the dear points).
//
// Threading: run() trains units in parallel on its own std::threads (each unit's
// experiment on one thread), honours a std::stop_token between steps, and reports through
// a SweepObserver whose hooks are called from those threads. A Sweep is driven from one
// thread (the CLI's main thread, or the GUI's sweep thread).

#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace bitlab {

// Builds an experiment from a spec (loading its dataset): io::makeExperiment in the
// programs; core stays free of file formats.
using ExperimentFactory = std::function<std::unique_ptr<Experiment>(const ExperimentSpec&)>;

// Applies "KEY=VALUE" overrides, in order, to a spec and validates the result (throws
// Error naming the key): io::applySets in the programs.
using KeyValue = std::pair<std::string, std::string>;
using SpecEditor
    = std::function<ExperimentSpec(const ExperimentSpec&, const std::vector<KeyValue>&)>;

struct SweepAxis {
    std::string key; // a dotted experiment key, as --set takes it
    std::vector<std::string> values; // as --set takes them (JSON literal or text), in order
};

struct SweepPlan {
    std::vector<SweepAxis> axes; // crossed, the first outermost
    std::vector<std::string> schemes; // the bit-width form; empty: the experiment's own runs
    std::vector<int> bits; // used in the order given
    int seeds = 1; // K >= 1
    int shard = 1; // this part, 1..shards
    int shards = 1;

    bool bitWidthForm() const { return !schemes.empty(); }
    // Throws Error for an empty axis or value list, a key given twice, seeds < 1, a shard
    // outside 1..shards, or the bit-width form without bits.
    void check() const;
};

struct SweepConfiguration {
    std::vector<std::string> values; // one per axis of the plan
    std::string scheme; // bit-width form: "fp64" for the baseline, else the scheme
    std::optional<int> bits; // none: the baseline, binary, ternary, or not the bit-width form
    ExperimentSpec spec; // the point's experiment (its seed: the experiment's)
};

// What one run of one unit gave. `summary` is set once it trained (finished, diverged,
// stopped mid-way or failed); `problem` when it could not be built (e.g. symmetric at one
// bit); neither when the sweep was stopped before it started.
struct SweepResult {
    int index = 0; // place in the sweep's list of results (units in order, runs inside)
    int unit = 0;
    int point = 0; // = configuration index
    int seedIndex = 0; // 0..K-1
    std::uint64_t seed = 0; // the training.seed it ran with
    int run = 0; // the run within its unit's experiment
    std::vector<std::string> values; // the point's axis values
    std::string runName;
    std::string scheme; // bit-width form: see SweepConfiguration; else the run's
                        // quantizer scheme, "fp64" for a full-precision run
    std::optional<int> bits; // the run's bit-width (none: fp64, binary, ternary, minifloats)
    std::optional<RunSummary> summary;
    std::string problem;
    // Final values from the last evaluated record (NaN when not applicable):
    Scalar trainLoss = kNaN;
    Scalar testLoss = kNaN; // NaN without a test split
    Scalar accuracy = kNaN; // test accuracy with a test split, else train; NaN for regression

    // "finished", "diverged", "stopped", "failed" or "invalid" (sweep.csv's status column).
    std::string status() const;
    // True when the run trained to its last step.
    bool finished() const { return summary && summary->status == RunStatus::Finished; }
};

// The spread of one run of one point over its seeds: mean, sample standard deviation
// (n - 1 in the denominator; NaN for n < 2), min and max of each final value over the
// seeds that finished with a finite value, summed in seed order. `finished` counts the
// seeds that finished, `seeds` all of them.
struct SweepStats {
    int seeds = 0;
    int finished = 0;
    struct Spread {
        int n = 0;
        double mean = kNaN, sd = kNaN, min = kNaN, max = kNaN;
    };
    Spread trainLoss, testLoss, accuracy;
};

// results of one point's run, one per seed (in seed order).
SweepStats sweepStats(const std::vector<const SweepResult*>& seeds);

// Hooks of a running sweep. Called concurrently from the sweep's threads: implementations
// must be thread-safe and must not block.
class SweepObserver {
public:
    virtual ~SweepObserver() = default;
    // A record of unit `unit` (record.run: the run within the unit's experiment).
    virtual void onRecord(int /*unit*/, const Record& /*record*/) { }
    // One run of a unit ended: trained, stopped mid-way, or invalid (then every run of
    // the unit reports, each with the problem).
    virtual void onConfigurationEnded(const SweepResult& /*result*/) { }
};

// A swept scheme is a quantizer scheme ("symmetric", "nvfp4"), or one format of a scheme
// whose format sets its bits: "float:FORMAT" (a float format, e.g. float:e4m3, float:bf16)
// or "mx:ELEMENT" (mx:e2m1 is MXFP4). A bare "float" or "mx" keeps the run's own format;
// the configuration then names it ("float:bf16"), so results always say which format.
struct SweptScheme {
    const QuantizerInfo* info = nullptr; // the scheme
    std::string format; // the float format or mx element; empty: none given
};
// Throws Error naming the valid schemes (and formats) for an unknown one.
SweptScheme parseSweptScheme(const std::string& token);
// Where a result of `token` sits on the bits axis when it has no bits key: its bits per
// element ("float:bf16" 16, "mx:e2m1" 4.25, "binary" 1); 0 for an unknown token.
double sweptBitWidth(const std::string& token);

// The quantizer of configuration (scheme, any bits) before its bit-width is set: the
// experiment's first quantized run with the scheme (and the token's format) replaced, or
// the scheme's defaults in post_update mode. Throws Error for an unknown scheme.
QuantizerSpec sweepQuantizer(const ExperimentSpec& base, const std::string& scheme);

// The bit-width form's configurations of one experiment, baseline first (see above).
// Throws Error naming an unknown scheme and listing the valid ones.
std::vector<SweepConfiguration> expandSweep(const ExperimentSpec& base,
    const std::vector<std::string>& schemes, const std::vector<int>& bits);

// Every point of a plan, in order: the axes' values crossed (first axis outermost), each
// applied with `edit`, then the bit-width form's configurations innermost. Throws Error
// naming the key and value that the experiment refuses.
std::vector<SweepConfiguration> expandPlan(
    const ExperimentSpec& base, const SweepPlan& plan, const SpecEditor& edit);

// "KEY=V1,V2,..." as `--vary` and the Sweep tab take it: values separated by commas
// (commas inside brackets, braces or quotes do not split), an integer range A-B standing
// for A, A+1, ..., B ("runs.1.quantizer.bits=2-8"; a leading minus is a sign, 1e-3 a
// number). Throws Error saying what is wrong (no '=', an empty value, a range going
// down or of more than 10000 values).
SweepAxis parseSweepAxis(const std::string& keyEqualsValues);

// The training.seed of seed index i: base + i, modulo 2^64.
std::uint64_t sweepSeed(std::uint64_t base, int index);

class Sweep {
public:
    // Expands the plan and builds the base and every point of this shard once on the
    // calling thread (their steps), so a bad dataset, model or swept value is an Error of
    // the whole sweep (thrown here), not of one unit. In the bit-width form a configuration
    // the engine refuses (symmetric at one bit) is data instead (result.problem).
    Sweep(const ExperimentSpec& base, const SweepPlan& plan, ExperimentFactory factory,
        SpecEditor edit);
    // The bit-width form alone (no axes, one seed, no shards).
    Sweep(const ExperimentSpec& base, const std::vector<std::string>& schemes,
        const std::vector<int>& bits, ExperimentFactory factory);
    ~Sweep();
    Sweep(const Sweep&) = delete;
    Sweep& operator=(const Sweep&) = delete;

    const SweepPlan& plan() const { return m_plan; }
    const std::vector<SweepConfiguration>& configurations() const { return m_configs; }
    int unitCount() const { return static_cast<int>(m_configs.size()) * m_plan.seeds; }
    // The units this shard trains, ascending.
    const std::vector<int>& units() const { return m_units; }
    // Runs per unit of a point (1 in the bit-width form).
    int runsOf(int point) const;
    std::uint64_t seedOf(int unit) const;
    // The experiment unit u trains.
    ExperimentSpec unitSpec(int unit) const;
    // The base's resolved spec (every default filled in), with the base's runs.
    const ExperimentSpec& resolvedSpec() const { return m_resolved; }
    // Steps of every run of this shard's units, summed; and of one unit.
    std::int64_t totalSteps() const { return m_totalSteps; }
    std::int64_t stepsOf(int unit) const;
    bool classification() const { return m_classification; }
    bool hasTest() const { return m_hasTest; }

    // Trains this shard's units, at most `threads` at a time (0: one per core), and returns
    // their results (units in order, runs inside). A stop request ends the units in
    // training (status stopped) and skips the others (no summary). Errors of one unit are
    // data (result.problem); any other exception stops the sweep and is rethrown once
    // every thread has ended. Call once.
    std::vector<SweepResult> run(
        SweepObserver& observer, std::stop_token stop = {}, int threads = 0);

private:
    void init(const ExperimentSpec& base);

    SweepPlan m_plan;
    std::vector<SweepConfiguration> m_configs;
    std::vector<int> m_units;
    std::vector<std::int64_t> m_stepsPerRun; // per point
    ExperimentFactory m_factory;
    std::unique_ptr<Experiment> m_first; // the first unit's, built by the constructor
    int m_firstUnit = -1;
    ExperimentSpec m_resolved;
    std::int64_t m_totalSteps = 0;
    bool m_classification = false;
    bool m_hasTest = false;
    bool m_ran = false;
};

} // namespace bitlab
