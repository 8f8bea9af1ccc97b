#include "core/io/sweep_csv.h"

#include "core/io/exports.h"
#include "core/io/json_text.h"

#include <cmath>
#include <string>

namespace bitlab::io {

namespace {
std::string cell(double value)
{
    return std::isfinite(value) ? formatDouble(value) : std::string();
}
} // namespace

QByteArray sweepCsv(const std::vector<SweepResult>& results)
{
    std::string text = "scheme,bits,status,final_train_loss,final_test_loss,final_accuracy\n";
    for (const SweepResult& r : results) {
        text += csvTextCell(QString::fromStdString(r.scheme)).toStdString() + ',';
        text += (r.bits ? std::to_string(*r.bits) : std::string()) + ',';
        text += r.status() + ',';
        if (r.summary)
            text += cell(r.trainLoss) + ',' + cell(r.testLoss) + ',' + cell(r.accuracy);
        else
            text += ",,";
        text += '\n';
    }
    return QByteArray::fromStdString(text);
}

} // namespace bitlab::io
