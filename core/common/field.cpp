#include "core/common/field.h"

#include <charconv>
#include <cmath>

namespace bitlab {

namespace {
std::string number(double x)
{
    char buf[32];
    // Whole numbers in full (1000000000, not 1e+09), the rest in the shortest exact form.
    const bool whole = std::abs(x) < 1e16 && x == std::floor(x);
    const auto res = whole ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                           : std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, res.ptr);
}
} // namespace

bool Range::contains(double x) const
{
    if (!std::isfinite(x))
        return false;
    const bool aboveLo = loOpen ? x > lo : x >= lo;
    const bool belowHi = hiOpen ? x < hi : x <= hi;
    return aboveLo && belowHi;
}

std::string Range::text() const
{
    const bool hasLo = std::isfinite(lo);
    const bool hasHi = std::isfinite(hi);
    if (hasLo && hasHi)
        return std::string("in ") + (loOpen ? "(" : "[") + number(lo) + ", " + number(hi)
            + (hiOpen ? ")" : "]");
    if (hasLo)
        return (loOpen ? "> " : ">= ") + number(lo);
    if (hasHi)
        return (hiOpen ? "< " : "<= ") + number(hi);
    return "a finite number";
}

double fieldNumber(const FieldValue& v)
{
    if (const auto* b = std::get_if<bool>(&v))
        return *b ? 1.0 : 0.0;
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    return 0.0;
}

std::string fieldText(const FieldValue& v)
{
    if (const auto* b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v))
        return number(*d);
    return "auto";
}

} // namespace bitlab
