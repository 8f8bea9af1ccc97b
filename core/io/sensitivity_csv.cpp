#include "core/io/sensitivity_csv.h"

#include "core/io/json_text.h"

#include <cmath>

namespace bitlab::io {

namespace {
std::string number(Scalar x)
{
    return std::isfinite(x) ? formatDouble(x) : std::string();
}

// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}
} // namespace

QByteArray sensitivityCsv(const SensitivityTable& table)
{
    std::string out = "tensor,bits,scheme,train_loss,test_loss,loss_increase\n";
    for (const SensitivityRow& r : table.rows)
        out += field(r.tensor) + "," + std::to_string(r.bits) + "," + field(r.scheme) + ","
            + number(r.trainLoss) + "," + number(r.testLoss) + "," + number(r.lossIncrease) + "\n";
    return QByteArray::fromStdString(out);
}

} // namespace bitlab::io
