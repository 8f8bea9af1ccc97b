// Range observers (docs/quantizers.md "Observers"): each observer against an independent
// computation (a sorted-array percentile, a brute-force MSE search over the documented
// candidates, PyTorch's moving-average update written out), minmax equal to the schemes'
// own min/max, validation, and training with observers bit-identical across reruns and
// thread counts.

#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/engine/presets.h"
#include "core/engine/record_log.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

using namespace bitlab;

namespace {

QuantizerSpec spec(const char* scheme, int bits, RangeObserver observer)
{
    QuantizerSpec s;
    s.scheme = scheme;
    s.bits = bits;
    s.observer = observer;
    if (std::string(scheme) == "float") {
        s.format = "e2m1";
        s.scaling = FloatScaling::Amax;
    }
    return s;
}

// Weights with a few outliers: most in [-0.5, 0.5], three far out.
Matrix outlierTensor()
{
    Matrix w(4, 10);
    Rng rng(7, 3);
    for (Index r = 0; r < w.rows(); ++r)
        for (Index c = 0; c < w.cols(); ++c)
            w(r, c) = rng.uniform() - 0.5;
    w(0, 3) = 6.0;
    w(2, 7) = -4.5;
    w(3, 1) = 3.25;
    return w;
}

// numpy.percentile(v, p) (linear): written out independently of the library's helper.
double numpyPercentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    const double pos = (static_cast<double>(v.size()) - 1.0) * p / 100.0;
    const std::size_t i = static_cast<std::size_t>(pos);
    if (i + 1 >= v.size())
        return v.back();
    return v[i] * (1.0 - (pos - static_cast<double>(i)))
        + v[i + 1] * (pos - static_cast<double>(i));
}

// Quantize with nearest rounding through the quantizer itself at a forced range, by
// brute force: symmetric narrow grid of `bits` over [-a, a].
double symmetricError(const Matrix& w, int bits, double a)
{
    const double qmax = std::ldexp(1.0, bits - 1) - 1;
    const double scale = a / qmax;
    double sum = 0;
    for (Index i = 0; i < w.size(); ++i) {
        const double x = w.data()[i];
        const double q
            = scale == 0 ? 0 : std::clamp(std::nearbyint(x / scale), -qmax, qmax) * scale;
        sum += (x - q) * (x - q);
    }
    return sum;
}

double affineError(const Matrix& w, int bits, double lo, double hi)
{
    const double qmax = std::ldexp(1.0, bits) - 1;
    const double scale = (hi - lo) / qmax;
    const double zp = std::clamp(-std::nearbyint(lo / scale), 0.0, qmax);
    double sum = 0;
    for (Index i = 0; i < w.size(); ++i) {
        const double x = w.data()[i];
        const double q = (std::clamp(std::nearbyint(x / scale) + zp, 0.0, qmax) - zp) * scale;
        sum += (x - q) * (x - q);
    }
    return sum;
}

} // namespace

class TestObservers : public QObject {
    Q_OBJECT
private slots:
    void minmaxIsTheTensorsRange();
    void percentileHelperIsNumpys_data();
    void percentileHelperIsNumpys();
    void percentileSymmetric();
    void percentileAffine();
    void mseSymmetricIsTheBruteForceBest_data();
    void mseSymmetricIsTheBruteForceBest();
    void mseAffineIsTheBruteForceBest();
    void mseFloatAmax();
    void movingAverageIsPyTorchs();
    void movingAveragePerChannel();
    void clippedValuesAreOutOfRange();
    void validation();
    void observersTrainBitIdentically_data();
    void observersTrainBitIdentically();
    void calibrationBatchesChangeOnlyPtqEvaluations();
};

