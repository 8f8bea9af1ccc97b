// A record's quant_error and flips, measured inside the quantizing pass
// (Quantizer::quantizeTallied) or after it by the training policies, against independent
// computations: the fixed summation order against Eigen's sum(), the tallied pass against
// quantize() and a count of its own, and every training mode's records (every step, every
// third step, irregular) against the codes and values of the policy's snapshots.

#include "core/common/rng.h"
#include "core/engine/training_policy.h"
#include "core/kernels/kernels.h"
#include "core/model/mlp.h"
#include "core/quant/ordered_abs_sum.h"
#include "core/quant/quantizer.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

using namespace bitlab;

namespace {

Matrix randomMatrix(Index rows, Index cols, Rng& rng, Scalar scale = 1)
{
    Matrix m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = scale * rng.uniform(-1, 1);
    return m;
}

bool sameBits(Scalar a, Scalar b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool sameBits(const Matrix& a, const Matrix& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), sizeof(Scalar) * static_cast<std::size_t>(a.size()))
        == 0;
}

QuantizerSpec symmetric(int bits)
{
    QuantizerSpec s;
    s.scheme = "symmetric";
    s.bits = bits;
    return s;
}

std::int64_t countDifferent(const Matrix& a, const Matrix& b)
{
    std::int64_t n = 0;
    for (Index i = 0; i < a.size(); ++i)
        n += a.data()[i] != b.data()[i] ? 1 : 0;
    return n;
}

} // namespace

class TestRecordTally : public QObject {
    Q_OBJECT
private slots:
    void orderedSumIsEigensOrder();
    void talliedPassMatchesQuantize();
    void talliedPassDeclines();
    void knownMaxAbsIsTheObserversRange();
    void policyRecords_data();
    void policyRecords();
};

// The order OrderedAbsSum fixes is that of Eigen's sum() over two-double packets (the
// baseline build's), for every size and however the elements are split into add() calls.
void TestRecordTally::orderedSumIsEigensOrder()
{
    Rng rng(3, 7);
    std::vector<Index> sizes;
    for (Index n = 0; n <= 41; ++n)
        sizes.push_back(n);
    for (Index n : { 101, 127, 128, 130, 5003, 100352, 101770 })
        sizes.push_back(n);
    for (const Index n : sizes) {
        // Magnitudes over many binades, so that the order of the additions shows.
        Matrix a(1, n), b(1, n);
        for (Index i = 0; i < n; ++i) {
            a(0, i) = std::ldexp(rng.uniform(-1, 1), static_cast<int>(rng.uniform(-30, 30)));
            b(0, i) = std::ldexp(rng.uniform(-1, 1), static_cast<int>(rng.uniform(-30, 30)));
        }
        const Scalar whole = detail::sumAbsDifference(a.data(), b.data(), n);
        // Rows of 1, 3, 4, 7 and 784 elements, as the quantizers add them.
        for (const Index row : { 1, 3, 4, 7, 784 }) {
            detail::OrderedAbsSum split(n);
            for (Index k = 0; k < n; k += row)
                split.add(k, a.data() + k, b.data() + k, std::min(row, n - k));
            QVERIFY2(sameBits(split.result(), whole),
                qPrintable(QString("n %1, rows of %2").arg(n).arg(row)));
        }
        const Scalar eigen = (a - b).cwiseAbs().sum();
        if (Eigen::internal::packet_traits<double>::size == 2)
            QVERIFY2(sameBits(whole, eigen), qPrintable(QString("n %1").arg(n)));
        else // a wider build's Eigen adds in another order: the same sum to rounding
            QVERIFY(std::abs(whole - eigen) <= 1e-12 * eigen);
    }
}

