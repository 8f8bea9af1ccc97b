#include "core/io/exports.h"

#include "core/common/error.h"
#include "core/common/shape_text.h"
#include "core/io/atomic_file.h"
#include "core/io/json_text.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace bitlab::io {

namespace {

// A number cell: shortest round-trip text, empty for NaN (not computed at this record).
std::string numberCell(Scalar x)
{
    if (std::isnan(x))
        return {};
    if (std::isinf(x))
        return x > 0 ? "inf" : "-inf";
    return formatDouble(x);
}

void appendInteger(std::string& out, std::int64_t n)
{
    char text[24];
    const auto end = std::to_chars(text, text + sizeof text, n).ptr;
    out.append(text, end);
}

constexpr std::string_view kMetricsHeader = "run,step,epoch,batch_loss,train_loss,test_loss,"
                                            "train_accuracy,test_accuracy,grad_norm,quant_error,"
                                            "flips,lr";

// The learned steps' and clips' columns after lr: one per name, in the order names first
// appear over the runs (experiment order, each run's learnedNames() order); per run, the
// column of each of its values.
struct LearnedColumns {
    std::vector<std::string> names;
    std::vector<std::vector<std::size_t>> ofRun; // per run, per value: its column

    explicit LearnedColumns(const std::vector<std::vector<std::string>>& learnedNames)
    {
        for (const auto& run : learnedNames) {
            std::vector<std::size_t> columns;
            for (const std::string& name : run) {
                auto it = std::find(names.begin(), names.end(), name);
                if (it == names.end())
                    it = names.insert(names.end(), name);
                columns.push_back(static_cast<std::size_t>(it - names.begin()));
            }
            ofRun.push_back(std::move(columns));
        }
    }
    std::string header() const
    {
        std::string out(kMetricsHeader);
        for (const std::string& n : names)
            out += ',' + csvTextCell(QString::fromStdString(n)).toStdString();
        return out + '\n';
    }
    // The columns of run's values, or nullptr when the run has no names or `count` is not
    // their number (its learned parameters changed since: the cells stay empty).
    const std::vector<std::size_t>* columnsOf(int run, std::size_t count) const
    {
        if (run < 0 || static_cast<std::size_t>(run) >= ofRun.size())
            return nullptr;
        const auto& c = ofRun[static_cast<std::size_t>(run)];
        return !c.empty() && c.size() == count ? &c : nullptr;
    }
};

// The run column's cell of every named run (neutralised and quoted once, not per row).
std::vector<std::string> runCells(const std::vector<QString>& runNames)
{
    std::vector<std::string> cells;
    cells.reserve(runNames.size());
    for (const auto& n : runNames)
        cells.push_back(csvTextCell(n).toStdString());
    return cells;
}

// A run without a name (index outside runNames) shows its index.
std::string runCell(int run, const std::vector<std::string>& cells)
{
    return run >= 0 && static_cast<size_t>(run) < cells.size() ? cells[static_cast<size_t>(run)]
                                                               : std::to_string(run);
}

// One metrics.csv row: the only place its format is written down (metricsCsv and the
// spool's streaming writer both come here).
void appendMetricsRow(std::string& out, const std::string& runCell, const MetricsRow& r,
    const Scalar* learned, const LearnedColumns& columns, int run)
{
    out += runCell;
    for (const std::int64_t n : { r.step, r.epoch }) {
        out += ',';
        appendInteger(out, n);
    }
    for (const Scalar x : { r.batchLoss, r.trainLoss, r.testLoss, r.trainAccuracy, r.testAccuracy,
             r.gradNorm, r.quantError }) {
        out += ',';
        out += numberCell(x);
    }
    out += ',';
    appendInteger(out, r.flips);
    out += ',';
    out += numberCell(r.lr);
    if (!columns.names.empty()) {
        std::vector<const Scalar*> cells(columns.names.size(), nullptr);
        if (const auto* c = columns.columnsOf(run, r.learned))
            for (std::size_t k = 0; k < c->size(); ++k)
                cells[(*c)[k]] = learned + k;
        for (const Scalar* x : cells) {
            out += ',';
            if (x)
                out += numberCell(*x);
        }
    }
    out += '\n';
}

std::string textCell(const std::string& s)
{
    return csvTextCell(QString::fromStdString(s)).toStdString();
}

QJsonValue jsonNumber(Scalar x)
{
    return std::isfinite(x) ? QJsonValue(x) : QJsonValue(QJsonValue::Null);
}

Index channelOf(const QuantState& q, Index row)
{
    return q.channels() <= 1 ? 0 : row;
}

} // namespace

