#include "core/common/shape_text.h"

#include "core/common/join_names.h"

namespace bitlab {

std::string shapeText(const std::vector<Index>& shape)
{
    // Appended, not "[" + ... + "]": GCC 12's -Wrestrict misreads that concatenation.
    std::string out = "[";
    out += joinNames(shape, [](Index d) { return std::to_string(d); });
    out += ']';
    return out;
}

} // namespace bitlab