// quantizeTallied() gives what quantize() gives, bit for bit, with every kernel set this
// CPU has, and a tally equal to a separate count of the changed codes and the ordered sum
// of |w - w'|.
void TestRecordTally::talliedPassMatchesQuantize()
{
    struct Case {
        QuantizerSpec spec;
        Index rows, cols;
        bool zeroRow; // per channel: one row of zeros (scale 0)
    };
    std::vector<Case> cases;
    for (const int bits : { 2, 4, 8 }) {
        cases.push_back({ symmetric(bits), 7, 13, false });
        cases.push_back({ symmetric(bits), 1, 3, false });
        cases.push_back({ symmetric(bits), 128, 784, false });
        QuantizerSpec full = symmetric(bits);
        full.narrowRange = false;
        cases.push_back({ full, 5, 9, false });
        QuantizerSpec channel = symmetric(bits);
        channel.granularity = Granularity::PerChannel;
        cases.push_back({ channel, 6, 11, true });
        cases.push_back({ channel, 6, 8, true }); // rows of whole groups of four
        QuantizerSpec clipped = symmetric(bits);
        clipped.observer = RangeObserver::Percentile;
        clipped.percentile = 90;
        cases.push_back({ clipped, 4, 10, false });
    }
    // The float scheme's cast (round to nearest), with and without amax scaling.
    for (const char* format : { "bf16", "e4m3", "e2m1" }) {
        QuantizerSpec f;
        f.scheme = "float";
        f.format = format;
        cases.push_back({ f, 7, 13, false });
        cases.push_back({ f, 1, 1, false });
        f.scaling = FloatScaling::Amax;
        cases.push_back({ f, 5, 9, false });
        f.granularity = Granularity::PerChannel;
        cases.push_back({ f, 6, 11, true });
    }
    std::vector<KernelSet> sets;
    for (const KernelSet set : { KernelSet::Portable, KernelSet::Avx2, KernelSet::Avx512 })
        if (kernelSetSupported(set))
            sets.push_back(set);
    for (const Case& c : cases)
        for (const KernelSet set : sets) {
            const auto q = createQuantizer(c.spec); // the baseline code: the reference
            const auto qk = createQuantizer(c.spec);
            qk->setKernels(kernelsFor(set));
            Rng cell(static_cast<std::uint64_t>(c.rows * 1000 + c.cols), 9);
            Matrix before = randomMatrix(c.rows, c.cols, cell);
            Matrix w = before + 0.05 * randomMatrix(c.rows, c.cols, cell);
            if (c.zeroRow)
                w.row(2).setZero();
            Rng r1(1, 1), r2(1, 1);
            // The codes of the last record: those of `before`.
            QuantState tallied;
            Matrix out1;
            q->quantize(before, out1, tallied, r1);
            const Matrix lastCodes = tallied.codes;
            QuantizeTally tally;
            // As the trainer calls it: with the largest magnitude the optimizer measured.
            QVERIFY(qk->quantizeTallied(w, out1, tallied, r1, tally, w.cwiseAbs().maxCoeff()));

            QuantState plain;
            Matrix out2;
            q->quantize(w, out2, plain, r2);
            const QString what
                = QString("%6 %1 bits, %2 x %3, %4, kernels %5")
                      .arg(c.spec.bits)
                      .arg(c.rows)
                      .arg(c.cols)
                      .arg(c.spec.granularity == Granularity::PerChannel ? "per channel"
                                                                         : "per tensor")
                      .arg(kernelSetName(set))
                      .arg(QString::fromStdString(c.spec.scheme + " " + c.spec.format));
            QVERIFY2(sameBits(out1, out2), qPrintable(what));
            QVERIFY2(sameBits(tallied.codes, plain.codes), qPrintable(what));
            QVERIFY2(sameBits(tallied.inRange, plain.inRange), qPrintable(what));
            QVERIFY(tallied.scale == plain.scale);
            // Without the mask: the same codes and values, the mask left as it was.
            {
                QuantState noMask;
                Matrix out3;
                Rng r3(1, 1);
                q->quantize(before, out3, noMask, r3);
                noMask.inRange.setConstant(7);
                QuantizeTally tally3;
                QVERIFY(qk->quantizeTallied(
                    w, out3, noMask, r3, tally3, w.cwiseAbs().maxCoeff(), false));
                QVERIFY2(sameBits(out3, out2), qPrintable(what));
                QVERIFY2(sameBits(noMask.codes, plain.codes), qPrintable(what));
                QVERIFY2((noMask.inRange.array() == 7).all(), qPrintable(what));
                QCOMPARE(tally3.flips, countDifferent(plain.codes, lastCodes));
                QVERIFY2(sameBits(tally3.errorSum, tally.errorSum), qPrintable(what));
            }
            QVERIFY(tallied.rangeHi == plain.rangeHi);
            QCOMPARE(tally.flips, countDifferent(plain.codes, lastCodes));
            QVERIFY2(
                sameBits(tally.errorSum, detail::sumAbsDifference(w.data(), out2.data(), w.size())),
                qPrintable(what));
            // A case where some codes did change, and some did not.
            if (c.rows * c.cols > 20 && c.spec.bits >= 4 && c.spec.scheme == "symmetric") {
                QVERIFY2(tally.flips > 0, qPrintable(what));
                QVERIFY2(tally.flips < w.size(), qPrintable(what));
            }
        }
}

