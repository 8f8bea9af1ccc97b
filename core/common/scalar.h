#pragma once
// The one numeric type of the engine, and the Eigen types built on it.
//
// Scalar is double everywhere: a teaching lab values exactness over speed, and every
// result can be cross-checked against float64 references to 1e-9.
// Matrices are row-major so that a sample (a row of X) and a weight row [out, in] are
// contiguous, and a tensor's row-major "values" in the weights JSON are its storage.

#include <Eigen/Core>
#include <cstdint>

namespace bitlab {

using Scalar = double;
using Index = Eigen::Index;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using RowVector = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
using MatrixRef = Eigen::Ref<Matrix>;
using ConstMatrixRef = Eigen::Ref<const Matrix>;

} // namespace bitlab
