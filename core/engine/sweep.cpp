#include "core/engine/sweep.h"

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/quant/quantizer.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

namespace bitlab {

namespace {

std::string allSchemes()
{
    std::vector<std::string> withFormats;
    for (const QuantizerInfo& info : quantizerRegistry())
        if (!info.formats.empty())
            withFormats.push_back(
                info.name + ":FORMAT (FORMAT one of " + joinNames(info.formats) + ")");
    std::string out = joinNames(quantizerRegistry(), &QuantizerInfo::name);
    if (!withFormats.empty())
        out += ", or " + joinNames(withFormats, " or ");
    return out;
}

// The token a configuration records: the scheme, with the format its quantizer has when
// the format sets the bits (a custom float format keeps the bare scheme).
std::string configurationScheme(const QuantizerInfo& info, const QuantizerSpec& q)
{
    if (info.usesFloatFormat && q.format != "custom")
        return info.name + ":" + q.format;
    if (info.usesMxElement)
        return info.name + ":" + q.element;
    return info.name;
}

// Reports a unit's records under its own index.
class UnitObserver : public Observer {
public:
    UnitObserver(SweepObserver& next, int unit)
        : m_next(next)
        , m_unit(unit)
    {
    }
    void onRecord(const Record& record) override { m_next.onRecord(m_unit, record); }

private:
    SweepObserver& m_next;
    int m_unit;
};

SweepStats::Spread spread(const std::vector<double>& values)
{
    SweepStats::Spread s;
    s.n = static_cast<int>(values.size());
    if (values.empty())
        return s;
    // Offsets from the first value: equal values give exactly that value as their mean.
    const double first = values.front();
    double offsets = 0.0;
    s.min = s.max = first;
    for (double v : values) {
        offsets += v - first;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
    }
    s.mean = first + offsets / static_cast<double>(s.n);
    if (s.n > 1) {
        double squares = 0.0;
        for (double v : values)
            squares += (v - s.mean) * (v - s.mean);
        s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
    }
    return s;
}

} // namespace

std::string SweepResult::status() const
{
    if (summary)
        return toString(summary->status);
    return problem.empty() ? "stopped" : "invalid";
}

SweepStats sweepStats(const std::vector<const SweepResult*>& seeds)
{
    SweepStats stats;
    stats.seeds = static_cast<int>(seeds.size());
    std::vector<double> train, test, accuracy;
    for (const SweepResult* r : seeds) {
        if (!r->finished())
            continue;
        ++stats.finished;
        if (std::isfinite(r->trainLoss))
            train.push_back(r->trainLoss);
        if (std::isfinite(r->testLoss))
            test.push_back(r->testLoss);
        if (std::isfinite(r->accuracy))
            accuracy.push_back(r->accuracy);
    }
    stats.trainLoss = spread(train);
    stats.testLoss = spread(test);
    stats.accuracy = spread(accuracy);
    return stats;
}

void SweepPlan::check() const
{
    std::set<std::string> keys;
    for (const SweepAxis& axis : axes) {
        if (axis.key.empty())
            throw Error("a swept key has no name");
        if (axis.values.empty())
            throw Error("the swept key " + axis.key + " has no values");
        if (!keys.insert(axis.key).second)
            throw Error("the key " + axis.key + " is swept twice; give its values once");
    }
    if (seeds < 1)
        throw Error("a sweep needs at least one seed, got " + std::to_string(seeds));
    if (shards < 1 || shard < 1 || shard > shards)
        throw Error("shard " + std::to_string(shard) + "/" + std::to_string(shards)
            + " does not exist: shards are numbered 1 to N");
    if (bitWidthForm() && bits.empty())
        throw Error("the bit-width sweep needs bit-widths");
}

SweptScheme parseSweptScheme(const std::string& token)
{
    const std::size_t colon = token.find(':');
    const std::string name = token.substr(0, colon);
    SweptScheme s { findQuantizer(name), {} };
    if (!s.info)
        throw Error("unknown quantizer scheme '" + token + "'; the schemes are " + allSchemes());
    if (colon == std::string::npos)
        return s;
    s.format = token.substr(colon + 1);
    const std::vector<std::string>& formats = s.info->formats;
    if (formats.empty())
        throw Error("the scheme " + name + " has no formats to choose: write '" + name
            + "' without ':" + s.format + "'");
    if (std::find(formats.begin(), formats.end(), s.format) == formats.end())
        throw Error("'" + token + "': " + name + " has no format '" + s.format
            + "'; the formats are " + joinNames(formats));
    return s;
}

namespace {
QuantizerSpec withFormat(QuantizerSpec q, const SweptScheme& s)
{
    if (!s.format.empty()) {
        if (s.info->usesFloatFormat)
            q.format = s.format;
        else
            q.element = s.format;
    }
    return q;
}
} // namespace

double sweptBitWidth(const std::string& token)
{
    try {
        const SweptScheme s = parseSweptScheme(token);
        return s.info->bitWidth(withFormat(s.info->defaults, s));
    } catch (const Error&) {
        return 0.0;
    }
}

QuantizerSpec sweepQuantizer(const ExperimentSpec& base, const std::string& scheme)
{
    const SweptScheme s = parseSweptScheme(scheme);
    const QuantizerInfo* info = s.info;
    for (const RunSpec& run : base.runs) {
        if (!run.quantizer)
            continue;
        QuantizerSpec q = *run.quantizer;
        if (q.scheme != info->name) {
            // Settings that belong to one scheme come from the new scheme's defaults.
            q.scheme = info->name;
            q.fracBits = info->defaults.fracBits;
            q.narrowRange = info->defaults.narrowRange;
            q.format = info->defaults.format;
            q.element = info->defaults.element;
            q.block = info->defaults.block;
            if (q.learn == LearnMode::Lsq && !info->learnsStep)
                q.learn = LearnMode::None; // LSQ learns a symmetric step only
        }
        return withFormat(q, s);
    }
    QuantizerSpec q = info->defaults;
    q.mode = TrainingMode::PostUpdate;
    return withFormat(q, s);
}

std::vector<SweepConfiguration> expandSweep(const ExperimentSpec& base,
    const std::vector<std::string>& schemes, const std::vector<int>& bits)
{
    for (const std::string& scheme : schemes)
        parseSweptScheme(scheme); // throws naming the valid ones
    std::vector<SweepConfiguration> configs;
    SweepConfiguration fp { {}, "fp64", std::nullopt, base };
    fp.spec.runs = { RunSpec { "fp64", std::nullopt } };
    configs.push_back(std::move(fp));
    for (const std::string& scheme : schemes) {
        const QuantizerInfo* info = parseSweptScheme(scheme).info;
        const std::vector<int> bitsList = info->hasBits ? bits : std::vector<int> { 0 };
        for (int b : bitsList) {
            QuantizerSpec q = sweepQuantizer(base, scheme);
            if (info->hasBits)
                q.bits = b;
            RunSpec run { std::string(), q };
            run.name = defaultRunName(run);
            SweepConfiguration c { {}, configurationScheme(*info, q),
                info->hasBits ? std::optional<int>(b) : std::nullopt, base };
            c.spec.runs = { run };
            configs.push_back(std::move(c));
        }
    }
    return configs;
}

std::vector<SweepConfiguration> expandPlan(
    const ExperimentSpec& base, const SweepPlan& plan, const SpecEditor& edit)
{
    plan.check();
    std::vector<SweepConfiguration> points;
    std::vector<std::size_t> at(plan.axes.size(), 0); // odometer over the axes' values
    while (true) {
        ExperimentSpec spec = base;
        std::vector<std::string> values;
        std::vector<KeyValue> sets;
        for (std::size_t a = 0; a < plan.axes.size(); ++a) {
            values.push_back(plan.axes[a].values[at[a]]);
            sets.emplace_back(plan.axes[a].key, values.back());
        }
        if (!sets.empty()) {
            if (!edit)
                throw Error("this sweep cannot vary experiment keys");
            try {
                spec = edit(base, sets);
            } catch (const Error& e) {
                const std::string where = joinNames(
                    sets, [](const KeyValue& kv) { return kv.first + "=" + kv.second; });
                throw Error("the sweep point " + where + " is not a valid experiment: " + e.what());
            }
        }
        if (plan.bitWidthForm()) {
            for (SweepConfiguration& c : expandSweep(spec, plan.schemes, plan.bits)) {
                c.values = values;
                points.push_back(std::move(c));
            }
        } else {
            points.push_back(SweepConfiguration { values, {}, std::nullopt, spec });
        }
        // Next combination: the last axis turns fastest.
        std::size_t a = plan.axes.size();
        while (a > 0) {
            --a;
            if (++at[a] < plan.axes[a].values.size())
                break;
            at[a] = 0;
            if (a == 0)
                return points;
        }
        if (plan.axes.empty())
            return points;
    }
}

namespace {

bool parseInt(const std::string& text, int& value)
{
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end && !text.empty();
}

// Splits at commas outside brackets, braces and quotes.
std::vector<std::string> splitValues(const std::string& text)
{
    std::vector<std::string> parts(1);
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '\\' && i + 1 < text.size())
                parts.back() += text[i++];
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 0) {
            parts.emplace_back();
            continue;
        }
        parts.back() += c;
    }
    return parts;
}

} // namespace

