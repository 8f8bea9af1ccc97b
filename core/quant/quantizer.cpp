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
} // namespace

Quantizer::Quantizer(QuantizerSpec spec)
    : m_spec(std::move(spec))
{
    const auto problems = validateQuantizerSpec(m_spec, "quantizer");
    if (!problems.empty())
        throw Error(joinProblems(problems) + ".");
}

void Quantizer::quantize(const ConstMatrixRef& w, Matrix& out, QuantState& state, Rng& rng) const
{
    prepare(w, out, state, channelCount(w));
    quantizeFinite(w, out, state, rng);
}

void Quantizer::prepare(const ConstMatrixRef& w, Matrix& out, QuantState& state, Index channels)
{
    // Refuse before anything is converted or written: a NaN must never reach a rounding,
    // a comparison chain or a cast. Fast test first: x * 0 is 0 for finite x and NaN for
    // inf/NaN, so a zero sum proves every element finite; only otherwise find the first.
    Scalar probe = 0;
    for (Index r = 0; r < w.rows(); ++r)
        probe += (w.row(r).array() * Scalar(0)).sum();
    if (!(probe == 0)) {
        for (Index r = 0; r < w.rows(); ++r)
            for (Index c = 0; c < w.cols(); ++c)
                if (!std::isfinite(w(r, c))) {
                    std::ostringstream msg;
                    msg << "cannot quantize tensor: it contains " << nonFiniteName(w(r, c))
                        << " at [" << r << ", " << c
                        << "]; a quantizer accepts finite values only";
                    throw Error(msg.str());
                }
    }
    // Eigen's resize and std::vector's resize are no-ops for an unchanged size, so a
    // quantizer called every step with the same shapes allocates nothing.
    out.resize(w.rows(), w.cols());
    state.codes.resize(w.rows(), w.cols());
    state.inRange.resize(w.rows(), w.cols());
    state.scale.resize(static_cast<std::size_t>(channels));
    state.zeroPoint.resize(static_cast<std::size_t>(channels));
    std::fill(state.zeroPoint.begin(), state.zeroPoint.end(), Scalar(0));
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

Index Quantizer::channelCount(const ConstMatrixRef& w) const
{
    return m_spec.granularity == Granularity::PerChannel && w.rows() > 1 ? w.rows() : 1;
}

Index Quantizer::channelFirstRow(Index c) const
{
    return m_spec.granularity == Granularity::PerChannel ? c : 0;
}

Index Quantizer::channelRows(const ConstMatrixRef& w) const
{
    return channelCount(w) == 1 ? w.rows() : 1;
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