void TestObservers::minmaxIsTheTensorsRange()
{
    const Matrix w = outlierTensor();
    Rng rng(1, 1);
    Matrix out;
    QuantState st;
    createQuantizer(spec("symmetric", 4, RangeObserver::MinMax))->quantize(w, out, st, rng);
    QCOMPARE(st.rangeHi.size(), std::size_t(1));
    QCOMPARE(st.rangeHi[0], 6.0);
    QCOMPARE(st.rangeLo[0], -6.0);
    QCOMPARE(st.scale[0], 6.0 / 7.0);
    createQuantizer(spec("affine", 4, RangeObserver::MinMax))->quantize(w, out, st, rng);
    QCOMPARE(st.rangeLo[0], -4.5);
    QCOMPARE(st.rangeHi[0], 6.0);
    QCOMPARE(st.scale[0], 10.5 / 15.0);
    // A scheme without an observer leaves no range.
    QuantizerSpec fixed;
    createQuantizer(fixed)->quantize(w, out, st, rng);
    QVERIFY(st.rangeLo.empty());
}

void TestObservers::percentileHelperIsNumpys_data()
{
    QTest::addColumn<double>("p");
    // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], p) by hand: sorted 1 1 2 3 4 5 6 9.
    QTest::addColumn<double>("expected");
    QTest::newRow("p0") << 0.0 << 1.0;
    QTest::newRow("p50") << 50.0 << 3.5; // h = 3.5: 3 + 0.5 * (4 - 3)
    QTest::newRow("p90") << 90.0 << 6.9; // h = 6.3: 6 + 0.3 * 3
    QTest::newRow("p100") << 100.0 << 9.0;
}

void TestObservers::percentileHelperIsNumpys()
{
    QFETCH(double, p);
    QFETCH(double, expected);
    std::vector<Scalar> v { 3, 1, 4, 1, 5, 9, 2, 6 };
    std::sort(v.begin(), v.end());
    QVERIFY(std::abs(percentileOfSorted(v, p) - expected) < 1e-12);
}

void TestObservers::percentileSymmetric()
{
    const Matrix w = outlierTensor();
    QuantizerSpec s = spec("symmetric", 4, RangeObserver::Percentile);
    s.percentile = 90.0;
    Rng rng(1, 1);
    Matrix out;
    QuantState st;
    createQuantizer(s)->quantize(w, out, st, rng);
    std::vector<double> mags;
    for (Index i = 0; i < w.size(); ++i)
        mags.push_back(std::abs(w.data()[i]));
    const double a = numpyPercentile(mags, 90.0);
    QVERIFY(std::abs(st.rangeHi[0] - a) < 1e-15);
    QCOMPARE(st.rangeLo[0], -st.rangeHi[0]);
    QVERIFY(st.rangeHi[0] < 1.0); // the outliers no longer set the scale
    // 100 is the maximum: the same grid as minmax.
    s.percentile = 100.0;
    QuantState st2;
    Matrix out2, outMinMax;
    QuantState stMinMax;
    createQuantizer(s)->quantize(w, out2, st2, rng);
    createQuantizer(spec("symmetric", 4, RangeObserver::MinMax))
        ->quantize(w, outMinMax, stMinMax, rng);
    QCOMPARE(out2, outMinMax);
}

void TestObservers::percentileAffine()
{
    const Matrix w = outlierTensor();
    QuantizerSpec s = spec("affine", 3, RangeObserver::Percentile);
    s.percentile = 95.0;
    Rng rng(1, 1);
    Matrix out;
    QuantState st;
    createQuantizer(s)->quantize(w, out, st, rng);
    std::vector<double> v(w.data(), w.data() + w.size());
    QVERIFY(std::abs(st.rangeLo[0] - std::min(numpyPercentile(v, 5.0), 0.0)) < 1e-15);
    QVERIFY(std::abs(st.rangeHi[0] - std::max(numpyPercentile(v, 95.0), 0.0)) < 1e-15);
}

void TestObservers::mseSymmetricIsTheBruteForceBest_data()
{
    QTest::addColumn<int>("bits");
    for (int b : { 2, 3, 4, 8 })
        QTest::newRow(qPrintable(QStringLiteral("%1 bits").arg(b))) << b;
}

