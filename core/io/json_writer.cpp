// The JSON writer of json_text.h: shortest round-trip numbers, escaped strings, and the
// pretty printer every BitLab file goes through.

#include "core/io/json_text.h"

#include <QJsonArray>
#include <QJsonObject>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace bitlab::io {

namespace {

void appendJson(std::string& out, const QJsonValue& v, const QStringList& keyOrder, int indent);

bool isScalar(const QJsonValue& v)
{
    return !v.isArray() && !v.isObject();
}

void appendScalar(std::string& out, const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::String:
        out += jsonString(v.toString());
        break;
    case QJsonValue::Double: {
        constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
        const qint64 i = v.toInteger(sentinel);
        if (i != sentinel && static_cast<double>(i) == v.toDouble())
            out += std::to_string(i);
        else
            out += formatDouble(v.toDouble());
        break;
    }
    default:
        break;
    }
}

void appendJson(std::string& out, const QJsonValue& v, const QStringList& keyOrder, int indent)
{
    const std::string pad(static_cast<size_t>(indent + 4), ' ');
    const std::string closePad(static_cast<size_t>(indent), ' ');
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        if (a.isEmpty()) {
            out += "[]";
            return;
        }
        bool scalars = true;
        for (const auto& e : a)
            scalars = scalars && isScalar(e);
        if (scalars) {
            out += '[';
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (i)
                    out += ", ";
                appendScalar(out, a.at(i));
            }
            out += ']';
            return;
        }
        out += "[\n";
        for (qsizetype i = 0; i < a.size(); ++i) {
            out += pad;
            appendJson(out, a.at(i), keyOrder, indent + 4);
            out += i + 1 < a.size() ? ",\n" : "\n";
        }
        out += closePad + ']';
        return;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.isEmpty()) {
            out += "{}";
            return;
        }
        QStringList keys;
        for (const auto& k : keyOrder)
            if (o.contains(k) && !keys.contains(k))
                keys << k;
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!keys.contains(it.key()))
                keys << it.key();
        out += "{\n";
        for (qsizetype i = 0; i < keys.size(); ++i) {
            out += pad + jsonString(keys[i]) + ": ";
            appendJson(out, o.value(keys[i]), keyOrder, indent + 4);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += closePad + '}';
        return;
    }
    appendScalar(out, v);
}

} // namespace

std::string formatDouble(double x)
{
    if (!std::isfinite(x))
        return "null";
    if (x == 0.0)
        return std::signbit(x) ? "-0.0" : "0";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

std::string jsonString(const QString& s)
{
    const QByteArray utf8 = s.toUtf8();
    std::string out;
    out.reserve(static_cast<size_t>(utf8.size()) + 2);
    out += '"';
    for (const char ch : utf8) {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
    return out;
}

QByteArray writeJson(const QJsonValue& value, const QStringList& keyOrder)
{
    std::string out;
    appendJson(out, value, keyOrder, 0);
    out += '\n';
    return QByteArray::fromStdString(out);
}

} // namespace bitlab::io