// The largest magnitude a caller measured (the optimizer, as it writes an update) is the
// range of an observer that takes the whole tensor's max |w|: the same bits as measuring it
// again. It is taken, not ignored (a different value moves the scale), and the observers
// that need more than the tensor's max |w| (per channel, percentile, two-sided) ignore it.
void TestRecordTally::knownMaxAbsIsTheObserversRange()
{
    struct Case {
        QuantizerSpec spec;
        bool takesIt;
        bool wrongMoves = true; // mse: a clip of the wrong range may land on the right one
    };
    std::vector<Case> cases;
    cases.push_back({ symmetric(8), true });
    QuantizerSpec stochastic = symmetric(4);
    stochastic.rounding = Rounding::Stochastic;
    cases.push_back({ stochastic, true });
    QuantizerSpec mse = symmetric(3);
    mse.observer = RangeObserver::Mse;
    cases.push_back({ mse, true, false });
    QuantizerSpec averaged = symmetric(6);
    averaged.observer = RangeObserver::MovingAverage; // nothing observed: the tensor's own
    cases.push_back({ averaged, true });
    QuantizerSpec fp8;
    fp8.scheme = "float";
    fp8.format = "e4m3";
    fp8.scaling = FloatScaling::Amax;
    cases.push_back({ fp8, true });
    QuantizerSpec channel = symmetric(8);
    channel.granularity = Granularity::PerChannel;
    cases.push_back({ channel, false });
    QuantizerSpec percentile = symmetric(8);
    percentile.observer = RangeObserver::Percentile;
    percentile.percentile = 90;
    cases.push_back({ percentile, false });
    QuantizerSpec affine;
    affine.scheme = "affine";
    affine.bits = 8;
    cases.push_back({ affine, false });
    Rng cell(5, 5);
    const Matrix w = randomMatrix(9, 17, cell);
    const Scalar amax = w.cwiseAbs().maxCoeff();
    for (const Case& c : cases) {
        const auto q = createQuantizer(c.spec);
        const QString what = QString::fromStdString(
            c.spec.scheme + " " + toString(c.spec.observer) + (c.takesIt ? "" : " (ignores it)"));
        QuantState measured, known, wrong;
        Matrix out1, out2, out3;
        Rng r1(2, 2), r2(2, 2), r3(2, 2);
        q->quantize(w, out1, measured, r1);
        q->quantizeChecked(w, out2, known, r2, amax);
        QVERIFY2(sameBits(out1, out2), qPrintable(what));
        QVERIFY2(sameBits(measured.codes, known.codes), qPrintable(what));
        QVERIFY2(measured.scale == known.scale, qPrintable(what));
        q->quantizeChecked(w, out3, wrong, r3, 2 * amax);
        if (c.takesIt) {
            if (c.wrongMoves)
                QVERIFY2(wrong.rangeHi != measured.rangeHi, qPrintable(what));
        } else {
            QVERIFY2(sameBits(out3, out1), qPrintable(what));
            QVERIFY2(wrong.rangeHi == measured.rangeHi, qPrintable(what));
        }
    }
}

