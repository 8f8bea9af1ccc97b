// Experiment: the lab's first lesson, determinism, divergence, stop, record cadence,
// evaluation at the quantized weights, initial weights and validation messages.

#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/engine/record_log.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <stop_token>

using namespace bitlab;

namespace {

// Statuses compare as their names: QTest would find bitlab::toString(RunStatus) by ADL
// and free its static string.
QString statusName(RunStatus s)
{
    return QString::fromLatin1(toString(s));
}

ExperimentSpec seedSpec(std::int64_t epochs = 1000)
{
    ExperimentSpec spec;
    spec.dataset.source = "builtin:seed-linear";
    spec.dataset.samples = 100;
    spec.model.kind = "linear";
    spec.loss = "mse";
    spec.optimizer.kind = "gd";
    spec.optimizer.lr = 0.1;
    spec.optimizer.batchSize = 0;
    spec.training.epochs = epochs;
    spec.training.seed = 42;
    spec.init.kind = "default";
    return spec;
}

QuantizerSpec fixed83(TrainingMode mode, Rounding rounding = Rounding::Nearest)
{
    QuantizerSpec q;
    q.scheme = "fixed";
    q.bits = 8;
    q.fracBits = 3;
    q.mode = mode;
    q.rounding = rounding;
    return q;
}

RunSpec runOf(const std::string& name, std::optional<QuantizerSpec> q = std::nullopt)
{
    return RunSpec { name, std::move(q) };
}

// A classification experiment that exercises mini-batches, shuffling, a test split,
// Adam, stochastic rounding and every mode.
ExperimentSpec moonsSpec()
{
    ExperimentSpec spec;
    spec.dataset.source = "builtin:moons";
    spec.dataset.samples = 120;
    spec.dataset.testFraction = 0.25;
    spec.dataset.standardize = true;
    spec.model.kind = "mlp";
    spec.model.hidden = { 6 };
    spec.model.activation = Activation::Tanh;
    spec.loss = "bce";
    spec.optimizer.kind = "adam";
    spec.optimizer.lr = 0.02;
    spec.optimizer.batchSize = 16; // 90 training rows: 5 full batches and one of 10
    spec.training.epochs = 6;
    spec.training.seed = 7;
    spec.training.recordEvery = 2;
    spec.training.evalEvery = 5;
    QuantizerSpec sym;
    sym.scheme = "symmetric";
    sym.bits = 4;
    sym.mode = TrainingMode::Ste;
    sym.rounding = Rounding::Stochastic;
    QuantizerSpec aff;
    aff.scheme = "affine";
    aff.bits = 6;
    aff.mode = TrainingMode::Ptq;
    spec.runs = { runOf("fp64"), runOf("", sym),
        runOf("", fixed83(TrainingMode::PostUpdate, Rounding::Stochastic)), runOf("", aff) };
    return spec;
}

Dataset dataFor(const ExperimentSpec& spec)
{
    return loadDataset(spec.dataset, "");
}

bool same(Scalar a, Scalar b)
{
    return std::memcmp(&a, &b, sizeof(Scalar)) == 0 || (std::isnan(a) && std::isnan(b));
}

// Bit-for-bit equality of two record lists; returns a description of the first difference.
QString compareRecords(const std::vector<Record>& a, const std::vector<Record>& b)
{
    if (a.size() != b.size())
        return QString("record counts differ: %1 vs %2").arg(a.size()).arg(b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Record& x = a[i];
        const Record& y = b[i];
        const bool eq = x.run == y.run && x.step == y.step && x.epoch == y.epoch
            && x.evaluated == y.evaluated && same(x.batchLoss, y.batchLoss)
            && same(x.trainLoss, y.trainLoss) && same(x.testLoss, y.testLoss)
            && same(x.trainAccuracy, y.trainAccuracy) && same(x.testAccuracy, y.testAccuracy)
            && same(x.gradNorm, y.gradNorm) && same(x.quantError, y.quantError)
            && x.flips == y.flips && same(x.lr, y.lr) && x.point == y.point
            && x.latentPoint == y.latentPoint;
        if (!eq)
            return QString("record %1 (run %2, step %3) differs").arg(i).arg(x.run).arg(x.step);
    }
    return {};
}

std::vector<Record> runAll(const ExperimentSpec& spec, int threads, std::int64_t chunk = 0)
{
    Experiment exp(spec, dataFor(spec));
    RecordLog log;
    if (chunk <= 0)
        exp.run(log, {}, threads);
    else
        while (exp.advance(chunk, log, {}, threads)) { }
    return log.allRecords();
}

Scalar lossAtSnapshot(const Experiment& exp, int run)
{
    const WeightSnapshot snap = exp.snapshot(run);
    const Dataset& data = exp.dataset();
    auto model = createModel(exp.spec().model, data.features(), data.outputs());
    for (std::size_t i = 0; i < snap.tensors.size(); ++i)
        model->values()[i] = snap.tensors[i].values;
    Matrix logits;
    model->predict(data.xTrain, logits);
    return createLoss(exp.spec().loss)->value(logits, data.yTrain);
}

// Stops the experiment once run `run` has reported step `step`.
class StopAt : public RecordLog {
public:
    StopAt(std::stop_source& source, int run, std::int64_t step)
        : m_source(source)
        , m_run(run)
        , m_step(step)
    {
    }
    void onRecord(const Record& r) override
    {
        RecordLog::onRecord(r);
        if (r.run == m_run && r.step >= m_step)
            m_source.request_stop();
    }

private:
    std::stop_source& m_source;
    int m_run;
    std::int64_t m_step;
};

} // namespace

