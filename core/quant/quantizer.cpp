#include "core/quant/quantizer.h"

#include "core/common/error.h"
#include "core/quant/round_half_even.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace bitlab {

namespace {
std::string joinProblems(const std::vector<std::string>& problems)
{
    std::string out;
    for (const auto& p : problems) {
        if (!out.empty())
            out += "; ";
        out += p;
    }
    return out;
}

const char* nonFiniteName(Scalar v)
{
    if (std::isnan(v))
        return "NaN";
    return v > 0 ? "inf" : "-inf";
}

// The error of prepare() for a tensor holding NaN or inf, naming the first such element
// (out of line: it never runs on the path of a finite tensor).
[[noreturn, gnu::noinline, gnu::cold]] void throwNonFinite(const ConstMatrixRef& w)
{
    for (Index r = 0; r < w.rows(); ++r)
        for (Index c = 0; c < w.cols(); ++c)
            if (!std::isfinite(w(r, c))) {
                std::ostringstream msg;
                msg << "cannot quantize tensor: it contains " << nonFiniteName(w(r, c)) << " at ["
                    << r << ", " << c << "]; a quantizer accepts finite values only";
                throw Error(msg.str());
            }
    throw Error("cannot quantize tensor: it contains a value that is not finite");
}
// prepare()'s probe of a larger tensor: row by row with Eigen's vectorised sum (out of
// line, like the two below, so that the 1 x 1 path of quantize() stays short).
[[gnu::noinline]] Scalar finiteProbe(const ConstMatrixRef& w)
{
    Scalar probe = 0;
    for (Index r = 0; r < w.rows(); ++r)
        probe += (w.row(r).array() * Scalar(0)).sum();
    return probe;
}

// Whether out and state are shaped for w and `channels` channels (as the last call left them).
[[gnu::always_inline]] inline bool shapedFor(
    const ConstMatrixRef& w, const Matrix& out, const QuantState& state, std::size_t channels)
{
    const Index rows = w.rows(), cols = w.cols();
    return out.rows() == rows && out.cols() == cols && state.codes.rows() == rows
        && state.codes.cols() == cols && state.inRange.rows() == rows
        && state.inRange.cols() == cols && state.scale.size() == channels
        && state.zeroPoint.size() == channels;
}

// prepare()'s sizing when a shape (or the channel count) changed.
[[gnu::noinline]] void resizeLike(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, std::size_t channels)
{
    out.resize(w.rows(), w.cols());
    state.codes.resize(w.rows(), w.cols());
    state.inRange.resize(w.rows(), w.cols());
    state.scale.resize(channels);
    state.zeroPoint.resize(channels);
}
} // namespace

Quantizer::Quantizer(QuantizerSpec spec)
    : m_spec(std::move(spec))
    , m_usesObserver(observerApplies(m_spec))
    , m_movingAverage(m_usesObserver && m_spec.observer == RangeObserver::MovingAverage)
{
    const auto problems = validateQuantizerSpec(m_spec, "quantizer");
    if (!problems.empty())
        throw Error(joinProblems(problems) + ".");
}

// Inline into quantize(), its only caller: the call is a fixed cost on W1's 1 x 1 tensors.
[[gnu::always_inline]] inline void Quantizer::prepare(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Index channels, bool probeFinite)
{
    // Refuse before anything is converted or written: a NaN must never reach a rounding,
    // a comparison chain or a cast. Fast test first: x * 0 is 0 for finite x and NaN for
    // inf/NaN, so a zero sum proves every element finite; only otherwise find the first.
    // Tiny tensors (biases, W1's scalars) are summed directly, larger ones row by row with
    // Eigen's vectorised sum, whose setup would cost more than the few elements.
    const Index rows = w.rows(), cols = w.cols();
    if (probeFinite) {
        Scalar probe = 0;
        if (w.size() == 1) {
            probe = w(0, 0) * Scalar(0);
        } else if (w.size() <= 16) {
            for (Index r = 0; r < rows; ++r) {
                const Scalar* in = w.data() + r * w.outerStride();
                for (Index c = 0; c < cols; ++c)
                    probe += in[c] * Scalar(0);
            }
        } else {
            probe = finiteProbe(w);
        }
        if (!(probe == 0)) [[unlikely]]
            throwNonFinite(w);
    }
    // A quantizer called every step with the same shapes allocates nothing; it does not
    // even call resize (whose size checks cost more than W1's 1 x 1 tensors' work).
    const auto n = static_cast<std::size_t>(channels);
    if (!shapedFor(w, out, state, n)) [[unlikely]]
        resizeLike(w, out, state, n);
    if (n == 1)
        state.zeroPoint[0] = 0;
    else
        std::fill(state.zeroPoint.begin(), state.zeroPoint.end(), Scalar(0));
}

