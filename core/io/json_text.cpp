#include "core/io/json_text.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace bitlab::io {

JsonNode::JsonNode() = default;
JsonNode::JsonNode(const JsonNode&) = default;
JsonNode::JsonNode(JsonNode&&) noexcept = default;
JsonNode& JsonNode::operator=(const JsonNode&) = default;
JsonNode& JsonNode::operator=(JsonNode&&) noexcept = default;
JsonNode::~JsonNode() = default;

const JsonNode* JsonNode::find(const QString& key) const
{
    for (auto it = object.rbegin(); it != object.rend(); ++it)
        if (it->first == key)
            return &it->second;
    return nullptr;
}

QString JsonNode::typeName() const
{
    switch (type) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return QStringLiteral("a boolean");
    case Type::Number:
        return QStringLiteral("a number");
    case Type::String:
        return QStringLiteral("a string");
    case Type::Array:
        return QStringLiteral("an array");
    case Type::Object:
        return QStringLiteral("an object");
    }
    return {};
}

JsonNode numberNode(double x)
{
    JsonNode n;
    n.type = JsonNode::Type::Number;
    n.number = x;
    if (x == std::trunc(x) && std::fabs(x) < 0x1p63 && !(x == 0 && std::signbit(x))) {
        n.isInteger = true;
        n.integer = static_cast<std::int64_t>(x);
    }
    return n;
}

QJsonValue toQJson(const JsonNode& node)
{
    switch (node.type) {
    case JsonNode::Type::Null:
        return QJsonValue(QJsonValue::Null);
    case JsonNode::Type::Bool:
        return QJsonValue(node.boolean);
    case JsonNode::Type::Number:
        return node.isInteger ? QJsonValue(static_cast<qint64>(node.integer))
                              : QJsonValue(node.number);
    case JsonNode::Type::String:
        return QJsonValue(node.string);
    case JsonNode::Type::Array: {
        QJsonArray a;
        for (double x : node.numbers)
            a.append(toQJson(numberNode(x)));
        for (const auto& e : node.array)
            a.append(toQJson(e));
        return a;
    }
    case JsonNode::Type::Object: {
        QJsonObject o;
        for (const auto& [key, value] : node.object)
            o.insert(key, toQJson(value)); // a later duplicate replaces the earlier one
        return o;
    }
    }
    return {};
}

} // namespace bitlab::io
