#pragma once
// Field: one setting of a spec struct as the rest of the program needs to know it: its key
// in the experiment file, its type and range, its display name and help, and how to read
// and write it on the struct. Each registry keeps the table of its family's fields
// (optimizerFields(), quantizerFields(), ...); the JSON reader reads and range-checks the
// keys through it, the engine's checks (fieldProblems) test the same ranges, and the GUI
// builds its editors from it. A new setting is one entry in its family's table.

#include "core/common/text.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace bitlab {

// The values a field takes: unset (an optional field left to its automatic value), a
// flag, an integer or a real number.
using FieldValue = std::variant<std::monostate, bool, std::int64_t, double>;

enum class FieldType { Boolean, Integer, Number };

// [lo, hi] with either end open (lo < x, x < hi); an infinite end is no bound.
struct Range {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    bool loOpen = false;
    bool hiOpen = false;

    static Range atLeast(double lo) { return { lo, std::numeric_limits<double>::infinity() }; }
    static Range above(double lo) { return { lo, std::numeric_limits<double>::infinity(), true }; }
    static Range closed(double lo, double hi) { return { lo, hi }; }
    static Range halfOpen(double lo, double hi) { return { lo, hi, false, true }; }

    // True for a finite x inside the range.
    bool contains(double x) const;
    // "> 0", ">= 0", "in [0, 1)", "in [1, 16]", "<= 2".
    std::string text() const;
};

template <class Spec> struct Field {
    std::string key; // JSON key under the family's object: "lr", "betas.0", "bits"
    FieldType type = FieldType::Number;
    Range range; // Number and Integer
    bool optional = false; // may be unset (the engine fills it in: record_every)
    const char* label = ""; // display name (BITLAB_TR_NOOP; the UI translates it)
    const char* help = ""; // one sentence for the tooltip (likewise)
    std::function<FieldValue(const Spec&)> get;
    std::function<void(Spec&, const FieldValue&)> set;
    // Whether spec reads this field (an optimizer kind without momentum does not); unset:
    // always. Fields a spec does not read are neither checked nor shown.
    std::function<bool(const Spec&)> applies;
    // The range for spec when it depends on the spec (quantizer bits on the scheme); unset:
    // `range`.
    std::function<Range(const Spec&)> rangeFor;
    // Why `value` lies outside the range for spec, where the range alone does not say
    // (symmetric with narrow_range needs 2 bits); a message about the range ends with it in
    // parentheses. Unset or empty: nothing to add.
    std::function<std::string(const Spec&, double value)> rangeWhy;

    bool appliesTo(const Spec& spec) const { return !applies || applies(spec); }
    Range rangeOf(const Spec& spec) const { return rangeFor ? rangeFor(spec) : range; }
    std::string rangeWhyOf(const Spec& spec, double value) const
    {
        return rangeWhy ? rangeWhy(spec, value) : std::string();
    }
};

namespace field_detail {
template <class T> constexpr FieldType typeOf()
{
    if constexpr (std::is_same_v<T, bool>)
        return FieldType::Boolean;
    else if constexpr (std::is_integral_v<T>)
        return FieldType::Integer;
    else
        return FieldType::Number;
}
template <class T> FieldValue toValue(const T& v)
{
    if constexpr (std::is_same_v<T, bool>)
        return v;
    else if constexpr (std::is_integral_v<T>)
        return static_cast<std::int64_t>(v);
    else
        return static_cast<double>(v);
}
template <class T> FieldValue toValue(const std::optional<T>& v)
{
    return v ? toValue(*v) : FieldValue {};
}
template <class T> void fromValue(T& target, const FieldValue& v)
{
    if (const auto* b = std::get_if<bool>(&v))
        target = static_cast<T>(*b);
    else if (const auto* i = std::get_if<std::int64_t>(&v))
        target = static_cast<T>(*i);
    else if (const auto* d = std::get_if<double>(&v))
        target = static_cast<T>(*d);
}
template <class T> void fromValue(std::optional<T>& target, const FieldValue& v)
{
    if (std::holds_alternative<std::monostate>(v)) {
        target.reset();
        return;
    }
    T value {};
    fromValue(value, v);
    target = value;
}
template <class T> struct Plain {
    using type = T;
};
template <class T> struct Plain<std::optional<T>> {
    using type = T;
};
} // namespace field_detail

// A field on a member (spec.*m) or a member of a member (spec.*outer.*inner): type,
// optionality, get and set follow from the member's C++ type.
template <class Spec, class T>
Field<Spec> field(std::string key, T Spec::*m, Range range, const char* label, const char* help)
{
    Field<Spec> f;
    f.key = std::move(key);
    f.type = field_detail::typeOf<typename field_detail::Plain<T>::type>();
    f.optional = !std::is_same_v<T, typename field_detail::Plain<T>::type>;
    f.range = range;
    f.label = label;
    f.help = help;
    f.get = [m](const Spec& s) { return field_detail::toValue(s.*m); };
    f.set = [m](Spec& s, const FieldValue& v) { field_detail::fromValue(s.*m, v); };
    return f;
}

// The value as a double (0 for unset); integers beyond 2^53 round.
double fieldNumber(const FieldValue& v);
// "12", "0.001", "true", "auto" (unset): how a value appears in a message.
std::string fieldText(const FieldValue& v);
// "prefix.key", or "key" without a prefix.
inline std::string fieldKey(const std::string& prefix, const std::string& key)
{
    return prefix.empty() ? key : prefix + "." + key;
}

// "KEY must be RANGE, got VALUE" for a value of spec outside the field's range (NaN and
// infinities are outside every range); "" when it is inside, unset and optional, or the
// spec does not read the field. prefix: "optimizer" gives "optimizer.lr must be > 0, ...".
template <class Spec>
std::string fieldProblem(const Field<Spec>& f, const Spec& spec, const std::string& prefix)
{
    if (!f.appliesTo(spec) || f.type == FieldType::Boolean)
        return {};
    const FieldValue v = f.get(spec);
    if (std::holds_alternative<std::monostate>(v))
        return f.optional ? std::string() : fieldKey(prefix, f.key) + " is missing";
    const Range r = f.rangeOf(spec);
    if (r.contains(fieldNumber(v)))
        return {};
    const std::string why = f.rangeWhyOf(spec, fieldNumber(v));
    return fieldKey(prefix, f.key) + " must be " + r.text() + ", got " + fieldText(v)
        + (why.empty() ? std::string() : " (" + why + ")");
}

// Every fieldProblem of spec over a table, in table order.
template <class Spec>
std::vector<std::string> fieldProblems(
    const std::vector<Field<Spec>>& fields, const Spec& spec, const std::string& prefix)
{
    std::vector<std::string> out;
    for (const auto& f : fields)
        if (std::string p = fieldProblem(f, spec, prefix); !p.empty())
            out.push_back(std::move(p));
    return out;
}

// The field with `key` in a table, or nullptr.
template <class Spec>
const Field<Spec>* findField(const std::vector<Field<Spec>>& fields, const std::string& key)
{
    for (const auto& f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

} // namespace bitlab
