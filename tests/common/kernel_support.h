#pragma once
// Helpers of the suites that hold the wider kernel sets to the portable code
// (tst_elementwise_kernels, tst_quantizer_kernels): the sets this CPU has, and bit-for-bit
// comparisons of doubles and matrices.

#include "core/common/scalar.h"
#include "core/kernels/kernels.h"

#include <QString>
#include <cstring>
#include <vector>

namespace bitlab::test {

// The tables of the wider sets (AVX2, AVX-512) this CPU supports; empty on an older one.
inline std::vector<const Kernels*> optimizedTables()
{
    std::vector<const Kernels*> tables;
    for (KernelSet s : { KernelSet::Avx2, KernelSet::Avx512 })
        if (kernelSetSupported(s) && kernelsFor(s))
            tables.push_back(kernelsFor(s));
    return tables;
}

inline bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

// Where two matrices first differ in their bits, or an empty string.
inline QString firstDifference(const Matrix& a, const Matrix& b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return QStringLiteral("shapes differ");
    for (Index i = 0; i < a.size(); ++i)
        if (!sameBits(a.data()[i], b.data()[i]))
            return QString("element %1: %2 vs %3")
                .arg(i)
                .arg(a.data()[i], 0, 'g', 17)
                .arg(b.data()[i], 0, 'g', 17);
    return {};
}

} // namespace bitlab::test
