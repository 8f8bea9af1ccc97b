#pragma once
// Marching squares: where a scalar field sampled on a grid crosses a level, as line
// segments. Used for the weight plane's loss contours and the Boundary view's
// p(class 1) = 0.5 line.
//
// The field is rows x cols samples, row-major. The result is in grid coordinates: x is the
// (fractional) column, y the (fractional) row, so sample (i, j) sits at (j, i); the caller
// maps them to its own plane. Along each cell edge the crossing is interpolated linearly.
// A sample counts as "above" when it is > level. A saddle cell (two opposite corners above)
// is resolved by the mean of its corners. Cells with a non-finite corner are skipped.

#include <QLineF>
#include <vector>

namespace bitlab::ui {

std::vector<QLineF> isoLines(const std::vector<double>& values, int rows, int cols, double level);

} // namespace bitlab::ui