// What quantize(), quantizeChecked() and quantizeTallied() share (inline into each).
[[gnu::always_inline]] inline void Quantizer::run(const ConstMatrixRef& w, Matrix& out,
    QuantState& state, Rng& rng, bool probeFinite, QuantizeTally* tally, Scalar knownMaxAbs,
    bool rangeMask) const
{
    prepare(w, out, state, channelCount(w), probeFinite);
    if (usesObserver()) {
        chooseRanges(w, state, knownMaxAbs);
    } else {
        state.rangeLo.clear();
        state.rangeHi.clear();
    }
    if (tally) {
        *tally = QuantizeTally {};
        quantizeFiniteTallied(w, out, state, rng, *tally, rangeMask);
    } else {
        quantizeFinite(w, out, state, rng);
    }
}

void Quantizer::quantize(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    run(w, out, state, rng, true, nullptr, -1, true);
}

void Quantizer::quantizeChecked(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng, Scalar knownMaxAbs) const
{
    // One channel, no observer, the shapes of the last call (W1's twins, fixed or float
    // without scaling, at every step): what run() does then, with no call before the
    // scheme's pass, so that this path sets up no stack frame; the rest goes out of line.
    if (!m_usesObserver && channelCount(w) == 1 && shapedFor(w, out, state, 1)) {
        state.zeroPoint[0] = 0;
        state.rangeLo.clear();
        state.rangeHi.clear();
        quantizeFinite(w, out, state, rng);
        return;
    }
    runChecked(w, out, state, rng, knownMaxAbs);
}

void Quantizer::runChecked(
    const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng, Scalar knownMaxAbs) const
{
    run(w, out, state, rng, false, nullptr, knownMaxAbs, true);
}

bool Quantizer::quantizeTallied(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng,
    QuantizeTally& tally, Scalar knownMaxAbs, bool rangeMask) const
{
    if (!talliesRecords() || state.codes.rows() != w.rows() || state.codes.cols() != w.cols())
        return false;
    run(w, out, state, rng, false, &tally, knownMaxAbs, rangeMask);
    return true;
}

void Quantizer::quantizeFiniteTallied(
    const ConstMatrixRef&, Matrix&, QuantState&, Rng&, QuantizeTally&, bool) const
{
    throw Error(
        "the " + m_spec.scheme + " quantizer says it tallies records but has no tallied pass");
}

void Quantizer::resetObserver(QuantState& state)
{
    state.observedMin.clear();
    state.observedMax.clear();
}

void Quantizer::observeRunning(const ConstMatrixRef& w, QuantState& state) const
{
    const Index channels = channelCount(w);
    const Index rows = channelRows(w);
    const bool first = static_cast<Index>(state.observedMin.size()) != channels
        || static_cast<Index>(state.observedMax.size()) != channels;
    if (first) {
        state.observedMin.assign(static_cast<std::size_t>(channels), 0);
        state.observedMax.assign(static_cast<std::size_t>(channels), 0);
    }
    const Scalar c = m_spec.averaging;
    for (Index ch = 0; ch < channels; ++ch) {
        const auto block = w.middleRows(channelFirstRow(ch), rows);
        const Scalar mn = block.size() > 0 ? block.minCoeff() : 0;
        const Scalar mx = block.size() > 0 ? block.maxCoeff() : 0;
        Scalar& runMin = state.observedMin[static_cast<std::size_t>(ch)];
        Scalar& runMax = state.observedMax[static_cast<std::size_t>(ch)];
        if (first) {
            runMin = mn;
            runMax = mx;
        } else { // PyTorch: min_val = min_val + averaging_constant * (min_val_cur - min_val)
            runMin = runMin + c * (mn - runMin);
            runMax = runMax + c * (mx - runMax);
        }
    }
}

Scalar percentileOfSorted(const std::vector<Scalar>& sorted, Scalar p)
{
    const std::size_t n = sorted.size();
    if (n == 0)
        return 0;
    const Scalar h = static_cast<Scalar>(n - 1) * p / 100.0;
    const Scalar below = std::floor(h);
    const auto i = static_cast<std::size_t>(below);
    if (i + 1 >= n)
        return sorted[n - 1];
    return sorted[i] + (h - below) * (sorted[i + 1] - sorted[i]);
}

