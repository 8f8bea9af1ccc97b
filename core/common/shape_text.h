#pragma once
// shapeText: a tensor's shape as messages and files write it, "[2, 3]" or "[4]";
// shapeElements: how many elements it holds.

#include "core/common/scalar.h"

#include <string>
#include <vector>

namespace bitlab {

std::string shapeText(const std::vector<Index>& shape);

inline Index shapeElements(const std::vector<Index>& shape)
{
    Index n = 1;
    for (Index d : shape)
        n *= d;
    return n;
}

} // namespace bitlab
