// Training modes of a quantized run (DESIGN §2): post_update, ste (with ste_clip), ptq,
// quantize_bias, and changing the quantizer mid-run.

#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <memory>

using namespace bitlab;

namespace {

// Statuses compare as their names: QTest would find bitlab::toString(RunStatus) by ADL
// and free its static string.
QString statusName(RunStatus s)
{
    return QString::fromLatin1(toString(s));
}

ExperimentSpec seedSpec(std::int64_t epochs)
{
    ExperimentSpec spec;
    spec.dataset.source = "builtin:seed-linear";
    spec.dataset.samples = 100;
    spec.model.kind = "linear";
    spec.loss = "mse";
    spec.optimizer.kind = "gd";
    spec.optimizer.lr = 0.1;
    spec.training.epochs = epochs;
    spec.training.seed = 42;
    spec.training.recordEvery = 1;
    return spec;
}

QuantizerSpec quant(const std::string& scheme, int bits, TrainingMode mode, int fracBits = 0)
{
    QuantizerSpec q;
    q.scheme = scheme;
    q.bits = bits;
    q.fracBits = fracBits;
    q.mode = mode;
    return q;
}

Dataset dataFor(const ExperimentSpec& spec)
{
    return loadDataset(spec.dataset, "");
}

bool onFixedGrid(const Matrix& m, int fracBits)
{
    const Matrix scaled = m * std::ldexp(1.0, fracBits);
    return (scaled.array() == scaled.array().round()).all();
}

// Every element of a quantized tensor equals the value of its code under its state.
bool valuesMatchCodes(const TensorSnapshot& t, const Quantizer& q)
{
    for (Index r = 0; r < t.values.rows(); ++r)
        for (Index c = 0; c < t.values.cols(); ++c) {
            const Index ch = t.quant.channels() > 1 ? r : 0;
            if (q.dequantize(t.quant, ch, t.quant.codes(r, c)) != t.values(r, c))
                return false;
        }
    return true;
}

Scalar mseAt(const Dataset& data, const std::vector<Scalar>& point)
{
    const Matrix z = (data.xTrain * point[0]).array() + point[1];
    return (z - data.yTrain).squaredNorm() / static_cast<Scalar>(data.xTrain.rows());
}

} // namespace

