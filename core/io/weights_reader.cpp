// Reading a weights file (weights_json.h): the structure, the shapes against the value
// counts, and the quant block checked against the scheme's registry entry.

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/shape_text.h"
#include "core/io/atomic_file.h"
#include "core/io/json_text.h"
#include "core/io/weights_json.h"
#include "core/quant/mx_block.h"
#include "core/quant/quantizer.h"

#include <QDir>
#include <algorithm>
#include <cmath>
#include <string>

namespace bitlab::io {

namespace {

const QString kFormat = QStringLiteral("bitlab.weights");

class WeightsReader {
public:
    explicit WeightsReader(QString file)
        : m_file(std::move(file))
    {
    }

    [[noreturn]] void fail(const QString& what) const
    {
        throw Error((m_file + QStringLiteral(": ") + what).toStdString());
    }

    void onlyKeys(const JsonNode& o, const QString& path, const QStringList& allowed) const
    {
        for (const auto& [key, value] : o.object)
            if (!allowed.contains(key))
                fail(QStringLiteral("unknown key %1%2 (allowed: %3)")
                         .arg(path.isEmpty() ? key : path + '.' + key, QString(),
                             allowed.join(", ")));
    }

    const JsonNode& member(const JsonNode& o, const QString& path, const QString& key,
        JsonNode::Type type, const char* typeText) const
    {
        const JsonNode* v = o.find(key);
        const QString where = path.isEmpty() ? key : path + '.' + key;
        if (!v)
            fail(QStringLiteral("%1 is missing (%2)").arg(where, QLatin1String(typeText)));
        if (v->type != type)
            fail(QStringLiteral("%1 must be %2, got %3")
                     .arg(where, QLatin1String(typeText), v->typeName()));
        return *v;
    }

    std::int64_t integer(
        const JsonNode& v, const QString& where, std::int64_t lo, std::int64_t hi) const
    {
        if (v.type != JsonNode::Type::Number || !v.isInteger || v.integer < lo || v.integer > hi)
            fail(QStringLiteral("%1 must be an integer in [%2, %3]").arg(where).arg(lo).arg(hi));
        return v.integer;
    }

    // The elements of an array as nodes (a packed array of numbers unpacked): for the short
    // arrays (shape, hidden, scale, zero_point).
    std::vector<JsonNode> elements(const JsonNode& a) const
    {
        if (a.numbers.empty())
            return a.array;
        std::vector<JsonNode> out;
        out.reserve(a.numbers.size());
        for (double x : a.numbers)
            out.push_back(numberNode(x));
        return out;
    }

