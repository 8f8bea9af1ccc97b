#pragma once
// EnumNames: a fixed table of (enum value, JSON name) pairs and the three lookups every
// enum of the experiment format needs (name of a value, value of a name, all names in
// table order). Each spec header keeps its own table next to its enum.

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bitlab {

template <class E, std::size_t N> struct EnumNames {
    std::array<std::pair<E, const char*>, N> table;

    const char* name(E e) const
    {
        for (const auto& [value, n] : table)
            if (value == e)
                return n;
        return "?";
    }
    std::optional<E> value(const std::string& s) const
    {
        for (const auto& [value, n] : table)
            if (s == n)
                return value;
        return std::nullopt;
    }
    std::vector<std::string> names() const
    {
        std::vector<std::string> out;
        for (const auto& entry : table)
            out.emplace_back(entry.second);
        return out;
    }
};

} // namespace bitlab
