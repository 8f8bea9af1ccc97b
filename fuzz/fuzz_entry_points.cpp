#include "fuzz/fuzz_entry_points.h"

#include "core/common/error.h"
#include "core/data/csv_inspect.h"
#include "core/data/csv_reader.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"
#include "core/io/weights_json.h"

#include <QByteArray>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace bitlab::fuzz {

namespace {

// A reader broke its contract: say which, then abort so libFuzzer saves the input.
[[noreturn]] void contractBroken(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "fuzz: %s: %s\n", what, detail.c_str());
    std::abort();
}

// Every error message is one clear sentence, so it is never empty.
void checkMessage(const char* reader, const Error& e)
{
    if (std::string(e.what()).empty())
        contractBroken(reader, "threw a bitlab::Error with an empty message");
}

CsvOptions csvOptionsFrom(std::uint8_t selector)
{
    static constexpr char kDelimiters[] = { 0, ',', ';', '\t' };
    static constexpr const char* kTasks[] = { "auto", "regression", "binary", "multiclass" };
    CsvOptions o;
    o.delimiter = kDelimiters[selector & 3];
    o.header = static_cast<CsvHeader>((selector >> 2) % 3);
    o.task = kTasks[(selector >> 4) & 3];
    if (selector & 0x40)
        o.target.push_back('y');
    // Small limits so the fuzzer reaches the limit checks with small inputs.
    if (selector & 0x80) {
        o.limits.maxLineBytes = 64;
        o.limits.maxFieldBytes = 16;
        o.limits.maxColumns = 8;
        o.limits.maxCells = 64;
    }
    return o;
}

} // namespace

void fuzzCsv(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return;
    const CsvOptions options = csvOptionsFrom(data[0]);
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

    const CsvInspection inspection = inspectCsvText(text, "fuzz.csv", options);
    if (!inspection.ok() && inspection.error.empty())
        contractBroken("inspectCsvText", "not ok without an error message");

    try {
        const Dataset d = parseCsv(text, "fuzz.csv", options);
        (void)d;
    } catch (const Error& e) {
        checkMessage("parseCsv", e);
    }
}

void fuzzExperiment(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    try {
        const io::JsonNode node = io::parseJson(bytes, "fuzz.json");
        (void)io::toQJson(node);
    } catch (const Error& e) {
        checkMessage("parseJson", e);
    }

    try {
        const ExperimentSpec spec = io::parseExperiment(bytes, "/fuzz", {}, "fuzz.json");
        // What the lab saves it must be able to open again, unchanged.
        const QByteArray saved = io::experimentToBytes(spec, "/fuzz");
        ExperimentSpec again;
        try {
            again = io::parseExperiment(saved, "/fuzz", {}, "saved.json");
        } catch (const Error& e) {
            contractBroken("experiment round trip",
                std::string("the saved experiment does not open: ") + e.what() + "\n"
                    + saved.toStdString());
        }
        if (io::experimentToBytes(again, "/fuzz") != saved)
            contractBroken("experiment round trip", "saving twice gives different bytes");
    } catch (const Error& e) {
        checkMessage("parseExperiment", e);
    }
}

void fuzzWeights(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    try {
        const io::WeightsFile w = io::parseWeights(bytes, "fuzz.json");
        // A file that reads is consistent: one values array per tensor, each tensor's
        // matrix holding exactly the elements its shape names.
        if (w.values.size() != w.tensors.size())
            contractBroken("parseWeights", "values and tensors differ in number");
        for (const NamedTensor& t : w.tensors) {
            Index elements = 1;
            for (const Index d : t.shape)
                elements *= d;
            if (t.values.size() != elements)
                contractBroken("parseWeights", "tensor '" + t.name + "' does not match its shape");
        }
    } catch (const Error& e) {
        checkMessage("parseWeights", e);
    }
}

void fuzzJson(const std::uint8_t* data, std::size_t size)
{
    fuzzExperiment(data, size);
    fuzzWeights(data, size);
}

} // namespace bitlab::fuzz
