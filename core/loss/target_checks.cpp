#include "core/loss/target_checks.h"

#include "core/common/error.h"

#include <cmath>
#include <string>

namespace bitlab::detail {

void checkRows(const char* loss, const ConstMatrixRef& z, const ConstMatrixRef& y, Index targetCols)
{
    if (z.rows() != y.rows())
        throw Error(std::string("Loss ") + loss + ": " + std::to_string(z.rows())
            + " rows of logits but " + std::to_string(y.rows())
            + " rows of targets; they must match.");
    if (y.cols() != targetCols)
        throw Error(std::string("Loss ") + loss + ": targets have " + std::to_string(y.cols())
            + " columns; expected " + std::to_string(targetCols) + ".");
}

Index classIndex(const char* loss, Scalar y, Index row, Index classes)
{
    const Scalar r = std::nearbyint(y);
    if (!(r == y) || r < 0 || r >= static_cast<Scalar>(classes))
        throw Error(std::string("Loss ") + loss + ": target " + std::to_string(y) + " in row "
            + std::to_string(row) + " is not a class index in 0.." + std::to_string(classes - 1)
            + ".");
    return static_cast<Index>(r);
}

} // namespace bitlab::detail