class TestTrainingModes : public QObject {
    Q_OBJECT

private slots:
    void postUpdateOnGrid_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("rounding");
        QTest::newRow("fixed 8.3 nearest") << "fixed" << 8 << int(Rounding::Nearest);
        QTest::newRow("fixed 8.3 stochastic") << "fixed" << 8 << int(Rounding::Stochastic);
        QTest::newRow("symmetric 4") << "symmetric" << 4 << int(Rounding::Nearest);
        QTest::newRow("pow2 4") << "pow2" << 4 << int(Rounding::Nearest);
    }
    // post_update: the stored weights are always on the grid, from step 0 on.
    void postUpdateOnGrid()
    {
        QFETCH(QString, scheme);
        QFETCH(int, bits);
        QFETCH(int, rounding);
        ExperimentSpec spec = seedSpec(20);
        QuantizerSpec q = quant(scheme.toStdString(), bits, TrainingMode::PostUpdate, 3);
        q.rounding = Rounding(rounding);
        spec.runs = { { "q", q } };
        Experiment exp(spec, dataFor(spec));
        const auto quantizer = createQuantizer(q);
        RecordLog log;
        for (int chunk = 0; chunk < 4; ++chunk) {
            exp.advance(5, log);
            for (const auto& t : exp.snapshot(0).tensors) {
                QVERIFY(t.quantized);
                QVERIFY(t.latent.size() == 0);
                QVERIFY(valuesMatchCodes(t, *quantizer));
                if (scheme == "fixed")
                    QVERIFY(onFixedGrid(t.values, 3));
            }
        }
        for (const Record& r : log.records(0))
            if (scheme == "fixed")
                QVERIFY(onFixedGrid(Eigen::Map<const Matrix>(r.point.data(), 1, 2), 3));
        QVERIFY(log.records(0).back().point != log.records(0).front().point);
    }

    // ste: the latent weights move freely; the forward pass uses Q(w).
    void steForwardAtQuantized()
    {
        ExperimentSpec spec = seedSpec(60);
        spec.runs = { { "ste", quant("fixed", 8, TrainingMode::Ste, 2) } };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log);
        const auto rec = log.records(0);
        bool latentOffGrid = false;
        for (std::size_t i = 0; i + 1 < rec.size(); ++i) {
            const Matrix point = Eigen::Map<const Matrix>(rec[i].point.data(), 1, 2);
            const Matrix latent = Eigen::Map<const Matrix>(rec[i].latentPoint.data(), 1, 2);
            QVERIFY(onFixedGrid(point, 2));
            QCOMPARE(point, (latent * 4.0).array().round().matrix() / 4.0);
            latentOffGrid = latentOffGrid || !onFixedGrid(latent, 2);
            // Full batch: step i+1 trains on the weights after step i, i.e. Q(latent).
            QVERIFY(qFuzzyCompare(rec[i + 1].batchLoss, mseAt(exp.dataset(), rec[i].point)));
        }
        QVERIFY(latentOffGrid);
        QVERIFY(rec.back().latentPoint != rec[1].latentPoint);
    }

    void steClip_data()
    {
        QTest::addColumn<bool>("clip");
        QTest::newRow("ste") << false;
        QTest::newRow("ste_clip") << true;
    }
    // fixed 4.3 represents [-1, 0.875]; the fit wants w = 3, b = 2.5, so both weights
    // saturate. With ste_clip the gradient is zero once the rounded code is out of range,
    // which freezes the latent weights; without it they keep growing.
    void steClip()
    {
        QFETCH(bool, clip);
        ExperimentSpec spec = seedSpec(200);
        QuantizerSpec q = quant("fixed", 4, TrainingMode::Ste, 3);
        q.steClip = clip;
        spec.runs = { { "ste", q } };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log);
        const auto rec = log.records(0);
        const Record& last = rec.back();
        QCOMPARE(last.point, (std::vector<Scalar> { 0.875, 0.875 }));
        if (clip) {
            QCOMPARE(last.gradNorm, 0.0);
            QCOMPARE(last.latentPoint, rec[rec.size() - 50].latentPoint);
            for (Scalar w : last.latentPoint)
                QVERIFY(w >= 0.9375 && w < 2.0);
        } else {
            QVERIFY(last.gradNorm > 0.1);
            for (Scalar w : last.latentPoint)
                QVERIFY(w > 5.0);
        }
    }

    void ptqTrainsLikeFp_data()
    {
        QTest::addColumn<int>("rounding");
        QTest::newRow("nearest") << int(Rounding::Nearest);
        QTest::newRow("stochastic") << int(Rounding::Stochastic);
    }
    // ptq: the latent weights are the full-precision run's, bit for bit; its metrics are
    // those of Q(w).
    void ptqTrainsLikeFp()
    {
        QFETCH(int, rounding);
        ExperimentSpec spec;
        spec.dataset.source = "builtin:moons";
        spec.dataset.samples = 80;
        spec.dataset.testFraction = 0.25;
        spec.model.kind = "mlp";
        spec.model.hidden = { 2 };
        spec.loss = "bce";
        spec.optimizer.kind = "sgd";
        spec.optimizer.lr = 0.3;
        spec.optimizer.momentum = 0.9;
        spec.optimizer.batchSize = 16;
        spec.training.epochs = 8;
        spec.training.seed = 3;
        QuantizerSpec q = quant("symmetric", 3, TrainingMode::Ptq);
        q.rounding = Rounding(rounding);
        spec.runs = { { "fp64", std::nullopt }, { "ptq", q } };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log, {}, 2);
        const auto fp = log.records(0);
        const auto ptq = log.records(1);
        QCOMPARE(fp.size(), ptq.size());
        bool metricsDiffer = false;
        for (std::size_t i = 0; i < fp.size(); ++i) {
            QCOMPARE(ptq[i].latentPoint, fp[i].point);
            QCOMPARE(ptq[i].gradNorm, fp[i].gradNorm);
            QVERIFY(ptq[i].point != ptq[i].latentPoint);
            if (ptq[i].evaluated && ptq[i].trainLoss != fp[i].trainLoss)
                metricsDiffer = true;
        }
        QVERIFY(metricsDiffer);
        const auto fpSnap = exp.snapshot(0);
        const auto ptqSnap = exp.snapshot(1);
        for (std::size_t i = 0; i < fpSnap.tensors.size(); ++i)
            QCOMPARE(ptqSnap.tensors[i].latent, fpSnap.tensors[i].values);
        // The reported train loss is that of the quantized weights (nearest: the snapshot's).
        if (Rounding(rounding) == Rounding::Nearest) {
            auto model = createModel(spec.model, 2, 1);
            for (std::size_t i = 0; i < ptqSnap.tensors.size(); ++i)
                model->values()[i] = ptqSnap.tensors[i].values;
            Matrix logits;
            model->predict(exp.dataset().xTrain, logits);
            QCOMPARE(exp.summary(1).last.trainLoss,
                createLoss("bce")->value(logits, exp.dataset().yTrain));
        }
    }

    // quantize_bias = false: the bias stays full precision in every mode.
    void quantizeBiasOff_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("post_update") << int(TrainingMode::PostUpdate);
        QTest::newRow("ste") << int(TrainingMode::Ste);
        QTest::newRow("ptq") << int(TrainingMode::Ptq);
    }
    void quantizeBiasOff()
    {
        QFETCH(int, mode);
        ExperimentSpec spec = seedSpec(30);
        QuantizerSpec q = quant("fixed", 8, TrainingMode(mode), 3);
        q.quantizeBias = false;
        spec.runs = { { "q", q } };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log);
        const auto snap = exp.snapshot(0);
        QCOMPARE(snap.tensors[1].name, std::string("bias"));
        QVERIFY(snap.tensors[0].quantized);
        QVERIFY(!snap.tensors[1].quantized);
        QVERIFY(onFixedGrid(snap.tensors[0].values, 3));
        QVERIFY(!onFixedGrid(snap.tensors[1].values, 3));
        if (TrainingMode(mode) != TrainingMode::PostUpdate)
            QCOMPARE(snap.tensors[1].values, snap.tensors[1].latent);
    }

    // setQuantizer between advance() calls re-snaps the weights onto the new grid.
    void setQuantizerResnaps_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("post_update") << int(TrainingMode::PostUpdate);
        QTest::newRow("ste") << int(TrainingMode::Ste);
        QTest::newRow("ptq") << int(TrainingMode::Ptq);
    }
    void setQuantizerResnaps()
    {
        QFETCH(int, mode);
        ExperimentSpec spec = seedSpec(100);
        spec.runs = { { "q", quant("fixed", 8, TrainingMode(mode), 3) } };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.advance(40, log);
        bool offCoarse = false;
        for (const auto& t : exp.snapshot(0).tensors)
            offCoarse = offCoarse || !onFixedGrid(t.values, 1);
        QVERIFY(offCoarse);
        exp.setQuantizer(0, quant("fixed", 8, TrainingMode(mode), 1));
        QCOMPARE(exp.spec().runs[0].quantizer->fracBits, 1);
        for (const auto& t : exp.snapshot(0).tensors)
            QVERIFY(onFixedGrid(t.values, 1));
        exp.run(log);
        QCOMPARE(statusName(exp.summary(0).status), statusName(RunStatus::Finished));
        for (const auto& t : exp.snapshot(0).tensors)
            QVERIFY(onFixedGrid(t.values, 1));
        for (const Record& r : log.records(0))
            if (r.step > 40)
                QVERIFY(onFixedGrid(Eigen::Map<const Matrix>(r.point.data(), 1, 2), 1));

        QuantizerSpec invalid = quant("fixed", 0, TrainingMode(mode), 1);
        QVERIFY_THROWS_EXCEPTION(Error, exp.setQuantizer(0, invalid));
    }

    // activation_bits reaches the MLP: the same run without it gives other numbers.
    void activationBits()
    {
        ExperimentSpec spec;
        spec.dataset.source = "builtin:moons";
        spec.dataset.samples = 60;
        spec.model.kind = "mlp";
        spec.model.hidden = { 4 };
        spec.loss = "bce";
        spec.optimizer.lr = 0.5;
        spec.training.epochs = 20;
        QuantizerSpec plain = quant("fixed", 16, TrainingMode::Ste, 10);
        QuantizerSpec act = plain;
        act.activationBits = 2;
        spec.runs = { { "plain", plain }, { "act", act } };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log);
        QVERIFY(exp.summary(0).last.trainLoss != exp.summary(1).last.trainLoss);
    }

    // Each hidden activation its own bits (per_tensor "layers.l.activation"): an entry equal
    // to the run's changes nothing; 2 bits on layer 0 only, written as an override of a run
    // with activation_bits or as the only entry of a run without, is one and the same run
    // (bit for bit, across reruns and 1 or 2 threads), and differs from 2 bits everywhere and
    // from none.
    void activationBitsPerLayer_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("post_update") << int(TrainingMode::PostUpdate);
        QTest::newRow("ste") << int(TrainingMode::Ste);
        QTest::newRow("ptq") << int(TrainingMode::Ptq);
    }
    void activationBitsPerLayer()
    {
        QFETCH(int, mode);
        ExperimentSpec spec;
        spec.dataset.source = "builtin:moons";
        spec.dataset.samples = 80;
        spec.model.kind = "mlp";
        spec.model.hidden = { 6, 5 };
        spec.loss = "bce";
        spec.optimizer.lr = 0.5;
        spec.training.epochs = 15;
        const QuantizerSpec plain = quant("fixed", 16, TrainingMode(mode), 10);
        QuantizerSpec all = plain;
        all.activationBits = 2;
        QuantizerSpec layer0 = all;
        layer0.activationBits = 2;
        QuantizerSpec off = all;
        off.activationBits = 0;
        const std::vector<TensorQuantizer> same { { "layers.0.activation", all } };
        const std::vector<TensorQuantizer> secondOff { { "layers.1.activation", off } };
        const std::vector<TensorQuantizer> firstOn { { "layers.0.activation", layer0 } };
        spec.runs = { { "all", all }, { "same", all, same }, { "override", all, secondOff },
            { "only", plain, firstOn }, { "none", plain } };
        QVERIFY(specProblems(spec).empty());
        auto once = [&](int threads) {
            auto e = std::make_unique<Experiment>(spec, dataFor(spec));
            RecordLog log;
            e->run(log, {}, threads);
            std::vector<std::vector<Record>> out;
            for (int r = 0; r < e->runCount(); ++r)
                out.push_back(log.records(r));
            return std::make_pair(std::move(e), out);
        };
        const auto [e, a] = once(1);
        const auto b = once(1).second, c = once(2).second;
        auto identical = [](const std::vector<Record>& x, const std::vector<Record>& y) {
            if (x.size() != y.size())
                return false;
            for (std::size_t i = 0; i < x.size(); ++i)
                if (std::memcmp(&x[i].trainLoss, &y[i].trainLoss, sizeof(double)) != 0
                    || std::memcmp(&x[i].batchLoss, &y[i].batchLoss, sizeof(double)) != 0)
                    return false;
            return true;
        };
        QVERIFY(a[0].size() > 10);
        QVERIFY(identical(a[0], a[1])); // an entry equal to the run's
        QVERIFY(identical(a[2], a[3])); // two spellings of "2 bits on layer 0 only"
        QVERIFY(!identical(a[2], a[0]));
        QVERIFY(!identical(a[2], a[4]));
        for (std::size_t r = 0; r < a.size(); ++r) {
            QVERIFY(identical(a[r], b[r]));
            QVERIFY(identical(a[r], c[r]));
        }
    }
};

QTEST_APPLESS_MAIN(TestTrainingModes)
#include "tst_training_modes.moc"
