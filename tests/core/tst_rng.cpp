// Rng: its sequence is part of every result (shuffles, initial weights, stochastic
// rounding), so it is pinned here. The expected values come from an independent
// transcription of the published algorithms (splitmix64 seeding, xoshiro256**, Blackman
// and Vigna 2018) in Python, and equal what rng.cpp gave before next() and uniform() moved
// inline into rng.h: a change of either fails here before it changes a run.

#include "core/common/rng.h"

#include <QtTest>
#include <cstdint>

using namespace bitlab;

class TestRng : public QObject {
    Q_OBJECT
private slots:
    void nextIsPinned();
    void uniformIsPinned();
    void otherDrawsArePinned();
    void copiesContinueTheSameStream();
};

void TestRng::nextIsPinned()
{
    Rng rng(42, 100); // run 0's rounding stream for seed 42
    QCOMPARE(rng.next(), std::uint64_t { 12738730685430286018ULL });
    QCOMPARE(rng.next(), std::uint64_t { 15822151665285255881ULL });
    QCOMPARE(rng.next(), std::uint64_t { 8133593619443052082ULL });
}

void TestRng::uniformIsPinned()
{
    // uniform() = (next() >> 11) * 2^-53: the top 53 bits of the same draws.
    Rng rng(42, 100);
    QCOMPARE(rng.uniform(), 0x1.61922021a4e18p-1);
    QCOMPARE(rng.uniform(), 0x1.b72726386f5dap-1);
    QCOMPARE(rng.uniform(), 0x1.c38151368925ap-2);
    Rng bits(42, 100);
    Rng u(42, 100);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(u.uniform(), static_cast<double>(bits.next() >> 11) * 0x1.0p-53);
}

void TestRng::otherDrawsArePinned()
{
    // The draws built on uniform() and next(), from rng.cpp's values before the move.
    Rng rng(7, 0);
    QCOMPARE(rng.uniform(-2.0, 3.0), -0x1.ff97461c601p-8);
    QCOMPARE(rng.normal(), 0x1.1b4065ca8658ep+0);
    QCOMPARE(rng.below(10), std::uint64_t { 0 });
}

void TestRng::copiesContinueTheSameStream()
{
    // A copy (the snapshots' rounding stream) continues exactly where the original is.
    Rng rng(42, 101);
    rng.uniform();
    Rng copy = rng;
    for (int i = 0; i < 16; ++i)
        QCOMPARE(copy.uniform(), rng.uniform());
}

QTEST_APPLESS_MAIN(TestRng)
#include "tst_rng.moc"
