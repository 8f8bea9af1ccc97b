#pragma once
// Shape and target checks shared by the losses (internal to core/loss). Each throws
// bitlab::Error with a sentence naming the loss, the row and what would be right, so a
// mismatched dataset never reaches the arithmetic.

#include "core/common/scalar.h"

namespace bitlab::detail {

// z and y have the same number of rows, and y has `targetCols` columns.
void checkRows(
    const char* loss, const ConstMatrixRef& z, const ConstMatrixRef& y, Index targetCols);
// The class index stored in y(row) for `classes` classes (0..classes-1).
Index classIndex(const char* loss, Scalar y, Index row, Index classes);

} // namespace bitlab::detail
