// Writing a weights file (weights_json.h); weights_reader.cpp reads it back.

#include "core/io/weights_json.h"

#include "core/common/error.h"
#include "core/common/shape_text.h"
#include "core/io/atomic_file.h"
#include "core/io/json_text.h"
#include "core/quant/quantizer.h"

#include <cmath>
#include <string>

namespace bitlab::io {

namespace {

void checkFinite(const Matrix& m, const TensorSnapshot& t, const RunSpec& run, const char* what)
{
    for (Index i = 0; i < m.size(); ++i) {
        const Scalar x = m.data()[i];
        if (!std::isfinite(x))
            throw Error("cannot export the weights of run '" + run.name + "': " + what
                + " of tensor '" + t.name + "' element " + std::to_string(i) + " is "
                + (std::isnan(x) ? "NaN" : "infinite")
                + " (the run diverged; lower optimizer.lr or export an earlier snapshot)");
    }
}

// Codes are integers: a code that rounded from a small negative value is -0.0 in a
// double, written 0.
void appendCodes(std::string& out, const Matrix& codes)
{
    out += '[';
    for (Index i = 0; i < codes.size(); ++i) {
        if (i)
            out += ", ";
        out += formatDouble(codes.data()[i] + 0.0);
    }
    out += ']';
}

void appendNumbers(std::string& out, const Scalar* data, Index n)
{
    out += '[';
    for (Index i = 0; i < n; ++i) {
        if (i)
            out += ", ";
        out += formatDouble(data[i]);
    }
    out += ']';
}

void appendNumbers(std::string& out, const std::vector<Scalar>& v)
{
    appendNumbers(out, v.data(), static_cast<Index>(v.size()));
}

std::string modelJson(const ModelSpec& m)
{
    std::string s = "{\"kind\": " + jsonString(QString::fromStdString(m.kind)) + ", \"hidden\": [";
    for (size_t i = 0; i < m.hidden.size(); ++i) {
        s += i ? ", " : "";
        s += std::to_string(m.hidden[i]);
    }
    s += "], \"activation\": ";
    s += jsonString(QString::fromLatin1(toString(m.activation)));
    s += ", \"bias\": ";
    s += m.bias ? "true" : "false";
    return s + "}";
}

} // namespace

QByteArray weightsToJson(
    const WeightSnapshot& snapshot, const RunSpec& run, const ModelSpec& model, const QString& note)
{
    std::string out;
    out += "{\n    \"format\": \"bitlab.weights\",\n    \"version\": "
        + std::to_string(kWeightsVersion);
    out += ",\n    \"run\": " + jsonString(QString::fromStdString(run.name));
    out += ",\n    \"step\": " + std::to_string(snapshot.step);
    if (!note.isEmpty())
        out += ",\n    \"note\": " + jsonString(note);
    out += ",\n    \"model\": " + modelJson(model);
    out += ",\n    \"tensors\": [";
    for (size_t t = 0; t < snapshot.tensors.size(); ++t) {
        const TensorSnapshot& tensor = snapshot.tensors[t];
        const Index n = shapeElements(tensor.shape);
        if (tensor.values.size() != n)
            throw Error("cannot export the weights of run '" + run.name + "': tensor '"
                + tensor.name + "' holds " + std::to_string(tensor.values.size())
                + " values but its shape " + shapeText(tensor.shape) + " needs "
                + std::to_string(n));
        checkFinite(tensor.values, tensor, run, "a value");
        out += t ? ",\n        {" : "\n        {";
        out += "\n            \"name\": " + jsonString(QString::fromStdString(tensor.name));
        out += ",\n            \"shape\": " + shapeText(tensor.shape);
        out += ",\n            \"values\": ";
        appendNumbers(out, tensor.values.data(), n);
        if (tensor.latent.size() > 0) {
            if (tensor.latent.size() != n)
                throw Error("cannot export the weights of run '" + run.name
                    + "': the latent "
                      "weights of tensor '"
                    + tensor.name + "' do not match its shape");
            checkFinite(tensor.latent, tensor, run, "a latent weight");
            out += ",\n            \"latent\": ";
            appendNumbers(out, tensor.latent.data(), n);
        }
        if (tensor.quantized && run.quantizer) {
            const QuantState& q = tensor.quant;
            for (Scalar s : q.scale)
                if (!std::isfinite(s))
                    throw Error("cannot export the weights of run '" + run.name
                        + "': a scale of "
                          "tensor '"
                        + tensor.name + "' is not finite");
            const QuantizerSpec& spec = specForTensor(*run.quantizer, run.perTensor, tensor.name);
            const QuantizerInfo* info = findQuantizer(spec.scheme);
            out += ",\n            \"quant\": {\"scheme\": "
                + jsonString(QString::fromStdString(spec.scheme))
                + ", \"bits\": " + std::to_string(info ? info->codeBitsFor(spec) : spec.bits);
            if (info && info->formatEntry) {
                const auto [key, name] = info->formatEntry(spec);
                out += ", \"" + key + "\": " + jsonString(QString::fromStdString(name));
            }
            if (spec.torchFloat32) // values are fl((code - zero_point) * scale), float32
                out += ", \"torch_float32\": true";
            out += ", \"scale\": ";
            appendNumbers(out, q.scale);
            out += ", \"zero_point\": ";
            appendNumbers(out, q.zeroPoint);
            if (!q.rangeLo.empty() && q.rangeLo.size() == q.scale.size()) {
                out += ", \"observer\": "
                    + jsonString(QString::fromLatin1(toString(spec.observer)));
                out += ", \"range_lo\": ";
                appendNumbers(out, q.rangeLo);
                out += ", \"range_hi\": ";
                appendNumbers(out, q.rangeHi);
            }
            if (tensor.learn != LearnMode::None)
                out += std::string(", \"learn\": \"") + toString(tensor.learn) + "\"";
            out += ", \"codes\": ";
            appendCodes(out, q.codes);
            if (q.block > 0) {
                out += ", \"block\": " + std::to_string(q.block) + ", \"block_scale\": ";
                appendNumbers(out, q.blockScale.data(), q.blockScale.size());
            }
            out += "}";
        }
        out += "\n        }";
    }
    out += snapshot.tensors.empty() ? "]" : "\n    ]";
    // The learned steps and clips by name (learn lsq / pact): the weight tensors' steps
    // repeat their quant.scale; the activations' exist only here.
    if (!snapshot.learned.empty()) {
        out += ",\n    \"learned\": {";
        for (std::size_t k = 0; k < snapshot.learned.size(); ++k) {
            if (!std::isfinite(snapshot.learned[k].value))
                throw Error("cannot export the weights of run '" + run.name + "': learned "
                    + snapshot.learned[k].name + " is not finite");
            out += (k ? ", " : "") + jsonString(QString::fromStdString(snapshot.learned[k].name))
                + ": " + formatDouble(snapshot.learned[k].value);
        }
        out += "}";
    }
    out += "\n}\n";
    return QByteArray::fromStdString(out);
}

void writeWeights(const QString& path, const WeightSnapshot& snapshot, const RunSpec& run,
    const ModelSpec& model, const QString& note)
{
    writeFileAtomically(path, weightsToJson(snapshot, run, model, note));
}

} // namespace bitlab::io
