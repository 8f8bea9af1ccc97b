// The quantizer key torch_float32 (core/quant/torch_float32.h) against PyTorch itself: on
// every tensor of torch_fake_quant_cases.h (PyTorch 1.13's FakeQuantize output, generated
// by torch_fake_quant_cases.py) the symmetric and affine quantizers must give torch's
// scales, zero-points, codes, values and STE mask bit for bit. The cases were chosen where
// float64 arithmetic gives other codes, and the suite checks that it still does, so the
// reference cannot pass by accident.

#include "core/common/rng.h"
#include "core/quant/conventions.h"
#include "core/quant/quantizer.h"
#include "core/torch_fake_quant_cases.h"

#include <QtTest>
#include <cmath>

using namespace bitlab;

namespace {

QuantizerSpec specFor(const TorchFakeQuantCase& c, bool float32)
{
    QuantizerSpec q = findQuantizer(c.scheme)->defaults;
    q.scheme = c.scheme;
    q.bits = c.bits;
    q.narrowRange = c.narrowRange;
    q.granularity = c.perChannel ? Granularity::PerChannel : Granularity::PerTensor;
    q.rounding = Rounding::Nearest;
    q.mode = TrainingMode::Ste;
    q.steClip = true;
    q.torchFloat32 = float32;
    return q;
}

Matrix tensorOf(const TorchFakeQuantCase& c)
{
    Matrix w(c.rows, c.cols);
    for (Index i = 0; i < w.size(); ++i)
        w(i / c.cols, i % c.cols) = c.w[static_cast<std::size_t>(i)];
    return w;
}

QString caseName(std::size_t i, const TorchFakeQuantCase& c)
{
    return QStringLiteral("case %1 (%2, %3 bits%4%5)")
        .arg(i)
        .arg(QString::fromLatin1(c.scheme))
        .arg(c.bits)
        .arg(c.narrowRange ? QStringLiteral(", narrow") : QString())
        .arg(c.perChannel ? QStringLiteral(", per channel") : QString());
}

} // namespace

class TstTorchFloat32 : public QObject {
    Q_OBJECT

private slots:
    void matchesTorchBitForBit()
    {
        const auto& cases = torchFakeQuantCases();
        QVERIFY(cases.size() >= 30);
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const TorchFakeQuantCase& c = cases[i];
            const auto quantizer = createQuantizer(specFor(c, true));
            Matrix out;
            QuantState state;
            Rng rng(1, 0);
            quantizer->quantize(tensorOf(c), out, state, rng);
            const QString name = caseName(i, c);
            QCOMPARE(state.scale.size(), c.scale.size());
            for (std::size_t ch = 0; ch < c.scale.size(); ++ch) {
                QVERIFY2(state.scale[ch] == c.scale[ch],
                    qPrintable(name
                        + QStringLiteral(": scale %1 vs torch %2")
                              .arg(state.scale[ch], 0, 'a')
                              .arg(c.scale[ch], 0, 'a')));
                QCOMPARE(state.zeroPoint[ch], static_cast<Scalar>(c.zeroPoint[ch]));
            }
            for (Index e = 0; e < out.size(); ++e) {
                const Index r = e / c.cols, col = e % c.cols;
                const auto k = static_cast<std::size_t>(e);
                const QString where
                    = name + QStringLiteral(" element %1 (w = %2)").arg(e).arg(c.w[k], 0, 'a');
                QVERIFY2(state.codes(r, col) == static_cast<Scalar>(c.code[k]),
                    qPrintable(where
                        + QStringLiteral(": code %1 vs torch %2")
                              .arg(state.codes(r, col))
                              .arg(c.code[k])));
                QVERIFY2(out(r, col) == c.out[k],
                    qPrintable(where
                        + QStringLiteral(": value %1 vs torch %2")
                              .arg(out(r, col), 0, 'a')
                              .arg(c.out[k], 0, 'a')));
                QVERIFY2(state.inRange(r, col) == c.mask[k],
                    qPrintable(where
                        + QStringLiteral(": mask %1 vs torch %2")
                              .arg(state.inRange(r, col))
                              .arg(c.mask[k])));
                // The grid the views draw holds exactly the values the tensor took.
                const Index ch = state.channelOfRow(r);
                QCOMPARE(quantizer->dequantize(state, ch, state.codes(r, col)), out(r, col));
            }
        }
    }

    // The cases discriminate: float64 arithmetic (the default) misses torch's codes on most
    // of them, so matchesTorchBitForBit could not pass with the key ignored.
    void float64DiffersOnTheCases()
    {
        const auto& cases = torchFakeQuantCases();
        std::size_t differing = 0;
        for (const TorchFakeQuantCase& c : cases) {
            const auto quantizer = createQuantizer(specFor(c, false));
            Matrix out;
            QuantState state;
            Rng rng(1, 0);
            quantizer->quantize(tensorOf(c), out, state, rng);
            bool same = true;
            for (Index e = 0; e < out.size(); ++e)
                same = same
                    && state.codes(e / c.cols, e % c.cols)
                        == static_cast<Scalar>(c.code[static_cast<std::size_t>(e)]);
            differing += same ? 0 : 1;
        }
        QVERIFY2(differing * 2 > cases.size(),
            qPrintable(QStringLiteral("float64 codes differ from torch's on %1 of %2 cases")
                           .arg(differing)
                           .arg(cases.size())));
    }

    // The PyTorch conventions turn the key on, and a spec without it is not "pytorch".
    void conventionsUseFloat32()
    {
        QuantizerSpec base = findQuantizer("symmetric")->defaults;
        base.bits = 4;
        for (const char* name : { "pytorch", "pytorch-affine" }) {
            QuantizerSpec q = applyConvention(name, base);
            QVERIFY(q.torchFloat32);
            QCOMPARE(QString::fromStdString(matchConvention(q)), QString::fromLatin1(name));
            q.torchFloat32 = false;
            QCOMPARE(QString::fromStdString(matchConvention(q)), QString());
        }
        QVERIFY(!applyConvention("brevitas", base).torchFloat32);
    }
};

QTEST_APPLESS_MAIN(TstTorchFloat32)
#include "tst_torch_float32.moc"