QString csvTextCell(const QString& text)
{
    QString cell = text;
    if (!cell.isEmpty()) {
        const QChar c = cell.front();
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r')
            cell.prepend(QLatin1Char('\''));
    }
    if (cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"'))
        || cell.contains(QLatin1Char('\n')) || cell.contains(QLatin1Char('\r'))) {
        cell.replace(QLatin1String("\""), QLatin1String("\"\""));
        cell = QLatin1Char('"') + cell + QLatin1Char('"');
    }
    return cell;
}

QString cIdentifier(const QString& text)
{
    QString id;
    for (const QChar c : text) {
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
        id += ok ? c : QLatin1Char('_');
    }
    if (id.isEmpty() || id.front().isDigit())
        id.prepend(QLatin1Char('_'));
    return id;
}

QByteArray metricsCsv(const std::vector<Record>& records, const std::vector<QString>& runNames,
    const std::vector<std::vector<std::string>>& learnedNames)
{
    std::vector<const Record*> sorted;
    sorted.reserve(records.size());
    for (const auto& r : records)
        sorted.push_back(&r);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Record* a, const Record* b) {
        return a->run != b->run ? a->run < b->run : a->step < b->step;
    });
    const std::vector<std::string> names = runCells(runNames);
    const LearnedColumns columns(learnedNames);
    std::string out = columns.header();
    for (const Record* r : sorted)
        appendMetricsRow(
            out, runCell(r->run, names), MetricsRow::of(*r), r->learned.data(), columns, r->run);
    return QByteArray::fromStdString(out);
}

void writeMetricsCsv(QIODevice& device, const MetricsSpool& spool,
    const std::vector<QString>& runNames, const std::vector<std::vector<std::string>>& learnedNames)
{
    constexpr std::size_t kPieceBytes = 1 << 20;
    const std::vector<std::string> names = runCells(runNames);
    const LearnedColumns columns(learnedNames);
    std::string out = columns.header();
    out.reserve(kPieceBytes + 1024);
    spool.forEachChunk(
        [&](int run, const MetricsRow* rows, std::size_t count, const Scalar* learned) {
            const std::string cell = runCell(run, names);
            for (std::size_t i = 0; i < count; ++i) {
                appendMetricsRow(out, cell, rows[i], learned, columns, run);
                learned += rows[i].learned;
                if (out.size() >= kPieceBytes) {
                    writeAll(device, out.data(), static_cast<qint64>(out.size()));
                    out.clear();
                }
            }
        });
    writeAll(device, out.data(), static_cast<qint64>(out.size()));
}

std::vector<std::vector<std::string>> learnedNamesOf(const Experiment& experiment)
{
    std::vector<std::vector<std::string>> out;
    for (int i = 0; i < experiment.runCount(); ++i)
        out.push_back(experiment.learnedNames(i));
    return out;
}

void saveMetricsCsv(const QString& path, const MetricsSpool& spool,
    const std::vector<QString>& runNames, const std::vector<std::vector<std::string>>& learnedNames)
{
    writeFileAtomically(
        path, [&](QIODevice& device) { writeMetricsCsv(device, spool, runNames, learnedNames); });
}

ClassResults classResults(const Experiment& experiment)
{
    ClassResults r;
    const Dataset& data = experiment.dataset();
    if (data.task == Task::Regression)
        return r;
    r.labels = data.classLabels;
    r.train = confusionMatrices(experiment, Split::Train);
    r.test = confusionMatrices(experiment, Split::Test);
    return r;
}

namespace {

QJsonValue confusionJson(const std::vector<ConfusionMatrix>& ms, std::size_t run)
{
    if (run >= ms.size())
        return QJsonValue::Null;
    const ConfusionMatrix& m = ms[run];
    QJsonArray rows;
    for (int t = 0; t < m.classes; ++t) {
        QJsonArray row;
        for (int p = 0; p < m.classes; ++p)
            row.append(static_cast<qint64>(m.at(t, p)));
        rows.append(row);
    }
    return rows;
}

QJsonValue classAccuracyJson(const std::vector<ConfusionMatrix>& ms, std::size_t run)
{
    if (run >= ms.size())
        return QJsonValue::Null;
    QJsonArray values;
    for (int t = 0; t < ms[run].classes; ++t)
        values.append(jsonNumber(ms[run].classAccuracy(t)));
    return values;
}

} // namespace

