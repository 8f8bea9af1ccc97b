#pragma once
// joinNames: a list for a message, "a, b, c": the registry names an error offers, the
// columns a CSV has, the tensors a file should hold.

#include <functional>
#include <string>
#include <string_view>

namespace bitlab {

// `name(item)` of every item (a member pointer such as &LossInfo::name, or a function;
// the item itself by default), separated by `separator`.
template <typename Range, typename Name = std::identity>
std::string joinNames(const Range& items, Name name = {}, std::string_view separator = ", ")
{
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += separator;
        out += std::invoke(name, item);
    }
    return out;
}

} // namespace bitlab
