#include "core/common/rng.h"

#include <cmath>
#include <numeric>

namespace bitlab {

namespace {
std::uint64_t splitmix64(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
} // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t stream)
{
    // Mix the stream into the seed so (seed, stream) pairs give unrelated states.
    std::uint64_t x = seed;
    std::uint64_t mixed = splitmix64(x) ^ (stream * 0xD1B54A32D192ED03ULL + 0x8CB92BA72F3D8DD7ULL);
    for (auto& s : m_s)
        s = splitmix64(mixed);
}

double Rng::uniform(double lo, double hi)
{
    return lo + (hi - lo) * uniform();
}

double Rng::normal()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    double u1 = uniform();
    while (u1 <= 0.0)
        u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * 3.14159265358979323846 * u2;
    m_spare = r * std::sin(theta);
    m_hasSpare = true;
    return r * std::cos(theta);
}

std::uint64_t Rng::below(std::uint64_t n)
{
    // Rejection on the top of the range keeps every value equally likely.
    const std::uint64_t limit = ~std::uint64_t { 0 } - (~std::uint64_t { 0 } % n);
    std::uint64_t x = next();
    while (x >= limit)
        x = next();
    return x % n;
}

std::vector<std::int64_t> Rng::permutation(std::int64_t n)
{
    std::vector<std::int64_t> p(static_cast<std::size_t>(n));
    std::iota(p.begin(), p.end(), std::int64_t { 0 });
    for (std::int64_t i = n - 1; i > 0; --i) {
        const auto j = static_cast<std::int64_t>(below(static_cast<std::uint64_t>(i + 1)));
        std::swap(p[static_cast<std::size_t>(i)], p[static_cast<std::size_t>(j)]);
    }
    return p;
}

} // namespace bitlab