QByteArray summaryJson(const std::vector<RunSummary>& summaries, const ClassResults& classes)
{
    QJsonArray runs;
    for (std::size_t i = 0; i < summaries.size(); ++i) {
        const RunSummary& s = summaries[i];
        const Record& f = s.last;
        const QJsonObject final { { "step", static_cast<qint64>(f.step) },
            { "epoch", static_cast<qint64>(f.epoch) }, { "train_loss", jsonNumber(f.trainLoss) },
            { "test_loss", jsonNumber(f.testLoss) },
            { "train_accuracy", jsonNumber(f.trainAccuracy) },
            { "test_accuracy", jsonNumber(f.testAccuracy) },
            { "grad_norm", jsonNumber(f.gradNorm) }, { "quant_error", jsonNumber(f.quantError) },
            { "lr", jsonNumber(f.lr) } };
        QJsonObject run { { "name", QString::fromStdString(s.name) },
            { "status", QString::fromLatin1(toString(s.status)) },
            { "steps", static_cast<qint64>(s.steps) },
            { "total_steps", static_cast<qint64>(s.totalSteps) },
            { "message", QString::fromStdString(s.message) },
            { "failed_step",
                s.failedStep >= 0 ? QJsonValue(static_cast<qint64>(s.failedStep))
                                  : QJsonValue(QJsonValue::Null) },
            { "last_finite_loss", jsonNumber(s.lastFiniteLoss) },
            { "train_seconds", s.trainSeconds }, { "final", final } };
        if (!s.learned.empty()) { // learn lsq / pact: the learned steps and clips by name
            QJsonObject learned;
            for (const LearnedValue& v : s.learned)
                learned.insert(QString::fromStdString(v.name), jsonNumber(v.value));
            run.insert("learned", learned);
        }
        if (!classes.empty()) {
            run.insert("class_accuracy",
                QJsonObject { { "train", classAccuracyJson(classes.train, i) },
                    { "test", classAccuracyJson(classes.test, i) } });
            run.insert("confusion",
                QJsonObject { { "train", confusionJson(classes.train, i) },
                    { "test", confusionJson(classes.test, i) } });
        }
        runs.append(run);
    }
    QJsonObject root { { "format", "bitlab.summary" }, { "version", 1 }, { "runs", runs } };
    if (!summaries.empty())
        root.insert("kernels", QString::fromStdString(summaries.front().kernels));
    if (!classes.empty()) {
        QJsonArray labels;
        for (const std::string& l : classes.labels)
            labels.append(QString::fromStdString(l));
        root.insert("class_labels", labels);
    }
    return writeJson(root,
        { "format", "version", "kernels", "class_labels", "runs", "name", "status", "steps",
            "total_steps", "message", "failed_step", "last_finite_loss", "train_seconds", "final",
            "step", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
            "grad_norm", "quant_error", "lr", "learned", "class_accuracy", "confusion", "train",
            "test" });
}

QByteArray confusionCsv(const ClassResults& classes, const std::vector<QString>& runNames)
{
    std::string out = "run,split,true_class,predicted_class,count\n";
    const auto add = [&](const std::vector<ConfusionMatrix>& ms, const char* split) {
        for (std::size_t run = 0; run < ms.size() && run < runNames.size(); ++run) {
            const std::string name = csvTextCell(runNames[run]).toStdString();
            for (int t = 0; t < ms[run].classes; ++t)
                for (int p = 0; p < ms[run].classes; ++p)
                    out += name + ',' + split + ',' + textCell(classes.labels[std::size_t(t)]) + ','
                        + textCell(classes.labels[std::size_t(p)]) + ','
                        + std::to_string(ms[run].at(t, p)) + '\n';
        }
    };
    add(classes.train, "train");
    add(classes.test, "test");
    return QByteArray::fromStdString(out);
}