void TestObservers::mseSymmetricIsTheBruteForceBest()
{
    QFETCH(int, bits);
    const Matrix w = outlierTensor();
    const double amax = w.cwiseAbs().maxCoeff();
    double best = std::numeric_limits<double>::infinity();
    double bestClip = 0;
    for (int k = 1; k <= kMseCandidates; ++k) { // ascending: <= keeps the larger on a tie
        const double a = amax * k / kMseCandidates;
        const double e = symmetricError(w, bits, a);
        if (e <= best) {
            best = e;
            bestClip = a;
        }
    }
    Rng rng(1, 1);
    Matrix out;
    QuantState st;
    createQuantizer(spec("symmetric", bits, RangeObserver::Mse))->quantize(w, out, st, rng);
    QCOMPARE(st.rangeHi[0], bestClip);
    const double got = (w - out).squaredNorm();
    QVERIFY(std::abs(got - best) <= 1e-12 * std::max(1.0, best));
    // Never worse than min/max.
    QVERIFY(got <= symmetricError(w, bits, amax));
    if (bits <= 4) // the outliers make a clip pay at few bits
        QVERIFY(bestClip < amax);
}

void TestObservers::mseAffineIsTheBruteForceBest()
{
    const Matrix w = outlierTensor();
    const double lo0 = std::min(w.minCoeff(), 0.0), hi0 = std::max(w.maxCoeff(), 0.0);
    double best = std::numeric_limits<double>::infinity();
    double bestLo = 0, bestHi = 0;
    for (int k = 1; k <= kMseCandidates; ++k) {
        const double f = static_cast<double>(k) / kMseCandidates;
        const double e = affineError(w, 3, lo0 * f, hi0 * f);
        if (e <= best) {
            best = e;
            bestLo = lo0 * f;
            bestHi = hi0 * f;
        }
    }
    Rng rng(1, 1);
    Matrix out;
    QuantState st;
    createQuantizer(spec("affine", 3, RangeObserver::Mse))->quantize(w, out, st, rng);
    QCOMPARE(st.rangeLo[0], bestLo);
    QCOMPARE(st.rangeHi[0], bestHi);
}

void TestObservers::mseFloatAmax()
{
    const Matrix w = outlierTensor();
    Rng rng(1, 1);
    Matrix outMse, outMinMax;
    QuantState stMse, stMinMax;
    createQuantizer(spec("float", 4, RangeObserver::Mse))->quantize(w, outMse, stMse, rng);
    createQuantizer(spec("float", 4, RangeObserver::MinMax))->quantize(w, outMinMax, stMinMax, rng);
    QVERIFY((w - outMse).squaredNorm() <= (w - outMinMax).squaredNorm());
    QCOMPARE(stMse.scale[0], stMse.rangeHi[0] / 6.0); // e2m1's largest value is 6
}

void TestObservers::movingAverageIsPyTorchs()
{
    QuantizerSpec s = spec("affine", 8, RangeObserver::MovingAverage);
    s.averaging = 0.25;
    const auto q = createQuantizer(s);
    QuantState st;
    Rng rng(1, 1);
    Matrix out;
    // Before any observation: the tensor's own range.
    Matrix a(1, 3);
    a << -1.0, 0.5, 2.0;
    q->quantize(a, out, st, rng);
    QCOMPARE(st.rangeLo[0], -1.0);
    QCOMPARE(st.rangeHi[0], 2.0);
    // PyTorch: first batch sets min/max, later min += c * (min_cur - min).
    double mn = 0, mx = 0;
    const std::vector<std::pair<double, double>> batches { { -1.0, 2.0 }, { -3.0, 1.0 },
        { -0.5, 4.0 }, { 0.25, 0.75 } };
    bool first = true;
    for (const auto& [lo, hi] : batches) {
        Matrix b(1, 2);
        b << lo, hi;
        q->observe(b, st);
        if (first) {
            mn = lo;
            mx = hi;
            first = false;
        } else {
            mn = mn + 0.25 * (lo - mn);
            mx = mx + 0.25 * (hi - mx);
        }
        q->quantize(b, out, st, rng);
        QCOMPARE(st.observedMin[0], mn);
        QCOMPARE(st.observedMax[0], mx);
        QCOMPARE(st.rangeLo[0], std::min(mn, 0.0));
        QCOMPARE(st.rangeHi[0], std::max(mx, 0.0));
    }
    // quantize() alone never moves the average.
    Matrix far(1, 2);
    far << -100.0, 100.0;
    q->quantize(far, out, st, rng);
    QCOMPARE(st.observedMin[0], mn);
    Quantizer::resetObserver(st);
    q->observe(far, st);
    QCOMPARE(st.observedMax[0], 100.0);
    // symmetric: amax = max(-min(m, 0), max(M, 0)).
    QuantizerSpec sym = spec("symmetric", 4, RangeObserver::MovingAverage);
    QuantState ss;
    Matrix c(1, 2);
    c << -3.0, 1.0;
    createQuantizer(sym)->observe(c, ss);
    createQuantizer(sym)->quantize(c, out, ss, rng);
    QCOMPARE(ss.rangeHi[0], 3.0);
}

