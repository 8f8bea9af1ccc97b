#pragma once
// OrderedAbsSum: the sum of |a_k - b_k| over a tensor's elements k = 0 .. n-1 (row-major
// order), always added in one fixed order. A record's quant_error (mean |w - Q(w)|) is
// such a sum; the quantizers that measure it inside their quantizing pass
// (Quantizer::quantizeTallied) and the training policies that measure it afterwards use
// this one order, so the two agree to the last bit.
//
// The order is that of Eigen's vectorised sum() with two-double packets (the baseline
// x86-64 build, where quant_error was (w - q).cwiseAbs().sum() until it moved into the
// quantizing pass, so no result changed): four running sums s_j of the elements with
// k = j mod 4 below 4 floor(n/4); then (s_0 + s_2) and (s_1 + s_3), each plus one more
// element when n mod 4 >= 2 (the elements 4 floor(n/4) and the next); those two added;
// then the last element when n is odd.
// Internal to core/quant and the training policies (core/engine/training_policy.cpp).

#include "core/common/scalar.h"

#include <cmath>

namespace bitlab::detail {

class OrderedAbsSum {
public:
    explicit OrderedAbsSum(Index n)
        : m_n(n)
        , m_end4(n - n % 4)
    {
    }

    // Adds |a[c] - b[c]| for the elements k + c, c = 0 .. count-1. Calls cover 0 .. n-1 in
    // increasing order, each starting where the last one ended.
    void add(Index k, const Scalar* a, const Scalar* b, Index count)
    {
        Index c = 0;
        // Up to the next multiple of 4 (a range that starts inside a group of four).
        for (; c < count && ((k + c) & 3) != 0 && k + c < m_end4; ++c)
            m_s[(k + c) & 3] += std::abs(a[c] - b[c]);
        // Whole groups of four below m_end4.
        const Index groupsEnd = (k + count < m_end4 ? k + count : m_end4) - k;
        Scalar s0 = m_s[0], s1 = m_s[1], s2 = m_s[2], s3 = m_s[3];
        for (; c + 4 <= groupsEnd; c += 4) {
            s0 += std::abs(a[c] - b[c]);
            s1 += std::abs(a[c + 1] - b[c + 1]);
            s2 += std::abs(a[c + 2] - b[c + 2]);
            s3 += std::abs(a[c + 3] - b[c + 3]);
        }
        m_s[0] = s0;
        m_s[1] = s1;
        m_s[2] = s2;
        m_s[3] = s3;
        // A range that ends inside a group of four, below m_end4.
        for (; c < groupsEnd; ++c)
            m_s[(k + c) & 3] += std::abs(a[c] - b[c]);
        // The last n mod 4 elements (at most 3).
        for (; c < count; ++c)
            m_tail[k + c - m_end4] = std::abs(a[c] - b[c]);
    }

    Scalar result() const
    {
        Scalar p0 = m_s[0] + m_s[2];
        Scalar p1 = m_s[1] + m_s[3];
        Index t = 0;
        if (m_n % 4 >= 2) {
            p0 += m_tail[0];
            p1 += m_tail[1];
            t = 2;
        }
        Scalar r = p0 + p1;
        if (m_n % 2 != 0)
            r += m_tail[t];
        return r;
    }

private:
    Index m_n;
    Index m_end4; // 4 floor(n / 4)
    Scalar m_s[4] = { 0, 0, 0, 0 };
    Scalar m_tail[3] = { 0, 0, 0 };
};

// The sum of |a - b| over two tensors of the same size, in OrderedAbsSum's order.
inline Scalar sumAbsDifference(const Scalar* a, const Scalar* b, Index n)
{
    if (n < 4) { // the same order without the running sums: (x0 + x1) + x2
        Scalar r = 0;
        for (Index k = 0; k < n; ++k)
            r += std::abs(a[k] - b[k]);
        return r;
    }
    OrderedAbsSum sum(n);
    sum.add(0, a, b, n);
    return sum.result();
}

} // namespace bitlab::detail
