#pragma once
// joinNames: a list for a message, "a, b, c": the registry names an error offers, the
// columns a CSV has, the tensors a file should hold, the problems of a spec ("; ").

#include <concepts>
#include <functional>
#include <ranges>
#include <string>
#include <string_view>

namespace bitlab {

// `name(item)` of every item (a member pointer such as &LossInfo::name, or a function;
// the item itself by default), separated by `separator`.
template <typename Range, typename Name = std::identity>
requires std::invocable < Name&, const std::ranges::range_value_t<Range>
& > std::string joinNames(const Range& items, Name name = {}, std::string_view separator = ", ")
{
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += separator;
        out += std::invoke(name, item);
    }
    return out;
}

// The items themselves with another separator: joinNames(problems, "; ").
template <typename Range> std::string joinNames(const Range& items, std::string_view separator)
{
    return joinNames(items, std::identity {}, separator);
}

} // namespace bitlab