QByteArray weightsCsv(const WeightSnapshot& snapshot)
{
    std::string out = "tensor,index,row,col,value,latent,code,scale,zero_point,block_scale\n";
    for (const auto& t : snapshot.tensors) {
        const std::string name = textCell(t.name);
        const bool twoD = t.shape.size() == 2;
        const Index cols = t.values.cols();
        for (Index i = 0; i < t.values.size(); ++i) {
            const Scalar v = t.values.data()[i];
            if (!std::isfinite(v))
                throw Error("cannot export the weights: tensor '" + t.name + "' element "
                    + std::to_string(i) + " is not finite");
            const Index row = twoD ? i / cols : i;
            out += name + ',' + std::to_string(i) + ',' + std::to_string(row) + ',';
            if (twoD)
                out += std::to_string(i % cols);
            out += ',' + formatDouble(v) + ',';
            if (t.latent.size() == t.values.size())
                out += numberCell(t.latent.data()[i]);
            out += ',';
            if (t.quantized && t.quant.codes.size() == t.values.size() && t.quant.channels() > 0) {
                const Index c = channelOf(t.quant, twoD ? row : 0);
                // + 0.0: a code is an integer, never -0.
                out += formatDouble(t.quant.codes.data()[i] + 0.0) + ','
                    + numberCell(t.quant.scale[size_t(c)]) + ',';
                if (size_t(c) < t.quant.zeroPoint.size())
                    out += formatDouble(t.quant.zeroPoint[size_t(c)]);
                out += ',';
                if (t.quant.block > 0) // mx, nvfp4: the scale of the element's block
                    out += numberCell(
                        t.quant.blockScale(twoD ? row : 0, (twoD ? i % cols : i) / t.quant.block));
            } else {
                out += ",,,";
            }
            out += '\n';
        }
    }
    return QByteArray::fromStdString(out);
}