SweepAxis parseSweepAxis(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw Error("a swept key is written KEY=VALUES, e.g. optimizer.lr=0.01,0.03,0.1, got '"
            + text + "'");
    SweepAxis axis { text.substr(0, eq), {} };
    for (const std::string& part : splitValues(text.substr(eq + 1))) {
        if (part.empty())
            throw Error(axis.key + ": an empty value in '" + text.substr(eq + 1)
                + "' (values are separated by single commas)");
        // An integer range A-B (a leading minus is a sign, 1e-3 is a number).
        const auto dash = part.find('-', 1);
        int lo = 0, hi = 0;
        if (dash != std::string::npos && parseInt(part.substr(0, dash), lo)
            && parseInt(part.substr(dash + 1), hi)) {
            if (hi < lo)
                throw Error(axis.key + ": the range " + part + " goes down; write it as "
                    + std::to_string(hi) + "-" + std::to_string(lo));
            if (hi - lo >= 10000)
                throw Error(axis.key + ": the range " + part + " has more than " + "10000 values");
            for (int v = lo; v <= hi; ++v)
                axis.values.push_back(std::to_string(v));
        } else {
            axis.values.push_back(part);
        }
    }
    return axis;
}

std::uint64_t sweepSeed(std::uint64_t base, int index)
{
    return base + static_cast<std::uint64_t>(index);
}