class TestExperiment : public QObject {
    Q_OBJECT

private slots:
    // The lab's first lesson (DESIGN §2, "post_update"): the classic y = 3x + 2 example
    // with GD, lr 0.1, 1000 full-batch steps. Rounding to 3 fractional bits after every
    // update stalls once every |lr * grad| < 1/16; stochastic rounding and STE do not.
    void lesson()
    {
        ExperimentSpec spec = seedSpec(1000);
        spec.runs = { runOf("fp64"), runOf("post", fixed83(TrainingMode::PostUpdate)),
            runOf("post-sr", fixed83(TrainingMode::PostUpdate, Rounding::Stochastic)),
            runOf("ste", fixed83(TrainingMode::Ste)) };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log);
        QVERIFY(exp.finished());
        std::vector<Scalar> final;
        for (int r = 0; r < exp.runCount(); ++r) {
            const RunSummary s = exp.summary(r);
            QCOMPARE(statusName(s.status), statusName(RunStatus::Finished));
            QCOMPARE(s.steps, std::int64_t(1000));
            QCOMPARE(s.last.step, std::int64_t(1000));
            final.push_back(s.last.trainLoss);
        }
        const Scalar fp = final[0], post = final[1], sr = final[2], ste = final[3];
        qInfo("final train loss: fp64 %.6f  post_update nearest %.6f (%.2fx)  post_update "
              "stochastic %.6f (%+.1f%%)  ste %.6f (%+.1f%%)",
            fp, post, post / fp, sr, 100 * (sr / fp - 1), ste, 100 * (ste / fp - 1));
        QVERIFY2(post > 1.5 * fp, "nearest rounding after each update must stall clearly above FP");
        QVERIFY2(std::abs(sr - fp) <= 0.25 * fp, "stochastic rounding must get within 25% of FP");
        QVERIFY2(std::abs(ste - fp) <= 0.25 * fp, "STE must get within 25% of FP");