    Matrix numbers(const JsonNode& a, const QString& where, const std::vector<Index>& shape) const
    {
        const Index n = shapeElements(shape);
        if (a.type != JsonNode::Type::Array)
            fail(QStringLiteral("%1 must be an array of numbers, got %2").arg(where, a.typeName()));
        const size_t count = a.numbers.empty() ? a.array.size() : a.numbers.size();
        if (static_cast<Index>(count) != n)
            fail(QStringLiteral("%1 has %2 numbers but the shape %3 needs %4")
                     .arg(where)
                     .arg(count)
                     .arg(QString::fromStdString(shapeText(shape)))
                     .arg(n));
        const Index rows = shape.size() == 2 ? shape[0] : 1;
        const Index cols = shape.size() == 2 ? shape[1] : shape[0];
        Matrix m(rows, cols);
        if (!a.numbers.empty()) {
            std::copy(a.numbers.begin(), a.numbers.end(), m.data());
            return m;
        }
        for (Index i = 0; i < n; ++i) {
            const JsonNode& e = a.array[static_cast<size_t>(i)];
            if (e.type != JsonNode::Type::Number)
                fail(QStringLiteral("%1.%2 must be a number, got %3")
                         .arg(where)
                         .arg(i)
                         .arg(e.typeName()));
            m.data()[i] = e.number;
        }
        return m;
    }

private:
    QString m_file;
};

ModelSpec readModelSpec(const WeightsReader& r, const JsonNode& o)
{
    r.onlyKeys(o, QStringLiteral("model"), { "kind", "hidden", "activation", "bias" });
    ModelSpec m;
    m.kind = r.member(o, QStringLiteral("model"), QStringLiteral("kind"), JsonNode::Type::String,
                  "a string")
                 .string.toStdString();
    if (const JsonNode* h = o.find(QStringLiteral("hidden"))) {
        if (h->type != JsonNode::Type::Array)
            r.fail(QStringLiteral("model.hidden must be an array of layer sizes"));
        const std::vector<JsonNode> sizes = r.elements(*h);
        for (size_t i = 0; i < sizes.size(); ++i)
            m.hidden.push_back(static_cast<int>(
                r.integer(sizes[i], QStringLiteral("model.hidden.%1").arg(i), 1, 1 << 20)));
    }
    if (const JsonNode* a = o.find(QStringLiteral("activation"))) {
        const auto act = a->type == JsonNode::Type::String
            ? activationFromString(a->string.toStdString())
            : std::nullopt;
        if (!act)
            r.fail(QStringLiteral("model.activation must be one of relu, tanh, sigmoid"));
        m.activation = *act;
    }
    if (const JsonNode* b = o.find(QStringLiteral("bias"))) {
        if (b->type != JsonNode::Type::Bool)
            r.fail(QStringLiteral("model.bias must be true or false"));
        m.bias = b->boolean;
    }
    return m;
}

// A number in a message: integers in full ("100000", not "1e+05").
QString numberText(double x)
{
    if (x == std::trunc(x) && std::fabs(x) < 1e15)
        return QString::number(static_cast<qint64>(x));
    return QString::fromStdString(formatDouble(x));
}

// The quant block (docs/formats.md): checked, not used (an init reads latent or values).
// scheme: a known scheme; bits: that scheme's range; scale: one per channel (1, or one per
// output row), each finite and > 0; zero_point: as many, integers in the code range (0
// except for affine); codes: one per element, integers in the code range of scheme and
// bits.
void readQuant(const WeightsReader& r, const JsonNode& quant, const QString& qpath,
    const std::vector<Index>& shape)
{
    if (quant.type != JsonNode::Type::Object)
        r.fail(QStringLiteral("%1 must be an object").arg(qpath));
    r.onlyKeys(quant, qpath,
        { "scheme", "bits", "format", "element", "scale", "zero_point", "codes", "block",
            "block_scale", "observer", "range_lo", "range_hi", "torch_float32", "learn" });
    if (const JsonNode* f = quant.find(QStringLiteral("torch_float32")))
        if (f->type != JsonNode::Type::Bool)
            r.fail(QStringLiteral("%1.torch_float32 must be true or false").arg(qpath));
    const QString scheme
        = r.member(quant, qpath, QStringLiteral("scheme"), JsonNode::Type::String, "a string")
              .string;
    const QuantizerInfo* info = findQuantizer(scheme.toStdString());
    if (!info) {
        QStringList names;
        for (const QuantizerInfo& q : quantizerRegistry())
            names << QString::fromStdString(q.name);
        r.fail(QStringLiteral("%1.scheme \"%2\" is not a scheme (the schemes are %3)")
                   .arg(qpath, scheme, names.join(QStringLiteral(", "))));
    }
    const auto bits = r.integer(
        r.member(quant, qpath, QStringLiteral("bits"), JsonNode::Type::Number, "an integer"),
        qpath + QStringLiteral(".bits"), info->hasBits ? info->minBits : 1,
        info->hasBits               ? info->maxBits
            : info->bitPatternCodes ? 32
                                    : 64);
    // The code range of the scheme at `bits` (its registry entry).
    const auto [lo, hi] = info->codeRangeFor(static_cast<int>(bits));
    if (info->bitPatternCodes) { // bit patterns of the format (docs/formats.md)
        if (info->usesFloatFormat)
            r.member(quant, qpath, QStringLiteral("format"), JsonNode::Type::String, "a string");
        if (info->usesMxElement)
            r.member(quant, qpath, QStringLiteral("element"), JsonNode::Type::String, "a string");
        if (info->usesBlock) {
            const JsonNode& blockNode = r.member(
                quant, qpath, QStringLiteral("block"), JsonNode::Type::Number, "an integer");
            const auto block
                = r.integer(blockNode, qpath + QStringLiteral(".block"), kMinBlock, kMaxBlock);
            const Index rows = shape.size() == 2 ? shape[0] : 1;
            const Index nb = blocksPerRow(shape.back(), block);
            const Matrix blockScale
                = r.numbers(r.member(quant, qpath, QStringLiteral("block_scale"),
                                JsonNode::Type::Array, "an array of numbers"),
                    qpath + QStringLiteral(".block_scale"), { rows, nb });
            for (Index i = 0; i < blockScale.size(); ++i) {
                const double s = blockScale.data()[i];
                if (!(std::isfinite(s) && s >= 0))
                    r.fail(QStringLiteral("%1.block_scale.%2 must be a finite number >= 0, got %3")
                               .arg(qpath)
                               .arg(i)
                               .arg(numberText(s)));
            }
        }
    }
    const QString range = QStringLiteral("[%1, %2]").arg(lo).arg(hi);
    const Index rows = shape[0];
    auto channelCount = [&](const char* key) {
        const JsonNode& a = r.member(quant, qpath, QString::fromLatin1(key), JsonNode::Type::Array,
            "an array of numbers, one per channel");
        const size_t n = a.numbers.empty() ? a.array.size() : a.numbers.size();
        if (n != 1 && static_cast<Index>(n) != rows)
            r.fail(QStringLiteral("%1.%2 has %3 numbers: one per channel is 1 (per tensor) or %4 "
                                  "(one per output row)")
                       .arg(qpath, QLatin1String(key))
                       .arg(n)
                       .arg(rows));
        return r.numbers(
            a, qpath + QLatin1Char('.') + QLatin1String(key), { static_cast<Index>(n) });
    };
    const Matrix scale = channelCount("scale");
    for (Index i = 0; i < scale.size(); ++i) {
        const double s = scale.data()[i];
        if (!(std::isfinite(s) && s > 0))
            r.fail(QStringLiteral("%1.scale.%2 must be a finite number > 0, got %3")
                       .arg(qpath)
                       .arg(i)
                       .arg(numberText(s)));
    }
    const Matrix zero = channelCount("zero_point");
    if (zero.size() != scale.size())
        r.fail(
            QStringLiteral("%1.zero_point has %2 numbers but scale has %3: one of each per channel")
                .arg(qpath)
                .arg(zero.size())
                .arg(scale.size()));
    const bool hasZeroPoint = info->hasZeroPoint;
    for (Index i = 0; i < zero.size(); ++i) {
        const double z = zero.data()[i];
        if (z != std::trunc(z) || (hasZeroPoint ? (z < lo || z > hi) : z != 0))
            r.fail(
                QStringLiteral("%1.zero_point.%2 must be %3, got %4")
                    .arg(qpath)
                    .arg(i)
                    .arg(hasZeroPoint ? QStringLiteral("an integer in %1").arg(range)
                                      : QStringLiteral("0 (only %1 has zero-points)")
                                            .arg(QString::fromStdString(joinNames(
                                                quantizerNamesWith(&QuantizerInfo::hasZeroPoint)))))
                    .arg(numberText(z)));
    }
    // The observer's range (scale-based schemes): one [range_lo, range_hi] per channel.
    if (const JsonNode* observer = quant.find(QStringLiteral("observer"))) {
        QStringList names;
        for (const std::string& n : observerNames())
            names << QString::fromStdString(n);
        if (observer->type != JsonNode::Type::String || !names.contains(observer->string))
            r.fail(QStringLiteral("%1.observer must be one of %2")
                       .arg(qpath, names.join(QStringLiteral(", "))));
    }
    // learn: "lsq" when scale is the step the optimizer learned (docs/formats.md).
    if (const JsonNode* learn = quant.find(QStringLiteral("learn"))) {
        if (learn->type != JsonNode::Type::String || learn->string != QLatin1String("lsq"))
            r.fail(QStringLiteral("%1.learn must be \"lsq\" (a learned step size) or absent")
                       .arg(qpath));
        if (!info->learnsStep)
            r.fail(QStringLiteral("%1.learn \"lsq\" applies only to scheme \"%2\"")
                       .arg(qpath,
                           QString::fromStdString(
                               joinNames(quantizerNamesWith(&QuantizerInfo::learnsStep)))));
    }
    if (quant.find(QStringLiteral("range_lo")) || quant.find(QStringLiteral("range_hi"))) {
        const Matrix rangeLo = channelCount("range_lo");
        const Matrix rangeHi = channelCount("range_hi");
        if (rangeLo.size() != scale.size() || rangeHi.size() != scale.size())
            r.fail(QStringLiteral("%1.range_lo and range_hi need one number per channel (%2)")
                       .arg(qpath)
                       .arg(scale.size()));
        for (Index i = 0; i < rangeLo.size(); ++i)
            if (!(rangeLo.data()[i] <= rangeHi.data()[i]))
                r.fail(QStringLiteral("%1.range_lo.%2 must be <= range_hi.%2, got %3 > %4")
                           .arg(qpath)
                           .arg(i)
                           .arg(numberText(rangeLo.data()[i]), numberText(rangeHi.data()[i])));
    }
    const Matrix codes = r.numbers(r.member(quant, qpath, QStringLiteral("codes"),
                                       JsonNode::Type::Array, "an array of integers"),
        qpath + QStringLiteral(".codes"), shape);
    for (Index i = 0; i < codes.size(); ++i) {
        const double c = codes.data()[i];
        if (c != std::trunc(c) || c < lo || c > hi)
            r.fail(QStringLiteral("%1.codes.%2 must be an integer in %3 (%4 at %5 bits), got %6")
                       .arg(qpath)
                       .arg(i)
                       .arg(range, scheme)
                       .arg(bits)
                       .arg(numberText(c)));
    }
}

} // namespace

WeightsFile parseWeights(const QByteArray& json, const QString& fileNameForMessages)
{
    const QString file
        = fileNameForMessages.isEmpty() ? QStringLiteral("weights") : fileNameForMessages;
    const WeightsReader r(file);
    if (json.size() > kMaxWeightsBytes)
        r.fail(QStringLiteral("the weights file is larger than the limit of %1 bytes")
                   .arg(kMaxWeightsBytes));
    const JsonNode root = parseJson(json, file, kMaxJsonDepth, kMaxWeightsValues, true);
    if (root.type != JsonNode::Type::Object)
        r.fail(QStringLiteral("a weights file must hold a JSON object {...}, not %1")
                   .arg(root.typeName()));
    const JsonNode* format = root.find(QStringLiteral("format"));
    if (!format || format->type != JsonNode::Type::String || format->string != kFormat) {
        if (format && format->string == QLatin1String("bitlab.experiment"))
            r.fail(QStringLiteral("this is an experiment file, not a weights file (format "
                                  "\"bitlab.weights\")"));
        r.fail(QStringLiteral("format must be \"%1\"; this is not a BitLab weights file")
                   .arg(kFormat));
    }
    const JsonNode* version = root.find(QStringLiteral("version"));
    if (!version)
        r.fail(QStringLiteral("version is missing: add \"version\": %1").arg(kWeightsVersion));
    if (version->type == JsonNode::Type::Number && version->isInteger
        && version->integer > kWeightsVersion)
        r.fail(QStringLiteral("version %1 is newer than this BitLab understands (it reads weights "
                              "files up to version %2); update BitLab")
                   .arg(version->integer)
                   .arg(kWeightsVersion));
    if (version->type != JsonNode::Type::Number || !version->isInteger
        || version->integer != kWeightsVersion)
        r.fail(QStringLiteral("version must be %1").arg(kWeightsVersion));
    r.onlyKeys(
        root, {}, { "format", "version", "run", "step", "note", "model", "tensors", "learned" });
    // learned: {"name": a step or clip > 0, ...}; init "file" starts the runs' learned
    // parameters of these names from them.
    std::vector<LearnedValue> learnedValues;
    if (const JsonNode* learned = root.find(QStringLiteral("learned"))) {
        if (learned->type != JsonNode::Type::Object)
            r.fail(QStringLiteral("learned must be an object {\"layers.0.weight.step\": 0.01, "
                                  "...}"));
        for (const auto& [key, value] : learned->object)
            if (value.type != JsonNode::Type::Number || !(value.number > 0)
                || !std::isfinite(value.number))
                r.fail(QStringLiteral("learned.%1 must be a number > 0 (a learned step size or "
                                      "clip), got %2")
                           .arg(key,
                               value.type == JsonNode::Type::Number ? numberText(value.number)
                                                                    : value.typeName()));
            else
                learnedValues.push_back({ key.toStdString(), value.number });
    }

    WeightsFile out;
    out.learned = std::move(learnedValues);
    if (root.find(QStringLiteral("run")))
        out.run
            = r.member(root, {}, QStringLiteral("run"), JsonNode::Type::String, "a string").string;
    if (root.find(QStringLiteral("note")))
        out.note
            = r.member(root, {}, QStringLiteral("note"), JsonNode::Type::String, "a string").string;
    if (const JsonNode* step = root.find(QStringLiteral("step")))
        r.integer(*step, QStringLiteral("step"), 0, std::numeric_limits<std::int64_t>::max());
    if (root.find(QStringLiteral("model")))
        out.model = readModelSpec(
            r, r.member(root, {}, QStringLiteral("model"), JsonNode::Type::Object, "an object"));
    const JsonNode& tensors = r.member(root, {}, QStringLiteral("tensors"), JsonNode::Type::Array,
        "an array of {\"name\", \"shape\", \"values\"}");
    if (tensors.array.empty())
        r.fail(QStringLiteral("tensors is empty: a weights file holds at least one tensor"));
    for (size_t i = 0; i < tensors.array.size(); ++i) {
        const QString path = QStringLiteral("tensors.%1").arg(i);
        const JsonNode& t = tensors.array[i];
        if (t.type != JsonNode::Type::Object)
            r.fail(
                QStringLiteral("%1 must be an object {\"name\", \"shape\", \"values\"}").arg(path));
        r.onlyKeys(t, path, { "name", "shape", "values", "latent", "quant" });
        NamedTensor tensor;
        const QString name
            = r.member(t, path, QStringLiteral("name"), JsonNode::Type::String, "a string").string;
        if (name.isEmpty())
            r.fail(QStringLiteral("%1.name must not be empty").arg(path));
        for (const auto& previous : out.tensors)
            if (previous.name == name.toStdString())
                r.fail(QStringLiteral("%1.name \"%2\" appears twice").arg(path, name));
        tensor.name = name.toStdString();
        const std::vector<JsonNode> shape = r.elements(r.member(t, path, QStringLiteral("shape"),
            JsonNode::Type::Array, "an array like [out, in] or [out]"));
        if (shape.empty() || shape.size() > 2)
            r.fail(QStringLiteral("%1.shape must have 1 or 2 dimensions, got %2")
                       .arg(path)
                       .arg(shape.size()));
        Index count = 1;
        for (size_t d = 0; d < shape.size(); ++d) {
            const auto size = r.integer(
                shape[d], QStringLiteral("%1.shape.%2").arg(path).arg(d), 1, kMaxModelParameters);
            tensor.shape.push_back(static_cast<Index>(size));
            count *= size;
            if (count > kMaxModelParameters)
                r.fail(
                    QStringLiteral("%1.shape has more than %2 elements, the most a model may have")
                        .arg(path)
                        .arg(kMaxModelParameters));
        }
        const JsonNode& values = r.member(
            t, path, QStringLiteral("values"), JsonNode::Type::Array, "an array of numbers");
        tensor.values = r.numbers(values, path + QStringLiteral(".values"), tensor.shape);
        NamedTensor plain = tensor;
        if (const JsonNode* latent = t.find(QStringLiteral("latent")))
            tensor.values = r.numbers(*latent, path + QStringLiteral(".latent"), tensor.shape);
        if (const JsonNode* quant = t.find(QStringLiteral("quant")))
            readQuant(r, *quant, path + QStringLiteral(".quant"), tensor.shape);
        out.tensors.push_back(std::move(tensor));
        out.values.push_back(std::move(plain));
    }
    return out;
}

WeightsFile readWeights(const QString& path)
{
    return parseWeights(readFileLimited(path, kMaxWeightsBytes, QStringLiteral("weights file")),
        QDir::toNativeSeparators(path));
}

void checkWeightsFit(const std::vector<NamedTensor>& tensors,
    const std::vector<TensorInfo>& modelTensors, const QString& fileNameForMessages)
{
    const std::string file = fileNameForMessages.isEmpty() ? std::string("weights")
                                                           : fileNameForMessages.toStdString();
    const std::string expected = joinNames(modelTensors,
        [](const TensorInfo& info) { return info.name + ' ' + shapeText(info.shape); });
    for (const auto& t : tensors) {
        const TensorInfo* match = nullptr;
        for (const auto& info : modelTensors)
            if (info.name == t.name)
                match = &info;
        if (!match)
            throw Error(file + ": tensor '" + t.name + "' " + shapeText(t.shape)
                + " is not a tensor of the model (the model has " + expected + ")");
        if (match->shape != t.shape)
            throw Error(file + ": tensor '" + t.name + "' has shape " + shapeText(t.shape)
                + " but the model's is " + shapeText(match->shape) + " (the model has " + expected
                + ")");
    }
    for (const auto& info : modelTensors) {
        bool found = false;
        for (const auto& t : tensors)
            found = found || t.name == info.name;
        if (!found)
            throw Error(file + ": the model's tensor '" + info.name + "' " + shapeText(info.shape)
                + " is missing from the file (the model has " + expected + ")");
    }
}

} // namespace bitlab::io
