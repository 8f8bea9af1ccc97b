#include "core/io/sweep_csv.h"

#include "core/io/exports.h"
#include "core/io/json_text.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

namespace bitlab::io {

namespace {
std::string cell(double value)
{
    return std::isfinite(value) ? formatDouble(value) : std::string();
}

std::string text(const std::string& s)
{
    return csvTextCell(QString::fromStdString(s)).toStdString();
}
} // namespace

QByteArray sweepCsv(const SweepPlan& plan, const std::vector<SweepResult>& results)
{
    const bool seeds = plan.seeds > 1;
    std::string out;
    for (const SweepAxis& axis : plan.axes)
        out += text(axis.key) + ',';
    out += plan.bitWidthForm() ? "scheme,bits," : "run,";
    if (seeds)
        out += "seed,";
    out += "status,final_train_loss,final_test_loss,final_accuracy";
    if (seeds)
        out += ",seeds_finished,sd_train_loss,sd_test_loss,sd_accuracy,min_train_loss,"
               "min_test_loss,min_accuracy,max_train_loss,max_test_loss,max_accuracy";
    out += '\n';

    // Points in order, runs of a point in order, seeds inside.
    std::vector<const SweepResult*> rows;
    for (const SweepResult& r : results)
        rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [](const SweepResult* a, const SweepResult* b) {
        return std::tie(a->point, a->run, a->seedIndex) < std::tie(b->point, b->run, b->seedIndex);
    });
    const auto lead = [&](const SweepResult& r) {
        std::string s;
        for (const std::string& v : r.values)
            s += text(v) + ',';
        if (plan.bitWidthForm())
            s += text(r.scheme) + ',' + (r.bits ? std::to_string(*r.bits) : std::string()) + ',';
        else
            s += text(r.runName) + ',';
        return s;
    };
    const std::string emptyStats = seeds ? std::string(10, ',') : std::string();
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t end = i;
        while (end < rows.size() && rows[end]->point == rows[i]->point
            && rows[end]->run == rows[i]->run)
            ++end;
        for (std::size_t k = i; k < end; ++k) {
            const SweepResult& r = *rows[k];
            out += lead(r);
            if (seeds)
                out += std::to_string(r.seed) + ',';
            out += r.status() + ',';
            if (r.summary)
                out += cell(r.trainLoss) + ',' + cell(r.testLoss) + ',' + cell(r.accuracy);
            else
                out += ",,";
            out += emptyStats + '\n';
        }
        if (seeds && static_cast<int>(end - i) == plan.seeds) {
            const SweepStats s = sweepStats(
                std::vector<const SweepResult*>(rows.begin() + static_cast<std::ptrdiff_t>(i),
                    rows.begin() + static_cast<std::ptrdiff_t>(end)));
            out += lead(*rows[i]) + "mean,";
            out += s.finished == s.seeds ? "finished," : s.finished > 0 ? "partial," : "none,";
            out += cell(s.trainLoss.mean) + ',' + cell(s.testLoss.mean) + ','
                + cell(s.accuracy.mean) + ',' + std::to_string(s.finished);
            for (const auto member :
                { &SweepStats::Spread::sd, &SweepStats::Spread::min, &SweepStats::Spread::max })
                for (const SweepStats::Spread* metric : { &s.trainLoss, &s.testLoss, &s.accuracy })
                    out += ',' + cell(metric->*member);
            out += '\n';
        }
        i = end;
    }
    return QByteArray::fromStdString(out);
}

QByteArray sweepCsv(const std::vector<SweepResult>& results)
{
    SweepPlan plan;
    plan.schemes = { "fixed" }; // the bit-width form's columns
    return sweepCsv(plan, results);
}

} // namespace bitlab::io