// Where there is no tallied pass (stochastic rounding, torch_float32, other schemes) or
// the codes held are not the tensor's shape, quantizeTallied() refuses and changes nothing.
void TestRecordTally::talliedPassDeclines()
{
    Rng data(8, 2);
    const Matrix w = randomMatrix(3, 4, data);
    std::vector<QuantizerSpec> specs;
    QuantizerSpec s = symmetric(4);
    s.rounding = Rounding::Stochastic;
    specs.push_back(s);
    s = symmetric(4);
    s.torchFloat32 = true;
    specs.push_back(s);
    s = symmetric(4);
    s.scheme = "affine";
    specs.push_back(s);
    s.scheme = "fixed";
    s.fracBits = 2;
    specs.push_back(s);
    QuantizerSpec sr;
    sr.scheme = "float";
    sr.format = "bf16";
    sr.rounding = Rounding::Stochastic;
    specs.push_back(sr);
    for (const QuantizerSpec& spec : specs) {
        const auto q = createQuantizer(spec);
        Rng rng(1, 1);
        QuantState state;
        Matrix out;
        q->quantize(w, out, state, rng);
        const QuantState kept = state;
        const Matrix keptOut = out;
        const Rng keptRng = rng;
        QuantizeTally tally;
        QVERIFY2(!q->quantizeTallied(w * 2, out, state, rng, tally), spec.scheme.c_str());
        QVERIFY(sameBits(state.codes, kept.codes));
        QVERIFY(sameBits(out, keptOut));
        QCOMPARE(rng.uniform(), Rng(keptRng).uniform());
    }
    const auto q = createQuantizer(symmetric(4));
    Rng rng(1, 1);
    QuantState state;
    Matrix out;
    QuantizeTally tally;
    QVERIFY(!q->quantizeTallied(w, out, state, rng, tally)); // no codes yet
    QCOMPARE(out.size(), Index(0));
    q->quantize(w, out, state, rng);
    QVERIFY(!q->quantizeTallied(w.leftCols(3), out, state, rng, tally)); // another shape
    QCOMPARE(state.codes.cols(), Index(4));
}

void TestRecordTally::policyRecords_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("rounding");
    QTest::addColumn<bool>("perChannel");
    QTest::addColumn<bool>("mixed"); // layers.1.weight affine (no tallied pass), bias lsq
    QTest::addColumn<int>("cadence"); // records: 1 every step, 3 every third, 0 irregular
    QTest::addColumn<QByteArray>("format"); // "": symmetric 3 bits; else the float scheme's
    for (const int mode :
        { int(TrainingMode::Ste), int(TrainingMode::PostUpdate), int(TrainingMode::Ptq) })
        for (const int cadence : { 1, 3, 0 }) {
            const QByteArray m = mode == int(TrainingMode::Ste) ? "ste"
                : mode == int(TrainingMode::PostUpdate)         ? "post_update"
                                                                : "ptq";
            const QByteArray c = QByteArray::number(cadence);
            QTest::newRow(m + " nearest " + c)
                << mode << int(Rounding::Nearest) << false << false << cadence << QByteArray();
            QTest::newRow(m + " per channel " + c)
                << mode << int(Rounding::Nearest) << true << false << cadence << QByteArray();
            QTest::newRow(m + " bf16 " + c) << mode << int(Rounding::Nearest) << false << false
                                            << cadence << QByteArray("bf16");
            QTest::newRow(m + " e2m1 per channel " + c)
                << mode << int(Rounding::Nearest) << true << false << cadence << QByteArray("e2m1");
            // (ptq's snapshots round afresh, with a copy of the stream: stochastic codes
            // there are not the record's.)
            if (mode != int(TrainingMode::Ptq))
                QTest::newRow(m + " stochastic " + c) << mode << int(Rounding::Stochastic) << false
                                                      << false << cadence << QByteArray();
            QTest::newRow(m + " mixed " + c)
                << mode << int(Rounding::Nearest) << false << true << cadence << QByteArray();
        }
}

