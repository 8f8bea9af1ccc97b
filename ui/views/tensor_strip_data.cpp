#include "ui/views/tensor_strip_data.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

void LevelChangeCounter::add(const LiveSnapshot& snapshot)
{
    for (const WeightSnapshot& w : snapshot.weights) {
        if (w.run < 0)
            continue;
        if (static_cast<int>(m_runs.size()) <= w.run)
            m_runs.resize(static_cast<std::size_t>(w.run) + 1);
        auto& trackers = m_runs[static_cast<std::size_t>(w.run)];
        if (trackers.size() != w.tensors.size())
            trackers.assign(w.tensors.size(), Tracker {});
        for (std::size_t t = 0; t < w.tensors.size(); ++t) {
            const TensorSnapshot& ts = w.tensors[t];
            Tracker& tr = trackers[t];
            if (!ts.quantized || ts.quant.codes.size() == 0)
                continue;
            const Matrix& codes = ts.quant.codes;
            if (tr.codes.rows() != codes.rows() || tr.codes.cols() != codes.cols()) {
                tr.codes = codes;
                tr.changes.assign(static_cast<std::size_t>(codes.size()), 0);
                continue;
            }
            for (Index k = 0; k < codes.size(); ++k)
                if (codes.data()[k] != tr.codes.data()[k])
                    ++tr.changes[static_cast<std::size_t>(k)];
            tr.codes = codes;
        }
    }
}

int LevelChangeCounter::changes(int run, int tensor, std::size_t k) const
{
    if (run < 0 || run >= static_cast<int>(m_runs.size()))
        return 0;
    const auto& trackers = m_runs[static_cast<std::size_t>(run)];
    if (tensor < 0 || tensor >= static_cast<int>(trackers.size()))
        return 0;
    const std::vector<int>& c = trackers[static_cast<std::size_t>(tensor)].changes;
    return k < c.size() ? c[k] : 0;
}

const TensorSnapshot* TensorStripData::find(const LiveSnapshot& snapshot, int run, int tensor)
{
    for (const WeightSnapshot& w : snapshot.weights)
        if (w.run == run)
            return tensor < static_cast<int>(w.tensors.size())
                ? &w.tensors[static_cast<std::size_t>(tensor)]
                : nullptr;
    return nullptr;
}

TensorStripData TensorStripData::build(const LiveSnapshot& snapshot,
    const LevelChangeCounter& counter, int run, int tensor, int channel)
{
    TensorStripData d;
    for (const WeightSnapshot& w : snapshot.weights)
        if (w.run == run)
            for (const TensorSnapshot& ts : w.tensors)
                if (ts.quantized)
                    d.quantizedCount += static_cast<int>(ts.values.size());
    const TensorSnapshot* ts = find(snapshot, run, tensor);
    if (!ts)
        return d;
    const bool perChannel = ts->quantized && ts->quant.channels() > 1;
    channel = perChannel ? std::min<int>(channel, int(ts->quant.channels()) - 1) : 0;
    if (ts->quantized && !ts->levels.empty())
        d.levels = ts->levels[static_cast<std::size_t>(
            std::min<std::size_t>(static_cast<std::size_t>(channel), ts->levels.size() - 1))];
    const bool hasLatent
        = ts->latent.rows() == ts->values.rows() && ts->latent.cols() == ts->values.cols();
    for (Index r = 0; r < ts->values.rows(); ++r) {
        if (perChannel && ts->quant.channelOfRow(r) != channel)
            continue;
        for (Index c = 0; c < ts->values.cols(); ++c) {
            d.rows.push_back(r);
            d.cols.push_back(c);
            d.snapped.push_back(ts->values(r, c));
            d.values.push_back(hasLatent ? ts->latent(r, c) : ts->values(r, c));
            d.changes.push_back(
                counter.changes(run, tensor, static_cast<std::size_t>(r * ts->values.cols() + c)));
            const bool clipped = ts->quantized && ts->quant.inRange.rows() == ts->values.rows()
                && ts->quant.inRange.cols() == ts->values.cols() && ts->quant.inRange(r, c) == 0;
            d.clipped.push_back(clipped ? 1 : 0);
            d.clippedCount += clipped ? 1 : 0;
        }
    }
    // One bin per level: each weight counts at the level nearest its snapped value.
    const std::vector<double>& levels = d.levels;
    d.counts.assign(levels.size(), 0);
    if (!levels.empty())
        for (double s : d.snapped) {
            auto it = std::lower_bound(levels.begin(), levels.end(), s);
            std::size_t i = static_cast<std::size_t>(it - levels.begin());
            if (i == levels.size()
                || (i > 0 && std::abs(levels[i - 1] - s) <= std::abs(levels[i] - s)))
                i = i == 0 ? 0 : i - 1;
            ++d.counts[i];
        }
    // The number line: the whole clamp range when the weights fill a good part of it,
    // else the weights' region (the clamp limits then lie outside and are named).
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t i = 0; i < d.values.size(); ++i) {
        lo = std::min({ lo, d.values[i], d.snapped[i] });
        hi = std::max({ hi, d.values[i], d.snapped[i] });
    }
    if (!(hi >= lo)) {
        lo = -1;
        hi = 1;
    }
    if (!levels.empty()) {
        const double span = levels.back() - levels.front();
        if (span <= 4.0 * (hi - lo) || levels.size() <= 3) {
            lo = std::min(lo, levels.front());
            hi = std::max(hi, levels.back());
        } else {
            // Show a few levels either side of the weights.
            const double step = span / std::max<std::size_t>(1, levels.size() - 1);
            lo -= 2 * step;
            hi += 2 * step;
        }
    }
    const double pad = std::max(0.06 * (hi - lo), 1e-9);
    d.x0 = lo - pad;
    d.x1 = hi + pad;
    return d;
}

} // namespace bitlab::ui