void TestObservers::movingAveragePerChannel()
{
    QuantizerSpec s = spec("symmetric", 4, RangeObserver::MovingAverage);
    s.granularity = Granularity::PerChannel;
    const auto q = createQuantizer(s);
    QuantState st;
    Matrix w(2, 2);
    w << 1.0, -2.0, 0.5, 0.25;
    q->observe(w, st);
    Matrix w2 = w * 3.0;
    q->observe(w2, st);
    QCOMPARE(st.observedMin.size(), std::size_t(2));
    QCOMPARE(st.observedMin[0], -2.0 + 0.01 * (-6.0 + 2.0));
    QCOMPARE(st.observedMax[1], 0.5 + 0.01 * (1.5 - 0.5));
}

void TestObservers::clippedValuesAreOutOfRange()
{
    const Matrix w = outlierTensor();
    QuantizerSpec s = spec("symmetric", 4, RangeObserver::Percentile);
    s.percentile = 90.0;
    Rng rng(1, 1);
    Matrix out;
    QuantState st;
    createQuantizer(s)->quantize(w, out, st, rng);
    QCOMPARE(st.inRange(0, 3), 0.0); // 6.0 beyond the clip
    QCOMPARE(out(0, 3), st.rangeHi[0]); // clamped to the top code, 7 * scale = the clip
    QCOMPARE(st.inRange(2, 7), 0.0);
}

void TestObservers::validation()
{
    QuantizerSpec s = spec("fixed", 8, RangeObserver::Mse);
    auto problems = validateQuantizerSpec(s, "runs.1.quantizer");
    QCOMPARE(problems.size(), std::size_t(1));
    QVERIFY2(QString::fromStdString(problems[0])
                 .startsWith("runs.1.quantizer.observer \"mse\" "
                             "applies only to the scale-based"),
        problems[0].c_str());
    QuantizerSpec f = spec("float", 4, RangeObserver::Percentile);
    f.scaling = FloatScaling::None;
    QCOMPARE(validateQuantizerSpec(f, "q").size(), std::size_t(1));
    QuantizerSpec p = spec("symmetric", 4, RangeObserver::Percentile);
    p.percentile = 40;
    problems = validateQuantizerSpec(p, "q");
    QCOMPARE(problems.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(problems[0]),
        QStringLiteral("q.percentile must be in (50, 100], got 40"));
    QuantizerSpec a = spec("affine", 4, RangeObserver::MovingAverage);
    a.averaging = 0;
    QCOMPARE(validateQuantizerSpec(a, "q").size(), std::size_t(1));
    a.averaging = 1;
    QVERIFY(validateQuantizerSpec(a, "q").empty());
    QuantizerSpec c = spec("symmetric", 4, RangeObserver::MinMax);
    c.mode = TrainingMode::Ptq;
    c.calibrationBatches = -1;
    QCOMPARE(validateQuantizerSpec(c, "q").size(), std::size_t(1));
}