// A policy driven through 14 updates: each record's flips are the codes that changed
// since the previous record's snapshot, and its quant_error the mean |w - Q(w)| of the
// quantized tensors (w: the latent weights, or the weights before the rounding).
void TestRecordTally::policyRecords()
{
    QFETCH(int, mode);
    QFETCH(int, rounding);
    QFETCH(bool, perChannel);
    QFETCH(bool, mixed);
    QFETCH(int, cadence);
    QFETCH(QByteArray, format);
    const auto trainingMode = static_cast<TrainingMode>(mode);

    Mlp model(3, 2, { 12, 8 }, Activation::Tanh, true); // two weights of >= 32 elements tally
    Rng init(11, 3);
    model.initialize(init);
    model.setKernels(kernelsFor(detectedKernelSet())); // as a run's (the portable pass: above)
    QuantizerSpec q = symmetric(3);
    q.mode = trainingMode;
    q.rounding = static_cast<Rounding>(rounding);
    q.quantizeBias = true;
    q.narrowRange = false; // +amax lands on the tie 3.5 and mostly saturates: masks hold 0s
    if (!format.isEmpty()) { // the float scheme's cast (e2m1 with amax scaling)
        q.scheme = "float";
        q.format = format.toStdString();
        if (format == "e2m1")
            q.scaling = FloatScaling::Amax;
    }
    if (perChannel)
        q.granularity = Granularity::PerChannel;
    std::vector<TensorQuantizer> perTensor;
    if (mixed) {
        QuantizerSpec affine = q;
        affine.scheme = "affine";
        perTensor.push_back({ "layers.1.weight", affine });
        if (trainingMode == TrainingMode::Ste) {
            QuantizerSpec lsq = q;
            lsq.learn = LearnMode::Lsq;
            perTensor.push_back({ "layers.0.bias", lsq });
        }
    }
    Rng roundRng(1, 2);
    auto policy = makeTrainingPolicy(q, model, roundRng, perTensor);
    std::vector<Matrix> before = model.values();
    policy->snapToGrid();

    const std::size_t count = model.values().size();
    std::vector<Matrix> lastCodes(count);
    std::int64_t totalFlips = 0;
    Index clipped = 0;
    auto expectRecord = [&](std::int64_t step, const std::vector<Matrix>& pre) {
        Record r;
        policy->recordQuantization(r, step);
        const std::vector<TensorSnapshot> snap = policy->tensors();
        std::int64_t flips = 0;
        Scalar sum = 0;
        Index elements = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (!snap[i].quantized)
                continue;
            const Matrix& codes = snap[i].quant.codes;
            if (lastCodes[i].size() == codes.size())
                flips += countDifferent(codes, lastCodes[i]);
            lastCodes[i] = codes;
            // w: post_update's before the rounding, the others' latent weights.
            const Matrix& w = trainingMode == TrainingMode::PostUpdate ? pre[i] : snap[i].latent;
            sum += (w - snap[i].values).cwiseAbs().sum();
            elements += w.size();
            // The saturation mask (left unwritten by the tallied pass without ste_clip, and
            // recomputed for the snapshot) is that of quantizing w afresh.
            if (q.rounding == Rounding::Nearest && snap[i].learn != LearnMode::Lsq) {
                QuantState fresh;
                Matrix out;
                Rng none(0, 0);
                snap[i].quantizer->quantize(w, out, fresh, none);
                QVERIFY2(sameBits(snap[i].quant.inRange, fresh.inRange),
                    qPrintable(QString("step %1, tensor %2").arg(step).arg(i)));
                clipped += (fresh.inRange.array() == 0).count();
            }
        }
        QCOMPARE(r.flips, flips);
        const Scalar expected = sum / static_cast<Scalar>(elements);
        QVERIFY2(std::abs(r.quantError - expected) <= 1e-13 * expected,
            qPrintable(
                QString("step %1: %2 against %3").arg(step).arg(r.quantError).arg(expected)));
        totalFlips += r.flips;
    };
    expectRecord(0, before);

    Rng moves(4, 4);
    const std::vector<bool> irregular = { true, false, false, true, true, false, true, false, false,
        false, true, true, false, true };
    for (std::int64_t step = 1; step <= 14; ++step) {
        auto& weights = policy->trainable();
        for (std::size_t i = 0; i < count; ++i)
            weights[i] += randomMatrix(weights[i].rows(), weights[i].cols(), moves, 0.15);
        before = policy->trainable();
        const bool record = cadence == 1 ? true
            : cadence == 3               ? step % 3 == 0
                                         : irregular[static_cast<std::size_t>(step - 1)];
        // What the optimizer would have measured of the tensors it wrote.
        std::vector<Optimizer::WrittenTensor> written;
        for (const Matrix& t : weights)
            written.push_back({ true, t.size() > 0 ? t.cwiseAbs().maxCoeff() : 0.0 });
        policy->afterUpdate(record, written);
        if (record)
            expectRecord(step, before);
    }
    QVERIFY(totalFlips > 0); // the test saw codes change
    if (q.rounding == Rounding::Nearest && q.scheme == "symmetric")
        QVERIFY(clipped > 0); // and masks that are not all 1
}

QTEST_APPLESS_MAIN(TestRecordTally)
#include "tst_record_tally.moc"
