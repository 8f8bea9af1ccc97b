#include "core/engine/sweep.h"

#include "core/common/error.h"
#include "core/quant/quantizer.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace bitlab {

namespace {

std::string allSchemes()
{
    std::string names;
    for (const QuantizerInfo& info : quantizerRegistry())
        names += (names.empty() ? "" : ", ") + info.name;
    return names;
}

// Reports a configuration's records under its own index.
class ConfigurationObserver : public Observer {
public:
    ConfigurationObserver(SweepObserver& next, int index)
        : m_next(next)
        , m_index(index)
    {
    }
    void onRecord(const Record& record) override { m_next.onRecord(m_index, record); }

private:
    SweepObserver& m_next;
    int m_index;
};

} // namespace

std::string SweepResult::status() const
{
    if (summary)
        return toString(summary->status);
    return problem.empty() ? "stopped" : "invalid";
}

QuantizerSpec sweepQuantizer(const ExperimentSpec& base, const std::string& scheme)
{
    const QuantizerInfo* info = findQuantizer(scheme);
    if (!info)
        throw Error("unknown quantizer scheme '" + scheme + "'; the schemes are " + allSchemes());
    for (const RunSpec& run : base.runs) {
        if (!run.quantizer)
            continue;
        QuantizerSpec q = *run.quantizer;
        if (q.scheme != scheme) {
            // Settings that belong to one scheme come from the new scheme's defaults.
            q.scheme = scheme;
            q.fracBits = info->defaults.fracBits;
            q.narrowRange = info->defaults.narrowRange;
        }
        return q;
    }
    QuantizerSpec q = info->defaults;
    q.mode = TrainingMode::PostUpdate;
    return q;
}

std::vector<SweepConfiguration> expandSweep(
    const ExperimentSpec& base, const std::vector<std::string>& schemes, const std::vector<int>& bits)
{
    for (const std::string& scheme : schemes)
        if (!findQuantizer(scheme))
            throw Error(
                "unknown quantizer scheme '" + scheme + "'; the schemes are " + allSchemes());
    std::vector<SweepConfiguration> configs;
    SweepConfiguration fp { "fp64", std::nullopt, base };
    fp.spec.runs = { RunSpec { "fp64", std::nullopt } };
    configs.push_back(std::move(fp));
    for (const std::string& scheme : schemes) {
        const QuantizerInfo* info = findQuantizer(scheme);
        const std::vector<int> bitsList = info->hasBits ? bits : std::vector<int> { 0 };
        for (int b : bitsList) {
            QuantizerSpec q = sweepQuantizer(base, scheme);
            if (info->hasBits)
                q.bits = b;
            RunSpec run { std::string(), q };
            run.name = defaultRunName(run);
            SweepConfiguration c { scheme, info->hasBits ? std::optional<int>(b) : std::nullopt,
                base };
            c.spec.runs = { run };
            configs.push_back(std::move(c));
        }
    }
    return configs;
}

Sweep::Sweep(const ExperimentSpec& base, const std::vector<std::string>& schemes,
    const std::vector<int>& bits, ExperimentFactory factory)
    : m_configs(expandSweep(base, schemes, bits))
    , m_factory(std::move(factory))
{
    m_baseline = m_factory(m_configs.front().spec);
    m_stepsPerConfiguration = m_baseline->totalSteps();
    m_classification = m_baseline->dataset().task != Task::Regression;
    m_hasTest = m_baseline->dataset().xTest.rows() > 0;
    m_resolved = m_baseline->spec();
    m_resolved.runs = base.runs;
}

Sweep::~Sweep() = default;

std::vector<SweepResult> Sweep::run(SweepObserver& observer, std::stop_token stop, int threads)
{
    if (m_ran)
        throw Error("a sweep runs once; build another Sweep to run it again");
    m_ran = true;

    std::vector<SweepResult> results(m_configs.size());
    for (std::size_t i = 0; i < m_configs.size(); ++i) {
        results[i].index = static_cast<int>(i);
        results[i].scheme = m_configs[i].scheme;
        results[i].bits = m_configs[i].bits;
    }

    // One stop for the caller's request and for an unexpected exception in a worker.
    std::stop_source halt;
    std::stop_callback forward(stop, [&halt] { halt.request_stop(); });
    std::atomic<std::size_t> next { 0 };
    std::mutex mutex;
    std::exception_ptr failure;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned workers = std::max(1u,
        std::min<unsigned>(threads > 0 ? static_cast<unsigned>(threads) : cores,
            static_cast<unsigned>(m_configs.size())));

    auto work = [&] {
        for (std::size_t i = next++; i < m_configs.size() && !halt.stop_requested(); i = next++) {
            SweepResult& result = results[i];
            try {
                std::unique_ptr<Experiment> experiment
                    = i == 0 ? std::move(m_baseline) : m_factory(m_configs[i].spec);
                ConfigurationObserver forwarder(observer, static_cast<int>(i));
                experiment->run(forwarder, halt.get_token(), 1);
                result.summary = experiment->summary(0);
                const Record& last = result.summary->last;
                result.trainLoss = last.trainLoss;
                if (m_hasTest)
                    result.testLoss = last.testLoss;
                if (m_classification)
                    result.accuracy = m_hasTest ? last.testAccuracy : last.trainAccuracy;
            } catch (const Error& e) {
                result.problem = e.what();
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure)
                    failure = std::current_exception();
                halt.request_stop();
                continue;
            }
            observer.onConfigurationEnded(result);
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (unsigned w = 0; w < workers; ++w)
        pool.emplace_back(work);
    for (std::thread& t : pool)
        t.join();
    m_baseline.reset();
    if (failure)
        std::rethrow_exception(failure);
    return results;
}

} // namespace bitlab