void Quantizer::chooseRanges(const ConstMatrixRef& w, QuantState& state, Scalar knownMaxAbs) const
{
    const Index channels = state.channels();
    const Index rows = channelRows(w);
    state.rangeLo.resize(static_cast<std::size_t>(channels));
    state.rangeHi.resize(static_cast<std::size_t>(channels));
    const bool twoSided = twoSidedRange();
    const bool averaged = m_spec.observer == RangeObserver::MovingAverage
        && static_cast<Index>(state.observedMin.size()) == channels
        && static_cast<Index>(state.observedMax.size()) == channels;
    for (Index ch = 0; ch < channels; ++ch) {
        const auto block = w.middleRows(channelFirstRow(ch), rows);
        Scalar lo = 0, hi = 0;
        switch (m_spec.observer) {
        case RangeObserver::MovingAverage:
            if (averaged) {
                lo = state.observedMin[static_cast<std::size_t>(ch)];
                hi = state.observedMax[static_cast<std::size_t>(ch)];
                if (twoSided) {
                    lo = std::min(lo, Scalar(0));
                    hi = std::max(hi, Scalar(0));
                } else { // PyTorch's symmetric qparams: max(-min(min, 0), max(max, 0))
                    hi = std::max(-std::min(lo, Scalar(0)), std::max(hi, Scalar(0)));
                    lo = -hi;
                }
                break;
            }
            [[fallthrough]]; // nothing observed yet: the tensor's own min/max
        case RangeObserver::MinMax:
        case RangeObserver::Mse:
            if (twoSided) {
                for (Index r = 0; r < block.rows(); ++r)
                    for (Index c = 0; c < block.cols(); ++c) {
                        lo = std::min(lo, block(r, c));
                        hi = std::max(hi, block(r, c));
                    }
            } else {
                hi = channels == 1 && knownMaxAbs >= 0 ? knownMaxAbs : maxAbs(block);
                lo = -hi;
            }
            if (m_spec.observer == RangeObserver::Mse) {
                // The clip k/K of the min/max range, k = K..1, with the least squared error;
                // a tie keeps the larger clip (tried first).
                const Scalar lo0 = lo, hi0 = hi;
                Scalar best = clipError(block, lo0, hi0);
                for (int k = kMseCandidates - 1; k >= 1 && best > 0; --k) {
                    const Scalar f = static_cast<Scalar>(k) / kMseCandidates;
                    const Scalar e = clipError(block, lo0 * f, hi0 * f);
                    if (e < best) {
                        best = e;
                        lo = lo0 * f;
                        hi = hi0 * f;
                    }
                }
            }
            break;
        case RangeObserver::Percentile: {
            auto& v = state.scratch;
            v.clear();
            for (Index r = 0; r < block.rows(); ++r)
                for (Index c = 0; c < block.cols(); ++c)
                    v.push_back(twoSided ? block(r, c) : std::abs(block(r, c)));
            std::sort(v.begin(), v.end());
            if (twoSided) {
                lo = std::min(percentileOfSorted(v, 100.0 - m_spec.percentile), Scalar(0));
                hi = std::max(percentileOfSorted(v, m_spec.percentile), Scalar(0));
            } else {
                hi = percentileOfSorted(v, m_spec.percentile);
                lo = -hi;
            }
            break;
        }
        }
        state.rangeLo[static_cast<std::size_t>(ch)] = lo;
        state.rangeHi[static_cast<std::size_t>(ch)] = hi;
    }
}

Scalar Quantizer::round(Scalar x, Rng& rng) const
{
    if (m_spec.rounding == Rounding::Nearest)
        return detail::roundHalfEven(x);
    // floor(x + u), with the integer part taken off first: for |x| >= 2^52 the sum x + u
    // would itself round and could step one past floor(x) with u near 1.
    const Scalar u = rng.uniform();
    const Scalar whole = std::floor(x);
    const Scalar fraction = x - whole; // exact; NaN for x = +-inf, which keeps x below
    return fraction + u >= 1.0 ? whole + 1.0 : whole;
}

Scalar Quantizer::maxAbs(const ConstMatrixRef& block)
{
    // The maximum is exact in any order (the values are finite and >= +0), so it may be
    // vectorised row by row.
    Scalar m = 0;
    for (Index r = 0; r < block.rows(); ++r)
        if (block.cols() > 0)
            m = std::max(m, block.row(r).cwiseAbs().maxCoeff());
    return m;
}

Scalar Quantizer::meanAbs(const ConstMatrixRef& block)
{
    const Index n = block.size();
    if (n == 0)
        return 0;
    Scalar sum = 0;
    for (Index r = 0; r < block.rows(); ++r)
        for (Index c = 0; c < block.cols(); ++c)
            sum += std::abs(block(r, c));
    if (std::isfinite(sum))
        return sum / static_cast<Scalar>(n);
    // The plain sum overflowed (values near DBL_MAX): average the shares instead.
    Scalar mean = 0;
    for (Index r = 0; r < block.rows(); ++r)
        for (Index c = 0; c < block.cols(); ++c)
            mean += std::abs(block(r, c)) / static_cast<Scalar>(n);
    return mean;
}

void Quantizer::requireFiniteScale(Scalar scale, Scalar largestCode, const char* what)
{
    if (std::isfinite(scale) && std::isfinite(scale * largestCode))
        return;
    std::ostringstream msg;
    msg << "cannot quantize tensor: its " << what
        << " is too wide for a finite scale; keep weights well below 1e307 in magnitude";
    throw Error(msg.str());
}

} // namespace bitlab