        // The stall: no weight of the nearest-rounding run changes level in the last 300 steps,
        // and its stored weights are those of step 700.
        const auto records = log.records(1);
        std::int64_t lateFlips = 0;
        std::vector<Scalar> at700;
        for (const Record& r : records) {
            if (r.step > 700)
                lateFlips += r.flips;
            if (r.step == 700)
                at700 = r.point;
        }
        QCOMPARE(lateFlips, std::int64_t(0));
        QCOMPARE(records.back().point, at700);
        // ...while the full-precision run is still moving then.
        const auto fpRecords = log.records(0);
        QVERIFY(fpRecords[700].point != fpRecords.back().point);
    }

    // Stop while the GUI builds an experiment: a stop request ends the construction with
    // Cancelled (not an Error the user is shown); without one the same spec builds.
    void stopWhileBuilding()
    {
        ExperimentSpec spec = seedSpec(10);
        spec.runs = { runOf("fp64"), runOf("post", fixed83(TrainingMode::PostUpdate)) };
        std::stop_source stop;
        stop.request_stop();
        QVERIFY_THROWS_EXCEPTION(Cancelled, Experiment(spec, dataFor(spec), {}, stop.get_token()));
        const Experiment built(spec, dataFor(spec), {}, std::stop_source().get_token());
        QCOMPARE(built.runCount(), 2);
    }

    void determinism_data()
    {
        QTest::addColumn<int>("threadsA");
        QTest::addColumn<int>("threadsB");
        QTest::addColumn<qint64>("chunkA");
        QTest::addColumn<qint64>("chunkB");
        QTest::newRow("same spec twice") << 2 << 2 << qint64(0) << qint64(0);
        QTest::newRow("threads 1 vs 2") << 1 << 2 << qint64(0) << qint64(0);
        QTest::newRow("threads 1 vs 4") << 1 << 4 << qint64(0) << qint64(0);
        QTest::newRow("chunks of 7 vs one call") << 2 << 2 << qint64(7) << qint64(0);
        QTest::newRow("chunks of 1 vs 5") << 1 << 3 << qint64(1) << qint64(5);
    }
    void determinism()
    {
        QFETCH(int, threadsA);
        QFETCH(int, threadsB);
        QFETCH(qint64, chunkA);
        QFETCH(qint64, chunkB);
        const ExperimentSpec spec = moonsSpec();
        const auto a = runAll(spec, threadsA, chunkA);
        const auto b = runAll(spec, threadsB, chunkB);
        QVERIFY(a.size() > 4 * 10);
        const QString diff = compareRecords(a, b);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // A seed change must change the numbers (otherwise determinism proves nothing).
    void seedMatters()
    {
        ExperimentSpec spec = moonsSpec();
        const auto a = runAll(spec, 2);
        spec.training.seed = 8;
        const auto b = runAll(spec, 2);
        QVERIFY(!compareRecords(a, b).isEmpty());
    }

    // Stopping and resuming gives the records of an uninterrupted run.
    void stopAndResume()
    {
        const ExperimentSpec spec = moonsSpec();
        const auto reference = runAll(spec, 1);
        Experiment exp(spec, dataFor(spec));
        std::stop_source source;
        StopAt log(source, 0, 10);
        exp.advance(exp.totalSteps(), log, source.get_token(), 1);
        QCOMPARE(exp.summary(0).steps, std::int64_t(10));
        QCOMPARE(statusName(exp.summary(0).status), statusName(RunStatus::Running));
        QVERIFY(!exp.finished());
        QVERIFY(log.summaries().empty());
        exp.run(log, {}, 2);
        QVERIFY(exp.finished());
        const QString diff = compareRecords(log.allRecords(), reference);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // A stop request during a long run ends it promptly: run() returns after the step at
    // which the stop was asked, and every unfinished run is Stopped and reported.
    void stopRequest()
    {
        ExperimentSpec spec = seedSpec(10'000'000);
        spec.training.recordEvery = 1;
        spec.training.evalEvery = 0;
        spec.runs = { runOf("fp64"), runOf("ste", fixed83(TrainingMode::Ste)) };
        Experiment exp(spec, dataFor(spec));
        std::stop_source source;
        StopAt log(source, 0, 200);
        exp.run(log, source.get_token(), 1);
        QVERIFY(exp.finished());
        QCOMPARE(statusName(exp.summary(0).status), statusName(RunStatus::Stopped));
        QCOMPARE(exp.summary(0).steps, std::int64_t(200));
        QCOMPARE(statusName(exp.summary(1).status), statusName(RunStatus::Stopped));
        QCOMPARE(exp.summary(1).steps, std::int64_t(0)); // never started: threads = 1
        QCOMPARE(int(log.summaries().size()), 2);
        QVERIFY(log.summary(0).has_value());
        QCOMPARE(statusName(log.summary(0)->status), statusName(RunStatus::Stopped));
        QVERIFY(!exp.advance(10, log)); // nothing left to do
    }

    void divergence_data()
    {
        QTest::addColumn<double>("lr");
        QTest::newRow("lr 1e3") << 1e3;
        QTest::newRow("lr 1e6") << 1e6;
    }
    // lr 1e3 blows the full-precision run up; the fixed-point runs saturate at the ends of
    // their range and finish. The diverged run keeps its last finite weights.
    void divergence()
    {
        QFETCH(double, lr);
        ExperimentSpec spec = seedSpec(300);
        spec.optimizer.lr = lr;
        spec.training.recordEvery = 1;
        spec.runs = { runOf("fp64"), runOf("post", fixed83(TrainingMode::PostUpdate)),
            runOf("ste", fixed83(TrainingMode::Ste)) };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log, {}, 2);

        const RunSummary fp = exp.summary(0);
        QCOMPARE(statusName(fp.status), statusName(RunStatus::Diverged));
        QVERIFY(fp.failedStep > 0 && fp.failedStep < 300);
        QVERIFY(fp.steps == fp.failedStep || fp.steps == fp.failedStep - 1);
        const std::string prefix = "diverged at step " + std::to_string(fp.failedStep) + ": ";
        QVERIFY2(fp.message.rfind(prefix, 0) == 0, fp.message.c_str());
        QVERIFY2(fp.message.find("became inf") != std::string::npos
                || fp.message.find("became nan") != std::string::npos,
            fp.message.c_str());
        QVERIFY2(fp.message.find("smaller learning rate") != std::string::npos, fp.message.c_str());
        QVERIFY(std::isfinite(fp.lastFiniteLoss));
        QVERIFY(log.summary(0).has_value());
        QCOMPARE(statusName(log.summary(0)->status), statusName(RunStatus::Diverged));
        for (const auto& t : exp.snapshot(0).tensors)
            QVERIFY(t.values.allFinite());
        // No record carries an inf, and none is past the failure.
        for (const Record& r : log.records(0)) {
            QVERIFY(r.step < fp.failedStep);
            for (Scalar v : { r.batchLoss, r.trainLoss, r.gradNorm, r.lr })
                QVERIFY(!std::isinf(v));
        }
        QCOMPARE(statusName(exp.summary(1).status), statusName(RunStatus::Finished));
        QCOMPARE(statusName(exp.summary(2).status), statusName(RunStatus::Finished));
        QCOMPARE(exp.summary(1).steps, std::int64_t(300));
    }

    // An exception inside a run (a quantizer refusing a range too wide for its scale) and
    // a loss that overflows at step 0 end those runs only; the others finish.
    void failureIsData()
    {
        ExperimentSpec spec = seedSpec(20);
        spec.dataset.source = "builtin:linear";
        spec.dataset.features = 2;
        spec.init.kind = "file";
        QuantizerSpec affine1;
        affine1.scheme = "affine";
        affine1.bits = 1;
        spec.runs = { runOf("fp64"), runOf("affine1", affine1),
            runOf("fixed", fixed83(TrainingMode::PostUpdate)) };
        Matrix w(1, 2);
        w << 1e308, -1e308;
        const std::vector<NamedTensor> init { { "weight", { 1, 2 }, w },
            { "bias", { 1 }, Matrix::Zero(1, 1) } };
        Experiment exp(spec, dataFor(spec), init);
        RecordLog log;
        exp.run(log, {}, 2);

        const RunSummary fp = exp.summary(0);
        QCOMPARE(statusName(fp.status), statusName(RunStatus::Diverged));
        QCOMPARE(fp.failedStep, std::int64_t(0));
        QCOMPARE(fp.steps, std::int64_t(0));
        QVERIFY2(fp.message.rfind("diverged at step 0: the training loss became inf", 0) == 0,
            fp.message.c_str());
        QVERIFY(log.records(0).empty());

        const RunSummary failed = exp.summary(1);
        QCOMPARE(statusName(failed.status), statusName(RunStatus::Failed));
        QCOMPARE(failed.failedStep, std::int64_t(0));
        QVERIFY2(failed.message.rfind("failed at step 0: ", 0) == 0, failed.message.c_str());
        QVERIFY(log.summary(1).has_value());
        QCOMPARE(statusName(log.summary(1)->status), statusName(RunStatus::Failed));

        QCOMPARE(statusName(exp.summary(2).status), statusName(RunStatus::Finished));
        QCOMPARE(exp.summary(2).steps, std::int64_t(20));
        QCOMPARE(int(log.summaries().size()), 3);
    }

    void cadence_data()
    {
        QTest::addColumn<qint64>("batch");
        QTest::addColumn<qint64>("recordEvery");
        QTest::addColumn<qint64>("evalEvery");
        QTest::addColumn<qint64>("spe");
        QTest::newRow("batch 30, record 3, eval 8")
            << qint64(30) << qint64(3) << qint64(8) << qint64(4);
        QTest::newRow("full batch, record 7, eval 0")
            << qint64(0) << qint64(7) << qint64(0) << qint64(1);
        QTest::newRow("batch 100 = full, record 1, eval 5")
            << qint64(100) << qint64(1) << qint64(5) << qint64(1);
    }
    void cadence()
    {
        QFETCH(qint64, batch);
        QFETCH(qint64, recordEvery);
        QFETCH(qint64, evalEvery);
        QFETCH(qint64, spe);
        ExperimentSpec spec = seedSpec(10);
        spec.optimizer.kind = batch > 0 ? "sgd" : "gd"; // gd means full batch
        spec.optimizer.batchSize = batch;
        spec.training.recordEvery = recordEvery;
        spec.training.evalEvery = evalEvery;
        spec.runs = { runOf("fp64"), runOf("q", fixed83(TrainingMode::Ste)) };
        Experiment exp(spec, dataFor(spec));
        QCOMPARE(exp.stepsPerEpoch(), spe);
        const std::int64_t total = 10 * spe;
        QCOMPARE(exp.totalSteps(), total);
        RecordLog log;
        exp.run(log);
        for (int run = 0; run < 2; ++run) {
            std::vector<std::int64_t> expected, evaluated;
            for (std::int64_t s = 0; s <= total; ++s) {
                const bool eval = s == 0 || s == total || (evalEvery > 0 && s % evalEvery == 0);
                if (eval || s % recordEvery == 0)
                    expected.push_back(s);
                if (eval)
                    evaluated.push_back(s);
            }
            std::vector<std::int64_t> got, gotEval;
            for (const Record& r : log.records(run)) {
                got.push_back(r.step);
                if (r.evaluated)
                    gotEval.push_back(r.step);
                QCOMPARE(r.epoch, r.step / spe);
                QCOMPARE(r.evaluated, !std::isnan(r.trainLoss));
                QVERIFY(std::isnan(r.testLoss)); // no test rows
                QVERIFY(std::isnan(r.trainAccuracy)); // regression
                QCOMPARE(r.lr, 0.1);
                QCOMPARE(std::isnan(r.batchLoss), r.step == 0);
                QCOMPARE(std::isnan(r.gradNorm), r.step == 0);
                QCOMPARE(int(r.point.size()), 2);
                QCOMPARE(int(r.latentPoint.size()), run == 1 ? 2 : 0);
            }
            QCOMPARE(got, expected);
            QCOMPARE(gotEval, evaluated);
            QCOMPARE(log.records(run).front().step, std::int64_t(0));
            QVERIFY(log.records(run).front().evaluated);
        }
        // Full batch: the batch loss of step s+1 is the exact train loss after step s.
        if (spe == 1) {
            const auto rec = log.records(0);
            for (std::size_t i = 0; i + 1 < rec.size(); ++i)
                if (rec[i].evaluated && rec[i + 1].step == rec[i].step + 1)
                    QCOMPARE(rec[i + 1].batchLoss, rec[i].trainLoss);
        }
    }

    void defaults()
    {
        ExperimentSpec spec = seedSpec(5000);
        spec.optimizer.kind = "sgd";
        spec.optimizer.batchSize = 30;
        spec.optimizer.schedule.kind = "cosine";
        QuantizerSpec sym;
        sym.scheme = "symmetric";
        sym.bits = 4;
        sym.mode = TrainingMode::Ste;
        spec.runs = { runOf(""), runOf("", fixed83(TrainingMode::PostUpdate)),
            runOf("", fixed83(TrainingMode::PostUpdate)), runOf("", sym), runOf("fp64-2") };
        resolveDefaults(spec, 100);
        QCOMPARE(*spec.training.recordEvery, std::int64_t(20)); // 20000 steps / 1000
        QCOMPARE(*spec.training.evalEvery, std::int64_t(4)); // once per epoch
        QCOMPARE(spec.optimizer.schedule.tMax, 5000);
        QCOMPARE(spec.runs[0].name, std::string("fp64"));
        QCOMPARE(spec.runs[1].name, std::string("fixed8.3-post"));
        QCOMPARE(spec.runs[2].name, std::string("fixed8.3-post-2"));
        QCOMPARE(spec.runs[3].name, std::string("sym4-ste"));
        QCOMPARE(spec.runs[4].name, std::string("fp64-2"));

        ExperimentSpec small = seedSpec(10);
        small.runs.clear();
        resolveDefaults(small, 100);
        QCOMPARE(*small.training.recordEvery, std::int64_t(1));
        QCOMPARE(*small.training.evalEvery, std::int64_t(1));
        QCOMPARE(int(small.runs.size()), 1);
        QCOMPARE(small.runs[0].name, std::string("fp64"));
    }

    // The evaluated losses of a quantized run are those of its quantized weights.
    void evaluationAtQuantizedWeights_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("post_update") << int(TrainingMode::PostUpdate);
        QTest::newRow("ste") << int(TrainingMode::Ste);
        QTest::newRow("ptq") << int(TrainingMode::Ptq);
    }
    void evaluationAtQuantizedWeights()
    {
        QFETCH(int, mode);
        ExperimentSpec spec = seedSpec(37);
        QuantizerSpec q = fixed83(TrainingMode(mode));
        q.fracBits = 2;
        spec.runs = { runOf("fp64"), runOf("q", q) };
        Experiment exp(spec, dataFor(spec));
        RecordLog log;
        exp.run(log);
        const Scalar reported = exp.summary(1).last.trainLoss;
        QCOMPARE(reported, lossAtSnapshot(exp, 1));
        for (const auto& t : exp.snapshot(1).tensors)
            QVERIFY(((t.values * 4.0).array() == (t.values * 4.0).array().round()).all());
        QVERIFY(reported != exp.summary(0).last.trainLoss);
        QCOMPARE(exp.summary(0).last.trainLoss, lossAtSnapshot(exp, 0));
    }

    void initFromTensors()
    {
        ExperimentSpec spec = seedSpec(3);
        spec.init.kind = "file";
        spec.init.path = "w.json";
        spec.runs = { runOf("fp64"), runOf("q", fixed83(TrainingMode::Ste)) };
        NamedTensor w { "weight", { 1, 1 }, Matrix::Constant(1, 1, 2.3) };
        NamedTensor b { "bias", { 1 }, Matrix::Constant(1, 1, -0.7) };
        Experiment exp(spec, dataFor(spec), { b, w });
        const auto fp = exp.snapshot(0);
        QCOMPARE(fp.tensors[0].values(0, 0), 2.3);
        QCOMPARE(fp.tensors[1].values(0, 0), -0.7);
        const auto q = exp.snapshot(1);
        QCOMPARE(q.tensors[0].latent(0, 0), 2.3);
        QCOMPARE(q.tensors[0].values(0, 0), 2.25);
        QCOMPARE(q.tensors[1].values(0, 0), -0.75);

        NamedTensor wrong { "weight", { 1, 2 }, Matrix::Constant(1, 2, 1.0) };
        try {
            Experiment bad(spec, dataFor(spec), { wrong, b });
            QFAIL("a wrong shape must be refused");
        } catch (const Error& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("[1, 2]") != std::string::npos && m.find("[1, 1]") != std::string::npos
                    && m.find("weight") != std::string::npos,
                e.what());
        }
        try {
            Experiment bad(spec, dataFor(spec), { w });
            QFAIL("a missing tensor must be refused");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("'bias'") != std::string::npos, e.what());
        }
    }

    // Every run starts from the same initial weights (default init of an MLP: random).
    void sameInitialWeights()
    {
        const ExperimentSpec spec = moonsSpec();
        Experiment exp(spec, dataFor(spec));
        const auto fp = exp.snapshot(0);
        for (int r = 1; r < exp.runCount(); ++r) {
            const auto s = exp.snapshot(r);
            for (std::size_t i = 0; i < fp.tensors.size(); ++i) {
                const Matrix& fpW = fp.tensors[i].values;
                const Matrix& w
                    = s.tensors[i].latent.size() ? s.tensors[i].latent : s.tensors[i].values;
                if (spec.runs[r].quantizer->mode != TrainingMode::PostUpdate)
                    QCOMPARE(w, fpW);
            }
        }
        QVERIFY(fp.tensors[0].values.cwiseAbs().maxCoeff() > 0);
    }

    void validation_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("loss does not fit model")
            << "loss"
            << "loss: 'mse' does not fit model 'logistic' (valid: bce)";
        QTest::newRow("model cannot learn task")
            << "task"
            << "model.kind: 'logistic' cannot learn the regression task";
        QTest::newRow("unknown model")
            << "model"
            << "model.kind must be one of linear, logistic, softmax, svm, mlp, got \"perceptron\"";
        QTest::newRow("batch larger than data")
            << "batch"
            << "optimizer.batch_size: 500 is larger than the 100 training rows";
        QTest::newRow("epochs 0") << "epochs"
                                  << "training.epochs must be in [1, 1000000000], got 0";
        QTest::newRow("bad quantizer") << "quant"
                                       << "runs.1.quantizer";
        QTest::newRow("duplicate names") << "names"
                                         << "runs.1.name: 'a' is already";
        QTest::newRow("activation bits on linear") << "act"
                                                   << "runs.1.quantizer.activation_bits";
        QTest::newRow("negative lr") << "lr"
                                     << "optimizer.lr";
    }
    void validation()
    {
        QFETCH(QString, what);
        QFETCH(QString, expected);
        ExperimentSpec spec = seedSpec(5);
        spec.runs = { runOf("a"), runOf("b", fixed83(TrainingMode::PostUpdate)) };
        if (what == "loss")
            spec.model.kind = "logistic";
        if (what == "task") {
            spec.model.kind = "logistic";
            spec.loss = "bce";
        }
        if (what == "model")
            spec.model.kind = "perceptron";
        if (what == "batch") {
            spec.optimizer.kind = "sgd";
            spec.optimizer.batchSize = 500;
        }
        if (what == "epochs")
            spec.training.epochs = 0;
        if (what == "quant")
            spec.runs[1].quantizer->bits = 0;
        if (what == "names")
            spec.runs[1].name = "a";
        if (what == "act")
            spec.runs[1].quantizer->activationBits = 4;
        if (what == "lr")
            spec.optimizer.lr = -1;
        try {
            Experiment exp(spec, dataFor(spec));
            QFAIL("the experiment must be refused");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith(expected), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