Sweep::Sweep(
    const ExperimentSpec& base, const SweepPlan& plan, ExperimentFactory factory, SpecEditor edit)
    : m_plan(plan)
    , m_configs(expandPlan(base, plan, edit))
    , m_factory(std::move(factory))
{
    init(base);
}

Sweep::Sweep(const ExperimentSpec& base, const std::vector<std::string>& schemes,
    const std::vector<int>& bits, ExperimentFactory factory)
    : m_factory(std::move(factory))
{
    m_plan.schemes = schemes;
    m_plan.bits = bits;
    m_configs = expandPlan(base, m_plan, {});
    init(base);
}

void Sweep::init(const ExperimentSpec& base)
{
    // The resolved base (every default filled in, with the base's runs): a bad dataset or
    // model is an error of the whole sweep, and every shard resolves it alike.
    {
        const std::unique_ptr<Experiment> e = m_factory(base);
        m_resolved = e->spec();
        m_classification = e->dataset().task != Task::Regression;
        m_hasTest = e->dataset().xTest.rows() > 0;
    }
    m_resolved.runs = base.runs;
    for (int u = m_plan.shard - 1; u < unitCount(); u += m_plan.shards)
        m_units.push_back(u);
    // Every point of this shard is built once, for its steps and so that a point the
    // engine refuses is an error of the whole sweep; the first unit's experiment is kept.
    m_stepsPerRun.assign(m_configs.size(), 0);
    std::vector<bool> built(m_configs.size(), false);
    for (int u : m_units) {
        const auto p = static_cast<std::size_t>(u / m_plan.seeds);
        if (built[p])
            continue;
        built[p] = true;
        std::unique_ptr<Experiment> e;
        try {
            e = m_factory(unitSpec(u));
        } catch (const Error& error) {
            // A configuration the engine refuses (symmetric at one bit) is data of the
            // bit-width form (result.problem); anything else stops the sweep here.
            if (m_plan.bitWidthForm() && m_configs[p].scheme != "fp64")
                continue;
            const std::string where = joinNames(
                std::views::iota(std::size_t { 0 }, m_plan.axes.size()),
                [&](std::size_t a) { return m_plan.axes[a].key + "=" + m_configs[p].values[a]; });
            if (where.empty())
                throw;
            throw Error("the sweep point " + where + " cannot run: " + error.what());
        }
        m_stepsPerRun[p] = e->totalSteps();
        if (!m_first) {
            m_first = std::move(e);
            m_firstUnit = u;
        }
    }
    for (int u : m_units)
        m_totalSteps += stepsOf(u);
}

