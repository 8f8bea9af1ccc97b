#pragma once
// Rng: the engine's only source of randomness; every random thing takes one explicitly.
//
// xoshiro256** (Blackman & Vigna, 2018) seeded through splitmix64. Unlike the standard
// library's distributions, every method here is fully specified, so the same seed gives
// the same numbers with every compiler and standard library.
// Streams: Rng(seed, stream) gives independent generators for one seed (the shuffle, the
// initial weights, each run's stochastic rounding), so adding a run never changes the
// numbers another run sees.

#include <cstdint>
#include <vector>

namespace bitlab {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0, std::uint64_t stream = 0);

    // next() and uniform() are inline: stochastic rounding draws one u per element, and on
    // W1's 1 x 1 tensors a call per draw cost more than the draw (tst_rng pins the sequence).
    // 64 uniformly random bits.
    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // U[0, 1) with 53 random bits: the top 53 bits of next() times 2^-53 (exact).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi); // U[lo, hi)
    double normal(); // N(0, 1), Box-Muller (both values used, cached)
    std::uint64_t below(std::uint64_t n); // uniform integer in [0, n), unbiased; n > 0
    // Fisher-Yates permutation of 0..n-1.
    std::vector<std::int64_t> permutation(std::int64_t n);

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4];
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

} // namespace bitlab
