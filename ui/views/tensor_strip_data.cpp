#include "ui/views/tensor_strip_data.h"

#include "core/quant/quantizer.h"
#include "ui/text_format.h"

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

namespace {

// A block scale in a few characters for the band: 2^e when it is a power of two.
QString shortScale(double scale)
{
    int e = 0;
    const double m = std::frexp(scale, &e);
    if (scale > 0 && m == 0.5)
        return QStringLiteral("2^%1").arg(e - 1);
    return formatNumber(scale, 3);
}

} // namespace

TensorStripData TensorStripData::build(const LiveSnapshot& snapshot,
    const LevelChangeCounter& counter, int run, int tensor, int channel, int block)
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
    // Block-scaled: the blocks, the selected one's grid and the band's row.
    const bool blocked = ts->quantized && ts->quant.block > 0
        && ts->quant.blockScale.rows() == ts->values.rows() && ts->quant.blockScale.cols() > 0;
    Index blockRow = -1, blockFirst = 0, blockLast = -1;
    if (blocked) {
        d.blockSize = ts->quant.block;
        d.blocksPerRow = ts->quant.blockScale.cols();
        d.rowCount = ts->values.rows();
        d.block = block >= 0 && block < d.blockCount() ? block : -1;
        d.bandRow = d.block >= 0 ? d.block / d.blocksPerRow : 0;
        if (d.block >= 0) {
            const Index b = d.block % d.blocksPerRow;
            blockRow = d.bandRow;
            blockFirst = d.blockFirstColumn(b);
            blockLast = d.blockLastColumn(b, ts->values.cols());
            if (ts->quantizer)
                d.levels = ts->quantizer->blockLevels(ts->quant, blockRow, b);
        }
        const bool hasLatent
            = ts->latent.rows() == ts->values.rows() && ts->latent.cols() == ts->values.cols();
        for (Index c = 0; c < ts->values.cols(); ++c) {
            d.bandSnapped.push_back(ts->values(d.bandRow, c));
            d.bandValues.push_back(hasLatent ? ts->latent(d.bandRow, c) : ts->values(d.bandRow, c));
        }
        for (Index b = 0; b < d.blocksPerRow; ++b) {
            const double scale = ts->quant.blockScale(d.bandRow, b);
            d.bandScales.push_back(scale);
            const std::string words
                = ts->quantizer ? ts->quantizer->explainBlockScale(ts->quant, d.bandRow, b) : "";
            // The engine writes ASCII ("->", " x "); the views show the usual signs.
            d.bandScaleTexts.push_back(words.empty()
                    ? shortScale(scale)
                    : QString::fromStdString(words)
                          .replace(QStringLiteral("->"), QStringLiteral("→"))
                          .replace(QStringLiteral(" x "), QStringLiteral(" × ")));
            d.bandShortScales.push_back(shortScale(scale));
        }
    }
    const bool hasLatent
        = ts->latent.rows() == ts->values.rows() && ts->latent.cols() == ts->values.cols();
    for (Index r = 0; r < ts->values.rows(); ++r) {
        if (perChannel && ts->quant.channelOfRow(r) != channel)
            continue;
        if (blockRow >= 0 && r != blockRow)
            continue;
        for (Index c = 0; c < ts->values.cols(); ++c) {
            if (blockRow >= 0 && (c < blockFirst || c > blockLast))
                continue;
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
    // else the weights' region and the two levels either side of it (the clamp limits then
    // lie outside and are named). Levels need not be evenly spaced (float formats are
    // densest near zero), so the neighbours are looked up, not stepped to.
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
            const auto below = std::lower_bound(levels.begin(), levels.end(), lo);
            const auto above = std::upper_bound(levels.begin(), levels.end(), hi);
            lo = std::min(lo, *(below - std::min<std::ptrdiff_t>(2, below - levels.begin())));
            hi = std::max(hi,
                above == levels.end()
                    ? levels.back()
                    : *(above + std::min<std::ptrdiff_t>(1, levels.end() - above - 1)));
        }
    }
    const double pad = std::max(0.06 * (hi - lo), 1e-9);
    d.x0 = lo - pad;
    d.x1 = hi + pad;
    for (double v : levels)
        d.levelsInView += v >= d.x0 && v <= d.x1;
    d.tooDense = d.levelsInView > kMaxDrawnLevels;
    return d;
}

} // namespace bitlab::ui