void TestObservers::observersTrainBitIdentically_data()
{
    QTest::addColumn<int>("observer");
    QTest::addColumn<int>("mode");
    for (int o = 0; o < 4; ++o)
        for (int m = 0; m < 3; ++m)
            QTest::newRow(qPrintable(QStringLiteral("%1-%2").arg(
                QString::fromLatin1(toString(static_cast<RangeObserver>(o))),
                QString::fromLatin1(toString(static_cast<TrainingMode>(m))))))
                << o << m;
}

void TestObservers::observersTrainBitIdentically()
{
    QFETCH(int, observer);
    QFETCH(int, mode);
    ExperimentSpec spec = findPreset("moons")->spec;
    spec.training.epochs = 40;
    spec.runs.resize(1);
    // Each run built afresh, not a copy renamed: GCC 12's -Wrestrict misreads the
    // assignment of a literal over the copied name.
    const auto quantized = [&](const char* name, const char* scheme) {
        QuantizerSpec q = ::spec(scheme, 3, static_cast<RangeObserver>(observer));
        q.mode = static_cast<TrainingMode>(mode);
        q.activationBits = 4;
        if (q.mode == TrainingMode::Ptq)
            q.calibrationBatches = 2;
        RunSpec r;
        r.name = name;
        r.quantizer = q;
        return r;
    };
    RunSpec fp;
    fp.name = "fp64";
    spec.runs = { fp, quantized("a", "symmetric"), quantized("b", "affine") };
    auto once = [&](int threads) {
        Experiment e(spec, loadDataset(spec.dataset, ""));
        auto log = std::make_unique<RecordLog>();
        e.run(*log, {}, threads);
        return log;
    };
    const auto r1 = once(1)->allRecords(), r2 = once(1)->allRecords(), r3 = once(3)->allRecords();
    QVERIFY(r1.size() > 10);
    QCOMPARE(r1.size(), r2.size());
    QCOMPARE(r1.size(), r3.size());
    for (std::size_t i = 0; i < r1.size(); ++i) {
        const Record& x = r1[i];
        const Record& y = r2[i];
        const Record& z = r3[i];
        QVERIFY(x.run == y.run && x.run == z.run);
        QVERIFY(std::memcmp(&x.trainLoss, &y.trainLoss, sizeof(double)) == 0);
        QVERIFY(std::memcmp(&x.trainLoss, &z.trainLoss, sizeof(double)) == 0);
        QVERIFY(std::memcmp(&x.quantError, &z.quantError, sizeof(double)) == 0);
    }
    for (const Record& x : r1)
        QVERIFY(!x.evaluated || std::isfinite(x.trainLoss));
}

void TestObservers::calibrationBatchesChangeOnlyPtqEvaluations()
{
    // With activation bits, calibration re-estimates the activation ranges at every
    // evaluation: different test losses, the same training (ptq trains in full precision).
    ExperimentSpec spec = findPreset("moons")->spec;
    spec.training.epochs = 30;
    spec.optimizer.batchSize = 16;
    QuantizerSpec q = ::spec("affine", 4, RangeObserver::MinMax);
    q.mode = TrainingMode::Ptq;
    q.activationBits = 2;
    RunSpec plain;
    plain.name = "plain";
    plain.quantizer = q;
    RunSpec calibrated = plain;
    calibrated.name = "calibrated";
    calibrated.quantizer->calibrationBatches = 4;
    spec.runs = { plain, calibrated };
    Experiment e(spec, loadDataset(spec.dataset, ""));
    RecordLog log;
    e.run(log, {}, 1);
    const auto& s = log.summaries();
    QCOMPARE(s.size(), std::size_t(2));
    const RunSummary& p = s[0].run == 0 ? s[0] : s[1];
    const RunSummary& c = s[0].run == 0 ? s[1] : s[0];
    QVERIFY(std::isfinite(p.last.trainLoss) && std::isfinite(c.last.trainLoss));
    QVERIFY(p.last.trainLoss != c.last.trainLoss);
}

QTEST_APPLESS_MAIN(TestObservers)
#include "tst_observers.moc"
