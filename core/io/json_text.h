#pragma once
// A strict JSON (RFC 8259) reader and a writer with shortest round-trip numbers, used by
// every BitLab file format instead of QJsonDocument because:
//  - numbers must round-trip bit for bit: QJsonDocument turns -0.0 into 0 and refuses
//    1e400 without saying why; this reader parses numbers with std::from_chars (locale-
//    proof, correctly rounded) and keeps -0.0, and the writer prints the shortest text
//    that reads back to the same double (std::to_chars);
//  - messages need line:column, and input needs limits (size, nesting depth) checked
//    before it can cost unbounded memory or stack.
// Duplicate keys in an object are kept in order; lookups and toQJson() take the LAST one
// ("last wins", as QJsonDocument does).
//
// Accepted input: UTF-8 with or without a BOM. Refused with a clear message: empty input,
// UTF-16/UTF-32 (by BOM or NUL bytes), invalid UTF-8, binary data, trailing garbage,
// nesting deeper than maxDepth, numbers outside the double range.

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bitlab::io {

inline constexpr int kMaxJsonDepth = 64;
inline constexpr qint64 kMaxJsonValues = 1'000'000;

struct JsonNode {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    double number = 0.0; // every number (integers too, rounded when beyond 2^53)
    bool isInteger = false; // written without '.', 'e' or a leading "-0" and fits int64
    std::int64_t integer = 0; // exact value when isInteger
    QString string;
    std::vector<JsonNode> array;
    // Only from parseJson(..., packNumbers = true): an array whose elements are all numbers
    // keeps them here, 8 bytes each, and `array` stays empty (weights files: millions of
    // numbers would cost about 100 bytes each as nodes).
    std::vector<double> numbers;
    std::vector<std::pair<QString, JsonNode>> object; // in file order, duplicates kept

    // Declared here, defined in json_text.cpp where JsonNode is complete: clang with
    // libstdc++'s C++20 iterator concepts rejects the implicit ones (recursive member type).
    JsonNode();
    JsonNode(const JsonNode&);
    JsonNode(JsonNode&&) noexcept;
    JsonNode& operator=(const JsonNode&);
    JsonNode& operator=(JsonNode&&) noexcept;
    ~JsonNode();

    // Last member named key, or nullptr.
    const JsonNode* find(const QString& key) const;
    QString typeName() const; // "a number", "a string", "an object", ...
};

// Parses text; throws Error("<fileName>:<line>:<column>: <what is wrong>"). At most
// maxValues values (every number, string, array, object...) are accepted, which bounds
// the memory a file can make the reader allocate (about 100 bytes per value).
// packNumbers: arrays of numbers only are stored in JsonNode::numbers (see there).
JsonNode parseJson(const QByteArray& text, const QString& fileName, int maxDepth = kMaxJsonDepth,
    qint64 maxValues = kMaxJsonValues, bool packNumbers = false);

// A number node for x (isInteger when x is integral, not -0.0, and fits int64): what a
// packed array's element would have been.
JsonNode numberNode(double x);

// Converts to Qt's JSON types (last duplicate wins; -0.0 becomes 0).
QJsonValue toQJson(const JsonNode& node);

// Shortest text that reads back to exactly x ("0.1", "1e-300", "5e-324", "-0.0", "3").
// Non-finite values are not JSON: callers must refuse them first (returns "null").
std::string formatDouble(double x);

// Pretty JSON text (4-space indent, arrays of scalars on one line), doubles via
// formatDouble, ending with a newline. Object keys listed in keyOrder come first, in that
// order; the others follow alphabetically (QJsonObject's order).
QByteArray writeJson(const QJsonValue& value, const QStringList& keyOrder = {});

// Escapes s as a JSON string literal, quotes included.
std::string jsonString(const QString& s);

} // namespace bitlab::io