Sweep::~Sweep() = default;

int Sweep::runsOf(int point) const
{
    return static_cast<int>(m_configs[static_cast<std::size_t>(point)].spec.runs.size());
}

std::uint64_t Sweep::seedOf(int unit) const
{
    const ExperimentSpec& spec = m_configs[static_cast<std::size_t>(unit / m_plan.seeds)].spec;
    return sweepSeed(spec.training.seed, unit % m_plan.seeds);
}

ExperimentSpec Sweep::unitSpec(int unit) const
{
    ExperimentSpec spec = m_configs[static_cast<std::size_t>(unit / m_plan.seeds)].spec;
    spec.training.seed = seedOf(unit);
    return spec;
}

std::int64_t Sweep::stepsOf(int unit) const
{
    const int p = unit / m_plan.seeds;
    return m_stepsPerRun[static_cast<std::size_t>(p)] * runsOf(p);
}

std::vector<SweepResult> Sweep::run(SweepObserver& observer, std::stop_token stop, int threads)
{
    if (m_ran)
        throw Error("a sweep runs once; build another Sweep to run it again");
    m_ran = true;

    // The results, units in order and runs inside; first[i]: where unit m_units[i]'s begin.
    std::vector<SweepResult> results;
    std::vector<std::size_t> first;
    for (int u : m_units) {
        first.push_back(results.size());
        const int p = u / m_plan.seeds;
        const SweepConfiguration& c = m_configs[static_cast<std::size_t>(p)];
        for (int r = 0; r < runsOf(p); ++r) {
            SweepResult result;
            result.index = static_cast<int>(results.size());
            result.unit = u;
            result.point = p;
            result.seedIndex = u % m_plan.seeds;
            result.seed = seedOf(u);
            result.run = r;
            result.values = c.values;
            const RunSpec& run = c.spec.runs[static_cast<std::size_t>(r)];
            result.runName = run.name.empty() ? defaultRunName(run) : run.name;
            if (m_plan.bitWidthForm()) {
                result.scheme = c.scheme;
                result.bits = c.bits;
            } else if (run.quantizer) {
                result.scheme = run.quantizer->scheme;
                const QuantizerInfo* info = findQuantizer(run.quantizer->scheme);
                if (!info || info->hasBits)
                    result.bits = run.quantizer->bits;
            } else {
                result.scheme = "fp64";
            }
            results.push_back(std::move(result));
        }
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
            static_cast<unsigned>(std::max<std::size_t>(m_units.size(), 1))));

    auto work = [&] {
        for (std::size_t i = next++; i < m_units.size() && !halt.stop_requested(); i = next++) {
            const int u = m_units[i];
            const int runs = runsOf(u / m_plan.seeds);
            SweepResult* unitResults = &results[first[i]];
            try {
                std::unique_ptr<Experiment> experiment
                    = u == m_firstUnit && m_first ? std::move(m_first) : m_factory(unitSpec(u));
                // A swept key may change the split or the task: this unit's own dataset.
                const bool hasTest = experiment->dataset().xTest.rows() > 0;
                const bool classification = experiment->dataset().task != Task::Regression;
                UnitObserver forwarder(observer, u);
                experiment->run(forwarder, halt.get_token(), 1);
                for (int r = 0; r < runs; ++r) {
                    SweepResult& result = unitResults[r];
                    result.summary = experiment->summary(r);
                    const Record& last = result.summary->last;
                    result.trainLoss = last.trainLoss;
                    if (hasTest)
                        result.testLoss = last.testLoss;
                    if (classification)
                        result.accuracy = hasTest ? last.testAccuracy : last.trainAccuracy;
                }
            } catch (const Error& e) {
                for (int r = 0; r < runs; ++r)
                    unitResults[r].problem = e.what();
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure)
                    failure = std::current_exception();
                halt.request_stop();
                continue;
            }
            for (int r = 0; r < runs; ++r)
                observer.onConfigurationEnded(unitResults[r]);
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (unsigned w = 0; w < workers; ++w)
        pool.emplace_back(work);
    for (std::thread& t : pool)
        t.join();
    m_first.reset();
    if (failure)
        std::rethrow_exception(failure);
    return results;
}

} // namespace bitlab
