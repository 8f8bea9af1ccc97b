#pragma once
// Sweep: the bit-width sweep (DESIGN §5, issue 5), shared by `bitlab-cli sweep` and the
// GUI's Sweep tab so both give exactly the same numbers.
//
// A sweep expands one experiment into configurations: first the full-precision baseline
// (scheme "fp64", no bits), then, for each scheme in the order given, one configuration per
// bit-width (schemes without a bit-width, binary and ternary, give one configuration with
// no bits). Each configuration is the experiment's FIRST quantized run with the scheme and
// the bit-width replaced (mode, rounding, granularity, quantize_bias, ste_clip,
// activation_bits kept; frac_bits kept for fixed and narrow_range for symmetric, taken from
// the new scheme's defaults when the scheme differs); an experiment without a quantized
// run uses each scheme's default quantizer in post_update mode. Each configuration trains
// as an experiment with that run ALONE, so its result is exactly what a one-run
// `bitlab-cli run` of that configuration gives (same seed, same batches, same numbers).
//
// Threading: run() trains configurations in parallel on its own std::threads (each
// configuration's experiment on one thread), honours a std::stop_token between steps, and
// reports through a SweepObserver whose hooks are called from those threads. A Sweep is
// driven from one thread (the CLI's main thread, or the GUI's sweep thread).

#include "core/engine/experiment.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/record.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace bitlab {

// Builds an experiment from a spec (loading its dataset): io::makeExperiment in the
// programs; core stays free of file formats.
using ExperimentFactory = std::function<std::unique_ptr<Experiment>(const ExperimentSpec&)>;

struct SweepConfiguration {
    std::string scheme;      // "fp64" for the baseline, else a quantizerRegistry() name
    std::optional<int> bits; // none: the baseline, binary, ternary
    ExperimentSpec spec;     // the one-run experiment
};

// What one configuration gave. `summary` is set once it trained (finished, diverged,
// stopped mid-way or failed); `problem` when it could not be built (e.g. symmetric at one
// bit); neither when the sweep was stopped before it started.
struct SweepResult {
    int index = 0;
    std::string scheme;
    std::optional<int> bits;
    std::optional<RunSummary> summary;
    std::string problem;
    // Final values from the last evaluated record (NaN when not applicable):
    Scalar trainLoss = kNaN;
    Scalar testLoss = kNaN; // NaN without a test split
    Scalar accuracy = kNaN; // test accuracy with a test split, else train; NaN for regression

    // "finished", "diverged", "stopped", "failed" or "invalid" (sweep.csv's status column).
    std::string status() const;
    // True when the configuration trained to its last step.
    bool finished() const { return summary && summary->status == RunStatus::Finished; }
};

// Hooks of a running sweep. Called concurrently from the sweep's threads: implementations
// must be thread-safe and must not block.
class SweepObserver {
public:
    virtual ~SweepObserver() = default;
    // A record of configuration `configuration` (record.run is 0: each configuration is
    // run 0 of its own experiment).
    virtual void onRecord(int /*configuration*/, const Record& /*record*/) { }
    // Configuration result.index ended: trained, stopped mid-way, or invalid.
    virtual void onConfigurationEnded(const SweepResult& /*result*/) { }
};

// The quantizer of configuration (scheme, any bits) before its bit-width is set: the
// experiment's first quantized run with the scheme replaced, or the scheme's defaults in
// post_update mode. Throws Error for an unknown scheme.
QuantizerSpec sweepQuantizer(const ExperimentSpec& base, const std::string& scheme);

// The configurations of a sweep, baseline first (see above). Throws Error naming an
// unknown scheme and listing the valid ones. bits are used in the order given.
std::vector<SweepConfiguration> expandSweep(
    const ExperimentSpec& base, const std::vector<std::string>& schemes, const std::vector<int>& bits);

class Sweep {
public:
    // Expands the sweep and builds the baseline experiment on the calling thread, so a bad
    // dataset or model is an Error of the whole sweep (thrown here), not of one
    // configuration.
    Sweep(const ExperimentSpec& base, const std::vector<std::string>& schemes,
        const std::vector<int>& bits, ExperimentFactory factory);
    ~Sweep();
    Sweep(const Sweep&) = delete;
    Sweep& operator=(const Sweep&) = delete;

    const std::vector<SweepConfiguration>& configurations() const { return m_configs; }
    // The baseline's resolved spec (every default filled in), with the base's runs.
    const ExperimentSpec& resolvedSpec() const { return m_resolved; }
    std::int64_t stepsPerConfiguration() const { return m_stepsPerConfiguration; }
    bool classification() const { return m_classification; }
    bool hasTest() const { return m_hasTest; }

    // Trains every configuration, at most `threads` at a time (0: one per core), and
    // returns one result per configuration in configuration order. A stop request ends the
    // configurations in training (status stopped) and skips the others (no summary).
    // Errors of one configuration are data (result.problem); any other exception stops the
    // sweep and is rethrown once every thread has ended. Call once.
    std::vector<SweepResult> run(SweepObserver& observer, std::stop_token stop = {}, int threads = 0);

private:
    std::vector<SweepConfiguration> m_configs;
    ExperimentFactory m_factory;
    std::unique_ptr<Experiment> m_baseline;
    ExperimentSpec m_resolved;
    std::int64_t m_stepsPerConfiguration = 0;
    bool m_classification = false;
    bool m_hasTest = false;
    bool m_ran = false;
};

} // namespace bitlab