QByteArray cHeader(const WeightSnapshot& snapshot, const RunSpec& run, const ModelSpec& model)
{
    if (!run.quantizer)
        throw Error("run '" + run.name
            + "' is full precision: a C header with integer codes is "
              "written only for quantized runs");
    const QuantizerSpec& q = *run.quantizer;
    const std::string prefix
        = "bitlab_" + cIdentifier(QString::fromStdString(run.name)).toLower().toStdString();
    const std::string guard = QString::fromStdString(prefix).toUpper().toStdString() + "_H";

    const QuantizerInfo* info = findQuantizer(q.scheme);
    const std::string formula = info ? info->cDecode(q) : std::string("w = code * scale[c]");

    std::string out;
    out += "/* BitLab quantized weights (generated; do not edit).\n";
    out += " * run: " + run.name + ", step " + std::to_string(snapshot.step) + "\n";
    out += " * model: " + model.kind;
    if (!model.hidden.empty()) {
        out += ", hidden";
        for (int h : model.hidden) {
            out += ' ';
            out += std::to_string(h);
        }
        out += std::string(", activation ") + toString(model.activation);
    }
    out += "\n * quantizer: " + q.scheme + ", "
        + std::to_string(info ? info->codeBitsFor(q) : q.bits) + " bits, " + toString(q.granularity)
        + ", " + toString(q.mode) + "\n";
    out += " * dequantization: " + formula + ",\n";
    out += " *   where c is the output row (per_channel) or 0 (per_tensor; biases always 0).\n";
    out += " * Weights are [out][in], row-major: element (o, i) is codes[o * IN + i].\n";
    out += " * Tensors that were not quantized are given as plain double values.\n */\n";
    out += "#ifndef " + guard + "\n#define " + guard + "\n\n#include <stdint.h>\n";
    // The formula above as code, so that nobody has to transcribe it.
    const std::string body = info && info->cDequantizeFor ? info->cDequantizeFor(q)
        : info && !info->cDequantize.empty()
        ? info->cDequantize
        : std::string("    (void)zero_point;\n    return (double)code * scale;\n");
    if (info && info->cNeedsMath)
        out += "#include <math.h>\n";
    if (info && info->usesBlock)
        out += "\n/* The weight of one code: w = " + prefix
            + "_dequantize(codes[i], block_scale[b], 0) * scale[0], b = row * BLOCKS + col / "
              "BLOCK. */\n";
    else
        out += "\n/* The weight of one code: w = " + prefix
            + "_dequantize(codes[i], scale[c], zero_point[c]). */\n";
    out += "static inline double " + prefix
        + "_dequantize(int32_t code, double scale, int32_t zero_point)\n{\n" + body + "}\n";

    for (const auto& t : snapshot.tensors) {
        const std::string id
            = prefix + "_" + cIdentifier(QString::fromStdString(t.name)).toLower().toStdString();
        const std::string idMacro = QString::fromStdString(id).toUpper().toStdString();
        const Index n = t.values.size();
        const Index rows = t.shape.size() == 2 ? t.shape[0] : 1;
        const Index cols = t.shape.empty() ? 1 : t.shape.back();
        out += "\n/* " + t.name + ": shape " + shapeText(t.shape);
        out += t.quantized ? ", " + std::to_string(t.quant.channels()) + " scale(s) */\n"
                           : ", not quantized */\n";
        if (t.shape.size() == 2)
            out += "#define " + idMacro + "_ROWS " + std::to_string(rows) + "\n";
        out += "#define " + idMacro + "_COLS " + std::to_string(cols) + "\n";
        out += "#define " + idMacro + "_SIZE " + std::to_string(n) + "\n";
        if (!t.quantized || t.quant.codes.size() != n) {
            for (Index i = 0; i < n; ++i)
                if (!std::isfinite(t.values.data()[i]))
                    throw Error("cannot export run '" + run.name + "': tensor '" + t.name
                        + "' has a non-finite value");
            out += "static const double " + id + "_values[" + std::to_string(n) + "] = {";
            for (Index i = 0; i < n; ++i) {
                out += i ? ", " : "";
                out += formatDouble(t.values.data()[i]);
            }
            out += "};\n";
            continue;
        }
        double lo = 0, hi = 0;
        for (Index i = 0; i < n; ++i) {
            lo = std::min(lo, t.quant.codes.data()[i]);
            hi = std::max(hi, t.quant.codes.data()[i]);
        }
        const char* type = lo >= -128 && hi <= 127 ? "int8_t"
            : lo >= 0 && hi <= 255                 ? "uint8_t"
            : lo >= -32768 && hi <= 32767          ? "int16_t"
            : lo >= 0 && hi <= 65535               ? "uint16_t"
                                                   : "int32_t";
        out += "static const " + std::string(type) + " " + id + "_codes[" + std::to_string(n)
            + "] = {";
        for (Index i = 0; i < n; ++i) {
            if (i)
                out += i % 16 == 0 ? ",\n    " : ", ";
            out += std::to_string(static_cast<long long>(t.quant.codes.data()[i]));
        }
        out += "};\n";
        const size_t channels = t.quant.scale.size();
        out += "#define " + idMacro + "_CHANNELS " + std::to_string(channels) + "\n";
        out += "static const double " + id + "_scale[" + std::to_string(channels) + "] = {";
        for (size_t c = 0; c < channels; ++c) {
            if (!std::isfinite(t.quant.scale[c]))
                throw Error("cannot export run '" + run.name + "': a scale of tensor '" + t.name
                    + "' is not finite");
            out += c ? ", " : "";
            out += formatDouble(t.quant.scale[c]);
        }
        out += "};\n";
        out += "static const int32_t " + id + "_zero_point[" + std::to_string(channels) + "] = {";
        for (size_t c = 0; c < channels; ++c) {
            out += c ? ", " : "";
            const double zeroPoint = c < t.quant.zeroPoint.size() ? t.quant.zeroPoint[c] : 0.0;
            out += std::to_string(static_cast<long long>(zeroPoint));
        }
        out += "};\n";
        if (t.quant.block > 0) { // mx, nvfp4: one scale per block of a row
            const Index blocks = t.quant.blockScale.size();
            out += "#define " + idMacro + "_BLOCK " + std::to_string(t.quant.block) + "\n";
            out += "#define " + idMacro + "_BLOCKS " + std::to_string(t.quant.blockScale.cols())
                + "\n";
            out += "static const double " + id + "_block_scale[" + std::to_string(blocks) + "] = {";
            for (Index b = 0; b < blocks; ++b) {
                out += b ? (b % 8 == 0 ? ",\n    " : ", ") : "";
                out += formatDouble(t.quant.blockScale.data()[b]);
            }
            out += "};\n";
        }
    }
    out += "\n#endif /* " + guard + " */\n";
    return QByteArray::fromStdString(out);
}

} // namespace bitlab::io
